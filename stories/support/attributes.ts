// Sets a story's args on an element as attributes, so every control in the panel changes the element
// the way the same attribute written in HTML would.
import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import { getCustomElements } from '@storybook/web-components-vite';

type Value = string | number | boolean | null | undefined;

interface ManifestDeclaration {
  tagName?: string;
  attributes?: { name: string }[];
}

/**
 * The attribute names custom-elements.json documents for `tag`, or `null` when the manifest does not
 * describe it (not generated yet, or an element it missed): then every plain arg is set, so a story
 * still works while its docs are missing.
 */
function documentedAttributes(tag: string): Set<string> | null {
  const manifest = getCustomElements() as
    { modules?: { declarations?: ManifestDeclaration[] }[] } | undefined;
  for (const module of manifest?.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.tagName === tag)
        return new Set(declaration.attributes?.map((attribute) => attribute.name));
    }
  }
  return null;
}

class AttributesDirective extends Directive {
  #applied = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT)
      throw new Error('attributes() belongs on an element: <tag ${attributes(args)}>');
  }

  render(_values: Record<string, unknown>) {
    return nothing;
  }

  override update(part: ElementPart, [values]: [Record<string, unknown>]) {
    const element = part.element;
    // Only documented attributes: a control for a property, an event or a slot is not an attribute.
    const known = documentedAttributes(element.localName);
    const next = new Set<string>();
    for (const [name, value] of Object.entries(values)) {
      if (known ? !known.has(name) : !['string', 'number', 'boolean'].includes(typeof value)) continue;
      const text = asAttribute(value as Value);
      if (text === null) continue;
      next.add(name);
      if (element.getAttribute(name) !== text) element.setAttribute(name, text);
    }
    for (const name of this.#applied) if (!next.has(name)) element.removeAttribute(name);
    this.#applied = next;
    return nothing;
  }
}

/** `false`, `null`, `undefined` and `''` leave the attribute out; `true` writes it empty, as in HTML. */
function asAttribute(value: Value): string | null {
  if (value === undefined || value === null || value === false || value === '') return null;
  if (value === true) return '';
  return String(value);
}

/** `<mqtt-subscribe ${attributes(args)}>`: each documented attribute in `args` set on the element. */
export const attributes = directive(AttributesDirective);

/**
 * For stories written as fixed HTML that show one thing on several elements: their args set nothing,
 * so the Controls panel is turned off rather than offering controls that do nothing.
 */
export const fixedHtml = { controls: { disable: true } };

// Stamps a <template> once per topic for wildcard fan-out, filling {{…}} placeholders as text only,
// and only where the sink policy (payload-sinks.ts) lets a payload go.

import {
  blockedCss,
  checkedSinkValue,
  isInertCss,
  refusedElement,
  sinkVerdict,
  type SinkCheck,
} from './payload-sinks.js';

const placeholder = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** A value the sink policy kept out of an attribute. */
export interface BlockedFill {
  sink: string;
  text: string;
  check: SinkCheck;
}

interface Hole {
  target: Text | Attr;
  source: string;
  check: SinkCheck;
}

/**
 * A template checked once against the sink policy: placeholders the policy refuses are taken out
 * (and listed in `refusals`), so every stamp made from it is safe to fill.
 */
export class PreparedTemplate {
  /** What was refused and why, one sentence each, for the element's error. */
  readonly refusals: string[] = [];
  readonly #content: DocumentFragment;

  constructor(readonly template: HTMLTemplateElement) {
    this.#content = template.content.cloneNode(true) as DocumentFragment;
    const walker = document.createTreeWalker(this.#content, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text) {
        if (!node.data.includes('{{')) continue;
        const parent = node.parentElement;
        const why = parent ? refusedElement(parent.localName) : undefined;
        if (why) {
          this.refusals.push(`a placeholder in the text of <${parent!.localName}> is left empty: ${why}`);
          node.data = '';
        }
      } else if (node instanceof Element) {
        for (const attr of Array.from(node.attributes)) {
          if (!attr.value.includes('{{')) continue;
          const why = refusedAttribute(node.localName, attr);
          if (why) {
            this.refusals.push(`${describe(node, attr)} is removed: ${why}`);
            node.removeAttribute(attr.name);
          }
        }
      }
    }
  }

  /** A fresh copy to mount and fill. */
  stamp(): TemplateStamp {
    return new TemplateStamp(this.#content.cloneNode(true) as DocumentFragment);
  }
}

/** Why a placeholder may not fill `attr` of an element named `localName`, or `undefined`. */
function refusedAttribute(localName: string, attr: Attr): string | undefined {
  const verdict = sinkVerdict(localName, attr.name);
  if (!verdict.allowed) return verdict.why;
  if (verdict.check === 'url') {
    const scheme = fixedScheme(attr.value);
    if (scheme === 'javascript:' || scheme === 'vbscript:') {
      return `the template's own ${scheme} URL would run the payload as code`;
    }
  }
  return undefined;
}

/**
 * The scheme the template's own text fixes before its first placeholder (`https://…/{{value}}`,
 * `data:image/png;base64,{{value}}`), or `undefined` when a payload could still choose it.
 */
function fixedScheme(source: string): string | undefined {
  const before = source.slice(0, source.indexOf('{{'));
  // eslint-disable-next-line no-control-regex -- the URL parser ignores these, so must we
  const match = /^[\u0000-\u0020]*([A-Za-z][\w+.-]*:)/.exec(before.replace(/[\t\n\r]/g, ''));
  return match ? match[1].toLowerCase() : undefined;
}

function describe(element: Element, attr: Attr): string {
  return `${attr.name}="${attr.value}" on <${element.localName}>`;
}

/** One copy of the template, kept so its placeholders can be refilled when the value changes. */
export class TemplateStamp {
  readonly nodes: Node[];
  readonly #holes: Hole[] = [];
  #fragment: DocumentFragment | undefined;

  constructor(fragment: DocumentFragment) {
    const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text) {
        if (node.data.includes('{{')) this.#holes.push({ target: node, source: node.data, check: 'none' });
      } else if (node instanceof Element) {
        for (const attr of Array.from(node.attributes)) {
          if (!attr.value.includes('{{')) continue;
          const verdict = sinkVerdict(node.localName, attr.name);
          // PreparedTemplate took refused ones out; a URL whose scheme the template fixes needs no check.
          let check: SinkCheck = verdict.allowed ? verdict.check : 'none';
          if (check === 'url' && fixedScheme(attr.value)) check = 'none';
          this.#holes.push({ target: attr, source: attr.value, check });
        }
      }
    }
    this.nodes = Array.from(fragment.childNodes);
    this.#fragment = fragment;
  }

  /** Inserts the stamp's nodes into `parent` (once). */
  mount(parent: Node): void {
    if (this.#fragment) {
      parent.appendChild(this.#fragment);
      this.#fragment = undefined;
    }
  }

  /**
   * Fills every placeholder from `values`; unknown names become empty text. Returns what the sink
   * policy blocked, if anything, so the element can say so.
   */
  fill(values: Record<string, string>): BlockedFill | undefined {
    let blocked: BlockedFill | undefined;
    for (const hole of this.#holes) {
      let inert = true;
      const text = hole.source.replace(placeholder, (_, name: string) => {
        // Own names only: {{constructor}} must not reach Object.prototype.
        const value = Object.hasOwn(values, name) ? values[name] : '';
        // A CSS value is checked piece by piece: the template's own `url(#gradient-{{1}})` is fine,
        // a payload's `url(…)` is not.
        if (hole.check === 'css' && !isInertCss(value)) inert = false;
        return value;
      });
      if (hole.target instanceof Text) {
        if (hole.target.data !== text) hole.target.data = text;
        continue;
      }
      const safe = !inert
        ? blockedCss
        : hole.check === 'url' || hole.check === 'name'
          ? checkedSinkValue(hole.check, text)
          : text;
      // A prefixed name is the policy working as documented, not a value withheld.
      if (safe !== text && hole.check !== 'name')
        blocked = { sink: hole.target.name, text, check: hole.check };
      if (hole.target.value !== safe) hole.target.value = safe;
    }
    return blocked;
  }

  /**
   * Puts `data-restored` on the copy's top-level elements while its value was kept from an earlier
   * visit (`persist`), so the page can style such rows; the template's own markup is left alone.
   */
  markRestored(restored: boolean): void {
    for (const node of this.nodes)
      if (node instanceof Element) node.toggleAttribute('data-restored', restored);
  }

  remove(): void {
    for (const node of this.nodes) node.parentNode?.removeChild(node);
  }
}

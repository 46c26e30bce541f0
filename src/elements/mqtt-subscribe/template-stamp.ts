// Stamps a <template> once per topic for wildcard fan-out, filling {{…}} placeholders as text only.

import { forbiddenSink, forbiddenTarget, safeSinkValue } from './payload-sinks.js';

const placeholder = /\{\{\s*([\w.-]+)\s*\}\}/g;

interface Hole {
  target: Text | Attr;
  source: string;
  /**
   * The template's own text names the URL scheme (`https://…/{{value}}`, `data:image/png;base64,{{value}}`):
   * a colon before the first placeholder ends the scheme, so no payload can change it.
   */
  schemeFixed: boolean;
}

/** One copy of the template, kept so its placeholders can be refilled when the value changes. */
export class TemplateStamp {
  readonly nodes: Node[];
  readonly #holes: Hole[] = [];

  constructor(template: HTMLTemplateElement) {
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text) {
        if (!node.data.includes('{{')) continue;
        // Placeholders in a <script> or <style> would turn a payload into code or CSS: left empty.
        if (node.parentElement && forbiddenTarget(node.parentElement)) node.data = '';
        else this.#holes.push({ target: node, source: node.data, schemeFixed: false });
      } else if (node instanceof Element) {
        for (const attr of Array.from(node.attributes)) {
          if (!attr.value.includes('{{')) continue;
          if (forbiddenSink(attr.name)) {
            // An event handler or srcdoc filled from a payload would run the payload: never fill it.
            node.removeAttribute(attr.name);
            continue;
          }
          const before = attr.value.slice(0, attr.value.indexOf('{{'));
          this.#holes.push({ target: attr, source: attr.value, schemeFixed: before.includes(':') });
        }
      }
    }
    this.nodes = Array.from(fragment.childNodes);
    this.#fragment = fragment;
  }

  #fragment: DocumentFragment | undefined;

  /** Inserts the stamp's nodes into `parent` (once). */
  mount(parent: Node): void {
    if (this.#fragment) {
      parent.appendChild(this.#fragment);
      this.#fragment = undefined;
    }
  }

  /** Fills every placeholder from `values`; unknown names become empty text. */
  fill(values: Record<string, string>): void {
    for (const hole of this.#holes) {
      // Own names only: {{constructor}} must not reach Object.prototype.
      const text = hole.source.replace(placeholder, (_, name: string) =>
        Object.hasOwn(values, name) ? values[name] : '',
      );
      if (hole.target instanceof Text) {
        if (hole.target.data !== text) hole.target.data = text;
      } else {
        const safe = hole.schemeFixed ? text : safeSinkValue(hole.target.name, text);
        if (hole.target.value !== safe) hole.target.value = safe;
      }
    }
  }

  remove(): void {
    for (const node of this.nodes) node.parentNode?.removeChild(node);
  }
}

// A JSON value drawn as a collapsible tree of <details>: every key and value reaches the DOM as text,
// never as markup. A closed level's entries are not drawn until it is opened, and the levels open at
// first stop after a budget of entries, so drawing a large document stays one short task.
import { html, nothing, type TemplateResult } from 'lit';

/** Levels open at first (the document itself and its entries) while the budget lasts. */
const openLevels = 2;
/** Entries drawn per object or array; the rest are summarised, so one payload cannot flood the DOM. */
const maxEntries = 500;
/** Entries drawn in open levels before further levels start closed. */
const initialBudget = 1_500;

export class JsonTreeView {
  /** Called when the reader opens or closes a level: the view must be drawn again. */
  readonly #changed: () => void;
  /** Levels the reader opened or closed, by the parsed object they show. */
  #toggled = new WeakMap<object, boolean>();
  #budget = 0;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  render(value: unknown): TemplateResult {
    this.#budget = initialBudget;
    return html`<div part="json" role="group" aria-label="JSON payload" tabindex="0">
      ${this.#entry(undefined, value, 0)}
    </div>`;
  }

  #entry(key: string | undefined, value: unknown, depth: number): TemplateResult {
    this.#budget--;
    const label = key === undefined ? nothing : html`<span part="json-key">${key}</span>: `;
    if (value === null || typeof value !== 'object') {
      // On one line: a leaf keeps its white space (a string value's spaces are data), so the template must not add any.
      const kind = `json-value json-${typeOf(value)}`;
      return html`<div part="json-leaf">${label}<span part=${kind}>${JSON.stringify(value)}</span></div>`;
    }
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    const open = this.#toggled.get(object) ?? (depth < openLevels && this.#budget > 0);
    return html`<details
      ?open=${open}
      @toggle=${(event: Event) => {
        const now = (event.currentTarget as HTMLDetailsElement).open;
        if (now === open) return;
        this.#toggled.set(object, now);
        this.#changed();
      }}
    >
      <summary>${label}${openMark}<span part="json-count">${count(keys.length)}</span>${closeMark}</summary>
      ${open ? this.#children(object, keys, depth) : nothing}
    </details>`;
  }

  #children(object: Record<string, unknown>, keys: string[], depth: number): TemplateResult {
    const shown = keys.slice(0, maxEntries);
    return html`<div part="json-children">
      ${shown.map((key) => this.#entry(key, object[key], depth + 1))}
      ${
        keys.length > shown.length
          ? html`<div part="json-more">… ${keys.length - shown.length} more</div>`
          : nothing
      }
    </div>`;
  }
}

function count(entries: number): string {
  return ` ${entries} ${entries === 1 ? 'entry' : 'entries'} `;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

// A JSON value drawn as a collapsible tree of <details>: every key and value reaches the DOM as text,
// never as markup.
import { html, nothing, type TemplateResult } from 'lit';

/** Levels open at first; deeper objects start collapsed so a big document stays readable. */
const openLevels = 2;
/** Entries drawn per object or array; the rest are summarised, so one payload cannot flood the DOM. */
const maxEntries = 500;

export function renderJsonTree(value: unknown): TemplateResult {
  return html`<div part="json" role="group" aria-label="JSON payload" tabindex="0">
    ${entry(undefined, value, 0)}
  </div>`;
}

function entry(key: string | undefined, value: unknown, depth: number): TemplateResult {
  const label = key === undefined ? nothing : html`<span part="json-key">${key}</span>: `;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value as Record<string, unknown>);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    const shown = entries.slice(0, maxEntries);
    return html`<details ?open=${depth < openLevels}>
      <summary>${label}${open}<span part="json-count">${count(entries.length)}</span>${close}</summary>
      <div part="json-children">
        ${shown.map(([childKey, child]) => entry(childKey, child, depth + 1))}
        ${
          entries.length > shown.length
            ? html`<div part="json-more">… ${entries.length - shown.length} more</div>`
            : nothing
        }
      </div>
    </details>`;
  }
  return html`<div part="json-leaf">
    ${label}<span part=${`json-value json-${typeOf(value)}`}>${JSON.stringify(value)}</span>
  </div>`;
}

function count(entries: number): string {
  return ` ${entries} ${entries === 1 ? 'entry' : 'entries'} `;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

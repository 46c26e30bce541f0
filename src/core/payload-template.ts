// Builds an outgoing payload from a template such as `{"brightness": {{value}}}`, filling the value
// as data: in a JSON template it is JSON-encoded, so no value can change the document's shape.

const valuePlaceholder = /\{\{\s*value\s*\}\}/g;
/** The same placeholder, matched only where the scan stands. */
const valueAt = /\{\{\s*value\s*\}\}/y;

/**
 * Fills `{{value}}` in `template`. When the template is JSON (starts with `{` or `[`, not `{{`), a placeholder
 * inside a string literal (`"{{value}}"`, `"Lamp: {{value}}"`) gets the value's text escaped for that
 * string, and a bare `{{value}}` becomes a JSON number, boolean, string or object; otherwise the value is
 * inserted as plain text.
 */
export function fillPayloadTemplate(template: string, value: unknown): string {
  // "{{value}} %" opens with a placeholder, not a JSON object: it is a text template.
  if (!/^\s*(?:\[|\{(?!\{))/.test(template)) return template.replace(valuePlaceholder, () => textOf(value));

  // Whether a placeholder stands inside a string literal decides its encoding, and only a scan that
  // follows the template's quotes and escapes can tell: `"a {{value}}"` is inside, `{{value}}` is not.
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && inString) {
      i++; // the escaped character cannot open or close anything
    } else if (c === '"') {
      inString = !inString;
    } else if (c === '{') {
      valueAt.lastIndex = i;
      const match = valueAt.exec(template);
      if (!match) continue;
      const filled = inString
        ? JSON.stringify(textOf(value)).slice(1, -1)
        : (JSON.stringify(value ?? null) ?? 'null');
      out += template.slice(copied, i) + filled;
      i += match[0].length - 1;
      copied = i + 1;
    }
  }
  return out + template.slice(copied);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

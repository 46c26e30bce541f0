// Builds an outgoing payload from a template such as `{"brightness": {{value}}}`, filling the value
// as data: in a JSON template it is JSON-encoded, so no value can change the document's shape.

const valuePlaceholder = /("?)\{\{\s*value\s*\}\}("?)/g;

/**
 * Fills `{{value}}` in `template`. When the template is JSON (starts with `{` or `[`), a quoted
 * `"{{value}}"` becomes a JSON string and a bare `{{value}}` becomes a JSON number, boolean or string;
 * otherwise the value is inserted as plain text.
 */
export function fillPayloadTemplate(template: string, value: unknown): string {
  const json = /^\s*[[{]/.test(template);
  return template.replace(valuePlaceholder, (_match, open: string, close: string) => {
    if (!json) return `${open}${textOf(value)}${close}`;
    if (open && close) return JSON.stringify(textOf(value));
    return `${open}${JSON.stringify(value ?? null)}${close}`;
  });
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Builds an outgoing payload from a template such as `{"brightness": {{value|int}}}`, filling values
// as data: in a JSON template they are JSON-encoded, so no value can change the document's shape.

/** A placeholder: a name and an optional conversion, `{{value}}`, `{{ value | int }}`, `{{id}}`. */
const placeholderAt = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*([a-z]+)\s*)?\}\}/y;
const placeholderAnywhere = new RegExp(placeholderAt.source, 'g');

/** The conversions a placeholder may ask for, so a number is sent as a number whatever its source. */
export const templateConversions = ['int', 'float', 'number', 'bool', 'string', 'json'] as const;
export type TemplateConversion = (typeof templateConversions)[number];

/** A template asked for a conversion its value cannot take (`{{value|int}}` with "abc"). */
export class PayloadTemplateError extends Error {
  override name = 'PayloadTemplateError';
}

/**
 * Fills `{{value}}` (and any other name in `values`, such as `{{id}}`) in `template`. A placeholder may
 * convert its value: `|int`, `|float` (or `|number`), `|bool`, `|string`, `|json` (parse text as JSON).
 * When the template is JSON (starts with `{`, `[` or `"`, not `{{`), a placeholder inside a string literal
 * (`"{{value}}"`, `"Lamp: {{value}}"`) gets the value's text escaped for that string, and a bare one
 * becomes a JSON number, boolean, string or object; otherwise values are inserted as plain text.
 * Placeholders with other names are left as they are. Throws a PayloadTemplateError when a conversion
 * fails.
 */
export function fillPayloadTemplate(
  template: string,
  value: unknown,
  values: Readonly<Record<string, unknown>> = {},
): string {
  const lookup = (name: string): { found: boolean; value: unknown } =>
    name === 'value'
      ? { found: true, value }
      : Object.hasOwn(values, name)
        ? { found: true, value: values[name] }
        : { found: false, value: undefined };

  // "{{value}} %" opens with a placeholder, not a JSON object: it is a text template. A template that
  // opens with a quote is a JSON string ('"{{value}}"'): its value is escaped like any string's.
  if (!/^\s*(?:\[|\{(?!\{)|")/.test(template)) {
    return template.replace(placeholderAnywhere, (whole, name: string, conversion?: string) => {
      const found = lookup(name);
      return found.found ? textOf(convert(found.value, conversion, name)) : whole;
    });
  }

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
      placeholderAt.lastIndex = i;
      const match = placeholderAt.exec(template);
      if (!match) continue;
      const found = lookup(match[1]!);
      if (!found.found) {
        i += match[0].length - 1;
        continue;
      }
      const converted = convert(found.value, match[2], match[1]!);
      const filled = inString
        ? JSON.stringify(textOf(converted)).slice(1, -1)
        : (JSON.stringify(converted ?? null) ?? 'null');
      out += template.slice(copied, i) + filled;
      i += match[0].length - 1;
      copied = i + 1;
    }
  }
  return out + template.slice(copied);
}

/** Checks a template's conversions without filling it, so a typo is reported when it is set. */
export function payloadTemplateProblem(template: string): string | undefined {
  placeholderAnywhere.lastIndex = 0;
  for (const match of template.matchAll(placeholderAnywhere)) {
    const conversion = match[2];
    if (conversion && !(templateConversions as readonly string[]).includes(conversion)) {
      return (
        `payload-template: "${match[0]}" asks for an unknown conversion "${conversion}"; use one of ` +
        `${templateConversions.join(', ')}.`
      );
    }
  }
  // A pipe that did not make a placeholder, such as {{value|Int}} or {{value | round(1)}}.
  const unreadable = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\|[^}]*\}\}/.exec(
    template.replace(placeholderAnywhere, ''),
  );
  if (unreadable) {
    return `payload-template: "${unreadable[0]}" is not a placeholder; write {{value}} or {{value|int}} (lower case, one conversion).`;
  }
  return undefined;
}

function convert(value: unknown, conversion: string | undefined, name: string): unknown {
  if (conversion === undefined) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : textOf(value);
  switch (conversion) {
    case 'int':
    case 'float':
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'boolean'
            ? Number(value)
            : Number(textOf(value).trim());
      if (typeof value === 'string' && value.trim() === '')
        throw fail(name, conversion, shown, 'it is empty');
      if (!Number.isFinite(n)) throw fail(name, conversion, shown, 'it is not a number');
      return conversion === 'int' ? Math.round(n) : n;
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const text = textOf(value).trim().toLowerCase();
      if (['true', 'on', '1', 'yes'].includes(text)) return true;
      if (['false', 'off', '0', 'no'].includes(text)) return false;
      throw fail(name, conversion, shown, 'it is none of true/false, on/off, 1/0, yes/no');
    }
    case 'string':
      return textOf(value);
    case 'json': {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw fail(name, conversion, shown, 'it is not JSON');
      }
    }
    default:
      throw new PayloadTemplateError(
        `{{${name}|${conversion}}}: unknown conversion "${conversion}"; use one of ${templateConversions.join(', ')}.`,
      );
  }
}

function fail(name: string, conversion: string, shown: string, why: string): PayloadTemplateError {
  return new PayloadTemplateError(`{{${name}|${conversion}}} cannot use ${shown}: ${why}. Nothing was sent.`);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

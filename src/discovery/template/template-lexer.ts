// Splits a Jinja template into text, output (`{{ }}`) and statement (`{% %}`) parts, and the code of
// those parts into tokens. Comments (`{# #}`) and whitespace control (`{{-`, `-%}`) are handled here.
import { TemplateError } from './template-error.js';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** The name, the operator, or the string's decoded text; numbers as written. */
  text: string;
  /** For numbers, the value. */
  number?: number;
  /** Offset in the template, for messages. */
  at: number;
}

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'output'; tokens: Token[]; at: number }
  | { kind: 'statement'; tokens: Token[]; at: number };

const opener = /\{\{|\{%|\{#/g;

/** Splits the template source into segments; throws a TemplateError on an unclosed tag. */
export function splitTemplate(source: string): Segment[] {
  const segments: Segment[] = [];
  let textStart = 0;
  let trimNextText = false;
  opener.lastIndex = 0;
  for (let match = opener.exec(source); match; match = opener.exec(source)) {
    const start = match.index;
    const kind = match[0];
    const closer = kind === '{{' ? '}}' : kind === '{%' ? '%}' : '#}';
    const end = source.indexOf(closer, start + 2);
    if (end < 0) {
      throw new TemplateError(`"${kind}" at character ${start + 1} is never closed with "${closer}".`);
    }
    let inner = source.slice(start + 2, end);
    const trimBefore = inner.startsWith('-');
    const trimAfter = inner.endsWith('-');
    if (trimBefore) inner = inner.slice(1);
    if (trimAfter) inner = inner.slice(0, -1);
    pushText(source.slice(textStart, start), trimNextText, trimBefore);
    trimNextText = trimAfter;
    textStart = end + 2;
    opener.lastIndex = textStart;
    if (kind === '{#') continue;
    const tokens = tokenize(inner, start + 2 + (trimBefore ? 1 : 0));
    segments.push({ kind: kind === '{{' ? 'output' : 'statement', tokens, at: start });
  }
  pushText(source.slice(textStart), trimNextText, false);
  return segments;

  function pushText(text: string, trimStart: boolean, trimEnd: boolean) {
    if (trimStart) text = text.trimStart();
    if (trimEnd) text = text.trimEnd();
    if (text) segments.push({ kind: 'text', text });
  }
}

// Longest first, so `**` is not read as two `*`.
const operators = [
  '//',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '|',
  ':',
  '~',
  '{',
  '}',
  '=',
];
const nameStart = /[A-Za-z_]/;
const namePart = /[A-Za-z0-9_]/;
const digit = /[0-9]/;
const escapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

/** The tokens of the code inside one `{{ }}` or `{% %}`; `at` is where that code starts in the template. */
export function tokenize(code: string, at = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (nameStart.test(c)) {
      const start = i;
      while (i < code.length && namePart.test(code[i]!)) i++;
      tokens.push({ kind: 'name', text: code.slice(start, i), at: at + start });
    } else if (digit.test(c)) {
      const start = i;
      while (i < code.length && /[0-9_]/.test(code[i]!)) i++;
      // A dot followed by a digit continues the number; `1.real` would be an attribute, which we refuse later.
      if (code[i] === '.' && digit.test(code[i + 1] ?? '')) {
        i++;
        while (i < code.length && /[0-9_]/.test(code[i]!)) i++;
      }
      if (/[eE]/.test(code[i] ?? '') && /[-+0-9]/.test(code[i + 1] ?? '')) {
        i += 2;
        while (i < code.length && digit.test(code[i]!)) i++;
      }
      const text = code.slice(start, i);
      tokens.push({ kind: 'number', text, number: Number(text.replaceAll('_', '')), at: at + start });
    } else if (c === "'" || c === '"') {
      const start = i;
      let text = '';
      i++;
      while (i < code.length && code[i] !== c) {
        if (code[i] === '\\' && i + 1 < code.length) {
          const next = code[i + 1]!;
          text += escapes[next] ?? `\\${next}`;
          i += 2;
        } else {
          text += code[i];
          i++;
        }
      }
      if (i >= code.length) {
        throw new TemplateError(`The string starting at character ${at + start + 1} is never closed.`);
      }
      i++;
      tokens.push({ kind: 'string', text, at: at + start });
    } else {
      const op = operators.find((o) => code.startsWith(o, i));
      if (!op) throw new TemplateError(`Unexpected character "${c}" at character ${at + i + 1}.`);
      tokens.push({ kind: 'op', text: op, at: at + i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', at: at + code.length });
  return tokens;
}

// How template values behave, as in Jinja (which follows Python): truth, text, equality and order.
// Values are JSON data (null, booleans, numbers, strings, arrays, plain objects) or `Undefined`.
import { TemplateError, templateLimits } from './template-error.js';

/** What a missing name, key or index gives: it renders as nothing, and a filter like `default` replaces it. */
export class Undefined {
  /** What was looked up, for messages: `value_json.temp`. */
  constructor(readonly what: string) {}
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}

/** A JSON object (not an array); the only kind of object a template can read keys of. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUndefined(value);
}

/** Python's truth: empty text, lists and objects, 0, None, False and undefined are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || isUndefined(value)) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value as object).length > 0;
}

/** A value as Jinja prints it: `True`, `None`, numbers without a trailing `.0`, lists and objects as JSON. */
export function textOf(value: unknown): string {
  if (value === null) return 'None';
  if (value === undefined || isUndefined(value)) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  return limitText(JSON.stringify(value));
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

export function limitText(text: string): string {
  if (text.length > templateLimits.maxOutput) {
    throw new TemplateError(`The template's result is longer than ${templateLimits.maxOutput} characters.`);
  }
  return text;
}

/** `a == b` as Python: numbers and booleans compare by value (`True == 1`), lists and objects by content. */
export function equal(a: unknown, b: unknown): boolean {
  if (isUndefined(a) || isUndefined(b)) return isUndefined(a) && isUndefined(b);
  if (typeof a === 'boolean') a = Number(a);
  if (typeof b === 'boolean') b = Number(b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** `a < b` and friends: numbers with numbers, text with text; anything else is an error, as in Python. */
export function order(a: unknown, b: unknown, op: '<' | '<=' | '>' | '>='): boolean {
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  if (!(
    (typeof x === 'number' && typeof y === 'number') ||
    (typeof x === 'string' && typeof y === 'string')
  )) {
    throw new TemplateError(`Cannot compare ${describe(a)} with ${describe(b)} using "${op}".`);
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** A value named for a message: its kind and, when short, the value itself. */
export function describe(value: unknown): string {
  if (isUndefined(value)) return `undefined (${value.what})`;
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : textOf(value);
  return `${typeof value === 'string' ? 'text' : typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

// The whitelist: every filter, test, function and method a template may use. Anything else is refused
// by name. Conversions follow Home Assistant's: `float`, `int` and `bool` fail without a default instead
// of quietly giving 0, so a broken payload shows as an error rather than as a wrong reading.
import { TemplateError } from './template-error.js';
import { describe, equal, isMapping, isUndefined, limitText, textOf, truthy } from './template-values.js';

type Fn = (value: unknown, args: unknown[]) => unknown;

export function toFloat(value: unknown, args: unknown[], what = 'float'): number {
  const number = numberOf(value);
  if (number !== undefined) return number;
  if (args.length > 0) return args[0] as number;
  throw new TemplateError(`${what}: ${describe(value)} is not a number, and no default was given.`);
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (/^[-+]?(\d[\d_]*\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text)) return Number(text.replaceAll('_', ''));
    if (/^[-+]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(text)) return NaN;
  }
  return undefined;
}

export function toInt(value: unknown, args: unknown[], what = 'int'): number {
  const base = args[1];
  if (typeof value === 'string' && typeof base === 'number' && base !== 10) {
    const digits = value
      .trim()
      .toLowerCase()
      .replace(/^0[xob]/, '');
    const parsed = parseInt(digits, base);
    if (!Number.isNaN(parsed)) return parsed;
  } else {
    const number = numberOf(value);
    if (number !== undefined && Number.isFinite(number)) return Math.trunc(number);
  }
  if (args.length > 0) return args[0] as number;
  throw new TemplateError(`${what}: ${describe(value)} is not a whole number, and no default was given.`);
}

export function toBool(value: unknown, args: unknown[]): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (['true', 'yes', 'on', 'enable', '1'].includes(text)) return true;
    if (['false', 'no', 'off', 'disable', '0', 'none'].includes(text)) return false;
  }
  if (value === null) return false;
  if (args.length > 0) return args[0] as boolean;
  throw new TemplateError(`bool: ${describe(value)} is neither true nor false, and no default was given.`);
}

function round(value: unknown, args: unknown[]): number {
  const number = numberOf(value);
  if (number === undefined) {
    if (args.length > 2) return args[2] as number;
    throw new TemplateError(`round: ${describe(value)} is not a number.`);
  }
  const precision = args[0] === undefined ? 0 : toInt(args[0], [], 'round precision');
  const method = args[1] ?? 'common';
  const scale = 10 ** precision;
  switch (method) {
    case 'common':
      // Half away from zero, on the decimal text, so 2.675 rounds the way it reads.
      return (
        Math.sign(number) * Number(Math.round(Number(`${Math.abs(number)}e${precision}`)) + `e-${precision}`)
      );
    case 'ceil':
      return Math.ceil(number * scale) / scale;
    case 'floor':
      return Math.floor(number * scale) / scale;
    case 'half':
      return Math.round(number * 2) / 2;
    default:
      throw new TemplateError(
        `round: the method must be "common", "ceil", "floor" or "half", not ${describe(method)}.`,
      );
  }
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TemplateError(`${what} needs text, not ${describe(value)}.`);
  return value;
}

function sequence(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateError(`${what} needs a list or text, not ${describe(value)}.`);
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

function extreme(values: unknown[], pick: (a: number, b: number) => number, what: string): unknown {
  if (values.length === 0) throw new TemplateError(`${what} of an empty list.`);
  return values.reduce((a, b) => {
    if (typeof a !== typeof b)
      throw new TemplateError(`${what}: cannot compare ${describe(a)} with ${describe(b)}.`);
    return (pick(a as number, b as number) === a ? a : b) as unknown;
  });
}

function replace(value: unknown, args: unknown[]): string {
  const source = textOf(value);
  const old = textOf(args[0]);
  const replacement = textOf(args[1]);
  if (old === '') throw new TemplateError('replace: the text to replace must not be empty.');
  if (source.length * Math.max(1, replacement.length) > 1e7) {
    throw new TemplateError('replace: the result would be too long.');
  }
  return limitText(source.split(old).join(replacement));
}

function fromJson(value: unknown): unknown {
  try {
    return JSON.parse(text(value, 'from_json'));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`from_json: ${describe(value)} is not JSON.`);
  }
}

export const filters: Record<string, Fn> = {
  float: (v, a) => toFloat(v, a),
  int: (v, a) => toInt(v, a),
  bool: (v, a) => toBool(v, a),
  round,
  abs: (v) => Math.abs(toFloat(v, [], 'abs')),
  default: (v, a) => (isUndefined(v) || (a[1] === true && !truthy(v)) ? (a[0] ?? '') : v),
  is_defined: (v) => {
    if (isUndefined(v)) throw new TemplateError(`is_defined: ${v.what} is not defined.`);
    return v;
  },
  is_number: (v) => {
    const n = numberOf(v);
    return n !== undefined && Number.isFinite(n);
  },
  lower: (v) => textOf(v).toLowerCase(),
  upper: (v) => textOf(v).toUpperCase(),
  capitalize: (v) => capitalize(textOf(v)),
  title: (v) => textOf(v).replace(/\w\S*/g, capitalize),
  trim: (v) => textOf(v).trim(),
  string: (v) => textOf(v),
  replace,
  length: (v) => sequence(v, 'length').length,
  first: (v) => sequence(v, 'first')[0],
  last: (v) => sequence(v, 'last').at(-1),
  join: (v, a) =>
    limitText(
      sequence(v, 'join')
        .map(textOf)
        .join(a[0] === undefined ? '' : textOf(a[0])),
    ),
  min: (v) => extreme(sequence(v, 'min'), Math.min, 'min'),
  max: (v) => extreme(sequence(v, 'max'), Math.max, 'max'),
  tojson: (v) => limitText(JSON.stringify(isUndefined(v) ? null : v)),
  from_json: fromJson,
};
filters.d = filters.default!;
filters.count = filters.length!;
filters.to_json = filters.tojson!;

export const tests: Record<string, Fn> = {
  defined: (v) => !isUndefined(v),
  undefined: (v) => isUndefined(v),
  none: (v) => v === null,
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  mapping: (v) => isMapping(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  eq: (v, a) => equal(v, a[0]),
  even: (v) => toInt(v, [], 'even') % 2 === 0,
  odd: (v) => Math.abs(toInt(v, [], 'odd') % 2) === 1,
};
tests.equalto = tests.eq!;

/** Functions a template may call by name: Home Assistant's conversions, `min`, `max` and `iif`. */
export const functions: Record<string, (args: unknown[]) => unknown> = {
  float: ([v, ...rest]) => toFloat(v, rest),
  int: ([v, ...rest]) => toInt(v, rest),
  bool: ([v, ...rest]) => toBool(v, rest),
  is_number: ([v]) => filters.is_number!(v, []),
  min: (args) => extreme(args.length === 1 ? sequence(args[0], 'min') : args, Math.min, 'min'),
  max: (args) => extreme(args.length === 1 ? sequence(args[0], 'max') : args, Math.max, 'max'),
  iif: ([condition, ifTrue = true, ifFalse = false]) => (truthy(condition) ? ifTrue : ifFalse),
};

/** Methods by the kind of value they belong to; a method is only reachable as a call. */
export const methods: Record<'string' | 'mapping', Record<string, Fn>> = {
  string: {
    lower: (v) => (v as string).toLowerCase(),
    upper: (v) => (v as string).toUpperCase(),
    strip: (v, a) => stripChars(v as string, a[0]),
    title: (v) => filters.title!(v, []),
    capitalize: (v) => capitalize(v as string),
    startswith: (v, a) => (v as string).startsWith(text(a[0], 'startswith')),
    endswith: (v, a) => (v as string).endsWith(text(a[0], 'endswith')),
    replace: (v, a) => replace(v, a),
    split: (v, a) => {
      const separator = a[0] === undefined || a[0] === null ? undefined : text(a[0], 'split');
      if (separator === '') throw new TemplateError('split: the separator must not be empty.');
      return separator === undefined
        ? (v as string).trim().split(/\s+/).filter(Boolean)
        : (v as string).split(separator);
    },
  },
  mapping: {
    get: (v, a) => {
      const key = a[0];
      return typeof key === 'string' && Object.hasOwn(v as object, key)
        ? (v as Record<string, unknown>)[key]
        : (a[1] ?? null);
    },
  },
};

function stripChars(value: string, chars: unknown): string {
  if (chars === undefined || chars === null) return value.trim();
  const set = text(chars, 'strip');
  let start = 0;
  let end = value.length;
  while (start < end && set.includes(value[start]!)) start++;
  while (end > start && set.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

// The value pipeline every element runs on a message: decode the payload, select a field, map it, format it.
//
// Callers parse their configuration once (select path, value map, duration) and then call the per-message
// functions, which do no parsing and create no objects beyond the value itself.
import { NUMERIC } from './attribute-values.js';

import { MqttElementsError } from './errors.js';
import { numberFormat as cachedNumberFormat } from './intl-formats.js';

/** How the bytes of a payload are read. `auto` is JSON when the payload parses as JSON, text otherwise. */
export type PayloadFormat = 'auto' | 'text' | 'json' | 'number' | 'boolean' | 'hex' | 'base64';

/** The pipeline step that failed: reading the bytes, finding the field, or mapping the value. */
export type PayloadStep = 'decode' | 'select' | 'map';

/**
 * A message the pipeline could not turn into a value; the message says what happened and what to do.
 * Its code is `payload`, like every payload problem an element reports.
 */
export class PayloadError extends MqttElementsError {
  readonly step: PayloadStep;
  /** The topic of the message, when known. */
  readonly topic: string | undefined;

  constructor(message: string, step: PayloadStep, topic?: string) {
    super('payload', message);
    this.name = 'PayloadError';
    this.step = step;
    this.topic = topic;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Decode

// One decoder for every message. Not `fatal`: broken UTF-8 becomes U+FFFD rather than losing the message.
// It also reads the ASCII that the hex and base64 encoders below write, which is faster than joining strings.
const utf8 = new TextDecoder('utf-8');

// Plain decimal notation only (NUMERIC, the library's one numeric pattern): `Number()` alone would also
// accept '', ' ', '0x1f' and 'Infinity', none of which a sensor means as a reading.

const TRUE_WORDS = new Set(['true', '1', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'off', 'no']);

// Characters a JSON text can start with (after whitespace). Checking first avoids building and throwing an
// exception for every plain-text payload in `auto` mode, which on a busy topic is most of the cost.
const JSON_START = new Set([
  '{',
  '[',
  '"',
  '-',
  't',
  'f',
  'n',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
]);

/**
 * Turns the bytes of a message into a value.
 *
 * - `auto`: the parsed JSON when the payload is valid JSON, otherwise the text. An empty payload gives `''`
 *   (in every format that yields text, and in `auto`): MQTT uses empty retained messages to clear a topic,
 *   and an empty string renders as nothing rather than as an error.
 * - `text`: UTF-8 text; invalid sequences become U+FFFD instead of failing.
 * - `json`: parsed JSON; throws {@link PayloadError} when it does not parse (an empty payload included).
 * - `number`: decimal text such as `21.5`, `-3`, `1e3`, surrounding whitespace ignored; throws otherwise.
 * - `boolean`: true/false, 1/0, on/off, yes/no in any case; throws otherwise.
 * - `hex`: lowercase bytes separated by spaces, e.g. `de ad be ef`.
 * - `base64`: standard base64 with padding.
 */
export function decodePayload(payload: Uint8Array, as: PayloadFormat, topic: string): unknown {
  switch (as) {
    case 'auto': {
      const text = utf8.decode(payload);
      return looksLikeJson(text) ? parseJsonOr(text, text) : text;
    }
    case 'text':
      return utf8.decode(payload);
    case 'json': {
      const text = utf8.decode(payload);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        const why = text.trim() === '' ? 'it is empty' : shortJsonError(error);
        throw new PayloadError(
          `Payload on "${topic}" is not valid JSON (${why}): check the publisher, or set as="text".`,
          'decode',
          topic,
        );
      }
    }
    case 'number': {
      const text = utf8.decode(payload).trim();
      if (NUMERIC.test(text)) return Number(text);
      throw new PayloadError(
        `${quote(text)} is not a number (payload on "${topic}"): check the publisher, or set as="text".`,
        'decode',
        topic,
      );
    }
    case 'boolean': {
      const word = utf8.decode(payload).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new PayloadError(
        `${quote(word)} is not a boolean (payload on "${topic}"): expected true/false, 1/0, on/off or yes/no, or set as="text".`,
        'decode',
        topic,
      );
    }
    case 'hex':
      return toHex(payload);
    case 'base64':
      return toBase64(payload);
    default:
      // Reached only from untyped callers (an attribute value passed straight through).
      throw new PayloadError(
        `Unknown payload format "${String(as)}": use auto, text, json, number, boolean, hex or base64.`,
        'decode',
        topic,
      );
  }
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    return JSON_START.has(c);
  }
  return false;
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

// Engines quote a slice of the input in their message; keep the part that names the problem.
function shortJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const comma = message.indexOf(', ');
  const head = comma > 0 ? message.slice(0, comma) : message;
  const short = head.length > 80 ? head.slice(0, 80) : head;
  return short.length < message.length ? `${short}…` : short;
}

// A payload quoted in a message: long or multi-line payloads would swamp the status line.
function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine);
}

const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

function toHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  const out = new Uint8Array(bytes.length * 3 - 1);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out[o++] = 0x20;
    const b = bytes[i];
    out[o++] = HEX_DIGITS[b >> 4];
    out[o++] = HEX_DIGITS[b & 15];
  }
  return utf8.decode(out);
}

const BASE64_DIGITS = new Uint8Array(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c) => c.charCodeAt(0)),
);
const PAD = 0x3d; // '='

function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = BASE64_DIGITS[n >> 18];
    out[o++] = BASE64_DIGITS[(n >> 12) & 63];
    out[o++] = BASE64_DIGITS[(n >> 6) & 63];
    out[o++] = BASE64_DIGITS[n & 63];
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = (bytes[whole] << 16) | (rest === 2 ? bytes[whole + 1] << 8 : 0);
    out[o++] = BASE64_DIGITS[n >> 18];
    out[o++] = BASE64_DIGITS[(n >> 12) & 63];
    out[o++] = rest === 2 ? BASE64_DIGITS[(n >> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  return utf8.decode(out);
}

// ---------------------------------------------------------------------------------------------------------
// Select

/** A parsed select path: property names and array indexes, outermost first. Empty selects the whole value. */
export type SelectPath = (string | number)[];

/**
 * Parses a select path once, so that {@link selectValue} does no parsing per message.
 *
 * Two notations:
 * - dotted, with brackets for indexes and awkward names: `data.readings[0].value`, `['key with.dot']`,
 *   `["a \"quoted\" key"]`; a leading `$` or `$.` (JSONPath habit) is ignored;
 * - JSON Pointer (RFC 6901), recognised by its leading `/`: `/data/readings/0/value`, where `~1` stands
 *   for `/` and `~0` for `~`.
 *
 * An empty path (or `$`) selects the whole value. Throws an Error that points at the mistake.
 */
export function parseSelectPath(path: string): SelectPath {
  const text = path.trim();
  if (text.startsWith('/')) return parsePointer(text);
  if (text === '' || text === '$') return [];
  return parseDotted(text);
}

function parsePointer(path: string): SelectPath {
  return path
    .slice(1)
    .split('/')
    .map((token, i) => {
      if (/~[^01]|~$/.test(token)) {
        throw new Error(
          `select="${path}": part ${i + 1} ("${token}") has a "~" not followed by 0 or 1; in a JSON Pointer write ~0 for "~" and ~1 for "/".`,
        );
      }
      // ~1 first: the RFC's order, so that "~01" means the key "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function parseDotted(text: string): SelectPath {
  const segments: SelectPath = [];
  let i = 0;
  if (text.startsWith('$.')) i = 2;
  else if (text.startsWith('$[')) i = 1;
  const fail = (what: string): never => {
    throw new Error(
      `select="${text}": ${what} at position ${i + 1}. Write names separated by dots and indexes in brackets, e.g. data.readings[0].value, or ['key with.dot'].`,
    );
  };
  let expectName = true; // at the start and after a dot a name (or bracket) must follow
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      i++;
      const q = text[i];
      if (q === "'" || q === '"') {
        let key = '';
        i++;
        while (i < text.length && text[i] !== q) {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          key += text[i++];
        }
        if (i >= text.length) fail(`unclosed quote ${q}`);
        i++;
        if (text[i] !== ']') fail('expected "]" after the quoted name');
        segments.push(key);
      } else {
        const close = text.indexOf(']', i);
        if (close < 0) fail('unclosed "["');
        const inside = text.slice(i, close).trim();
        if (!/^\d+$/.test(inside)) fail(`"[${inside}]" is not an index; quote names: ['${inside}']`);
        segments.push(Number(inside));
        i = close;
      }
      i++; // past ']'
      expectName = false;
    } else if (c === '.') {
      if (expectName) fail('empty name');
      i++;
      expectName = true;
      if (i >= text.length) fail('empty name after the last dot');
    } else {
      if (!expectName) fail(`expected "." or "[" before "${c}"`);
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      segments.push(text.slice(i, end));
      i = end;
      expectName = false;
    }
  }
  return segments;
}

/** Writes a parsed path back in dotted notation, for messages. */
function describePath(path: SelectPath, upTo = path.length): string {
  let out = '';
  for (let i = 0; i < upTo; i++) {
    const segment = path[i];
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[^.[\]'"\s]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Picks the field a path names out of a decoded value. Pass a path from {@link parseSelectPath} on the
 * per-message path; a string is accepted for one-off calls and is parsed each time.
 *
 * Only own properties are followed, so `__proto__`, `constructor` or `toString` reach a field only when the
 * message itself has one by that name, never Object.prototype. A numeric string indexes an array, so the
 * JSON Pointer `/readings/0` works. Throws {@link PayloadError} (step `select`) when a field is missing.
 */
export function selectValue(value: unknown, path: SelectPath | string, topic: string): unknown {
  const segments = typeof path === 'string' ? parseSelectPath(path) : path;
  let current = value;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : arrayIndex(segment);
      if (index !== undefined && index < current.length) {
        current = current[index];
        continue;
      }
    } else if (typeof current === 'object' && current !== null) {
      const key = String(segment);
      if (Object.hasOwn(current, key)) {
        current = (current as Record<string, unknown>)[key];
        continue;
      }
    }
    throw missingField(segments, i, current, topic);
  }
  return current;
}

function arrayIndex(segment: string): number | undefined {
  return /^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
}

function missingField(path: SelectPath, at: number, parent: unknown, topic: string): PayloadError {
  const parentName = at === 0 ? 'it' : `"${describePath(path, at)}"`;
  let what: string;
  if (Array.isArray(parent)) {
    what = `${parentName} is a list of ${parent.length} item${parent.length === 1 ? '' : 's'}`;
  } else if (typeof parent === 'object' && parent !== null) {
    const keys = Object.keys(parent);
    const shown = keys.slice(0, 12).join(', ');
    what =
      keys.length === 0
        ? `${parentName} is an empty object`
        : `${parentName} has: ${shown}${keys.length > 12 ? `, …and ${keys.length - 12} more` : ''}`;
  } else if (at === 0 && typeof parent === 'string') {
    what = 'the message is text, not JSON';
  } else {
    what = `${parentName} is ${parent === null ? 'null' : `a ${typeof parent}`}`;
  }
  return new PayloadError(
    `"${describePath(path)}" is not in the message on "${topic}" (${what})`,
    'select',
    topic,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Map

/**
 * Parses a value map such as `{"1": "open", "0": "closed"}` once. A Map rather than the object itself, so a
 * value named `constructor` or `__proto__` looks up only what the author wrote.
 */
export function parseValueMap(json: string): Map<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `The value map is not valid JSON (${shortJsonError(error)}): write it as an object, e.g. {"1": "open", "0": "closed"}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`;
    throw new Error(
      `The value map must be a JSON object, but it is ${kind}: write it as e.g. {"1": "open", "0": "closed"}.`,
    );
  }
  return new Map(Object.entries(parsed));
}

/**
 * Replaces a value by its entry in the map, looked up by `String(value)` (so the number 1 finds the key
 * "1", and `true` finds "true"). Values without an entry, and objects and arrays, pass through unchanged.
 */
export function mapValue(value: unknown, map: ReadonlyMap<string, unknown>): unknown {
  if (map.size === 0 || (typeof value === 'object' && value !== null)) return value;
  const key = String(value);
  return map.has(key) ? map.get(key) : value;
}

// ---------------------------------------------------------------------------------------------------------
// Format

export interface FormatOptions {
  /** Exactly this many digits after the decimal point (0–20); also applies to numeric strings. */
  decimals?: number;
  /** Appended as given: include a leading space if wanted, e.g. `" °C"`. */
  unit?: string;
  /** BCP 47 language tag such as `de-CH`; the browser's language when omitted. */
  locale?: string;
}

// ES2023, newer than the ES2022 lib this package compiles against.
const SIGN_NEGATIVE = 'negative' as string as NonNullable<Intl.NumberFormatOptions['signDisplay']>;

function numberFormat(locale: string | undefined, decimals: number | undefined): Intl.NumberFormat {
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 20)) {
    throw new RangeError(
      `decimals must be a whole number from 0 to 20${Number.isNaN(decimals) ? '' : `, not ${decimals}`}.`,
    );
  }
  // Without `decimals`, up to 20 fraction digits: the engine prints the shortest form that round-trips
  // (0.1 stays "0.1"), so no reading is silently rounded. 'negative' keeps -0.04 at one decimal from
  // showing as "-0.0", and -0 as "-0".
  return cachedNumberFormat(
    locale,
    decimals === undefined
      ? { maximumFractionDigits: 20, signDisplay: SIGN_NEGATIVE }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: SIGN_NEGATIVE },
  );
}

/**
 * Turns a value into the text an element shows. Numbers use the locale's digits and separators (and
 * `decimals`), numeric strings too when `decimals` is set; other strings are shown as they are; booleans as
 * `true`/`false`; objects and arrays as compact JSON; null and undefined as `''`. The unit follows any
 * non-empty text. Throws RangeError for an invalid `decimals` or `locale`.
 */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const text = valueText(value, options);
  return text !== '' && options.unit ? text + options.unit : text;
}

function valueText(value: unknown, { decimals, locale }: FormatOptions): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return numberFormat(locale, decimals).format(value);
    case 'string':
      if (decimals !== undefined) {
        const trimmed = value.trim();
        if (NUMERIC.test(trimmed)) return numberFormat(locale, decimals).format(Number(trimmed));
      }
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '';
    case 'object':
      if (value === null) return '';
      try {
        return JSON.stringify(value) ?? '';
      } catch {
        // Only values that did not come from JSON can fail here (cycles); show something rather than throw.
        return String(value);
      }
    default:
      return String(value);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Durations

// Read by the one duration reader of the library; exported here too, where the pipeline's users look.
export { parseDuration } from './attribute-values.js';

/**
 * Splits a list of select paths at its top-level commas (`temp, data["a,b"], list[0]`): commas inside
 * brackets or quotes belong to a path.
 */
export function splitSelectList(text: string): string[] {
  const paths: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === ',' && depth === 0) {
      paths.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  paths.push(text.slice(start).trim());
  return paths.filter((path) => path !== '');
}

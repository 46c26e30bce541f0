// Reading a pipeline value as a number, for widgets that draw or set one (gauge, slider).
import { PayloadError } from './value-pipeline.js';

// The same plain decimal notation the pipeline's `number` format accepts: a sensor that sends "0x1f",
// "Infinity" or "" does not mean a reading, and guessing would put the needle somewhere wrong.
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Returns `value` as a finite number: numbers as they are, numeric text (`" 21.5 "`) parsed. Throws a
 * {@link PayloadError} (step `decode`) naming the value and the topic for anything else, so the widget
 * can show why instead of drawing `NaN`.
 */
export function readNumber(value: unknown, topic: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  throw new PayloadError(
    `${describeValue(value)} on "${topic}" is not a number: check the publisher, or pick a numeric field with select.`,
    'decode',
    topic,
  );
}

/** A short, quoted description of a value for messages; long text is cut so it cannot swamp the widget. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  const text = String(value).replace(/\s+/g, ' ');
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

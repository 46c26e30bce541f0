// Reading a pipeline value as a number, for widgets that draw or set one (gauge, slider).
import { NUMERIC } from './attribute-values.js';
import { PayloadError } from './value-pipeline.js';

/**
 * The largest magnitude a widget draws. Beyond it a double no longer holds whole steps, and scale and
 * axis arithmetic overflows (1e308 - -1e308 is Infinity): the chart would be blank and the gauge stuck.
 */
export const maxDrawable = 1e15;

/**
 * Returns `value` as a finite number: numbers as they are, numeric text (`" 21.5 "`) parsed. Throws a
 * {@link PayloadError} (step `decode`) naming the value and the topic for anything else, so the widget
 * can show why instead of drawing `NaN`.
 */
export function readNumber(value: unknown, topic: string): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC.test(value.trim())
        ? Number(value)
        : NaN;
  if (Number.isFinite(number) && Math.abs(number) <= maxDrawable) return number;
  if (!Number.isNaN(number)) {
    throw new PayloadError(
      `${describeValue(value)} on "${topic}" is too large to draw: a widget takes numbers from -1e15 to 1e15. ` +
        `Check the publisher, or scale the value before publishing it.`,
      'decode',
      topic,
    );
  }
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

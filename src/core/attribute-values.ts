// Numbers, durations and choices read from attributes, and the rules they must follow. The one numeric
// pattern and the one number converter of the library live here, so every element reads "1e3", " 5 "
// or "abc" the same way, and every message about a bad setting names the attribute, the value as
// written and what is allowed.

/** Plain decimal notation, optionally with an exponent: what a person writes. "0x1f", "Infinity" and "" are not numbers. */
export const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` as a number when it is written in plain decimal notation (surrounding spaces ignored), else NaN. */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  return NUMERIC.test(trimmed) ? Number(trimmed) : NaN;
}

export type DurationUnit = 'ms' | 's';

// A sign is read so that "-1" is reported as out of range rather than as not a duration.
const DURATION = /^([+-]?(?:\d+(?:\.\d+)?|\.\d+))\s*(ms|s|m|h|d)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration such as `500ms`, `30s`, `10m`, `2h` or `1d` into whole milliseconds; a bare number is
 * in `bareUnit` (seconds unless said otherwise). Units are case-insensitive. Throws an Error saying how
 * to write one.
 */
export function parseDuration(text: string, bareUnit: DurationUnit = 's'): number {
  const ms = durationMs(text, bareUnit);
  if (!(ms >= 0)) {
    throw new Error(
      `"${text}" is not a duration: write a number with a unit, e.g. "500ms", "30s", "10m", "2h" or "1d" (a bare number means ${unitName(bareUnit)}).`,
    );
  }
  return ms;
}

/** Whole milliseconds, or NaN when `text` is not a duration. */
function durationMs(text: string, bareUnit: DurationUnit): number {
  const match = DURATION.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? bareUnit).toLowerCase()]) : NaN;
  return Number.isSafeInteger(ms) ? ms : NaN;
}

function unitName(unit: DurationUnit): string {
  return unit === 'ms' ? 'milliseconds' : 'seconds';
}

/**
 * The Lit converter for a numeric attribute: a missing or empty attribute is `fallback` (not 0:
 * `decimals=""` must not round everything away), anything not a number is NaN for the rules to report.
 */
export function numberAttribute(fallback?: number) {
  return {
    fromAttribute: (value: string | null): number | undefined =>
      value === null || value.trim() === '' ? fallback : parseNumber(value),
    toAttribute: (value: number | undefined) => (value === undefined ? null : String(value)),
  };
}

/**
 * The Lit converter for a duration attribute whose property is a number in `unit`: `"500ms"`, `"5s"` and
 * `"2m"` all work, and a bare number is in `unit` as documented. Not a duration: NaN.
 */
export function durationAttribute(unit: DurationUnit, fallback?: number) {
  return {
    fromAttribute: (value: string | null): number | undefined => {
      if (value === null || value.trim() === '') return fallback;
      const ms = durationMs(value, unit);
      return unit === 'ms' ? ms : ms / 1000;
    },
    toAttribute: (value: number | undefined) => (value === undefined ? null : String(value)),
  };
}

/** What a setting may be. */
export type SettingRule =
  | {
      kind: 'number';
      min?: number;
      max?: number;
      integer?: boolean;
      /** The setting is a duration; bare numbers are in this unit. */
      duration?: DurationUnit;
    }
  | { kind: 'choice'; values: readonly (string | number)[] };

export const qosRule: SettingRule = { kind: 'choice', values: [0, 1, 2] };

/**
 * What is wrong with `value` for the setting `attribute` under `rule`, as a sentence that names the
 * attribute, the value (`written`, the attribute as the page wrote it, when there is one) and what is
 * allowed; `undefined` when it is fine. `undefined` and `null` values are "not set" and fine.
 */
export function settingProblem(
  attribute: string,
  value: unknown,
  rule: SettingRule,
  written?: string | null,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  const shown = `${attribute}="${written ?? String(value)}"`;
  if (rule.kind === 'choice') {
    // A number choice accepts "1" written as an attribute, which arrives as the number 1.
    if (rule.values.includes(value as string | number)) return undefined;
    return `${shown} is not allowed: use ${listOf(rule.values)}.`;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return `${shown} is not ${rule.duration ? 'a duration' : 'a number'}: ${allowed(rule)}.`;
  }
  const inRange =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  return inRange ? undefined : `${shown} is not allowed: ${allowed(rule)}.`;
}

function allowed(rule: Extract<SettingRule, { kind: 'number' }>): string {
  const what = rule.integer ? 'a whole number' : 'a number';
  const unit = rule.duration ? ` of ${unitName(rule.duration)}` : '';
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? ` from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? ` of at least ${rule.min}`
        : rule.max !== undefined
          ? ` of at most ${rule.max}`
          : '';
  const units = rule.duration ? `, or a duration with a unit such as "500ms", "5s" or "2m"` : '';
  return `use ${what}${unit}${range}${units}`;
}

function listOf(values: readonly (string | number)[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** `value` when `rule` allows it, else `fallback`: an element keeps working with the documented default. */
export function validOr<T>(value: T, rule: SettingRule, fallback: T): T {
  return settingProblem('', value, rule) === undefined ? value : fallback;
}

// How old a value is, in words ("3 min ago"), and when those words next change, so a "last seen"
// readout can update without a message and without a timer per second for a value hours old.

const steps: [limitMs: number, unitMs: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [60_000, 1000, 'second'],
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [Infinity, 86_400_000, 'day'],
];

const formats = new Map<string, Intl.RelativeTimeFormat>();

function formatOf(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    formats.set(key, format);
  }
  return format;
}

/** `ageMs` in words, e.g. "now", "12 sec. ago", "3 min. ago", "yesterday" (the locale's wording). */
export function describeAge(ageMs: number, locale?: string): string {
  const age = Math.max(0, ageMs);
  const [, unitMs, unit] = steps.find(([limit]) => age < limit)!;
  // Under five seconds "now": a fresh value should not flicker through 1, 2, 3 seconds.
  if (age < 5000) return formatOf(locale).format(0, 'second');
  return formatOf(locale).format(-Math.floor(age / unitMs), unit);
}

/** Milliseconds until `describeAge` gives other words for a value `ageMs` old. */
export function ageChangesIn(ageMs: number): number {
  const age = Math.max(0, ageMs);
  if (age < 5000) return 5000 - age;
  const [, unitMs] = steps.find(([limit]) => age < limit)!;
  return unitMs - (age % unitMs);
}

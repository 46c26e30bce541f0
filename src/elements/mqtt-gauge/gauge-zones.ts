// The `zones` attribute of <mqtt-gauge>: colour bands over the scale, written as `from:colour` pairs
// (`"0:#2a9d8f,60:#e9c46a,80:#e76f51"`) or as JSON (`[{"from":0,"color":"#2a9d8f"},…]`).

export interface GaugeZone {
  from: number;
  /** Where the band ends; the next zone's `from` (or the maximum) when not given. */
  to?: number;
  color: string;
}

/** A band as drawn: both ends known, inside the scale. */
export interface ResolvedZone {
  from: number;
  to: number;
  color: string;
}

const example =
  'Write e.g. zones="0:#2a9d8f,60:#e9c46a,80:#e76f51" or zones=\'[{"from":0,"color":"#2a9d8f"},{"from":60,"color":"orange"}]\'.';

/**
 * Parses `zones`, sorted by `from`. Throws an Error naming the faulty entry. Colours are checked with
 * `isColor` (by default the browser's own CSS parser), so a typo is reported instead of drawn black.
 */
export function parseZones(text: string, isColor: (color: string) => boolean = cssColor): GaugeZone[] {
  const source = text.trim();
  if (source === '') return [];
  const zones = source.startsWith('[') ? fromJson(source) : fromPairs(source);
  for (const zone of zones) {
    if (!isColor(zone.color)) {
      throw new Error(`zones: "${zone.color}" is not a CSS colour. ${example}`);
    }
  }
  return zones.sort((a, b) => a.from - b.from);
}

function fromPairs(source: string): GaugeZone[] {
  return splitTopLevel(source).map((entry) => {
    const colon = entry.indexOf(':');
    const from = colon < 0 ? NaN : toNumber(entry.slice(0, colon));
    const color = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!Number.isFinite(from) || color === '') {
      throw new Error(`zones: "${entry.trim()}" is not "from:colour". ${example}`);
    }
    return { from, color };
  });
}

function fromJson(source: string): GaugeZone[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new Error(`zones: not valid JSON. ${example}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`zones: expected a JSON list. ${example}`);
  return parsed.map((item: unknown, i) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const from =
      typeof entry.from === 'number'
        ? entry.from
        : typeof entry.from === 'string'
          ? toNumber(entry.from)
          : NaN;
    const to = entry.to === undefined ? undefined : typeof entry.to === 'number' ? entry.to : NaN;
    const color = typeof entry.color === 'string' ? entry.color.trim() : '';
    if (!Number.isFinite(from) || color === '' || (to !== undefined && !Number.isFinite(to))) {
      throw new Error(
        `zones: entry ${i + 1} needs a numeric "from" (and "to", if given) and a "color". ${example}`,
      );
    }
    return to === undefined ? { from, color } : { from, to, color };
  });
}

/** Splits on commas outside parentheses, so `rgb(1, 2, 3)` stays one colour. */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

function toNumber(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

function cssColor(color: string): boolean {
  return typeof CSS === 'undefined' || CSS.supports('color', color);
}

/** Each zone's band clipped to the scale; a zone without `to` ends where the next begins. */
export function resolveZones(zones: readonly GaugeZone[], min: number, max: number): ResolvedZone[] {
  const bands: ResolvedZone[] = [];
  zones.forEach((zone, i) => {
    const end = zone.to ?? zones[i + 1]?.from ?? max;
    const from = Math.max(min, zone.from);
    const to = Math.min(max, end);
    if (to > from) bands.push({ from, to, color: zone.color });
  });
  return bands;
}

/** The colour of the band a value falls in (as {@link resolveZones} draws them), if any. */
export function zoneColor(zones: readonly GaugeZone[], value: number): string | undefined {
  let color: string | undefined;
  zones.forEach((zone, i) => {
    const end = zone.to ?? zones[i + 1]?.from ?? Infinity;
    // A band ends where the next begins; an explicit `to` includes its end.
    if (zone.from <= value && (value < end || (zone.to !== undefined && value === end))) color = zone.color;
  });
  return color;
}

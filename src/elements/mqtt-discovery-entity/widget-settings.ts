// Turns parts of a discovered config into settings our widgets take: a template that reads one field
// becomes a `select` path the widget follows itself; payloads become the text widgets compare.
import { compileTemplate, payloadText } from '../../discovery/index.js';

/**
 * A template that only reads one field of the payload, as a JSON Pointer for `select` (`''` for the
 * whole payload); `undefined` when there is no template; `null` when the template does more than that.
 */
export function selectFor(template: unknown): string | undefined | null {
  if (typeof template !== 'string' || template.trim() === '') return undefined;
  const path = compileTemplate(template).fieldPath;
  if (!path) return null;
  return path.length === 0
    ? ''
    : `/${path.map((key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * A payload as our widgets compare it with a selected JSON value: `true` stays `true` (a widget reads
 * the JSON boolean), where Home Assistant's own comparison, after a template, uses `True`.
 */
export function widgetText(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  return payloadText(value);
}

export function numberOption(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function textOption(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The unit as our widgets append it, after a space as Home Assistant shows it. */
export function unitSuffix(unit: unknown): string | undefined {
  return typeof unit === 'string' && unit !== '' ? ` ${unit}` : undefined;
}

// What changed between two JSON values, as a list of paths, for the history of a topic: a sensor that
// sends a whole object every time usually changes one field of it, and that field is what people look for.

export interface JsonChange {
  /** `temp`, `readings[2].value`; empty for the value as a whole. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The most changes listed; a payload that was rewritten wholesale is not worth a thousand lines. */
const maxChanges = 50;

/**
 * The changes from `before` to `after`, depth first in the order of `after`'s keys, at most `limit`.
 * Arrays are compared index by index.
 */
export function diffJson(before: unknown, after: unknown, limit = maxChanges): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, '', changes, limit);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, out: JsonChange[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(before, after)) return;
  const beforeArray = Array.isArray(before);
  const afterArray = Array.isArray(after);
  if (beforeArray && afterArray) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      const at = `${path}[${i}]`;
      if (i >= before.length) out.push({ path: at, kind: 'added', after: after[i] });
      else if (i >= after.length) out.push({ path: at, kind: 'removed', before: before[i] });
      else walk(before[i], after[i], at, out, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!Object.hasOwn(before, key)) out.push({ path: at, kind: 'added', after: after[key] });
      else walk(before[key], after[key], at, out, limit);
      if (out.length >= limit) return;
    }
    for (const key of Object.keys(before)) {
      if (Object.hasOwn(after, key)) continue;
      out.push({ path: path === '' ? key : `${path}.${key}`, kind: 'removed', before: before[key] });
      if (out.length >= limit) return;
    }
    return;
  }
  out.push({ path, kind: 'changed', before, after });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One change as a line of text: `~ temp: 21.5 → 21.7`, `+ humidity: 40`, `- mode: "eco"`. */
export function describeChange(change: JsonChange): string {
  const name = change.path === '' ? '(value)' : change.path;
  if (change.kind === 'added') return `+ ${name}: ${short(change.after)}`;
  if (change.kind === 'removed') return `- ${name}: ${short(change.before)}`;
  return `~ ${name}: ${short(change.before)} → ${short(change.after)}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

// How a chart draws the points it restored from an earlier visit (`persist`): each line faded up to
// where live data begins, and a thin dashed marker there, so a screen reloaded while the broker is out
// of reach never passes old data off as current.
import type uPlot from 'uplot';
import { withAlpha } from './canvas-theme.js';

/**
 * Where the drawn restored span ends, given the chart's time column: the time of the first live point,
 * `Infinity` while every point is a restored one, or `undefined` when no restored point is in `times`
 * (none was restored, or the window has slid past them).
 */
export function liveFrom(times: ArrayLike<number>, restoredThrough: number): number | undefined {
  if (restoredThrough <= 0 || !(times[0]! <= restoredThrough)) return undefined;
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! <= restoredThrough) low = mid + 1;
    else high = mid;
  }
  return low < times.length ? times[low]! : Infinity;
}

/** A line's stroke: `color`, faded by `alpha` left of where live data begins. */
export function restoredStroke(
  u: uPlot,
  color: string,
  alpha: number,
  from: number | undefined,
): CanvasGradient | string {
  if (from === undefined) return color;
  const faded = withAlpha(color, alpha);
  if (from === Infinity) return faded;
  const { left, width } = u.bbox;
  const at = (u.valToPos(from, 'x', true) - left) / width;
  if (!(at > 0)) return color;
  if (!(at < 1)) return faded;
  // Two stops at one offset: a hard edge, not a blend, so the fade ends exactly at the first live point.
  const gradient = u.ctx.createLinearGradient(left, 0, left + width, 0);
  gradient.addColorStop(0, faded);
  gradient.addColorStop(at, faded);
  gradient.addColorStop(at, color);
  gradient.addColorStop(1, color);
  return gradient;
}

/** A dashed vertical line at the first live point, behind the series, when it is inside the plot. */
export function drawLiveMarker(u: uPlot, from: number | undefined, color: string): void {
  if (from === undefined || from === Infinity) return;
  const { left, top, width, height } = u.bbox;
  const x = Math.round(u.valToPos(from, 'x', true));
  if (!(x > left && x <= left + width)) return;
  const ratio = devicePixelRatio || 1;
  const ctx = u.ctx;
  // Filled dashes on whole device pixels stay crisp where a stroked line would blur over two columns.
  ctx.save();
  ctx.fillStyle = color;
  for (let y = top; y < top + height; y += 7 * ratio)
    ctx.fillRect(x, y, ratio, Math.min(4 * ratio, top + height - y));
  ctx.restore();
}

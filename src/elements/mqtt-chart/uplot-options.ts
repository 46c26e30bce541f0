// The uPlot options of a chart: scales, axes with locale-aware ticks, series colours from the canvas
// theme, and the cursor hook that feeds the chart's own tooltip.
import uPlot from 'uplot';
import { dateTimeFormat, numberFormat } from '../../core/intl-formats.js';
import { dashAt } from './chart-summary.js';
import { canvasFont, colorAt, withAlpha, type CanvasTheme } from './canvas-theme.js';
import { drawLiveMarker, liveFrom, restoredStroke } from './restored-span.js';
import type { ChartSeries } from './time-series.js';

/** What the options read from the chart, each time uPlot draws. */
export interface ChartView {
  theme(): CanvasTheme;
  series(): readonly ChartSeries[];
  /** The sliding window in milliseconds, when the chart has a `duration`. */
  durationMs(): number | undefined;
  yMin(): number | undefined;
  yMax(): number | undefined;
  locale(): string | undefined;
  unit(): string | undefined;
  /** The time of the newest point restored from an earlier visit (0: none). */
  restoredThrough(): number;
  onCursor(u: uPlot): void;
}

export function chartOptions(target: HTMLElement, view: ChartView): uPlot.Options {
  const axis = (): uPlot.Axis => ({
    stroke: () => view.theme().muted,
    font: view.theme().font,
    grid: { stroke: () => view.theme().grid, width: 1 },
    ticks: { stroke: () => view.theme().grid, width: 1, size: 4 },
    border: { show: false },
  });
  const series = view.series();
  const single = series.length === 1;
  const restoredEnd = (u: uPlot) => liveFrom(u.data[0], view.restoredThrough());
  const plainColor = (_u: uPlot, i: number) => colorAt(view.theme(), i - 1);
  return {
    width: Math.max(1, target.clientWidth),
    height: Math.max(1, target.clientHeight),
    ms: 1,
    // The legend and tooltip are the chart's own, rendered by Lit as text. (uPlot 1.6 writes its
    // legend labels with textContent too, but series names come from topics, so no markup path
    // into the page is left to chance.)
    legend: { show: false },
    padding: [10, 8, 0, 0],
    cursor: {
      y: false,
      drag: { x: false, y: false, setScale: false },
      // The line's own stroke may be a gradient (restored points), which a hover dot cannot take.
      points: { size: 7, width: 2, stroke: plainColor, fill: plainColor },
    },
    scales: {
      x: { time: true, range: (_u, min, max) => timeRange(min, max, view.durationMs()) },
      y: { range: (_u, min, max) => valueRange(min, max, view.yMin(), view.yMax()) },
    },
    axes: [
      {
        ...axis(),
        space: 70,
        size: 28,
        values: (_u, splits, _axis, _space, step) => timeTicks(splits, step, view.locale()),
      },
      {
        ...axis(),
        space: 28,
        gap: 6,
        values: (_u, splits, _axis, _space, step) => valueTicks(splits, step, view.locale(), view.unit()),
        size: (u, values) => valueAxisSize(u, values, view.theme()),
      },
    ],
    series: [
      {},
      ...series.map((s, i): uPlot.Series => ({
        label: s.label,
        show: s.visible,
        spanGaps: true,
        // Faded over points restored from an earlier visit, so old data never looks live.
        stroke: (u: uPlot) =>
          restoredStroke(u, colorAt(view.theme(), i), view.theme().restoredAlpha, restoredEnd(u)),
        // A pattern per series as well as a colour, so series are told apart without colour vision.
        ...(dashAt(i).length > 0 && { dash: [...dashAt(i)] }),
        width: view.theme().lineWidth,
        points: { size: 5 },
        ...(single && { fill: (u: uPlot) => areaFill(u, colorAt(view.theme(), 0)) }),
      })),
    ],
    hooks: {
      setCursor: [(u) => view.onCursor(u)],
      // After the grid, before the lines: the marker stays behind the data.
      drawAxes: [(u) => drawLiveMarker(u, restoredEnd(u), view.theme().liveMarker)],
    },
  };
}

function timeRange(
  min: number | null,
  max: number | null,
  durationMs: number | undefined,
): uPlot.Range.MinMax {
  if (durationMs !== undefined) {
    const now = Math.max(Date.now(), max ?? 0);
    return [now - durationMs, now];
  }
  if (min === null || max === null) return [Date.now() - 60_000, Date.now()];
  // One point (or a burst within a millisecond) still gets a readable span around it.
  return max - min < 1000 ? [min - 30_000, max + 30_000] : [min, max];
}

function valueRange(
  min: number | null,
  max: number | null,
  yMin: number | undefined,
  yMax: number | undefined,
): uPlot.Range.MinMax {
  let low = min ?? yMin ?? 0;
  let high = max ?? yMax ?? 1;
  [low, high] = uPlot.rangeNum(low, high, 0.1, true) as [number, number];
  if (yMin !== undefined && Number.isFinite(yMin)) low = yMin;
  if (yMax !== undefined && Number.isFinite(yMax)) high = yMax;
  return low < high ? [low, high] : [low, low + 1];
}

/** How precisely a time axis (or a tooltip, with `second`) shows a time. */
export type TimeDetail = 'second' | 'minute' | 'day';

// A 24-hour clock keeps the labels of a crowded time axis short (no AM/PM) at any locale.
const timeOptions: Record<TimeDetail, Intl.DateTimeFormatOptions> = {
  second: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  minute: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { month: 'short', day: 'numeric' },
};

/** A time as the chart writes it; a bad locale falls back to the page's (the value text reports it). */
export function timeText(time: number, detail: TimeDetail, locale: string | undefined): string {
  try {
    return dateTimeFormat(locale, timeOptions[detail]).format(time);
  } catch {
    return dateTimeFormat(undefined, timeOptions[detail]).format(time);
  }
}

function timeTicks(splits: number[], step: number, locale: string | undefined): string[] {
  const detail = step < 60_000 ? 'second' : step < 86_400_000 ? 'minute' : 'day';
  return splits.map((t) => timeText(t, detail, locale));
}

function valueTicks(splits: number[], step: number, locale: string | undefined, unit = ''): string[] {
  const digits = Math.min(20, decimalsOf(step));
  const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  let format: Intl.NumberFormat;
  try {
    format = numberFormat(locale, options);
  } catch {
    // A bad locale is reported by the value text; the axis still draws.
    format = numberFormat(undefined, options);
  }
  return splits.map((v) => format.format(v) + unit);
}

function valueAxisSize(u: uPlot, values: string[] | null, theme: CanvasTheme): number {
  let longest = '';
  for (const v of values ?? []) if (v.length > longest.length) longest = v;
  const ratio = devicePixelRatio || 1;
  u.ctx.font = canvasFont(theme, ratio);
  // The tick labels' width, plus the tick, the gap and a little air.
  return Math.ceil(u.ctx.measureText(longest).width / ratio) + 4 + 6 + 6;
}

function areaFill(u: uPlot, color: string): CanvasGradient | string {
  const { top, height } = u.bbox;
  if (!(height > 0)) return 'transparent';
  const gradient = u.ctx.createLinearGradient(0, top, 0, top + height);
  gradient.addColorStop(0, withAlpha(color, 0.22));
  gradient.addColorStop(1, withAlpha(color, 0));
  return gradient;
}

/** Decimal places of a tick step such as 0.25 (2), ignoring float noise such as 0.30000000000000004. */
function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const text = String(Number(step.toPrecision(12)));
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

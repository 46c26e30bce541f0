// The points of a chart: one bounded series per topic and field, and their alignment into the
// column layout uPlot draws (one shared time column, one value column per series).
import type uPlot from 'uplot';

/** One line of a chart: where its points come from and the points themselves, oldest first. */
export interface ChartSeries {
  /** Identifies the series: its topic and the index of its `select` path. */
  readonly key: string;
  /** The topic its points came from. */
  readonly topic: string;
  /** The `select` path its values are read with, if any. */
  readonly select: string | undefined;
  /** The name shown in the legend, the tooltip and the accessible summary. */
  label: string;
  /** Milliseconds since the epoch, strictly increasing. */
  readonly times: number[];
  /** One value per time; `null` is a gap in the line (the payload said `null`). */
  readonly values: (number | null)[];
  /** False while the user has hidden it from the legend. */
  visible: boolean;
}

/** Appends one point. `time` must be later than the series' last one (the chart's clock sees to that). */
export function appendPoint(series: ChartSeries, time: number, value: number | null): void {
  series.times.push(time);
  series.values.push(value);
}

/**
 * Drops points older than `since` and beyond the newest `maxPoints`. Returns whether anything was
 * dropped. Splicing once per call keeps the cost per dropped point constant.
 */
export function trimSeries(series: ChartSeries, maxPoints: number, since = -Infinity): boolean {
  const { times, values } = series;
  let drop = Math.max(0, times.length - Math.max(0, maxPoints));
  while (drop < times.length && times[drop] < since) drop++;
  if (drop === 0) return false;
  times.splice(0, drop);
  values.splice(0, drop);
  return true;
}

/**
 * Lines up every series on one time column, as uPlot wants it. A series without a point at some
 * time gets `undefined` there, which uPlot bridges; an explicit `null` stays a gap.
 *
 * The series are each sorted, so this is a k-way merge: linear in the number of points for the
 * handful of series a chart has, with no sort per frame.
 */
export function alignSeries(series: readonly ChartSeries[]): uPlot.AlignedData {
  if (series.length === 1) return [series[0].times.slice(), series[0].values.slice()];
  const heads = new Array<number>(series.length).fill(0);
  const xs: number[] = [];
  const columns = series.map(() => [] as (number | null | undefined)[]);
  for (;;) {
    let time = Infinity;
    for (let s = 0; s < series.length; s++) {
      const t = series[s].times[heads[s]];
      if (t !== undefined && t < time) time = t;
    }
    if (time === Infinity) break;
    xs.push(time);
    for (let s = 0; s < series.length; s++) {
      if (series[s].times[heads[s]] === time) {
        columns[s].push(series[s].values[heads[s]]);
        heads[s]++;
      } else {
        columns[s].push(undefined);
      }
    }
  }
  return [xs, ...columns];
}

/** The index of the point nearest to `time`, or -1 for an empty series. */
export function nearestPoint(times: readonly number[], time: number): number {
  if (times.length === 0) return -1;
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid] < time) low = mid + 1;
    else high = mid;
  }
  // `low` is the first point at or after `time`; the one before it may be closer.
  return low > 0 && time - times[low - 1] < times[low] - time ? low - 1 : low;
}

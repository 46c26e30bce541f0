// What a chart says to someone who cannot see it: per series its latest value, range and trend, and
// the line pattern that tells it apart without colour. Plain functions over the series, no DOM.
import type { ChartSeries } from './time-series.js';

/**
 * Line patterns ([dash, gap] in CSS pixels) by series index, so series differ by more than colour.
 * The first is solid; the rest are distinct at a glance and in the legend's sample.
 */
export const seriesDashes: readonly (readonly number[])[] = [
  [],
  [8, 4],
  [2, 3],
  [10, 3, 2, 3],
  [4, 4],
  [1, 5],
  [12, 6],
  [6, 2, 2, 2],
];

export function dashAt(index: number): readonly number[] {
  return seriesDashes[index % seriesDashes.length]!;
}

/** The pattern's name, for the legend's accessible description and the summary. */
export function dashName(index: number): string {
  const names = [
    'solid',
    'dashed',
    'dotted',
    'dash-dot',
    'short dashes',
    'sparse dots',
    'long dashes',
    'dash-dot-dot',
  ];
  return names[index % names.length]!;
}

export type Trend = 'rising' | 'falling' | 'steady';

export interface SeriesSummary {
  label: string;
  latest: number;
  min: number;
  max: number;
  trend: Trend;
  points: number;
}

/**
 * The trend over the window: the mean of the newest third against the oldest third, called steady
 * when they differ by less than a third of the range. A straight line differs by about two thirds of
 * its range; noise around a flat line rarely by a third, and noise is not a trend.
 */
export function trendOf(values: readonly number[]): Trend {
  if (values.length < 3) return 'steady';
  const third = Math.max(1, Math.floor(values.length / 3));
  const mean = (part: readonly number[]) => part.reduce((sum, v) => sum + v, 0) / part.length;
  const first = mean(values.slice(0, third));
  const last = mean(values.slice(-third));
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (range === 0 || Math.abs(last - first) < range / 3) return 'steady';
  return last > first ? 'rising' : 'falling';
}

/** Latest, range and trend of a series' numeric points; undefined when it has none. */
export function summariseSeries(series: Pick<ChartSeries, 'label' | 'values'>): SeriesSummary | undefined {
  const values = series.values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    label: series.label,
    latest: values[values.length - 1]!,
    min,
    max,
    trend: trendOf(values),
    points: values.length,
  };
}

/**
 * The chart in one sentence per series: "kitchen: 21.5 °C now, from 20.1 to 22.3 °C, rising (dashed
 * line)". `format` writes a value as the chart shows it.
 */
export function describeChart(
  name: string,
  series: readonly Pick<ChartSeries, 'label' | 'values' | 'visible'>[],
  format: (value: number) => string,
): string {
  const parts: string[] = [];
  series.forEach((s, i) => {
    const summary = summariseSeries(s);
    if (!summary) return;
    const line = series.length > 1 ? ` (${dashName(i)} line${s.visible ? '' : ', hidden'})` : '';
    const range =
      summary.min === summary.max ? '' : `, from ${format(summary.min)} to ${format(summary.max)}`;
    parts.push(`${summary.label}: ${format(summary.latest)} now${range}, ${summary.trend}${line}`);
  });
  if (parts.length === 0) return `${name}: no data yet`;
  return `${name}. ${parts.join('. ')}.`;
}

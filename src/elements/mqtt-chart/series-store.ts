// The points a chart keeps: one series per topic and select path, bounded in number and length, and
// the memory of what was plotted last per topic so a replayed retained message adds no point.
import { sameBytes } from '../../core/bytes.js';
import type { MqttMessage } from '../../core/message.js';
import type { KeptSeries } from '../../core/persist/series-persistence.js';
import { appendPoint, trimSeries, type ChartSeries } from './time-series.js';

export interface AddPointsOptions {
  /** Points kept per series. */
  capacity: number;
  /** Series kept; a new one beyond it is refused and `onFull` told. */
  maxSeries: number;
  /** The name of a new series. */
  label(topic: string, pathIndex: number): string;
  /** The select path of a new series, as written. */
  select(pathIndex: number): string | undefined;
  onFull(topic: string): void;
}

export class SeriesStore {
  #series: ChartSeries[] = [];
  readonly #byKey = new Map<string, ChartSeries>();
  /** The message behind each topic's latest points, to recognise a replay of it. */
  readonly #plotted = new Map<string, MqttMessage>();
  /** Strictly increasing, so two messages in one millisecond still make two points. */
  #clock = 0;

  /** The time of the newest point added. */
  get latestTime(): number {
    return this.#clock;
  }

  /** The series in the order they started, oldest point first. */
  get series(): readonly ChartSeries[] {
    return this.#series;
  }

  /**
   * A message already plotted: the same object handed out again from the connection's cache (after
   * re-subscribing), or a retained copy the broker replays after a reconnect whose payload is the one
   * behind the topic's latest points.
   */
  isReplay(message: MqttMessage): boolean {
    const last = this.#plotted.get(message.topic);
    if (!last) return false;
    return last === message || (message.retained && sameBytes(last.payload, message.payload));
  }

  /** The topic's retained value was cleared: whatever comes next is news, even the same payload again. */
  forget(topic: string): void {
    this.#plotted.delete(topic);
  }

  /**
   * Adds one point per value, at the message's time, to the series of its topic and path; `undefined`
   * adds none (a series starts with its first plottable value). Returns whether any point was added.
   */
  add(
    message: MqttMessage,
    values: readonly (number | null | undefined)[],
    options: AddPointsOptions,
  ): boolean {
    const time = (this.#clock = Math.max(message.receivedAt, this.#clock + 0.001));
    const cap = options.capacity;
    // Trimming in batches keeps a full series from shifting its arrays on every message.
    const slack = Math.max(16, cap >> 3);
    let plotted = false;
    values.forEach((value, i) => {
      const series = value === undefined ? undefined : this.#seriesFor(message.topic, i, options);
      if (!series) return;
      appendPoint(series, time, value!);
      if (series.times.length > cap + slack) trimSeries(series, cap);
      plotted = true;
    });
    // Only topics with a series are remembered, which bounds the map by max-series.
    if (plotted) this.#plotted.set(message.topic, message);
    return plotted;
  }

  /**
   * Puts points kept from an earlier visit before the series' own: only those older than its first
   * point, so a value that reached the chart twice (restored as the topic's last message, and in the
   * history) is drawn once. Returns the time of the newest point restored, or 0 when none was.
   */
  restore(kept: readonly KeptSeries[], options: AddPointsOptions): number {
    let newest = 0;
    for (const { topic, path, times, values } of kept) {
      if (times.length === 0) continue;
      const series = this.#seriesFor(topic, path, options);
      if (!series) continue;
      const first = series.times[0] ?? Infinity;
      let count = 0;
      while (count < times.length && times[count] < first) count++;
      if (count === 0) continue;
      prepend(series.times, times.slice(0, count));
      prepend(series.values, values.slice(0, count));
      trimSeries(series, options.capacity);
      newest = Math.max(newest, times[count - 1]);
      this.#clock = Math.max(this.#clock, newest);
    }
    return newest;
  }

  /** Whether a series of `topic` has a point at `time` or later. */
  hasPointSince(topic: string, time: number): boolean {
    return this.#series.some((s) => s.topic === topic && (s.times[s.times.length - 1] ?? -Infinity) >= time);
  }

  /** The series as `persist` keeps them. */
  snapshot(): KeptSeries[] {
    return this.#series.map((s) => ({
      topic: s.topic,
      path: pathIndexOf(s),
      times: s.times,
      values: s.values,
    }));
  }

  /** Drops points beyond `capacity` per series and older than `since`; returns whether any went. */
  trim(capacity: number, since = -Infinity): boolean {
    let trimmed = false;
    for (const series of this.#series) trimmed = trimSeries(series, capacity, since) || trimmed;
    return trimmed;
  }

  /** Names every series again, after the labels or paths changed. */
  relabel(label: (topic: string, pathIndex: number) => string): void {
    for (const series of this.#series) series.label = label(series.topic, pathIndexOf(series));
  }

  clear(): void {
    this.#series = [];
    this.#byKey.clear();
    this.#plotted.clear();
  }

  #seriesFor(topic: string, pathIndex: number, options: AddPointsOptions): ChartSeries | undefined {
    const key = `${pathIndex}\u0000${topic}`;
    let series = this.#byKey.get(key);
    if (series) return series;
    if (this.#byKey.size >= options.maxSeries) {
      options.onFull(topic);
      return undefined;
    }
    series = {
      key,
      topic,
      select: options.select(pathIndex),
      label: options.label(topic, pathIndex),
      times: [],
      values: [],
      visible: true,
    };
    this.#byKey.set(key, series);
    this.#series.push(series);
    return series;
  }
}

/** Puts `items` in front of `target` in place, without spreading them as arguments (a long history would overflow the stack). */
function prepend<T>(target: T[], items: readonly T[]): void {
  const old = target.length;
  target.length = old + items.length;
  target.copyWithin(items.length, 0, old);
  for (let i = 0; i < items.length; i++) target[i] = items[i];
}

function pathIndexOf(series: ChartSeries): number {
  return Number(series.key.slice(0, series.key.indexOf('\u0000')));
}

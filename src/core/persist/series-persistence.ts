// `persist` for a chart: keeps the newest points of each of its series in a MessageStore, written at
// most once a second and when the page is hidden, and hands them back when the page loads again.
import { errorMessage } from '../errors.js';
import type { MessageStore } from './message-store.js';
import { warnOnce } from './persist-warnings.js';
import { asStoredChartHistory, storedSeriesFormat, type StoredSeries } from './stored-series.js';

/** How many points of each series a chart keeps on the device by default; `persist-points` changes it. */
export const defaultPersistPoints = 500;
/** Writes are gathered for this long: a chart drawing ten points a second costs one write a second. */
const writeDelayMs = 1_000;

/** One series as the chart holds it; `null` is a gap. */
export interface KeptSeries {
  topic: string;
  path: number;
  times: readonly number[];
  values: readonly (number | null)[];
}

export interface SeriesPersistenceOptions {
  store: MessageStore;
  /** The connection's storage key. */
  key: string;
  /** Tells this chart's history from the other charts' under the key: its id, or its topic and select. */
  chart: string;
  /** The most points kept per series; the oldest go first. */
  maxPoints: () => number;
  /** The chart's series at the moment of writing. */
  snapshot: () => readonly KeptSeries[];
}

const source = '<mqtt-chart persist>';

export class SeriesPersistence {
  readonly options: SeriesPersistenceOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #unavailable = false;
  readonly #flushOnHide = () => void this.flush();

  constructor(options: SeriesPersistenceOptions) {
    this.options = options;
  }

  /**
   * The kept history, points as the chart holds them (NaN back to `null`). Never rejects: a store that
   * cannot be read, or an entry this library did not write, means nothing is restored, said once.
   */
  async load(): Promise<KeptSeries[]> {
    const { store, key, chart } = this.options;
    let entry: unknown;
    try {
      entry = await store.loadSeries(key, chart);
    } catch (err) {
      this.#giveUp(err);
      return [];
    }
    if (entry === undefined) return [];
    const history = asStoredChartHistory(entry);
    if (!history) {
      warnOnce(
        source,
        `the history kept for chart "${chart}" under "${key}" is not one this library wrote (corrupted, or ` +
          `written by something else); ignored, and replaced by the chart's next points. clearPersisted() on ` +
          `the connection removes it.`,
      );
      return [];
    }
    return history.series.map((s) => ({
      topic: s.topic,
      path: s.path,
      times: Array.from(s.times),
      values: Array.from(s.values, (v) => (Number.isNaN(v) ? null : v)),
    }));
  }

  /** The chart added points: they are written within a second, or when the page is hidden. */
  changed(): void {
    if (this.#unavailable || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), writeDelayMs);
    globalThis.addEventListener?.('pagehide', this.#flushOnHide);
  }

  /** Writes the chart's newest points now, if any changed; resolves once written (or not writable). */
  flush(): Promise<void> {
    if (this.#timer === undefined) return this.#writing;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    globalThis.removeEventListener?.('pagehide', this.#flushOnHide);
    if (this.#unavailable) return this.#writing;
    const { store, key, chart } = this.options;
    const max = Math.max(1, Math.floor(this.options.maxPoints()));
    const series: StoredSeries[] = this.options.snapshot().map((s) => {
      const from = Math.max(0, s.times.length - max);
      return {
        topic: s.topic,
        path: s.path,
        times: Float64Array.from(s.times.slice(from)),
        values: Float64Array.from(s.values.slice(from), (v) => v ?? NaN),
      };
    });
    this.#writing = this.#writing
      .then(() => store.writeSeries(key, chart, { format: storedSeriesFormat, series }))
      .catch((err: unknown) => this.#giveUp(err));
    return this.#writing;
  }

  /** The chart left the page or its settings changed: what is pending goes out now. */
  dispose(): void {
    void this.flush();
  }

  #giveUp(err: unknown): void {
    this.#unavailable = true;
    warnOnce(
      source,
      `the chart's history cannot be kept on this device (${errorMessage(err)}); the chart works without ` +
        `it and starts empty on the next visit.`,
    );
  }
}

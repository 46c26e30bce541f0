// The shape in which `persist` keeps a chart's history on the device, and the check that tells an
// intact entry of ours from a corrupted or foreign one. Only the chart entry imports the check.

/** One series of a chart as kept: where its points came from, and the points, oldest first. */
export interface StoredSeries {
  topic: string;
  /** The index of the chart's `select` path the values were read with. */
  path: number;
  /** Milliseconds since the epoch, strictly increasing. */
  times: Float64Array;
  /** One per time; NaN is a gap (the payload said `null`). Typed arrays keep a write cheap to copy. */
  values: Float64Array;
}

/** One chart's history, as written to a store under a storage key and the chart's identity. */
export interface StoredChartHistory {
  format: typeof storedSeriesFormat;
  series: StoredSeries[];
}

/** Bumped when the shape of StoredChartHistory changes; entries of another format are ignored. */
export const storedSeriesFormat = 1;

/** The entry as a StoredChartHistory when it is one this library wrote and is intact, else undefined. */
export function asStoredChartHistory(entry: unknown): StoredChartHistory | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Partial<StoredChartHistory>;
  if (e.format !== storedSeriesFormat || !Array.isArray(e.series)) return undefined;
  return e.series.every(isStoredSeries) ? (e as StoredChartHistory) : undefined;
}

function isStoredSeries(entry: unknown): entry is StoredSeries {
  if (typeof entry !== 'object' || entry === null) return false;
  const s = entry as Partial<StoredSeries>;
  if (typeof s.topic !== 'string' || s.topic === '' || /[+#]/.test(s.topic)) return false;
  if (!Number.isInteger(s.path) || s.path! < 0) return false;
  const { times, values } = s;
  if (!(times instanceof Float64Array) || !(values instanceof Float64Array)) return false;
  if (times.length !== values.length) return false;
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i]) || times[i] <= 0 || (i > 0 && times[i] <= times[i - 1])) return false;
    // NaN is a gap; an infinity is nothing a payload can give.
    if (values[i] === Infinity || values[i] === -Infinity) return false;
  }
  return true;
}

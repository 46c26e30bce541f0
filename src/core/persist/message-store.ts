// Where `persist` keeps the last message of each shown topic, and each chart's history, between
// visits: an interface, so the core logic can be tested with a store in memory and another context (a
// worker) can host the store.
import type { StoredChartHistory } from './stored-series.js';

/** One kept message, as written to a store. `format` tells our entries from anything else found there. */
export interface StoredMessage {
  format: typeof storedMessageFormat;
  topic: string;
  payload: Uint8Array;
  retained: boolean;
  qos: 0 | 1 | 2;
  /** `Date.now()` when the message first arrived, so `expire-after` counts from then after a reload. */
  receivedAt: number;
}

/** Bumped when the shape of StoredMessage changes; entries of another format are ignored. */
export const storedMessageFormat = 1;

/**
 * A place on the user's device holding messages under a storage key, so several connections and
 * pages of one origin keep apart. Every method may reject (storage unavailable, quota, a foreign
 * database); the caller then carries on without persistence.
 */
export interface MessageStore {
  /** Everything held under `key`, unchecked: an entry may be corrupted or written by something else. */
  load(key: string): Promise<unknown[]>;
  /** Writes `puts` (replacing a topic's earlier entry) and removes `deletes`, in one transaction. */
  write(key: string, puts: readonly StoredMessage[], deletes: readonly string[]): Promise<void>;
  /** Removes everything held under `key`, messages and chart histories. */
  clear(key: string): Promise<void>;
  /** The history of the chart named `chart` under `key`, unchecked (see stored-series.ts); undefined if none. */
  loadSeries(key: string, chart: string): Promise<unknown>;
  /** Replaces the history of the chart named `chart` under `key`. */
  writeSeries(key: string, chart: string, history: StoredChartHistory): Promise<void>;
}

/** The entry as a StoredMessage when it is one this library wrote and is intact, else undefined. */
export function asStoredMessage(entry: unknown): StoredMessage | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Partial<StoredMessage>;
  if (e.format !== storedMessageFormat) return undefined;
  if (typeof e.topic !== 'string' || e.topic === '' || e.topic.includes('+') || e.topic.includes('#'))
    return undefined;
  if (!(e.payload instanceof Uint8Array)) return undefined;
  if (typeof e.retained !== 'boolean') return undefined;
  if (e.qos !== 0 && e.qos !== 1 && e.qos !== 2) return undefined;
  if (typeof e.receivedAt !== 'number' || !Number.isFinite(e.receivedAt) || e.receivedAt <= 0)
    return undefined;
  return e as StoredMessage;
}

// A MessageStore in memory, for tests of the persist logic that need no browser storage.
import type { MessageStore, StoredMessage } from '../../src/core/persist/message-store.js';
import type { StoredChartHistory } from '../../src/core/persist/stored-series.js';

export class MemoryMessageStore implements MessageStore {
  readonly entries = new Map<string, Map<string, unknown>>();
  /** Chart histories by storage key, then chart; a test may put anything there (a corrupted entry). */
  readonly series = new Map<string, Map<string, unknown>>();
  /** How many times a chart's history was written. */
  seriesWrites = 0;

  load(key: string): Promise<unknown[]> {
    return Promise.resolve([...(this.entries.get(key)?.values() ?? [])]);
  }

  write(key: string, puts: readonly StoredMessage[], deletes: readonly string[]): Promise<void> {
    let held = this.entries.get(key);
    if (!held) this.entries.set(key, (held = new Map()));
    for (const entry of puts) held.set(entry.topic, { ...entry });
    for (const topic of deletes) held.delete(topic);
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.entries.delete(key);
    this.series.delete(key);
    return Promise.resolve();
  }

  loadSeries(key: string, chart: string): Promise<unknown> {
    return Promise.resolve(this.series.get(key)?.get(chart));
  }

  writeSeries(key: string, chart: string, history: StoredChartHistory): Promise<void> {
    let held = this.series.get(key);
    if (!held) this.series.set(key, (held = new Map()));
    held.set(chart, structuredClone(history));
    this.seriesWrites++;
    return Promise.resolve();
  }

  topics(key: string): string[] {
    return [...(this.entries.get(key)?.keys() ?? [])].sort();
  }
}

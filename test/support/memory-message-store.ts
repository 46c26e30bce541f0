// A MessageStore in memory, for tests of the persist logic that need no browser storage.
import type { MessageStore, StoredMessage } from '../../src/core/persist/message-store.js';

export class MemoryMessageStore implements MessageStore {
  readonly entries = new Map<string, Map<string, unknown>>();

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
    return Promise.resolve();
  }

  topics(key: string): string[] {
    return [...(this.entries.get(key)?.keys() ?? [])].sort();
  }
}

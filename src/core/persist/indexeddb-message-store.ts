// The MessageStore of `persist` in the browser: one IndexedDB database per origin, messages keyed by
// [storage key, topic] and chart histories by [storage key, chart], so one range holds everything of a key.
import type { MessageStore, StoredMessage } from './message-store.js';
import type { StoredChartHistory } from './stored-series.js';

export const persistDatabaseName = 'mqtt-elements-persist';
export const persistObjectStore = 'messages';
export const persistSeriesStore = 'series';
/** 2 added the chart histories; an upgrade from 1 keeps the messages. */
export const persistDatabaseVersion = 2;

/** Every [key, topic] of `key`: arrays sort after strings in IndexedDB, so `[key, []]` ends the range. */
function rangeOf(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

function settled(request: IDBRequest | IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    if (request instanceof IDBTransaction) {
      request.oncomplete = () => resolve();
      request.onabort = request.onerror = () =>
        reject(request.error ?? new Error('The transaction was aborted.'));
    } else {
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    }
  });
}

export class IndexedDbMessageStore implements MessageStore {
  #database: Promise<IDBDatabase> | undefined;

  async load(key: string): Promise<unknown[]> {
    const database = await this.#open();
    const request = database
      .transaction(persistObjectStore, 'readonly')
      .objectStore(persistObjectStore)
      .getAll(rangeOf(key));
    await settled(request);
    return request.result as unknown[];
  }

  async write(key: string, puts: readonly StoredMessage[], deletes: readonly string[]): Promise<void> {
    const database = await this.#open();
    const transaction = database.transaction(persistObjectStore, 'readwrite');
    const store = transaction.objectStore(persistObjectStore);
    for (const entry of puts) store.put({ ...entry, key });
    for (const topic of deletes) store.delete([key, topic]);
    await settled(transaction);
  }

  async clear(key: string): Promise<void> {
    const database = await this.#open();
    const transaction = database.transaction([persistObjectStore, persistSeriesStore], 'readwrite');
    transaction.objectStore(persistObjectStore).delete(rangeOf(key));
    transaction.objectStore(persistSeriesStore).delete(rangeOf(key));
    await settled(transaction);
  }

  async loadSeries(key: string, chart: string): Promise<unknown> {
    const database = await this.#open();
    const request = database
      .transaction(persistSeriesStore)
      .objectStore(persistSeriesStore)
      .get([key, chart]);
    await settled(request);
    return request.result;
  }

  async writeSeries(key: string, chart: string, history: StoredChartHistory): Promise<void> {
    const database = await this.#open();
    const transaction = database.transaction(persistSeriesStore, 'readwrite');
    transaction.objectStore(persistSeriesStore).put({ ...history, key, chart });
    await settled(transaction);
  }

  #open(): Promise<IDBDatabase> {
    this.#database ??= new Promise<IDBDatabase>((resolve, reject) => {
      // Missing in some private modes and non-browser hosts; opening throws on an opaque origin.
      if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB here');
      const request = indexedDB.open(persistDatabaseName, persistDatabaseVersion);
      request.onupgradeneeded = () => {
        const database = request.result;
        if (!database.objectStoreNames.contains(persistObjectStore))
          database.createObjectStore(persistObjectStore, { keyPath: ['key', 'topic'] });
        if (!database.objectStoreNames.contains(persistSeriesStore))
          database.createObjectStore(persistSeriesStore, { keyPath: ['key', 'chart'] });
      };
      request.onsuccess = () => {
        const database = request.result;
        // Another tab upgrading the database must not be blocked by this one: close, open again later.
        database.onversionchange = () => {
          database.close();
          this.#database = undefined;
        };
        resolve(database);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open the database'));
      request.onblocked = () => reject(new Error('another tab holds an older version of the database open'));
    });
    // A failed open is not cached: storage may come back (quota freed, another tab closed).
    this.#database.catch(() => (this.#database = undefined));
    return this.#database;
  }
}

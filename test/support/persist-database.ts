// Reads and writes the `persist` database directly, the way another script of the origin (or a
// corrupted disk) could: to check what is kept on the device and to plant entries the library did
// not write.
import {
  persistDatabaseName,
  persistDatabaseVersion,
  persistObjectStore,
  persistSeriesStore,
} from '../../src/core/persist/indexeddb-message-store.js';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(persistDatabaseName, persistDatabaseVersion);
    request.onupgradeneeded = () => {
      const names = request.result.objectStoreNames;
      if (!names.contains(persistObjectStore))
        request.result.createObjectStore(persistObjectStore, { keyPath: ['key', 'topic'] });
      if (!names.contains(persistSeriesStore))
        request.result.createObjectStore(persistSeriesStore, { keyPath: ['key', 'chart'] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every raw entry kept under `key`. */
export async function storedEntries(key: string): Promise<Record<string, unknown>[]> {
  const database = await open();
  try {
    const request = database
      .transaction(persistObjectStore)
      .objectStore(persistObjectStore)
      .getAll(IDBKeyRange.bound([key], [key, []]));
    return await new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error);
    });
  } finally {
    database.close();
  }
}

/** The topics kept under `key`, sorted. */
export async function storedTopics(key: string): Promise<string[]> {
  return (await storedEntries(key)).map((entry) => String(entry.topic)).sort();
}

/** Writes `entries` as they are (each needs `key` and `topic`, the database's key path). */
export async function plantEntries(entries: Record<string, unknown>[]): Promise<void> {
  const database = await open();
  try {
    const transaction = database.transaction(persistObjectStore, 'readwrite');
    for (const entry of entries) transaction.objectStore(persistObjectStore).put(entry);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

/** The raw chart history kept under `key` for the chart named `chart`, if any. */
export async function storedHistory(
  key: string,
  chart: string,
): Promise<Record<string, unknown> | undefined> {
  const database = await open();
  try {
    const request = database
      .transaction(persistSeriesStore)
      .objectStore(persistSeriesStore)
      .get([key, chart]);
    return await new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result as Record<string, unknown> | undefined);
      request.onerror = () => reject(request.error);
    });
  } finally {
    database.close();
  }
}

/** Writes a chart history entry as it is (it needs `key` and `chart`, the key path). */
export async function plantHistory(entry: Record<string, unknown>): Promise<void> {
  const database = await open();
  try {
    const transaction = database.transaction(persistSeriesStore, 'readwrite');
    transaction.objectStore(persistSeriesStore).put(entry);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

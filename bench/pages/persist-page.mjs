// The `persist` benchmark's page: a wall-screen dashboard of `values` readouts and one chart on one
// connection, written into the page before the library loads, as a page author's markup is. Query:
// `url`, `base` (the topics' prefix), `values`, `key` (the storage key; absent: no persist).
// `window.benchPersist.firsts` resolves with the time from navigation to the first frame showing a
// restored value, a chart drawn from its kept history, and a live value. `benchPersist.kept(n)`
// resolves once n messages and the chart's history are in IndexedDB.
const params = new URL(location.href).searchParams;
const base = params.get('base');
const values = Number(params.get('values'));
const key = params.get('key');

const connection = document.createElement('mqtt-connection');
connection.setAttribute('url', params.get('url'));
connection.setAttribute('client-id', `bench_persist_${Math.random().toString(36).slice(2, 10)}`);
if (key) connection.setAttribute('persist', key);
for (let i = 0; i < values; i++) {
  const value = document.createElement('mqtt-subscribe');
  value.setAttribute('topic', `${base}/v${i}`);
  connection.append(value, ' ');
}
const chart = document.createElement('mqtt-chart');
chart.id = 'history';
chart.setAttribute('topic', `${base}/chart`);
connection.append(chart);
document.querySelector('main').append(connection);

await Promise.all([import('/cdn/mqtt-elements.js'), import('/cdn/mqtt-chart.js')]);

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const readouts = Array.from(connection.querySelectorAll('mqtt-subscribe'));

/** Times from navigation (performance.now() counts from it), taken in the frame that first shows each. */
async function watch() {
  const firsts = { restoredMs: null, chartRestoredMs: null, liveMs: null };
  const deadline = performance.now() + 30_000;
  while (firsts.liveMs === null || (key && (firsts.restoredMs === null || firsts.chartRestoredMs === null))) {
    await nextFrame();
    const now = performance.now();
    for (const value of readouts) {
      const message = value.message;
      if (!message || value.text === value.placeholder) continue;
      if (message.restored) firsts.restoredMs ??= now;
      else firsts.liveMs ??= now;
    }
    if (chart.hasAttribute('restored') && chart.uplot && chart.series.some((s) => s.times.length > 1))
      firsts.chartRestoredMs ??= now;
    if (now > deadline) throw new Error(`not everything shown within 30 s: ${JSON.stringify(firsts)}`);
  }
  return firsts;
}

function count(database, storeName) {
  return new Promise((resolve, reject) => {
    const request = database
      .transaction(storeName)
      .objectStore(storeName)
      .getAll(IDBKeyRange.bound([key], [key, []]));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

window.benchPersist = {
  firsts: watch(),
  /** Whether every readout shows a live value and the chart has `points` points. */
  liveShown: (points) =>
    readouts.every((value) => value.message && !value.message.restored) &&
    (chart.series[0]?.times.length ?? 0) >= points,
  async kept(messages, points) {
    for (;;) {
      const database = await new Promise((resolve, reject) => {
        const request = indexedDB.open('mqtt-elements-persist');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const names = Array.from(database.objectStoreNames);
        if (names.includes('messages') && names.includes('series')) {
          const kept = await count(database, 'messages');
          const [history] = await count(database, 'series');
          if (kept.length >= messages && (history?.series[0]?.times.length ?? 0) >= points) return;
        }
      } finally {
        database.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
};

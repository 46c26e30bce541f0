// The explorer's page: one <mqtt-connection> with an <mqtt-explorer topic="#"> (`?variant=explorer`),
// or the same connection and stream without it (`?variant=baseline`). Both count messages with one
// listener on `#` through the connection core, which shares the explorer's subscription, so the only
// difference between the two pages is the explorer.
import { installBench } from './harness.mjs';

const variant = new URL(location.href).searchParams.get('variant') ?? 'explorer';
await import('/cdn/mqtt-elements.js');
if (variant === 'explorer') await import('/cdn/mqtt-explorer.js');

/** 100,000 topics four levels deep: plant/area0…9/line0…99/sensor0…99. */
export const treeTopicOf = (i) =>
  `plant/area${i % 10}/line${Math.floor(i / 10) % 100}/sensor${Math.floor(i / 1000)}`;

const bench = installBench({
  kind: variant,
  topicOf: treeTopicOf,
  async mount({ url, createWebsocket }) {
    const connection = document.createElement('mqtt-connection');
    connection.setAttribute('url', url);
    connection.setAttribute('client-id', `bench_${Math.random().toString(36).slice(2, 10)}`);
    if (createWebsocket) connection.options = { createWebsocket };
    if (variant === 'explorer') {
      const explorer = document.createElement('mqtt-explorer');
      explorer.setAttribute('topic', '#');
      connection.append(explorer);
      window.explorer = explorer;
    }
    document.querySelector('main').append(connection);
    await until(() => connection.status === 'connected');
    connection.core.subscribe('#', () => bench.onMessage());
    window.connection = connection;
    return { clientId: connection.clientId };
  },
});

/** Long tasks (over 50 ms) on the main thread, as Chromium reports them, since the last `takeLongTasks()`. */
let longTasks = [];
const longTaskObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
});
longTaskObserver.observe({ type: 'longtask' });
bench.takeLongTasks = () => {
  // Entries not yet handed to the callback belong to the tasks before this call, too.
  for (const entry of longTaskObserver.takeRecords()) longTasks.push(entry.duration);
  const taken = longTasks;
  longTasks = [];
  return taken;
};

async function until(check) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Opens one area (about 1,100 rows) and selects a topic in it, as someone watching it would. */
bench.openArea = async () => {
  const explorer = window.explorer;
  if (!explorer) return { rows: 0 };
  explorer.expandAll('plant/area0');
  explorer.select('plant/area0/line0/sensor0');
  await nextFrame();
  await nextFrame();
  return { rowsInDom: explorer.shadowRoot.querySelectorAll('[part~="row"]').length };
};

/** Scrolls the tree by `step` px every frame for `ms`, wrapping around at the end. */
bench.scrollFor = async ({ ms, step = 40 }) => {
  const tree = window.explorer?.shadowRoot.querySelector('[part~="tree"]');
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (tree)
      tree.scrollTop =
        tree.scrollTop + step >= tree.scrollHeight - tree.clientHeight ? 0 : tree.scrollTop + step;
    await nextFrame();
  }
};

/**
 * Publishes a payload of `bytes` bytes (ASCII text, or binary with `binary`), selects its topic, presses
 * "Show all" and records the long tasks (over 50 ms) of showing its first part, and of showing all of it.
 */
bench.showAll = async ({ bytes, binary = false }) => {
  const explorer = window.explorer;
  const topic = binary ? 'bench/large/binary' : 'bench/large/payload';
  // The in-page broker takes a payload as a string of character codes, one byte each: binary as latin-1.
  const payload = binary
    ? Array.from({ length: bytes }, (_, i) => String.fromCharCode((i * 7 + 3) & 0xff)).join('')
    : 'abcdefghijklmnopqrstuvwxyz0123456789\n'.repeat(Math.ceil(bytes / 37)).slice(0, bytes);
  // The hex dump: 16 bytes a line; its last line starts with the offset of the last 16 bytes.
  const lastLine = `${(bytes - 16).toString(16).padStart(8, '0')}  `;
  bench.publishOne(topic, payload);
  await until(() => explorer.tree.find(topic));
  await nextFrame();
  await nextFrame();
  // Observed from here: receiving and parsing the packet is MQTT.js's work, not the explorer's.
  bench.takeLongTasks();
  const selectedAt = performance.now();
  explorer.select(topic);
  const shown = () => explorer.shadowRoot.querySelector('[part~="payload"]');
  await until(() => shown()?.textContent.length > 0);
  const firstShown = performance.now() - selectedAt;
  const firstLength = shown().textContent.length;
  await nextFrame();
  await nextFrame();
  const firstLongTasks = bench.takeLongTasks();
  const clickedAt = performance.now();
  explorer.shadowRoot.querySelector('[part~="show-all"]').click();
  await until(() =>
    binary ? shown().textContent.includes(lastLine) : shown().textContent.length >= payload.length,
  );
  const allShown = performance.now() - clickedAt;
  await nextFrame();
  return {
    bytes,
    binary,
    firstShown,
    firstLength,
    firstLongTasks,
    allShown,
    longTasks: bench.takeLongTasks(),
  };
};

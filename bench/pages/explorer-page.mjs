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
 * Publishes a payload of `bytes` ASCII characters, selects its topic, presses "Show all" and records the
 * long tasks (over 50 ms) until the whole payload is on screen.
 */
bench.showAll = async ({ bytes }) => {
  const explorer = window.explorer;
  const topic = 'bench/large/payload';
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789\n'.repeat(Math.ceil(bytes / 37)).slice(0, bytes);
  bench.publishOne(topic, text);
  await until(() => explorer.tree.find(topic));
  // Observed from here: receiving and parsing the packet is MQTT.js's work, not the explorer's.
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const selectedAt = performance.now();
  explorer.select(topic);
  const payload = () => explorer.shadowRoot.querySelector('[part~="payload"]');
  await until(() => payload());
  const firstShown = performance.now() - selectedAt;
  const firstLength = payload().textContent.length;
  const clickedAt = performance.now();
  explorer.shadowRoot.querySelector('[part~="show-all"]').click();
  await until(() => payload().textContent.length >= text.length);
  const allShown = performance.now() - clickedAt;
  await nextFrame();
  observer.disconnect();
  return { firstShown, firstLength, allShown, longTasks };
};

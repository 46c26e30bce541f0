// The library's page: one <mqtt-connection> and N <mqtt-subscribe> on distinct topics, from the CDN
// bundle as a user loads it (`?lib=` loads another build, e.g. an unminified one for profiling). Renders
// are counted by wrapping the element's `update` here, in the benchmark page only.
import { installBench, topicOf } from './harness.mjs';

const { MqttSubscribe } = await import(
  new URL(location.href).searchParams.get('lib') ?? '/cdn/mqtt-elements.js'
);

const bench = installBench({
  kind: 'elements',
  async mount({ count, url, createWebsocket }) {
    const connection = document.createElement('mqtt-connection');
    connection.setAttribute('url', url);
    connection.setAttribute('client-id', `bench_${Math.random().toString(36).slice(2, 10)}`);
    if (createWebsocket) connection.options = { createWebsocket };
    connection.addEventListener('mqtt-message', (event) => bench.onMessage(event.target));
    const items = [];
    for (let i = 0; i < count; i++) {
      const element = document.createElement('mqtt-subscribe');
      element.setAttribute('topic', topicOf(i));
      items.push(element);
    }
    connection.append(...items);
    document.querySelector('main').append(connection);
    window.connection = connection;
    await until(() => connection.status === 'connected');
    return { clientId: connection.clientId };
  },
});

const update = MqttSubscribe.prototype.update;
MqttSubscribe.prototype.update = function (changed) {
  bench.onRender(this);
  return update.call(this, changed);
};

async function until(check) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const nextTask = () => new Promise((resolve) => setTimeout(resolve));
const shown = (element) => element.shadowRoot?.querySelector('[part="value"]')?.textContent;

/**
 * Adds and removes `cycles` elements, `batch` at a time, each on a topic of its own, letting each batch
 * render before it goes. Resolves once the released filters are unsubscribed.
 */
bench.attachDetach = async ({ cycles, batch = 100, offset = 0 }) => {
  const connection = window.connection;
  for (let done = 0; done < cycles; done += batch) {
    const elements = [];
    for (let i = 0; i < batch; i++) {
      const element = document.createElement('mqtt-subscribe');
      element.setAttribute('topic', `bench/attach/${offset + done + i}`);
      elements.push(element);
    }
    connection.append(...elements);
    await nextFrame();
    for (const element of elements) element.remove();
    await nextTask();
  }
  // Filters are kept for a short grace period after their last element leaves.
  await new Promise((resolve) => setTimeout(resolve, 600));
  return { subscriptions: connection.core.subscriptionCount };
};

/**
 * Time to first value: a topic the connection already holds (through an element on the same topic, or
 * through a wildcard filter's cache) gets a new element; does its value show in the first frame after
 * the task that added it?
 */
bench.firstValue = async ({ trials }) => {
  const connection = window.connection;
  const exact = document.createElement('mqtt-subscribe');
  exact.setAttribute('topic', 'bench/first/exact');
  const wildcard = document.createElement('mqtt-subscribe');
  wildcard.setAttribute('topic', 'bench/first/wild/#');
  connection.append(exact, wildcard);
  await until(() => window.bench.state && connection.core.subscriptionCount >= 2);
  await nextTask();
  const results = {};
  for (const [name, topic, holder] of [
    ['same topic held by another element', 'bench/first/exact', exact],
    ['topic held through a wildcard filter', 'bench/first/wild/a/b', wildcard],
  ]) {
    bench.publishOne(topic, '42.5');
    await until(() => holder.message?.topic === topic);
    await nextFrame();
    const expected = holder.message && holder.text;
    let sameFrame = 0;
    const delays = [];
    for (let t = 0; t < trials; t++) {
      const outcome = await new Promise((resolve) => {
        setTimeout(() => {
          const element = document.createElement('mqtt-subscribe');
          element.setAttribute('topic', topic);
          const added = performance.now();
          connection.append(element);
          let firstSeen;
          // Microtasks after this task (where Lit renders) run before the frame's callbacks.
          const watch = () => {
            if (firstSeen === undefined && shown(element) === expected) firstSeen = performance.now() - added;
          };
          queueMicrotask(() => queueMicrotask(watch));
          requestAnimationFrame(() => {
            watch();
            const inFrame = shown(element) === expected;
            element.remove();
            resolve({ inFrame, delay: firstSeen });
          });
        });
      });
      if (outcome.inFrame) sameFrame++;
      if (outcome.delay !== undefined) delays.push(outcome.delay);
      await nextFrame();
    }
    delays.sort((a, b) => a - b);
    results[name] = { trials, sameFrame, medianMs: delays[delays.length >> 1] ?? null, expected };
  }
  return results;
};

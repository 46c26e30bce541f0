// `<mqtt-connection shared persist>`: the worker keeps the messages, and a tab keeps its chart's history
// in the same IndexedDB database under the same storage key; a tab opened later draws it, marked
// restored, until a live point comes. Through the built CDN bundles (run `npm run build:cdn` first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import { nodeClient, openBrowser, openTab, startPageServer, uniqueTopic, until } from './tabs.mjs';

let server;
let browser;
let context;

before(async () => {
  server = await startPageServer();
  ({ browser, context } = await openBrowser());
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The values the tab's chart draws, and whether it is in the restored state. */
const chartOf = (tab) =>
  tab.evaluate(() => {
    const chart = document.querySelector('mqtt-chart');
    return { values: chart?.series[0]?.values ?? [], restored: chart?.hasAttribute('restored') ?? false };
  });

describe('<mqtt-connection shared persist> with a chart', () => {
  let broker;
  let publisher;

  before(async () => {
    broker = await startFaultBroker('aedes');
    publisher = await nodeClient(broker);
  });

  after(async () => {
    await publisher?.endAsync();
    await broker?.close();
  });

  it("a later tab draws the chart's kept history, marked restored, then live points", async () => {
    const topic = uniqueTopic('shared-history');
    const key = `shared-history-${Date.now()}`;
    const options = { url: broker.wsUrl, attributes: { persist: key }, query: { chart: topic } };
    // A QoS 1 message reaches only a subscription already in place at the broker: each publish
    // waits until the broker has taken the chart's SUBSCRIBE (Aedes reports it once it is in place).
    const subscribes = () =>
      broker.packetLog.filter((p) => p.type === 'subscribe' && p.topic === topic).length;
    const first = await openTab(context, server.origin, options);
    await first.waitForFunction(() => customElements.get('mqtt-chart') !== undefined);
    await until(() => subscribes() === 1, "the first tab's chart subscribed at the broker");
    for (const value of [1, 2, 3]) {
      await publisher.publishAsync(topic, String(value), { qos: 1 });
      await until(
        async () => (await chartOf(first)).values.at(-1) === value,
        `the first tab to draw ${value}`,
      );
    }
    // Written within a second; closing the tab writes what is pending.
    await until(
      () =>
        first
          .evaluate(
            ([key]) =>
              new Promise((resolve) => {
                const request = indexedDB.open('mqtt-elements-persist');
                request.onsuccess = () => {
                  const database = request.result;
                  if (!database.objectStoreNames.contains('series')) return (resolve(0), database.close());
                  const get = database.transaction('series').objectStore('series').get([key, 'chart']);
                  get.onsuccess = () => (resolve(get.result?.series[0]?.times.length ?? 0), database.close());
                };
              }),
            [key],
          )
          .then((kept) => kept === 3),
      'the history to be kept',
    );
    assert.deepEqual(first.errors, []);
    await first.close();

    // The last tab leaving ended the shared client: the second tab's chart subscribes anew.
    const subscribedBefore = subscribes();
    const second = await openTab(context, server.origin, options);
    await until(async () => {
      const chart = await chartOf(second);
      return chart.restored && JSON.stringify(chart.values) === '[1,2,3]';
    }, 'the second tab to draw the kept points, restored');
    await until(() => subscribes() > subscribedBefore, "the second tab's chart subscribed at the broker");
    await publisher.publishAsync(topic, '4', { qos: 1 });
    await until(async () => {
      const chart = await chartOf(second);
      return !chart.restored && JSON.stringify(chart.values) === '[1,2,3,4]';
    }, 'a live point after them, the mark gone');
    assert.deepEqual(second.errors, []);
    await second.close();
  });
});

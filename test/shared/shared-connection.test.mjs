// `<mqtt-connection shared>` across tabs of one browser, through the built CDN bundle and its worker
// file (run `npm run build:cdn` first), against Aedes and Mosquitto: what the broker sees (CONNECTs,
// SUBSCRIBEs, UNSUBSCRIBEs, wills) and what each tab shows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import {
  brokerSaw,
  nodeClient,
  openBrowser,
  openTab,
  shownValues,
  startPageServer,
  uniqueTopic,
  until,
} from './tabs.mjs';

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

for (const kind of ['aedes', 'mosquitto']) {
  describe(`<mqtt-connection shared> on ${kind}`, () => {
    let broker;
    let publisher;
    const tabs = [];

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await nodeClient(broker);
    });

    after(async () => {
      await Promise.all(tabs.splice(0).map((tab) => tab.close().catch(() => undefined)));
      await publisher?.endAsync();
      await broker?.close();
    });

    it('five tabs hold one CONNECT and one SUBSCRIBE per filter, show every value and publish acknowledged', async () => {
      const topic = uniqueTopic(`five-${kind}`);
      const clientId = `five-${kind}-${Date.now()}`;
      await publisher.publishAsync(`${topic}/a`, 'retained A', { retain: true, qos: 1 });
      await publisher.subscribeAsync(`${topic}/from-tab/+`, { qos: 1 });

      for (let i = 0; i < 5; i++) {
        tabs.push(
          await openTab(context, server.origin, {
            url: broker.wsUrl,
            topics: [`${topic}/a`, `${topic}/b`, `${topic}/#`],
            attributes: { 'client-id': clientId },
          }),
        );
      }
      for (const tab of tabs) {
        await until(
          async () => (await shownValues(tab))[0] === 'retained A',
          'the retained value in every tab',
        );
        assert.deepEqual(await tab.evaluate(() => document.querySelector('mqtt-connection').sharedState), {
          mode: 'shared',
        });
      }

      await publisher.publishAsync(`${topic}/b`, 'live B', { qos: 1 });
      for (const tab of tabs)
        await until(async () => (await shownValues(tab))[1] === 'live B', 'a live value in every tab');

      // Each tab's publish settles when the broker acknowledged it.
      const settled = await Promise.all(
        tabs.map((tab, i) =>
          tab.evaluate(
            ({ topic, i }) =>
              document
                .querySelector('mqtt-connection')
                .publish(`${topic}/from-tab/${i}`, `hello from tab ${i}`, { qos: 1 })
                .then(() => 'acknowledged'),
            { topic, i },
          ),
        ),
      );
      assert.deepEqual(settled, Array(5).fill('acknowledged'));
      await until(
        () => publisher.received.filter((m) => m.topic.includes('/from-tab/')).length === 5,
        'five publishes',
      );

      const saw = brokerSaw(broker, clientId);
      assert.equal(saw.connects.length, 1, 'one CONNECT for five tabs');
      assert.deepEqual(saw.subscribes.map((s) => s.topic).sort(), [`${topic}/#`, `${topic}/a`, `${topic}/b`]);
      for (const tab of tabs) assert.deepEqual(tab.errors, []);
    });
  });
}

// `<mqtt-connection shared>` across tabs of one browser, through the built CDN bundle and its worker
// file (run `npm run build:cdn` first), against Aedes and Mosquitto: what the broker sees (CONNECTs,
// SUBSCRIBEs, UNSUBSCRIBEs, wills) and what each tab shows.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import {
  assertNoWill,
  brokerSaw,
  closeAll,
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

    afterEach(() => closeAll(tabs));

    after(async () => {
      await closeAll(tabs);
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

    it('a later tab whose settings differ shares the client and is told which of its settings are not in force', async () => {
      const topic = uniqueTopic(`differs-${kind}`);
      const clientId = `differs-${kind}-${Date.now()}`;
      const warnings = [];
      const onConsole = (message) => {
        if (message.type() === 'warning') warnings.push({ page: message.page(), text: message.text() });
      };
      context.on('console', onConsole);
      try {
        const open = (attributes) =>
          openTab(context, server.origin, { url: broker.wsUrl, topics: [topic], attributes });
        const first = await open({ 'client-id': clientId, keepalive: '30' });
        tabs.push(first);
        // The same settings and no client id of its own (each tab makes a random one): nothing to say.
        const same = await open({ keepalive: '30' });
        tabs.push(same);
        const other = await open({ keepalive: '10', 'reconnect-period': '2000' });
        tabs.push(other);
        const said = (tab) =>
          tab.evaluate(() => ({
            warnings: document.querySelector('mqtt-connection').core.statusInfo.warnings,
            status: document.querySelector('mqtt-status').shadowRoot.textContent,
            errors: window.mqttErrors,
            sharedState: document.querySelector('mqtt-connection').sharedState,
          }));
        await until(async () => (await said(other)).errors.length > 0, 'the later tab told');

        const told = await said(other);
        assert.deepEqual(told.sharedState, { mode: 'shared' });
        assert.equal(told.errors.length, 1);
        assert.equal(told.errors[0].code, 'config');
        assert.match(
          told.errors[0].message,
          /keepalive, reconnect-period differ from those of the shared connection/,
        );
        assert.deepEqual(told.warnings, [told.errors[0].message]);
        assert.ok(
          told.status.includes('keepalive, reconnect-period differ'),
          `<mqtt-status> shows it: ${told.status}`,
        );
        assert.deepEqual(
          warnings.filter((w) => w.page === other).map((w) => w.text),
          [`<mqtt-connection shared>: ${told.errors[0].message}`],
          'once in the console',
        );
        for (const quiet of [first, same]) {
          assert.deepEqual((await said(quiet)).errors, []);
          assert.deepEqual((await said(quiet)).warnings, []);
        }
        assert.deepEqual(
          warnings.filter((w) => w.page !== other && w.text.includes('differ')),
          [],
        );

        // One client for the three, and every tab goes on showing values.
        await publisher.publishAsync(topic, 'for all three', { qos: 1 });
        for (const tab of tabs)
          await until(async () => (await shownValues(tab))[0] === 'for all three', 'the value in every tab');
        assert.equal(brokerSaw(broker, clientId).connects.length, 1, 'one CONNECT for three tabs');
      } finally {
        context.off('console', onConsole);
      }
    });

    it('a tab that closes or crashes releases its subscriptions at the broker; the others keep theirs', async () => {
      const topic = uniqueTopic(`release-${kind}`);
      const clientId = `release-${kind}-${Date.now()}`;
      const attributes = { 'client-id': clientId };
      const url = broker.wsUrl;
      const stays = await openTab(context, server.origin, { url, topics: [`${topic}/kept`], attributes });
      const closes = await openTab(context, server.origin, { url, topics: [`${topic}/closed`], attributes });
      const crashes = await openTab(context, server.origin, {
        url,
        topics: [`${topic}/crashed`],
        attributes,
      });
      tabs.push(stays, closes, crashes);
      const subscribed = (filter) => brokerSaw(broker, clientId).subscribes.some((p) => p.topic === filter);
      const unsubscribed = (filter) =>
        brokerSaw(broker, clientId).unsubscribes.some((p) => p.topic === filter);
      await until(
        () => ['kept', 'closed', 'crashed'].every((t) => subscribed(`${topic}/${t}`)),
        'three SUBSCRIBEs',
      );

      await closes.close();
      await until(() => unsubscribed(`${topic}/closed`), 'UNSUBSCRIBE once the tab closed', 5_000);

      // A debug URL the renderer handles itself by crashing: no unload, no goodbye from the page.
      const crashed = new Promise((resolve) => crashes.once('crash', resolve));
      await crashes.goto('chrome://crash').catch(() => undefined);
      await crashed;
      await until(() => unsubscribed(`${topic}/crashed`), 'UNSUBSCRIBE once the tab crashed', 5_000);

      assert.equal(unsubscribed(`${topic}/kept`), false);
      await publisher.publishAsync(`${topic}/kept`, 'still here', { qos: 1 });
      await until(
        async () => (await shownValues(stays))[0] === 'still here',
        'the remaining tab still receives',
      );
      assert.equal(brokerSaw(broker, clientId).connects.length, 1);
    });

    it('every tab recovers after the broker restarts', async () => {
      const topic = uniqueTopic(`restart-${kind}`);
      const clientId = `restart-${kind}-${Date.now()}`;
      for (let i = 0; i < 3; i++) {
        tabs.push(
          await openTab(context, server.origin, {
            url: broker.wsUrl,
            topics: [`${topic}/value`],
            attributes: { 'client-id': clientId, 'reconnect-period': '200', 'max-reconnect-period': '500' },
          }),
        );
      }
      await until(() => brokerSaw(broker, clientId).subscribes.length === 1, 'the SUBSCRIBE');
      await broker.restart();
      for (const tab of tabs) {
        await until(
          () => tab.evaluate(() => document.querySelector('mqtt-connection').status !== 'connected'),
          'the tab sees the connection lost',
        ).catch(() => undefined);
      }
      for (const tab of tabs) {
        await until(
          () => tab.evaluate(() => document.querySelector('mqtt-connection').status === 'connected'),
          'every tab connected again',
        );
      }
      await until(
        () => brokerSaw(broker, clientId).subscribes.length === 2,
        'the filter subscribed again, once',
      );
      const pub = await nodeClient(broker);
      await pub.publishAsync(`${topic}/value`, 'after the restart', { qos: 1 });
      for (const tab of tabs) {
        await until(async () => (await shownValues(tab))[0] === 'after the restart', 'a value in every tab');
      }
      await pub.endAsync();
      assert.equal(
        brokerSaw(broker, clientId).connects.length,
        2,
        'one CONNECT before and one after the restart',
      );
    });

    it('the network back in one tab reconnects every tab at once, not after the backoff', async () => {
      const topic = uniqueTopic(`resume-${kind}`);
      const clientId = `resume-${kind}-${Date.now()}`;
      const backoff = 20_000;
      for (let i = 0; i < 3; i++) {
        tabs.push(
          await openTab(context, server.origin, {
            url: broker.wsUrl,
            topics: [`${topic}/value`],
            attributes: {
              'client-id': clientId,
              'reconnect-period': String(backoff),
              'max-reconnect-period': String(backoff),
            },
          }),
        );
      }
      await until(() => brokerSaw(broker, clientId).subscribes.length === 1, 'the SUBSCRIBE');
      await broker.kill();
      // Every tab waits out the long backoff: without the hint nothing would happen for 20 s.
      for (const tab of tabs) {
        await until(
          () =>
            tab.evaluate((longerThan) => {
              const info = document.querySelector('mqtt-connection').core.statusInfo;
              return info.status === 'reconnecting' && info.retryAt - Date.now() > longerThan;
            }, backoff / 2),
          'the tab waiting out the backoff',
        );
      }
      await broker.start();
      await tabs[1].evaluate(() => window.dispatchEvent(new Event('online')));
      for (const tab of tabs) {
        await until(
          () => tab.evaluate(() => document.querySelector('mqtt-connection').status === 'connected'),
          'every tab connected again soon after the hint',
          5_000,
        );
      }
      await until(
        () => brokerSaw(broker, clientId).subscribes.length === 2,
        'the filter subscribed again, once',
      );
      const pub = await nodeClient(broker);
      await pub.publishAsync(`${topic}/value`, 'after the hint', { qos: 1 });
      for (const tab of tabs) {
        await until(async () => (await shownValues(tab))[0] === 'after the hint', 'a value in every tab');
      }
      await pub.endAsync();
    });

    it('the last tab leaving disconnects cleanly: no will', async () => {
      const topic = uniqueTopic(`last-${kind}`);
      const clientId = `last-${kind}-${Date.now()}`;
      await publisher.subscribeAsync(`${topic}/will`, { qos: 1 });
      const attributes = { 'client-id': clientId, 'will-topic': `${topic}/will`, 'will-payload': 'gone' };
      for (let i = 0; i < 2; i++) {
        tabs.push(
          await openTab(context, server.origin, { url: broker.wsUrl, topics: [`${topic}/x`], attributes }),
        );
      }
      await closeAll(tabs);
      await until(
        () => broker.connectLog.some((e) => e.type === 'disconnect' && e.clientId === clientId),
        'the broker sees the client go',
      );
      await assertNoWill(publisher, `${topic}/will`);
      const ends = broker.connectLog.filter((e) => e.type === 'disconnect' && e.clientId === clientId);
      assert.equal(
        ends.some((e) => e.unclean),
        false,
        'the connection ended with DISCONNECT',
      );
    });

    it("a live tab's credentials function is asked for each connect, another tab's once that one is gone", async () => {
      const secured = await startFaultBroker(kind, 'secured');
      try {
        const clientId = `credentials-${kind}-${Date.now()}`;
        const options = {
          url: secured.wsUrl,
          attributes: { 'client-id': clientId, 'reconnect-period': '200', 'max-reconnect-period': '500' },
          credentials: { username: 'reader', password: 'reader-pw' },
        };
        const first = await openTab(context, server.origin, options);
        const second = await openTab(context, server.origin, options);
        tabs.push(first, second);
        assert.equal(
          await first.evaluate(() => window.credentialCalls),
          1,
          'the first tab asked for the CONNECT',
        );
        assert.equal(
          await second.evaluate(() => window.credentialCalls),
          0,
          'the second tab joined the open client',
        );

        await first.close();
        await secured.restart();
        await until(
          () => second.evaluate(() => window.credentialCalls > 0),
          "the second tab's function asked for the reconnect",
        );
        await until(
          () => second.evaluate(() => document.querySelector('mqtt-connection').status === 'connected'),
          'connected again with its credentials',
        );
        assert.equal(brokerSaw(secured, clientId).connects.length, 2);
      } finally {
        await closeAll(tabs);
        await secured.close();
      }
    });

    it('persist through the worker: a tab opened with the broker down shows the kept value, restored', async () => {
      const own = await startFaultBroker(kind);
      try {
        const topic = uniqueTopic(`persist-${kind}`);
        const key = `shared-persist-${kind}-${Date.now()}`;
        const options = { url: own.wsUrl, topics: [`${topic}/v`], attributes: { persist: key } };
        const first = await openTab(context, server.origin, options);
        tabs.push(first);
        // A QoS 1 message reaches only a subscription already in place at the broker.
        await until(
          () => own.packetLog.some((p) => p.type === 'subscribe' && p.topic === `${topic}/v`),
          'the tab subscribed at the broker',
        );
        const pub = await nodeClient(own);
        await pub.publishAsync(`${topic}/v`, 'kept value', { qos: 1 });
        await pub.endAsync();
        await until(async () => (await shownValues(first))[0] === 'kept value', 'the live value');
        // Written by the worker into the origin's database, which the tab can read too.
        await until(
          () =>
            first.evaluate(
              (key) =>
                new Promise((resolve) => {
                  const request = indexedDB.open('mqtt-elements-persist');
                  request.onsuccess = () => {
                    const names = request.result.objectStoreNames;
                    if (!names.contains('messages')) return resolve(false);
                    const all = request.result.transaction('messages').objectStore('messages').getAll();
                    all.onsuccess = () => resolve(all.result.some((entry) => entry.key === key));
                  };
                  request.onerror = () => resolve(false);
                }),
              key,
            ),
          'the value kept on the device',
        );
        await closeAll(tabs);
        await own.kill();
        const later = await openTab(context, server.origin, { ...options, waitConnected: false });
        tabs.push(later);
        await until(
          async () => (await shownValues(later))[0] === 'kept value',
          'the kept value shown at load',
        );
        assert.equal(
          await later.evaluate(() => document.querySelector('mqtt-subscribe').hasAttribute('restored')),
          true,
        );
        assert.notEqual(
          await later.evaluate(() => document.querySelector('mqtt-connection').status),
          'connected',
        );
      } finally {
        await closeAll(tabs);
        await own.close();
      }
    });

    it('the tabs start a new worker when the one they share ends without a word', async () => {
      const topic = uniqueTopic(`worker-gone-${kind}`);
      const clientId = `worker-gone-${kind}-${Date.now()}`;
      for (let i = 0; i < 2; i++) {
        tabs.push(
          await openTab(context, server.origin, {
            url: broker.wsUrl,
            topics: [`${topic}/v`],
            attributes: { 'client-id': clientId },
          }),
        );
      }
      // Ended from outside, as a crash of the process it runs in would end it.
      const devtools = await browser.newBrowserCDPSession();
      const { targetInfos } = await devtools.send('Target.getTargets');
      const workers = targetInfos.filter((t) => t.type === 'shared_worker');
      assert.equal(workers.length, 1, 'one shared worker for both tabs');
      await devtools.send('Target.closeTarget', { targetId: workers[0].targetId });
      await until(() => brokerSaw(broker, clientId).connects.length === 2, 'a new worker connects once');
      await until(() => brokerSaw(broker, clientId).subscribes.length === 2, 'and subscribes again, once');
      await publisher.publishAsync(`${topic}/v`, 'after the worker ended', { qos: 1 });
      for (const tab of tabs) {
        await until(
          async () => (await shownValues(tab))[0] === 'after the worker ended',
          'every tab receives',
        );
      }
      await devtools.detach();
    });

    it('a page without SharedWorker, or whose worker file or shared-connection script is missing, uses a client of its own and says so', async () => {
      const topic = uniqueTopic(`fallback-${kind}`);
      await publisher.publishAsync(`${topic}/v`, 'retained V', { retain: true, qos: 1 });
      const clientId = `fallback-${kind}-${Date.now()}`;
      const noWorker = await openTab(context, server.origin, {
        url: broker.wsUrl,
        topics: [`${topic}/v`],
        attributes: { 'client-id': clientId },
        query: { withoutSharedWorker: '1' },
      });
      const missingFile = await openTab(context, server.origin, {
        url: broker.wsUrl,
        topics: [`${topic}/v`],
        attributes: { 'client-id': clientId, 'worker-url': '/cdn/no-such-worker.js' },
      });
      const missingModule = await openTab(context, server.origin, {
        url: broker.wsUrl,
        topics: [`${topic}/v`],
        attributes: { 'client-id': clientId },
        query: { withoutSharedModule: '1' },
      });
      tabs.push(noWorker, missingFile, missingModule);
      for (const [tab, reason] of [
        [missingModule, /script of the shared connection did not load/],
        [noWorker, /no SharedWorker/],
        // Chromium fires the worker's error event for a missing script, except when a failed instance of
        // the same script is still around from an earlier page: then the 5 s wait for an answer says it.
        [missingFile, /worker script did not load|did not answer within 5 s/],
      ]) {
        await until(async () => (await shownValues(tab))[0] === 'retained V', 'the value shown all the same');
        const state = await tab.evaluate(() => document.querySelector('mqtt-connection').sharedState);
        assert.equal(state.mode, 'own-client');
        assert.match(state.reason, reason);
        const fallbacks = await tab.evaluate(() => window.fallbacks);
        assert.equal(fallbacks.length, 1, 'one mqtt-shared-fallback event');
        // The explicit client id gets a suffix, so two such tabs do not take each other's connection.
        assert.match(fallbacks[0].clientId, new RegExp(`^${clientId}-[0-9a-f]{4}$`));
      }
      assert.equal(brokerSaw(broker, clientId).connects.length, 3, 'three clients of their own');
      const ids = await Promise.all(tabs.map((t) => t.evaluate(() => window.fallbacks[0].clientId)));
      assert.equal(new Set(ids).size, 3, 'three client ids');
    });

    it('the classic script finds the worker next to itself and shares it', async () => {
      const topic = uniqueTopic(`classic-${kind}`);
      const clientId = `classic-${kind}-${Date.now()}`;
      for (const bundle of ['global', 'module']) {
        tabs.push(
          await openTab(context, server.origin, {
            url: broker.wsUrl,
            topics: [`${topic}/v`],
            attributes: { 'client-id': clientId },
            query: { bundle },
          }),
        );
      }
      // Before the tab's side of `shared` (cdn/mqtt-shared.js) has loaded, it says so.
      assert.deepEqual(await tabs[1].evaluate(() => window.firstSharedState), { mode: 'pending' });
      for (const tab of tabs) {
        assert.deepEqual(await tab.evaluate(() => document.querySelector('mqtt-connection').sharedState), {
          mode: 'shared',
        });
        assert.deepEqual(await tab.evaluate(() => window.cspViolations), []);
      }
      assert.equal(brokerSaw(broker, clientId).connects.length, 1);
    });
  });
}

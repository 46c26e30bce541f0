// The classic script (cdn/mqtt-elements.global.js) on a site that copied it without cdn/mqtt-shared.js,
// the tab's side of `shared` that it imports on first use: the connection must say so (its
// `sharedState`, one `mqtt-shared-fallback` event from the element, one console warning) and the page
// must work on a client of its own, against Aedes and Mosquitto. Run `npm run build:cdn` first.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import {
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
/** Every console message of the context's pages, with its page. */
const consoleMessages = [];
/** Requests for mqtt-shared.js and what the server answered. */
const sharedModuleRequests = [];

before(async () => {
  server = await startPageServer();
  ({ browser, context } = await openBrowser());
  // Before any script of the page: which element each fallback event came from.
  await context.addInitScript(() => {
    window.fallbackTargets = [];
    document.addEventListener('mqtt-shared-fallback', (event) => window.fallbackTargets.push(event.target));
  });
  context.on('console', (message) => consoleMessages.push(message));
  context.on('response', (response) => {
    if (response.url().includes('mqtt-shared.js')) sharedModuleRequests.push(response);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const kind of ['aedes', 'mosquitto']) {
  describe(`the classic script without mqtt-shared.js, on ${kind}`, () => {
    let broker;
    let publisher;
    const tabs = [];

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await nodeClient(broker);
    });

    afterEach(() => closeAll(tabs));

    after(async () => {
      await publisher?.endAsync();
      await broker?.close();
    });

    it('falls back to a client of its own, says why on the element, once, and the page keeps working', async () => {
      const topic = uniqueTopic(`classic-missing-${kind}`);
      const clientId = `classic-missing-${kind}-${Date.now()}`;
      await publisher.publishAsync(`${topic}/v`, 'retained V', { retain: true, qos: 1 });
      await publisher.subscribeAsync(`${topic}/from-tab`, { qos: 1 });
      sharedModuleRequests.length = 0;

      const tab = await openTab(context, server.origin, {
        url: broker.wsUrl,
        topics: [`${topic}/v`, `${topic}/live`],
        attributes: { 'client-id': clientId },
        query: { bundle: 'global', withoutSharedModule: '1' },
      });
      tabs.push(tab);

      // The page is the one meant: the classic script, and its request for the missing file refused.
      assert.equal(await tab.evaluate(() => typeof window.MqttElements?.MqttConnection), 'function');
      assert.deepEqual(
        sharedModuleRequests.map((r) => [new URL(r.url()).pathname, r.status()]),
        [['/cdn-without-shared/mqtt-shared.js', 404]],
      );

      // On the element: its state names the file that did not load.
      const state = await tab.evaluate(() => document.querySelector('mqtt-connection').sharedState);
      assert.equal(state.mode, 'own-client');
      assert.match(state.reason, /script of the shared connection did not load/);
      assert.match(state.reason, /\/cdn-without-shared\/mqtt-shared\.js/);

      // One event, from the <mqtt-connection>, with the client id of the tab's own client.
      const events = await tab.evaluate(() =>
        window.fallbacks.map((detail, i) => ({ ...detail, from: window.fallbackTargets[i]?.localName })),
      );
      assert.equal(events.length, 1, 'one mqtt-shared-fallback event');
      assert.equal(events[0].from, 'mqtt-connection');
      assert.equal(events[0].reason, state.reason);
      assert.match(events[0].clientId, new RegExp(`^${clientId}-[0-9a-f]{4}$`));

      // One warning in the console, saying what happened; no other warning or error than the 404.
      const mine = consoleMessages.filter((m) => m.page() === tab);
      const warnings = mine.filter((m) => m.type() === 'warning').map((m) => m.text());
      assert.equal(warnings.length, 1, `one console warning, got ${JSON.stringify(warnings)}`);
      assert.match(warnings[0], /^<mqtt-connection shared> uses a client of this tab's own/);
      assert.ok(warnings[0].includes(events[0].clientId) && warnings[0].includes(state.reason));
      // (The test page has no icon: the browser's request for one is not the library's.)
      const errors = mine.filter((m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'));
      assert.deepEqual(
        errors.map((m) => [m.text().replace(/:.*/, ''), new URL(m.location().url).pathname]),
        [['Failed to load resource', '/cdn-without-shared/mqtt-shared.js']],
      );

      // The page works on its own client: values shown, status connected, a publish acknowledged.
      await until(async () => (await shownValues(tab))[0] === 'retained V', 'the retained value');
      await publisher.publishAsync(`${topic}/live`, 'live L', { qos: 1 });
      await until(async () => (await shownValues(tab))[1] === 'live L', 'a live value');
      assert.equal(await tab.locator('mqtt-status [part="label"]').innerText(), 'Connected');
      assert.equal(
        await tab
          .evaluate(
            (t) => document.querySelector('mqtt-connection').publish(t, 'hi', { qos: 1 }),
            `${topic}/from-tab`,
          )
          .then(() => 'acknowledged'),
        'acknowledged',
      );
      await until(() => publisher.received.some((m) => m.topic === `${topic}/from-tab`), 'the publish');
      assert.deepEqual(
        brokerSaw(broker, clientId).connects.map((c) => c.clientId),
        [events[0].clientId],
        'one CONNECT, with the suffixed id',
      );
      assert.deepEqual(tab.errors, []);
      assert.deepEqual(await tab.evaluate(() => window.cspViolations), []);
      // Nothing more was said meanwhile.
      assert.equal(consoleMessages.filter((m) => m.page() === tab && m.type() === 'warning').length, 1);
      assert.equal(await tab.evaluate(() => window.fallbacks.length), 1);
    });
  });
}

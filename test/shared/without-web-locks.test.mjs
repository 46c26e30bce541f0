// `<mqtt-connection shared>` on a page that is not a secure context, so has no Web Locks: a home
// dashboard served over plain http from a name on the local network. The page is served as
// http://dashboard.test:<port>/, a name Chromium is told to resolve to loopback (unlike localhost
// and 127.0.0.1, such an origin is not potentially trustworthy). There the worker pings the tabs, and
// the tabs take its pings as the sign that it lives: a crashed tab is let go, a frozen one is let go
// and comes back by itself once it runs again, and a worker that ended is replaced. Through the built
// CDN bundle and its worker file (run `npm run build:cdn` first), against Aedes and Mosquitto.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import { openCdpBrowser } from '../support/cdp-browser.mjs';
import {
  assertNoWill,
  brokerSaw,
  closeAll,
  nodeClient,
  shownValues,
  startPageServer,
  uniqueTopic,
  until,
} from './tabs.mjs';

// The worker's constants (src/core/shared/wire.ts): a ping every 5 s, a tab let go after 3 unanswered,
// so 15 to 20 s after it stopped answering; a tab takes the worker for gone after 15 s without a ping.
const pingMs = 5_000;
const missedPings = 3;
const releasedWithinMs = (missedPings + 1) * pingMs;
/** What a broker and a loaded machine add to the stated time: a packet written, read and logged. */
const brokerSlackMs = 3_000;

let server;
let browser;
let origin;

before(async () => {
  server = await startPageServer();
  origin = `http://dashboard.test:${new URL(server.origin).port}`;
  browser = await openCdpBrowser([`--host-resolver-rules=MAP dashboard.test 127.0.0.1`]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A tab of the test page (tabs.mjs) showing `topics`, connected; `newWindow` keeps it visible. */
async function openTab({ url, topics, attributes, newWindow = false }) {
  const query = new URLSearchParams({
    topics: topics.join(','),
    attributes: JSON.stringify({ url, ...attributes }),
  });
  const tab = await browser.newTab(`${origin}/shared-test/page.html?${query}`, { newWindow });
  await until(
    () => tab.evaluate(() => document.querySelector('mqtt-connection')?.status === 'connected'),
    'connected',
  );
  return tab;
}

/** What a tab says of itself: where it runs and whether it shares the worker. */
const describeTab = (tab) =>
  tab.evaluate(() => ({
    secure: isSecureContext,
    locks: typeof navigator.locks,
    visibility: document.visibilityState,
    sharedState: document.querySelector('mqtt-connection').sharedState,
    fallbacks: window.fallbacks.length,
  }));

for (const kind of ['aedes', 'mosquitto']) {
  describe(`<mqtt-connection shared> without Web Locks on ${kind}`, () => {
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

    it("a crashed tab's filters are unsubscribed within 20 s; a hidden tab and a visible one keep theirs and their values", async (t) => {
      const topic = uniqueTopic(`crash-${kind}`);
      const clientId = `crash-${kind}-${Date.now()}`;
      const options = { url: broker.wsUrl, attributes: { 'client-id': clientId } };
      // `hidden` is put behind `crashes` in their window, as a background tab; `stays` has a window of its own.
      const hidden = await openTab({ ...options, topics: [`${topic}/hidden`] });
      const crashes = await openTab({ ...options, topics: [`${topic}/crashed`, `${topic}/both`] });
      const stays = await openTab({
        ...options,
        topics: [`${topic}/kept`, `${topic}/both`],
        newWindow: true,
      });
      tabs.push(hidden, crashes, stays);
      const expected = { secure: false, locks: 'undefined', sharedState: { mode: 'shared' }, fallbacks: 0 };
      assert.deepEqual(await describeTab(hidden), { ...expected, visibility: 'hidden' });
      assert.deepEqual(await describeTab(stays), { ...expected, visibility: 'visible' });
      const saw = () => brokerSaw(broker, clientId);
      await until(
        () =>
          ['hidden', 'crashed', 'both', 'kept'].every((f) =>
            saw().subscribes.some((p) => p.topic === `${topic}/${f}`),
          ),
        'the four SUBSCRIBEs',
      );

      const crashedAt = Date.now();
      await crashes.crash();
      await until(
        () => saw().unsubscribes.some((p) => p.topic === `${topic}/crashed`),
        'the UNSUBSCRIBE of the crashed tab’s own filter',
        releasedWithinMs + brokerSlackMs,
      );
      t.diagnostic(`released ${((Date.now() - crashedAt) / 1000).toFixed(1)} s after the crash`);
      // Released the way a tab that leaves is: only what no other tab wants, by the pings alone.
      assert.deepEqual(
        saw().unsubscribes.map((p) => p.topic),
        [`${topic}/crashed`],
      );
      assert.equal(saw().connects.length, 1, 'one CONNECT all along');

      // The hidden tab answered every ping meanwhile, and both tabs still show live values.
      for (const f of ['hidden', 'kept', 'both'])
        await publisher.publishAsync(`${topic}/${f}`, `${f} live`, { qos: 1 });
      await until(
        async () => (await shownValues(hidden))[0] === 'hidden live',
        'the hidden tab shows its new value',
      );
      await until(
        async () => JSON.stringify(await shownValues(stays)) === JSON.stringify(['kept live', 'both live']),
        'the visible tab shows its new values',
      );
      assert.equal((await describeTab(hidden)).visibility, 'hidden');
      assert.deepEqual([...hidden.errors, ...stays.errors], []);
    });

    it('a frozen tab is let go (the last one: DISCONNECT, no will) and comes back by itself when it resumes', async (t) => {
      const topic = uniqueTopic(`frozen-${kind}`);
      const clientId = `frozen-${kind}-${Date.now()}`;
      await publisher.subscribeAsync(`${topic}/will`, { qos: 1 });
      const frozen = await openTab({
        url: broker.wsUrl,
        topics: [`${topic}/v`],
        attributes: { 'client-id': clientId, 'will-topic': `${topic}/will`, 'will-payload': 'gone' },
      });
      tabs.push(frozen);
      // A tab in front of it: browsers freeze background tabs, not the one the user looks at.
      tabs.push(await browser.newTab('about:blank'));
      await frozen.evaluate(() => {
        window.lifecycle = [];
        for (const type of ['freeze', 'resume'])
          document.addEventListener(type, () => window.lifecycle.push(type));
      });
      const saw = () => brokerSaw(broker, clientId);
      await until(() => saw().subscribes.length === 1, 'the SUBSCRIBE');
      await publisher.publishAsync(`${topic}/v`, 'before the freeze', { qos: 1 });
      await until(async () => (await shownValues(frozen))[0] === 'before the freeze', 'the first value');

      const frozenAt = Date.now();
      await frozen.send('Page.setWebLifecycleState', { state: 'frozen' });
      const disconnected = () =>
        broker.connectLog.filter((e) => e.type === 'disconnect' && e.clientId === clientId);
      await until(
        () => disconnected().length === 1,
        'the shared client gone with its last tab',
        releasedWithinMs + brokerSlackMs,
      );
      t.diagnostic(`let go ${((Date.now() - frozenAt) / 1000).toFixed(1)} s after the freeze`);
      assert.equal(
        disconnected().some((e) => e.unclean),
        false,
        'the connection ended with DISCONNECT',
      );
      await assertNoWill(publisher, `${topic}/will`);

      await frozen.send('Page.setWebLifecycleState', { state: 'active' });
      await until(
        () => saw().connects.length === 2 && saw().subscribes.length === 2,
        'connected and subscribed again',
      );
      await publisher.publishAsync(`${topic}/v`, 'after the resume', { qos: 1 });
      await until(async () => (await shownValues(frozen))[0] === 'after the resume', 'the new value shown');
      assert.deepEqual(await frozen.evaluate(() => window.lifecycle), ['freeze', 'resume']);
      const state = await describeTab(frozen);
      assert.deepEqual(state.sharedState, { mode: 'shared' });
      assert.equal(state.fallbacks, 0, 'no mqtt-shared-fallback event');
      assert.deepEqual(frozen.errors, []);
    });

    it('the tabs start a new worker when theirs ends without a word', async (t) => {
      const topic = uniqueTopic(`worker-gone-${kind}`);
      const clientId = `worker-gone-${kind}-${Date.now()}`;
      const options = { url: broker.wsUrl, topics: [`${topic}/v`], attributes: { 'client-id': clientId } };
      tabs.push(await openTab(options), await openTab({ ...options, newWindow: true }));
      const saw = () => brokerSaw(broker, clientId);
      await until(() => saw().subscribes.length === 1, 'the SUBSCRIBE');
      // Ended from outside, as a crash of the process it runs in would end it.
      // The worker of the previous test's tabs ends once they are closed.
      const workers = await until(async () => {
        const { targetInfos } = await browser.send('Target.getTargets');
        const found = targetInfos.filter((target) => target.type === 'shared_worker');
        return found.length === 1 && found;
      }, 'one shared worker for both tabs');
      const endedAt = Date.now();
      await browser.send('Target.closeTarget', { targetId: workers[0].targetId });
      await until(
        () => saw().connects.length === 2,
        'a new worker connects once',
        releasedWithinMs + brokerSlackMs,
      );
      t.diagnostic(
        `a new worker connected ${((Date.now() - endedAt) / 1000).toFixed(1)} s after the old one ended`,
      );
      await until(() => saw().subscribes.length === 2, 'and subscribes again, once');
      await publisher.publishAsync(`${topic}/v`, 'after the worker ended', { qos: 1 });
      for (const tab of tabs)
        await until(
          async () => (await shownValues(tab))[0] === 'after the worker ended',
          'every tab receives',
        );
      for (const tab of tabs) assert.deepEqual((await describeTab(tab)).sharedState, { mode: 'shared' });
    });
  });
}

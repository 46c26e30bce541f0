// Nothing a user sends or is sent is silently lost. QoS 1 and 2 publishes made while the broker is
// down (from <mqtt-publish> and from the JavaScript API) arrive once it is back, counted by a
// subscriber outside the page; QoS 2 arrives exactly once. A persistent session receives what was
// published while the page was away. A full offline queue refuses, loudly.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttPublish, MqttSubscribe } from '../../src/index.js';
import type { MqttMessageEvent } from '../../src/events.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  brokerHasSaved,
  cleanupFaults,
  killBroker,
  recordFigures,
  reviveBroker,
  setProxy,
  startFaultBroker,
  startProxy,
  type NodeMessage,
} from '../support/fault-control.js';
import { until } from '../support/until.js';

const timeout = 15_000;
const perSource = 25;

function uniqueId(name: string): string {
  return `test_${name}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Clicks the button inside `publisher` once per payload, as a user would, and collects the outcomes. */
function clickAll(publisher: MqttPublish, payloads: string[]): { published: string[]; errors: string[] } {
  const outcome = { published: [] as string[], errors: [] as string[] };
  publisher.addEventListener('mqtt-published', (e) => outcome.published.push(e.detail.payload));
  publisher.addEventListener('mqtt-error', (e) => outcome.errors.push(e.detail.message));
  const button = publisher.querySelector('button')!;
  for (const payload of payloads) {
    button.value = payload;
    button.click();
  }
  return outcome;
}

function tally(messages: NodeMessage[], sent: string[]) {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
  return {
    missing: sent.filter((p) => !counts.has(p)),
    duplicated: sent.filter((p) => (counts.get(p) ?? 0) > 1),
    received: messages.length,
  };
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`nothing lost, ${kind}`, function () {
    this.timeout(90_000);
    after(cleanupFaults);

    it('QoS 1 and 2 publishes made while the broker is down are all delivered after it returns; QoS 2 exactly once', async () => {
      // The counting subscriber keeps a persistent session on a broker that keeps its sessions
      // across a restart, so it hears everything whichever of it and the page reconnects first.
      const broker = await startFaultBroker(kind, 'persistent');
      const prefix = uniqueTopic(`lost-${kind}`);
      const counterId = uniqueId('counter');
      const counter = await NodeClient.open(broker, { clientId: counterId, clean: false });
      await counter.subscribe(`${prefix}/#`, 2);
      await until(
        () => brokerHasSaved(broker, counterId, `${prefix}/#`),
        "the broker to save the counting subscriber's session",
      );

      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${uniqueId('sender')}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <mqtt-publish id="q1" topic="${prefix}/element/q1" qos="1"><button>Send</button></mqtt-publish>
          <mqtt-publish id="q2" topic="${prefix}/element/q2" qos="2"><button>Send</button></mqtt-publish>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });

      // What the page itself put on the wire, so a duplicate can be told apart from one the broker made.
      const wire = new Map<string, number>();
      connection.client!.on('packetsend', (packet) => {
        if (packet.cmd === 'publish') {
          const { payload } = packet;
          const text =
            typeof payload === 'string' ? payload : new TextDecoder().decode(payload as Uint8Array);
          wire.set(text, (wire.get(text) ?? 0) + 1);
        }
      });
      await killBroker(broker);
      await waitUntil(() => connection.status === 'reconnecting', 'the page noticed the broker is gone', {
        timeout,
      });

      const payloads = (source: string) => Array.from({ length: perSource }, (_, i) => `${source}-${i}`);
      const sent = {
        elementQos1: payloads('el-q1'),
        elementQos2: payloads('el-q2'),
        apiQos1: payloads('api-q1'),
        apiQos2: payloads('api-q2'),
      };
      const q1 = clickAll(connection.querySelector<MqttPublish>('#q1')!, sent.elementQos1);
      const q2 = clickAll(connection.querySelector<MqttPublish>('#q2')!, sent.elementQos2);
      const apiResults = await Promise.all([
        ...sent.apiQos1.map((p) =>
          connection.publish(`${prefix}/api/q1`, p, { qos: 1 }).then(
            () => 'ok',
            (e: Error) => e.message,
          ),
        ),
        ...sent.apiQos2.map((p) =>
          connection.publish(`${prefix}/api/q2`, p, { qos: 2 }).then(
            () => 'ok',
            (e: Error) => e.message,
          ),
        ),
        // Waits with the broker down, then brings it back while those promises are pending.
        new Promise((r) => setTimeout(r, 500)).then(async () => {
          expect(
            q1.published.length + q2.published.length,
            'nothing acknowledged while the broker is down',
          ).to.equal(0);
          await reviveBroker(broker);
          return 'ok';
        }),
      ]);
      expect(
        apiResults.filter((r) => r !== 'ok'),
        'JavaScript API publishes that failed',
      ).to.deep.equal([]);
      await waitUntil(
        () => q1.published.length === perSource && q2.published.length === perSource,
        'every element publish acknowledged',
        {
          timeout,
        },
      );
      expect([...q1.errors, ...q2.errors]).to.deep.equal([]);

      const total = perSource * 4;
      let received: NodeMessage[] = [];
      await until(
        async () => {
          received = (await counter.received(prefix)).messages;
          return new Set(received.map((m) => m.text)).size >= total;
        },
        () => {
          const distinct = new Set(received.map((m) => m.text));
          const missing = Object.values(sent)
            .flat()
            .filter((p) => !distinct.has(p));
          const sentTwice = Array.from(wire).filter(([, n]) => n > 1);
          return (
            `the subscriber to get all ${total} (has ${received.length}, ${distinct.size} distinct; ` +
            `missing ${missing.join(' ')}; the page wrote ${wire.size} distinct, ${sentTwice.length} more than once)`
          );
        },
        timeout,
      );
      // Late duplicates would show up after the last original: wait a little before counting.
      await new Promise((r) => setTimeout(r, 1000));
      received = (await counter.received(prefix)).messages;
      const byTopic = (suffix: string) => received.filter((m) => m.topic === `${prefix}/${suffix}`);
      const results = {
        elementQos1: tally(byTopic('element/q1'), sent.elementQos1),
        elementQos2: tally(byTopic('element/q2'), sent.elementQos2),
        apiQos1: tally(byTopic('api/q1'), sent.apiQos1),
        apiQos2: tally(byTopic('api/q2'), sent.apiQos2),
      };
      for (const [source, result] of Object.entries(results)) {
        expect(result.missing, `${source}: missing`).to.deep.equal([]);
        if (source.endsWith('Qos2')) expect(result.duplicated, `${source}: duplicated`).to.deep.equal([]);
      }
      await recordFigures('publishes while the broker is down', kind, {
        sent: total,
        received: received.length,
        missing: Object.values(results).reduce((n, r) => n + r.missing.length, 0),
        qos1Duplicates: results.elementQos1.duplicated.length + results.apiQos1.duplicated.length,
        qos2Duplicates: results.elementQos2.duplicated.length + results.apiQos2.duplicated.length,
        writtenByPage: Array.from(wire.values()).reduce((a, b) => a + b, 0),
      });
    });

    it('QoS 1 and 2 publishes swallowed by a black-holed link (the page still thinks it is connected) are sent again after recovery', async () => {
      const broker = await startFaultBroker(kind);
      const proxy = await startProxy(broker);
      const prefix = uniqueTopic(`swallowed-${kind}`);
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 2);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${proxy.wsUrl}
          keepalive="2"
          reconnect-period="100"
          max-reconnect-period="500"
        ></mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      await setProxy(proxy, 'blackhole');
      const sent = { 1: [] as string[], 2: [] as string[] };
      const pending: Promise<void>[] = [];
      for (const qos of [1, 2] as const) {
        for (let i = 0; i < 10; i++) {
          sent[qos].push(`q${qos}-${i}`);
          pending.push(connection.publish(`${prefix}/q${qos}`, `q${qos}-${i}`, { qos }));
        }
      }
      expect(connection.status, 'the page cannot know yet').to.equal('connected');
      await waitUntil(() => connection.status === 'reconnecting', 'black hole detected', { timeout });
      await setProxy(proxy, 'forward');
      await Promise.all(pending);
      await waitUntil(async () => (await counter.receivedCount(prefix)).count >= 20, 'all delivered', {
        timeout,
      });
      await new Promise((r) => setTimeout(r, 1000));
      const { messages } = await counter.received(prefix);
      const q1 = tally(
        messages.filter((m) => m.topic.endsWith('/q1')),
        sent[1],
      );
      const q2 = tally(
        messages.filter((m) => m.topic.endsWith('/q2')),
        sent[2],
      );
      expect(q1.missing, 'QoS 1 missing').to.deep.equal([]);
      expect(q2.missing, 'QoS 2 missing').to.deep.equal([]);
      expect(q2.duplicated, 'QoS 2 duplicated').to.deep.equal([]);
      await recordFigures('publishes swallowed by a black-holed link', kind, {
        sent: 20,
        received: messages.length,
        missing: q1.missing.length + q2.missing.length,
        qos1Duplicates: q1.duplicated.length,
        qos2Duplicates: q2.duplicated.length,
      });
    });

    for (const how of ['disconnect()', 'a network cut'] as const) {
      it(`a clean="false" session receives the QoS 1 messages published while the page was away (${how})`, async () => {
        const broker = await startFaultBroker(kind);
        const proxy = await startProxy(broker);
        const topic = `${uniqueTopic(`session-${kind}`)}/news`;
        const connection = await fixture<MqttConnection>(html`
          <mqtt-connection
            url=${proxy.wsUrl}
            client-id=${uniqueId('session')}
            clean="false"
            reconnect-period="100"
            max-reconnect-period="500"
          >
            <mqtt-subscribe topic=${topic} qos="1" history-size="50"></mqtt-subscribe>
          </mqtt-connection>
        `);
        const element = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
        const seen: string[] = [];
        element.addEventListener('mqtt-message', (e: MqttMessageEvent) => seen.push(e.detail.message.text));
        await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
        const publisher = await NodeClient.open(broker);
        await publisher.publish(topic, { payload: 'first', qos: 1 });
        await waitUntil(() => seen.includes('first'), 'subscribed and receiving', { timeout });

        if (how === 'disconnect()') {
          await connection.disconnect();
        } else {
          await setProxy(proxy, 'refuse');
          await setProxy(proxy, 'drop');
          await waitUntil(() => connection.status === 'reconnecting', 'the page noticed the cut', {
            timeout,
          });
        }
        const away = Array.from({ length: 20 }, (_, i) => `away-${i}`);
        await publisher.publish(topic, { payload: 'away-{{i}}', qos: 1, count: away.length });
        await new Promise((r) => setTimeout(r, 300));
        expect(
          seen.filter((t) => t.startsWith('away-')),
          'nothing arrives while away',
        ).to.deep.equal([]);

        if (how === 'disconnect()') connection.connect();
        else await setProxy(proxy, 'forward');
        await until(
          () => away.every((p) => seen.includes(p)),
          () => `all ${away.length} delivered (got ${seen.length - 1})`,
          timeout,
        );
        expect(
          seen.filter((t) => t.startsWith('away-')),
          'in order',
        ).to.deep.equal(away);
        expect(element.history.map((m) => m.text).slice(-away.length)).to.deep.equal(away);
        await waitUntil(() => element.shadowRoot!.textContent!.includes('away-19'), 'the last one shown', {
          timeout,
        });
        await recordFigures(`clean="false" session, page away by ${how}`, kind, {
          sent: away.length,
          received: seen.filter((t) => t.startsWith('away-')).length,
        });
      });
    }

    for (const how of ['disconnect()', 'a new url'] as const) {
      it(`publishes still waiting when the connection is ended by ${how} are settled with an error, never left hanging`, async () => {
        const broker = await startFaultBroker(kind);
        const prefix = uniqueTopic(`settled-${kind}`);
        const connection = await fixture<MqttConnection>(html`
          <mqtt-connection url=${broker.wsUrl} reconnect-period="100" max-reconnect-period="500">
            <mqtt-publish topic="${prefix}/button" qos="1" payload="pressed"
              ><button>Send</button></mqtt-publish
            >
          </mqtt-connection>
        `);
        await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
        await killBroker(broker);
        await waitUntil(() => connection.status === 'reconnecting', 'broker gone', { timeout });

        const outcome = connection.publish(`${prefix}/api`, 'waiting', { qos: 2 }).then(
          () => 'resolved',
          (e: Error) => e.message,
        );
        const element = connection.querySelector<MqttPublish>('mqtt-publish')!;
        const errors: string[] = [];
        element.addEventListener('mqtt-error', (e) => errors.push(e.detail.message));
        element.querySelector('button')!.click();
        await waitUntil(() => element.hasAttribute('pending'), 'the element waits for its acknowledgement', {
          timeout,
        });

        if (how === 'disconnect()') await connection.disconnect();
        else connection.url = `${broker.wsUrl}?moved`;
        const settled = await Promise.race([
          outcome,
          new Promise((r) => setTimeout(() => r('still pending after 3 s'), 3000)),
        ]);
        expect(settled, 'the JavaScript API publish').to.match(/Not published to ".*\/api"/);
        await waitUntil(() => errors.length === 1, '<mqtt-publish> reports it', { timeout: 3000 });
        expect(element.hasAttribute('pending'), 'no longer pending').to.equal(false);
        expect(element.hasAttribute('error')).to.equal(true);
        expect(errors[0]).to.match(/Not published to ".*\/button"/);
      });
    }

    it('disconnect() on a link gone silent finishes, and the publish that waited for its acknowledgement is settled', async () => {
      const broker = await startFaultBroker(kind);
      const proxy = await startProxy(broker);
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${proxy.wsUrl}></mqtt-connection>`,
      );
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      await setProxy(proxy, 'blackhole');
      const outcome = connection.publish(`${uniqueTopic('silent')}/x`, 'owed', { qos: 1 }).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      const started = performance.now();
      const finished = await Promise.race([
        connection.disconnect().then(() => 'finished'),
        new Promise((r) => setTimeout(() => r('still waiting after 8 s'), 8000)),
      ]);
      expect(finished, 'disconnect()').to.equal('finished');
      expect(await outcome).to.match(
        /Not published to ".*\/x": the connection was closed before the broker acknowledged it/,
      );
      await recordFigures('disconnect() with an acknowledgement owed on a silent link', kind, {
        finishedAfterMs: Math.round(performance.now() - started),
      });
    });

    it('overflowing the offline queue is an explicit error, and what was queued still arrives', async () => {
      const broker = await startFaultBroker(kind, 'persistent');
      const prefix = uniqueTopic(`overflow-${kind}`);
      const counterId = uniqueId('counter');
      const counter = await NodeClient.open(broker, { clientId: counterId, clean: false });
      await counter.subscribe(`${prefix}/#`, 1);
      await until(
        () => brokerHasSaved(broker, counterId, `${prefix}/#`),
        "the broker to save the counting subscriber's session",
      );
      const limit = 5;
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          offline-queue-limit=${limit}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <mqtt-publish topic="${prefix}/button" qos="1" payload="pressed"
            ><button>Send</button></mqtt-publish
          >
          <mqtt-subscribe topic="${prefix}/other"></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      await killBroker(broker);
      await waitUntil(() => connection.status === 'reconnecting', 'broker gone', { timeout });

      const queued = Array.from({ length: limit }, (_, i) =>
        connection.publish(`${prefix}/api`, `queued-${i}`, { qos: 1 }),
      );
      const overflow = await connection.publish(`${prefix}/api`, 'one too many', { qos: 1 }).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      );
      expect(overflow, 'the publish beyond the limit is refused').to.be.instanceOf(Error);
      expect(overflow!.code).to.equal('queue-full');
      expect(overflow!.message).to.match(/5 messages are already waiting/);

      // The same from the HTML side: the element says so with its error state and an event.
      const element = connection.querySelector<MqttPublish>('mqtt-publish')!;
      const errors: { message: string; code: string }[] = [];
      element.addEventListener('mqtt-error', (e) => errors.push(e.detail));
      element.querySelector('button')!.click();
      await waitUntil(() => errors.length === 1, 'mqtt-error from <mqtt-publish>', { timeout });
      expect(errors[0].code).to.equal('queue-full');
      expect(element.hasAttribute('error')).to.equal(true);
      expect(element.error?.message).to.match(/Not published to ".*\/button"/);

      await reviveBroker(broker);
      await Promise.all(queued);
      await waitUntil(
        async () => (await counter.receivedCount(prefix)).count >= limit,
        'queued messages delivered',
        { timeout },
      );
      await new Promise((r) => setTimeout(r, 500));
      const { messages } = await counter.received(prefix);
      // QoS 1 is "at least once": a copy more is allowed, a missing one or the refused ones are not.
      expect(
        Array.from(new Set(messages.map((m) => m.text))).sort(),
        'the distinct messages delivered',
      ).to.deep.equal(Array.from({ length: limit }, (_, i) => `queued-${i}`).sort());
      await recordFigures('offline queue overflow', kind, {
        limit,
        attempted: limit + 2,
        refusedExplicitly: 2,
        delivered: new Set(messages.map((m) => m.text)).size,
        qos1Duplicates: messages.length - new Set(messages.map((m) => m.text)).size,
      });
    });
  });
}

// The connection core against real brokers: many listeners share one SUBSCRIBE per filter, the last
// one leaving sends one UNSUBSCRIBE, late joiners get the cached value at once, overlapping filters
// deliver each message once per listener, and publishing settles (or fails) the way a page expects.
import { expect, waitUntil } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { ConnectionCore } from '../../src/core/connection-core.js';
import { MqttElementsError } from '../../src/core/errors.js';
import {
  brokerPackets,
  brokerUrl,
  uniqueTopic,
  type BrokerName,
  type BrokerPacket,
} from '../support/brokers.js';
import { closeCores, recorder, startCore, type Recorder } from '../support/core-fixtures.js';
import { closeTestClients, testClient } from '../support/test-clients.js';

const patience = { timeout: 8000 };

async function connectedCore(
  broker: BrokerName,
  protocolVersion: 4 | 5,
  overrides = {},
): Promise<ConnectionCore> {
  const core = startCore(await brokerUrl(broker), { protocolVersion, ...overrides });
  await waitUntil(() => core.status === 'connected', `the core connects to ${broker}`, patience);
  return core;
}

/**
 * The broker has handled everything this client sent before: a QoS 1 PUBACK comes back only after
 * the packets ahead of it on the same socket were processed.
 */
async function flush(core: ConnectionCore): Promise<void> {
  await core.publish(`${uniqueTopic('flush')}/x`, '', { qos: 1 });
}

async function packets(broker: BrokerName, core: ConnectionCore, filter: string): Promise<BrokerPacket[]> {
  const all = await brokerPackets(broker, core.config!.clientId);
  return all.filter((p) => p.topic === filter);
}

async function waitForPackets(
  broker: BrokerName,
  core: ConnectionCore,
  filter: string,
  type: BrokerPacket['type'],
  count: number,
): Promise<BrokerPacket[]> {
  let seen: BrokerPacket[] = [];
  await waitUntil(
    async () => {
      seen = (await packets(broker, core, filter)).filter((p) => p.type === type);
      return seen.length >= count;
    },
    `${count} ${type} packet(s) for ${filter} at ${broker}`,
    patience,
  );
  // Anything sent in the same burst has arrived by now too.
  await flush(core);
  return (await packets(broker, core, filter)).filter((p) => p.type === type);
}

/**
 * Publishes `end` to each topic and waits until each recorder got as many `end`s as it subscribed
 * to those topics, so that any duplicate of an earlier message (which a broker sends ahead of later
 * ones on the same connection) has arrived before counting.
 */
async function drain(
  publisher: MqttClient,
  topics: string[],
  expectations: [Recorder, number][],
): Promise<void> {
  for (const topic of topics) await publisher.publishAsync(topic, 'end', { qos: 1 });
  await waitUntil(
    () => expectations.every(([r, ends]) => countOf(r, 'end') >= ends),
    'the end markers reach every listener',
    patience,
  );
}

function countOf(r: Recorder, text: string): number {
  return r.texts().filter((t) => t === text).length;
}

const setups: { broker: BrokerName; protocolVersion: 4 | 5; title: string }[] = [
  { broker: 'aedes', protocolVersion: 4, title: 'Aedes, MQTT 3.1.1' },
  { broker: 'mosquitto', protocolVersion: 5, title: 'Mosquitto, MQTT 5 (subscription identifiers)' },
  { broker: 'mosquitto', protocolVersion: 4, title: 'Mosquitto, MQTT 3.1.1' },
];

describe('shared subscriptions', () => {
  afterEach(async () => {
    await closeCores();
    await closeTestClients();
  });

  for (const { broker, protocolVersion, title } of setups) {
    describe(title, () => {
      it('listeners joining together send one SUBSCRIBE, at the highest QoS any asked for', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = `${uniqueTopic('share')}/+`;
        core.subscribe(filter, () => {}, { qos: 0 });
        core.subscribe(filter, () => {}, { qos: 2 });
        core.subscribe(filter, () => {}, { qos: 1 });
        const subscribes = await waitForPackets(broker, core, filter, 'subscribe', 1);
        expect(subscribes.map((p) => p.qos)).to.deep.equal([2]);
        expect(core.subscriptionCount).to.equal(1);
      });

      it('listeners present before the connection opens send one SUBSCRIBE once it does', async () => {
        const core = startCore(await brokerUrl(broker), { protocolVersion });
        const filter = uniqueTopic('early');
        for (const qos of [1, 0, 1] as const) core.subscribe(filter, () => {}, { qos });
        await waitUntil(() => core.status === 'connected', 'connected', patience);
        const subscribes = await waitForPackets(broker, core, filter, 'subscribe', 1);
        expect(subscribes.map((p) => p.qos)).to.deep.equal([1]);
      });

      it('a listener joining later at the same or a lower QoS sends nothing', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = uniqueTopic('later');
        core.subscribe(filter, () => {}, { qos: 1 });
        await waitForPackets(broker, core, filter, 'subscribe', 1);
        core.subscribe(filter, () => {}, { qos: 1 });
        core.subscribe(filter, () => {}, { qos: 0 });
        await flush(core);
        const all = await packets(broker, core, filter);
        expect(all.map((p) => `${p.type} ${p.qos}`)).to.deep.equal(['subscribe 1']);
      });

      it('a listener asking for a higher QoS later raises the subscription with one more SUBSCRIBE', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = uniqueTopic('raise');
        core.subscribe(filter, () => {}, { qos: 0 });
        await waitForPackets(broker, core, filter, 'subscribe', 1);
        core.subscribe(filter, () => {}, { qos: 2 });
        const subscribes = await waitForPackets(broker, core, filter, 'subscribe', 2);
        expect(subscribes.map((p) => p.qos)).to.deep.equal([0, 2]);
      });

      it('the last listener leaving sends one UNSUBSCRIBE, after the grace period', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = `${uniqueTopic('leave')}/#`;
        const leave = [1, 2, 3].map(() => core.subscribe(filter, () => {}));
        await waitForPackets(broker, core, filter, 'subscribe', 1);

        leave[0]!();
        leave[1]!();
        await new Promise((r) => setTimeout(r, 400));
        await flush(core);
        expect((await packets(broker, core, filter)).filter((p) => p.type === 'unsubscribe')).to.have.length(
          0,
        );

        const leftAt = Date.now();
        leave[2]!();
        leave[2]!(); // calling it twice must not count twice
        const unsubscribes = await waitForPackets(broker, core, filter, 'unsubscribe', 1);
        expect(unsubscribes).to.have.length(1);
        expect(Date.now() - leftAt, 'UNSUBSCRIBE waits for the grace period').to.be.at.least(200);
        expect(core.subscriptionCount).to.equal(0);
      });

      it('a listener leaving and another joining within the grace period sends neither UNSUBSCRIBE nor SUBSCRIBE', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = uniqueTopic('move');
        const leave = core.subscribe(filter, () => {});
        await waitForPackets(broker, core, filter, 'subscribe', 1);
        leave();
        const rejoined = recorder();
        core.subscribe(filter, rejoined);
        await new Promise((r) => setTimeout(r, 600));
        await flush(core);
        const all = await packets(broker, core, filter);
        expect(all.map((p) => p.type)).to.deep.equal(['subscribe']);

        // And the subscription is still in force at the broker.
        const publisher = await testClient(broker);
        await publisher.publishAsync(filter, 'still here', { qos: 1 });
        await waitUntil(
          () => rejoined.texts().includes('still here'),
          'the rejoined listener gets messages',
          patience,
        );
      });

      it('a filter taken up again just after its UNSUBSCRIBE ends subscribed, with SUBSCRIBE after UNSUBSCRIBE', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = uniqueTopic('again');
        for (let round = 0; round < 3; round++) {
          const leave = core.subscribe(filter, () => {});
          await waitForPackets(broker, core, filter, 'subscribe', round + 1);
          leave();
          // The moment the release runs, the UNSUBSCRIBE is on its way: join again right then.
          await waitUntil(() => core.subscriptionCount === 0, 'the filter is released', {
            ...patience,
            interval: 5,
          });
        }
        const back = recorder();
        core.subscribe(filter, back);
        const publisher = await testClient(broker);
        await waitForPackets(broker, core, filter, 'subscribe', 4);
        const all = await packets(broker, core, filter);
        expect(all.map((p) => p.type).join(' ')).to.equal(
          'subscribe unsubscribe subscribe unsubscribe subscribe unsubscribe subscribe',
        );
        await publisher.publishAsync(filter, 'arrives', { qos: 1 });
        await waitUntil(
          () => back.texts().includes('arrives'),
          'the filter is subscribed at the broker',
          patience,
        );
      });

      it('stops delivering to a listener once it has left', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const filter = uniqueTopic('gone');
        const stays = recorder();
        const goes = recorder();
        core.subscribe(filter, stays);
        const leave = core.subscribe(filter, goes);
        await waitForPackets(broker, core, filter, 'subscribe', 1);
        leave();
        const publisher = await testClient(broker);
        await publisher.publishAsync(filter, 'after', { qos: 1 });
        await drain(publisher, [filter], [[stays, 1]]);
        expect(goes.messages).to.have.length(0);
        expect(stays.texts()).to.deep.equal(['after', 'end']);
      });

      it('a listener joining a filter already subscribed gets the retained value at once, and only once', async () => {
        const topic = uniqueTopic('retained');
        const publisher = await testClient(broker);
        await publisher.publishAsync(topic, '21.5', { qos: 1, retain: true });
        try {
          const core = await connectedCore(broker, protocolVersion);
          const first = recorder();
          core.subscribe(topic, first);
          await waitUntil(
            () => first.messages.length === 1,
            'the first listener gets the retained value',
            patience,
          );
          expect(first.messages[0]!.retained).to.equal(true);

          const late = recorder();
          core.subscribe(topic, late);
          expect(late.texts(), 'delivered synchronously, before subscribe() returns').to.deep.equal(['21.5']);
          expect(core.lastMessage(topic)?.text).to.equal('21.5');

          await drain(
            publisher,
            [topic],
            [
              [first, 1],
              [late, 1],
            ],
          );
          expect(first.texts()).to.deep.equal(['21.5', 'end']);
          expect(late.texts()).to.deep.equal(['21.5', 'end']);
          const subscribes = (await packets(broker, core, topic)).filter((p) => p.type === 'subscribe');
          expect(subscribes).to.have.length(1);
        } finally {
          await publisher.publishAsync(topic, '', { qos: 1, retain: true });
        }
      });

      it('a wildcard listener joining later gets the cached value of every matching topic at once, and only once', async () => {
        const base = uniqueTopic('fan');
        const publisher = await testClient(broker);
        await publisher.publishAsync(`${base}/kitchen`, '20', { qos: 1, retain: true });
        await publisher.publishAsync(`${base}/hall`, '18', { qos: 1, retain: true });
        try {
          const core = await connectedCore(broker, protocolVersion);
          const kitchen = recorder();
          const hall = recorder();
          core.subscribe(`${base}/kitchen`, kitchen);
          core.subscribe(`${base}/hall`, hall);
          await waitUntil(
            () => kitchen.messages.length === 1 && hall.messages.length === 1,
            'retained values',
            patience,
          );

          const everyRoom = recorder();
          core.subscribe(`${base}/+`, everyRoom);
          expect(everyRoom.texts().sort()).to.deep.equal(['18', '20']);

          // The broker now sends its retained values for the new filter as well: nobody may see them twice.
          await waitForPackets(broker, core, `${base}/+`, 'subscribe', 1);
          await drain(
            publisher,
            [`${base}/kitchen`, `${base}/hall`],
            [
              [kitchen, 1],
              [hall, 1],
              [everyRoom, 2],
            ],
          );
          expect(kitchen.texts()).to.deep.equal(['20', 'end']);
          expect(hall.texts()).to.deep.equal(['18', 'end']);
          expect(countOf(everyRoom, '20')).to.equal(1);
          expect(countOf(everyRoom, '18')).to.equal(1);
        } finally {
          await publisher.publishAsync(`${base}/kitchen`, '', { qos: 1, retain: true });
          await publisher.publishAsync(`${base}/hall`, '', { qos: 1, retain: true });
        }
      });

      it('overlapping filters (a/+, a/b, a/#) deliver each message once to each listener', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const base = uniqueTopic('overlap');
        const plus = recorder();
        const exact = recorder();
        const hash = recorder();
        const exactToo = recorder();
        core.subscribe(`${base}/+`, plus);
        core.subscribe(`${base}/b`, exact);
        core.subscribe(`${base}/#`, hash, { qos: 1 });
        core.subscribe(`${base}/b`, exactToo, { qos: 2 });
        await waitForPackets(broker, core, `${base}/#`, 'subscribe', 1);
        await waitForPackets(broker, core, `${base}/+`, 'subscribe', 1);
        await waitForPackets(broker, core, `${base}/b`, 'subscribe', 1);

        const publisher = await testClient(broker);
        await publisher.publishAsync(`${base}/b`, 'to b', { qos: 1 });
        await publisher.publishAsync(`${base}/c`, 'to c', { qos: 0 });
        await publisher.publishAsync(`${base}/b/deeper`, 'deeper', { qos: 1 });
        await drain(
          publisher,
          [`${base}/b`, `${base}/c`],
          [
            [plus, 2],
            [exact, 1],
            [hash, 2],
            [exactToo, 1],
          ],
        );

        // MQTT orders messages only within one QoS: Aedes may hand the QoS 0 "to c" over before the
        // QoS 1 "to b", so compare what arrived, not the order.
        expect([...plus.texts()].sort()).to.deep.equal(['end', 'end', 'to b', 'to c']);
        expect(exact.texts()).to.deep.equal(['to b', 'end']);
        expect(exactToo.texts()).to.deep.equal(['to b', 'end']);
        expect(countOf(hash, 'to b')).to.equal(1);
        expect(countOf(hash, 'to c')).to.equal(1);
        expect(countOf(hash, 'deeper')).to.equal(1);
        expect(countOf(hash, 'end')).to.equal(2);
      });

      it('after the connection drops, each filter is subscribed again once and retained values are not shown twice', async () => {
        const topic = uniqueTopic('restore');
        const publisher = await testClient(broker);
        await publisher.publishAsync(topic, 'kept', { qos: 1, retain: true });
        try {
          const core = await connectedCore(broker, protocolVersion, { reconnectPeriod: 100 });
          const a = recorder();
          const b = recorder();
          core.subscribe(topic, a, { qos: 1 });
          core.subscribe(topic, b);
          await waitForPackets(broker, core, topic, 'subscribe', 1);
          await waitUntil(
            () => a.messages.length === 1 && b.messages.length === 1,
            'the retained value',
            patience,
          );

          core.client!.stream.destroy();
          await waitUntil(() => core.status === 'reconnecting', 'the connection drops', patience);
          await waitUntil(() => core.status === 'connected', 'and comes back', patience);
          const subscribes = await waitForPackets(broker, core, topic, 'subscribe', 2);
          expect(subscribes.map((p) => p.qos)).to.deep.equal([1, 1]);

          await drain(
            publisher,
            [topic],
            [
              [a, 1],
              [b, 1],
            ],
          );
          expect(a.texts()).to.deep.equal(['kept', 'end']);
          expect(b.texts()).to.deep.equal(['kept', 'end']);
        } finally {
          await publisher.publishAsync(topic, '', { qos: 1, retain: true });
        }
      });

      it('an empty retained payload clears the cached value', async () => {
        const topic = uniqueTopic('clear');
        const publisher = await testClient(broker);
        await publisher.publishAsync(topic, 'on', { qos: 1, retain: true });
        try {
          const core = await connectedCore(broker, protocolVersion);
          const watcher = recorder();
          core.subscribe(topic, watcher);
          await waitUntil(() => watcher.messages.length === 1, 'the retained value', patience);

          await publisher.publishAsync(topic, '', { qos: 1, retain: true });
          await waitUntil(() => watcher.messages.length === 2, 'the clearing message', patience);
          expect(watcher.messages[1]!.isClear).to.equal(true);
          expect(core.lastMessage(topic)).to.equal(undefined);

          const late = recorder();
          core.subscribe(topic, late);
          expect(late.messages, 'nothing cached to replay').to.have.length(0);
        } finally {
          await publisher.publishAsync(topic, '', { qos: 1, retain: true });
        }
      });
    });
  }
});

describe('publishing', () => {
  afterEach(async () => {
    await closeCores();
    await closeTestClients();
  });

  for (const { broker, protocolVersion, title } of setups.slice(0, 2)) {
    describe(title, () => {
      it('resolves for QoS 0, 1 and 2 and the messages arrive', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const topic = uniqueTopic('qos');
        const watcher = recorder();
        core.subscribe(topic, watcher, { qos: 2 });
        await waitForPackets(broker, core, topic, 'subscribe', 1);

        await core.publish(topic, 'zero', { qos: 0 });
        await core.publish(topic, 'one', { qos: 1 });
        await core.publish(topic, new TextEncoder().encode('two'), { qos: 2 });
        await waitUntil(() => watcher.messages.length === 3, 'three messages', patience);
        expect(watcher.messages.map((m) => `${m.text}@${m.qos}`)).to.deep.equal(['zero@0', 'one@1', 'two@2']);
      });

      it('publishes retained messages that a later subscriber receives', async () => {
        const core = await connectedCore(broker, protocolVersion);
        const topic = uniqueTopic('retain');
        await core.publish(topic, 'kept', { qos: 1, retain: true });
        try {
          const other = await testClient(broker);
          const got = new Promise<{ text: string; retain: boolean }>((resolve) =>
            other.on('message', (_t, payload, packet) =>
              resolve({ text: payload.toString(), retain: packet.retain }),
            ),
          );
          await other.subscribeAsync(topic);
          expect(await got).to.deep.equal({ text: 'kept', retain: true });
        } finally {
          await core.publish(topic, '', { qos: 1, retain: true });
        }
      });
    });
  }

  it('rejects a publish to a topic with a wildcard, saying why, and sends nothing', async () => {
    const core = await connectedCore('aedes', 4);
    for (const topic of ['home/+/lamp', 'home/#']) {
      const error = await core.publish(topic, 'x').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).to.be.instanceOf(MqttElementsError);
      expect((error as MqttElementsError).code).to.equal('topic');
      expect((error as MqttElementsError).message).to.include(`"${topic}" is not a valid publish topic`);
      expect((error as MqttElementsError).message).to.match(/wildcards .* only for subscribing/);
    }
    const empty = await core.publish('', 'x').catch((err: MqttElementsError) => err);
    expect((empty as MqttElementsError).message).to.include('cannot be empty');
    expect(core.status).to.equal('connected');
  });

  it('rejects subscribing to an invalid filter with a clear message', () => {
    const core = startCore('ws://127.0.0.1:1/mqtt');
    expect(() => core.subscribe('a/#/b', () => {}))
      .to.throw(MqttElementsError)
      .with.property('code', 'topic');
    expect(core.subscriptionCount).to.equal(0);
  });

  it('rejects a publish before the connection is configured or after it is closed, saying why', async () => {
    const core = await connectedCore('aedes', 4);
    await core.disconnect();
    const error = await core.publish(uniqueTopic('closed'), 'x').catch((err: MqttElementsError) => err);
    expect((error as MqttElementsError).code).to.equal('not-connected');
    expect((error as MqttElementsError).message).to.include('closed');
  });

  it('queues publishes while disconnected up to the limit, rejects the next one with queue-full, and delivers the queued ones after reconnecting', async () => {
    const topic = uniqueTopic('queue');
    const watcher = await testClient('aedes');
    const received: string[] = [];
    watcher.on('message', (_t, payload) => received.push(payload.toString()));
    await watcher.subscribeAsync(topic, { qos: 1 });

    // A long first retry leaves time to publish while the connection is down.
    const core = await connectedCore('aedes', 4, { offlineQueueLimit: 3, reconnectPeriod: 1500 });
    core.client!.stream.destroy();
    await waitUntil(() => core.status === 'reconnecting', 'the connection drops', patience);

    const queued = [
      core.publish(topic, 'q1', { qos: 1 }),
      core.publish(topic, 'q2', { qos: 0 }),
      core.publish(topic, 'q3', { qos: 2 }),
    ];
    const overflow = await core.publish(topic, 'q4', { qos: 1 }).catch((err: MqttElementsError) => err);
    expect(overflow).to.be.instanceOf(MqttElementsError);
    expect((overflow as MqttElementsError).code).to.equal('queue-full');
    expect((overflow as MqttElementsError).message).to.include('3 messages are already waiting');
    expect(received, 'nothing goes out while disconnected').to.deep.equal([]);

    await waitUntil(() => core.status === 'connected', 'reconnects', patience);
    await Promise.all(queued);
    await waitUntil(() => received.length >= 3, 'the queued messages arrive', patience);
    expect([...received].sort()).to.deep.equal(['q1', 'q2', 'q3']);

    // Once delivered, the queue has room again.
    await core.publish(topic, 'after', { qos: 1 });
    await waitUntil(() => received.includes('after'), 'later publishes go out', patience);
  });
});

// A single-page app adds and removes widgets all day. After 10,000 subscribing elements have come
// and gone (random filters, many shared, some coming back within the grace period), the connection
// must hold nothing: no subscription in the router, no cached message, an UNSUBSCRIBE at the broker
// for every SUBSCRIBE, and no listener left behind on the MQTT.js client.
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  brokerLog,
  cleanupFaults,
  recordFigures,
  startFaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';

const total = 10_000;
const rounds = 10;
const poolSize = 1_500;
const timeout = 30_000;
const clientEvents = [
  'message',
  'connect',
  'close',
  'error',
  'disconnect',
  'offline',
  'end',
  'packetreceive',
  'packetsend',
] as const;

/** A deterministic generator, so a failure can be replayed with the same filters. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`leaks, ${kind}`, function () {
    this.timeout(180_000);
    after(cleanupFaults);

    it(`${total.toLocaleString('en')} subscribing elements attached and detached leave nothing behind`, async () => {
      const broker = await startFaultBroker(kind);
      const prefix = uniqueTopic(`leaks-${kind}`);
      const clientId = `test_leaks_${Math.random().toString(36).slice(2, 8)}`;
      const next = random(kind === 'aedes' ? 7 : 11);
      // Exact topics, single-level and multi-level wildcards; the pool is smaller than the number of
      // elements, so many elements share a filter.
      const pool = Array.from({ length: poolSize }, (_, i) => {
        const shape = i % 3;
        return shape === 0
          ? `${prefix}/d${i}/value`
          : shape === 1
            ? `${prefix}/d${i}/+/value`
            : `${prefix}/d${i}/#`;
      });
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl} client-id=${clientId}><div id="widgets"></div></mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const client = connection.client!;
      const baseline = Object.fromEntries(clientEvents.map((e) => [e, client.listenerCount(e)]));
      const container = connection.querySelector('#widgets')!;
      const publisher = await NodeClient.open(broker);

      const used = new Set<string>();
      const started = performance.now();
      let maxHeld = 0;
      for (let round = 0; round < rounds; round++) {
        const elements: MqttSubscribe[] = [];
        for (let i = 0; i < total / rounds; i++) {
          const element = document.createElement('mqtt-subscribe');
          element.topic = pool[Math.floor(next() * poolSize)];
          used.add(element.topic);
          elements.push(element);
        }
        container.append(...elements);
        await nextFrame();
        maxHeld = Math.max(maxHeld, connection.core.subscriptionCount);
        // Messages arrive while the elements live, so the last-message cache fills up too.
        await publisher.publish(`${prefix}/d0/value`, { payload: `round ${round}` });
        await publisher.publish(`${prefix}/d2/a/b`, { payload: `round ${round}` });
        // Half leave at once, half after a while; some rounds begin again within the grace period
        // (filters taken up again before their UNSUBSCRIBE), others after it.
        for (const element of elements.slice(0, elements.length / 2)) element.remove();
        await new Promise((r) => setTimeout(r, round % 2 === 0 ? 50 : 400));
        for (const element of elements.slice(elements.length / 2)) element.remove();
        if (round % 3 === 2) await new Promise((r) => setTimeout(r, 400));
      }
      const churnMs = performance.now() - started;

      await until(
        () => connection.core.subscriptionCount === 0,
        () => `the router to be empty (holds ${connection.core.subscriptionCount})`,
        timeout,
      );
      expect(container.children.length).to.equal(0);
      expect(connection.core.lastMessage(`${prefix}/d0/value`), 'cached message dropped').to.equal(undefined);
      expect(connection.core.lastMessage(`${prefix}/d2/a/b`), 'cached message dropped').to.equal(undefined);

      // At the broker, each filter's packets alternate SUBSCRIBE, UNSUBSCRIBE, … and end unsubscribed.
      let packets: { type: string; topic: string }[] = [];
      await until(
        async () => {
          packets = (await brokerLog(broker, clientId)).packets;
          const subs = packets.filter((p) => p.type === 'subscribe').length;
          const unsubs = packets.filter((p) => p.type === 'unsubscribe').length;
          return subs > 0 && subs === unsubs;
        },
        () => `as many UNSUBSCRIBEs as SUBSCRIBEs (${packets.length} packets)`,
        timeout,
        250,
      );
      const perFilter = new Map<string, string[]>();
      for (const p of packets) perFilter.set(p.topic, [...(perFilter.get(p.topic) ?? []), p.type]);
      expect(new Set(perFilter.keys()), 'every filter used reached the broker, nothing else').to.deep.equal(
        used,
      );
      const broken = Array.from(perFilter).filter(
        ([, types]) =>
          types.some((t, i) => t !== (i % 2 === 0 ? 'subscribe' : 'unsubscribe')) ||
          types.at(-1) !== 'unsubscribe',
      );
      expect(
        broken.slice(0, 3),
        'filters whose packets do not alternate SUBSCRIBE/UNSUBSCRIBE',
      ).to.deep.equal([]);

      const after = Object.fromEntries(clientEvents.map((e) => [e, client.listenerCount(e)]));
      expect(after, 'listeners on the MQTT.js client').to.deep.equal(baseline);
      expect(connection.client, 'the same client throughout').to.equal(client);
      // MQTT.js keeps a callback per packet awaiting its acknowledgement; the broker logs an
      // UNSUBSCRIBE before its UNSUBACK is on the way, so give the last ones a moment, then none may be left.
      const awaiting = (client as unknown as { outgoing: Record<string, unknown> }).outgoing;
      await until(
        () => Object.keys(awaiting).length === 0,
        () => `no packet awaiting an acknowledgement (${Object.keys(awaiting).length})`,
        timeout,
      );

      const subscribes = packets.filter((p) => p.type === 'subscribe').length;
      await recordFigures('attach/detach 10,000 elements', kind, {
        elements: total,
        distinctFilters: used.size,
        maxFiltersHeld: maxHeld,
        subscribes,
        unsubscribes: packets.length - subscribes,
        routerAfter: connection.core.subscriptionCount,
        messageListenersAfter: after.message,
        messageListenersBaseline: baseline.message,
        churnMs: Math.round(churnMs),
      });
    });
  });
}

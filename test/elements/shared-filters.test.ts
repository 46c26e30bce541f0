// Several <mqtt-subscribe> elements on one page: a filter they share costs one SUBSCRIBE, an element added
// later shows the retained value at once, overlapping filters deliver each message once per element, and
// one invalid filter breaks only its own element. SUBSCRIBE/UNSUBSCRIBE packets are counted at the broker.
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import type { MqttClient } from 'mqtt';
import type { MqttErrorEvent, MqttMessageEvent } from '../../src/events.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import { brokerPackets, brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  connectedFixture,
  shown,
  uniqueClientId,
  until,
  untilShown,
  untilSubscribed,
  valuePart,
} from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

describe('<mqtt-subscribe> on shared and overlapping filters', function () {
  this.timeout(30_000);

  let base: string;
  let pub: MqttClient;

  beforeEach(() => {
    base = uniqueTopic('shared');
  });
  afterEach(closeTestClients);

  /** Adds an `<mqtt-subscribe>` to a live connection, as a page script or framework would. */
  function addSubscriber(connection: MqttConnection, topic: string): MqttSubscribe {
    const el = document.createElement('mqtt-subscribe');
    el.topic = topic;
    connection.append(el);
    return el;
  }

  async function packetsFor(
    broker: BrokerName,
    clientId: string,
    topic: string,
    type: 'subscribe' | 'unsubscribe',
  ) {
    return (await brokerPackets(broker, clientId)).filter((p) => p.topic === topic && p.type === type);
  }

  describe('an element added later', () => {
    beforeEach(async () => {
      pub = await testClient();
    });

    it('shows the retained value at once, without a new SUBSCRIBE', async () => {
      const topic = `${base}/temp`;
      const clientId = uniqueClientId('late');
      await publish(pub, topic, '21.5', { retain: true });
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl()} client-id=${clientId}
          ><mqtt-subscribe topic=${topic}></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const first = connection.querySelector('mqtt-subscribe')!;
      await untilShown(first, '21.5');

      const late = addSubscriber(connection, topic);
      await late.updateComplete;
      expect(shown(late), 'on its first render').to.equal('21.5');
      expect(late.message!.retained).to.equal(true);

      // A sentinel on another topic: the broker logs one client's packets in order, so once its SUBSCRIBE
      // is in, any SUBSCRIBE the late element had sent would be too.
      addSubscriber(connection, `${base}/sentinel`);
      await untilSubscribed(clientId, `${base}/sentinel`);
      expect(await packetsFor('aedes', clientId, topic, 'subscribe')).to.have.length(1);
    });

    it('with a wildcard filter, stamps every cached topic at once', async () => {
      const clientId = uniqueClientId('late-wild');
      await publish(pub, `${base}/a`, '1', { retain: true });
      await publish(pub, `${base}/b`, '2', { retain: true });
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl()} client-id=${clientId}
          ><mqtt-subscribe topic=${`${base}/+`}
            ><template><i>{{1}}={{value}}</i></template></mqtt-subscribe
          ></mqtt-connection
        >`,
      );
      const first = connection.querySelector('mqtt-subscribe')!;
      await until(() => first.querySelectorAll('i').length === 2, 'two stamps on the first element');

      const late = document.createElement('mqtt-subscribe');
      late.topic = `${base}/+`;
      render(html`<template><i>{{1}}={{value}}</i></template>`, late);
      connection.append(late);
      await late.updateComplete;
      await until(() => late.querySelectorAll('i').length === 2, 'two stamps on the late element');
      expect(Array.from(late.querySelectorAll('i'), (i) => i.textContent).sort()).to.deep.equal([
        'a=1',
        'b=2',
      ]);
      addSubscriber(connection, `${base}/sentinel`);
      await untilSubscribed(clientId, `${base}/sentinel`);
      expect(await packetsFor('aedes', clientId, `${base}/+`, 'subscribe')).to.have.length(1);
    });

    it('with a new filter overlapping a cached topic, sees the retained message once', async () => {
      const clientId = uniqueClientId('late-overlap');
      await publish(pub, `${base}/a`, 'retained', { retain: true });
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl()} client-id=${clientId}
          ><mqtt-subscribe topic=${`${base}/a`}></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const exact = connection.querySelector('mqtt-subscribe')!;
      await untilShown(exact, 'retained');

      const seen = new Map<Element, string[]>();
      connection.addEventListener('mqtt-message', (e: MqttMessageEvent) => {
        const list = seen.get(e.target as Element) ?? [];
        list.push(e.detail.message.text);
        seen.set(e.target as Element, list);
      });
      const wildcard = addSubscriber(connection, `${base}/+`);
      await untilShown(wildcard, 'retained');
      await untilSubscribed(clientId, `${base}/+`);
      // A live message after the retained one: whatever the broker sends for the new SUBSCRIBE
      // arrives before it.
      await publish(pub, `${base}/a`, 'live', { qos: 1 });
      await untilShown(wildcard, 'live');
      await untilShown(exact, 'live');
      expect(seen.get(wildcard), 'the new element').to.deep.equal(['retained', 'live']);
      expect(seen.get(exact), 'the element already showing it').to.deep.equal(['live']);
    });
  });

  for (const { broker, protocolVersion } of [
    { broker: 'aedes', protocolVersion: 4 },
    { broker: 'mosquitto', protocolVersion: 4 },
    { broker: 'mosquitto', protocolVersion: 5 },
  ] as const) {
    it(`overlapping filters each see a message once (${broker}, MQTT ${protocolVersion === 5 ? '5' : '3.1.1'})`, async () => {
      pub = await testClient(broker);
      const clientId = uniqueClientId('overlap');
      const seen: Record<string, string[]> = { exact: [], plus: [], hash: [], all: [] };
      const record = (name: string) => (e: MqttMessageEvent) => seen[name].push(e.detail.message.text);
      const connection = await connectedFixture(
        html`<mqtt-connection
          url=${await brokerUrl(broker)}
          client-id=${clientId}
          protocol-version=${protocolVersion}
        >
          <mqtt-subscribe topic=${`${base}/room/temp`} @mqtt-message=${record('exact')}></mqtt-subscribe>
          <mqtt-subscribe topic=${`${base}/+/temp`} @mqtt-message=${record('plus')}></mqtt-subscribe>
          <mqtt-subscribe topic=${`${base}/#`} @mqtt-message=${record('hash')}></mqtt-subscribe>
          <mqtt-subscribe topic=${`${base}/room/#`} @mqtt-message=${record('all')}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      for (const filter of [`${base}/room/temp`, `${base}/+/temp`, `${base}/#`, `${base}/room/#`]) {
        await untilSubscribed(clientId, filter, broker);
      }
      const elements = Array.from(connection.querySelectorAll('mqtt-subscribe'));
      await publish(pub, `${base}/room/temp`, 'one', { qos: 1 });
      // The second message is the barrier: a duplicate of the first would arrive before it.
      await publish(pub, `${base}/room/temp`, 'two', { qos: 1 });
      for (const el of elements) await untilShown(el, 'two');
      expect(seen).to.deep.equal({
        exact: ['one', 'two'],
        plus: ['one', 'two'],
        hash: ['one', 'two'],
        all: ['one', 'two'],
      });
    });
  }

  describe('an invalid filter', () => {
    beforeEach(async () => {
      pub = await testClient();
    });

    it('puts only its own element in the error state, and sends nothing for it', async () => {
      const clientId = uniqueClientId('invalid');
      const bad = `${base}/#/b`;
      const errors: MqttErrorEvent[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl()} client-id=${clientId}>
          <mqtt-subscribe
            class="bad"
            topic=${bad}
            @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
          ></mqtt-subscribe>
          <mqtt-subscribe class="good" topic=${`${base}/ok`}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      const badEl = connection.querySelector<MqttSubscribe>('.bad')!;
      const goodEl = connection.querySelector<MqttSubscribe>('.good')!;
      await until(() => badEl.hasAttribute('error'), 'the error state');
      await badEl.updateComplete;
      expect(badEl.matches(':state(error)')).to.equal(true);
      expect(errors).to.have.length(1);
      expect(errors[0].detail.code).to.equal('topic');
      expect(errors[0].detail.message).to.contain('"#" must be the last level');
      expect(valuePart(badEl).title).to.equal(errors[0].detail.message);

      await untilSubscribed(clientId, `${base}/ok`);
      const packets = await brokerPackets('aedes', clientId);
      expect(packets.filter((p) => p.topic === bad)).to.deep.equal([]);
      await publish(pub, `${base}/ok`, 'fine');
      await untilShown(goodEl, 'fine');
      expect(goodEl.hasAttribute('error')).to.equal(false);
      expect(connection.status).to.equal('connected');

      // Fixing the attribute recovers the element.
      badEl.topic = `${base}/b`;
      await until(() => !badEl.hasAttribute('error'), 'the error state to clear');
      await untilSubscribed(clientId, `${base}/b`);
      await publish(pub, `${base}/b`, 'recovered');
      await untilShown(badEl, 'recovered');
    });
  });

  describe('leaving', () => {
    it('the last element leaving a shared filter sends one UNSUBSCRIBE', async () => {
      const clientId = uniqueClientId('leave');
      const topic = `${base}/t`;
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl()} client-id=${clientId}>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      await untilSubscribed(clientId, topic);
      const [a, b] = Array.from(connection.querySelectorAll('mqtt-subscribe'));
      a.remove();
      addSubscriber(connection, `${base}/sentinel-1`);
      await untilSubscribed(clientId, `${base}/sentinel-1`);
      expect(
        await packetsFor('aedes', clientId, topic, 'unsubscribe'),
        'while one element stays',
      ).to.have.length(0);

      b.remove();
      await until(
        async () => (await packetsFor('aedes', clientId, topic, 'unsubscribe')).length > 0,
        'the UNSUBSCRIBE',
      );
      addSubscriber(connection, `${base}/sentinel-2`);
      await untilSubscribed(clientId, `${base}/sentinel-2`);
      expect(await packetsFor('aedes', clientId, topic, 'unsubscribe')).to.have.length(1);
      expect(await packetsFor('aedes', clientId, topic, 'subscribe')).to.have.length(1);
    });
  });
});

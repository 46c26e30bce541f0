// `persist` on <mqtt-connection>: what the page showed is there again when it loads with the broker
// out of reach, marked as restored, until live messages replace it; what is kept on the device stays
// within its bounds; entries the library did not write are ignored, with one warning.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttGauge, MqttSubscribe } from '../../src/index.js';
import { ConnectionCore } from '../../src/core/connection-core.js';
import type { MqttMessage } from '../../src/core/message.js';
import type { MessageStore } from '../../src/core/persist/message-store.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  killBroker,
  reviveBroker,
  startFaultBroker,
  untilBrokerHas,
  type FaultBroker,
} from '../support/fault-control.js';
import { plantEntries, storedTopics } from '../support/persist-database.js';
import { shown } from '../support/shown.js';
import { until } from '../support/until.js';
import { uniquePersistKey, watchPersistWarnings } from '../support/persist-fixtures.js';

async function untilText(element: Element, text: string): Promise<void> {
  await until(
    () => shown(element) === text,
    () =>
      `<${element.localName}> to show ${JSON.stringify(text)}; it shows ${JSON.stringify(shown(element))}`,
  );
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`persist, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let publisher: NodeClient;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker, { reconnectPeriod: 100 });
    });
    after(cleanupFaults);

    function mount(key: string, temp: string, power: string, clientId: string) {
      return fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${clientId}
          persist=${key}
          reconnect-period="100"
          max-reconnect-period="300"
        >
          <mqtt-subscribe topic=${temp}></mqtt-subscribe>
          <mqtt-gauge topic=${power} min="0" max="100"></mqtt-gauge>
        </mqtt-connection>
      `);
    }

    it('a reload with the broker stopped shows the kept values as restored; the broker back replaces them', async () => {
      const key = uniquePersistKey(kind);
      const temp = uniqueTopic('persist/temp');
      const power = uniqueTopic('persist/power');
      const firstId = `test_persist_${Math.random().toString(36).slice(2, 8)}`;
      const first = await mount(key, temp, power, firstId);
      await until(() => first.status === 'connected', 'the first page to connect');
      await untilBrokerHas(broker, firstId, [temp, power]);
      await publisher.publish(temp, { payload: '21.5' });
      await publisher.publish(power, { payload: '42' });
      const firstValue = first.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilText(firstValue, '21.5');
      expect(firstValue.hasAttribute('restored'), 'a live value is not restored').to.equal(false);
      let kept: string[] = [];
      await until(
        async () => (kept = await storedTopics(key)).length === 2,
        () => `both topics kept under the key (kept: ${JSON.stringify(kept)})`,
      );

      // The page goes away, the broker dies, and the page loads again.
      first.remove();
      await killBroker(broker);
      const secondId = `test_persist_${Math.random().toString(36).slice(2, 8)}`;
      const second = await mount(key, temp, power, secondId);
      const value = second.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      const gauge = second.querySelector<MqttGauge>('mqtt-gauge')!;
      await untilText(value, '21.5');
      await until(() => gauge.hasAttribute('restored'), '<mqtt-gauge> to show the restored state');
      expect(shown(gauge)).to.contain('42');
      await gauge.updateComplete;
      expect(
        gauge.shadowRoot!.querySelector('[part~="message"]')!.textContent,
        'restored is said in words, not only as a state',
      ).to.contain('Restored from an earlier visit');
      expect(value.shadowRoot!.textContent, 'a readout says it to screen readers').to.contain(
        'restored from an earlier visit',
      );
      expect(value.hasAttribute('restored')).to.equal(true);
      expect(value.matches(':state(restored)'), 'the CSS custom state').to.equal(true);
      expect(second.status, 'no broker: not connected').to.not.equal('connected');

      await reviveBroker(broker);
      await until(() => second.status === 'connected', 'the page to connect once the broker is back');
      await untilBrokerHas(broker, secondId, [temp, power]);
      await publisher.publish(temp, { payload: '22.5' });
      await publisher.publish(power, { payload: '43' });
      await untilText(value, '22.5');
      await until(() => !gauge.hasAttribute('restored'), 'the gauge to drop the restored state');
      expect(value.hasAttribute('restored'), 'a live value ends the restored state').to.equal(false);
      expect(value.matches(':state(restored)')).to.equal(false);
      expect(shown(gauge)).to.contain('43');
    });

    it('keeps at most persist-topics topics (the least recently updated go) and no payload over persist-payload-bytes', async () => {
      const key = uniquePersistKey(`bounds-${kind}`);
      const topics = [1, 2, 3].map((n) => uniqueTopic(`persist/bound${n}`));
      const big = uniqueTopic('persist/big');
      const clientId = `test_persist_${Math.random().toString(36).slice(2, 8)}`;
      const warnings = watchPersistWarnings();
      try {
        const connection = await fixture<MqttConnection>(html`
          <mqtt-connection
            url=${broker.wsUrl}
            client-id=${clientId}
            persist=${key}
            persist-topics="2"
            persist-payload-bytes="64"
          >
            ${topics.map((t) => html`<mqtt-subscribe topic=${t}></mqtt-subscribe>`)}
            <mqtt-subscribe id="big" topic=${big}></mqtt-subscribe>
          </mqtt-connection>
        `);
        await until(() => connection.status === 'connected', 'the page to connect');
        await untilBrokerHas(broker, clientId, [...topics, big]);
        const elements = Array.from(connection.querySelectorAll<MqttSubscribe>('mqtt-subscribe'));
        for (const [index, topic] of topics.entries()) {
          await publisher.publish(topic, { payload: `v${index + 1}` });
          await untilText(elements[index], `v${index + 1}`);
          // One write per update, so "least recently updated" is the order of publishing.
          await until(async () => (await storedTopics(key)).includes(topic), `${topic} to be kept`);
        }
        const bigPayload = 'x'.repeat(65);
        await publisher.publish(big, { payload: bigPayload });
        await untilText(elements[3], bigPayload);
        let kept: string[] = [];
        await until(
          async () =>
            JSON.stringify((kept = await storedTopics(key))) ===
            JSON.stringify([topics[1], topics[2]].sort()),
          () => `only the two latest topics kept (kept: ${JSON.stringify(kept)})`,
        );
        await until(
          () => warnings.texts.some((t) => t.includes('over 64 bytes')),
          'a warning that the large payload is not kept',
        );
        expect(await storedTopics(key)).to.not.include(big);
      } finally {
        warnings.stop();
      }
    });
  });
}

describe('persist, entries the library cannot use', function () {
  this.timeout(30_000);
  let broker: FaultBroker;
  before(async () => {
    broker = await startFaultBroker('aedes');
  });
  after(cleanupFaults);

  it('ignores corrupted and foreign entries with one warning, restores the good ones, connects; clearPersisted() empties the key', async () => {
    const key = uniquePersistKey('corrupt');
    const good = uniqueTopic('persist/good');
    const corrupt = uniqueTopic('persist/corrupt');
    const receivedAt = Date.now() - 5_000;
    await plantEntries([
      {
        key,
        topic: good,
        format: 1,
        payload: new TextEncoder().encode('ok'),
        retained: false,
        qos: 0,
        receivedAt,
      },
      // Payload as a string, not bytes: a corrupted entry.
      { key, topic: corrupt, format: 1, payload: 'not bytes', retained: false, qos: 0, receivedAt },
      // Another library's record under the same key.
      { key, topic: 'foreign', value: { anything: true } },
    ]);
    const warnings = watchPersistWarnings();
    try {
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl} persist=${key}>
          <mqtt-subscribe id="good" topic=${good}></mqtt-subscribe>
          <mqtt-subscribe id="corrupt" topic=${corrupt}></mqtt-subscribe>
        </mqtt-connection>
      `);
      const goodValue = connection.querySelector<MqttSubscribe>('#good')!;
      const corruptValue = connection.querySelector<MqttSubscribe>('#corrupt')!;
      await untilText(goodValue, 'ok');
      expect(goodValue.hasAttribute('restored')).to.equal(true);
      await until(() => connection.status === 'connected', 'the page to connect regardless');
      expect(corruptValue.hasAttribute('restored')).to.equal(false);
      expect(shown(corruptValue)).to.not.contain('not bytes');
      const about = warnings.texts.filter((t) => t.includes('not a message this library wrote'));
      expect(about, JSON.stringify(warnings.texts)).to.have.length(1);
      expect(about[0]).to.contain('2 stored entries');

      const publisher = await NodeClient.open(broker);
      let shownLive = false;
      // The corrupted topic works as usual once a live message comes.
      await until(
        async () => {
          await publisher.publish(corrupt, { payload: 'live' });
          shownLive = shown(corruptValue) === 'live';
          return shownLive;
        },
        () => `the corrupted topic to show a live value (shows ${JSON.stringify(shown(corruptValue))})`,
        10_000,
        300,
      );
      // The documented way out: clearPersisted() removes everything under the key, foreign entries too.
      await connection.clearPersisted();
      expect(await storedTopics(key)).to.deep.equal([]);
    } finally {
      warnings.stop();
    }
  });

  it("keeps only topics an element shows itself, under each connection's own storage key", async () => {
    const [keyA, keyB] = [uniquePersistKey('a'), uniquePersistKey('b')];
    const prefix = uniqueTopic('persist/wild');
    const exact = `${prefix}/shown`;
    const connections = await fixture<HTMLDivElement>(html`
      <div>
        <mqtt-connection id="a" url=${broker.wsUrl} persist=${keyA}>
          <mqtt-subscribe id="exact-a" topic=${exact}></mqtt-subscribe>
          <mqtt-subscribe id="wild" topic=${`${prefix}/#`}></mqtt-subscribe>
        </mqtt-connection>
        <mqtt-connection id="b" url=${broker.wsUrl} persist=${keyB}>
          <mqtt-subscribe id="exact-b" topic=${exact}></mqtt-subscribe>
        </mqtt-connection>
      </div>
    `);
    const [a, b] = Array.from(connections.querySelectorAll<MqttConnection>('mqtt-connection'));
    await until(() => a.status === 'connected' && b.status === 'connected', 'both connections to connect');
    await a.core.whenSubscribed(undefined, 5_000);
    await b.core.whenSubscribed(undefined, 5_000);
    const wild = connections.querySelector<MqttSubscribe>('#wild')!;
    // First a topic only the wildcard brings, then the shown one: the write that keeps the shown topic
    // would carry the other too, were it kept.
    await a.publish(`${prefix}/only-wildcard`, 'wild', { qos: 1 });
    await until(() => shown(wild).includes('wild'), 'the wildcard element to show its message');
    await a.publish(exact, 'one', { qos: 1 });
    await untilText(connections.querySelector('#exact-a')!, 'one');
    await untilText(connections.querySelector('#exact-b')!, 'one');
    let keptA: string[] = [];
    let keptB: string[] = [];
    await until(
      async () =>
        (keptA = await storedTopics(keyA)).length > 0 && (keptB = await storedTopics(keyB)).length > 0,
      () => `both keys to keep the shown topic (A: ${JSON.stringify(keptA)}, B: ${JSON.stringify(keptB)})`,
    );
    expect(keptA).to.deep.equal([exact]);
    expect(keptB).to.deep.equal([exact]);
    // Clearing one key leaves the other alone.
    await a.clearPersisted();
    expect(await storedTopics(keyA)).to.deep.equal([]);
    expect(await storedTopics(keyB)).to.deep.equal([exact]);
  });

  it('expire-after counts from when a restored message first arrived', async () => {
    const key = uniquePersistKey('expire');
    const topic = uniqueTopic('persist/old');
    await plantEntries([
      {
        key,
        topic,
        format: 1,
        payload: new TextEncoder().encode('old'),
        retained: false,
        qos: 0,
        receivedAt: Date.now() - 120_000,
      },
    ]);
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${broker.wsUrl} persist=${key}>
        <mqtt-subscribe topic=${topic} expire-after="60s"></mqtt-subscribe>
      </mqtt-connection>
    `);
    const value = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    await untilText(value, 'old');
    await until(
      () => value.hasAttribute('stale'),
      'two minutes old with expire-after 60 s: stale at once',
      2_000,
    );
    expect(value.hasAttribute('restored')).to.equal(true);
  });

  it('storage that cannot be used: one warning, and the connection works without it', async () => {
    // A store that fails, as IndexedDB does in some private modes: a fault no broker can produce.
    const failing: MessageStore = {
      load: () => Promise.reject(new Error('storage is disabled')),
      write: () => Promise.reject(new Error('storage is disabled')),
      clear: () => Promise.reject(new Error('storage is disabled')),
      loadSeries: () => Promise.reject(new Error('storage is disabled')),
      writeSeries: () => Promise.reject(new Error('storage is disabled')),
    };
    const warnings = watchPersistWarnings();
    const core = new ConnectionCore({ messageStore: failing });
    try {
      core.configure({
        url: broker.wsUrl,
        clientId: `test_persist_${Math.random().toString(36).slice(2, 8)}`,
        keepalive: 60,
        clean: true,
        protocolVersion: 4,
        connectTimeout: 5_000,
        reconnectPeriod: 100,
        maxReconnectPeriod: 300,
        offlineQueueLimit: 10,
        persist: { key: uniquePersistKey('failing'), maxTopics: 10, maxPayloadBytes: 100 },
      });
      const topic = uniqueTopic('persist/nostore');
      const received: MqttMessage[] = [];
      core.subscribe(topic, (m) => received.push(m));
      core.connect();
      await until(() => core.status === 'connected', 'the core to connect without storage');
      await core.whenSubscribed(topic, 5_000);
      await core.publish(topic, 'live', { qos: 1 });
      await until(() => received.some((m) => m.text === 'live'), 'the live message');
      await core.publish(topic, 'again', { qos: 1 });
      await until(() => received.some((m) => m.text === 'again'), 'the second message');
      const about = warnings.texts.filter((t) => t.includes('cannot be kept on this device'));
      expect(about, JSON.stringify(warnings.texts)).to.have.length(1);
      expect(about[0]).to.contain('storage is disabled');
    } finally {
      warnings.stop();
      await core.disconnect();
    }
  });
});

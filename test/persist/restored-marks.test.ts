// `persist` marks every place a restored value shows, not only the widgets: a stamped template row, a
// log entry, a discovered entity's state. A live message takes the mark away from the value it
// replaces (a log entry stays what it was: a message kept from an earlier visit).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import '../../src/discovery.js';
import type { MqttDiscovery } from '../../src/discovery.js';
import type { MqttConnection, MqttLog, MqttSubscribe } from '../../src/index.js';
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
import { plantEntries, storedEntries, storedTopics } from '../support/persist-database.js';
import { until } from '../support/until.js';
import { uniquePersistKey } from '../support/persist-fixtures.js';
import { uniqueClientId } from '../support/element-fixtures.js';
import { textOf } from '../discovery/discovery-fixture.js';

/** The log's rows as a user reads them (accessible text), newest first, and whether each is marked. */
function logRows(log: MqttLog): { text: string; restored: boolean }[] {
  return Array.from(log.shadowRoot!.querySelectorAll('[part~="row"]'), (row) => ({
    text: row.textContent!.replace(/\s+/g, ' ').trim(),
    restored: row.matches('[part~="restored-row"]'),
  }));
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`persist, restored marks, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let publisher: NodeClient;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker, { reconnectPeriod: 100 });
    });
    after(cleanupFaults);
    let stopped = false;
    // A test that fails with the broker stopped must not take the next tests down with it.
    afterEach(async () => {
      if (stopped) await reviveBroker(broker);
      stopped = false;
    });

    it('a stamped template row and a log entry restored with the broker stopped are marked; live ones are not', async () => {
      const key = uniquePersistKey(`marks-${kind}`);
      const topic = uniqueTopic('marks/row');
      const mount = (clientId: string) =>
        fixture<MqttConnection>(html`
          <mqtt-connection
            url=${broker.wsUrl}
            client-id=${clientId}
            persist=${key}
            reconnect-period="100"
            max-reconnect-period="300"
          >
            <mqtt-subscribe topic=${topic}>
              <template><p class="row">Hall: {{value}}</p></template>
            </mqtt-subscribe>
            <mqtt-log topic=${topic}></mqtt-log>
          </mqtt-connection>
        `);
      const firstId = uniqueClientId('marks');
      const first = await mount(firstId);
      await until(() => first.status === 'connected', 'the first page to connect');
      await untilBrokerHas(broker, firstId, [topic]);
      await publisher.publish(topic, { payload: '21.5' });
      await until(() => first.querySelector('p.row')?.textContent === 'Hall: 21.5', 'the row to be stamped');
      expect(first.querySelector('p.row')!.hasAttribute('data-restored')).to.equal(false);
      await until(async () => (await storedTopics(key)).includes(topic), 'the value to be kept');

      first.remove();
      await killBroker(broker);
      stopped = true;
      const secondId = uniqueClientId('marks');
      const second = await mount(secondId);
      const subscribe = second.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      const log = second.querySelector<MqttLog>('mqtt-log')!;
      await until(
        () => second.querySelector('p.row')?.textContent === 'Hall: 21.5',
        'the restored row to be stamped',
      );
      const row = second.querySelector('p.row')!;
      expect(row.hasAttribute('data-restored'), 'the stamped row is marked for the page to style').to.equal(
        true,
      );
      expect(subscribe.hasAttribute('restored')).to.equal(true);
      await until(() => logRows(log).length === 1, 'the log to list the restored message');
      expect(logRows(log)[0].restored, 'the log row is marked').to.equal(true);
      expect(logRows(log)[0].text, 'and says so in its text').to.contain('Restored');
      expect(logRows(log)[0].text).to.contain('21.5');

      await reviveBroker(broker);
      stopped = false;
      await until(() => second.status === 'connected', 'the page to connect once the broker is back');
      await untilBrokerHas(broker, secondId, [topic]);
      await publisher.publish(topic, { payload: '22' });
      await until(() => row.textContent === 'Hall: 22', 'the row to show the live value');
      expect(row.hasAttribute('data-restored'), 'a live value takes the mark away').to.equal(false);
      expect(subscribe.hasAttribute('restored')).to.equal(false);
      await until(() => logRows(log).length === 2, 'the log to list the live message');
      const [live, restored] = logRows(log);
      expect(live.restored).to.equal(false);
      expect(live.text).to.not.contain('Restored');
      expect(restored.restored, 'the earlier entry stays what it was').to.equal(true);
    });

    it('a wildcard template keeps every row it stamps, and restores them all marked with the broker stopped', async () => {
      const key = uniquePersistKey(`marks-${`wild-${kind}`}`);
      const prefix = uniqueTopic('marks/rooms');
      const mount = (clientId: string) =>
        fixture<MqttConnection>(html`
          <mqtt-connection
            url=${broker.wsUrl}
            client-id=${clientId}
            persist=${key}
            reconnect-period="100"
            max-reconnect-period="300"
          >
            <mqtt-subscribe topic=${`${prefix}/+`}>
              <template><p class="room" data-room="{{1}}">{{1}}: {{value}}</p></template>
            </mqtt-subscribe>
          </mqtt-connection>
        `);
      const rooms = (connection: Element) =>
        Array.from(connection.querySelectorAll('p.room'), (p) => [
          p.textContent,
          p.hasAttribute('data-restored'),
        ]).sort();
      const firstId = uniqueClientId('marks');
      const first = await mount(firstId);
      await until(() => first.status === 'connected', 'the first page to connect');
      await untilBrokerHas(broker, firstId, [`${prefix}/+`]);
      await publisher.publish(`${prefix}/hall`, { payload: '19' });
      await publisher.publish(`${prefix}/attic`, { payload: '15' });
      await until(() => rooms(first).length === 2, 'both rows to be stamped');
      let kept: string[] = [];
      await until(
        async () => (kept = await storedTopics(key)).length === 2,
        () => `both rows' topics to be kept (kept: ${JSON.stringify(kept)})`,
      );

      first.remove();
      await killBroker(broker);
      stopped = true;
      const second = await mount(uniqueClientId('marks'));
      await until(
        () =>
          JSON.stringify(rooms(second)) ===
          JSON.stringify([
            ['attic: 15', true],
            ['hall: 19', true],
          ]),
        () => `both rows restored and marked (rows: ${JSON.stringify(rooms(second))})`,
      );
      await reviveBroker(broker);
      stopped = false;
      await until(() => second.status === 'connected', 'the page to connect once the broker is back');
      await second.core.whenSubscribed(undefined, 5_000);
      await publisher.publish(`${prefix}/hall`, { payload: '20' });
      await until(
        () =>
          JSON.stringify(rooms(second)) ===
          JSON.stringify([
            ['attic: 15', true],
            ['hall: 20', false],
          ]),
        () => `the live row unmarked, the other still restored (rows: ${JSON.stringify(rooms(second))})`,
      );
    });

    it('a discovered entity shows its state kept from an earlier visit as restored until the device reports', async () => {
      const key = uniquePersistKey(`marks-${`discovery-${kind}`}`);
      const prefix = `${uniqueTopic('marks/disc')}/ha`;
      const state = uniqueTopic('marks/door');
      const uniqueId = `door_${Math.random().toString(36).slice(2, 8)}`;
      await publisher.publish(`${prefix}/binary_sensor/${uniqueId}/config`, {
        payload: JSON.stringify({
          name: 'Front door',
          unique_id: uniqueId,
          device_class: 'door',
          state_topic: state,
          payload_on: 'OPEN',
          payload_off: 'SHUT',
        }),
        retain: true,
        qos: 1,
      });
      const mount = () =>
        fixture<MqttConnection>(html`
          <mqtt-connection url=${broker.wsUrl} persist=${key}>
            <mqtt-discovery prefix=${prefix}></mqtt-discovery>
          </mqtt-connection>
        `);
      const entityOf = (connection: MqttConnection) =>
        connection
          .querySelector<MqttDiscovery>('mqtt-discovery')!
          .querySelector(`[data-unique-id="${uniqueId}"]`);
      const first = await mount();
      await until(() => entityOf(first), 'the entity to be discovered');
      await first.core.whenSubscribed(undefined, 5_000);
      // A state the device does not retain: without persist, a reload would show nothing until it reports.
      await publisher.publish(state, { payload: 'OPEN', qos: 1 });
      await until(() => textOf(entityOf(first)!).includes('Open'), 'the entity to show its state');
      expect(entityOf(first)!.hasAttribute('restored')).to.equal(false);
      await until(async () => (await storedTopics(key)).includes(state), 'the state to be kept');
      first.remove();

      const second = await mount();
      await until(() => entityOf(second), 'the entity to be discovered again');
      const entity = entityOf(second)!;
      await until(
        () => textOf(entity).includes('Open') && entity.hasAttribute('restored'),
        () => `the kept state shown as restored (shows "${textOf(entity)}")`,
      );
      expect(textOf(entity), 'said in words').to.contain('Restored from an earlier visit');
      await second.core.whenSubscribed(undefined, 5_000);
      await publisher.publish(state, { payload: 'SHUT', qos: 1 });
      await until(() => textOf(entity).includes('Closed'), 'the live state');
      expect(entity.hasAttribute('restored')).to.equal(false);
      expect(textOf(entity)).to.not.contain('Restored');
      // Clean up the retained config.
      await publisher.publish(`${prefix}/binary_sensor/${uniqueId}/config`, {
        payload: '',
        retain: true,
        qos: 1,
      });
    });
  });
}

describe('persist, restored and live together', function () {
  this.timeout(30_000);
  let broker: FaultBroker;
  before(async () => {
    broker = await startFaultBroker('aedes');
  });
  after(cleanupFaults);

  it('the connection opens while the kept values are read; a live value is never covered by a restored one', async () => {
    const key = uniquePersistKey('marks-race');
    const topics = Array.from({ length: 20 }, (_, i) => uniqueTopic(`marks/race${i}`));
    // Kept from an earlier visit: "old". Retained at the broker now: "new".
    await plantEntries(
      topics.map((topic) => ({
        key,
        topic,
        format: 1,
        payload: new TextEncoder().encode('old'),
        retained: true,
        qos: 0,
        receivedAt: Date.now() - 60_000,
      })),
    );
    const publisher = await NodeClient.open(broker);
    for (const topic of topics) await publisher.publish(topic, { payload: 'new', retain: true, qos: 1 });
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${broker.wsUrl} persist=${key}>
        ${topics.map((topic) => html`<mqtt-subscribe topic=${topic}></mqtt-subscribe>`)}
      </mqtt-connection>
    `);
    const values = Array.from(connection.querySelectorAll<MqttSubscribe>('mqtt-subscribe'));
    await until(
      () => values.every((value) => value.message?.text === 'new'),
      () => `every value to show the broker's (shows ${values.map((v) => v.message?.text).join(', ')})`,
    );
    await connection.core.whenSubscribed(undefined, 5_000);
    // Whatever came first, the kept values did not replace the live ones; by now the live ones are kept.
    await until(
      async () =>
        (await storedEntries(key)).every(
          (entry) => new TextDecoder().decode(entry.payload as Uint8Array) === 'new',
        ),
      'the live values to be kept in place of the old ones',
    );
    expect(values.map((value) => [value.message?.text, value.hasAttribute('restored')])).to.deep.equal(
      topics.map(() => ['new', false]),
    );
    for (const topic of topics) await publisher.publish(topic, { payload: '', retain: true, qos: 1 });
  });
});

// A shown value never goes back in time. A topic has a retained value R1, which the page shows when
// it subscribes; later a message that is not retained (e1) arrives and is shown. Whenever the page
// subscribes again (after `disconnect()` and `connect()`, after a broker restart) the broker sends R1
// once more: the element must keep showing e1. A retained value that really changed while the page
// was away is news, and is shown; under MQTT 5 also when it changed back to the value the page first
// saw (a switch turned off and on again), since the page then knows which live messages the broker
// retained.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  recordFigures,
  restartBroker,
  startFaultBroker,
  type FaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { shown } from '../support/user-view.js';

const timeout = 10_000;

/** Counts the retained copies of `topic` the page's current MQTT.js client receives from now on. */
function countRetained(connection: MqttConnection, topic: string): { count: number } {
  const seen = { count: 0 };
  connection.client!.on('message', (t, _payload, packet) => {
    if (t === topic && packet.retain) seen.count++;
  });
  return seen;
}

/** Two animation frames: elements render at most once per frame. */
function rendered(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
}

const cases: { kind: BrokerName; version: 4 | 5 }[] = [
  { kind: 'aedes', version: 4 },
  { kind: 'mosquitto', version: 4 },
  { kind: 'mosquitto', version: 5 },
];

for (const { kind, version } of cases) {
  describe(`retained replay, ${kind}, MQTT ${version === 5 ? '5' : '3.1.1'}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    let broker: FaultBroker;
    let publisher: NodeClient;
    before(async () => {
      // `persistent`: retained messages (and sessions) outlive a broker restart.
      broker = await startFaultBroker(kind, 'persistent');
      publisher = await NodeClient.open(broker);
    });

    async function pageShowing(
      topic: string,
    ): Promise<{ connection: MqttConnection; element: MqttSubscribe }> {
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          protocol-version=${version}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      return { connection, element: connection.querySelector('mqtt-subscribe')! };
    }

    /** R1 retained before the page subscribes and shown; then e1, not retained, shown. */
    async function retainedThenLive(
      topic: string,
    ): Promise<{ connection: MqttConnection; element: MqttSubscribe }> {
      await publisher.publish(topic, { payload: 'R1', retain: true, qos: 1 });
      const page = await pageShowing(topic);
      const { element } = page;
      await until(
        () => shown(element) === 'R1',
        () => `R1 shown (shows "${shown(element)}")`,
      );
      await publisher.publish(topic, { payload: 'e1', qos: 1 });
      await until(
        () => shown(element) === 'e1',
        () => `e1 shown (shows "${shown(element)}")`,
      );
      return page;
    }

    it('after disconnect() and connect(), the replayed retained R1 does not replace the newer e1', async () => {
      const topic = uniqueTopic(`replay-${kind}`);
      const { connection, element } = await retainedThenLive(topic);

      await connection.disconnect();
      let replay = { count: 0 };
      connection.addEventListener('mqtt-connect', () => (replay = countRetained(connection, topic)), {
        once: true,
      });
      connection.connect();
      await until(() => replay.count === 1, 'the broker to replay the retained R1');
      await rendered();
      expect(shown(element)).to.equal('e1');
      expect(connection.core.lastMessage(topic)?.text).to.equal('e1');
    });

    it('after a broker restart (retained messages kept), the replayed R1 does not replace e1', async () => {
      const topic = uniqueTopic(`restart-${kind}`);
      const { connection, element } = await retainedThenLive(topic);
      // Mosquitto saves to disk on every change; Aedes hands its storage on.
      await new Promise((r) => setTimeout(r, 300));

      const replay = countRetained(connection, topic);
      await restartBroker(broker);
      await until(() => replay.count === 1, 'the restarted broker to replay the retained R1');
      await rendered();
      expect(shown(element)).to.equal('e1');
      // The page goes on: the next live message is shown.
      await publisher.publish(topic, { payload: 'e2', qos: 1 });
      await until(
        () => shown(element) === 'e2',
        () => `e2 shown (shows "${shown(element)}")`,
      );
      await recordFigures(`retained replay after a broker restart, MQTT ${version}`, kind, {
        shownAfterReplay: 'e1',
      });
    });

    it('a retained value that really changed while the page was away is shown', async () => {
      const topic = uniqueTopic(`changed-${kind}`);
      const { connection, element } = await retainedThenLive(topic);

      await connection.disconnect();
      await publisher.publish(topic, { payload: 'R3', retain: true, qos: 1 });
      connection.connect();
      await until(
        () => shown(element) === 'R3',
        () => `R3 shown (shows "${shown(element)}")`,
      );
    });

    if (version === 5) {
      it('a retained switch state turned back while the page was away is shown (retain as published)', async () => {
        const topic = uniqueTopic(`toggle-${kind}`);
        await publisher.publish(topic, { payload: 'ON', retain: true, qos: 1 });
        const { connection, element } = await pageShowing(topic);
        await until(
          () => shown(element) === 'ON',
          () => `ON shown (shows "${shown(element)}")`,
        );
        // Live and retained: the page learns that the broker's retained value is now OFF.
        await publisher.publish(topic, { payload: 'OFF', retain: true, qos: 1 });
        await until(
          () => shown(element) === 'OFF',
          () => `OFF shown (shows "${shown(element)}")`,
        );

        await connection.disconnect();
        await publisher.publish(topic, { payload: 'ON', retain: true, qos: 1 });
        connection.connect();
        await until(
          () => shown(element) === 'ON',
          () => `ON shown again (shows "${shown(element)}")`,
        );
      });
    }
  });
}

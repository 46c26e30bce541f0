// A wall-screen dashboard outlives its broker: the broker is killed hard and started again on the
// same ports twenty times in a row, and each time the page must say it is reconnecting, come back,
// restore every subscription exactly once, and show the next message on every topic.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  brokerLog,
  cleanupFaults,
  recordFigures,
  restartBroker,
  startFaultBroker,
  type FaultBroker,
} from '../support/fault-control.js';
import { shown } from '../support/shown.js';
import { StatusRecorder } from '../support/status-recorder.js';
import { until } from '../support/until.js';

const cycles = 20;
const timeout = 10_000;

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`broker restart, ${kind}`, function () {
    this.timeout(180_000);
    let broker: FaultBroker;

    before(async () => {
      broker = await startFaultBroker(kind);
    });
    after(cleanupFaults);

    it(`survives ${cycles} hard restarts: reconnecting → connected, each filter restored once, next message shown`, async () => {
      const prefix = uniqueTopic(`restart-${kind}`);
      const clientId = `test_restart_${kind}_${Math.random().toString(36).slice(2, 8)}`;
      // Three filters, one of them shared by two elements and one with a wildcard: what a real
      // dashboard has. Fast reconnect settings keep twenty cycles short.
      const filters = [`${prefix}/temp`, `${prefix}/rooms/+/lamp`, `${prefix}/power`];
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${clientId}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <mqtt-status></mqtt-status>
          <mqtt-subscribe id="temp" topic=${filters[0]}></mqtt-subscribe>
          <mqtt-subscribe id="temp-again" topic=${filters[0]}></mqtt-subscribe>
          <mqtt-subscribe id="lamp" topic=${filters[1]}></mqtt-subscribe>
          <mqtt-subscribe id="power" topic=${filters[2]} qos="1"></mqtt-subscribe>
        </mqtt-connection>
      `);
      const elements = Array.from(connection.querySelectorAll<MqttSubscribe>('mqtt-subscribe'));
      const status = connection.querySelector<MqttStatus>('mqtt-status')!;
      await waitUntil(() => connection.status === 'connected', 'first connection', { timeout });
      const publisher = await NodeClient.open(broker);

      const subscribesPerFilter = async () => {
        const { packets } = await brokerLog(broker, clientId);
        return filters.map((f) => packets.filter((p) => p.type === 'subscribe' && p.topic === f).length);
      };
      const waitForSubscribes = async (expected: number) => {
        let counts: number[] = [];
        await until(
          async () => {
            counts = await subscribesPerFilter();
            return counts.every((n) => n >= expected);
          },
          () => `each filter subscribed ${expected} times (got ${counts.join(', ')})`,
          timeout,
        );
      };
      await waitForSubscribes(1);

      const recorder = new StatusRecorder(connection);
      const recoveries: number[] = [];
      const sawReconnectingInStatus: boolean[] = [];
      for (let cycle = 1; cycle <= cycles; cycle++) {
        recorder.clear();
        let statusShowedReconnecting = false;
        const watchStatus = () => {
          if (status.status === 'reconnecting') statusShowedReconnecting = true;
        };
        const poll = setInterval(watchStatus, 10);
        const killedAt = performance.now();
        await restartBroker(broker);
        await waitUntil(
          () => connection.status === 'connected' && recorder.steps.length >= 2,
          `cycle ${cycle}: reconnected`,
          {
            timeout,
            interval: 10,
          },
        );
        clearInterval(poll);
        recoveries.push(recorder.firstAt('connected')! - killedAt);
        sawReconnectingInStatus.push(statusShowedReconnecting || recorder.sequence.includes('reconnecting'));
        expect(recorder.sequence, `cycle ${cycle}: the statuses the page went through`).to.deep.equal([
          'reconnecting',
          'connected',
        ]);
        await waitForSubscribes(cycle + 1);

        await publisher.publish(filters[0], { payload: `t${cycle}` });
        await publisher.publish(`${prefix}/rooms/kitchen/lamp`, { payload: `l${cycle}` });
        await publisher.publish(filters[2], { payload: `p${cycle}`, qos: 1 });
        await until(
          () =>
            shown(elements[0]) === `t${cycle}` &&
            shown(elements[1]) === `t${cycle}` &&
            shown(elements[2]) === `l${cycle}` &&
            shown(elements[3]) === `p${cycle}`,
          () =>
            `cycle ${cycle}: the next message on each topic to be shown (shown: ${elements.map(shown).join(', ')})`,
          timeout,
        );
      }
      recorder.stop();

      // Nothing more trickles in later: exactly one SUBSCRIBE per filter per connection.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await subscribesPerFilter(), 'SUBSCRIBEs per filter: 1 + 1 per restart').to.deep.equal(
        filters.map(() => cycles + 1),
      );
      expect(sawReconnectingInStatus.every(Boolean), '<mqtt-status> showed reconnecting each time').to.equal(
        true,
      );
      await status.updateComplete;
      expect(status.status).to.equal('connected');

      recoveries.sort((a, b) => a - b);
      await recordFigures('broker restart', kind, {
        cycles,
        survived: cycles,
        subscribesPerFilter: cycles + 1,
        recoveryMedianMs: Math.round(recoveries[Math.floor(cycles / 2)]),
        recoveryMaxMs: Math.round(recoveries.at(-1)!),
      });
    });
  });
}

// A connection that names several brokers moves to the next when one fails, says which one it
// uses, and goes back to the first when asked to connect again. Two real brokers of one kind: the
// first is killed while an element shows live values, the values go on from the second, and after
// the first is revived `connect()` brings the page back to it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  killBroker,
  recordFigures,
  reviveBroker,
  startFaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, shown, statusText, type ReportedError } from '../support/user-view.js';

/** Nothing listens there: refused at once, as a broker that is down. */
const deadUrl = 'ws://127.0.0.1:9/mqtt';

function titleOfStatus(status: MqttStatus): string {
  return status.shadowRoot!.querySelector('[part="base"]')?.getAttribute('title') ?? '';
}

/** Publishes `value` until `element` shows it: after a move the subscription may be a moment away. */
async function showsNext(publisher: NodeClient, topic: string, element: MqttSubscribe, value: string) {
  await until(
    async () => {
      await publisher.publish(topic, { payload: value });
      await new Promise((r) => setTimeout(r, 100));
      return shown(element) === value;
    },
    () => `the element to show "${value}" (shows "${shown(element)}")`,
  );
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`failover between brokers, ${kind}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    it('the first broker killed: the page moves to the second and values go on; connect() after reviving the first goes back to it', async () => {
      const [first, second] = [await startFaultBroker(kind), await startFaultBroker(kind)];
      const topic = uniqueTopic(`failover-${kind}`);
      const [onFirst, onSecond] = [await NodeClient.open(first), await NodeClient.open(second)];
      const errors: ReportedError[] = [];
      const connects: string[] = [];
      const root = await fixture<HTMLElement>(html`
        <div @mqtt-error=${recordErrorsInto(errors)}>
          <mqtt-connection
            url="${first.wsUrl} ${second.wsUrl}"
            reconnect-period="100"
            max-reconnect-period="500"
            connect-timeout="3000"
            @mqtt-connect=${(e: HTMLElementEventMap['mqtt-connect']) => connects.push(e.detail.url)}
          >
            <mqtt-status></mqtt-status>
            <mqtt-subscribe topic=${topic}></mqtt-subscribe>
          </mqtt-connection>
        </div>
      `);
      const connection = root.querySelector('mqtt-connection')!;
      const status = root.querySelector('mqtt-status')!;
      const element = root.querySelector('mqtt-subscribe')!;
      await until(
        () => connection.status === 'connected',
        () => statusText(status),
      );
      expect(connection.core.statusInfo.url).to.equal(first.wsUrl);
      await until(
        () => titleOfStatus(status) === `Broker: ${first.wsUrl}`,
        () => titleOfStatus(status),
      );
      await showsNext(onFirst, topic, element, 'from the first');

      await killBroker(first);
      const killed = performance.now();
      await until(
        () => connection.status === 'connected' && connection.core.statusInfo.url === second.wsUrl,
        () => `on the second broker (${statusText(status)})`,
      );
      const movedMs = Math.round(performance.now() - killed);
      await until(
        () =>
          statusText(status).includes(`Using broker 2 of 2, ${second.wsUrl}: ${first.wsUrl} did not work.`),
        () => statusText(status),
      );
      expect(titleOfStatus(status)).to.include(`Broker: ${second.wsUrl}`);
      await showsNext(onSecond, topic, element, 'from the second');
      expect(errors.every((e) => e.tag === 'mqtt-connection' && e.code === 'socket')).to.equal(true);

      await reviveBroker(first);
      const onFirstAgain = await NodeClient.open(first);
      connection.connect();
      await until(
        () => connection.status === 'connected' && connection.core.statusInfo.url === first.wsUrl,
        () => `back on the first broker (${statusText(status)})`,
      );
      await showsNext(onFirstAgain, topic, element, 'from the first again');
      await until(
        () => !statusText(status).includes('Using broker'),
        () => statusText(status),
      );
      expect(connects).to.deep.equal([first.wsUrl, second.wsUrl, first.wsUrl]);
      await recordFigures('first of two brokers killed', kind, { movedToSecondMs: movedMs });
      await Promise.all([onFirst.close(), onSecond.close(), onFirstAgain.close()]);
    });

    it('the `urls` property with the first broker down from the start: connected to the second', async () => {
      const second = await startFaultBroker(kind);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection .urls=${[deadUrl, second.wsUrl]} reconnect-period="100"></mqtt-connection>
      `);
      await until(
        () => connection.status === 'connected',
        () => connection.core.statusInfo.reason ?? '',
      );
      expect(connection.core.statusInfo.url).to.equal(second.wsUrl);
      expect(connection.core.statusInfo.reason).to.equal(
        `Using broker 2 of 2, ${second.wsUrl}: ${deadUrl} did not work. connect() tries the first again.`,
      );
    });

    it('a URL in the list that cannot work: an error naming which one, nothing connects', async () => {
      const broker = await startFaultBroker(kind);
      const errors: ReportedError[] = [];
      const root = await fixture<HTMLElement>(html`
        <div @mqtt-error=${recordErrorsInto(errors)}>
          <mqtt-connection url="${broker.wsUrl} mqtt://127.0.0.1:1883">
            <mqtt-status></mqtt-status>
          </mqtt-connection>
        </div>
      `);
      const connection = root.querySelector('mqtt-connection')!;
      const status = root.querySelector('mqtt-status')!;
      await until(
        () =>
          connection.status === 'error' &&
          statusText(status).includes('Broker URL 2 of 2: mqtt:// is MQTT over TCP'),
        () => statusText(status),
      );
      expect(errors.map((e) => e.code)).to.deep.equal(['url']);
      expect(connection.client).to.equal(undefined);
    });
  });
}

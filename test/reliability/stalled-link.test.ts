// A link that died while the page could not notice (a closed laptop lid, a frozen tab, a Wi-Fi that
// changed) still looks connected: the socket has heard nothing, not even a goodbye. When the browser
// hints that such a thing happened (`online`, the tab shown again, a frozen page resumed) the page
// checks the link with a PING at once; no answer within 4 s and it reconnects, instead of waiting
// for the keep-alive (here 60 s, so 90 s). The link is black-holed by a TCP proxy in front of the
// broker: both sides keep their sockets open and bytes vanish. The browser's signal is dispatched
// by the test (see instant-resume.test.ts for why; test/tooling/ has Chromium's own emulation).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  recordFigures,
  setProxy,
  startFaultBroker,
  startProxy,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, shown, statusText, type ReportedError } from '../support/user-view.js';

const signals: { name: string; dispatch(): void }[] = [
  { name: 'online', dispatch: () => window.dispatchEvent(new Event('online')) },
  { name: 'visibilitychange', dispatch: () => document.dispatchEvent(new Event('visibilitychange')) },
  { name: 'resume', dispatch: () => document.dispatchEvent(new Event('resume')) },
];

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`a stalled link, ${kind}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    async function page() {
      const broker = await startFaultBroker(kind);
      const proxy = await startProxy(broker);
      const topic = uniqueTopic(`stalled-${kind}`);
      const errors: ReportedError[] = [];
      const statuses: string[] = [];
      const root = await fixture<HTMLElement>(html`
        <div @mqtt-error=${recordErrorsInto(errors)}>
          <mqtt-connection
            url=${proxy.wsUrl}
            keepalive="60"
            reconnect-period="100"
            @mqtt-status=${(e: HTMLElementEventMap['mqtt-status']) => statuses.push(e.detail.status)}
          >
            <mqtt-status></mqtt-status>
            <mqtt-subscribe topic=${topic}></mqtt-subscribe>
          </mqtt-connection>
        </div>
      `);
      const connection = root.querySelector<MqttConnection>('mqtt-connection')!;
      const status = root.querySelector<MqttStatus>('mqtt-status')!;
      const element = root.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await until(
        () => connection.status === 'connected',
        () => statusText(status),
      );
      return { broker, proxy, topic, errors, statuses, connection, status, element };
    }

    for (const signal of signals) {
      it(`"${signal.name}" over a black-holed link: noticed within seconds, reconnected, values go on`, async () => {
        const { broker, proxy, topic, errors, connection, status, element } = await page();
        await setProxy(proxy, 'blackhole');
        const signalled = performance.now();
        signal.dispatch();
        await until(
          () => connection.status !== 'connected',
          () => `the dead link noticed (${statusText(status)})`,
        );
        const noticedMs = Math.round(performance.now() - signalled);
        expect(noticedMs, 'ms from the signal to the loss noticed').to.be.within(3_500, 7_000);
        await until(
          () => statusText(status).includes('No answer from the broker within 4 s after the page woke up'),
          () => statusText(status),
        );
        expect(errors.map((e) => e.code)).to.deep.equal(['socket']);

        await setProxy(proxy, 'forward');
        await until(
          () => connection.status === 'connected',
          () => statusText(status),
        );
        const publisher = await NodeClient.open(broker);
        await until(
          async () => {
            await publisher.publish(topic, { payload: 'after the stall' });
            await new Promise((r) => setTimeout(r, 100));
            return shown(element) === 'after the stall';
          },
          () => `the element shows fresh values (shows "${shown(element)}")`,
        );
        await recordFigures(`"${signal.name}" over a black-holed link, keepalive 60 s`, kind, {
          noticedAfterMs: noticedMs,
        });
        await publisher.close();
      });
    }

    it('a healthy link: the signal costs one PING, answered, and nothing changes', async () => {
      const { connection, errors, statuses } = await page();
      const before = statuses.length;
      let pingAnswered = false;
      connection.client!.on('packetreceive', (packet) => {
        if (packet.cmd === 'pingresp') pingAnswered = true;
      });
      window.dispatchEvent(new Event('online'));
      await until(() => pingAnswered, 'the PING answered');
      expect(connection.status).to.equal('connected');
      expect(statuses.length, 'status changes').to.equal(before);
      expect(errors).to.deep.equal([]);
    });
  });
}

// Two pages with the same client-id take the session from each other, back and forth. Left alone,
// that is a silent reconnect storm. The kicked connection must say what is happening in
// <mqtt-status> and slow down to its longest reconnect delay.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus } from '../../src/index.js';
import type { BrokerName } from '../support/brokers.js';
import { brokerLog, cleanupFaults, recordFigures, startFaultBroker } from '../support/fault-control.js';

const maxReconnectPeriod = 3000;
const windowMs = 9000;

const cases: { kind: BrokerName; version: 4 | 5 }[] = [
  { kind: 'aedes', version: 4 },
  { kind: 'mosquitto', version: 4 },
  { kind: 'mosquitto', version: 5 },
];

for (const { kind, version } of cases) {
  describe(`duplicate client ID, ${kind}, MQTT ${version === 5 ? '5' : '3.1.1'}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    it('the kicked connection says so in <mqtt-status> and backs off instead of looping', async () => {
      const broker = await startFaultBroker(kind);
      const clientId = `test_dup_${Math.random().toString(36).slice(2, 8)}`;
      // Two connections with one client-id on one page stand for two browser tabs of one dashboard.
      const page = await fixture<HTMLElement>(html`
        <div>
          ${[1, 2].map(
            (n) => html`
              <mqtt-connection
                id="tab${n}"
                url=${broker.wsUrl}
                client-id=${clientId}
                protocol-version=${version}
                reconnect-period="100"
                max-reconnect-period=${maxReconnectPeriod}
              >
                <mqtt-status></mqtt-status>
              </mqtt-connection>
            `,
          )}
        </div>
      `);
      const connections = Array.from(page.querySelectorAll<MqttConnection>('mqtt-connection'));
      const statuses = Array.from(page.querySelectorAll<MqttStatus>('mqtt-status'));
      const errorCodes: string[] = [];
      page.addEventListener('mqtt-error', (e) => errorCodes.push(e.detail.code));
      const takeoverShown = () =>
        statuses.some((s) => /Another client is using the client ID/.test(s.shadowRoot?.textContent ?? ''));

      await waitUntil(
        takeoverShown,
        '<mqtt-status> of the kicked connection says another client uses the ID',
        {
          timeout: 20_000,
          interval: 50,
        },
      );
      const detectedAfter = (await brokerLog(broker, clientId)).connects.filter(
        (c) => c.type === 'connect',
      ).length;
      expect(errorCodes, 'an mqtt-error with the reason').to.include('client-id-taken');

      // Now count CONNECTs over a window. Fighting at reconnect-period="100" would be about
      // windowMs / 100 = 90 of them; backing off to max-reconnect-period allows about two per
      // period (one page comes back, the other is kicked and comes back a period later).
      const before = (await brokerLog(broker, clientId)).connects.filter((c) => c.type === 'connect').length;
      let shownDuringWindow = 0;
      let samples = 0;
      const sampler = setInterval(() => {
        samples++;
        if (takeoverShown() || connections.some((c) => c.error?.code === 'client-id-taken'))
          shownDuringWindow++;
      }, 250);
      await new Promise((r) => setTimeout(r, windowMs));
      clearInterval(sampler);
      const after = (await brokerLog(broker, clientId)).connects.filter((c) => c.type === 'connect').length;
      const connects = after - before;
      const allowed = 2 * Math.ceil(windowMs / maxReconnectPeriod) + 2;
      expect(connects, `CONNECTs in ${windowMs} ms (at most ${allowed})`).to.be.at.most(allowed);
      expect(shownDuringWindow / samples, 'share of the time the takeover is reported').to.be.above(0.8);
      // The page still has a working connection most of the time: one of the two holds the session.
      expect(
        connections.some((c) => c.status === 'connected') ||
          connections.every((c) => c.status === 'reconnecting'),
      ).to.equal(true);

      await recordFigures(`duplicate client ID (MQTT ${version === 5 ? '5' : '3.1.1'})`, kind, {
        connectsUntilReported: detectedAfter,
        connectsInWindow: connects,
        windowMs,
        withoutBackoffWouldBe: Math.round(windowMs / 100),
        maxReconnectPeriodMs: maxReconnectPeriod,
      });
    });
  });
}

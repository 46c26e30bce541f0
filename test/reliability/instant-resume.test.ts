// A page left open reconnects as soon as the browser says it may work again, instead of waiting out
// a backoff that has grown to its longest: the network is back (`online`), a hidden tab is shown
// (`visibilitychange`), a frozen page is resumed (`resume`). The broker is really killed and revived
// while the page waits 20 s for its next attempt; the browser's signal is dispatched by the test.
// Why not Chromium's own emulation: DevTools offline mode and page freezing also cut the test
// runner's connection to the page (tried: "the browser disconnected"), so the test would end there.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection } from '../../src/index.js';
import type { BrokerName } from '../support/brokers.js';
import {
  cleanupFaults,
  killBroker,
  recordFigures,
  reviveBroker,
  startFaultBroker,
} from '../support/fault-control.js';

const timeout = 10_000;
const longBackoff = 20_000;

const signals: { name: string; dispatch(): void }[] = [
  { name: 'online', dispatch: () => window.dispatchEvent(new Event('online')) },
  // The test page is visible, as a tab that was just shown again is.
  { name: 'visibilitychange', dispatch: () => document.dispatchEvent(new Event('visibilitychange')) },
  { name: 'resume', dispatch: () => document.dispatchEvent(new Event('resume')) },
];

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`instant resume, ${kind}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    for (const signal of signals) {
      it(`"${signal.name}" while waiting out a 20 s backoff reconnects at once`, async () => {
        const broker = await startFaultBroker(kind);
        const connection = await fixture<MqttConnection>(html`
          <mqtt-connection
            url=${broker.wsUrl}
            reconnect-period=${longBackoff}
            max-reconnect-period=${longBackoff}
          ></mqtt-connection>
        `);
        await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
        await killBroker(broker);
        await waitUntil(() => connection.status === 'reconnecting', 'the loss noticed', { timeout });
        const retryAt = connection.core.statusInfo.retryAt ?? 0;
        expect(retryAt - Date.now(), 'the next attempt is far off').to.be.greaterThan(longBackoff - 3_000);
        await reviveBroker(broker);

        const signalled = performance.now();
        signal.dispatch();
        await waitUntil(() => connection.status === 'connected', 'connected again', { timeout });
        const ms = Math.round(performance.now() - signalled);
        expect(ms, `ms from "${signal.name}" to connected`).to.be.lessThan(5_000);
        await recordFigures(`"${signal.name}" during a 20 s backoff`, kind, { connectedAfterMs: ms });
      });
    }

    it('without a signal it waits for its backoff (the control case)', async () => {
      const broker = await startFaultBroker(kind);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          reconnect-period=${longBackoff}
          max-reconnect-period=${longBackoff}
        ></mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      await killBroker(broker);
      await waitUntil(() => connection.status === 'reconnecting', 'the loss noticed', { timeout });
      await reviveBroker(broker);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(connection.status).to.equal('reconnecting');
    });
  });
}

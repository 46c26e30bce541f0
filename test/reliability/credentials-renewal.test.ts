// An unattended page whose credentials come from a function recovers by itself once that function
// hands out good ones again: after a refusal it keeps trying at the longest backoff, asking the
// function each time, and says why meanwhile. (Fixed user and password still stop at the first
// refusal: retrying the same ones cannot help; see credentials-and-acl.)
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection } from '../../src/index.js';
import type { BrokerName } from '../support/brokers.js';
import { cleanupFaults, startFaultBroker, testUser } from '../support/fault-control.js';
import { until } from '../support/until.js';

const longest = 1_000;

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`credentials that recover, ${kind}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    it('refused twice (the token service hands out stale tokens), then good ones: connected without help', async () => {
      const broker = await startFaultBroker(kind, 'secured');
      const asked: number[] = [];
      const credentials = () => {
        asked.push(performance.now());
        return asked.length <= 2
          ? { username: testUser.username, password: 'stale-token' }
          : { username: testUser.username, password: testUser.password };
      };
      const reasons: string[] = [];
      const errors: string[] = [];
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          .credentials=${credentials}
          reconnect-period="100"
          max-reconnect-period=${longest}
          @mqtt-status=${(e: HTMLElementEventMap['mqtt-status']) =>
            reasons.push(`${e.detail.status}: ${e.detail.reason ?? ''}`)}
          @mqtt-error=${(e: HTMLElementEventMap['mqtt-error']) => errors.push(e.detail.code)}
        ></mqtt-connection>
      `);
      await until(
        () => connection.status === 'connected',
        () => `connected in the end (statuses: ${reasons.join(' | ')})`,
        15_000,
      );
      expect(asked.length, 'times the credentials function was asked').to.equal(3);
      const refusal = reasons.find((r) => r.startsWith('reconnecting:'));
      expect(refusal, 'the status said why').to.match(/not authori[sz]ed|bad user name or password/i);
      expect(refusal).to.contain('Asking the credentials function again');
      expect(
        reasons.some((r) => r.startsWith('error')),
        'never the final error state',
      ).to.equal(false);
      expect(errors.filter((c) => c === 'auth').length, 'auth errors reported').to.equal(2);
      // After a refusal the page waits the longest delay, not the short first one.
      expect(asked[2]! - asked[1]!, 'ms between the 2nd and 3rd attempt').to.be.greaterThan(longest - 100);
      await waitUntil(() => connection.status === 'connected', 'still connected');
    });
  });
}

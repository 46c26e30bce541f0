// A user name and password written into the broker URL are used to connect but never shown: not in
// <mqtt-status> (text or title), not in mqtt-status / mqtt-error / mqtt-connect details, not in the
// console; a warning says to use `username`/`credentials` instead.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus } from '../../src/index.js';
import { brokerUrl, type BrokerName } from '../support/brokers.js';
import { until } from '../support/until.js';

const secret = 's3cret-pw';

/** Everything a page, its events and its console could show about the connection. */
function recorder(connection: MqttConnection) {
  const seen: string[] = [];
  for (const name of ['mqtt-status', 'mqtt-error', 'mqtt-connect'] as const) {
    connection.addEventListener(name, (e) => seen.push(JSON.stringify((e as CustomEvent).detail)));
  }
  return seen;
}

function statusShows(status: MqttStatus): string {
  const base = status.shadowRoot!.querySelector('[part="base"]');
  return `${status.shadowRoot!.textContent ?? ''} ${base?.getAttribute('title') ?? ''}`;
}

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`credentials in the broker URL, ${broker}`, function () {
    this.timeout(20_000);
    const warnings: string[] = [];
    const original = console.warn;
    beforeEach(() => {
      warnings.length = 0;
      console.warn = (...args: unknown[]) => {
        warnings.push(args.map(String).join(' '));
        original.apply(console, args);
      };
    });
    afterEach(() => {
      console.warn = original;
    });

    it('connects with them, shows a warning, and never shows the password', async () => {
      const plain = await brokerUrl(broker);
      const url = plain.replace('://', `://reader:${secret}@`);
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection><mqtt-status></mqtt-status></mqtt-connection>`,
      );
      const seen = recorder(connection);
      const connects: string[] = [];
      connection.addEventListener('mqtt-connect', (e) => connects.push(e.detail.url));
      connection.url = url;
      await until(() => connection.status === 'connected', `connected, status ${connection.status}`);
      const status = connection.querySelector('mqtt-status')!;
      await until(() => statusShows(status).includes('never shown'), 'the warning in <mqtt-status>');
      expect(statusShows(status)).to.include('username');
      expect(connects, 'mqtt-connect detail.url').to.deep.equal([plain]);
      expect([...seen, statusShows(status), ...warnings].join('\n')).not.to.include(secret);
    });

    it('a URL without a scheme is an error that does not quote the password', async () => {
      const host = new URL(await brokerUrl(broker)).host;
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection><mqtt-status></mqtt-status></mqtt-connection>`,
      );
      const seen = recorder(connection);
      connection.url = `reader:${secret}@${host}`;
      await until(() => connection.status === 'error', `error, status ${connection.status}`);
      const status = connection.querySelector('mqtt-status')!;
      await until(() => statusShows(status).includes('no scheme'), 'the reason in <mqtt-status>');
      expect(statusShows(status)).to.include(`ws://${host}`);
      expect(
        [...seen, statusShows(status), connection.error!.message, ...warnings].join('\n'),
      ).not.to.include(secret);
    });
  });
}

// The deployment people run in production: the page over https, the broker behind nginx terminating
// TLS (wss://). Chromium trusts the certificate made for this run by its key hash, so certificate
// checks stay on: a broker with another certificate is refused, as a visitor's browser would refuse
// it. Runs under web-test-runner.tls.config.mjs.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  recordFigures,
  restartBroker,
  startFaultBroker,
  startTlsProxy,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, shown, statusText, type ReportedError } from '../support/user-view.js';

const timeout = 10_000;

describe('wss:// through an nginx TLS reverse proxy, from an https page', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  it('the test page itself is served over https', () => {
    expect(location.protocol).to.equal('https:');
  });

  for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
    it(`connects over wss://, shows, publishes, and comes back after the broker behind nginx restarts, ${kind}`, async () => {
      const broker = await startFaultBroker(kind);
      const tls = await startTlsProxy(broker);
      const topic = uniqueTopic(`wss-${kind}`);
      const node = await NodeClient.open(broker);
      await node.subscribe(`${topic}/set`, 1);
      await node.publish(`${topic}/state`, { payload: JSON.stringify({ temp: 21.46 }), retain: true });

      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${tls.wssUrl} reconnect-period="100" max-reconnect-period="500">
          <mqtt-status></mqtt-status>
          <mqtt-subscribe topic="${topic}/state" select="temp" decimals="1"></mqtt-subscribe>
          <mqtt-publish topic="${topic}/set" qos="1" payload="ON"><button>On</button></mqtt-publish>
        </mqtt-connection>
      `);
      const element = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await waitUntil(() => connection.status === 'connected', `connected over ${tls.wssUrl}`, { timeout });
      expect(connection.client!.options.protocol).to.equal('wss');
      await until(
        () => shown(element) === '21.5',
        () => `the retained value (shows ${shown(element)})`,
      );
      connection.querySelector('button')!.click();
      await until(
        async () => (await node.receivedCount(`${topic}/set`)).count === 1,
        'the publish through nginx',
      );

      const restartedAt = performance.now();
      await restartBroker(broker);
      await waitUntil(() => connection.status === 'reconnecting', 'nginx passes the loss on', { timeout });
      await waitUntil(() => connection.status === 'connected', 'back through nginx', { timeout });
      const recoveredMs = performance.now() - restartedAt;
      await until(async () => {
        await node.publish(`${topic}/state`, { payload: JSON.stringify({ temp: 22 }) });
        return shown(element) === '22.0';
      }, 'the next value after the restart');
      await recordFigures('wss through nginx, broker restarted behind it', kind, {
        recoveredMs: Math.round(recoveredMs),
      });
    });
  }

  it('a wss:// broker whose certificate the browser does not trust: cannot reach, and the message names the certificate', async () => {
    const broker = await startFaultBroker('aedes');
    const untrusted = await startTlsProxy(broker, 'untrusted');
    const errors: ReportedError[] = [];
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${untrusted.wssUrl} reconnect-period="200" @mqtt-error=${recordErrorsInto(errors)}>
        <mqtt-status></mqtt-status>
      </mqtt-connection>
    `);
    const status = connection.querySelector<MqttStatus>('mqtt-status')!;
    await waitUntil(() => connection.status === 'reconnecting', 'refused by the browser', { timeout });
    await until(
      () => /certificate/.test(statusText(status)),
      () => `the status names the certificate: ${statusText(status)}`,
    );
    expect(statusText(status)).to.match(/Cannot reach the broker at wss:\/\/localhost:\d+\/mqtt/);
    expect(errors.some((e) => e.code === 'socket')).to.equal(true);
  });

  it('ws:// to another host from an https page is refused before connecting, with the wss:// fix', async () => {
    const errors: ReportedError[] = [];
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url="ws://broker.example.com:8083/mqtt" @mqtt-error=${recordErrorsInto(errors)}>
        <mqtt-status></mqtt-status>
      </mqtt-connection>
    `);
    const status = connection.querySelector<MqttStatus>('mqtt-status')!;
    await waitUntil(() => connection.status === 'error', 'refused', { timeout });
    const mixedContent =
      /served over https, so the browser blocks the unencrypted ws:\/\/ connection.*wss:\/\/broker\.example\.com:8084\/mqtt/;
    expect(connection.error?.message).to.match(mixedContent);
    await until(
      () => mixedContent.test(statusText(status)),
      () => `the status explains: ${statusText(status)}`,
    );
    expect(errors.filter((e) => e.code === 'url')).to.have.length(1);
    expect(connection.client, 'nothing was attempted').to.equal(undefined);
  });

  it('ws:// to this machine from an https page: a warning, and Chromium does allow it', async () => {
    const url = (await brokerUrl('aedes')).replace('//localhost:', '//127.0.0.1:');
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${url}><mqtt-status></mqtt-status></mqtt-connection>
    `);
    const status = connection.querySelector<MqttStatus>('mqtt-status')!;
    await waitUntil(() => connection.status === 'connected', 'loopback is not mixed content in Chromium', {
      timeout,
    });
    await until(
      () => /browsers allow that for this machine/.test(statusText(status)),
      () => statusText(status),
    );
  });
});

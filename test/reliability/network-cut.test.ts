// The network fails while the broker stays up: a TCP proxy between the page and the broker cuts the
// link, black-holes it (the socket stays open and bytes vanish, so only the keep-alive can tell), or
// refuses new connections. The page must notice, say so, and come back once the link does.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  brokerLog,
  cleanupFaults,
  recordFigures,
  setProxy,
  startFaultBroker,
  startProxy,
  type FaultBroker,
  type Proxy,
} from '../support/fault-control.js';
import { shown } from '../support/shown.js';
import { StatusRecorder } from '../support/status-recorder.js';

const keepalive = 2;
const timeout = 10_000;

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`network cut and black hole, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let proxy: Proxy;
    let publisher: NodeClient;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker);
    });
    beforeEach(async () => {
      proxy = await startProxy(broker);
    });
    after(cleanupFaults);

    async function livePage(name: string) {
      const topic = uniqueTopic(`${name}-${kind}`);
      const clientId = `test_${name}_${Math.random().toString(36).slice(2, 8)}`;
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${proxy.wsUrl}
          client-id=${clientId}
          keepalive=${keepalive}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <mqtt-status></mqtt-status>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected through the proxy', { timeout });
      const element = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      const status = connection.querySelector<MqttStatus>('mqtt-status')!;
      const subscribes = async () =>
        (await brokerLog(broker, clientId)).packets.filter((p) => p.type === 'subscribe' && p.topic === topic)
          .length;
      await waitUntil(async () => (await subscribes()) === 1, 'subscribed', { timeout });
      await publisher.publish(topic, { payload: 'before' });
      await waitUntil(() => shown(element) === 'before', 'first value shown', { timeout });
      return { connection, element, status, topic, subscribes, recorder: new StatusRecorder(connection) };
    }

    it('a cut link is noticed at once, reported, and recovered with the subscription restored once', async () => {
      const page = await livePage('cut');
      const cutAt = performance.now();
      await setProxy(proxy, 'drop');
      await waitUntil(
        () => page.recorder.firstAt('reconnecting') !== undefined,
        'reconnecting after the cut',
        { timeout },
      );
      const detectedMs = page.recorder.firstAt('reconnecting')! - cutAt;
      await waitUntil(() => page.connection.status === 'connected', 'reconnected after the cut', { timeout });
      const recoveredMs = page.recorder.firstAt('connected')! - cutAt;
      expect(page.recorder.sequence).to.deep.equal(['reconnecting', 'connected']);
      await waitUntil(async () => (await page.subscribes()) === 2, 'subscription restored', { timeout });

      await publisher.publish(page.topic, { payload: 'after cut' });
      await waitUntil(() => shown(page.element) === 'after cut', 'value after the cut shown', { timeout });
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.subscribes(), 'one SUBSCRIBE per connection').to.equal(2);
      await recordFigures('network cut', kind, {
        detectedMs: Math.round(detectedMs),
        recoveredMs: Math.round(recoveredMs),
      });
    });

    it(`a black-holed link is detected within 1.5 × keepalive (${keepalive} s) and recovered after restore`, async () => {
      const page = await livePage('blackhole');
      let lastPacketAt = performance.now();
      page.connection.client!.on('packetreceive', () => (lastPacketAt = performance.now()));
      // MQTT.js gives up exactly 1.5 × keepalive after the last packet it received. A stall that
      // begins right on a packet would be detected on that deadline plus however late the timer
      // fires on this shared machine; begin it a little after one, as a link failing at a random
      // moment does, so that timer lateness of up to 300 ms does not fail the test.
      await new Promise((r) => setTimeout(r, 300));
      const stalledAt = performance.now();
      await setProxy(proxy, 'blackhole');
      const silentSince = lastPacketAt;
      await waitUntil(() => page.recorder.firstAt('reconnecting') !== undefined, 'black hole detected', {
        timeout: keepalive * 1000 * 3,
        interval: 20,
      });
      const detectedMs = page.recorder.firstAt('reconnecting')! - stalledAt;
      const sinceLastPacketMs = page.recorder.firstAt('reconnecting')! - silentSince;
      expect(detectedMs, 'time from the stall to its detection (ms)').to.be.at.most(1.5 * keepalive * 1000);

      // While the link swallows everything, <mqtt-status> says the connection is being retried
      // instead of claiming it is connected.
      await page.status.updateComplete;
      await waitUntil(() => page.status.status === 'reconnecting', '<mqtt-status> shows reconnecting', {
        timeout,
      });
      expect(page.status.shadowRoot!.textContent).to.match(/Reconnecting/);
      await new Promise((r) => setTimeout(r, 1000));
      expect(page.connection.status, 'still down while black-holed').to.not.equal('connected');

      const restoredAt = performance.now();
      await setProxy(proxy, 'forward');
      await waitUntil(() => page.connection.status === 'connected', 'reconnected after restore', { timeout });
      const recoveredMs = page.recorder.firstAt('connected', restoredAt)! - restoredAt;
      await waitUntil(async () => (await page.subscribes()) === 2, 'subscription restored', { timeout });
      await publisher.publish(page.topic, { payload: 'after stall' });
      await waitUntil(() => shown(page.element) === 'after stall', 'value after the stall shown', {
        timeout,
      });
      await recordFigures('network black hole', kind, {
        keepaliveS: keepalive,
        detectedMs: Math.round(detectedMs),
        detectedSinceLastPacketMs: Math.round(sinceLastPacketMs),
        recoveredAfterRestoreMs: Math.round(recoveredMs),
      });
    });

    it('a host that refuses connections is retried with backoff, then recovered', async () => {
      const page = await livePage('refuse');
      await setProxy(proxy, 'refuse');
      await setProxy(proxy, 'drop');
      await waitUntil(() => page.connection.status === 'reconnecting', 'reconnecting', { timeout });
      const before = (await setProxy(proxy, 'refuse')).accepted;
      await new Promise((r) => setTimeout(r, 3000));
      const attempts = (await setProxy(proxy, 'refuse')).accepted - before;
      // reconnect-period 100 ms doubling up to 500 ms: at most about 3000 / 100 attempts, and at
      // least 3000 / 500 minus one for a retry that was already due.
      expect(attempts, 'reconnect attempts in 3 s').to.be.within(4, 20);
      expect(page.status.shadowRoot!.textContent).to.include('Cannot reach the broker');

      // The backoff has stopped growing at max-reconnect-period: the next attempt is due within it.
      const retryIn = (page.connection.core.statusInfo.retryAt ?? Infinity) - Date.now();
      expect(retryIn, 'the next attempt is due within max-reconnect-period').to.be.at.most(500);
      const restoredAt = performance.now();
      const atRestore = (await setProxy(proxy, 'forward')).accepted;
      await waitUntil(() => page.connection.status === 'connected', 'reconnected', { timeout });
      const recoveredMs = performance.now() - restoredAt;
      // Back at the first attempt after the restore (or the one after it, when one was already on its
      // way to the refusing proxy): how long that takes on a busy machine is a figure, not a pass mark.
      const attemptsToRecover = (await setProxy(proxy, 'forward')).accepted - atRestore;
      expect(attemptsToRecover, 'attempts after the host accepts again').to.be.within(1, 2);
      await publisher.publish(page.topic, { payload: 'after refusal' });
      await waitUntil(() => shown(page.element) === 'after refusal', 'value shown', { timeout });
      await recordFigures('connection refused (nothing listening)', kind, {
        attemptsIn3s: attempts,
        attemptsToRecover,
        recoveredMs: Math.round(recoveredMs),
      });
    });
  });
}

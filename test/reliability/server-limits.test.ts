// A broker's limits, announced in its MQTT 5 CONNACK, are read and honoured: more QoS 1/2 publishes
// than its Receive Maximum wait their turn instead of being refused; a publish larger than its Maximum
// Packet Size, a retained one where retain is not available, are refused up front on the element that
// made them (the connection stays up, nothing loops); a QoS above its Maximum QoS goes out at the
// highest it accepts, with a warning. The limits are on the connection for the page to read. Mosquitto
// with small limits (presets `limited` and `restricted`); Aedes speaks MQTT 3.1.1, which has no limits
// to announce: there the page reads the protocol's defaults.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttPublish, MqttStatus } from '../../src/index.js';
import { uniqueTopic } from '../support/brokers.js';
import {
  NodeClient,
  brokerLog,
  cleanupFaults,
  recordFigures,
  startFaultBroker,
  type FaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, statusText, type ReportedError } from '../support/user-view.js';

const timeout = 10_000;

function uniqueId(name: string): string {
  return `test_${name}_${Math.random().toString(36).slice(2, 8)}`;
}

async function connectedPage(
  broker: FaultBroker,
  clientId: string,
  errors: ReportedError[],
  inner = html``,
): Promise<MqttConnection> {
  const page = await fixture<HTMLElement>(html`
    <div @mqtt-error=${recordErrorsInto(errors)}>
      <mqtt-connection url=${broker.wsUrl} client-id=${clientId} protocol-version="5" keepalive="60">
        <mqtt-status></mqtt-status>
        ${inner}
      </mqtt-connection>
    </div>
  `);
  const connection = page.querySelector('mqtt-connection')!;
  await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
  return connection;
}

/** The CONNECTs the broker accepted from `clientId`: 1 means the connection never dropped. */
async function acceptedConnects(broker: FaultBroker, clientId: string): Promise<number> {
  return (await brokerLog(broker, clientId)).connects.filter((c) => c.type === 'connect').length;
}

describe('server limits (MQTT 5 CONNACK), mosquitto', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  describe('preset "limited": Maximum Packet Size 256, Receive Maximum 2, Server Keep Alive 10 s', () => {
    let broker: FaultBroker;
    before(async () => {
      broker = await startFaultBroker('mosquitto', 'limited');
    });

    it('the limits the broker announced are on the connection, and its keep-alive is the one used', async () => {
      const connection = await connectedPage(broker, uniqueId('limits'), []);
      expect(connection.serverLimits).to.include({
        receiveMaximum: 2,
        maximumPacketSize: 256,
        serverKeepAlive: 10,
        maximumQoS: 2,
        retainAvailable: true,
        topicAliasMaximum: 10,
      });
      // The page asked for 60 s; the broker's Server Keep Alive wins.
      expect(connection.client!.keepalive).to.equal(10);
    });

    it('six QoS 2 publishes at once against a Receive Maximum of 2: never more than 2 in flight, all delivered once, none refused', async () => {
      const clientId = uniqueId('recvmax');
      const prefix = uniqueTopic('recvmax');
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 2);
      const connection = await connectedPage(broker, clientId, []);

      let inFlight = 0;
      let mostInFlight = 0;
      connection.client!.on('packetsend', (packet) => {
        if (packet.cmd === 'publish' && packet.qos > 0) mostInFlight = Math.max(mostInFlight, ++inFlight);
      });
      connection.client!.on('packetreceive', (packet) => {
        if (packet.cmd === 'pubcomp' || packet.cmd === 'puback') inFlight--;
      });

      const payloads = Array.from({ length: 6 }, (_, i) => `m${i}`);
      const results = await Promise.all(
        payloads.map((p) =>
          connection.publish(`${prefix}/q2`, p, { qos: 2 }).then(
            () => 'ok',
            (e: Error) => e.message,
          ),
        ),
      );
      expect(results, 'every publish acknowledged').to.deep.equal(payloads.map(() => 'ok'));
      expect(mostInFlight, 'QoS 1/2 publishes in flight at once').to.equal(2);

      let texts: string[] = [];
      await until(
        async () => (texts = (await counter.received(prefix)).messages.map((m) => m.text)).length >= 6,
        () => `the subscriber to get all 6 (has ${texts.join(' ')})`,
      );
      await new Promise((r) => setTimeout(r, 300));
      texts = (await counter.received(prefix)).messages.map((m) => m.text);
      expect(texts, 'delivered once each, in order').to.deep.equal(payloads);
      expect(connection.status).to.equal('connected');
      expect(await acceptedConnects(broker, clientId), 'CONNECTs: the connection never dropped').to.equal(1);
      await recordFigures('receive maximum 2, 6 QoS 2 publishes at once', 'mosquitto', {
        sent: 6,
        received: texts.length,
        mostInFlight,
      });
    });

    it('a publish larger than the Maximum Packet Size is refused up front on its element, naming limit and size; the connection stays up and the next publish goes out', async () => {
      const clientId = uniqueId('toolarge');
      const prefix = uniqueTopic('toolarge');
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 1);
      const errors: ReportedError[] = [];
      const big = 'x'.repeat(300);
      const connection = await connectedPage(
        broker,
        clientId,
        errors,
        html`
          <mqtt-publish id="big" topic="${prefix}/big" qos="1" payload=${big}
            ><button>Big</button></mqtt-publish
          >
          <mqtt-publish id="small" topic="${prefix}/small" qos="1" payload="fits"
            ><button>Small</button></mqtt-publish
          >
        `,
      );
      const bigPublisher = connection.querySelector<MqttPublish>('#big')!;
      const smallPublisher = connection.querySelector<MqttPublish>('#small')!;

      bigPublisher.querySelector('button')!.click();
      await until(() => bigPublisher.error !== undefined, '<mqtt-publish> to report the refusal');
      const message = bigPublisher.error!.message;
      expect(message).to.contain(`"${prefix}/big"`);
      expect(message).to.match(/256 bytes/);
      const size = Number(/is (\d+) bytes/.exec(message)?.[1]);
      expect(size, `the packet's size named in: ${message}`).to.be.greaterThan(300);
      expect(bigPublisher.error!.code).to.equal('too-large');
      expect(errors.map((e) => `${e.tag} ${e.code}`)).to.deep.equal(['mqtt-publish too-large']);
      expect(bigPublisher.matches(':state(error)')).to.equal(true);

      // The same from the JavaScript API: rejected, not sent.
      const apiOutcome = await connection.publish(`${prefix}/big`, big).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      expect(apiOutcome).to.match(/256 bytes/);

      smallPublisher.querySelector('button')!.click();
      await until(
        async () => (await counter.received(prefix)).messages.some((m) => m.text === 'fits'),
        'the small message to arrive',
      );
      expect((await counter.received(prefix)).messages.map((m) => m.topic)).to.deep.equal([
        `${prefix}/small`,
      ]);
      expect(connection.status).to.equal('connected');
      expect(await acceptedConnects(broker, clientId), 'CONNECTs: no disconnect, no loop').to.equal(1);
    });
  });

  describe('preset "restricted": Maximum QoS 1, Retain Available 0', () => {
    let broker: FaultBroker;
    before(async () => {
      broker = await startFaultBroker('mosquitto', 'restricted');
    });

    it('the limits are on the connection', async () => {
      const connection = await connectedPage(broker, uniqueId('restricted'), []);
      expect(connection.serverLimits).to.include({ maximumQoS: 1, retainAvailable: false });
    });

    it('a retained publish is refused with a message on its element; the connection stays up', async () => {
      const clientId = uniqueId('noretain');
      const prefix = uniqueTopic('noretain');
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 1);
      const errors: ReportedError[] = [];
      const connection = await connectedPage(
        broker,
        clientId,
        errors,
        html`<mqtt-publish topic="${prefix}/state" qos="1" retain payload="ON"
            ><button>On</button></mqtt-publish
          >
          <mqtt-publish id="plain" topic="${prefix}/plain" qos="1" payload="sent"
            ><button>Plain</button></mqtt-publish
          >`,
      );
      const publisher = connection.querySelector<MqttPublish>('mqtt-publish')!;
      publisher.querySelector('button')!.click();
      await until(() => publisher.error !== undefined, 'the refusal on <mqtt-publish>');
      expect(publisher.error!.message).to.match(/does not keep retained messages/);
      expect(publisher.error!.message).to.contain(`"${prefix}/state"`);
      expect(errors.map((e) => `${e.tag} ${e.code}`)).to.deep.equal(['mqtt-publish not-supported']);

      connection.querySelector<MqttPublish>('#plain')!.querySelector('button')!.click();
      await until(
        async () => (await counter.received(prefix)).messages.some((m) => m.text === 'sent'),
        'the plain message to arrive',
      );
      expect((await counter.received(prefix)).messages.map((m) => m.text)).to.deep.equal(['sent']);
      expect(connection.status).to.equal('connected');
      expect(await acceptedConnects(broker, clientId), 'CONNECTs').to.equal(1);
    });

    it('a QoS 2 publish goes out at QoS 1 and is delivered; <mqtt-status> says so', async () => {
      const clientId = uniqueId('maxqos');
      const prefix = uniqueTopic('maxqos');
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 2);
      const errors: ReportedError[] = [];
      const connection = await connectedPage(
        broker,
        clientId,
        errors,
        html`<mqtt-publish topic="${prefix}/cmd" qos="2" payload="go"><button>Go</button></mqtt-publish>`,
      );
      const publisher = connection.querySelector<MqttPublish>('mqtt-publish')!;
      let published = false;
      publisher.addEventListener('mqtt-published', () => (published = true));
      publisher.querySelector('button')!.click();
      await until(() => published, 'the publish to be acknowledged');
      await until(
        async () => (await counter.received(prefix)).messages.length === 1,
        'the message to arrive',
      );
      const [arrived] = (await counter.received(prefix)).messages;
      expect(arrived).to.include({ text: 'go', qos: 1 });
      expect(errors).to.deep.equal([]);
      const status = connection.querySelector<MqttStatus>('mqtt-status')!;
      await until(
        () => /QoS up to 1/.test(statusText(status)),
        () => `<mqtt-status> to mention the downgrade; it says "${statusText(status)}"`,
      );
      expect(await acceptedConnects(broker, clientId), 'CONNECTs').to.equal(1);
    });
  });
});

describe('MQTT 3.1.1: no limits announced', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  it('mosquitto: 60 QoS 2 publishes at once all arrive (beyond its window of 20 it would acknowledge and drop them)', async () => {
    const broker = await startFaultBroker('mosquitto');
    const prefix = uniqueTopic('burst-v4');
    const counter = await NodeClient.open(broker);
    await counter.subscribe(`${prefix}/#`, 2);
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${broker.wsUrl} client-id=${uniqueId('burst')}></mqtt-connection>`,
    );
    await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
    const payloads = Array.from({ length: 60 }, (_, i) => `b${i}`);
    await Promise.all(payloads.map((p) => connection.publish(`${prefix}/q2`, p, { qos: 2 })));
    let count = 0;
    await until(
      async () => (count = (await counter.receivedCount(prefix)).count) >= 60,
      () => `all 60 to arrive (${count} did)`,
    );
    const texts = (await counter.received(prefix)).messages.map((m) => m.text);
    expect(texts).to.deep.equal(payloads);
  });
});

describe('server limits, aedes (MQTT 3.1.1: no limits announced)', function () {
  this.timeout(30_000);
  after(cleanupFaults);

  it('the connection reports the protocol defaults', async () => {
    const broker = await startFaultBroker('aedes');
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${broker.wsUrl} client-id=${uniqueId('defaults')}></mqtt-connection>`,
    );
    expect(connection.serverLimits, 'before the first CONNACK').to.equal(undefined);
    await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
    expect(connection.serverLimits).to.deep.equal({
      // MQTT 3.1.1 cannot say; the page sends QoS 1/2 publishes one at a time.
      receiveMaximum: 1,
      maximumPacketSize: undefined,
      maximumQoS: 2,
      retainAvailable: true,
      topicAliasMaximum: 0,
      serverKeepAlive: undefined,
      subscriptionIdentifiersAvailable: false,
      wildcardSubscriptionAvailable: true,
      sharedSubscriptionAvailable: true,
    });
  });
});

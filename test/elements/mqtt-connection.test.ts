// <mqtt-connection>: what a page author sets (attributes, properties), what the page sees (status,
// events, the JavaScript API), and how the element behaves as the page changes around it.
import { expect, fixture, html } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import '../../src/define.js';
import { MqttConnection, type MqttStatus, type MqttSubscribe } from '../../src/index.js';
import type { MqttConnectEvent, MqttErrorEvent, MqttStatusEvent } from '../../src/events.js';
import type { MqttMessage } from '../../src/core/message.js';
import { brokerPackets, brokerUrl, uniqueTopic } from '../support/brokers.js';
import {
  connectedFixture,
  uniqueClientId,
  until,
  untilShown,
  untilSubscribed,
  whenConnected,
} from '../support/element-fixtures.js';
import { cleanupFaults, setProxy, startFaultBroker, startProxy, testUser } from '../support/fault-control.js';
import { closeTestClients, collect, publish, receivedCount, testClient } from '../support/test-clients.js';

/** A loopback port outside Linux's ephemeral range, so nothing listens there by accident. */
const nothingListens = 'ws://127.0.0.1:65535/mqtt';

/** Every event of one type that reaches `target`, in order. */
function record<K extends keyof HTMLElementEventMap>(target: EventTarget, type: K): HTMLElementEventMap[K][] {
  const seen: HTMLElementEventMap[K][] = [];
  target.addEventListener(type, (event) => seen.push(event as HTMLElementEventMap[K]));
  return seen;
}

/** What `<mqtt-status>` shows: the label (slotted words or the built-in one) and the reason. */
function statusText(status: MqttStatus): string {
  return status.shadowRoot!.querySelector('[part="base"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * Renders `template` into a fresh container that already listens for the events, so that those fired
 * during the first render (the first `mqtt-status`, an immediate `mqtt-error`) are not missed.
 */
async function mountListening(template: TemplateResult) {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  const statuses = record(host, 'mqtt-status');
  const errors = record(host, 'mqtt-error');
  render(template, host);
  return { host, statuses, errors };
}

async function untilStatus(connection: MqttConnection, status: string): Promise<void> {
  await until(
    () => connection.status === status,
    () => `status "${status}"; it is "${connection.status}" (${connection.error?.message ?? 'no error'})`,
  );
}

async function untilStatusShows(status: MqttStatus, text: string | RegExp): Promise<void> {
  await until(
    () => (typeof text === 'string' ? statusText(status).includes(text) : text.test(statusText(status))),
    () => `<mqtt-status> to show ${String(text)}; it shows "${statusText(status)}"`,
  );
}

describe('<mqtt-connection>', () => {
  afterEach(async () => {
    await closeTestClients();
    await cleanupFaults();
  });

  describe('attributes', () => {
    it('connects to url and reflects its status as an attribute', async () => {
      const url = await brokerUrl();
      const el = await fixture<MqttConnection>(html`<mqtt-connection url=${url}></mqtt-connection>`);
      await el.updateComplete;
      expect(['connecting', 'connected']).to.include(el.getAttribute('status'));
      await whenConnected(el);
      await el.updateComplete;
      expect(el.getAttribute('status')).to.equal('connected');
      expect(el.client?.connected).to.equal(true);
    });

    it('stays idle, without a client, while there is no url', async () => {
      const el = await fixture<MqttConnection>(html`<mqtt-connection></mqtt-connection>`);
      expect(el.status).to.equal('idle');
      expect(el.client).to.equal(undefined);
    });

    it('client-id defaults to "mqttel_" and random hex, different on each element, and is what the broker sees', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('cid');
      const wrapper = await fixture(
        html`<div>
          <mqtt-connection url=${url}><mqtt-subscribe topic=${topic}></mqtt-subscribe></mqtt-connection>
          <mqtt-connection url=${url}></mqtt-connection>
        </div>`,
      );
      const [a, b] = wrapper.querySelectorAll('mqtt-connection');
      expect(a!.clientId).to.match(/^mqttel_[0-9a-f]{8}$/);
      expect(b!.clientId).to.match(/^mqttel_[0-9a-f]{8}$/);
      expect(a!.clientId).not.to.equal(b!.clientId);
      await whenConnected(a!);
      await untilSubscribed(a!.clientId, topic);
    });

    it('client-id sets the MQTT client ID', async () => {
      const url = await brokerUrl();
      const clientId = uniqueClientId('cid');
      const topic = uniqueTopic('cid');
      const el = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      expect(el.client!.options.clientId).to.equal(clientId);
      await untilSubscribed(clientId, topic);
    });

    it('username and password log in', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      const el = await connectedFixture(
        html`<mqtt-connection
          url=${broker.wsUrl}
          username=${testUser.username}
          password=${testUser.password}
        ></mqtt-connection>`,
      );
      expect(el.client!.options.username).to.equal(testUser.username);
    });

    it('a wrong password puts the connection in the error state with the reason, once, without retrying', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      const clientId = uniqueClientId('badpw');
      const { host, errors, statuses } = await mountListening(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${clientId}
          username="reader"
          password="wrong"
          reconnect-period="100"
        >
          <mqtt-status></mqtt-status>
        </mqtt-connection>
      `);
      const el = host.querySelector('mqtt-connection')!;
      await untilStatus(el, 'error');
      expect(el.error?.message).to.include('bad user name or password');
      await untilStatusShows(el.querySelector('mqtt-status')!, 'bad user name or password');
      // Retrying would only repeat the refusal (and could lock the account at some brokers).
      await new Promise((r) => setTimeout(r, 600));
      expect(statuses.map((e) => e.detail.status)).to.deep.equal(['connecting', 'error']);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['auth']);
    });

    it('the password property is never written back to an attribute', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      const el = await fixture<MqttConnection>(html`<mqtt-connection username="reader"></mqtt-connection>`);
      el.password = testUser.password;
      el.url = broker.wsUrl;
      await whenConnected(el);
      expect(el.hasAttribute('password')).to.equal(false);
      expect(el.outerHTML).not.to.include(testUser.password);
    });

    it('changing the password reconnects with it', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      const el = await fixture<MqttConnection>(
        html`<mqtt-connection url=${broker.wsUrl} username="reader" password="expired"></mqtt-connection>`,
      );
      await untilStatus(el, 'error');
      el.password = testUser.password;
      await whenConnected(el);
    });

    it('keepalive is sent in seconds, 60 by default', async () => {
      const url = await brokerUrl();
      const wrapper = await fixture(
        html`<div>
          <mqtt-connection url=${url}></mqtt-connection>
          <mqtt-connection url=${url} keepalive="7"></mqtt-connection>
        </div>`,
      );
      const [plain, seven] = wrapper.querySelectorAll('mqtt-connection');
      await whenConnected(plain!);
      await whenConnected(seven!);
      expect(plain!.client!.options.keepalive).to.equal(60);
      expect(seven!.client!.options.keepalive).to.equal(7);
    });

    it('clean="false" keeps the session: a QoS 1 message sent while away arrives on return', async () => {
      const url = await brokerUrl('mosquitto');
      const clientId = uniqueClientId('session');
      const topic = uniqueTopic('session');
      const el = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId} clean="false">
          <mqtt-subscribe topic=${topic} qos="1"></mqtt-subscribe>
        </mqtt-connection>`,
      );
      expect(el.client!.options.clean).to.equal(false);
      await untilSubscribed(clientId, topic, 'mosquitto');
      await el.disconnect();

      const publisher = await testClient('mosquitto');
      await publish(publisher, topic, 'while away', { qos: 1 });
      el.connect();
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'while away');
    });

    it('clean is true unless clean="false"', async () => {
      const url = await brokerUrl();
      const el = await connectedFixture(html`<mqtt-connection url=${url}></mqtt-connection>`);
      expect(el.client!.options.clean).to.equal(true);
    });

    it('protocol-version="5" speaks MQTT 5 (to Mosquitto)', async () => {
      const url = await brokerUrl('mosquitto');
      const topic = uniqueTopic('v5');
      const el = await connectedFixture(
        html`<mqtt-connection url=${url} protocol-version="5">
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      expect(el.client!.options.protocolVersion).to.equal(5);
      await untilSubscribed(el.clientId, topic, 'mosquitto');
      const publisher = await testClient('mosquitto');
      await publish(publisher, topic, '"five"', { qos: 1 });
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'five');
    });

    it('protocol-version="5" to a broker that speaks only 3.1.1 (Aedes) is an error that says to use 4', async () => {
      const url = await brokerUrl('aedes');
      const { host, errors } = await mountListening(html`
        <mqtt-connection url=${url} protocol-version="5" reconnect-period="100"
          ><mqtt-status></mqtt-status
        ></mqtt-connection>
      `);
      const el = host.querySelector('mqtt-connection')!;
      await untilStatus(el, 'error');
      expect(el.error?.message).to.include('protocol-version="4"');
      await untilStatusShows(el.querySelector('mqtt-status')!, 'protocol-version="4"');
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['protocol']);
      expect(errors[0]!.detail.message).to.include('protocol-version="4"');
    });

    it('connect-timeout gives up on a broker that never answers, and says so', async () => {
      // A link where bytes vanish: the socket opens, but no handshake or CONNACK ever comes back.
      const proxy = await startProxy('aedes');
      await setProxy(proxy, 'blackhole');
      const el = await fixture<MqttConnection>(
        html`<mqtt-connection
          url=${proxy.wsUrl}
          connect-timeout="500"
          reconnect-period="5000"
        ></mqtt-connection>`,
      );
      const started = Date.now();
      await untilStatus(el, 'reconnecting');
      expect(Date.now() - started).to.be.below(4000);
      expect(el.error?.message).to.match(/time/i);
    });

    it('reconnect-period and max-reconnect-period bound the delay between attempts', async () => {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const retries: { attempt: number; delay: number }[] = [];
      host.addEventListener('mqtt-status', ({ detail }) => {
        if (detail.status === 'reconnecting')
          retries.push({ attempt: detail.attempt!, delay: detail.retryAt! - Date.now() });
      });
      const el = document.createElement('mqtt-connection');
      el.setAttribute('reconnect-period', '200');
      el.setAttribute('max-reconnect-period', '400');
      el.url = nothingListens;
      host.append(el);
      await until(() => retries.length >= 4, 'four reconnect attempts');
      expect(retries.map((r) => r.attempt).slice(0, 4)).to.deep.equal([1, 2, 3, 4]);
      expect(retries[0]!.delay).to.be.within(190, 200);
      for (const { delay } of retries) expect(delay).to.be.within(190, 400);
    });

    it('offline-queue-limit bounds the publishes that wait for the connection', async () => {
      const el = await fixture<MqttConnection>(
        html`<mqtt-connection
          url=${nothingListens}
          offline-queue-limit="2"
          reconnect-period="5000"
        ></mqtt-connection>`,
      );
      await untilStatus(el, 'reconnecting');
      const topic = uniqueTopic('queue');
      // The first two wait; they fail when the fixture closes the connection, which is expected here.
      const waiting = [el.publish(topic, '1', { qos: 1 }), el.publish(topic, '2')];
      for (const p of waiting) p.catch(() => undefined);
      const third = await el.publish(topic, '3').catch((err: Error & { code?: string }) => err);
      expect((third as Error & { code?: string }).code).to.equal('queue-full');
      expect((third as Error).message).to.include('2 messages are already waiting');
    });

    it('will-topic, will-payload, will-qos and will-retain: the broker publishes the will when the page vanishes', async () => {
      const url = await brokerUrl();
      const willTopic = uniqueTopic('will');
      const watcher = await testClient();
      const received = await collect(watcher, willTopic, 1);
      const el = await connectedFixture(
        html`<mqtt-connection
          url=${url}
          will-topic=${willTopic}
          will-payload="offline"
          will-qos="1"
          will-retain
          reconnect-period="5000"
        ></mqtt-connection>`,
      );
      // While the page lives there is no will: a message of its own on the will topic, after a round trip
      // through the broker, is the only one the watcher has.
      await el.publish(willTopic, 'alive', { qos: 1 });
      await receivedCount(received, 1, "the page's own message");
      expect(received.map((m) => m.text)).to.deep.equal(['alive']);
      // The socket dies without a DISCONNECT packet, as when a tab crashes or the network goes.
      el.client!.stream.destroy();
      await receivedCount(received, 2, 'the will message');
      expect(received[1]!.text).to.equal('offline');
      expect(received[1]!.qos).to.equal(1);

      const late = await testClient();
      const retained = await collect(late, willTopic);
      await receivedCount(retained, 1, 'the retained will');
      expect(retained[0]!.retain).to.equal(true);
      await publish(late, willTopic, '', { retain: true });
    });

    it('a clean disconnect() does not publish the will', async () => {
      const url = await brokerUrl();
      const willTopic = uniqueTopic('will');
      const watcher = await testClient();
      const received = await collect(watcher, willTopic);
      const el = await connectedFixture(
        html`<mqtt-connection url=${url} will-topic=${willTopic} will-payload="gone"> </mqtt-connection>`,
      );
      await el.disconnect();
      await publish(watcher, willTopic, 'marker', { qos: 1 });
      await receivedCount(received, 1, 'the marker');
      expect(received.map((m) => m.text)).to.deep.equal(['marker']);
    });

    it('options are merged into the MQTT.js options, last', async () => {
      const url = await brokerUrl();
      const seen: string[] = [];
      const el = document.createElement('mqtt-connection');
      el.setAttribute('keepalive', '30');
      el.options = {
        keepalive: 45,
        transformWsUrl: (wsUrl: string) => {
          seen.push(wsUrl);
          return wsUrl;
        },
      };
      el.url = url;
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.append(el);
      await whenConnected(el);
      expect(seen.length).to.be.at.least(1);
      expect(seen[0]).to.include('/mqtt');
      expect(el.client!.options.keepalive).to.equal(45);
    });

    it('credentials() is called before every connect and reconnect, and its answer is used', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      let calls = 0;
      const el = document.createElement('mqtt-connection');
      el.reconnectPeriod = 100;
      el.credentials = async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 10));
        return { username: testUser.username, password: testUser.password };
      };
      el.url = broker.wsUrl;
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.append(el);
      await whenConnected(el);
      expect(calls).to.equal(1);

      el.client!.stream.destroy();
      await untilStatus(el, 'reconnecting');
      await whenConnected(el);
      expect(calls).to.equal(2);

      // connect() on a live connection reconnects once, asking once.
      const before = el.client;
      el.connect();
      await until(() => el.client !== before && el.status === 'connected', 'a new connection');
      expect(calls).to.equal(3);
    });

    it('a credentials() that throws puts the connection in the error state, saying so', async () => {
      const broker = await startFaultBroker('aedes', 'secured');
      const el = document.createElement('mqtt-connection');
      el.credentials = () => Promise.reject(new Error('token service is down'));
      el.url = broker.wsUrl;
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const errors = record(host, 'mqtt-error');
      host.append(el);
      await untilStatus(el, 'error');
      expect(el.error?.message).to.equal('The credentials function failed: token service is down');
      expect(errors.map((e) => e.detail.message)).to.deep.equal([el.error!.message]);
    });
  });

  describe('events', () => {
    it('fires mqtt-connect with the url and client ID, bubbling and composed', async () => {
      const url = await brokerUrl();
      const clientId = uniqueClientId('ev');
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const connects = record(host, 'mqtt-connect');
      render(html`<mqtt-connection url=${url} client-id=${clientId}></mqtt-connection>`, host);
      await whenConnected(host.querySelector('mqtt-connection')!);
      expect(connects.map((e: MqttConnectEvent) => e.detail)).to.deep.equal([{ url, clientId }]);
      expect(connects[0]!.bubbles).to.equal(true);
      expect(connects[0]!.composed).to.equal(true);
    });

    it('fires mqtt-status on every change, with the status and the reason', async () => {
      const url = await brokerUrl();
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const statuses = record(host, 'mqtt-status');
      const el = document.createElement('mqtt-connection');
      el.url = url;
      host.append(el);
      await whenConnected(el);
      await el.disconnect();
      expect(statuses.map((e: MqttStatusEvent) => e.detail.status)).to.deep.equal([
        'connecting',
        'connected',
        'closed',
      ]);

      el.url = nothingListens;
      el.connect();
      await untilStatus(el, 'reconnecting');
      const last = statuses.at(-1)!.detail;
      expect(last.status).to.equal('reconnecting');
      expect(last.reason).to.include('Cannot reach the broker at ws://127.0.0.1:65535/mqtt');
      expect(last.attempt).to.equal(1);
    });

    it('fires mqtt-error with a message and a cause', async () => {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const errors = record(host, 'mqtt-error');
      const el = document.createElement('mqtt-connection');
      el.url = 'broker.example.com:8083/mqtt';
      host.append(el);
      await untilStatus(el, 'error');
      expect(errors).to.have.length(1);
      const detail = (errors[0] as MqttErrorEvent).detail;
      expect(detail.message).to.include('has no scheme');
      expect(detail.code).to.equal('url');
      expect(detail.cause).to.be.instanceOf(Error);
    });
  });

  describe('JavaScript API', () => {
    it('subscribe() and publish() carry messages, and the function subscribe() returns stops them', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('api');
      const el = await connectedFixture(html`<mqtt-connection url=${url}></mqtt-connection>`);
      const got: MqttMessage[] = [];
      const stop = el.subscribe(`${topic}/+`, (m) => got.push(m), { qos: 1 });
      await untilSubscribed(el.clientId, `${topic}/+`);
      await el.publish(`${topic}/a`, 'hello', { qos: 1 });
      await el.publish(`${topic}/b`, new TextEncoder().encode('bytes'), { qos: 2, retain: false });
      await until(() => got.length === 2, 'two messages');
      expect(got.map((m) => `${m.topic.slice(topic.length)} ${m.text}`)).to.deep.equal([
        '/a hello',
        '/b bytes',
      ]);

      stop();
      await until(
        async () => (await brokerPackets('aedes', el.clientId)).some((p) => p.type === 'unsubscribe'),
        'the UNSUBSCRIBE',
      );
      await el.publish(`${topic}/a`, 'after', { qos: 1 });
      await el.publish(uniqueTopic('barrier'), 'x', { qos: 1 });
      expect(got).to.have.length(2);
    });

    it('client, status and error tell what the connection is doing', async () => {
      const url = await brokerUrl();
      const el = await connectedFixture(html`<mqtt-connection url=${url}></mqtt-connection>`);
      expect(el.status).to.equal('connected');
      expect(el.error).to.equal(undefined);
      expect(el.client!.options.clientId).to.equal(el.clientId);
      expect(el.client!.connected).to.equal(true);

      el.url = nothingListens;
      await untilStatus(el, 'reconnecting');
      expect(el.error?.code).to.equal('socket');
    });

    it('disconnect() closes, and connect() opens again with every subscription restored', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('api');
      const el = await connectedFixture(
        html`<mqtt-connection url=${url}>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      await untilSubscribed(el.clientId, topic);
      await el.disconnect();
      expect(el.status).to.equal('closed');
      expect(el.client).to.equal(undefined);
      const refused = await el.publish(topic, 'x').catch((err: Error) => err);
      expect((refused as Error).message).to.include('closed');

      el.connect();
      await whenConnected(el);
      await until(
        async () =>
          (await brokerPackets('aedes', el.clientId)).filter((p) => p.type === 'subscribe').length === 2,
        'the subscription to be restored',
      );
      const publisher = await testClient();
      await publish(publisher, topic, '"back"', { qos: 1 });
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'back');
    });
  });

  describe('in a changing page', () => {
    it('changing url reconnects to the new broker and subscribes there', async () => {
      const topic = uniqueTopic('move');
      const el = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl('aedes')}>
          <mqtt-subscribe topic=${topic}></mqtt-subscribe>
        </mqtt-connection>`,
      );
      const first = el.client;
      el.url = await brokerUrl('mosquitto');
      await until(() => el.client !== first && el.status === 'connected', 'a connection to Mosquitto');
      expect(first!.connected).to.equal(false);
      await untilSubscribed(el.clientId, topic, 'mosquitto');
      const publisher = await testClient('mosquitto');
      await publish(publisher, topic, '"from mosquitto"', { qos: 1 });
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'from mosquitto');
    });

    it('removed from the page, it closes; added again, it works again', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('readd');
      const host = await fixture(
        html`<div>
          <mqtt-connection url=${url}><mqtt-subscribe topic=${topic}></mqtt-subscribe></mqtt-connection>
        </div>`,
      );
      const el = host.querySelector('mqtt-connection')!;
      await whenConnected(el);
      el.remove();
      await untilStatus(el, 'closed');

      host.append(el);
      await whenConnected(el);
      await until(
        async () =>
          (await brokerPackets('aedes', el.clientId)).filter((p) => p.type === 'subscribe').length === 2,
        'the subscription to be restored',
      );
      const publisher = await testClient();
      await publish(publisher, topic, '"again"', { qos: 1 });
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'again');
    });

    it('moved within the page, it keeps its connection and subscriptions', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('moved');
      const host = await fixture(
        html`<div>
          <section id="from">
            <mqtt-connection url=${url}><mqtt-subscribe topic=${topic}></mqtt-subscribe></mqtt-connection>
          </section>
          <section id="to"></section>
        </div>`,
      );
      const el = host.querySelector('mqtt-connection')!;
      await whenConnected(el);
      await untilSubscribed(el.clientId, topic);
      const client = el.client;
      const statuses = record(el, 'mqtt-status');

      host.querySelector('#to')!.append(el);
      await new Promise((r) => setTimeout(r, 500));
      await el.publish(topic, '"still"', { qos: 1 });
      await untilShown(el.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'still');
      expect(statuses).to.have.length(0);
      expect(el.client).to.equal(client);
      expect((await brokerPackets('aedes', el.clientId)).map((p) => p.type)).to.deep.equal(['subscribe']);
    });

    it('two connections side by side each serve their own elements', async () => {
      const topic = uniqueTopic('pair');
      const host = await fixture(
        html`<div>
          <mqtt-connection id="a" url=${await brokerUrl('aedes')}
            ><mqtt-subscribe topic=${topic}></mqtt-subscribe
          ></mqtt-connection>
          <mqtt-connection id="m" url=${await brokerUrl('mosquitto')}
            ><mqtt-subscribe topic=${topic}></mqtt-subscribe
          ></mqtt-connection>
        </div>`,
      );
      const a = host.querySelector<MqttConnection>('#a')!;
      const m = host.querySelector<MqttConnection>('#m')!;
      await whenConnected(a);
      await whenConnected(m);
      await untilSubscribed(a.clientId, topic, 'aedes');
      await untilSubscribed(m.clientId, topic, 'mosquitto');

      await publish(await testClient('aedes'), topic, '"aedes"', { qos: 1 });
      await publish(await testClient('mosquitto'), topic, '"mosquitto"', { qos: 1 });
      await untilShown(a.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'aedes');
      await untilShown(m.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'mosquitto');
    });

    it('an element outside names its connection with connection="<id>"', async () => {
      const topic = uniqueTopic('byid');
      const id = `conn-${Math.random().toString(36).slice(2, 8)}`;
      const host = await fixture(
        html`<div>
          <mqtt-connection id=${id} url=${await brokerUrl()}></mqtt-connection>
          <p>
            <mqtt-status connection=${id}></mqtt-status>
            <mqtt-subscribe connection=${id} topic=${topic}></mqtt-subscribe>
          </p>
        </div>`,
      );
      const el = host.querySelector('mqtt-connection')!;
      await whenConnected(el);
      await untilSubscribed(el.clientId, topic);
      await el.publish(topic, '"by id"', { qos: 1 });
      await untilShown(host.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'by id');
      await untilStatusShows(host.querySelector('mqtt-status')!, 'Connected');
    });

    it('an element naming a connection that appears later finds it once it does', async () => {
      const topic = uniqueTopic('later');
      const id = `conn-${Math.random().toString(36).slice(2, 8)}`;
      const host = await fixture(
        html`<div>
          <mqtt-subscribe connection=${id} topic=${topic}></mqtt-subscribe>
        </div>`,
      );
      // A framework rendering out of order adds the connection after the element that names it.
      await new Promise((r) => setTimeout(r, 50));
      const el = document.createElement('mqtt-connection');
      el.id = id;
      el.url = await brokerUrl();
      host.append(el);
      await whenConnected(el);
      await untilSubscribed(el.clientId, topic);
      await el.publish(topic, '"found"', { qos: 1 });
      await untilShown(host.querySelector<MqttSubscribe>('mqtt-subscribe')!, 'found');
    });

    it('elements upgraded before their connection is defined still find it', async () => {
      const url = await brokerUrl();
      const topic = uniqueTopic('upgrade');
      // A tag that is not defined yet stands for a connection whose script loads last.
      const tag = `late-connection-${Math.random().toString(36).slice(2, 8)}`;
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.innerHTML = `<${tag} url="${url}"><mqtt-status></mqtt-status><mqtt-subscribe topic="${topic}"></mqtt-subscribe></${tag}>`;
      const sub = host.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      const status = host.querySelector<MqttStatus>('mqtt-status')!;
      await sub.updateComplete;
      expect(sub.shadowRoot, 'the subscribe element is upgraded first').not.to.equal(null);

      customElements.define(tag, class extends MqttConnection {});
      const el = host.querySelector(tag) as MqttConnection;
      await whenConnected(el);
      await untilSubscribed(el.clientId, topic);
      await el.publish(topic, '"late provider"', { qos: 1 });
      await untilShown(sub, 'late provider');
      await untilStatusShows(status, 'Connected');
    });
  });

  describe('bad URLs', () => {
    async function mount(
      url: string,
    ): Promise<{ el: MqttConnection; status: MqttStatus; errors: MqttErrorEvent[] }> {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const errors = record(host, 'mqtt-error');
      const el = document.createElement('mqtt-connection');
      el.reconnectPeriod = 5000;
      el.url = url;
      el.append(document.createElement('mqtt-status'));
      host.append(el);
      return { el, status: el.querySelector('mqtt-status')!, errors };
    }

    it('no scheme: an error that suggests ws:// or wss://', async () => {
      const { el, status, errors } = await mount('broker.example.com:8084/mqtt');
      await untilStatus(el, 'error');
      await untilStatusShows(status, 'has no scheme: write wss://broker.example.com:8084/mqtt');
      expect(errors.map((e) => e.detail.message)).to.deep.equal([el.error!.message]);
      expect(el.client).to.equal(undefined);
    });

    it('mqtt://: an error that says browsers only speak WebSocket', async () => {
      const { el, status, errors } = await mount('mqtt://broker.example.com:1883');
      await untilStatus(el, 'error');
      await untilStatusShows(status, 'browsers only speak WebSocket');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.message).to.include('ws://broker.example.com:8083/mqtt');
    });

    it('wss:// on port 8083: a warning shown while it tries', async () => {
      const { el, status } = await mount('wss://127.0.0.1:8083/mqtt');
      await untilStatusShows(status, 'wss:// on port 8083 is unusual');
      // Still shown once the attempt failed, next to why it failed.
      await untilStatus(el, 'reconnecting');
      await untilStatusShows(
        status,
        /Cannot reach the broker.*wss:\/\/ on port 8083 is unusual|wss:\/\/ on port 8083 is unusual.*Cannot reach the broker/,
      );
    });

    it('no path: a warning about /mqtt; with a broker that needs the path, why it fails as well', async () => {
      const aedes = new URL(await brokerUrl('aedes'));
      const { el, status, errors } = await mount(`ws://${aedes.host}`);
      await untilStatus(el, 'reconnecting');
      await untilStatusShows(status, 'serve MQTT over WebSocket at /mqtt');
      await untilStatusShows(status, 'Cannot reach the broker');
      expect(errors.length).to.be.at.least(1);
    });

    it('no path with a broker that accepts any path (Mosquitto): connected, with the warning shown', async () => {
      const mosquitto = new URL(await brokerUrl('mosquitto'));
      const { el, status, errors } = await mount(`ws://${mosquitto.host}`);
      await whenConnected(el);
      await untilStatusShows(status, 'Connected');
      await untilStatusShows(status, 'serve MQTT over WebSocket at /mqtt');
      expect(errors).to.have.length(0);
    });

    it('a bad URL corrected by the page connects', async () => {
      const { el, status } = await mount('mqtt://127.0.0.1:1883');
      await untilStatus(el, 'error');
      el.url = await brokerUrl();
      await whenConnected(el);
      await untilStatusShows(status, 'Connected');
    });

    it('nothing listening: reconnecting, with the address and the countdown', async () => {
      const { el, status, errors } = await mount(nothingListens);
      await untilStatus(el, 'reconnecting');
      await untilStatusShows(status, 'Cannot reach the broker at ws://127.0.0.1:65535/mqtt');
      await untilStatusShows(status, /Reconnecting in \d+ s \(attempt 1\)/);
      expect(errors.length).to.be.at.least(1);
      expect(errors[0]!.detail.code).to.equal('socket');
      expect(errors[0]!.detail.message).to.include('ws://127.0.0.1:65535/mqtt');
    });
  });
});

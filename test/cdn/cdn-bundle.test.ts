// The CDN bundle as a page loads it: cdn/mqtt-elements.js (built by `npm run build:cdn`) carries its own
// MQTT.js, assembled from MQTT.js's modules with browser stand-ins for Node's stream, buffer, url and
// process modules (see rollup.config.mjs). These tests drive it against both test brokers, so a stand-in
// that misbehaves shows up as a message that never arrives, an acknowledgement that never comes, or a
// connection that does not come back.
import { expect, waitUntil } from '@open-wc/testing';
import { brokers, uniqueTopic, untilSubscribed, type BrokerName } from '../support/brokers.js';
import { shown } from '../support/shown.js';
import { until } from '../support/until.js';

interface CdnConnection extends HTMLElement {
  url: string;
  clientId: string;
  protocolVersion: 4 | 5;
  status: string;
  error?: Error;
  publish(topic: string, payload: string | Uint8Array, options?: { qos?: 0 | 1 | 2; retain?: boolean }): Promise<void>;
  connect(): void;
  disconnect(): Promise<void>;
}

interface CdnSubscribe extends HTMLElement {
  topic: string;
  message?: { topic: string; payload: Uint8Array; qos: number; retained: boolean; text: string };
}

const bundle = '/cdn/mqtt-elements.js';
const timeout = 8000;

const cases: { broker: BrokerName; protocolVersion: 4 | 5 }[] = [
  { broker: 'aedes', protocolVersion: 4 },
  { broker: 'mosquitto', protocolVersion: 4 },
  { broker: 'mosquitto', protocolVersion: 5 },
];

before(async () => {
  const response = await fetch(bundle, { method: 'HEAD' });
  if (!response.ok) throw new Error(`${bundle} is missing: run \`npm run build:cdn\` before the browser tests.`);
  // A variable, so that TypeScript does not look for the file: it is built, not checked in.
  await import(bundle);
});

for (const { broker, protocolVersion } of cases) {
  describe(`cdn/mqtt-elements.js with ${broker}, MQTT ${protocolVersion === 5 ? '5' : '3.1.1'}`, () => {
    let connection: CdnConnection;

    beforeEach(async () => {
      const url = (await brokers())[broker].wsUrl;
      connection = document.createElement('mqtt-connection') as CdnConnection;
      connection.setAttribute('url', url);
      connection.setAttribute('protocol-version', String(protocolVersion));
      document.body.append(connection);
      await until(() => connection.status === 'connected', () => `connected (status ${connection.status}: ${connection.error?.message ?? ''})`);
    });

    afterEach(async () => {
      await connection.disconnect();
      connection.remove();
    });

    function subscribe(topic: string, attributes: Record<string, string> = {}): CdnSubscribe {
      const element = document.createElement('mqtt-subscribe') as CdnSubscribe;
      element.setAttribute('topic', topic);
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      connection.append(element);
      return element;
    }

    /**
     * Publishes until `arrived` holds: an element's SUBSCRIBE goes out after it renders, and its SUBACK
     * has no public signal, so a message sent at once may reach the broker first and go nowhere.
     */
    async function publishUntil(topic: string, payload: string | Uint8Array, qos: 0 | 1 | 2, arrived: () => boolean) {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        await connection.publish(topic, payload, { qos });
        try {
          await waitUntil(arrived, undefined, { timeout: 1000 });
          return;
        } catch {
          // Not there yet: publish again.
        }
      }
      throw new Error(`Timed out waiting for the message on ${topic} to arrive`);
    }

    it('receives what it publishes at QoS 0, 1 and 2, each acknowledged', async () => {
      const base = uniqueTopic('cdn');
      for (const qos of [0, 1, 2] as const) {
        const element = subscribe(`${base}/q${qos}`, { qos: String(qos) });
        // Resolves on PUBACK (QoS 1) or PUBCOMP (QoS 2): the acknowledgement path works both ways.
        await publishUntil(`${base}/q${qos}`, `value ${qos}`, qos, () => shown(element) === `value ${qos}`);
        expect(element.message!.qos).to.equal(qos);
      }
    });

    it('shows a retained value to an element added later', async () => {
      const topic = uniqueTopic('cdn-retained');
      await connection.publish(topic, '{"temp":21.46}', { qos: 1, retain: true });
      const element = subscribe(topic, { select: 'temp', decimals: '1' });
      await until(() => shown(element) === '21.5', () => `the retained value; shown: ${shown(element)}`);
      expect(element.message!.retained).to.equal(true);
      await connection.publish(topic, '', { qos: 1, retain: true });
    });

    it('carries binary and large payloads intact', async () => {
      const base = uniqueTopic('cdn-bytes');
      const bytes = subscribe(`${base}/bytes`, { as: 'hex' });
      const large = subscribe(`${base}/large`);
      const raw = new Uint8Array([0, 1, 0x7f, 0x80, 0xff]);
      await publishUntil(`${base}/bytes`, raw, 1, () => shown(bytes) === '00 01 7f 80 ff');
      // Larger than the stream's high-water mark and than one read from the socket, with multi-byte characters.
      const text = 'ü€'.repeat(40_000) + 'end';
      await publishUntil(`${base}/large`, text, 2, () => large.message?.text === text);
      expect(large.message!.payload.length).to.equal(new TextEncoder().encode(text).length);
    });

    it('disconnects cleanly and connects again, with its subscriptions restored', async () => {
      const topic = uniqueTopic('cdn-reconnect');
      const element = subscribe(topic);
      await publishUntil(topic, 'before', 1, () => shown(element) === 'before');
      await connection.disconnect();
      expect(connection.status).to.equal('closed');
      connection.connect();
      await until(() => connection.status === 'connected', () => `connected again (status ${connection.status})`);
      await publishUntil(topic, 'after reconnect', 1, () => shown(element) === 'after reconnect');
    });
  });
}

describe('cdn/mqtt-chart.js next to cdn/mqtt-elements.js', () => {
  it('registers <mqtt-chart>, which takes values through a connection from the main bundle', async () => {
    // The chart bundle imports what it shares with the main bundle from it, so both must agree.
    await import('/cdn/mqtt-chart.js' as string);
    expect(customElements.get('mqtt-chart'), '<mqtt-chart> is defined').to.not.equal(undefined);
    const url = (await brokers()).aedes.wsUrl;
    const topic = uniqueTopic('cdn-chart');
    const connection = document.createElement('mqtt-connection') as CdnConnection;
    connection.setAttribute('url', url);
    const chart = document.createElement('mqtt-chart');
    chart.setAttribute('topic', topic);
    connection.append(chart);
    document.body.append(connection);
    try {
      await until(() => connection.status === 'connected', () => `connected (status ${connection.status})`);
      // Published once the broker holds the chart's subscription, so it cannot go nowhere.
      await untilSubscribed(connection.clientId, topic);
      await connection.publish(topic, '1', { qos: 1 });
      const plotted = () => chart.shadowRoot?.querySelector('[part~="empty"]') === null;
      await until(plotted, 'the chart to leave its empty state');
    } finally {
      await connection.disconnect();
      connection.remove();
    }
  });
});

describe('cdn/mqtt-explorer.js next to cdn/mqtt-elements.js', () => {
  it('registers <mqtt-explorer>, which shows topics through a connection from the main bundle', async () => {
    // Like the chart, the explorer bundle takes what it shares with the main bundle from it.
    await import('/cdn/mqtt-explorer.js' as string);
    expect(customElements.get('mqtt-explorer'), '<mqtt-explorer> is defined').to.not.equal(undefined);
    const url = (await brokers()).aedes.wsUrl;
    const prefix = uniqueTopic('cdn-explorer');
    const connection = document.createElement('mqtt-connection') as CdnConnection;
    connection.setAttribute('url', url);
    const explorer = document.createElement('mqtt-explorer');
    explorer.setAttribute('topic', `${prefix}/#`);
    connection.append(explorer);
    document.body.append(connection);
    try {
      await until(() => connection.status === 'connected', () => `connected (status ${connection.status})`);
      await untilSubscribed(connection.clientId, `${prefix}/#`);
      await connection.publish(`${prefix}/a/b`, 'hello', { qos: 1 });
      const count = () => explorer.shadowRoot?.querySelector('[part~="count"]')?.textContent ?? '';
      await until(
        () => count().startsWith('1 topic ·'),
        () => `the explorer to count the topic; it shows "${count()}"`,
      );
    } finally {
      await connection.disconnect();
      connection.remove();
    }
  });
});

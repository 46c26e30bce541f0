// Bad numeric, enumerated and duration settings: each is an error that names the attribute, the value
// as written and what is allowed, on the element and as `mqtt-error`; nothing goes to the broker for
// it, and the rest of the page keeps working. Durations take units; a bare number keeps its unit.
import { expect, fixture, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import {
  durationAttribute,
  numberAttribute,
  parseNumber,
  settingProblem,
} from '../../src/core/attribute-values.js';
import '../../src/chart.js';
import type { MqttConnection, MqttLog, MqttPublish, MqttSubscribe } from '../../src/index.js';
import { brokerPackets, brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  connectedFixture,
  uniqueClientId,
  until,
  untilShown,
  untilSubscribed,
} from '../support/element-fixtures.js';
import { closeTestClients, collect, publish, testClient } from '../support/test-clients.js';

describe('attribute values', () => {
  it('reads numbers in plain decimal notation only', () => {
    expect([' 5 ', '1e3', '-0.5', '.5'].map(parseNumber)).to.deep.equal([5, 1000, -0.5, 0.5]);
    expect(['', 'abc', '0x1f', 'Infinity', '1_000', '5px'].map(parseNumber).every(Number.isNaN)).to.equal(
      true,
    );
  });

  it('reads durations with units, and a bare number in the documented unit', () => {
    const seconds = durationAttribute('s', 60).fromAttribute;
    const millis = durationAttribute('ms', 1000).fromAttribute;
    expect(['30', '500ms', '5s', '2m', '1h', null, ''].map(seconds)).to.deep.equal([
      30, 0.5, 5, 120, 3600, 60, 60,
    ]);
    expect(['250', '500ms', '5s', '2m'].map(millis)).to.deep.equal([250, 500, 5000, 120_000]);
    expect(Number.isNaN(seconds('soon'))).to.equal(true);
    expect(numberAttribute().fromAttribute('')).to.equal(undefined);
  });

  it('says which attribute, which value and what is allowed', () => {
    expect(settingProblem('qos', 7, { kind: 'choice', values: [0, 1, 2] }, '7')).to.equal(
      'qos="7" is not allowed: use 0, 1 or 2.',
    );
    expect(
      settingProblem('keepalive', NaN, { kind: 'number', integer: true, min: 0, duration: 's' }, 'abc'),
    ).to.equal(
      'keepalive="abc" is not a duration: use a whole number of seconds of at least 0, or a duration with a unit such as "500ms", "5s" or "2m".',
    );
    expect(settingProblem('decimals', 2, { kind: 'number', integer: true, min: 0, max: 20 })).to.equal(
      undefined,
    );
  });
});

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`bad settings, ${broker}`, function () {
    this.timeout(30_000);
    let url: string;
    let pub: MqttClient;

    before(async () => {
      url = await brokerUrl(broker);
    });
    beforeEach(async () => {
      pub = await testClient(broker);
    });
    afterEach(closeTestClients);

    for (const [attribute, value, says] of [
      ['keepalive', '-1', 'keepalive="-1" is not allowed: use a whole number of seconds from 0 to 65535'],
      ['keepalive', 'abc', 'keepalive="abc" is not a duration'],
      ['protocol-version', '7', 'protocol-version="7" is not allowed: use 4 or 5'],
      ['reconnect-period', '0', 'reconnect-period="0" is not allowed'],
      ['will-qos', '7', 'will-qos="7" is not allowed: use 0, 1 or 2'],
      ['cache-size', '0', 'cache-size="0" is not allowed'],
    ] as const) {
      it(`<mqtt-connection ${attribute}="${value}"> says so instead of connecting`, async () => {
        const errors: string[] = [];
        const connection = await fixture<MqttConnection>(
          html`<mqtt-connection
            url=${url}
            will-topic=${uniqueTopic('will')}
            @mqtt-error=${(e: CustomEvent<{ message: string }>) => errors.push(e.detail.message)}
          ></mqtt-connection>`,
        );
        connection.setAttribute(attribute, value);
        await until(
          () => connection.status === 'error',
          () => `status error, it is ${connection.status}`,
        );
        expect(connection.error?.message).to.include(says);
        expect(connection.error?.message).to.include('Nothing connects until it is fixed');
        expect(errors.some((m) => m.includes(says))).to.equal(true);
        // Fixing it connects.
        connection.removeAttribute(attribute);
        await until(() => connection.status === 'connected', 'connected once the attribute is fixed');
      });
    }

    it('durations take units; a bare number keeps its documented unit', async () => {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} keepalive="1m" connect-timeout="5s" reconnect-period="250"
          ><mqtt-subscribe topic=${uniqueTopic('units')} expire-after="500ms"></mqtt-subscribe
        ></mqtt-connection>`,
      );
      expect(connection.keepalive).to.equal(60);
      expect(connection.connectTimeout).to.equal(5000);
      expect(connection.reconnectPeriod).to.equal(250);
      expect(connection.querySelector('mqtt-subscribe')!.expireAfter).to.equal(0.5);
    });

    it('<mqtt-publish qos="7"> is an error naming the setting; nothing is published', async () => {
      const topic = uniqueTopic('qos7');
      const received = await collect(pub, topic);
      const errors: string[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-publish
            topic=${topic}
            qos="7"
            payload="x"
            @mqtt-error=${(e: CustomEvent<{ message: string }>) => errors.push(e.detail.message)}
            ><button>send</button></mqtt-publish
          ><mqtt-publish id="fine" topic=${topic} payload="fine"
            ><button>send</button></mqtt-publish
          ></mqtt-connection
        >`,
      );
      const bad = connection.querySelector<MqttPublish>('mqtt-publish')!;
      bad.querySelector('button')!.click();
      await until(() => bad.hasAttribute('error'), 'the error state');
      expect(errors.join(' ')).to.include('qos="7" is not allowed: use 0, 1 or 2');
      // The neighbour still publishes, and is the only message that arrives.
      connection.querySelector<HTMLButtonElement>('#fine button')!.click();
      await until(() => received.length === 1, 'the neighbour to publish');
      expect(received.map((m) => m.text)).to.deep.equal(['fine']);
    });

    it('<mqtt-subscribe qos="7"> is an error naming the setting; no SUBSCRIBE is sent', async () => {
      const topic = uniqueTopic('qos7');
      const clientId = uniqueClientId('qos');
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-subscribe id="bad" topic=${topic} qos="7"></mqtt-subscribe
          ><mqtt-subscribe id="fine" topic=${`${topic}/fine`}></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const bad = connection.querySelector<MqttSubscribe>('#bad')!;
      await until(() => bad.hasAttribute('error'), 'the error state');
      expect(bad.shadowRoot!.querySelector('[part="value"]')!.getAttribute('title')).to.include(
        'qos="7" is not allowed: use 0, 1 or 2',
      );
      await untilSubscribed(clientId, `${topic}/fine`, broker);
      await publish(pub, `${topic}/fine`, 'ok');
      await untilShown(connection.querySelector<MqttSubscribe>('#fine')!, 'ok');
      const packets = await brokerPackets(broker, clientId);
      expect(packets.filter((p) => p.topic === topic)).to.deep.equal([]);
    });

    it('widgets name each bad number: slider step="0", chart points="abc", gauge expire-after="soon", switch expire-after="-1"', async () => {
      const topic = uniqueTopic('widgets');
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-slider label="S" command-topic=${`${topic}/s`} step="0"></mqtt-slider
          ><mqtt-chart label="C" topic=${`${topic}/c`} points="abc"></mqtt-chart
          ><mqtt-gauge label="G" topic=${`${topic}/g`} expire-after="soon"></mqtt-gauge
          ><mqtt-switch label="W" command-topic=${`${topic}/w`} expire-after="-1"></mqtt-switch
        ></mqtt-connection>`,
      );
      const expected: Record<string, string> = {
        'mqtt-slider': 'step="0" is not allowed',
        'mqtt-chart': 'points="abc" is not a number',
        'mqtt-gauge': 'expire-after="soon" is not a duration',
        'mqtt-switch': 'expire-after="-1" is not allowed',
      };
      for (const [tag, says] of Object.entries(expected)) {
        const widget = connection.querySelector(tag)! as HTMLElement & { error?: Error };
        await until(() => widget.hasAttribute('error'), `${tag} in the error state`);
        expect(widget.error?.message, tag).to.include(says);
        const message = widget.shadowRoot!.querySelector('[part="message"]')!;
        expect(message.getAttribute('title') ?? message.textContent, tag).to.include(says);
      }
    });

    it('<mqtt-subscribe decimals="abc" max-rows="-3"> names both and keeps showing values', async () => {
      const topic = uniqueTopic('decimals');
      const clientId = uniqueClientId('dec');
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-subscribe topic=${topic} decimals="abc" max-rows="-3"></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const el = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilSubscribed(clientId, topic, broker);
      await publish(pub, topic, '21.456');
      await untilShown(el, '21.456');
      const title = el.shadowRoot!.querySelector('[part="value"]')!.getAttribute('title') ?? '';
      expect(title).to.include('decimals="abc" is not a number');
      expect(title).to.include('max-rows="-3" is not allowed: use a whole number of at least 1');
      expect(el.hasAttribute('error')).to.equal(true);
    });

    it('<mqtt-log max-rows="lots" truncate="0" format="xml"> names each and keeps logging with the defaults', async () => {
      const topic = uniqueTopic('log-settings');
      const clientId = uniqueClientId('log');
      // Listened for before the log exists: it reports its settings on its first update.
      const errors: string[] = [];
      const onError = (e: Event) => {
        if ((e.target as Element).localName === 'mqtt-log') errors.push((e as CustomEvent).detail.message);
      };
      document.addEventListener('mqtt-error', onError);
      after(() => document.removeEventListener('mqtt-error', onError));
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-log topic=${topic} max-rows="lots" truncate="0" format="xml"></mqtt-log
        ></mqtt-connection>`,
      );
      const log = connection.querySelector<MqttLog>('mqtt-log')!;
      await log.updateComplete;
      const message = () => log.shadowRoot!.querySelector('[part="message"]')!.textContent ?? '';
      expect(message()).to.include('max-rows="lots" is not a number');
      expect(message()).to.include('truncate="0" is not allowed: use a whole number of at least 1');
      expect(message()).to.include('format="xml" is not allowed: use "auto", "text", "json" or "hex"');
      expect(log.hasAttribute('error'), 'the error state').to.equal(true);

      await untilSubscribed(clientId, topic, broker);
      await publish(pub, topic, '{"a":1}');
      await until(() => log.messages.length === 1, 'the message logged');
      await log.updateComplete;
      const payload = log.shadowRoot!.querySelector('[part="payload"]')!.textContent!;
      expect(payload, 'auto format pretty-prints the JSON').to.include('"a": 1');

      log.setAttribute('max-rows', '5');
      log.setAttribute('truncate', '100');
      log.setAttribute('format', 'text');
      await log.updateComplete;
      expect(message(), 'fixed settings clear the message').to.equal('');
      expect(log.hasAttribute('error')).to.equal(false);
      expect(errors.join(' '), 'mqtt-error while wrong').to.include('format="xml" is not allowed');
    });
  });
}

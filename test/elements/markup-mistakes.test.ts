// Mistakes in a page's markup, as a newcomer makes them: each is written out on the element, goes to
// the console once (however often it recurs) and fires mqtt-error; a widget that cannot connect says
// why rather than only "Not connected". Against the embedded Aedes broker.
import { expect, fixture, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import '../../src/define.js';
import type { MqttGauge, MqttPublish, MqttSubscribe } from '../../src/index.js';
import type { MqttErrorEvent } from '../../src/events.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, uniqueClientId, until, untilSubscribed } from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

describe('markup mistakes', function () {
  this.timeout(30_000);

  let url: string;
  let topic: string;
  let warnings: string[];
  const originalWarn = console.warn;

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(() => {
    topic = uniqueTopic('mistake');
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(async () => {
    console.warn = originalWarn;
    await closeTestClients();
  });

  const messagePart = (el: Element) => el.shadowRoot!.querySelector('[part~="message"]')?.textContent ?? '';

  it('a widget outside any <mqtt-connection> says so on itself and once in the console', async () => {
    const errors: MqttErrorEvent[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.addEventListener('mqtt-error', (e) => errors.push(e as MqttErrorEvent));
    const gauge = document.createElement('mqtt-gauge') as MqttGauge;
    gauge.setAttribute('topic', topic);
    wrapper.append(gauge);
    await until(
      () => messagePart(gauge).includes('not inside an <mqtt-connection>'),
      () => `the gauge to say it has no connection; it says "${messagePart(gauge)}"`,
    );
    expect(messagePart(gauge)).to.contain('connection="');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['no-connection']);
    // Rendering again (a property change) does not say it again.
    gauge.label = 'Level';
    await gauge.updateComplete;
    expect(warnings.filter((w) => w.includes('not inside an <mqtt-connection>'))).to.have.length(1);
    expect(warnings[0]).to.match(/^<mqtt-gauge>: /);
  });

  it('a select that matches nothing is written out next to the value and warned once', async () => {
    const clientId = uniqueClientId('select');
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url} client-id=${clientId}
        ><mqtt-subscribe topic=${topic} select="temp"></mqtt-subscribe
      ></mqtt-connection>`,
    );
    const el = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    await untilSubscribed(clientId, topic);
    const pub: MqttClient = await testClient();
    await publish(pub, topic, '{"humidity": 40}');
    await until(
      () => messagePart(el).includes('"temp" is not in the message'),
      () => `the select mistake written out; it shows "${messagePart(el)}"`,
    );
    await publish(pub, topic, '{"humidity": 41}');
    await publish(pub, topic, '{"temp": 21}');
    await until(() => el.value === 21, 'the corrected payload to show');
    await el.updateComplete;
    expect(messagePart(el), 'gone once a message has the field').to.equal('');
    expect(warnings.filter((w) => w.includes('"temp" is not in the message'))).to.have.length(1);
  });

  it('an invalid publish topic is written out at once, warned once, and nothing is sent', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}
        ><mqtt-publish topic="lamps/+/set" payload="ON"><button>On</button></mqtt-publish></mqtt-connection
      >`,
    );
    const el = connection.querySelector<MqttPublish>('mqtt-publish')!;
    await until(() => messagePart(el) !== '', 'the topic mistake written out');
    expect(messagePart(el)).to.contain('+');
    expect(el.hasAttribute('error')).to.equal(true);
    el.querySelector('button')!.click();
    el.querySelector('button')!.click();
    await el.updateComplete;
    expect(warnings.filter((w) => w.startsWith('<mqtt-publish>'))).to.have.length(1);
  });

  it('a widget whose connection cannot reach the broker says why, not only "Not connected"', async () => {
    const connection = await fixture(
      html`<mqtt-connection url="ws://127.0.0.1:9/mqtt" reconnect-period="60000"
        ><mqtt-gauge topic=${topic} label="Level"></mqtt-gauge
      ></mqtt-connection>`,
    );
    const gauge = connection.querySelector<MqttGauge>('mqtt-gauge')!;
    await until(
      () => messagePart(gauge).startsWith('Not connected: Cannot reach the broker at ws://127.0.0.1:9/mqtt'),
      () => `the reason in the gauge's message; it says "${messagePart(gauge)}"`,
    );
    expect(warnings, 'a broker problem is not a markup mistake').to.deep.equal([]);
  });
});

// <mqtt-subscribe bind=…>: the value handed to other elements (a property, an attribute or their text)
// instead of shown by the element itself.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, until } from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

describe('<mqtt-subscribe bind>', function () {
  this.timeout(30_000);

  let url: string;
  let topic: string;
  let pub: MqttClient;

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    topic = uniqueTopic('bind');
    pub = await testClient();
  });
  afterEach(closeTestClients);

  it('bind="value" drives a native <progress>, and shows no text of its own', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${topic} select="level" bind="value"
          ><progress max="40"></progress
        ></mqtt-subscribe>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    const progress = el.querySelector('progress')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="value"]')).to.equal(null);
    expect(progress.hasAttribute('value'), 'indeterminate before the first message').to.equal(false);

    await publish(pub, topic, '{"level": 22}');
    await until(() => progress.value === 22, 'progress.value to be 22');
    expect(progress.position).to.be.closeTo(22 / 40, 1e-9);
    await publish(pub, topic, '{"level": 30.5}');
    await until(() => progress.value === 30.5, 'progress.value to be 30.5');
  });

  it('bind="value" sets every child, and the value keeps its type', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${topic} bind="value"
          ><meter max="100"></meter><input type="range"
        /></mqtt-subscribe>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    const meter = el.querySelector('meter')!;
    const range = el.querySelector('input')!;
    await publish(pub, topic, '64');
    await until(() => meter.value === 64 && range.value === '64', 'both children to get 64');
    expect(el.value).to.equal(64);
  });

  it('bind="attr:data-level" sets an attribute, and removes it when the retained value is cleared', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${topic} bind="attr:data-level"><div class="gauge"></div></mqtt-subscribe>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    const gauge = el.querySelector('.gauge')!;
    await publish(pub, topic, 'high', { retain: true });
    await until(() => gauge.getAttribute('data-level') === 'high', 'data-level="high"');
    await publish(pub, topic, '{"n": 1}', { retain: true });
    await until(() => gauge.getAttribute('data-level') === '{"n":1}', 'data-level to hold the JSON');
    await publish(pub, topic, '', { retain: true });
    await until(() => !gauge.hasAttribute('data-level'), 'data-level to be removed');
  });

  it('bind="text" writes the formatted value, and the placeholder before the first message', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${topic} bind="text" decimals="1" unit=" °C" locale="en-US"
          ><strong class="reading"></strong
        ></mqtt-subscribe>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    const reading = el.querySelector('.reading')!;
    await el.updateComplete;
    expect(reading.textContent).to.equal('—');
    await publish(pub, topic, '21.456');
    await until(() => reading.textContent === '21.5 °C', 'the text "21.5 °C"');
  });

  it('target="#id" binds to an element elsewhere on the page, not to the children', async () => {
    const meterId = `meter-${Math.random().toString(36).slice(2)}`;
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${topic} bind="value" target=${`#${meterId}`}
          ><meter class="child" max="10"></meter
        ></mqtt-subscribe>
        <p>Battery: <meter id=${meterId} max="10"></meter></p>
      </mqtt-connection>`,
    );
    const el = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    const target = connection.querySelector<HTMLMeterElement>(`#${meterId}`)!;
    await publish(pub, topic, '7');
    await until(() => target.value === 7, 'the target meter to get 7');
    expect(el.querySelector<HTMLMeterElement>('.child')!.value, 'the child is not a target').to.equal(0);
  });

  it('passes axe while bound to a labelled progress bar', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <label
          >Tank
          <mqtt-subscribe topic=${topic} bind="value"><progress max="100"></progress></mqtt-subscribe>
        </label>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    await publish(pub, topic, '50');
    await until(() => el.querySelector('progress')!.value === 50, 'the progress bar to get 50');
    await expect(connection).to.be.accessible();
  });
});

// Numbers a widget cannot use: slider.publish() with NaN, infinities, 1e21 or values off the range and
// the step; a gauge and a chart fed ±1e308. Each is clamped and rounded as documented, or refused with
// an error on the element, against both brokers.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import '../../src/chart.js';
import type { MqttChart } from '../../src/elements/mqtt-chart/mqtt-chart.js';
import type { MqttGauge, MqttSlider } from '../../src/index.js';
import { fillPayloadTemplate } from '../../src/core/payload-template.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { connectedFixture, uniqueClientId, untilSubscribed } from '../support/element-fixtures.js';
import { closeTestClients, collect, publish, testClient } from '../support/test-clients.js';
import { until } from '../support/until.js';

describe('a payload-template that is a JSON string', () => {
  it('escapes the value like any JSON string', () => {
    for (const value of ['say "hi"', 'back\\slash', 'line\nbreak', '</script>']) {
      expect(JSON.parse(fillPayloadTemplate('"{{value}}"', value))).to.equal(value);
      expect(JSON.parse(fillPayloadTemplate(' "Lamp: {{value}}"', value))).to.equal(`Lamp: ${value}`);
    }
  });
});

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`numbers out of range, ${broker}`, function () {
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

    it('slider.publish() clamps to min and max and rounds to step; refuses NaN and infinities', async () => {
      const topic = uniqueTopic('slider');
      const received = await collect(pub, `${topic}/set`);
      const errors: string[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-slider
            label="Level"
            command-topic=${`${topic}/set`}
            min="0"
            max="99"
            step="5"
            @mqtt-error=${(e: CustomEvent<{ message: string }>) => errors.push(e.detail.message)}
          ></mqtt-slider
        ></mqtt-connection>`,
      );
      const slider = connection.querySelector<MqttSlider>('mqtt-slider')!;
      for (const bad of [NaN, Infinity, -Infinity]) {
        let refused: unknown;
        await slider.publish(bad).catch((err: unknown) => (refused = err));
        expect(String(refused), String(bad)).to.include('is refused: give a finite number from 0 to 99');
      }
      expect(errors).to.have.length(3);
      for (const value of [33.3, 1e21, -5, 200, 2.5, 97]) await slider.publish(value);
      await until(
        () => received.length === 6,
        () => `6 messages, got ${received.length}`,
      );
      // 99 is not on the grid of 5 from 0: the top is 95, as <input type="range"> has it.
      expect(received.map((m) => m.text)).to.deep.equal(['35', '95', '0', '95', '5', '95']);
    });

    it('a gauge and a chart fed ±1e308 say the number is too large to draw', async () => {
      const topic = uniqueTopic('huge');
      const clientId = uniqueClientId('huge');
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-gauge label="G" topic=${`${topic}/g`}></mqtt-gauge
          ><mqtt-chart label="C" topic=${`${topic}/c`}></mqtt-chart
        ></mqtt-connection>`,
      );
      const gauge = connection.querySelector<MqttGauge>('mqtt-gauge')!;
      const chart = connection.querySelector<MqttChart>('mqtt-chart')!;
      await untilSubscribed(clientId, `${topic}/g`, broker);
      await untilSubscribed(clientId, `${topic}/c`, broker);
      await publish(pub, `${topic}/g`, '1e308');
      await publish(pub, `${topic}/c`, '-1e308');
      await until(() => gauge.hasAttribute('error') && chart.hasAttribute('error'), 'both in error');
      expect(gauge.error?.message).to.include('too large to draw');
      expect(chart.error?.message).to.include('too large to draw');
      // A sane value afterwards is drawn as usual.
      await publish(pub, `${topic}/g`, '42');
      await until(() => !gauge.hasAttribute('error'), 'the gauge to recover');
    });
  });
}

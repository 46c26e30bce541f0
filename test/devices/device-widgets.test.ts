// Dashboard widgets on real firmware conventions, against both brokers: the state query on connect
// and when a device comes back, the toggle command, payload templates with typed values, the slider's
// throttled commands, availability outranking errors, and "last seen".
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttGauge, MqttSlider, MqttSwitch } from '../../src/index.js';
import { brokerUrl, type BrokerName } from '../support/brokers.js';
import { connectedFixture, uniqueClientId } from '../support/element-fixtures.js';
import { cleanupFaults, NodeClient } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { part } from '../widgets/widget-fixture.js';
import { SimulatedDevice } from './simulated-device.js';

const id = () => Math.random().toString(36).slice(2, 8);
const control = (el: MqttSwitch) => part<HTMLButtonElement>(el, 'control');
const messageOf = (el: Element) => part(el, 'message').textContent ?? '';

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`widgets on device conventions, ${broker}`, function () {
    this.timeout(30_000);
    let url: string;
    before(async () => {
      url = await brokerUrl(broker);
    });
    afterEach(cleanupFaults);

    const mount = async <T extends Element>(widget: ReturnType<typeof html>): Promise<T> => {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${uniqueClientId('widget')}>${widget}</mqtt-connection>`,
      );
      return connection.firstElementChild as T;
    };

    it('Tasmota switch: queried on connect, TOGGLE, queried again when the device comes back', async () => {
      const topic = `tasmota_${id()}`;
      const device = await SimulatedDevice.start('tasmota', broker, { topic });
      const lamp = await mount<MqttSwitch>(html`
        <mqtt-switch
          label="Plug"
          state-topic="stat/${topic}/POWER"
          command-topic="cmnd/${topic}/POWER"
          query-topic="cmnd/${topic}/POWER"
          payload-toggle="TOGGLE"
          availability-topic="tele/${topic}/LWT"
          payload-available="Online"
          payload-not-available="Offline"
        ></mqtt-switch>
      `);
      await until(() => lamp.checked === false, 'off, from the query');
      control(lamp).click();
      await until(() => lamp.checked === true && !lamp.pending, 'on after TOGGLE, confirmed');
      expect(await device.state()).to.include({ power: true, queries: 1 });

      await device.stop({ crash: true });
      await until(() => lamp.hasAttribute('unavailable'), 'unavailable after the will');
      await lamp.updateComplete;
      expect(messageOf(lamp)).to.equal('Unavailable');
      expect(control(lamp).getAttribute('aria-disabled')).to.equal('true');

      // Back after a power cut: the relay is off again, and only a query can tell.
      const again = await SimulatedDevice.start('tasmota', broker, { topic });
      await until(
        () => lamp.checked === false && !lamp.hasAttribute('unavailable'),
        'off again, from a new query',
      );
      expect((await again.state<{ queries: number }>()).queries).to.equal(1);
    });

    it('zigbee2mqtt 2.x switch: JSON command from a template, JSON availability on two topics', async () => {
      const base = `z2m_${id()}`;
      await SimulatedDevice.start('zigbee2mqtt', broker, { baseTopic: base, name: 'bulb', version: 2 });
      const bulb = await mount<MqttSwitch>(html`
        <mqtt-switch
          label="Bulb"
          state-topic="${base}/bulb"
          select="state"
          command-topic="${base}/bulb/set"
          payload-template='{"state": "{{value}}"}'
          query-topic="${base}/bulb/get"
          query-payload='{"state":""}'
          availability-topic="${base}/bridge/state ${base}/bulb/availability"
          availability-mode="all"
          availability-select="state"
        ></mqtt-switch>
      `);
      await until(() => bulb.checked === false, 'off, from the get query');
      control(bulb).click();
      await until(() => bulb.checked === true && !bulb.pending, 'on, confirmed');
    });

    it('Shelly Gen2 switch over RPC: a boolean in the JSON command, state from status/switch:0', async () => {
      const shellyId = `shellyplus1pm-${id()}`;
      const shelly = await SimulatedDevice.start('shelly-gen2', broker, { id: shellyId });
      const relay = await mount<MqttSwitch>(html`
        <mqtt-switch
          label="Relay"
          state-topic="${shellyId}/status/switch:0"
          select="output"
          state-on="true"
          state-off="false"
          command-topic="${shellyId}/rpc"
          payload-on="on"
          payload-off="off"
          payload-template='{"id":1,"src":"dashboard","method":"Switch.Set","params":{"id":0,"on":{{value|bool}}}}'
          query-topic="${shellyId}/command/switch:0"
          query-payload="status_update"
          availability-topic="${shellyId}/online"
          payload-available="true"
          payload-not-available="false"
        ></mqtt-switch>
      `);
      await until(() => relay.checked === false, 'off, from status_update');
      control(relay).click();
      await until(() => relay.checked === true && !relay.pending, 'on, confirmed');
      expect((await shelly.state<{ output: boolean }>()).output).to.equal(true);
    });

    it('Tasmota dimmer slider: throttled commands while dragging, the last value on release', async () => {
      const topic = `tasmota_${id()}`;
      const device = await SimulatedDevice.start('tasmota', broker, { topic });
      const watcher = await NodeClient.open(broker);
      await watcher.subscribe(`cmnd/${topic}/Dimmer`);
      const dimmer = await mount<MqttSlider>(html`
        <mqtt-slider
          label="Dimmer"
          state-topic="stat/${topic}/RESULT"
          select="Dimmer"
          command-topic="cmnd/${topic}/Dimmer"
          query-topic="cmnd/${topic}/Dimmer"
          publish-on="input"
          throttle="400"
        ></mqtt-slider>
      `);
      await until(() => dimmer.value === 60, 'the dimmer level, from the query');
      const input = part<HTMLInputElement>(dimmer, 'input');
      // Twenty moves within a few milliseconds: the first goes out at once, the rest wait their turn.
      for (let level = 41; level <= 60; level++) {
        input.value = String(level - 20);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await until(
        async () => (await device.state<{ dimmer: number }>()).dimmer === 40,
        'the last level sent',
      );
      const sent = (await watcher.received(`cmnd/${topic}/Dimmer`)).messages.map((m) => m.text);
      // The query (empty), the first move, and the release.
      expect(sent).to.deep.equal(['', '21', '40']);
      await until(() => dimmer.value === 40 && !dimmer.pending, 'confirmed at 40');
    });

    it('a switch shows Unavailable before its error, and its title holds both', async () => {
      const base = `ha_${id()}`;
      const device = await SimulatedDevice.start('ha-switch', broker, { base });
      const garage = await mount<MqttSwitch>(html`
        <mqtt-switch
          label="Garage"
          state-topic="${base}/state"
          state-on="on"
          state-off="off"
          command-topic="${base}/set"
          availability-topic="${base}/availability"
        ></mqtt-switch>
      `);
      await until(() => garage.error !== undefined, 'the error: "OFF" is neither "on" nor "off"');
      await device.stop({ crash: true });
      await until(() => garage.hasAttribute('unavailable'), 'unavailable');
      await garage.updateComplete;
      expect(messageOf(garage)).to.equal('Unavailable');
      const title = part(garage, 'message').getAttribute('title') ?? '';
      expect(title).to.match(
        /^The device is unavailable \(".*\/availability" says "offline"\)\. .*neither on/,
      );
    });

    it('last seen: a live value says how old it is; a retained one says its age is unknown', async () => {
      const node = `esp_${id()}`;
      await SimulatedDevice.start('esphome', broker, { node, sensorPeriodMs: 0 });
      const gauge = await mount<MqttGauge>(html`
        <mqtt-gauge label="Kitchen" topic="${node}/sensor/temperature/state" last-seen></mqtt-gauge>
      `);
      await until(() => gauge.value !== undefined, 'the retained temperature');
      await gauge.updateComplete;
      expect(part(gauge, 'last-seen').textContent).to.equal('retained, age unknown');
      const publisher = await NodeClient.open(broker);
      await publisher.publish(`${node}/sensor/temperature/state`, { payload: '22.5' });
      await until(() => gauge.value === 22.5, 'the live temperature');
      await gauge.updateComplete;
      expect(part(gauge, 'last-seen').textContent).to.match(/^updated (now|\d+ sec\. ago)$/);
    });
  });
}

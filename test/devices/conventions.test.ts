// Each firmware convention end to end, against both brokers: a simulated device that behaves as its
// firmware documents (dev/devices/), and the elements wired the way docs/recipes.md says.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttPublish, MqttSubscribe } from '../../src/index.js';
import type { MqttReplyEvent } from '../../src/events.js';
import { brokerUrl, type BrokerName } from '../support/brokers.js';
import { connectedFixture, shown, uniqueClientId, untilShown } from '../support/element-fixtures.js';
import { cleanupFaults, killBroker, reviveBroker, startFaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { titleOf } from '../support/user-view.js';
import { SimulatedDevice } from './simulated-device.js';

const id = () => Math.random().toString(36).slice(2, 8);

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`device conventions, ${broker}`, function () {
    this.timeout(30_000);
    let url: string;
    before(async () => {
      url = await brokerUrl(broker);
    });
    afterEach(cleanupFaults);

    const page = (content: ReturnType<typeof html>) =>
      connectedFixture(
        html`<mqtt-connection url=${url} client-id=${uniqueClientId('dev')}>${content}</mqtt-connection>`,
      );

    it('Tasmota: the query on connect shows a state that is not retained; the will makes it unavailable', async () => {
      const topic = `tasmota_${id()}`;
      const device = await SimulatedDevice.start('tasmota', broker, { topic });
      const connection = await page(html`
        <mqtt-subscribe
          id="power"
          topic="stat/${topic}/POWER"
          availability-topic="tele/${topic}/LWT"
          payload-available="Online"
          payload-not-available="Offline"
        ></mqtt-subscribe>
        <mqtt-publish id="query" topic="cmnd/${topic}/POWER" payload="" publish-on-connect></mqtt-publish>
        <mqtt-publish id="toggle" topic="cmnd/${topic}/POWER" payload="TOGGLE"
          ><button>Toggle</button></mqtt-publish
        >
      `);
      const power = connection.querySelector<MqttSubscribe>('#power')!;
      await untilShown(power, 'OFF');
      expect((await device.state<{ queries: number }>()).queries).to.equal(1);

      connection.querySelector('button')!.click();
      await untilShown(power, 'ON');
      await device.press();
      await untilShown(power, 'OFF');

      await device.stop({ crash: true });
      await untilShown(power, 'Unavailable');
      expect(power.hasAttribute('unavailable')).to.equal(true);
      expect(titleOf(power)).to.match(
        /The device is unavailable \("tele\/tasmota_\w+\/LWT" says "Offline"\)\. Last value: OFF\./,
      );
    });

    it('zigbee2mqtt 2.x: JSON availability on the bridge and the device, mode all, the get query', async () => {
      const base = `z2m_${id()}`;
      const device = await SimulatedDevice.start('zigbee2mqtt', broker, {
        baseTopic: base,
        name: 'bulb',
        version: 2,
      });
      const availabilityEvents: string[] = [];
      const connection = await page(html`
        <mqtt-subscribe
          topic="${base}/bulb"
          select="state"
          availability-topic="${base}/bridge/state ${base}/bulb/availability"
          availability-mode="all"
          availability-select="state"
          @mqtt-availability=${(e: CustomEvent<{ state: string }>) => availabilityEvents.push(e.detail.state)}
        ></mqtt-subscribe>
        <mqtt-publish topic="${base}/bulb/get" payload='{"state":""}' publish-on-connect></mqtt-publish>
      `);
      const bulb = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilShown(bulb, 'OFF');
      await device.setReachable(false);
      await untilShown(bulb, 'Unavailable');
      await device.setReachable(true);
      await untilShown(bulb, 'OFF');
      expect(availabilityEvents).to.deep.equal(['available', 'unavailable', 'available']);
    });

    it('zigbee2mqtt 1.x: text availability, and brightness sent as a number from a text input', async () => {
      const base = `z2m1_${id()}`;
      const device = await SimulatedDevice.start('zigbee2mqtt', broker, {
        baseTopic: base,
        name: 'hall',
        version: 1,
      });
      const connection = await page(html`
        <mqtt-subscribe
          id="brightness"
          topic="${base}/hall"
          select="brightness"
          availability-topic="${base}/hall/availability"
        ></mqtt-subscribe>
        <mqtt-publish topic="${base}/hall/get" payload='{"state":""}' publish-on-connect></mqtt-publish>
        <mqtt-publish topic="${base}/hall/set" payload-template='{"brightness": {{value|int}}}'>
          <input type="text" value="" />
        </mqtt-publish>
      `);
      const brightness = connection.querySelector<MqttSubscribe>('#brightness')!;
      await untilShown(brightness, '180');
      const input = connection.querySelector('input')!;
      input.value = '99.6';
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await untilShown(brightness, '100');
      expect((await device.state<{ brightness: number }>()).brightness).to.equal(100);
    });

    it('Homie 4: only $state "ready" is available (strict), or a list of the other states', async () => {
      const device = `lamp-${id()}`;
      const root = `homie_${id()}`;
      const homie = await SimulatedDevice.start('homie', broker, { root, device });
      const connection = await page(html`
        <mqtt-subscribe
          id="strict"
          topic="${root}/${device}/light/power"
          availability-topic="${root}/${device}/$state"
          payload-available="ready"
          availability-strict
        ></mqtt-subscribe>
        <mqtt-subscribe
          id="listed"
          topic="${root}/${device}/light/power"
          availability-topic="${root}/${device}/$state"
          payload-available="ready"
          payload-not-available='["init","disconnected","sleeping","lost","alert"]'
        ></mqtt-subscribe>
        <mqtt-publish topic="${root}/${device}/light/power/set" payload="true"
          ><button>On</button></mqtt-publish
        >
      `);
      const [strict, listed] = Array.from(connection.querySelectorAll<MqttSubscribe>('mqtt-subscribe'));
      await untilShown(strict!, 'false');
      await untilShown(listed!, 'false');
      connection.querySelector('button')!.click();
      await untilShown(strict!, 'true');
      await homie.setLifecycle('sleeping');
      await untilShown(strict!, 'Unavailable');
      await untilShown(listed!, 'Unavailable');
      await homie.setLifecycle('ready');
      await untilShown(strict!, 'true');
      await homie.stop({ crash: true });
      await untilShown(listed!, 'Unavailable');
      expect(titleOf(listed!)).to.contain('says "lost"');
    });

    it('ESPHome: retained state and status, a TOGGLE command', async () => {
      const node = `esp_${id()}`;
      await SimulatedDevice.start('esphome', broker, { node, sensorPeriodMs: 0 });
      const connection = await page(html`
        <mqtt-subscribe
          topic="${node}/switch/relay/state"
          availability-topic="${node}/status"
        ></mqtt-subscribe>
        <mqtt-publish topic="${node}/switch/relay/command" payload="TOGGLE"
          ><button>Toggle</button></mqtt-publish
        >
      `);
      const relay = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilShown(relay, 'OFF');
      connection.querySelector('button')!.click();
      await untilShown(relay, 'ON');
    });

    it('Shelly Gen2 simple commands: status_update on connect, true/false availability', async () => {
      const shellyId = `shellyplus1pm-${id()}`;
      const shelly = await SimulatedDevice.start('shelly-gen2', broker, { id: shellyId });
      const connection = await page(html`
        <mqtt-subscribe
          topic="${shellyId}/status/switch:0"
          select="output"
          map='{"true":"On","false":"Off"}'
          availability-topic="${shellyId}/online"
          payload-available="true"
          payload-not-available="false"
        ></mqtt-subscribe>
        <mqtt-publish
          topic="${shellyId}/command/switch:0"
          payload="status_update"
          publish-on-connect
        ></mqtt-publish>
        <mqtt-publish topic="${shellyId}/command/switch:0" payload="toggle"
          ><button>Toggle</button></mqtt-publish
        >
      `);
      const output = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilShown(output, 'Off');
      connection.querySelector('button')!.click();
      await untilShown(output, 'On');
      await shelly.stop();
      await untilShown(output, 'Unavailable');
    });

    it('Shelly Gen2 RPC: a request matched by its JSON id, the reply as event and property', async () => {
      const shellyId = `shellyplus1pm-${id()}`;
      await SimulatedDevice.start('shelly-gen2', broker, { id: shellyId });
      const replies: MqttReplyEvent['detail'][] = [];
      const connection = await page(html`
        <mqtt-publish
          topic="${shellyId}/rpc"
          response-topic="{{client_id}}/rpc"
          reply-match="json-id"
          payload-template='{"id":{{id}},"src":"{{client_id}}","method":"Switch.Set","params":{"id":0,"on":{{value|bool}}}}'
          payload="on"
          @mqtt-reply=${(e: MqttReplyEvent) => replies.push(e.detail)}
          ><button>On</button></mqtt-publish
        >
      `);
      const rpc = connection.querySelector<MqttPublish>('mqtt-publish')!;
      connection.querySelector('button')!.click();
      await until(() => replies.length === 1, 'the reply to Switch.Set');
      expect((replies[0]!.value as { result: unknown }).result).to.deep.equal({ was_on: false });
      expect(rpc.reply?.value).to.deep.equal(replies[0]!.value);
      expect(rpc.hasAttribute('pending')).to.equal(false);
      const second = await rpc.request('off');
      expect((second.value as { result: unknown }).result).to.deep.equal({ was_on: true });
      expect(second.id).to.not.equal(replies[0]!.id);
    });

    it('request/reply: an error reply and a timeout each put the element in the error state, saying why', async () => {
      const shellyId = `shellyplus1pm-${id()}`;
      await SimulatedDevice.start('shelly-gen2', broker, { id: shellyId });
      const connection = await page(html`
        <mqtt-publish
          id="bad"
          topic="${shellyId}/rpc"
          response-topic="{{client_id}}/rpc"
          reply-match="json-id"
          payload-template='{"id":{{id}},"src":"{{client_id}}","method":"Switch.Explode"}'
        ></mqtt-publish>
        <mqtt-publish
          id="nobody"
          topic="nobody-${id()}/rpc"
          response-topic="{{client_id}}/rpc"
          reply-match="json-id"
          reply-timeout="300ms"
          payload-template='{"id":{{id}},"src":"{{client_id}}","method":"Switch.Toggle"}'
        ></mqtt-publish>
      `);
      const bad = connection.querySelector<MqttPublish>('#bad')!;
      const errors: string[] = [];
      connection.addEventListener('mqtt-error', (e) => errors.push(e.detail.code));
      const reply = await bad.request();
      expect(reply.error).to.deep.equal({ code: 404, message: 'No handler for Switch.Explode' });
      expect(bad.hasAttribute('error')).to.equal(true);
      expect(bad.error?.message).to.equal(
        'The device answered with an error: {"code":404,"message":"No handler for Switch.Explode"}.',
      );

      const nobody = connection.querySelector<MqttPublish>('#nobody')!;
      const failure = await nobody.request().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(failure?.message).to.match(
        /^No reply to the request to "nobody-\w+\/rpc" \(id \d+, reply expected on "test_dev_\w+\/rpc"\) within 300 ms/,
      );
      expect(nobody.hasAttribute('error')).to.equal(true);
      expect(nobody.hasAttribute('pending')).to.equal(false);
      expect(errors).to.deep.equal(['reply', 'timeout']);
    });

    it('unavailable outranks an error in what is shown; both are in the title', async () => {
      const base = `ha_${id()}`;
      const device = await SimulatedDevice.start('ha-switch', broker, { base });
      const connection = await page(html`
        <mqtt-subscribe
          topic="${base}/state"
          select="missing"
          availability-topic="${base}/availability"
        ></mqtt-subscribe>
      `);
      const element = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await until(() => element.hasAttribute('error'), 'the select error');
      await device.stop({ crash: true });
      await untilShown(element, 'Unavailable');
      expect(element.hasAttribute('error')).to.equal(true);
      expect(titleOf(element)).to.match(/^The device is unavailable .*"offline".*missing/s);
    });

    it('before the first availability message the readout is unavailable, and says so', async () => {
      const topic = `quiet_${id()}`;
      const connection = await page(html`
        <mqtt-subscribe topic="${topic}/state" availability-topic="${topic}/availability"></mqtt-subscribe>
      `);
      const element = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await element.updateComplete;
      expect(shown(element)).to.equal('Unavailable');
      expect(element.availability).to.equal('unknown');
      expect(titleOf(element)).to.contain(`No availability message yet on "${topic}/availability"`);
    });
  });
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`query on connect after a broker restart, ${kind}`, function () {
    this.timeout(60_000);
    afterEach(cleanupFaults);

    it('publishes the query again after the reconnect, and shows what the device answers', async () => {
      const broker = await startFaultBroker(kind);
      const topic = `tasmota_${id()}`;
      const device = await SimulatedDevice.start('tasmota', broker, { topic });
      // The page comes back after the device (which retries every 200 ms), as a dashboard left open
      // does: a query sent before the device is back would have nobody to answer it.
      const connection = await connectedFixture(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${uniqueClientId('restart')}
          reconnect-period="1500"
          max-reconnect-period="1500"
        >
          <mqtt-subscribe
            topic="stat/${topic}/POWER"
            availability-topic="tele/${topic}/LWT"
            payload-available="Online"
            payload-not-available="Offline"
          ></mqtt-subscribe>
          <mqtt-publish topic="cmnd/${topic}/POWER" payload="" publish-on-connect></mqtt-publish>
        </mqtt-connection>
      `);
      const power = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilShown(power, 'OFF');
      const queries = async () => (await device.state<{ queries: number }>()).queries;
      expect(await queries()).to.equal(1);

      await killBroker(broker);
      await until(() => connection.status !== 'connected', 'the page to notice the broker is gone');
      await reviveBroker(broker);
      await until(() => connection.status === 'connected', 'the page to reconnect', 20_000);
      await until(async () => (await queries()) === 2, 'the second query, after the reconnect', 20_000);
      // The broker lost every retained message: the LWT comes back with the device's birth message.
      await untilShown(power, 'OFF');
      await device.press();
      await untilShown(power, 'ON');
    });
  });
}

describe('device conventions over MQTT 5 (mosquitto)', function () {
  this.timeout(30_000);
  afterEach(cleanupFaults);

  it('request/reply matched by correlation data, with the response topic as an MQTT 5 property', async () => {
    const shellyId = `shellyplus1pm-${id()}`;
    await SimulatedDevice.start('shelly-gen2', 'mosquitto', { id: shellyId, protocolVersion: 5 });
    const url = await brokerUrl('mosquitto');
    const connection = await connectedFixture(html`
      <mqtt-connection url=${url} client-id=${uniqueClientId('v5')} protocol-version="5">
        <mqtt-publish
          topic="${shellyId}/rpc"
          response-topic="replies/{{client_id}}"
          payload-template='{"id":"fixed","method":"Switch.Toggle","params":{"id":0}}'
        ></mqtt-publish>
      </mqtt-connection>
    `);
    const rpc = connection.querySelector<MqttPublish>('mqtt-publish')!;
    // The JSON id is the same for every request: only the correlation data can tell them apart.
    const [a, b] = await Promise.all([rpc.request(), rpc.request()]);
    const results = [a, b].map((r) => (r.value as { result: { was_on: boolean } }).result.was_on).sort();
    expect(results).to.deep.equal([false, true]);
    expect(a.message.topic).to.match(/^replies\/test_v5_/);
  });

  it('correlation data on an MQTT 3.1.1 connection is refused with the fix', async () => {
    const url = await brokerUrl('mosquitto');
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${url} client-id=${uniqueClientId('v4')}>
        <mqtt-publish
          topic="x/rpc"
          response-topic="x/reply"
          reply-match="correlation-data"
          payload="1"
        ></mqtt-publish>
      </mqtt-connection>
    `);
    await until(() => connection.status === 'connected', 'connected');
    const rpc = connection.querySelector<MqttPublish>('mqtt-publish')!;
    const failure = await rpc.request().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.contain('needs MQTT 5: set protocol-version="5"');
  });
});

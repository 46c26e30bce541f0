// <mqtt-discovery> against both brokers, with configs in the shapes zigbee2mqtt, Tasmota and ESPHome
// publish: what a user sees, what a click sends, and how the dashboard follows configs live.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { MqttDiscoveryChangeEvent } from '../../src/discovery.js';
import type { MqttConnection, MqttErrorEvent, MqttSwitch } from '../../src/index.js';
import { brokerPackets, brokerUrl, type BrokerName } from '../support/brokers.js';
import { closeTestClients, collect, publish, receivedCount, testClient } from '../support/test-clients.js';
import {
  until,
  entityShown,
  inside,
  mountDiscovery,
  newScope,
  publishConfigs,
  scoped,
  textOf,
  timeout,
} from './discovery-fixture.js';
import { esphome, homeAssistantDocs, tasmota, zigbee2mqtt } from './fixtures/discovery-configs.js';

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`<mqtt-discovery> on ${broker}`, () => {
    afterEach(() => closeTestClients());

    it('shows zigbee2mqtt devices with their live state, availability from JSON in mode all', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      await publishConfigs(device, scope, zigbee2mqtt);
      await publish(device, scope.topic('zigbee2mqtt/bridge/state'), '{"state":"online"}', { retain: true });
      for (const name of ['Living room sensor', 'Kitchen lamp', 'Coffee plug']) {
        await publish(device, scope.topic(`zigbee2mqtt/${name}/availability`), '{"state":"online"}', {
          retain: true,
        });
      }
      await publish(
        device,
        scope.topic('zigbee2mqtt/Living room sensor'),
        '{"temperature":21.5,"battery_low":false}',
        { retain: true },
      );
      await publish(device, scope.topic('zigbee2mqtt/Kitchen lamp'), '{"state":"ON","brightness":127}', {
        retain: true,
      });
      await publish(device, scope.topic('zigbee2mqtt/Coffee plug'), '{"state":"OFF"}', { retain: true });
      const { discovery } = await mountDiscovery(broker, scope);

      const temperature = await entityShown(discovery, '0x00158d0001a2b3c4_temperature_zigbee2mqtt');
      await until(
        () => textOf(temperature).includes('21.5 °C'),
        () => `temperature shows ${textOf(temperature)}`,
      );
      expect(textOf(temperature)).to.contain('Temperature');
      const battery = await entityShown(discovery, '0x00158d0001a2b3c4_battery_low_zigbee2mqtt');
      await until(
        () => textOf(battery).includes('Normal'),
        () => `battery shows ${textOf(battery)}`,
      );
      const lamp = await entityShown(discovery, '0x0017880104e45517_light_zigbee2mqtt');
      await waitUntil(() => inside<MqttSwitch>(lamp, 'mqtt-switch').checked === true, 'the lamp shows on', {
        timeout,
      });
      await until(
        () => textOf(lamp).includes('127'),
        () => `brightness shows ${textOf(lamp)}`,
      );
      const plug = await entityShown(discovery, '0xa4c138d2e1f0b2c3_switch_zigbee2mqtt');
      await waitUntil(() => inside<MqttSwitch>(plug, 'mqtt-switch').checked === false, 'the plug shows off', {
        timeout,
      });
      expect(plug.hasAttribute('unavailable')).to.equal(false);

      // The device header names the device, its manufacturer and model.
      const headers = Array.from(discovery.shadowRoot!.querySelectorAll('[part="device-header"]'), (h) =>
        textOf(h),
      );
      expect(headers).to.include('Living room sensor Aqara · Temperature and humidity sensor (WSDCGQ11LM)');

      // Mode all: one availability topic going offline makes the device unavailable.
      await publish(device, scope.topic('zigbee2mqtt/Coffee plug/availability'), '{"state":"offline"}', {
        retain: true,
      });
      await waitUntil(() => plug.hasAttribute('unavailable'), 'the plug unavailable', { timeout });
      expect(textOf(plug)).to.match(/unavailable/i);
      expect(temperature.hasAttribute('unavailable'), 'other devices unaffected').to.equal(false);
    });

    it('sends what Tasmota expects and follows its LWT', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      const commands = await collect(device, scope.topic('cmnd/#'));
      await publishConfigs(device, scope, tasmota);
      await publish(device, scope.topic('tele/tasmota_A1B2C3/LWT'), 'Online', { retain: true });
      await publish(device, scope.topic('tele/tasmota_D4E5F6/LWT'), 'Online', { retain: true });
      await publish(device, scope.topic('tele/tasmota_A1B2C3/STATE'), '{"POWER":"OFF"}', { retain: true });
      await publish(device, scope.topic('tele/tasmota_A1B2C3/SENSOR'), '{"ENERGY":{"Power":42}}', {
        retain: true,
      });
      const { discovery } = await mountDiscovery(broker, scope);

      const power = await entityShown(discovery, 'A1B2C3_ENERGY_Power');
      await until(
        () => textOf(power).includes('42 W'),
        () => `power shows ${textOf(power)}`,
      );
      const relay = await entityShown(discovery, 'A1B2C3_RL_1');
      const toggle = inside<MqttSwitch>(relay, 'mqtt-switch');
      await waitUntil(
        () => toggle.checked === false && !relay.hasAttribute('unavailable'),
        'relay off and available',
        { timeout },
      );
      toggle.shadowRoot!.querySelector<HTMLButtonElement>('[part="control"]')!.click();
      await receivedCount(commands, 1, 'the POWER command');
      expect(commands[0]).to.include({ topic: scope.topic('cmnd/tasmota_A1B2C3/POWER'), text: 'ON' });

      await publish(device, scope.topic('tele/tasmota_A1B2C3/LWT'), 'Offline', { retain: true });
      await waitUntil(
        () => relay.hasAttribute('unavailable') && power.hasAttribute('unavailable'),
        'both unavailable',
        { timeout },
      );
      expect(inside(relay, '.body').hasAttribute('inert'), 'controls are inert').to.equal(true);
    });

    it('draws every ESPHome component and sends their commands', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      const commands = await collect(device, scope.topic('livingroom/+/+/command'));
      await publishConfigs(device, scope, esphome);
      await publish(device, scope.topic('livingroom/status'), 'online', { retain: true });
      await publish(device, scope.topic('livingroom/select/mode/state'), 'Eco', { retain: true });
      await publish(device, scope.topic('livingroom/cover/blind/state'), 'open', { retain: true });
      const { discovery } = await mountDiscovery(broker, scope);

      const select = await entityShown(discovery, 'ESPselectmode');
      await waitUntil(() => inside<HTMLSelectElement>(select, 'select').value === 'Eco', 'select shows Eco', {
        timeout,
      });
      const choice = inside<HTMLSelectElement>(select, 'select');
      choice.value = 'Comfort';
      choice.dispatchEvent(new Event('change', { bubbles: true }));
      await receivedCount(commands, 1, 'the select command');
      expect(commands.at(-1)).to.include({
        topic: scope.topic('livingroom/select/mode/command'),
        text: 'Comfort',
      });

      const restart = await entityShown(discovery, 'ESPbuttonrestart');
      inside<HTMLButtonElement>(restart, 'button').click();
      await receivedCount(commands, 2, 'the button press');
      expect(commands.at(-1)).to.include({
        topic: scope.topic('livingroom/button/restart/command'),
        text: 'PRESS',
      });

      const blind = await entityShown(discovery, 'ESPcoverblind');
      await until(
        () => textOf(blind).includes('open'),
        () => `blind shows ${textOf(blind)}`,
      );
      const close = Array.from(blind.shadowRoot!.querySelectorAll('button')).find(
        (b) => b.textContent === 'Close',
      )!;
      close.click();
      await receivedCount(commands, 3, 'the cover command');
      expect(commands.at(-1)).to.include({
        topic: scope.topic('livingroom/cover/blind/command'),
        text: 'CLOSE',
      });
      expect(blind.shadowRoot!.querySelector('mqtt-slider'), 'a position slider').to.not.equal(null);

      for (const id of ['ESPsensortemperature', 'ESPswitchrelay', 'ESPnumbersetpoint', 'ESPlightlamp']) {
        expect((await entityShown(discovery, id)).hasAttribute('error'), id).to.equal(false);
      }
    });

    it('follows configs live: add, replace, remove, with one change event per render', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      const { discovery } = await mountDiscovery(broker, scope);
      const events: MqttDiscoveryChangeEvent['detail'][] = [];
      discovery.addEventListener('mqtt-discovery-change', (e) => events.push(e.detail));
      expect(textOf(discovery)).to.contain('Waiting for discovery configs');

      const [topic, config] = scoped(scope, homeAssistantDocs[0]!);
      await publish(device, topic, JSON.stringify(config), { retain: true });
      const kitchen = await entityShown(discovery, 'kitchen_light');
      expect(events.at(-1)!.added).to.deep.equal(['light//kitchen']);
      expect(discovery.entities.map((e) => e.uniqueId)).to.deep.equal(['kitchen_light']);

      await publish(device, topic, JSON.stringify({ ...config, name: 'Kitchen ceiling' }), { retain: true });
      await waitUntil(() => textOf(kitchen).includes('Kitchen ceiling'), 'renamed', { timeout });
      expect(events.at(-1)!.replaced).to.deep.equal(['light//kitchen']);

      await publish(device, topic, '', { retain: true });
      await waitUntil(() => !discovery.querySelector('[data-unique-id="kitchen_light"]'), 'removed', {
        timeout,
      });
      expect(events.at(-1)).to.deep.include({ removed: ['light//kitchen'], size: 0 });
    });

    it('reads the device form, lists other components as not supported, and keeps a bad entity to itself', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      await publishConfigs(device, scope, [homeAssistantDocs[1]!]);
      await publish(device, scope.topic('sensorBedroom/state'), '{"temperature":19.5,"humidity":51}', {
        retain: true,
      });
      await publish(
        device,
        `${scope.prefix}/climate/hall/thermostat/config`,
        JSON.stringify({ name: 'Thermostat', mode_cmd_t: 'x' }),
        { retain: true },
      );
      await publish(
        device,
        `${scope.prefix}/sensor/hall/clock/config`,
        JSON.stringify({ name: 'Clock', stat_t: 'x', uniq_id: 'clock', val_tpl: '{{ now() }}' }),
        { retain: true },
      );
      const { discovery } = await mountDiscovery(broker, scope);

      const humidity = await entityShown(discovery, 'temp01ae_h');
      await until(
        () => textOf(humidity).includes('51 %'),
        () => `humidity shows ${textOf(humidity)}`,
      );
      const thermostat = await waitUntil(
        () => discovery.querySelector('[data-component="climate"]'),
        'climate listed',
        { timeout },
      ).then(() => discovery.querySelector('[data-component="climate"]')!);
      expect(textOf(thermostat)).to.contain('climate: not supported yet');
      expect(thermostat.hasAttribute('unsupported')).to.equal(true);
      const clock = await entityShown(discovery, 'clock');
      expect(clock.hasAttribute('error')).to.equal(true);
      expect(textOf(clock)).to.contain('The function "now()" is not supported.');
      expect(textOf(humidity)).to.contain('51 %');
    });

    it('narrows by component, device and unique id', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      await publishConfigs(device, scope, [...esphome, ...tasmota]);
      const sensorsOnly = await mountDiscovery(broker, scope, { component: 'sensor button' });
      // The broker replays the ten retained configs in one go; the last may come after the first shown.
      await until(
        () => sensorsOnly.discovery.entities.length === 10,
        () =>
          `entities to list all 10 configs discovered (it lists ${sensorsOnly.discovery.entities.length})`,
      );
      await entityShown(sensorsOnly.discovery, 'ESPbuttonrestart');
      await entityShown(sensorsOnly.discovery, 'A1B2C3_ENERGY_Power');
      await sensorsOnly.discovery.updateComplete;
      expect(
        Array.from(sensorsOnly.discovery.querySelectorAll('[data-component]'), (e) =>
          e.getAttribute('data-component'),
        ).sort(),
      ).to.deep.equal(['button', 'sensor', 'sensor']);

      const byId = await mountDiscovery(broker, scope, { uniqueId: 'ESP*', device: 'living*' });
      await until(
        () => byId.discovery.entities.length === 10,
        () => `entities to list all 10 configs discovered (it lists ${byId.discovery.entities.length})`,
      );
      await entityShown(byId.discovery, 'ESPlightlamp');
      await byId.discovery.updateComplete;
      expect(byId.discovery.querySelectorAll('[data-unique-id]').length).to.equal(7);
    });

    it('shows names and values with markup as text, and a broken config only on its own entity', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      const markup = '<img src=x onerror="window.__discoveryPwned=1">';
      await publish(
        device,
        `${scope.prefix}/sensor/evil/name/config`,
        JSON.stringify({
          name: markup,
          uniq_id: 'evil',
          stat_t: scope.topic('evil/state'),
          dev: { ids: 'evil', name: markup },
        }),
        { retain: true },
      );
      await publish(device, scope.topic('evil/state'), markup, { retain: true });
      await publish(
        device,
        `${scope.prefix}/sensor/evil/broken/config`,
        '{"__proto__": {"x": 1}, "stat_t": ',
        { retain: true },
      );
      const { discovery } = await mountDiscovery(broker, scope);
      const evil = await entityShown(discovery, 'evil');
      await until(
        () => textOf(evil).includes('onerror'),
        () => `evil shows ${textOf(evil)}`,
      );
      expect(evil.shadowRoot!.querySelector('img')).to.equal(null);
      expect(discovery.shadowRoot!.querySelector('img')).to.equal(null);
      expect((window as unknown as { __discoveryPwned?: number }).__discoveryPwned).to.equal(undefined);
      const broken = await until(
        () => discovery.querySelector('mqtt-discovery-entity[error]'),
        'the broken entity',
      ).then(() => discovery.querySelector('mqtt-discovery-entity[error]')!);
      expect(textOf(broken)).to.contain('The config is not JSON');
      expect(evil.hasAttribute('error')).to.equal(false);
    });

    it('with birth-message, says online on <prefix>/status like Home Assistant, after subscribing to the configs', async () => {
      const scope = newScope();
      const watcher = await testClient(broker);
      const birth = await collect(watcher, `${scope.prefix}/status`);
      await mountDiscovery(broker, scope, { birthMessage: true });
      await receivedCount(birth, 1, 'the birth message');
      expect(birth[0]).to.include({ text: 'online', retain: false });
      const quiet = newScope();
      const silent = await collect(watcher, `${quiet.prefix}/status`);
      const { discovery } = await mountDiscovery(broker, quiet);
      await until(() => discovery.hasAttribute('empty'), 'mounted');
      expect(silent, 'nothing without birth-message').to.deep.equal([]);
    });

    it('costs one SUBSCRIBE per distinct state topic', async () => {
      const scope = newScope();
      const device = await testClient(broker);
      await publishConfigs(device, scope, [...zigbee2mqtt, ...tasmota]);
      const { discovery, connection } = await mountDiscovery(broker, scope);
      await waitUntil(() => discovery.querySelectorAll('[data-unique-id]').length === 7, 'all shown', {
        timeout,
      });
      await waitUntil(
        async () =>
          (await brokerPackets(broker, connection.clientId)).some(
            (p) => p.topic === scope.topic('tele/tasmota_D4E5F6/STATE'),
          ),
        'subscribed',
        { timeout },
      );
      const packets = (await brokerPackets(broker, connection.clientId)).filter(
        (p) => p.type === 'subscribe',
      );
      const counts = new Map<string, number>();
      for (const packet of packets) counts.set(packet.topic, (counts.get(packet.topic) ?? 0) + 1);
      for (const [topic, count] of counts) expect(count, topic).to.equal(1);
      expect(counts.has(scope.topic('zigbee2mqtt/Kitchen lamp'))).to.equal(true);
    });
  });
}

describe('<mqtt-discovery> with a bad prefix', () => {
  it('says what is wrong on the element and as an mqtt-error, and subscribes to nothing', async () => {
    const url = await brokerUrl('aedes');
    const errors: string[] = [];
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${url}>
        <mqtt-discovery
          prefix="homeassistant/#"
          @mqtt-error=${(e: MqttErrorEvent) => errors.push(e.detail.message)}
        ></mqtt-discovery>
      </mqtt-connection>`,
    );
    await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
    const discovery = connection.querySelector('mqtt-discovery')!;
    await until(() => discovery.hasAttribute('error'), 'the error state');
    expect(textOf(discovery)).to.contain('prefix="homeassistant/#" contains a wildcard');
    expect(errors.some((m) => m.includes('contains a wildcard'))).to.equal(true);
    const packets = await brokerPackets('aedes', connection.clientId);
    expect(packets.filter((p) => p.type === 'subscribe')).to.deep.equal([]);
  });
});

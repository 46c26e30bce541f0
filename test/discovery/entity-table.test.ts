// The entity table read as Home Assistant reads configs: abbreviations, `~`, defaults, the device form,
// and live changes (add, replace, remove), from configs in the documented shapes.
import { expect } from '@open-wc/testing';
import { EntityTable, entityAbbreviations, type DiscoveredEntity } from '../../src/discovery/index.js';
import {
  esphome,
  homeAssistantDocs,
  tasmota,
  zigbee2mqtt,
  type DiscoveryMessage,
} from './fixtures/discovery-configs.js';

function tableOf(...messages: DiscoveryMessage[]): EntityTable {
  const table = new EntityTable('homeassistant');
  for (const [topic, config] of messages) table.apply(topic, JSON.stringify(config));
  return table;
}

const byUniqueId = (table: EntityTable, id: string): DiscoveredEntity =>
  table.entities.find((entity) => entity.uniqueId === id)!;

describe('EntityTable', () => {
  it('reads zigbee2mqtt configs: availability list with mode all, JSON light, null names', () => {
    const table = tableOf(...zigbee2mqtt);
    expect(table.size).to.equal(4);
    const temperature = byUniqueId(table, '0x00158d0001a2b3c4_temperature_zigbee2mqtt');
    expect(temperature.component).to.equal('sensor');
    expect(temperature.problems).to.deep.equal([]);
    expect(temperature.name).to.equal('Temperature');
    expect(temperature.options.value_template).to.equal('{{ value_json.temperature }}');
    expect(temperature.availability.mode).to.equal('all');
    expect(
      temperature.availability.sources.map((s) => [s.topic, s.payloadAvailable, s.template]),
    ).to.deep.equal([
      ['zigbee2mqtt/bridge/state', 'online', '{{ value_json.state }}'],
      ['zigbee2mqtt/Living room sensor/availability', 'online', '{{ value_json.state }}'],
    ]);
    expect(temperature.device).to.include({ name: 'Living room sensor', manufacturer: 'Aqara' });
    const lamp = byUniqueId(table, '0x0017880104e45517_light_zigbee2mqtt');
    expect(lamp.name, 'name: null takes the device name').to.equal('Kitchen lamp');
    expect(lamp.options.schema).to.equal('json');
    expect(lamp.options.brightness_scale).to.equal(254);
    const battery = byUniqueId(table, '0x00158d0001a2b3c4_battery_low_zigbee2mqtt');
    expect(battery.options.payload_on).to.equal(true);
  });

  it('expands Tasmota abbreviations in the entity and in the device', () => {
    const table = tableOf(...tasmota);
    const relay = byUniqueId(table, 'A1B2C3_RL_1');
    expect(relay.options.state_topic).to.equal('tele/tasmota_A1B2C3/STATE');
    expect(relay.options.command_topic).to.equal('cmnd/tasmota_A1B2C3/POWER');
    expect(relay.options.value_template).to.equal('{{value_json.POWER}}');
    expect(relay.availability.sources).to.deep.equal([
      {
        topic: 'tele/tasmota_A1B2C3/LWT',
        payloadAvailable: 'Online',
        payloadNotAvailable: 'Offline',
        template: undefined,
      },
    ]);
    expect(relay.device).to.include({
      key: 'id:A1B2C3',
      name: 'Hall plug',
      model: 'Sonoff Basic',
      manufacturer: 'Tasmota',
    });
    const power = byUniqueId(table, 'A1B2C3_ENERGY_Power');
    expect(power.device.key, 'same identifiers, same device').to.equal(relay.device.key);
    expect(power.options.unit_of_measurement).to.equal('W');
    expect(power.options.device_class).to.equal('power');
    const dimmer = byUniqueId(table, 'D4E5F6_LI_1');
    expect(dimmer.options).to.include({
      brightness_command_topic: 'cmnd/tasmota_D4E5F6/Dimmer',
      brightness_scale: 100,
      state_value_template: '{{value_json.POWER}}',
      on_command_type: 'brightness',
    });
  });

  it('reads ESPHome configs of every supported component, with their defaults', () => {
    const table = tableOf(...esphome);
    expect(table.entities.map((e) => e.component).sort()).to.deep.equal([
      'button',
      'cover',
      'light',
      'number',
      'select',
      'sensor',
      'switch',
    ]);
    for (const entity of table.entities) expect(entity.problems, entity.key).to.deep.equal([]);
    expect(byUniqueId(table, 'ESPswitchrelay').options).to.include({ payload_on: 'ON', payload_off: 'OFF' });
    expect(byUniqueId(table, 'ESPnumbersetpoint').options).to.include({ min: 10, max: 30, step: 0.5 });
    expect(byUniqueId(table, 'ESPselectmode').options.options).to.deep.equal(['Eco', 'Comfort', 'Off']);
    expect(byUniqueId(table, 'ESPbuttonrestart').options.payload_press).to.equal('PRESS');
    expect(byUniqueId(table, 'ESPcoverblind').options).to.include({
      payload_open: 'OPEN',
      payload_close: 'CLOSE',
      payload_stop: 'STOP',
      state_open: 'open',
      position_open: 100,
      position_closed: 0,
      position_topic: 'livingroom/cover/blind/position/state',
      set_position_topic: 'livingroom/cover/blind/position/command',
    });
    expect(byUniqueId(table, 'ESPsensortemperature').availability.sources[0]).to.include({
      topic: 'livingroom/status',
      payloadAvailable: 'online',
      payloadNotAvailable: 'offline',
    });
  });

  it('replaces a leading or trailing ~ with the base topic', () => {
    const table = tableOf(homeAssistantDocs[0]!);
    const kitchen = byUniqueId(table, 'kitchen_light');
    expect(kitchen.options.command_topic).to.equal('homeassistant/light/kitchen/set');
    expect(kitchen.options.state_topic).to.equal('homeassistant/light/kitchen/state');
    const trailing = tableOf([
      'homeassistant/sensor/t/config',
      { '~': 'devices/abc', stat_t: 'state/~', avty: [{ t: '~/status' }], uniq_id: 't' },
    ]);
    const entity = byUniqueId(trailing, 't');
    expect(entity.options.state_topic).to.equal('state/devices/abc');
    expect(entity.availability.sources[0]!.topic).to.equal('devices/abc/status');
  });

  it('reads the device form: every component with the shared options, device and origin', () => {
    const table = tableOf(homeAssistantDocs[1]!);
    expect(table.size).to.equal(2);
    const temperature = byUniqueId(table, 'temp01ae_t');
    expect(temperature.component).to.equal('sensor');
    expect(temperature.key).to.equal('device/0AFFD2/some_unique_component_id1');
    expect(temperature.options.state_topic).to.equal('sensorBedroom/state');
    expect(temperature.options.qos).to.equal(2);
    expect(temperature.device).to.include({
      key: 'id:0AFFD2',
      name: 'Garden',
      manufacturer: 'Bla electronics',
    });
    expect((temperature.options.origin as Record<string, unknown>).support_url).to.equal(
      'https://bla2mqtt.example.com/support',
    );
    expect(temperature.name).to.equal('Temperature');
  });

  it('follows configs live: add, replace, remove on an empty payload, and ignores a repeat', () => {
    const table = new EntityTable();
    const [topic, config] = esphome[0]!;
    expect(table.apply(topic, JSON.stringify(config))).to.deep.include({
      added: ['sensor/livingroom/temperature'],
    });
    expect(table.apply(topic, JSON.stringify(config)), 'a retained config seen again').to.deep.equal({
      added: [],
      replaced: [],
      removed: [],
    });
    const renamed = { ...config, name: 'Room temperature' };
    expect(table.apply(topic, JSON.stringify(renamed))).to.deep.include({
      replaced: ['sensor/livingroom/temperature'],
    });
    expect(table.entities[0]!.name).to.equal('Room temperature');
    expect(table.apply(topic, '')).to.deep.include({ removed: ['sensor/livingroom/temperature'] });
    expect(table.size).to.equal(0);
  });

  it('removes a device-form component that disappears or is reduced to its platform', () => {
    const table = new EntityTable();
    const [topic, config] = homeAssistantDocs[1]!;
    table.apply(topic, JSON.stringify(config));
    const cmps = (config as { cmps: Record<string, unknown> }).cmps;
    const change = table.apply(
      topic,
      JSON.stringify({ ...config, cmps: { ...cmps, some_unique_id2: { p: 'sensor' } } }),
    );
    expect(change.removed).to.deep.equal(['device/0AFFD2/some_unique_id2']);
    expect(change.replaced).to.deep.equal(['device/0AFFD2/some_unique_component_id1']);
    expect(table.apply(topic, '').removed).to.deep.equal(['device/0AFFD2/some_unique_component_id1']);
  });

  it('lists entities grouped by device in a stable order, whatever order configs arrive in', () => {
    const messages = [...zigbee2mqtt, ...tasmota, ...esphome];
    const forward = tableOf(...messages).entities.map((e) => e.key);
    const backward = tableOf(...[...messages].reverse()).entities.map((e) => e.key);
    expect(backward).to.deep.equal(forward);
    const groups = tableOf(...messages).devices;
    const names = groups.map((g) => g.device.name);
    expect(names).to.deep.equal([...names].sort((a, b) => a.localeCompare(b)));
    expect(groups.find((g) => g.device.name === 'livingroom')!.entities).to.have.length(7);
  });

  it('keeps unsupported components, named, instead of dropping them', () => {
    const table = tableOf([
      'homeassistant/climate/hall/thermostat/config',
      { name: 'Thermostat', mode_cmd_t: 'hall/mode/set' },
    ]);
    expect(table.entities[0]).to.include({ component: 'climate', supported: false, name: 'Thermostat' });
  });

  it('ignores topics that are not config topics under its prefix', () => {
    const table = new EntityTable('homeassistant');
    for (const topic of [
      'homeassistant/sensor/x/state',
      'other/sensor/x/config',
      'homeassistant/sensor/a/b/c/config',
      'homeassistant/sen sor/x/config',
    ]) {
      expect(table.apply(topic, '{}'), topic).to.deep.equal({ added: [], replaced: [], removed: [] });
    }
  });

  it('knows every abbreviation Home Assistant documents, including the newer ones', () => {
    for (const [short, full] of [
      ['stat_t', 'state_topic'],
      ['cmd_t', 'command_topic'],
      ['avty_t', 'availability_topic'],
      ['pl_on', 'payload_on'],
      ['val_tpl', 'value_template'],
      ['unit_of_meas', 'unit_of_measurement'],
      ['dev_cla', 'device_class'],
      ['uniq_id', 'unique_id'],
      ['dev', 'device'],
      ['cmps', 'components'],
      ['o', 'origin'],
      ['p', 'platform'],
      ['def_ent_id', 'default_entity_id'],
      ['sug_dsp_prc', 'suggested_display_precision'],
      ['pl_prs', 'payload_press'],
      ['set_pos_t', 'set_position_topic'],
      ['bri_val_tpl', 'brightness_value_template'],
      ['ops', 'options'],
    ]) {
      expect(entityAbbreviations[short!], short).to.equal(full);
    }
    expect(Object.keys(entityAbbreviations).length).to.be.greaterThan(250);
  });
});

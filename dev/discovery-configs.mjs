// Home Assistant MQTT discovery configs for everything the simulator runs, published retained the way
// each firmware publishes its own: zigbee2mqtt 2.x (full keys, an availability list read by template,
// mode `all`, JSON lights) and 1.x (text availability), Tasmota (abbreviated keys, `val_tpl`), ESPHome
// (abbreviated keys, plain state topics, JSON light), a plain Home Assistant switch, and the demo
// house and production line in the device form (`<prefix>/device/<id>/config` with `cmps`).
//
//   <prefix>/light/<ieee>/light/config                zigbee2mqtt bulbs (living_bulb 2.x, hall_bulb 1.x)
//   <prefix>/switch/<id>_RL_1/config                  Tasmota plug relay
//   <prefix>/{switch,light,sensor}/<node>/<obj>/config  ESPHome kitchen node
//   <prefix>/switch/garage_light/config               plain Home Assistant switch
//   <prefix>/device/demo_house/config                 the demo home: sensors, door, lamp, thermostat
//   <prefix>/device/demo_plant/config                 line 1 and tank 1
//   <prefix>/device/demo_weather/config               the weather station
//
// `clearDiscoveryConfigs` publishes the empty retained payloads that remove them all again.
// `answerBirth` does what zigbee2mqtt and Tasmota do when Home Assistant (or `<mqtt-discovery announce>`)
// says `online` on `<prefix>/status`: after a short pause, configs and states are published again.

const origin = { name: 'mqtt-elements simulator', sw: '0.1.0' };

/**
 * Every config as [topic, payload object], for the devices started by dev/devices/index.mjs under
 * `devicePrefix` and for the simulator's own demo tree.
 */
export function discoveryConfigs({ prefix = 'homeassistant', devicePrefix = 'devices/' } = {}) {
  const z2m = (version, base, name, ieee) => {
    const textAvailability = version < 2;
    return [
      `${prefix}/light/${ieee}/light/config`,
      {
        availability: [
          {
            topic: `${base}/bridge/state`,
            ...(textAvailability ? {} : { value_template: '{{ value_json.state }}' }),
          },
          {
            topic: `${base}/${name}/availability`,
            ...(textAvailability ? {} : { value_template: '{{ value_json.state }}' }),
          },
        ],
        availability_mode: 'all',
        brightness: true,
        brightness_scale: 254,
        command_topic: `${base}/${name}/set`,
        device: {
          identifiers: [`zigbee2mqtt_${ieee}`],
          manufacturer: 'Philips',
          model: 'Hue white A60 bulb E27 (9290011370)',
          name,
          sw_version: version < 2 ? '1.35.0' : '2.1.0',
        },
        name: null,
        object_id: name,
        origin: {
          name: 'Zigbee2MQTT',
          sw: version < 2 ? '1.35.0' : '2.1.0',
          url: 'https://www.zigbee2mqtt.io',
        },
        schema: 'json',
        state_topic: `${base}/${name}`,
        supported_color_modes: ['brightness'],
        unique_id: `${ieee}_light_zigbee2mqtt`,
      },
    ];
  };
  const esp = `${devicePrefix}esp-kitchen`;
  const espDevice = {
    ids: 'a0b1c2d3e4f5',
    name: 'esp-kitchen',
    sw: 'esphome v2024.6.0',
    mdl: 'esp32dev',
    mf: 'espressif',
  };
  const garage = `${devicePrefix}garage/light`;
  const house = (name) => ({ topic: `demo/devices/${name}/availability` });

  return [
    z2m(2, `${devicePrefix}zigbee2mqtt`, 'living_bulb', '0x0017880104e45517'),
    z2m(1, `${devicePrefix}zigbee2mqtt-1`, 'hall_bulb', '0x0017880104e45518'),
    [
      `${prefix}/switch/4C2F1A_RL_1/config`,
      {
        name: 'Tasmota plug',
        stat_t: 'stat/tasmota_plug/RESULT',
        avty_t: 'tele/tasmota_plug/LWT',
        pl_avail: 'Online',
        pl_not_avail: 'Offline',
        cmd_t: 'cmnd/tasmota_plug/POWER',
        val_tpl: '{{value_json.POWER}}',
        pl_off: 'OFF',
        pl_on: 'ON',
        uniq_id: '4C2F1A_RL_1',
        dev: { ids: ['4C2F1A'], name: 'Tasmota plug', mdl: 'Sonoff S26', sw: '14.3.0', mf: 'Tasmota' },
      },
    ],
    [
      `${prefix}/switch/esp-kitchen/relay/config`,
      {
        name: 'Relay',
        stat_t: `${esp}/switch/relay/state`,
        cmd_t: `${esp}/switch/relay/command`,
        avty_t: `${esp}/status`,
        uniq_id: 'ESPswitchrelay',
        dev: espDevice,
      },
    ],
    [
      `${prefix}/light/esp-kitchen/lamp/config`,
      {
        name: 'Lamp',
        schema: 'json',
        brightness: true,
        sup_clrm: ['brightness'],
        stat_t: `${esp}/light/lamp/state`,
        cmd_t: `${esp}/light/lamp/command`,
        avty_t: `${esp}/status`,
        uniq_id: 'ESPlightlamp',
        dev: espDevice,
      },
    ],
    [
      `${prefix}/sensor/esp-kitchen/temperature/config`,
      {
        dev_cla: 'temperature',
        unit_of_meas: '°C',
        stat_cla: 'measurement',
        name: 'Temperature',
        stat_t: `${esp}/sensor/temperature/state`,
        avty_t: `${esp}/status`,
        uniq_id: 'ESPsensortemperature',
        dev: espDevice,
      },
    ],
    [
      `${prefix}/switch/garage_light/config`,
      {
        name: 'Garage light',
        unique_id: 'garage_light',
        state_topic: `${garage}/state`,
        command_topic: `${garage}/set`,
        availability_topic: `${garage}/availability`,
        device: { identifiers: ['garage_light'], name: 'Garage', manufacturer: 'DIY' },
      },
    ],
    [
      `${prefix}/device/demo_house/config`,
      {
        dev: { ids: 'demo_house', name: 'Demo house', mf: 'mqtt-elements', mdl: 'Simulator' },
        o: origin,
        cmps: {
          living_temperature: {
            p: 'sensor',
            name: 'Living room temperature',
            dev_cla: 'temperature',
            unit_of_meas: '°C',
            stat_t: 'demo/home/living/temperature',
            sug_dsp_prc: 1,
            uniq_id: 'demo_living_temperature',
          },
          living_humidity: {
            p: 'sensor',
            name: 'Living room humidity',
            dev_cla: 'humidity',
            unit_of_meas: '%',
            stat_t: 'demo/home/living/humidity',
            uniq_id: 'demo_living_humidity',
          },
          kitchen_temperature: {
            p: 'sensor',
            name: 'Kitchen temperature',
            dev_cla: 'temperature',
            unit_of_meas: '°C',
            stat_t: 'demo/home/kitchen/temperature',
            sug_dsp_prc: 1,
            uniq_id: 'demo_kitchen_temperature',
          },
          bedroom_temperature: {
            p: 'sensor',
            name: 'Bedroom temperature',
            dev_cla: 'temperature',
            unit_of_meas: '°C',
            stat_t: 'demo/home/bedroom/temperature',
            sug_dsp_prc: 1,
            uniq_id: 'demo_bedroom_temperature',
          },
          power: {
            p: 'sensor',
            name: 'Power',
            dev_cla: 'power',
            unit_of_meas: 'W',
            stat_t: 'demo/home/power',
            uniq_id: 'demo_power',
          },
          front_door: {
            p: 'binary_sensor',
            name: 'Front door',
            dev_cla: 'door',
            stat_t: 'demo/home/door/front',
            pl_on: 'open',
            pl_off: 'closed',
            avty: [house('front-door')],
            uniq_id: 'demo_front_door',
          },
          lamp: {
            p: 'light',
            name: 'Living room lamp',
            stat_t: 'demo/home/living/lamp',
            cmd_t: 'demo/home/living/lamp/set',
            bri_stat_t: 'demo/home/living/lamp/brightness',
            bri_cmd_t: 'demo/home/living/lamp/brightness/set',
            bri_scl: 100,
            avty: [house('living-lamp')],
            uniq_id: 'demo_living_lamp',
          },
          thermostat_target: {
            p: 'number',
            name: 'Thermostat target',
            stat_t: 'demo/home/thermostat/target',
            cmd_t: 'demo/home/thermostat/target/set',
            min: 5,
            max: 30,
            step: 0.5,
            unit_of_meas: '°C',
            avty: [house('thermostat')],
            uniq_id: 'demo_thermostat_target',
          },
          thermostat_mode: {
            p: 'select',
            name: 'Thermostat mode',
            stat_t: 'demo/home/thermostat/mode',
            cmd_t: 'demo/home/thermostat/mode/set',
            ops: ['off', 'heat', 'eco'],
            avty: [house('thermostat')],
            uniq_id: 'demo_thermostat_mode',
          },
          thermostat_heating: {
            p: 'binary_sensor',
            name: 'Heating',
            dev_cla: 'heat',
            stat_t: 'demo/home/thermostat',
            val_tpl: "{{ 'ON' if value_json.heating else 'OFF' }}",
            avty: [house('thermostat')],
            uniq_id: 'demo_thermostat_heating',
          },
        },
      },
    ],
    [
      `${prefix}/device/demo_plant/config`,
      {
        dev: { ids: 'demo_plant', name: 'Production line 1', mf: 'mqtt-elements', mdl: 'Simulated PLC' },
        o: origin,
        avty: [house('line1-plc')],
        cmps: {
          speed: {
            p: 'sensor',
            name: 'Line speed',
            unit_of_meas: 'parts/min',
            stat_t: 'demo/plant/line1/speed',
            sug_dsp_prc: 1,
            uniq_id: 'demo_line1_speed',
          },
          state: {
            p: 'sensor',
            name: 'Line state',
            stat_t: 'demo/plant/line1/status',
            val_tpl: '{{ value_json.state | capitalize }}',
            uniq_id: 'demo_line1_state',
          },
          motor_temperature: {
            p: 'sensor',
            name: 'Motor temperature',
            dev_cla: 'temperature',
            unit_of_meas: '°C',
            stat_t: 'demo/plant/line1/status',
            val_tpl: '{{ value_json.motor.temperature }}',
            uniq_id: 'demo_line1_motor_temperature',
          },
          reject_rate: {
            p: 'sensor',
            name: 'Reject rate',
            unit_of_meas: '%',
            stat_t: 'demo/plant/line1/status',
            val_tpl:
              '{{ (100 * value_json.output.rejected / max(1, value_json.output.good + value_json.output.rejected)) | round(2) }}',
            uniq_id: 'demo_line1_reject_rate',
          },
          alarm: {
            p: 'binary_sensor',
            name: 'Alarm',
            dev_cla: 'problem',
            stat_t: 'demo/plant/line1/status',
            val_tpl: "{{ 'ON' if value_json.alarms | length > 0 else 'OFF' }}",
            uniq_id: 'demo_line1_alarm',
          },
          tank_level: {
            p: 'sensor',
            name: 'Tank 1 level',
            unit_of_meas: '%',
            stat_t: 'demo/plant/tank1/level',
            sug_dsp_prc: 1,
            uniq_id: 'demo_tank1_level',
          },
        },
      },
    ],
    [
      `${prefix}/device/demo_weather/config`,
      {
        dev: { ids: 'demo_weather', name: 'Weather station', mf: 'mqtt-elements', mdl: 'Simulator' },
        o: origin,
        stat_t: 'demo/weather/station',
        avty: [house('weather-station')],
        cmps: {
          temperature: {
            p: 'sensor',
            name: 'Outside temperature',
            dev_cla: 'temperature',
            unit_of_meas: '°C',
            val_tpl: '{{ value_json.temp }}',
            uniq_id: 'demo_weather_temperature',
          },
          humidity: {
            p: 'sensor',
            name: 'Outside humidity',
            dev_cla: 'humidity',
            unit_of_meas: '%',
            val_tpl: '{{ value_json.humidity }}',
            uniq_id: 'demo_weather_humidity',
          },
          pressure: {
            p: 'sensor',
            name: 'Pressure',
            dev_cla: 'pressure',
            unit_of_meas: 'hPa',
            val_tpl: '{{ value_json.pressure }}',
            uniq_id: 'demo_weather_pressure',
          },
          wind: {
            p: 'sensor',
            name: 'Wind',
            unit_of_meas: 'm/s',
            val_tpl: '{{ value_json.wind.speed }} {{ value_json.wind.cardinal }}',
            uniq_id: 'demo_weather_wind',
          },
          rain: {
            p: 'sensor',
            name: 'Rain, last hour',
            unit_of_meas: 'mm',
            val_tpl: '{{ value_json.rain.lastHour | default(0) }}',
            uniq_id: 'demo_weather_rain',
          },
        },
      },
    ],
  ];
}

/** Publishes every config retained (QoS 1), so a page that subscribes later still finds them. */
export async function publishDiscoveryConfigs(client, options) {
  await Promise.all(
    discoveryConfigs(options).map(([topic, config]) =>
      client.publishAsync(topic, JSON.stringify(config), { qos: 1, retain: true }),
    ),
  );
}

/** Removes the configs again (an empty retained payload), as a device that is deleted does. */
export async function clearDiscoveryConfigs(client, options) {
  await Promise.all(
    discoveryConfigs(options).map(([topic]) => client.publishAsync(topic, '', { qos: 1, retain: true })),
  );
}

/** How long the bridges wait after a birth message before they answer (zigbee2mqtt waits too). */
const BIRTH_ANSWER_DELAY_MS = 2000;

/**
 * Subscribes to `<prefix>/status`; on `online`, republishes every config and asks the devices whose
 * state is not retained to report it (zigbee2mqtt: `{"state":""}` to `<name>/get`; Tasmota: an empty
 * `POWER` command). Resolves with a function that stops answering.
 */
export async function answerBirth(
  client,
  { prefix = 'homeassistant', devicePrefix = 'devices/', log = () => {} } = {},
) {
  const statusTopic = `${prefix}/status`;
  const timers = new Set();
  const onMessage = (topic, payload, packet) => {
    if (topic !== statusTopic || packet.retain || payload.toString() !== 'online') return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      log(`${statusTopic} said online: republishing discovery configs and device states`);
      publishDiscoveryConfigs(client, { prefix, devicePrefix }).catch(() => undefined);
      client.publish(`${devicePrefix}zigbee2mqtt/living_bulb/get`, '{"state":""}');
      client.publish(`${devicePrefix}zigbee2mqtt-1/hall_bulb/get`, '{"state":""}');
      client.publish('cmnd/tasmota_plug/POWER', '');
    }, BIRTH_ANSWER_DELAY_MS);
    timers.add(timer);
  };
  client.on('message', onMessage);
  await client.subscribeAsync(statusTopic, { qos: 0 });
  return () => {
    client.off('message', onMessage);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}

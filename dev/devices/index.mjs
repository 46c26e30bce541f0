// One simulated device per firmware convention, for the device recipes, demo/devices.html, Storybook
// and the convention tests. Each device has its own MQTT connection, so each has its own will.
import { startEsphome } from './esphome.mjs';
import { startHaSwitch } from './ha-switch.mjs';
import { startHomie } from './homie.mjs';
import { startShellyGen2 } from './shelly-gen2.mjs';
import { startTasmota } from './tasmota.mjs';
import { startZigbee2mqtt } from './zigbee2mqtt.mjs';

export { startEsphome, startHaSwitch, startHomie, startShellyGen2, startTasmota, startZigbee2mqtt };

/** The factories by convention name (the test runner starts devices by these names). */
export const deviceKinds = {
  zigbee2mqtt: startZigbee2mqtt,
  tasmota: startTasmota,
  'shelly-gen2': startShellyGen2,
  homie: startHomie,
  esphome: startEsphome,
  'ha-switch': startHaSwitch,
};

/**
 * Starts the demo's devices, all under `prefix` (default `devices/`), so they sit apart from the
 * rest of the demo tree:
 *
 *   devices/zigbee2mqtt/…        zigbee2mqtt 2.x bridge, bulb "living_bulb"
 *   devices/zigbee2mqtt-1/…      zigbee2mqtt 1.x bridge (text availability), bulb "hall_bulb"
 *   cmnd|stat|tele/tasmota_plug/…  Tasmota (its topics begin with cmnd/stat/tele, so no prefix)
 *   devices/shellyplus1pm-demo/… Shelly Gen2
 *   devices/homie/desk-lamp/…    Homie 4
 *   devices/esp-kitchen/…        ESPHome
 *   devices/garage/light/…       plain Home Assistant MQTT switch
 *
 * Resolves with a `stop()` that ends them all cleanly.
 */
export async function startDevices(url, { prefix = 'devices/' } = {}) {
  const devices = await Promise.all([
    startZigbee2mqtt(url, { baseTopic: `${prefix}zigbee2mqtt`, name: 'living_bulb', version: 2 }),
    startZigbee2mqtt(url, { baseTopic: `${prefix}zigbee2mqtt-1`, name: 'hall_bulb', version: 1 }),
    startTasmota(url, { topic: 'tasmota_plug', telePeriodMs: 60_000 }),
    startShellyGen2(url, { id: `${prefix}shellyplus1pm-demo` }),
    startHomie(url, { root: `${prefix}homie`, device: 'desk-lamp' }),
    startEsphome(url, { node: `${prefix}esp-kitchen` }),
    startHaSwitch(url, { base: `${prefix}garage/light` }),
  ]);
  return {
    devices,
    async stop() {
      await Promise.all(devices.map((d) => d.stop()));
    },
  };
}

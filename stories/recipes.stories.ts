// Device recipes (docs/recipes.md), each against its simulated device (dev/devices/, started with the
// Storybook broker): the HTML to copy for zigbee2mqtt, Tasmota, Shelly Gen2, Homie, ESPHome and a plain
// Home Assistant switch.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { brokerUrl } from './support/broker-url.js';

type Args = Record<string, never>;

const escapeAttribute = (text: string) =>
  text.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/** A recipe as a string, so "Show code" gives exactly what to paste; only the broker URL is filled in. */
const page = (url: string, body: string) => `<mqtt-connection url="${escapeAttribute(url)}">
  <div class="story-card" style="display: grid; gap: 1rem; max-width: 26rem">
${body}
  </div>
</mqtt-connection>`;

const recipe = (body: string): Story => ({ render: (_args, context) => page(brokerUrl(context), body) });

const meta = {
  title: 'Recipes',
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * zigbee2mqtt 2.x: JSON availability on the bridge and on the bulb, both required (`availability-mode="all"`,
 * `availability-select="state"`); the state is not retained, so the switch asks `/get` on connect;
 * JSON commands from a template, brightness as a number, sent at most every 300 ms while dragging.
 */
export const Zigbee2mqtt2: Story = {
  name: 'zigbee2mqtt 2.x',
  ...recipe(`    <mqtt-switch
      label="Living room bulb"
      state-topic="devices/zigbee2mqtt/living_bulb"
      select="state"
      command-topic="devices/zigbee2mqtt/living_bulb/set"
      payload-template='{"state": "{{value}}"}'
      payload-toggle="TOGGLE"
      query-topic="devices/zigbee2mqtt/living_bulb/get"
      query-payload='{"state":""}'
      availability-topic="devices/zigbee2mqtt/bridge/state devices/zigbee2mqtt/living_bulb/availability"
      availability-mode="all"
      availability-select="state"
      last-seen
    ></mqtt-switch>
    <mqtt-slider
      label="Brightness"
      min="0"
      max="254"
      state-topic="devices/zigbee2mqtt/living_bulb"
      select="brightness"
      command-topic="devices/zigbee2mqtt/living_bulb/set"
      payload-template='{"brightness": {{value|int}}}'
      publish-on="input"
      throttle="300"
      availability-topic="devices/zigbee2mqtt/living_bulb/availability"
      availability-select="state"
    ></mqtt-slider>`),
};

/** zigbee2mqtt 1.x with its default `legacy_availability_payload: true`: availability as plain text. */
export const Zigbee2mqtt1: Story = {
  name: 'zigbee2mqtt 1.x',
  ...recipe(`    <mqtt-switch
      label="Hall bulb"
      state-topic="devices/zigbee2mqtt-1/hall_bulb"
      select="state"
      command-topic="devices/zigbee2mqtt-1/hall_bulb/set"
      payload-template='{"state": "{{value}}"}'
      query-topic="devices/zigbee2mqtt-1/hall_bulb/get"
      query-payload='{"state":""}'
      availability-topic="devices/zigbee2mqtt-1/hall_bulb/availability"
    ></mqtt-switch>`),
};

/**
 * Tasmota 13/14 with PowerRetain off (the default): nothing is retained, so an empty payload to
 * `cmnd/<topic>/POWER` asks for the state on every connection; `TOGGLE` lets the device decide; the LWT
 * says `Online` / `Offline`.
 */
export const Tasmota: Story = {
  ...recipe(`    <mqtt-switch
      label="Plug"
      state-topic="stat/tasmota_plug/POWER"
      command-topic="cmnd/tasmota_plug/POWER"
      payload-toggle="TOGGLE"
      query-topic="cmnd/tasmota_plug/POWER"
      availability-topic="tele/tasmota_plug/LWT"
      payload-available="Online"
      payload-not-available="Offline"
    ></mqtt-switch>
    <mqtt-slider
      label="Dimmer"
      state-topic="stat/tasmota_plug/RESULT"
      select="Dimmer"
      command-topic="cmnd/tasmota_plug/Dimmer"
      query-topic="cmnd/tasmota_plug/Dimmer"
      unit=" %"
      availability-topic="tele/tasmota_plug/LWT"
      payload-available="Online"
      payload-not-available="Offline"
    ></mqtt-slider>`),
};

/**
 * Shelly Gen2 firmware 1.x, simple commands: `on` / `off` / `toggle` on `command/switch:0`,
 * `status_update` on connect, the state from `status/switch:0`, availability `true` / `false`.
 */
export const ShellyGen2: Story = {
  name: 'Shelly Gen2',
  ...recipe(`    <mqtt-switch
      label="Relay"
      state-topic="devices/shellyplus1pm-demo/status/switch:0"
      select="output"
      state-on="true"
      state-off="false"
      command-topic="devices/shellyplus1pm-demo/command/switch:0"
      payload-on="on"
      payload-off="off"
      payload-toggle="toggle"
      query-topic="devices/shellyplus1pm-demo/command/switch:0"
      query-payload="status_update"
      availability-topic="devices/shellyplus1pm-demo/online"
      payload-available="true"
      payload-not-available="false"
    ></mqtt-switch>`),
};

/**
 * Shelly Gen2 RPC: a JSON-RPC request to `<id>/rpc`, the reply on `<src>/rpc` matched by its `id`.
 * The button is `pending` until the reply comes; the reply is an `mqtt-reply` event and the `reply`
 * property (shown below by the page's own script, as text).
 */
export const ShellyGen2Rpc: Story = {
  name: 'Shelly Gen2 RPC',
  ...recipe(`    <mqtt-publish
      topic="devices/shellyplus1pm-demo/rpc"
      response-topic="{{client_id}}/rpc"
      reply-match="json-id"
      reply-timeout="3s"
      payload-template='{"id":{{id}},"src":"{{client_id}}","method":"Switch.Set","params":{"id":0,"on":{{value|bool}}}}'
      onmqtt-reply="this.nextElementSibling.textContent = JSON.stringify(event.detail.value.result ?? event.detail.value.error)"
    >
      <button value="on">Switch.Set on</button>
      <button value="off">Switch.Set off</button>
    </mqtt-publish>
    <output></output>
    <mqtt-publish topic="devices/shellyplus1pm-demo/command/switch:0" payload="status_update" publish-on-connect></mqtt-publish>
    <mqtt-subscribe topic="devices/shellyplus1pm-demo/status/switch:0" select="output"
      availability-topic="devices/shellyplus1pm-demo/online" payload-available="true" payload-not-available="false"
    ></mqtt-subscribe>`),
};

/**
 * Homie 4.0.0: only `$state` `ready` is available (`availability-strict`); `init`, `sleeping`, `lost`
 * and the rest are not. Values are retained; settable properties take `/set`.
 */
export const Homie: Story = {
  name: 'Homie 4',
  ...recipe(`    <mqtt-switch
      label="Desk lamp"
      state-topic="devices/homie/desk-lamp/light/power"
      command-topic="devices/homie/desk-lamp/light/power/set"
      payload-on="true"
      payload-off="false"
      availability-topic="devices/homie/desk-lamp/$state"
      payload-available="ready"
      availability-strict
    ></mqtt-switch>
    <mqtt-slider
      label="Brightness"
      state-topic="devices/homie/desk-lamp/light/brightness"
      command-topic="devices/homie/desk-lamp/light/brightness/set"
      unit=" %"
      availability-topic="devices/homie/desk-lamp/$state"
      payload-available="ready"
      availability-strict
    ></mqtt-slider>`),
};

/** ESPHome 2024.x native MQTT: retained states, `online` / `offline` on `<node>/status`, `TOGGLE`. */
export const ESPHome: Story = {
  name: 'ESPHome',
  ...recipe(`    <mqtt-switch
      label="Kitchen relay"
      state-topic="devices/esp-kitchen/switch/relay/state"
      command-topic="devices/esp-kitchen/switch/relay/command"
      payload-toggle="TOGGLE"
      availability-topic="devices/esp-kitchen/status"
    ></mqtt-switch>
    <mqtt-gauge
      label="Kitchen"
      topic="devices/esp-kitchen/sensor/temperature/state"
      min="10"
      max="35"
      decimals="1"
      unit=" °C"
      last-seen
      availability-topic="devices/esp-kitchen/status"
    ></mqtt-gauge>`),
};

/** A device written for Home Assistant's MQTT switch with its defaults: only the topics are needed. */
export const HomeAssistantSwitch: Story = {
  name: 'Home Assistant MQTT switch',
  ...recipe(`    <mqtt-switch
      label="Garage light"
      state-topic="devices/garage/light/state"
      command-topic="devices/garage/light/set"
      availability-topic="devices/garage/light/availability"
    ></mqtt-switch>
    <span>Readout: <mqtt-subscribe topic="devices/garage/light/state"
      availability-topic="devices/garage/light/availability" last-seen></mqtt-subscribe></span>`),
};

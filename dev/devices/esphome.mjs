// An ESPHome node (2024.x and later) using its native MQTT client with the defaults of its MQTT
// component: topic prefix = the node name, birth `online` and will `offline` on `<prefix>/status`
// (retained), state topics retained unless `retain: false` is set, commands on `/command`.
//
//   <node>/status                      online | offline
//   <node>/switch/relay/state          ON | OFF
//   <node>/switch/relay/command        ON | OFF | TOGGLE
//   <node>/light/lamp/state            {"state":"ON","brightness":255,"color_mode":"brightness"}  (JSON schema)
//   <node>/light/lamp/command          {"state":"ON","brightness":128}  (either field may be left out)
//   <node>/sensor/temperature/state    21.4
//
// `retain: false` (a common setting to spare the broker) leaves a page "unknown" until the next
// change; ESPHome has no query command, so the recipe shows what to do about it.
import { clamp, commandText, connectDevice, endDevice, jsonOf } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ node?: string, retain?: boolean, sensorPeriodMs?: number, clientId?: string }} options
 */
export async function startEsphome(
  url,
  { node = 'esp-kitchen', retain = true, sensorPeriodMs = 5000, clientId = `${node}-esphome` } = {},
) {
  const state = { relay: false, lamp: { state: 'OFF', brightness: 200 }, temperature: 21.4 };
  const timers = new Set();

  const publishRelay = (c) => c.publish(`${node}/switch/relay/state`, state.relay ? 'ON' : 'OFF', { retain });
  const publishLamp = (c) =>
    c.publish(`${node}/light/lamp/state`, JSON.stringify({ ...state.lamp, color_mode: 'brightness' }), {
      retain,
    });
  const publishTemperature = (c) =>
    c.publish(`${node}/sensor/temperature/state`, state.temperature.toFixed(1), { retain });

  const client = await connectDevice(url, {
    clientId,
    will: { topic: `${node}/status`, payload: 'offline' },
    birth: { topic: `${node}/status`, payload: 'online' },
    onConnect: (c) => {
      c.subscribe([`${node}/switch/relay/command`, `${node}/light/lamp/command`], { qos: 0 });
      // ESPHome sends every state once after connecting.
      publishRelay(c);
      publishLamp(c);
      publishTemperature(c);
    },
  });

  client.on('message', (topic, payload) => {
    const text = commandText(payload)?.trim();
    if (text === undefined) return;
    if (topic === `${node}/switch/relay/command`) {
      const upper = text.toUpperCase();
      if (upper === 'ON') state.relay = true;
      else if (upper === 'OFF') state.relay = false;
      else if (upper === 'TOGGLE') state.relay = !state.relay;
      else return;
      publishRelay(client);
    } else if (topic === `${node}/light/lamp/command`) {
      const command = jsonOf(text);
      if (typeof command !== 'object' || command === null) return;
      if (typeof command.state === 'string') {
        const upper = command.state.toUpperCase();
        if (upper === 'ON' || upper === 'OFF') state.lamp.state = upper;
        else if (upper === 'TOGGLE') state.lamp.state = state.lamp.state === 'ON' ? 'OFF' : 'ON';
      }
      if (typeof command.brightness === 'number' && Number.isFinite(command.brightness)) {
        state.lamp.brightness = clamp(Math.round(command.brightness), 0, 255);
      }
      publishLamp(client);
    }
  });

  if (sensorPeriodMs > 0) {
    timers.add(
      setInterval(() => {
        state.temperature = Math.round((state.temperature + (Math.random() - 0.5) * 0.2) * 10) / 10;
        publishTemperature(client);
      }, sensorPeriodMs),
    );
  }

  return {
    node,
    state,
    client,
    async stop({ crash = false } = {}) {
      for (const t of timers) clearInterval(t);
      await endDevice(client, { crash, goodbye: { topic: `${node}/status`, payload: 'offline' } });
    },
  };
}

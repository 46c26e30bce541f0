// A plain device written for Home Assistant's MQTT switch with its defaults: `ON` / `OFF` as command
// and state, a retained state topic, and `online` / `offline` on an availability topic (birth and will).
//
//   <base>/availability   online | offline   retained
//   <base>/state          ON | OFF           retained
//   <base>/set            ON | OFF
import { commandText, connectDevice, endDevice } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ base?: string, clientId?: string }} options
 */
export async function startHaSwitch(url, { base = 'home/garage/light', clientId = 'garage-light' } = {}) {
  const state = { on: false };
  const publishState = (c) => c.publish(`${base}/state`, state.on ? 'ON' : 'OFF', { qos: 1, retain: true });

  const client = await connectDevice(url, {
    clientId,
    will: { topic: `${base}/availability`, payload: 'offline' },
    birth: { topic: `${base}/availability`, payload: 'online' },
    onConnect: (c) => {
      c.subscribe(`${base}/set`, { qos: 1 });
      publishState(c);
    },
  });

  client.on('message', (_topic, payload, packet) => {
    if (packet.retain) return;
    const text = commandText(payload)?.trim();
    if (text !== 'ON' && text !== 'OFF') return;
    state.on = text === 'ON';
    publishState(client);
  });

  return {
    base,
    state,
    client,
    async stop({ crash = false } = {}) {
      await endDevice(client, { crash, goodbye: { topic: `${base}/availability`, payload: 'offline' } });
    },
  };
}

// A dimmable lamp following the Homie convention 4.0.0: every attribute retained, `$state` as the
// device lifecycle (`init` while it publishes its description, then `ready`; `lost` as its will;
// `disconnected` on a clean stop; `sleeping` and `alert` on request), settable properties on `/set`,
// where the device echoes the new value on the property topic. Homie has no "get": values are retained.
//
//   homie/<device>/$homie                 4.0.0
//   homie/<device>/$state                 init | ready | disconnected | sleeping | lost | alert
//   homie/<device>/light/power            true | false         (boolean, settable)
//   homie/<device>/light/brightness       0 … 100              (integer, format 0:100, unit %, settable)
//   homie/<device>/light/power/set        true | false
//   homie/<device>/light/brightness/set   0 … 100
import { commandText, connectDevice, endDevice } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ device?: string, root?: string, clientId?: string }} options
 */
export async function startHomie(
  url,
  { device = 'desk-lamp', root = 'homie', clientId = `homie-${device}` } = {},
) {
  const base = `${root}/${device}`;
  const state = { power: false, brightness: 70 };
  const stateTopic = `${base}/$state`;
  const retained = (client, topic, payload) => client.publish(topic, payload, { qos: 1, retain: true });

  const describe = (c) => {
    retained(c, stateTopic, 'init');
    retained(c, `${base}/$homie`, '4.0.0');
    retained(c, `${base}/$name`, 'Desk lamp');
    retained(c, `${base}/$nodes`, 'light');
    retained(c, `${base}/$extensions`, '');
    retained(c, `${base}/light/$name`, 'Light');
    retained(c, `${base}/light/$type`, 'dimmable');
    retained(c, `${base}/light/$properties`, 'power,brightness');
    retained(c, `${base}/light/power/$name`, 'Power');
    retained(c, `${base}/light/power/$datatype`, 'boolean');
    retained(c, `${base}/light/power/$settable`, 'true');
    retained(c, `${base}/light/brightness/$name`, 'Brightness');
    retained(c, `${base}/light/brightness/$datatype`, 'integer');
    retained(c, `${base}/light/brightness/$format`, '0:100');
    retained(c, `${base}/light/brightness/$unit`, '%');
    retained(c, `${base}/light/brightness/$settable`, 'true');
    retained(c, `${base}/light/power`, String(state.power));
    retained(c, `${base}/light/brightness`, String(state.brightness));
    c.subscribe(`${base}/light/+/set`, { qos: 1 });
    retained(c, stateTopic, 'ready');
  };

  const client = await connectDevice(url, {
    clientId,
    will: { topic: stateTopic, payload: 'lost' },
    onConnect: describe,
  });

  client.on('message', (topic, payload) => {
    const text = commandText(payload)?.trim();
    if (text === undefined) return;
    // Homie: a value that does not fit the property's datatype or format is ignored.
    if (topic === `${base}/light/power/set`) {
      if (text !== 'true' && text !== 'false') return;
      state.power = text === 'true';
      retained(client, `${base}/light/power`, text);
    } else if (topic === `${base}/light/brightness/set`) {
      if (!/^-?\d+$/.test(text)) return;
      const level = Number(text);
      if (level < 0 || level > 100) return;
      state.brightness = level;
      retained(client, `${base}/light/brightness`, String(level));
    }
  });

  return {
    device,
    state,
    client,
    topics: { state: stateTopic, power: `${base}/light/power`, brightness: `${base}/light/brightness` },
    /** Goes to `sleeping`, `alert` or back to `ready`, as a battery device or a failing one does. */
    setLifecycle(value) {
      retained(client, stateTopic, value);
    },
    async stop({ crash = false } = {}) {
      await endDevice(client, { crash, goodbye: { topic: stateTopic, payload: 'disconnected' } });
    },
  };
}

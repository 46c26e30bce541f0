// A Zigbee bulb behind Zigbee2MQTT, as the bridge publishes it with its default settings. `version`
// picks the availability payload: 1.x with `advanced.legacy_availability_payload: true` (its default)
// sends `online` / `offline` as text; 2.x sends only JSON, `{"state":"online"}`.
//
//   zigbee2mqtt/bridge/state          online | {"state":"online"} (birth; will: offline), retained
//   zigbee2mqtt/<name>/availability   online | {"state":"online"}, retained (needs `availability: true`)
//   zigbee2mqtt/<name>                {"state":"ON","brightness":254,"linkquality":87}, not retained
//                                     (z2m's per-device `retain` option is off by default)
//   zigbee2mqtt/<name>/set            {"state":"ON"|"OFF"|"TOGGLE","brightness":0…254}  → the full state
//   zigbee2mqtt/<name>/get            {"state":""}                                    → the full state
//
// A `brightness` above 0 in a set command also switches the bulb on, as a Zigbee light does.
import { clamp, commandText, connectDevice, endDevice, jsonOf } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ baseTopic?: string, name?: string, version?: 1 | 2, clientId?: string }} options
 */
export async function startZigbee2mqtt(
  url,
  { baseTopic = 'zigbee2mqtt', name = 'living_bulb', version = 2, clientId } = {},
) {
  const state = { state: 'OFF', brightness: 180 };
  const word = (online) =>
    version >= 2 ? JSON.stringify({ state: online ? 'online' : 'offline' }) : online ? 'online' : 'offline';
  const bridgeState = `${baseTopic}/bridge/state`;
  const availability = `${baseTopic}/${name}/availability`;
  const deviceTopic = `${baseTopic}/${name}`;
  let reachable = true;

  const client = await connectDevice(url, {
    clientId: clientId ?? `zigbee2mqtt_${Math.random().toString(16).slice(2, 10)}`,
    will: { topic: bridgeState, payload: word(false) },
    birth: { topic: bridgeState, payload: word(true) },
    onConnect: (c) => {
      c.publish(availability, word(reachable), { qos: 1, retain: true });
      c.subscribe([`${deviceTopic}/set`, `${deviceTopic}/get`], { qos: 0 });
    },
  });

  const report = () =>
    client.publish(
      deviceTopic,
      JSON.stringify({ ...state, linkquality: 60 + Math.floor(Math.random() * 40) }),
    );

  client.on('message', (topic, payload) => {
    if (!reachable) return; // a bulb without power hears nothing
    const command = jsonOf(commandText(payload) ?? '');
    if (typeof command !== 'object' || command === null) return; // z2m logs "Invalid JSON" and ignores it
    if (topic.endsWith('/get')) {
      report();
      return;
    }
    if (typeof command.state === 'string') {
      const wanted = command.state.toUpperCase();
      if (wanted === 'ON' || wanted === 'OFF') state.state = wanted;
      else if (wanted === 'TOGGLE') state.state = state.state === 'ON' ? 'OFF' : 'ON';
    }
    if (typeof command.brightness === 'number' && Number.isFinite(command.brightness)) {
      state.brightness = clamp(Math.round(command.brightness), 0, 254);
      if (state.brightness > 0 && command.state === undefined) state.state = 'ON';
    }
    report();
  });

  return {
    name,
    state,
    client,
    topics: {
      bridgeState,
      availability,
      state: deviceTopic,
      set: `${deviceTopic}/set`,
      get: `${deviceTopic}/get`,
    },
    /** The bulb loses (false) or regains (true) power: the bridge says so on its availability topic. */
    setReachable(online) {
      reachable = online;
      client.publish(availability, word(online), { qos: 1, retain: true });
    },
    async stop({ crash = false } = {}) {
      await endDevice(client, { crash, goodbye: { topic: bridgeState, payload: word(false) } });
    },
  };
}

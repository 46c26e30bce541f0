// A Tasmota dimmer plug as Tasmota 13/14 behaves over MQTT with its default settings (FullTopic
// `%prefix%/%topic%/`, PowerRetain 0): commands on `cmnd/<topic>/<Command>`, results on
// `stat/<topic>/RESULT` and `stat/<topic>/POWER` (not retained), the LWT on `tele/<topic>/LWT`
// (`Online` as birth, `Offline` as will, both retained), and `tele/<topic>/STATE` every TelePeriod.
//
//   cmnd/<t>/POWER   ON | OFF | TOGGLE | 1 | 0 | 2 | (empty: only report)  → stat/<t>/RESULT {"POWER":"ON"}
//                                                                          + stat/<t>/POWER ON
//   cmnd/<t>/Dimmer  0 … 100 | + | - | (empty: only report)                → stat/<t>/RESULT {"POWER":"ON","Dimmer":40}
//   cmnd/<t>/STATE   (anything)                                            → tele/<t>/STATE {...}
//
// Dimmer > 0 switches the light on, as Tasmota's SetOption20 0 (the default) does.
import { clamp, commandText, connectDevice, endDevice } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ topic?: string, powerRetain?: boolean, telePeriodMs?: number, clientId?: string }} options
 */
export async function startTasmota(
  url,
  { topic = 'tasmota_4C2F1A', powerRetain = false, telePeriodMs = 0, clientId = `DVES_${topic}` } = {},
) {
  // `queries`: how many empty POWER commands (status queries) it has answered, for tests to count.
  const state = { power: false, dimmer: 60, queries: 0 };
  const lwt = `tele/${topic}/LWT`;
  const timers = new Set();

  const client = await connectDevice(url, {
    clientId,
    will: { topic: lwt, payload: 'Offline' },
    birth: { topic: lwt, payload: 'Online' },
    onConnect: (c) => c.subscribe(`cmnd/${topic}/+`, { qos: 0 }),
  });

  const powerText = () => (state.power ? 'ON' : 'OFF');
  const reportPower = () => {
    client.publish(`stat/${topic}/RESULT`, JSON.stringify({ POWER: powerText() }));
    client.publish(`stat/${topic}/POWER`, powerText(), { retain: powerRetain });
  };
  const reportDimmer = () =>
    client.publish(`stat/${topic}/RESULT`, JSON.stringify({ POWER: powerText(), Dimmer: state.dimmer }));
  const teleState = () =>
    client.publish(
      `tele/${topic}/STATE`,
      JSON.stringify({
        Time: new Date().toISOString().slice(0, 19),
        POWER: powerText(),
        Dimmer: state.dimmer,
      }),
    );

  client.on('message', (received, payload, packet) => {
    if (packet.retain) return; // a retained command is stale: Tasmota warns against retaining cmnd topics
    const command = received.slice(`cmnd/${topic}/`.length).toUpperCase();
    const text = commandText(payload)?.trim().toUpperCase();
    if (text === undefined) return;
    if (command === 'POWER' || command === 'POWER1') {
      if (text === 'ON' || text === '1') state.power = true;
      else if (text === 'OFF' || text === '0') state.power = false;
      else if (text === 'TOGGLE' || text === '2') state.power = !state.power;
      else if (text !== '') {
        client.publish(`stat/${topic}/RESULT`, JSON.stringify({ Command: 'Error' }));
        return;
      } else state.queries++;
      reportPower();
    } else if (command === 'DIMMER') {
      if (text === '+') state.dimmer = clamp(state.dimmer + 10, 0, 100);
      else if (text === '-') state.dimmer = clamp(state.dimmer - 10, 0, 100);
      else if (text !== '') {
        const level = Number(text);
        if (!Number.isFinite(level)) {
          client.publish(`stat/${topic}/RESULT`, JSON.stringify({ Command: 'Error' }));
          return;
        }
        state.dimmer = clamp(Math.round(level), 0, 100);
        if (state.dimmer > 0) state.power = true;
      }
      reportDimmer();
    } else if (command === 'STATE') {
      teleState();
    } else {
      client.publish(`stat/${topic}/RESULT`, JSON.stringify({ Command: 'Unknown' }));
    }
  });

  if (telePeriodMs > 0) timers.add(setInterval(teleState, telePeriodMs));

  return {
    topic,
    state,
    client,
    /** Someone pressed the button on the device. */
    press() {
      state.power = !state.power;
      reportPower();
    },
    async stop({ crash = false } = {}) {
      for (const t of timers) clearInterval(t);
      await endDevice(client, { crash, goodbye: { topic: lwt, payload: 'Offline' } });
    },
  };
}

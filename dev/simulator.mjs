// Demo data for `npm start`, the demo pages, Storybook and tests: a small home and a production line
// that publish realistic live values and obey commands, through one MQTT.js client.
//
// The topic tree (pages and stories use these exact topics; keep this table in step with the code):
//
//   topic                                   payload                                          every    retained
//   demo/counter                            1, 2, 3 …                                        1 s      no
//   demo/home/living/temperature            21.37  (°C; also the thermostat's room reading)  1 s      no
//   demo/home/living/humidity               46.2   (%)                                       2 s      no
//   demo/home/kitchen/temperature           22.81  (°C)                                      1 s      no
//   demo/home/bedroom/temperature           19.06  (°C)                                      1 s      no
//   demo/home/power                         412.5  (W; rises with the lamp and the heating)  1 s      no
//   demo/home/door/front                    open | closed                                    change   yes
//   demo/home/living/lamp                   ON | OFF                                         change   yes
//   demo/home/living/lamp/brightness        0 … 100                                          change   yes
//   demo/home/thermostat                    {"target":21.5,"mode":"heat","current":20.94,   5 s and  yes
//                                            "heating":true}                                  change
//   demo/home/thermostat/target             21.5   (°C)                                      change   yes
//   demo/home/thermostat/mode               off | heat | eco                                 change   yes
//   demo/weather/station                    {"temp":8.4,"humidity":71,"pressure":1013.2,     2 s      no
//                                            "wind":{"speed":3.2,"gust":5.1,"dir":225,"cardinal":"SW"},
//                                            "rain":{"lastHour":0.2},"readings":[8.1,8.2,…],  (readings: the
//                                            "time":"2025-01-01T12:00:00.000Z"}               last 10 temps)
//   demo/plant/line1/speed                  118.4  (parts/min; 0 while stopped)              1 s      no
//   demo/plant/line1/status                 {"state":"running","speed":118.4,                2 s      yes
//                                            "output":{"good":1234,"rejected":5},
//                                            "motor":{"rpm":1480,"current":12.3,"temperature":54.1},
//                                            "alarms":[{"code":"…","message":"…"}],"time":"…"}
//                                           (state: running | stopped; alarms: [] when none)
//   demo/plant/line1/events                 {"seq":17,"level":"info","code":"REJECT",       5 s,     no
//                                            "message":"…","value":12.03,"time":"…"}          plus a
//                                           (level: info | warning; value: a measured         burst of 50
//                                            diameter in mm, on every event)                  every 30 s
//   demo/plant/tank1/level                  63.2   (%)                                       1 s      no
//   demo/devices/<name>/availability        online | offline                                 change   yes
//                                           names: living-lamp, thermostat, front-door,
//                                           weather-station, line1-plc. Every ~40 s one of the last
//                                           three drops offline for 3–6 s and its data pauses meanwhile;
//                                           all go offline when the simulator stops.
//
// Commands (publish them without retain: a command the broker replays from its retained store when the
// simulator subscribes is stale, and is ignored with a log line):
//   demo/home/living/lamp/set               ON | OFF | TOGGLE (any case), or JSON
//                                           {"state":"ON","brightness":40} (either field may be left out)
//   demo/home/living/lamp/brightness/set    0 … 100 (clamped, rounded; does not switch the lamp on or off)
//   demo/home/thermostat/target/set         5 … 30 (°C; clamped, rounded to 0.5)
//   demo/home/thermostat/mode/set           off | heat | eco (eco heats to target − 2 °C)
// The device answers ~150 ms later, as real hardware does, by publishing its full retained state, even
// when nothing changed, so a page waiting for confirmation gets one. Invalid commands are logged and
// ignored.
//
// Real-firmware devices (zigbee2mqtt 1.x and 2.x, Tasmota, Shelly Gen2, Homie 4, ESPHome, a plain Home
// Assistant switch) run beside this, each on its own connection with its own will: their topics are
// listed in dev/devices/index.mjs, and demo/devices.html shows them.
//
// Home Assistant discovery configs for all of the above are published retained under homeassistant/
// (dev/discovery-configs.mjs), so demo/discovery.html shows the whole simulated house from one tag.
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { answerBirth, publishDiscoveryConfigs } from './discovery-configs.mjs';
import { startDevices } from './devices/index.mjs';

const CONFIRM_DELAY_MS = 150;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_COMMAND_BYTES = 1024;
const THERMOSTAT_MODES = ['off', 'heat', 'eco'];
const DEVICES = ['living-lamp', 'thermostat', 'front-door', 'weather-station', 'line1-plc'];
const FLAKY_DEVICES = ['front-door', 'weather-station', 'line1-plc'];
const EVENT_MESSAGES = [
  ['info', 'PART_OK', 'Part passed inspection'],
  ['info', 'REJECT', 'Part rejected at station 3'],
  ['warning', 'FEED_LOW', 'Feeder level low'],
  ['info', 'TOOL_CHANGE', 'Tool change completed'],
  ['warning', 'TEMP_HIGH', 'Motor temperature above 60 °C'],
];

const round = (value, decimals) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const clamp = (value, min, max) => Math.min(max, Math.max(min, value));
const noise = (amplitude) => (Math.random() * 2 - 1) * amplitude;
const between = (min, max) => min + Math.random() * (max - min);
const cardinal = (deg) => ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'][Math.round(deg / 45) % 8];

/** Reads a number from a command payload; `null` when the payload is not exactly one finite number. */
function parseNumber(text) {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * Connects to `brokerUrl` (mqtt://, mqtts://, ws:// or wss://) and starts publishing. Resolves once the
 * retained device states are published; rejects when the broker cannot be reached within 10 s.
 * `log` receives one line per notable event (commands, devices going offline, bad input).
 */
export async function startSimulator(brokerUrl, { log = (line) => console.log(`[simulator] ${line}`) } = {}) {
  let client;
  try {
    client = mqtt.connect(brokerUrl, {
      clientId: `mqtt-elements-simulator-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
    });
  } catch (err) {
    throw new Error(`The simulator cannot use the broker URL ${JSON.stringify(brokerUrl)}: ${err.message}`);
  }

  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`no answer from ${brokerUrl} within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
    const onConnect = () => {
      cleanup();
      resolve();
    };
    // MQTT.js retries on its own after a network error; only a refusal (bad credentials, for example)
    // or the timeout ends the attempt.
    const onError = (err) => {
      if (err.code === undefined || typeof err.code === 'number') fail(err);
    };
    function fail(err) {
      cleanup();
      client.end(true);
      reject(new Error(`The simulator could not connect to ${brokerUrl}: ${err.message}`));
    }
    function cleanup() {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
    }
    client.on('connect', onConnect);
    client.on('error', onError);
  });
  client.on('error', (err) => log(`MQTT error: ${err.message}`));

  const state = {
    counter: 0,
    startedAt: Date.now(),
    living: 20.6,
    lamp: { on: false, brightness: 60 },
    thermostat: { target: 21.5, mode: 'heat', heating: false },
    door: 'closed',
    online: Object.fromEntries(DEVICES.map((name) => [name, true])),
    weatherReadings: [],
    line: { running: true, speed: 120, good: 0, rejected: 0, motorTemp: 48, stoppedUntil: 0 },
    tank: { level: 55, filling: true },
    eventSeq: 0,
  };

  const timers = new Set();
  const every = (ms, fn) => timers.add(setInterval(fn, ms));
  const later = (ms, fn) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const publish = (topic, payload, retain = false) => {
    if (!client.connected) return;
    const text =
      typeof payload === 'string'
        ? payload
        : typeof payload === 'number'
          ? String(payload)
          : JSON.stringify(payload);
    client.publish(topic, text, { qos: retain ? 1 : 0, retain });
  };

  // --- retained device states -------------------------------------------------------------------
  const publishLamp = () => {
    publish('demo/home/living/lamp', state.lamp.on ? 'ON' : 'OFF', true);
    publish('demo/home/living/lamp/brightness', state.lamp.brightness, true);
  };
  const effectiveTarget = () =>
    state.thermostat.mode === 'eco' ? state.thermostat.target - 2 : state.thermostat.target;
  const publishThermostatState = () => {
    const { target, mode, heating } = state.thermostat;
    publish('demo/home/thermostat', { target, mode, current: round(state.living, 2), heating }, true);
  };
  const publishThermostat = () => {
    publishThermostatState();
    publish('demo/home/thermostat/target', state.thermostat.target, true);
    publish('demo/home/thermostat/mode', state.thermostat.mode, true);
  };
  const publishAvailability = (name) =>
    publish(`demo/devices/${name}/availability`, state.online[name] ? 'online' : 'offline', true);
  const publishAllStates = () => {
    for (const name of DEVICES) publishAvailability(name);
    publish('demo/home/door/front', state.door, true);
    publishLamp();
    publishThermostat();
    publishLineStatus();
  };

  // --- commands -----------------------------------------------------------------------------------
  const commands = {
    'demo/home/living/lamp/set'(text) {
      const word = text.trim().toUpperCase();
      if (word === 'ON' || word === 'OFF' || word === 'TOGGLE') {
        return () => (state.lamp.on = word === 'TOGGLE' ? !state.lamp.on : word === 'ON');
      }
      let command;
      try {
        command = JSON.parse(text);
      } catch {
        return 'expected ON, OFF, TOGGLE or JSON like {"state":"ON","brightness":40}';
      }
      if (command === null || typeof command !== 'object' || Array.isArray(command)) {
        return 'expected a JSON object like {"state":"ON","brightness":40}';
      }
      const { state: wanted, brightness } = command;
      const stateWord = typeof wanted === 'string' ? wanted.toUpperCase() : undefined;
      if (wanted !== undefined && !['ON', 'OFF', 'TOGGLE'].includes(stateWord)) {
        return '"state" must be "ON", "OFF" or "TOGGLE"';
      }
      if (brightness !== undefined && !(typeof brightness === 'number' && Number.isFinite(brightness))) {
        return '"brightness" must be a number from 0 to 100';
      }
      if (wanted === undefined && brightness === undefined)
        return 'the JSON has neither "state" nor "brightness"';
      return () => {
        if (stateWord) state.lamp.on = stateWord === 'TOGGLE' ? !state.lamp.on : stateWord === 'ON';
        if (brightness !== undefined) state.lamp.brightness = Math.round(clamp(brightness, 0, 100));
      };
    },
    'demo/home/living/lamp/brightness/set'(text) {
      const value = parseNumber(text);
      if (value === null) return 'expected a number from 0 to 100';
      return () => (state.lamp.brightness = Math.round(clamp(value, 0, 100)));
    },
    'demo/home/thermostat/target/set'(text) {
      const value = parseNumber(text);
      if (value === null) return 'expected a temperature from 5 to 30';
      return () => (state.thermostat.target = round(Math.round(clamp(value, 5, 30) * 2) / 2, 1));
    },
    'demo/home/thermostat/mode/set'(text) {
      const mode = text.trim().toLowerCase();
      if (!THERMOSTAT_MODES.includes(mode)) return `expected one of ${THERMOSTAT_MODES.join(', ')}`;
      return () => (state.thermostat.mode = mode);
    },
  };
  const confirm = {
    'demo/home/living/lamp/set': publishLamp,
    'demo/home/living/lamp/brightness/set': publishLamp,
    'demo/home/thermostat/target/set': () => (updateHeating(), publishThermostat()),
    'demo/home/thermostat/mode/set': () => (updateHeating(), publishThermostat()),
  };

  client.on('message', (topic, payload, packet) => {
    const handler = commands[topic];
    if (!handler) return;
    const shown = payload.length > 60 ? `${payload.toString('utf8', 0, 60)}…` : payload.toString();
    if (packet.retain) {
      log(
        `ignored a retained command on ${topic} (${JSON.stringify(shown)}); publish commands without retain`,
      );
      return;
    }
    if (payload.length > MAX_COMMAND_BYTES) {
      log(`ignored ${topic}: payload of ${payload.length} bytes is too large for a command`);
      return;
    }
    let outcome;
    try {
      outcome = handler(payload.toString());
    } catch (err) {
      outcome = err.message;
    }
    if (typeof outcome === 'string') {
      log(`ignored ${topic} ${JSON.stringify(shown)}: ${outcome}`);
      return;
    }
    later(CONFIRM_DELAY_MS, () => {
      outcome();
      confirm[topic]();
      log(`${topic} ${JSON.stringify(shown)} → ${describeDevice(topic)}`);
    });
  });
  const describeDevice = (topic) =>
    topic.startsWith('demo/home/living/lamp')
      ? `lamp ${state.lamp.on ? 'ON' : 'OFF'}, brightness ${state.lamp.brightness}`
      : `thermostat ${state.thermostat.mode}, target ${state.thermostat.target} °C`;

  // A broker restarted without persistence has forgotten retained states: give them again on every
  // (re)connection. MQTT.js renews the command subscriptions itself.
  client.on('connect', () => publishAllStates());
  await client.subscribeAsync(Object.keys(commands), { qos: 1 });

  // --- telemetry ----------------------------------------------------------------------------------
  const seconds = () => (Date.now() - state.startedAt) / 1000;
  const wave = (periodSeconds, phase = 0) => Math.sin((2 * Math.PI * seconds()) / periodSeconds + phase);

  function updateHeating() {
    const { mode, heating } = state.thermostat;
    const target = effectiveTarget();
    // 0.3 °C hysteresis, as a real thermostat has, so the boiler does not switch every second.
    state.thermostat.heating =
      mode !== 'off' && (heating ? state.living < target + 0.3 : state.living < target - 0.3);
    return state.thermostat.heating !== heating;
  }

  function publishLineStatus() {
    const { line } = state;
    const alarms = [];
    if (!line.running) alarms.push({ code: 'STOPPED', message: 'Line stopped: jam cleared by operator' });
    if (line.motorTemp > 60) alarms.push({ code: 'TEMP_HIGH', message: 'Motor temperature above 60 °C' });
    publish(
      'demo/plant/line1/status',
      {
        state: line.running ? 'running' : 'stopped',
        speed: round(line.speed, 1),
        output: { good: line.good, rejected: line.rejected },
        motor: {
          rpm: Math.round(line.speed * 12.3 + noise(5)),
          current: round(line.running ? 8 + line.speed / 30 + noise(0.3) : 0, 1),
          temperature: round(line.motorTemp, 1),
        },
        alarms,
        time: new Date().toISOString(),
      },
      true,
    );
  }

  function lineEvent(level, code, message) {
    state.eventSeq += 1;
    return {
      seq: state.eventSeq,
      level,
      code,
      message,
      value: round(12 + noise(0.05), 3),
      time: new Date().toISOString(),
    };
  }

  function everySecond() {
    state.counter += 1;
    publish('demo/counter', state.counter);

    // The living room follows the heating: warms while the boiler runs, otherwise cools towards 17 °C.
    state.living += state.thermostat.heating ? 0.04 : (17 - state.living) * 0.004;
    if (updateHeating()) publishThermostatState();
    publish('demo/home/living/temperature', round(state.living + noise(0.05), 2));
    publish('demo/home/kitchen/temperature', round(22.5 + 0.8 * wave(240, 1) + noise(0.08), 2));
    publish('demo/home/bedroom/temperature', round(19.2 + 0.5 * wave(420, 2) + noise(0.05), 2));

    const watts =
      180 +
      60 * wave(90) +
      noise(15) +
      (state.lamp.on ? 0.6 * state.lamp.brightness : 0) +
      (state.thermostat.heating ? 1800 : 0);
    publish('demo/home/power', round(watts, 1));

    const { line } = state;
    if (line.running && Math.random() < 1 / 180) {
      line.running = false;
      line.stoppedUntil = Date.now() + between(6000, 12000);
      log('line1 stopped (simulated jam)');
      publishLineStatus();
    } else if (!line.running && Date.now() > line.stoppedUntil) {
      line.running = true;
      log('line1 running again');
      publishLineStatus();
    }
    const wantedSpeed = line.running ? 120 + 8 * wave(60) : 0;
    line.speed = Math.max(0, line.speed + (wantedSpeed - line.speed) * 0.4 + (line.running ? noise(1.5) : 0));
    // The motor runs warmer for a few minutes every ten, long enough to raise the TEMP_HIGH alarm.
    const motorSettlesAt = line.running ? 54 + 9 * wave(600) : 30;
    line.motorTemp += (motorSettlesAt - line.motorTemp) * 0.02 + (line.running ? noise(0.1) : 0);
    const produced = Math.round(line.speed / 60);
    const rejected = Math.random() < 0.05 ? 1 : 0;
    line.good += produced - rejected;
    line.rejected += rejected;
    if (state.online['line1-plc']) publish('demo/plant/line1/speed', round(line.speed, 1));

    const { tank } = state;
    tank.level += tank.filling ? between(0.2, 0.6) : -between(0.1, 0.4);
    if (tank.level > 92) tank.filling = false;
    if (tank.level < 20) tank.filling = true;
    publish('demo/plant/tank1/level', round(tank.level, 1));
  }

  function everyTwoSeconds() {
    publish('demo/home/living/humidity', round(46 + 4 * wave(600) + noise(0.4), 1));
    if (state.online['line1-plc']) publishLineStatus();
    if (!state.online['weather-station']) return;
    const temp = round(8 + 3 * wave(900) + noise(0.1), 1);
    state.weatherReadings = [...state.weatherReadings, temp].slice(-10);
    const dir = Math.round((225 + 40 * wave(200) + noise(15) + 360) % 360);
    const speed = round(Math.max(0, 3.5 + 2 * wave(120) + noise(0.8)), 1);
    publish('demo/weather/station', {
      temp,
      humidity: Math.round(72 + 10 * wave(900, Math.PI) + noise(1)),
      pressure: round(1013 + 4 * wave(1800) + noise(0.2), 1),
      wind: { speed, gust: round(speed * between(1.2, 1.8), 1), dir, cardinal: cardinal(dir) },
      rain: { lastHour: round(Math.max(0, 0.4 * wave(700)), 1) },
      readings: state.weatherReadings,
      time: new Date().toISOString(),
    });
  }

  function everyFiveSeconds() {
    publishThermostatState();
    if (state.online['line1-plc']) {
      // Only events that match the simulated line: no overheating alarm from a cool motor.
      const likely = EVENT_MESSAGES.filter(([, code]) => code !== 'TEMP_HIGH' || state.line.motorTemp > 60);
      const [level, code, message] = likely[Math.floor(Math.random() * likely.length)];
      publish('demo/plant/line1/events', lineEvent(level, code, message));
    }
  }

  every(1000, everySecond);
  every(2000, everyTwoSeconds);
  every(5000, everyFiveSeconds);

  // A burst: the measuring station flushes a batch of 50 readings back to back.
  every(30_000, () => {
    if (!state.online['line1-plc']) return;
    for (let i = 1; i <= 50; i += 1) {
      publish('demo/plant/line1/events', lineEvent('info', 'BATCH', `Batch check ${i}/50`));
    }
    log('line1 sent a burst of 50 events');
  });

  // The front door opens now and then and stays open a few seconds.
  const scheduleDoor = () =>
    later(between(15_000, 40_000), () => {
      if (state.online['front-door']) {
        state.door = 'open';
        publish('demo/home/door/front', 'open', true);
        later(between(3000, 8000), () => {
          state.door = 'closed';
          publish('demo/home/door/front', 'closed', true);
        });
      }
      scheduleDoor();
    });
  scheduleDoor();

  // Devices drop off the network now and then, as battery and Wi-Fi devices do.
  every(40_000, () => {
    const name = FLAKY_DEVICES[Math.floor(Math.random() * FLAKY_DEVICES.length)];
    state.online[name] = false;
    publishAvailability(name);
    log(`${name} went offline`);
    later(between(3000, 6000), () => {
      state.online[name] = true;
      publishAvailability(name);
      log(`${name} is back online`);
    });
  });

  // Publish everything now, so a page opened at once does not wait for the first tick.
  publishAllStates();
  everySecond();
  everyTwoSeconds();
  everyFiveSeconds();

  // The firmware-convention devices: each its own client, so each has its own will.
  const devices = await startDevices(brokerUrl);
  // Home Assistant discovery configs for all of it, as the firmware would publish them (demo/discovery.html).
  await publishDiscoveryConfigs(client);
  const stopAnsweringBirth = await answerBirth(client, { log });

  let stopped = false;
  return {
    /** Stops publishing, marks every device offline (a broker that outlives us keeps that) and disconnects. */
    async stop() {
      if (stopped) return;
      stopped = true;
      stopAnsweringBirth();
      await devices.stop();
      for (const timer of timers) {
        clearTimeout(timer);
        clearInterval(timer);
      }
      timers.clear();
      if (client.connected) {
        for (const name of DEVICES)
          client.publish(`demo/devices/${name}/availability`, 'offline', { qos: 0, retain: true });
      }
      // A graceful end flushes what is queued; a broker that stopped answering must not hold us up.
      const ended = await Promise.race([
        client.endAsync().then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 500).unref()),
      ]);
      if (!ended) client.end(true);
    },
  };
}

// `node dev/simulator.mjs` (or `npm run simulate`) feeds a broker of your own: MQTT_URL picks it.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = process.env.MQTT_URL || 'mqtt://localhost:1883';
  try {
    const simulator = await startSimulator(url);
    console.log(`[simulator] publishing demo data under demo/# to ${url}; Ctrl-C stops`);
    const stop = async () => {
      await simulator.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}

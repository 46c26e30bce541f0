// <mqtt-discovery> at scale: 500 entities on 100 devices whose configs and states wait retained on a
// real broker (Aedes), as when a dashboard opens on a busy installation. Measures the time from the
// first config to every entity drawn with its value, against the same 500 entities written by hand
// (the baseline), interleaved; and counts the SUBSCRIBE packets per topic the broker received.
//
// Each device publishes, as zigbee2mqtt does, one JSON state topic read by five entities (two sensors,
// one of them through a template that is more than a field, a binary sensor, a switch and a number),
// and one availability topic: 100 state topics, 100 availability topics, 500 entities.
import mqtt from 'mqtt';
import { startBroker } from '../dev/broker.mjs';
import { openBrowser } from './browser.mjs';
import { serve } from './static-server.mjs';
import { median, spread } from './stats.mjs';

const devices = 100;
const perDevice = 5;

function configsOf(prefix, base) {
  const messages = [];
  for (let i = 0; i < devices; i++) {
    const state = `${base}/dev${i}/state`;
    const device = {
      identifiers: [`bench_dev${i}`],
      name: `Device ${String(i).padStart(3, '0')}`,
      manufacturer: 'Bench',
      model: 'B-5',
    };
    const common = { state_topic: state, availability_topic: `${base}/dev${i}/availability`, device };
    messages.push(
      [
        `${prefix}/sensor/dev${i}/temperature/config`,
        {
          ...common,
          name: 'Temperature',
          unique_id: `dev${i}_t`,
          device_class: 'temperature',
          unit_of_measurement: '°C',
          value_template: '{{ value_json.temperature }}',
        },
      ],
      [
        `${prefix}/sensor/dev${i}/humidity/config`,
        {
          ...common,
          name: 'Humidity',
          unique_id: `dev${i}_h`,
          unit_of_measurement: '%',
          value_template: '{{ value_json.humidity | round(0) }}',
        },
      ],
      [
        `${prefix}/binary_sensor/dev${i}/contact/config`,
        {
          ...common,
          name: 'Door',
          unique_id: `dev${i}_c`,
          device_class: 'door',
          payload_on: false,
          payload_off: true,
          value_template: '{{ value_json.contact }}',
        },
      ],
      [
        `${prefix}/switch/dev${i}/power/config`,
        {
          ...common,
          name: 'Power',
          unique_id: `dev${i}_p`,
          command_topic: `${base}/dev${i}/set`,
          value_template: '{{ value_json.power }}',
        },
      ],
      [
        `${prefix}/number/dev${i}/level/config`,
        {
          ...common,
          name: 'Level',
          unique_id: `dev${i}_l`,
          command_topic: `${base}/dev${i}/level/set`,
          min: 0,
          max: 100,
          value_template: '{{ value_json.level }}',
        },
      ],
    );
  }
  return messages;
}

async function publishAll(client, messages) {
  await Promise.all(
    messages.map(([topic, payload]) => client.publishAsync(topic, payload, { qos: 1, retain: true })),
  );
}

export async function runDiscoveryBenchmark({ root, repeat, log }) {
  const server = await serve(root);
  const broker = await startBroker({ wsPort: 0, tcpPort: 0 });
  const publisher = await mqtt.connectAsync(broker.tcpUrl, { clientId: 'bench_discovery_publisher' });
  const { browser, version } = await openBrowser();
  const runs = { discovery: [], hand: [] };
  let subscribeCheck;
  try {
    for (let r = 0; r < repeat; r++) {
      // A fresh namespace per round, so that no page finds another round's retained messages.
      const base = `bench/disc${r}`;
      const prefix = `${base}/ha`;
      const configs = configsOf(prefix, base).map(([topic, config]) => [topic, JSON.stringify(config)]);
      const states = [];
      for (let i = 0; i < devices; i++) {
        states.push([`${base}/dev${i}/availability`, 'online']);
        states.push([
          `${base}/dev${i}/state`,
          JSON.stringify({
            temperature: 20 + (i % 10) / 10,
            humidity: 40.4 + (i % 20),
            contact: i % 2 === 0,
            power: i % 3 === 0 ? 'ON' : 'OFF',
            level: i % 101,
          }),
        ]);
      }
      await publishAll(publisher, [...configs, ...states]);
      for (const variant of r % 2 === 0 ? ['discovery', 'hand'] : ['hand', 'discovery']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors = [];
        page.on('pageerror', (err) => errors.push(err.message));
        try {
          await page.goto(`${server.origin}/bench/pages/discovery.html?variant=${variant}`);
          await page.waitForFunction(() => window.benchDiscovery !== undefined);
          const run = await page.evaluate((options) => window.benchDiscovery.run(options), {
            url: broker.wsUrl,
            prefix,
            base,
            devices,
            entities: devices * perDevice,
          });
          if (errors.length) throw new Error(`the ${variant} page failed: ${errors.join('; ')}`);
          runs[variant].push(run);
          log(
            `${variant} #${r + 1}: all ${devices * perDevice} shown ${Math.round(run.fromConnectMs)} ms after connecting` +
              (run.fromFirstConfigMs === null
                ? ''
                : `, ${Math.round(run.fromFirstConfigMs)} ms after the first config`) +
              `; longest task ${Math.round(run.longestTaskMs)} ms`,
          );
          if (variant === 'discovery' && !subscribeCheck) {
            const counts = new Map();
            for (const packet of broker.packetLog) {
              if (packet.type !== 'subscribe' || packet.clientId !== run.clientId) continue;
              counts.set(packet.topic, (counts.get(packet.topic) ?? 0) + 1);
            }
            subscribeCheck = {
              topics: counts.size,
              packets: [...counts.values()].reduce((a, b) => a + b, 0),
              repeated: [...counts].filter(([, n]) => n > 1).map(([topic]) => topic),
            };
          }
        } finally {
          await page.close();
        }
      }
      // Clean up the round's retained messages.
      await publishAll(
        publisher,
        [...configs, ...states].map(([topic]) => [topic, '']),
      );
    }
  } finally {
    await browser.close();
    await publisher.endAsync();
    await broker.close();
    await server.close();
  }
  const summary = (list, key) => ({
    median: median(list.map((run) => run[key])),
    spread: spread(list.map((run) => run[key])),
  });
  return {
    chromium: version,
    devices,
    entities: devices * perDevice,
    repeat,
    discovery: {
      fromFirstConfigMs: summary(runs.discovery, 'fromFirstConfigMs'),
      fromConnectMs: summary(runs.discovery, 'fromConnectMs'),
      longestTaskMs: summary(runs.discovery, 'longestTaskMs'),
    },
    hand: {
      fromConnectMs: summary(runs.hand, 'fromConnectMs'),
      longestTaskMs: summary(runs.hand, 'longestTaskMs'),
    },
    ratio:
      median(runs.discovery.map((run) => run.fromConnectMs)) /
      median(runs.hand.map((run) => run.fromConnectMs)),
    subscribe: subscribeCheck,
  };
}

// `node bench/discovery.mjs [--repeat=3]` runs it alone and prints the figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.split('=')[1] ?? 3);
  const result = await runDiscoveryBenchmark({ root, repeat, log: (line) => console.log(`  ${line}`) });
  console.log(JSON.stringify(result, null, 2));
}

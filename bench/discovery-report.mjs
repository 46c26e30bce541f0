// The `<mqtt-discovery>` section of BENCHMARKS.md (bench/discovery.mjs), between markers so that
// `node bench/run.mjs --only=discovery` can rewrite it alone.
export const discoveryMarkers = ['<!-- discovery:start -->', '<!-- discovery:end -->'];

const ms = (value) => `${Math.round(value).toLocaleString('en-US')} ms`;
const pct = (fraction) => `±${Math.round(fraction * 100)} %`;

export function discoverySection(result, meta) {
  const d = result.discovery;
  const h = result.hand;
  const sub = result.subscribe;
  const oneEach = sub && sub.repeated.length === 0;
  return [
    discoveryMarkers[0],
    '## `<mqtt-discovery>` at scale',
    '',
    ...(meta ? [meta, ''] : []),
    `${result.entities} entities on ${result.devices} devices, configs and states waiting retained on Aedes (as when a`,
    'dashboard opens on a busy installation). Each device has one JSON state topic read by five entities (two',
    'sensors, one through a template that is more than a field, a door sensor, a switch and a number) and one',
    'availability topic. **discovery**: one `<mqtt-discovery>` from `cdn/mqtt-discovery.js`. **hand-written**',
    '(the baseline): the same entities written as the widgets a page author would use, with `select` and',
    '`availability-topic`. Done = every entity present, available, and showing a value (no placeholder, no',
    `unknown). ${result.repeat} interleaved repeats, median (± half the range); Chromium ${result.chromium}.`,
    '',
    '| | discovery | hand-written |',
    '|---|---|---|',
    `| First config → all ${result.entities} drawn with values | ${ms(d.fromFirstConfigMs.median)} (${pct(d.fromFirstConfigMs.spread)}) | — |`,
    `| Connected → all drawn with values | ${ms(d.fromConnectMs.median)} (${pct(d.fromConnectMs.spread)}) | ${ms(h.fromConnectMs.median)} (${pct(h.fromConnectMs.spread)}) |`,
    `| Ratio to the baseline | ${result.ratio.toFixed(2)}× | 1× |`,
    `| Longest main-thread task | ${ms(d.longestTaskMs.median)} | ${ms(h.longestTaskMs.median)} |`,
    '',
    sub
      ? `SUBSCRIBE packets the broker received from the dashboard's client: ${sub.packets} for ${sub.topics} distinct ` +
        `filters (2 config filters, ${devices(result)} state and ${devices(result)} availability topics)` +
        (oneEach ? ': one per distinct topic.' : `; repeated: ${sub.repeated.join(', ')}.`)
      : '',
    '',
    'Reproduce: `npm run build:cdn && node bench/run.mjs --only=discovery` (or `node bench/discovery.mjs` to print',
    'the figures without touching this file).',
    discoveryMarkers[1],
    '',
  ];
}

const devices = (result) => result.devices;

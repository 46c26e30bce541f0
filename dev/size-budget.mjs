// `npm run size`: fails when a CDN bundle grows past its gzipped budget. Run after `npm run build:cdn`.
// The budgets sit just above today's sizes on purpose: growth should be a decision, made by raising the
// number here in the same change, not something found out later. BENCHMARKS.md has the breakdown.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { cdnPlugins, onwarn, sharedOnDemand } from '../rollup.config.mjs';

/** Gzipped bytes (gzip -9). 1 kB = 1,000 bytes. */
const budgets = [
  // 92.2 → 90.3 kB once the tab's side of `shared` moved to cdn/mqtt-shared.js, loaded on first use.
  { name: 'cdn/mqtt-elements.js', what: 'the whole library: MQTT.js, Lit and the elements', gzip: 90_400 },
  { name: 'cdn/mqtt-elements.global.js', what: 'the same as a classic script', gzip: 89_800 },
  // 30.6 → 32.1 kB for each chart's history under `persist` (BENCHMARKS.md).
  { name: 'cdn/mqtt-chart.js', what: 'the chart entry, with uPlot', gzip: 32_500 },
  // 10.9 → 12.3 kB for type-ahead, MQTT 5 properties, checked attributes, the row window and chunked "Show all".
  { name: 'cdn/mqtt-explorer.js', what: 'the explorer entry', gzip: 12_500 },
  {
    name: 'cdn/mqtt-elements-worker.js',
    what: 'the SharedWorker of <mqtt-connection shared>: MQTT.js and the connection core',
    // 45.3 → 45.4 kB for the core's handling of a session the broker kept (no SUBSCRIBE again);
    // 45,456 → 45,529 bytes for pinging the tabs of a page without Web Locks (BENCHMARKS.md);
    // 45,622 for telling a later tab which of its settings the shared client does not use.
    gzip: 45_650,
  },
  {
    name: 'cdn/mqtt-shared.js',
    what: 'the tab side of <mqtt-connection shared>, loaded on first use',
    // 3,126 → 3,201 bytes for answering the worker's pings and joining again without Web Locks;
    // 3,434 for the warning when this tab's settings differ from the shared client's.
    gzip: 3_450,
  },
  {
    name: 'cdn/mqtt-discovery.js',
    what: 'the discovery entry: <mqtt-discovery> and its template evaluator',
    gzip: 20_000,
  },
  {
    name: 'our own code',
    what: 'cdn/mqtt-elements.js without Lit and MQTT.js',
    gzip: 51_000,
    build: ownCode,
  },
];

async function ownCode() {
  const lit = /^(lit|lit-html|lit-element|@lit\/)/;
  const build = await rollup({
    input: 'dist/define.js',
    external: (id) => id === 'mqtt' || lit.test(id),
    // As in the main bundle: the tab's side of `shared` is a file of its own, loaded on first use.
    plugins: [sharedOnDemand(), ...cdnPlugins()],
    onwarn,
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return Buffer.from(output[0].code);
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let failed = false;
for (const budget of budgets) {
  let bytes;
  try {
    bytes = budget.build ? await budget.build() : await readFile(budget.name);
  } catch (err) {
    console.error(`✗ ${budget.name}: cannot measure it (${err.message}). Run \`npm run build:cdn\` first.`);
    failed = true;
    continue;
  }
  const size = gzipSync(bytes, { level: 9 }).length;
  const over = size > budget.gzip;
  failed ||= over;
  const line = `${budget.name} (${budget.what}): ${kB(size)} gzipped, budget ${kB(budget.gzip)}`;
  if (over) {
    console.error(
      `✗ ${line}: ${kB(size - budget.gzip)} over. Find what grew (bench/bundle-size.mjs, BENCHMARKS.md), or raise ` +
        `the budget in dev/size-budget.mjs if the growth is worth it.`,
    );
  } else console.log(`✓ ${line}`);
}
process.exit(failed ? 1 : 0);

// The `persist` section of BENCHMARKS.md (bench/persist.mjs), between markers so that
// `node bench/run.mjs --only=persist` can rewrite it alone.
export const persistMarkers = ['<!-- persist:start -->', '<!-- persist:end -->'];

const ms = (value) => `${Math.round(value).toLocaleString('en-US')} ms`;
const pct = (fraction) => `±${Math.round(fraction * 100)} %`;
const cell = (summary) => `${ms(summary.median)} (${pct(summary.spread)})`;

export function persistSection(result, meta) {
  const p = result.persist;
  const plain = result.plain;
  return [
    persistMarkers[0],
    '## `persist`: values there at load',
    '',
    ...(meta ? [meta, ''] : []),
    `A wall-screen page: ${result.values} \`<mqtt-subscribe>\` readouts and one \`<mqtt-chart>\` on one connection,`,
    'markup in the page before the CDN bundles load, broker Aedes on loopback. Each repeat opens a fresh',
    `browser context, visits once to show live values and ${result.chartPoints} chart points and waits until they are kept in`,
    'IndexedDB, changes the retained values at the broker, then opens the page again with `persist` and without',
    '(the baseline), in alternating order. Times are from navigation to the first animation frame that shows',
    `it. ${result.repeat} repeats, median (± half the range); Chromium ${result.chromium}.`,
    '',
    '| From navigation to… | with `persist` | without (baseline) |',
    '|---|---|---|',
    `| the first restored value painted | ${cell(p.restoredMs)} | — |`,
    `| the chart drawn from its kept history | ${cell(p.chartRestoredMs)} | — |`,
    `| the first live value painted | ${cell(p.liveMs)} | ${cell(plain.liveMs)} |`,
    `| Ratio to the baseline's first live value | restored ${result.restoredToPlainLive.toFixed(2)}×, live ${result.liveToPlainLive.toFixed(2)}× | 1× |`,
    '',
    'The connection opens while the kept values are read from IndexedDB; the live values replace the restored',
    'ones as they arrive. It used to wait for the read, which delayed the first live value by all of it: 1.45×',
    "the baseline's in 9 repeats on commit 97d5b7c, against the 1.03× above.",
    '',
    'Reproduce: `npm run build:cdn && node bench/run.mjs --only=persist` (or `node bench/persist.mjs` to print',
    'the figures without touching this file).',
    persistMarkers[1],
    '',
  ];
}

// `npm run bench`: runs every benchmark (router in Node, bundle sizes, end to end in headless Chromium,
// memory, time to first value) and writes BENCHMARKS.md with the figures, the machine and the ratios
// against baselines measured in the same run. Intermediate files go to .bench/ (not committed).
//
//   node bench/run.mjs [--only=router,bundle,browser,explorer,discovery,persist,shared] [--repeat=3] [--quick] [--out=BENCHMARKS.md]
//
// `--only=explorer` (or `--only=discovery`, `--only=persist`, `--only=shared`) rewrites only that section of the report, leaving
// the rest as it is.
import { execSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBenchmark } from './browser.mjs';
import { runBundleBenchmark } from './bundle-size.mjs';
import { discoveryMarkers, discoverySection } from './discovery-report.mjs';
import { runDiscoveryBenchmark } from './discovery.mjs';
import { runExplorerBenchmark } from './explorer.mjs';
import { persistMarkers, persistSection } from './persist-report.mjs';
import { runPersistBenchmark } from './persist.mjs';
import { runRouterBenchmark } from './router.mjs';
import { runSharedBenchmark, sharedMarkers, sharedSection } from './shared.mjs';
import { explorerMarkers, explorerSection, writeReport } from './report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const quick = args.quick === 'true';
const only = new Set((args.only ?? 'router,bundle,browser,explorer,discovery,persist,shared').split(','));
const repeat = Number(args.repeat ?? (quick ? 1 : 3));
const log = (line) => console.log(`  ${line}`);

await mkdir(resolve(root, '.bench'), { recursive: true });
const cpuModel = (await readFile('/proc/cpuinfo', 'utf8').catch(() => ''))
  .split('\n')
  .find((line) => line.startsWith('model name'))
  ?.split(':')[1]
  ?.trim();
const results = {
  date: new Date().toISOString(),
  command: `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: {
    node: process.version,
    cpu: cpuModel ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadBefore: loadavg().map((l) => l.toFixed(1)),
  },
  repeat,
};
try {
  results.commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  results.dirty =
    execSync('git status --porcelain -- src build rollup.config.mjs', { cwd: root }).toString().trim() !== '';
} catch {
  // Not a git checkout: the report leaves the commit out.
}

if (only.has('router')) {
  console.log('router (Node)');
  results.router = await runRouterBenchmark({ root, repeat: Math.max(repeat, 5), log });
}
if (only.has('bundle')) {
  console.log('bundle sizes');
  results.bundle = await runBundleBenchmark({ root });
}
if (only.has('browser')) {
  console.log('end to end, memory, time to first value (headless Chromium)');
  results.browser = await runBrowserBenchmark({
    root,
    repeat,
    seconds: quick ? 2 : 4,
    warmupMs: quick ? 800 : 1500,
    sizes: quick ? [100, 1_000] : [100, 1_000, 10_000],
    log,
  });
}
if (only.has('explorer')) {
  console.log('explorer at scale (headless Chromium)');
  results.explorer = await runExplorerBenchmark({
    root,
    repeat,
    seconds: quick ? 2 : 4,
    warmupMs: quick ? 800 : 1500,
    log,
  });
}
if (only.has('discovery')) {
  console.log('discovery at scale (headless Chromium, Aedes)');
  results.discovery = await runDiscoveryBenchmark({ root, repeat, log });
}
if (only.has('persist')) {
  console.log('persist: values at load (headless Chromium, Aedes)');
  // Several repeats even by default: one load is a few hundred milliseconds, and the machine is shared.
  results.persist = await runPersistBenchmark({ root, repeat: Math.max(repeat, 5), log });
}
if (only.has('shared')) {
  console.log('one connection shared by 3 tabs against a client per tab (headless Chromium, Aedes)');
  results.shared = await runSharedBenchmark({ root, repeat, seconds: quick ? 2 : 4, log });
}
results.machine.loadAfter = loadavg().map((l) => l.toFixed(1));

await writeFile(resolve(root, '.bench/results.json'), JSON.stringify(results, null, 2));
const out = args.out ?? 'BENCHMARKS.md';
if (only.size === 1 && only.has('explorer')) {
  await replaceSection(
    resolve(root, out),
    explorerMarkers,
    explorerSection(results.explorer, measuredBy(results, results.explorer.chromium)),
  );
} else if (only.size === 1 && only.has('discovery')) {
  await replaceSection(
    resolve(root, out),
    discoveryMarkers,
    discoverySection(results.discovery, measuredBy(results, results.discovery.chromium)),
  );
} else if (only.size === 1 && only.has('persist')) {
  await replaceSection(
    resolve(root, out),
    persistMarkers,
    persistSection(results.persist, measuredBy(results, results.persist.chromium)),
  );
} else if (only.size === 1 && only.has('shared')) {
  await replaceSection(
    resolve(root, out),
    sharedMarkers,
    sharedSection(results.shared, measuredBy(results, results.shared.chromium)),
  );
} else await writeReport(resolve(root, out), results);
console.log(`wrote ${out}`);

/** When, where and on which commit a section alone was measured. */
function measuredBy(results, chromium) {
  const { machine } = results;
  return (
    `Measured ${results.date} by \`${results.command}\` on ${results.commit ?? 'an unknown commit'}` +
    `${results.dirty ? ' with uncommitted changes' : ''}; ${machine.cpu}, ${machine.cores} cores; Chromium ` +
    `${chromium}; load average ${machine.loadBefore.join(', ')} before, ${machine.loadAfter.join(', ')} after.`
  );
}

/** Rewrites one section (between its markers) alone, or appends it when the report has none yet. */
async function replaceSection(file, [start, end], lines) {
  const section = lines.join('\n');
  const text = await readFile(file, 'utf8').catch(() => '');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${section.trimEnd()}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${section}`;
  await writeFile(file, next.endsWith('\n') ? next : `${next}\n`);
}

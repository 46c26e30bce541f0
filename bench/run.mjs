// `npm run bench`: runs every benchmark (router in Node, bundle sizes, end to end in headless Chromium,
// memory, time to first value) and writes BENCHMARKS.md with the figures, the machine and the ratios
// against baselines measured in the same run. Intermediate files go to .bench/ (not committed).
//
//   node bench/run.mjs [--only=router,bundle,browser,explorer] [--repeat=3] [--quick] [--out=BENCHMARKS.md]
//
// `--only=explorer` rewrites only the explorer's section of the report, leaving the rest as it is.
import { execSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBenchmark } from './browser.mjs';
import { runBundleBenchmark } from './bundle-size.mjs';
import { runExplorerBenchmark } from './explorer.mjs';
import { runRouterBenchmark } from './router.mjs';
import { explorerMarkers, explorerSection, writeReport } from './report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const quick = args.quick === 'true';
const only = new Set((args.only ?? 'router,bundle,browser,explorer').split(','));
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
results.machine.loadAfter = loadavg().map((l) => l.toFixed(1));

await writeFile(resolve(root, '.bench/results.json'), JSON.stringify(results, null, 2));
const out = args.out ?? 'BENCHMARKS.md';
if (only.size === 1 && only.has('explorer')) await replaceExplorerSection(resolve(root, out), results);
else await writeReport(resolve(root, out), results);
console.log(`wrote ${out}`);

/** Rewrites the explorer's section alone, saying when, where and on which commit it was measured. */
async function replaceExplorerSection(file, results) {
  const { machine } = results;
  const meta =
    `Measured ${results.date} by \`${results.command}\` on ${results.commit ?? 'an unknown commit'}` +
    `${results.dirty ? ' with uncommitted changes' : ''}; ${machine.cpu}, ${machine.cores} cores; Chromium ` +
    `${results.explorer.chromium}; load average ${machine.loadBefore.join(', ')} before, ${machine.loadAfter.join(', ')} after.`;
  const section = explorerSection(results.explorer, meta).join('\n');
  const text = await readFile(file, 'utf8').catch(() => '');
  const [start, end] = explorerMarkers;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${section.trimEnd()}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${section}`;
  await writeFile(file, next.endsWith('\n') ? next : `${next}\n`);
}

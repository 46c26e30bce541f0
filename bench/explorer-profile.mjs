// Where the explorer's time goes: a CPU profile (CDP Profiler) of the explorer's benchmark page with
// 100,000 topics, taking 5,000 messages/s, while standing still and while the tree scrolls, mapped
// through the CDN bundles' source maps to the source file and function each sample ran in.
//
//   npm run build:cdn && node bench/explorer-profile.mjs [--seconds=4] [--top=25]
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';
import { openBrowser } from './browser.mjs';
import { serve } from './static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
const seconds = Number(args.seconds ?? 4);
const top = Number(args.top ?? 25);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const maps = new Map();
async function mapFor(url) {
  const file = url.replace(/^https?:\/\/[^/]+\//, '');
  if (!file.startsWith('cdn/')) return undefined;
  if (!maps.has(file)) {
    maps.set(file, new SourceMapConsumer(JSON.parse(await readFile(resolve(root, `${file}.map`), 'utf8'))));
  }
  return maps.get(file);
}

/** Self time per "source file: function" and per source file, in ms. */
async function summarise(profile, messages) {
  const where = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let label = functionName || '(anonymous)';
    if (['(garbage collector)', '(program)', '(idle)', '(root)'].includes(functionName)) label = functionName;
    else if (url) {
      const map = await mapFor(url);
      if (map) {
        const original = map.originalPositionFor({ line: lineNumber + 1, column: Math.max(columnNumber, 0) });
        const source = (original.source ?? '?').replace(/^.*\/(node_modules|src|dist|build)\//, '$1/');
        label = `${source}:${original.line} ${original.name ?? functionName}`;
      } else label = `${url.replace(/^.*\//, '')} ${functionName}`;
    } else label = `(native) ${functionName}`;
    where.set(node.id, label);
  }
  const self = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const label = where.get(id);
    if (label === '(idle)') return;
    const ms = profile.timeDeltas[i] / 1000;
    self.set(label, (self.get(label) ?? 0) + ms);
    busy += ms;
  });
  const files = new Map();
  for (const [label, ms] of self) {
    const file = label.replace(/:\d+ .*$/, '').replace(/ .*$/, '');
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { busy, messages, functions: sorted(self).slice(0, top), files: sorted(files).slice(0, top) };
}

function print(title, { busy, messages, functions, files }) {
  console.log(
    `\n== ${title}: ${busy.toFixed(0)} ms busy, ${messages} messages, ${((busy * 1000) / messages).toFixed(1)} µs/msg`,
  );
  console.log('-- by file');
  for (const [file, ms] of files) console.log(`${ms.toFixed(1).padStart(8)} ms  ${file}`);
  console.log('-- by function (self)');
  for (const [label, ms] of functions) console.log(`${ms.toFixed(1).padStart(8)} ms  ${label}`);
}

const server = await serve(root);
const { browser } = await openBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(`${server.origin}/bench/pages/explorer.html?variant=${args.variant ?? 'explorer'}`);
  await page.waitForFunction(() => window.bench !== undefined);
  if (args.payload) {
    // `--payload=text|binary`: a profile of selecting a 1 MB payload and showing all of it.
    await page.evaluate(() => window.bench.setup({ count: 1, transport: 'in-page', subscriptions: 1 }));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const shown = await page.evaluate(
      (binary) => window.bench.showAll({ bytes: 1_000_000, binary }),
      args.payload === 'binary',
    );
    const { profile } = await cdp.send('Profiler.stop');
    console.log(JSON.stringify(shown));
    print(`1 MB ${args.payload} payload`, await summarise(profile, 1));
    process.exit(0);
  }
  const topics = Number(args.topics ?? 100_000);
  await page.evaluate(
    (count) => window.bench.setup({ count, transport: 'in-page', subscriptions: 1 }),
    topics,
  );
  await page.evaluate((count) => window.bench.pumpMessages({ count, total: count }), topics);
  await page.evaluate(() => window.bench.openArea());
  if (args.css) {
    // `--css=…`: extra rules in the explorer's shadow root, to try a change to its styles without a build.
    await page.evaluate((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      const root = window.explorer.shadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }, args.css);
  }
  await page.evaluate((count) => window.bench.startSource({ count, rate: 5000 }), topics);
  await sleep(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });

  if (args.trace) {
    // What the browser does outside scripts: style, layout, paint, per trace event name.
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    if (args.trace === 'scroll') await page.evaluate((ms) => window.bench.scrollFor({ ms }), seconds * 1000);
    else await sleep(seconds * 1000);
    await cdp.send('Tracing.end');
    await done;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const totals = new Map();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur || (main && (e.pid !== main.pid || e.tid !== main.tid))) continue;
      const t = totals.get(e.name) ?? { ms: 0, count: 0 };
      t.ms += e.dur / 1000;
      t.count++;
      totals.set(e.name, t);
    }
    console.log(`\n== trace (${args.trace}), main thread, total ms per event (nested events overlap)`);
    for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
      console.log(`${t.ms.toFixed(1).padStart(8)} ms ${String(t.count).padStart(6)}×  ${name}`);
  }
  for (const phase of args.trace ? [] : ['steady', 'scrolling']) {
    const before = await page.evaluate(() => window.bench.beginWindow());
    await cdp.send('Profiler.start');
    if (phase === 'steady') await sleep(seconds * 1000);
    else await page.evaluate((ms) => window.bench.scrollFor({ ms }), seconds * 1000);
    const { profile } = await cdp.send('Profiler.stop');
    const after = await page.evaluate(() => window.bench.endWindow());
    const elapsed = (after.time - before.time) / 1000;
    print(
      `${phase}: ${(after.frames / elapsed).toFixed(1)} fps, p95 gap ${after.frameGapP95} ms`,
      await summarise(profile, after.received - before.received),
    );
  }
  await page.evaluate(() => window.bench.stopSource());
} finally {
  await browser.close();
  await server.close();
}

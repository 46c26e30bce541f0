// Where the time goes on the library's page: a CPU profile (CDP Profiler) of the page taking the
// in-page stream as fast as it can, on an unminified build of the CDN bundle with a source map, so
// each sample is charged to the code it ran: the in-page broker, MQTT.js (with its stand-ins), Lit, the
// library (a built-in such as dispatchEvent or TextDecoder counts for the script that called it), or
// the browser itself (garbage collection; style, layout and paint).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { rollup } from 'rollup';
import { SourceMapConsumer } from 'source-map-js';
import { cdnPlugins, onwarn } from '../rollup.config.mjs';

const debugBundle = '.bench/mqtt-elements.debug.js';

export async function buildDebugBundle(root) {
  const build = await rollup({
    input: resolve(root, 'dist/define.js'),
    plugins: cdnPlugins({ minify: false }),
    onwarn,
  });
  await build.write({ file: resolve(root, debugBundle), format: 'es', sourcemap: true });
  await build.close();
}

const outsideScript = 'browser: style, layout, paint and other work with no script running';

function categorise(source, functionName, url) {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return outsideScript;
  // A built-in (dispatchEvent, TextDecoder, a DOM setter…): charged to the script that called it.
  if (!url) return null;
  if (url.includes('/bench/pages/')) return 'benchmark page and in-page broker';
  if (!source) return outsideScript;
  if (/node_modules\/(mqtt|mqtt-packet|rfdc|worker-timers)/.test(source) || source.includes('build/shims/'))
    return 'MQTT.js';
  if (/node_modules\/(lit|lit-html|lit-element|@lit)/.test(source)) return 'Lit';
  if (/(^|\/)(dist|src)\//.test(source))
    return `library: ${source.replace(/^.*\/(dist|src)\//, '').replace(/\.js$/, '')}`;
  return `other: ${source}`;
}

/** Profiles `seconds` of the elements page at N = `count`; returns milliseconds and share per category. */
export async function profileElementsPage({ root, browser, origin, count = 100, seconds = 3 }) {
  await buildDebugBundle(root);
  const map = new SourceMapConsumer(JSON.parse(await readFile(resolve(root, `${debugBundle}.map`), 'utf8')));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${origin}/bench/pages/elements.html?lib=/${debugBundle}`);
    await page.waitForFunction(() => window.bench !== undefined);
    await page.evaluate(({ count }) => window.bench.setup({ count, transport: 'in-page' }), { count });
    await page.evaluate(({ count }) => window.bench.startSource({ count }), { count });
    await new Promise((r) => setTimeout(r, 1000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const before = await page.evaluate(() => window.bench.state.received);
    await cdp.send('Profiler.start');
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const { profile } = await cdp.send('Profiler.stop');
    const messages = (await page.evaluate(() => window.bench.state.received)) - before;
    await page.evaluate(() => window.bench.stopSource());
    await cdp.detach();

    const categoryOf = new Map();
    const parentOf = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const own = (node) => {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      let source = null;
      if (url.endsWith(debugBundle)) {
        source = map.originalPositionFor({ line: lineNumber + 1, column: Math.max(columnNumber, 0) }).source;
      }
      return categorise(source, functionName, url);
    };
    for (const node of profile.nodes) {
      let category = own(node);
      for (let up = parentOf.get(node.id); category === null && up !== undefined; up = parentOf.get(up)) {
        category = own(byId.get(up));
      }
      categoryOf.set(node.id, category ?? outsideScript);
    }
    const totals = new Map();
    let total = 0;
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas[index];
      const category = categoryOf.get(id);
      totals.set(category, (totals.get(category) ?? 0) + delta);
      total += delta;
    });
    const busy = total - (totals.get('idle') ?? 0);
    const rows = [...totals]
      .filter(([category]) => category !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([category, micros]) => ({ category, share: micros / busy, usPerMessage: micros / messages }));
    return {
      count,
      seconds,
      messages,
      messagesPerSecond: messages / seconds,
      usPerMessage: busy / messages,
      rows,
    };
  } finally {
    await page.close();
  }
}

// The explorer at scale, in headless Chromium with the in-page broker: 100,000 topics arriving as fast
// as the page takes them, then a steady 5,000 messages/s over them, on the explorer's page and on the
// same page without the explorer (the baseline), interleaved. Also: frames while scrolling, the heap,
// memory staying bounded once every topic's history is full, and a 1 MB payload shown in full.
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser } from './browser.mjs';
import { serve } from './static-server.mjs';
import { median, spread } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openPage(browser, origin, variant) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${origin}/bench/pages/explorer.html?variant=${variant}`);
  await page.waitForFunction(() => window.bench !== undefined);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, errors, cdp };
}

/** Seconds the main thread spent running tasks so far (scripts, style, layout, paint). */
async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Fills the page with `topics` topics (one message each), then measures the steady stream. */
async function measureVariant({ browser, origin, variant, topics, rate, seconds, warmupMs }) {
  const load = loadavg()[0];
  const { page, errors, cdp } = await openPage(browser, origin, variant);
  try {
    await page.evaluate(
      (count) => window.bench.setup({ count, transport: 'in-page', subscriptions: 1 }),
      topics,
    );

    const fillTaskStart = await taskSeconds(cdp);
    const fillStart = Date.now();
    await page.evaluate((count) => window.bench.pumpMessages({ count, total: count }), topics);
    const fillMs = Date.now() - fillStart;
    const fillTask = (await taskSeconds(cdp)) - fillTaskStart;
    const heap = await heapUsed(cdp);
    const opened = await page.evaluate(() => window.bench.openArea());

    await page.evaluate(({ count, rate }) => window.bench.startSource({ count, rate }), {
      count: topics,
      rate,
    });
    await sleep(warmupMs);
    await page.evaluate(() => window.bench.takeLongTasks());
    const taskStart = await taskSeconds(cdp);
    const begin = await page.evaluate(() => window.bench.beginWindow());
    await sleep(seconds * 1000);
    const end = await page.evaluate(() => window.bench.endWindow());
    const task = (await taskSeconds(cdp)) - taskStart;
    const longTasks = await page.evaluate(() => window.bench.takeLongTasks());

    // The same stream while the tree scrolls by 40 px every frame (the baseline has no tree: its frames
    // are those of the same page doing nothing but taking the stream).
    const scrollTaskStart = await taskSeconds(cdp);
    const scrollBegin = await page.evaluate(() => window.bench.beginWindow());
    await page.evaluate((ms) => window.bench.scrollFor({ ms }), seconds * 1000);
    const scrollEnd = await page.evaluate(() => window.bench.endWindow());
    const scrollTask = (await taskSeconds(cdp)) - scrollTaskStart;
    const scrollLongTasks = await page.evaluate(() => window.bench.takeLongTasks());
    await page.evaluate(() => window.bench.stopSource());

    if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join('; ')}`);
    const elapsed = (end.time - begin.time) / 1000;
    const messages = end.received - begin.received;
    const scrollElapsed = (scrollEnd.time - scrollBegin.time) / 1000;
    return {
      load,
      fillMs,
      fillUsPerMessage: (fillTask * 1e6) / topics,
      heap,
      rowsInDom: opened.rowsInDom,
      messagesPerSecond: messages / elapsed,
      framesPerSecond: end.frames / elapsed,
      frameGapP95: end.frameGapP95,
      usPerMessage: (task * 1e6) / messages,
      busyShare: task / elapsed,
      longTasks: longTasks.length,
      longestTask: Math.max(0, ...longTasks),
      scrollFramesPerSecond: scrollEnd.frames / scrollElapsed,
      scrollGapP95: scrollEnd.frameGapP95,
      scrollUsPerMessage: (scrollTask * 1e6) / (scrollEnd.received - scrollBegin.received),
      scrollBusyShare: scrollTask / scrollElapsed,
      scrollLongTasks: scrollLongTasks.length,
      scrollLongestTask: Math.max(0, ...scrollLongTasks),
    };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/** Heap with 1,000 topics once their histories are full, and after many more messages. */
async function measureBoundedMemory({ browser, origin, log }) {
  const { page, cdp } = await openPage(browser, origin, 'explorer');
  try {
    const count = 1_000;
    await page.evaluate(
      (count) => window.bench.setup({ count, transport: 'in-page', subscriptions: 1 }),
      count,
    );
    const historySize = await page.evaluate(() => window.explorer.historySize);
    const checkpoints = [];
    let sent = 0;
    // The first 200,000 fill every topic's history and warm the page up (the heap grows by a few MB of
    // compiled code and such in the first few hundred thousand messages, at no fixed point); from then on
    // it should stay flat, out to 2,000,000.
    for (const total of [200_000, 800_000, 1_000_000]) {
      await page.evaluate(({ count, total }) => window.bench.pumpMessages({ count, total }), {
        count,
        total,
      });
      sent += total;
      checkpoints.push({ messages: sent, heap: await heapUsed(cdp) });
      log(
        `explorer memory: ${sent} messages on ${count} topics, heap ${(checkpoints.at(-1).heap / 1e6).toFixed(2)} MB`,
      );
    }
    return { count, historySize, checkpoints };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

async function measureShowAll({ browser, origin, bytes, binary }) {
  const { page, cdp } = await openPage(browser, origin, 'explorer');
  try {
    await page.evaluate(() => window.bench.setup({ count: 1, transport: 'in-page', subscriptions: 1 }));
    return await page.evaluate((options) => window.bench.showAll(options), { bytes, binary });
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

export async function runExplorerBenchmark({
  root,
  repeat = 3,
  topics = 100_000,
  rate = 5_000,
  seconds = 4,
  warmupMs = 1500,
  log = () => {},
}) {
  const server = await serve(root);
  const { browser, version } = await openBrowser();
  try {
    const runs = { explorer: [], baseline: [] };
    for (let r = 0; r < repeat; r++) {
      for (const variant of ['explorer', 'baseline']) {
        const run = await measureVariant({
          browser,
          origin: server.origin,
          variant,
          topics,
          rate,
          seconds,
          warmupMs,
        });
        runs[variant].push(run);
        log(
          `explorer ${variant} #${r + 1}: fill ${run.fillMs} ms, ${run.framesPerSecond.toFixed(1)} fps at ` +
            `${Math.round(run.messagesPerSecond)} msg/s, ${run.usPerMessage.toFixed(1)} µs/msg, ${run.longTasks} long tasks; ` +
            `scrolling ${run.scrollFramesPerSecond.toFixed(1)} fps, ${run.scrollUsPerMessage.toFixed(1)} µs/msg, ` +
            `${run.scrollLongTasks} long tasks; heap ${(run.heap / 1e6).toFixed(1)} MB`,
        );
      }
    }
    const summary = {};
    for (const [variant, list] of Object.entries(runs)) {
      const pick = (key) => list.map((run) => run[key]);
      summary[variant] = Object.fromEntries(
        Object.keys(list[0]).map((key) => [key, { median: median(pick(key)), spread: spread(pick(key)) }]),
      );
    }
    const memory = await measureBoundedMemory({ browser, origin: server.origin, log });
    const showAll = [];
    for (const binary of [false, true]) {
      const shown = await measureShowAll({ browser, origin: server.origin, bytes: 1_000_000, binary });
      showAll.push(shown);
      log(
        `explorer 1 MB ${binary ? 'binary' : 'text'} payload: first part ${Math.round(shown.firstShown)} ms ` +
          `(long tasks: ${shown.firstLongTasks.map(Math.round).join(', ') || 'none'}), all ${Math.round(shown.allShown)} ms ` +
          `(long tasks: ${shown.longTasks.map(Math.round).join(', ') || 'none'})`,
      );
    }
    // What a page that adds the explorer downloads on top of the main bundle.
    const entryGzip = gzipSync(await readFile(resolve(root, 'cdn/mqtt-explorer.js')), { level: 9 }).length;
    return { chromium: version, topics, rate, seconds, repeat, summary, runs, memory, showAll, entryGzip };
  } finally {
    await browser.close();
    await server.close();
  }
}

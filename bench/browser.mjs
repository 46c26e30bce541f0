// End-to-end benchmarks in headless Chromium: the library's page against the page a user would write
// with MQTT.js by hand, through the real broker (Aedes) and through an in-page broker; then memory and
// time to first value on the library's page.
import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { startBroker } from '../dev/broker.mjs';
import { chromiumArgs, findChromium, missingChromiumMessage } from '../dev/chromium.mjs';
import { cdnPlugins, onwarn } from '../rollup.config.mjs';
import { profileElementsPage } from './profile.mjs';
import { serve } from './static-server.mjs';
import { median, spread } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** MQTT.js as the CDN bundle carries it, alone, for the hand-written page's `?mqtt=slim` variant. */
async function buildSlimMqtt(root) {
  const build = await rollup({ input: resolve(root, 'build/shims/mqtt.mjs'), plugins: cdnPlugins(), onwarn });
  await build.write({ file: resolve(root, '.bench/mqtt-slim.js'), format: 'es' });
  await build.close();
}

export async function openBrowser() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingChromiumMessage);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  return { browser, version: browser.version() };
}

async function openPage(browser, origin, path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${origin}/bench/pages/${path}`);
  await page.waitForFunction(() => window.bench !== undefined);
  return { page, errors };
}

/**
 * Feeds the page from Node through Aedes, as fast as the page keeps up: at most `inFlight` messages are
 * published but not yet handled by the page. The page answers the count only between the messages it
 * is busy with (half a second apart when it is saturated), so the window is wide enough never to run dry.
 */
async function publishThroughBroker({ page, client, count, until, inFlight = 20_000 }) {
  let sent = 0;
  while (Date.now() < until) {
    const received = await page.evaluate(() => window.bench.state.received);
    const room = inFlight - (sent - received);
    for (let i = 0; i < room; i++, sent++)
      client.publish(`bench/t/${sent % count}`, String((sent % 1000) / 10));
    await sleep(5);
  }
  return sent;
}

/** One measurement: a fresh page, N values, a warm-up, then a window of `seconds`. */
async function measure({
  browser,
  origin,
  broker,
  publisher,
  pagePath,
  count,
  transport,
  warmupMs,
  seconds,
  rate,
}) {
  const { page, errors } = await openPage(browser, origin, pagePath);
  try {
    const { clientId } = await page.evaluate(
      ({ count, transport, url }) => window.bench.setup({ count, transport, url }),
      { count, transport, url: broker.wsUrl },
    );
    if (transport === 'broker') {
      // Ready when Aedes has seen every SUBSCRIBE from this page.
      const start = Date.now();
      while (
        broker.packetLog.filter((p) => p.type === 'subscribe' && p.clientId === clientId).length < count
      ) {
        if (Date.now() - start > 120_000) throw new Error('subscriptions did not complete');
        await sleep(50);
      }
    }
    let feeding;
    const stopAt = Date.now() + warmupMs + seconds * 1000 + 500;
    if (transport === 'in-page') {
      await page.evaluate(({ count, rate }) => window.bench.startSource({ count, rate: rate ?? Infinity }), {
        count,
        rate,
      });
    } else {
      feeding = publishThroughBroker({ page, client: publisher, count, until: stopAt });
    }
    await sleep(warmupMs);
    const begin = await page.evaluate(() => window.bench.beginWindow());
    await sleep(seconds * 1000);
    const end = await page.evaluate(() => window.bench.endWindow());
    if (transport === 'in-page') await page.evaluate(() => window.bench.stopSource());
    await feeding;
    const elapsed = (end.time - begin.time) / 1000;
    const messages = end.received - begin.received;
    if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join('; ')}`);
    return {
      messagesPerSecond: messages / elapsed,
      framesPerSecond: end.frames / elapsed,
      frameGapP95: end.frameGapP95,
      frameGapMax: end.frameGapMax,
      renders: end.renders,
      renderFrames: end.renderFrames,
      doubleRenders: end.doubleRenders,
      messageFrames: end.messageFrames,
      messages,
    };
  } finally {
    await page.close();
  }
}

const pages = {
  elements: 'elements.html',
  hand: 'hand.html',
  'hand-slim': 'hand.html?mqtt=slim',
};

function summarise(runs) {
  const pick = (key) => runs.map((r) => r[key]);
  const sum = (key) => pick(key).reduce((a, b) => a + b, 0);
  return {
    messagesPerSecond: median(pick('messagesPerSecond')),
    messagesSpread: spread(pick('messagesPerSecond')),
    framesPerSecond: median(pick('framesPerSecond')),
    framesSpread: spread(pick('framesPerSecond')),
    frameGapP95: median(pick('frameGapP95').filter((v) => v !== null)),
    // Renders per element per frame in which it rendered (1 means never twice in a frame), and messages
    // per render (how much rendering once per frame saves).
    rendersPerElementFrame: sum('renderFrames') ? sum('renders') / sum('renderFrames') : null,
    doubleRenders: sum('doubleRenders'),
    messagesPerRender: sum('renders') ? sum('messages') / sum('renders') : null,
    runs: runs.length,
  };
}

export async function runBrowserBenchmark({
  root,
  sizes = [100, 1_000, 10_000],
  repeat = 3,
  seconds = 4,
  warmupMs = 1500,
  memory = true,
  throughput = true,
  log = () => {},
}) {
  await buildSlimMqtt(root);
  const server = await serve(root);
  const broker = await startBroker({ wsPort: 0, tcpPort: 0 });
  const publisher = await mqtt.connectAsync(broker.tcpUrl, { clientId: 'bench_publisher' });
  const { browser, version } = await openBrowser();
  const results = { chromium: version, throughput: [], fixedRate: [], memory: null, firstValue: null };
  try {
    const common = { browser, origin: server.origin, broker, publisher, warmupMs, seconds };
    for (const transport of throughput ? ['in-page', 'broker'] : []) {
      const variants = transport === 'in-page' ? ['elements', 'hand', 'hand-slim'] : ['elements', 'hand'];
      for (const count of sizes) {
        const runs = Object.fromEntries(variants.map((v) => [v, []]));
        // Interleaved (A B C A B C …) so that load from others on the machine spreads over all variants.
        for (let r = 0; r < repeat; r++) {
          for (const variant of variants) {
            const run = await measure({ ...common, pagePath: pages[variant], count, transport });
            runs[variant].push(run);
            log(
              `${transport} N=${count} ${variant} #${r + 1}: ${Math.round(run.messagesPerSecond)} msg/s, ` +
                `${run.framesPerSecond.toFixed(1)} fps`,
            );
          }
        }
        const row = { transport, count };
        for (const variant of variants) row[variant] = summarise(runs[variant]);
        results.throughput.push(row);
      }
    }

    // Frames per second at a steady rate a wall screen might see: every value changing about once a second.
    const count = sizes[sizes.length - 1];
    for (const rate of throughput ? [count, 5 * count] : []) {
      const runs = { elements: [], hand: [] };
      for (let r = 0; r < repeat; r++) {
        for (const variant of ['elements', 'hand']) {
          runs[variant].push(
            await measure({ ...common, pagePath: pages[variant], count, transport: 'in-page', rate }),
          );
        }
      }
      results.fixedRate.push({ count, rate, elements: summarise(runs.elements), hand: summarise(runs.hand) });
      log(
        `fixed ${rate} msg/s N=${count}: elements ${results.fixedRate.at(-1).elements.framesPerSecond.toFixed(1)} fps`,
      );
    }

    if (throughput) {
      results.profile = await profileElementsPage({ root, browser, origin: server.origin, count: sizes[0] });
      log(`profile N=${sizes[0]}: ${results.profile.usPerMessage.toFixed(1)} µs of main thread per message`);
    }

    if (memory) {
      results.memory = await measureMemory({ browser, origin: server.origin, log });
      results.firstValue = await measureFirstValue({ browser, origin: server.origin, log });
    }
  } finally {
    await browser.close();
    await publisher.endAsync();
    await broker.close();
    await server.close();
  }
  await writeFile(resolve(root, '.bench/browser-results.json'), JSON.stringify(results, null, 2));
  return results;
}

async function heapUsed(page) {
  const cdp = await page.context().newCDPSession(page);
  // Twice: objects freed by the first collection's finalisers go in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** Heap after element churn and after a million messages, both on the library's page, in-page broker. */
async function measureMemory({ browser, origin, log }) {
  const out = {};
  {
    const { page } = await openPage(browser, origin, 'elements.html');
    await page.evaluate(() => window.bench.setup({ count: 100, transport: 'in-page' }));
    const start = await heapUsed(page);
    let offset = 0;
    const checkpoints = [];
    for (const cycles of [1_000, 4_000, 5_000]) {
      const { subscriptions } = await page.evaluate((args) => window.bench.attachDetach(args), {
        cycles,
        offset,
      });
      offset += cycles;
      checkpoints.push({ cycles: offset, heap: await heapUsed(page), subscriptions });
      log(
        `attach/detach ${offset}: heap ${(checkpoints.at(-1).heap / 1e6).toFixed(2)} MB, ${subscriptions} filters`,
      );
    }
    out.attachDetach = { start, checkpoints };
    await page.close();
  }
  {
    const { page } = await openPage(browser, origin, 'elements.html');
    const count = 1_000;
    await page.evaluate(({ count }) => window.bench.setup({ count, transport: 'in-page' }), { count });
    // One pass first, so every element holds a value and the cache holds every topic.
    await page.evaluate(({ count }) => window.bench.pumpMessages({ count, total: count }), { count });
    const checkpoints = [{ messages: 0, heap: await heapUsed(page) }];
    const started = Date.now();
    for (let sent = 0; sent < 1_000_000;) {
      await page.evaluate(({ count }) => window.bench.pumpMessages({ count, total: 250_000 }), { count });
      sent += 250_000;
      checkpoints.push({ messages: sent, heap: await heapUsed(page) });
      log(`messages ${sent}: heap ${(checkpoints.at(-1).heap / 1e6).toFixed(2)} MB`);
    }
    out.messages = { count, checkpoints, seconds: (Date.now() - started) / 1000 };
    await page.close();
  }
  return out;
}

async function measureFirstValue({ browser, origin, log }) {
  const { page } = await openPage(browser, origin, 'elements.html');
  await page.evaluate(() => window.bench.setup({ count: 100, transport: 'in-page' }));
  const result = await page.evaluate(() => window.bench.firstValue({ trials: 100 }));
  for (const [name, r] of Object.entries(result))
    log(`first value, ${name}: ${r.sameFrame}/${r.trials} in the same frame`);
  await page.close();
  return result;
}

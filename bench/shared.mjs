// `node bench/run.mjs --only=shared`: N = 1,000 `<mqtt-subscribe>` spread over 3 tabs of one browser,
// each tab with a client of its own against all three sharing one client in the SharedWorker
// (`<mqtt-connection shared>`), through Aedes. Messages per second (as fast as the tabs take them)
// and latency from publish to the element's `mqtt-message` (at a steady rate), interleaved runs, so the
// ratio shared/own comes from one run on one machine.
import mqtt from 'mqtt';
import { startBroker } from '../dev/broker.mjs';
import { openBrowser } from './browser.mjs';
import { serve } from './static-server.mjs';
import { median, spread } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function openTabs(context, origin, { mode, count, tabs, url }) {
  const pages = [];
  const per = Math.ceil(count / tabs);
  for (let t = 0; t < tabs; t++) {
    const page = await context.newPage();
    const query = new URLSearchParams({
      mode,
      url,
      from: String(t * per),
      to: String(Math.min(count, (t + 1) * per)),
    });
    await page.goto(`${origin}/bench/pages/shared.html?${query}`);
    await page.waitForFunction(() => window.bench !== undefined);
    pages.push(page);
  }
  const ready = await Promise.all(pages.map((page) => page.evaluate(() => window.bench.ready())));
  if (ready.some((r) => r.mode !== (mode === 'shared' ? 'shared' : 'own')))
    throw new Error(`a tab is not in ${mode} mode: ${JSON.stringify(ready)}`);
  return pages;
}

const totalReceived = async (pages) =>
  (await Promise.all(pages.map((p) => p.evaluate(() => window.bench.state.received)))).reduce(
    (a, b) => a + b,
    0,
  );

/** As fast as the tabs take them: at most `inFlight` messages published and not yet counted by a tab. */
async function throughput({ pages, publisher, count, seconds, warmupMs, inFlight = 3_000 }) {
  let sent = 0;
  let stop = false;
  const feed = (async () => {
    while (!stop) {
      const room = inFlight - (sent - (await totalReceived(pages)));
      for (let i = 0; i < room; i++, sent++) publisher.publish(`bench/s/${sent % count}`, String(Date.now()));
      await sleep(5);
    }
  })();
  await sleep(warmupMs);
  const begin = await Promise.all(pages.map((p) => p.evaluate(() => window.bench.begin())));
  await sleep(seconds * 1000);
  const end = await Promise.all(pages.map((p) => p.evaluate(() => window.bench.end())));
  stop = true;
  await feed;
  const messages = end.reduce((sum, e, i) => sum + e.received - begin[i].received, 0);
  const elapsed = Math.max(...end.map((e, i) => e.time - begin[i].time)) / 1000;
  return messages / elapsed;
}

/** `rate` messages a second over all topics; latency of each, publish to `mqtt-message`. */
async function latency({ pages, publisher, count, seconds, rate }) {
  let sent = 0;
  let stop = false;
  const tick = 20;
  const feed = (async () => {
    while (!stop) {
      for (let i = 0; i < (rate * tick) / 1000; i++, sent++)
        publisher.publish(`bench/s/${sent % count}`, String(Date.now()));
      await sleep(tick);
    }
  })();
  await sleep(500);
  await Promise.all(pages.map((p) => p.evaluate(() => window.bench.begin())));
  await sleep(seconds * 1000);
  const end = await Promise.all(pages.map((p) => p.evaluate(() => window.bench.end())));
  stop = true;
  await feed;
  const all = end.flatMap((e) => e.latencies);
  return { p50: percentile(all, 50), p95: percentile(all, 95), samples: all.length };
}

export async function runSharedBenchmark({
  root,
  count = 1_000,
  tabs = 3,
  repeat = 3,
  seconds = 4,
  rate = 1_000,
  log = () => {},
}) {
  const server = await serve(root);
  const broker = await startBroker({ wsPort: 0, tcpPort: 0 });
  const publisher = await mqtt.connectAsync(broker.tcpUrl, { clientId: 'bench_shared_publisher' });
  const { browser, version } = await openBrowser();
  const runs = { own: [], shared: [] };
  try {
    for (let r = 0; r < repeat; r++) {
      // Interleaved, so that load from others on the machine falls on both alike.
      for (const mode of ['own', 'shared']) {
        // A fresh browser profile for each run: no worker or connection left from the one before.
        const context = await browser.newContext();
        try {
          const pages = await openTabs(context, server.origin, { mode, count, tabs, url: broker.wsUrl });
          const messagesPerSecond = await throughput({ pages, publisher, count, seconds, warmupMs: 1_000 });
          const lat = await latency({ pages, publisher, count, seconds, rate });
          runs[mode].push({ messagesPerSecond, ...lat });
          log(
            `${mode} #${r + 1}: ${Math.round(messagesPerSecond)} msg/s; latency p50 ${lat.p50} ms, p95 ${lat.p95} ms`,
          );
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await publisher.endAsync();
    await broker.close();
    await server.close();
  }
  const summary = (list) => ({
    messagesPerSecond: median(list.map((r) => r.messagesPerSecond)),
    messagesSpread: spread(list.map((r) => r.messagesPerSecond)),
    p50: median(list.map((r) => r.p50)),
    p95: median(list.map((r) => r.p95)),
  });
  return {
    chromium: version,
    count,
    tabs,
    rate,
    seconds,
    repeat,
    own: summary(runs.own),
    shared: summary(runs.shared),
  };
}

export const sharedMarkers = ['<!-- shared:start -->', '<!-- shared:end -->'];

/** The shared-connection section of BENCHMARKS.md, between markers so it can be rewritten alone. */
export function sharedSection(result, meta) {
  const { own, shared } = result;
  const int = (n) => Math.round(n).toLocaleString('en-US');
  const pct = (s) => `±${Math.round(s * 100)} %`;
  return [
    sharedMarkers[0],
    '## One connection shared by several tabs (`<mqtt-connection shared>`)',
    '',
    ...(meta ? [meta, ''] : []),
    `N = ${int(result.count)} \`<mqtt-subscribe>\` on distinct topics spread over ${result.tabs} tabs of one browser,`,
    'from `cdn/mqtt-elements.js` and its worker (bench/pages/shared.html), through Aedes. **own**: each tab',
    'has a client of its own (three connections); **shared**: the three tabs share one client in the',
    'SharedWorker, and every message crosses from the worker to the tab that shows it. Messages per second:',
    'published from Node as fast as the tabs take them (summed over the tabs); latency: from publish',
    `(the publisher's clock) to the element's \`mqtt-message\`, at ${int(result.rate)} messages/s for ${result.seconds} s.`,
    `Medians of ${result.repeat} interleaved runs.`,
    '',
    '| | own client per tab | shared client | shared / own |',
    '|---|---|---|---|',
    `| messages/s | ${int(own.messagesPerSecond)} (${pct(own.messagesSpread)}) | ${int(shared.messagesPerSecond)} (${pct(shared.messagesSpread)}) | ${(shared.messagesPerSecond / own.messagesPerSecond).toFixed(2)}× |`,
    `| latency p50 | ${own.p50} ms | ${shared.p50} ms | ${(shared.p50 / Math.max(own.p50, 1)).toFixed(2)}× |`,
    `| latency p95 | ${own.p95} ms | ${shared.p95} ms | ${(shared.p95 / Math.max(own.p95, 1)).toFixed(2)}× |`,
    '',
    sharedMarkers[1],
    '',
  ];
}

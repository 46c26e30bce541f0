// `persist` at load: a wall-screen page (50 readouts and a chart on one connection) reloaded with what
// it showed kept on the device. Measures, from navigation, the first frame showing a restored value,
// the first showing the chart drawn from its kept history, and the first showing a live value; and the
// same page without `persist` (the baseline) to its first live value, interleaved, in one browser.
//
// Each repeat uses a fresh browser context (its own IndexedDB): a first visit shows live values and 200
// chart points, waits until they are kept, then the retained values change at the broker, and the
// page is opened again with `persist` and without.
import mqtt from 'mqtt';
import { startBroker } from '../dev/broker.mjs';
import { openBrowser } from './browser.mjs';
import { serve } from './static-server.mjs';
import { median, spread } from './stats.mjs';

const values = 50;
const chartPoints = 200;

async function publishValues(client, base, round) {
  await Promise.all(
    Array.from({ length: values }, (_, i) =>
      client.publishAsync(`${base}/v${i}`, String(round * 1000 + i), { qos: 1, retain: true }),
    ),
  );
}

async function visit(context, origin, query) {
  const page = await context.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${origin}/bench/pages/persist.html?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => window.benchPersist !== undefined);
  return { page, errors };
}

export async function runPersistBenchmark({ root, repeat, log }) {
  const server = await serve(root);
  const broker = await startBroker({ wsPort: 0, tcpPort: 0 });
  const publisher = await mqtt.connectAsync(broker.tcpUrl, { clientId: 'bench_persist_publisher' });
  const { browser, version } = await openBrowser();
  const runs = { persist: [], plain: [] };
  try {
    for (let r = 0; r < repeat; r++) {
      const base = `bench/persist${r}/${Date.now()}`;
      const key = `bench-${r}`;
      const context = await browser.newContext();
      try {
        // The first visit: live values, a chart history, kept on the device.
        await publishValues(publisher, base, 1);
        const first = await visit(context, server.origin, { url: broker.wsUrl, base, values, key });
        await first.page.waitForFunction(() => window.benchPersist.liveShown(0), null, { timeout: 30_000 });
        for (let p = 0; p < chartPoints; p++)
          await publisher.publishAsync(`${base}/chart`, String(20 + Math.sin(p / 10)));
        await first.page.waitForFunction((n) => window.benchPersist.liveShown(n), chartPoints, {
          timeout: 30_000,
        });
        await first.page.evaluate(([m, n]) => window.benchPersist.kept(m, n), [values, chartPoints]);
        if (first.errors.length) throw new Error(`the first visit failed: ${first.errors.join('; ')}`);
        await first.page.close();
        // What the broker holds now differs from what was kept: a live value is told from a restored one.
        await publishValues(publisher, base, 2);

        for (const variant of r % 2 === 0 ? ['persist', 'plain'] : ['plain', 'persist']) {
          const query = { url: broker.wsUrl, base, values, ...(variant === 'persist' && { key }) };
          const { page, errors } = await visit(context, server.origin, query);
          const firsts = await page.evaluate(() => window.benchPersist.firsts);
          if (errors.length) throw new Error(`the ${variant} page failed: ${errors.join('; ')}`);
          runs[variant].push(firsts);
          const said = (name, ms) => (ms === null ? '' : `${name} ${Math.round(ms)} ms, `);
          log(
            `${variant} #${r + 1}: ${said('first restored value', firsts.restoredMs)}${said('chart history', firsts.chartRestoredMs)}first live value ${Math.round(firsts.liveMs)} ms`,
          );
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await publisher.endAsync();
    await broker.close();
    await server.close();
  }
  const summary = (list, name) => {
    const numbers = list.map((run) => run[name]);
    return { median: median(numbers), spread: spread(numbers) };
  };
  const persist = {
    restoredMs: summary(runs.persist, 'restoredMs'),
    chartRestoredMs: summary(runs.persist, 'chartRestoredMs'),
    liveMs: summary(runs.persist, 'liveMs'),
  };
  const plain = { liveMs: summary(runs.plain, 'liveMs') };
  return {
    chromium: version,
    values,
    chartPoints,
    repeat,
    persist,
    plain,
    restoredToPlainLive: persist.restoredMs.median / plain.liveMs.median,
    liveToPlainLive: persist.liveMs.median / plain.liveMs.median,
  };
}

// `node bench/persist.mjs [--repeat=5]` runs it alone and prints the figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.split('=')[1] ?? 5);
  const result = await runPersistBenchmark({ root, repeat, log: (line) => console.log(`  ${line}`) });
  console.log(JSON.stringify(result, null, 2));
}

// `npm run soak`: a page of mqtt-elements left running against Mosquitto while everything that
// happens to an unattended wall screen happens to it, faster. Its credentials expire every 20 s, the
// broker is restarted every minute, the link is cut or black-holed at random, and a Node client
// publishes a steady numbered QoS 1 stream and some QoS 2. At the end, after a drain with the faults
// stopped: what was lost, what came twice, how often it reconnected and renewed, and whether its heap
// stayed flat. Exits 1 when anything was lost, a QoS 2 message came twice or the heap grew too much.
//
// `npm run soak -- --minutes=1` for a short try; `--help` lists the options. Loopback only.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTcpProxy } from '../test/brokers/tcp-proxy.mjs';
import { requirePrograms } from './programs.mjs';
import { startStaticServer } from './static-server.mjs';
import { startCredentialRotation } from './soak/credential-rotation.mjs';
import { startLinkFaults } from './soak/link-faults.mjs';
import { parseOptions } from './soak/options.mjs';
import { openSoakPage } from './soak/page-driver.mjs';
import { startPublisher } from './soak/publisher.mjs';
import { startReferenceSubscriber } from './soak/reference-subscriber.mjs';
import { seededRandom } from './soak/random.mjs';
import { failuresOf, table, writeReport } from './soak/report.mjs';
import { SequenceTally } from './soak/sequence-tally.mjs';
import { startSoakBroker } from './soak/soak-broker.mjs';
import { startTokenServer } from './soak/token-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const clock = () => {
  const s = Math.floor((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
/** Every line logged, with its time: a repeat or a loss can be set beside the faults of its moment. */
const timeline = [];
const log = (line) => {
  timeline.push({ at: Date.now(), line });
  console.log(`[${clock()}] ${line}`);
};
const loadAverage = () => loadavg().map((l) => Number(l.toFixed(2)));

/** What was started, stopped in reverse order at the end, on an error and on Ctrl-C. */
const stops = [];
const stopEverything = async () => {
  while (stops.length > 0) {
    try {
      await stops.pop()();
    } catch (err) {
      console.error(`While stopping: ${err.message}`);
    }
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping everything the soak started`);
    void stopEverything().then(() => process.exit(130));
  });
}

async function soak(options) {
  const tools = requirePrograms(['chromium', 'mosquitto', 'mosquitto_passwd']);
  const random = seededRandom(options.seed);
  const figures = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    minutes: options.minutes,
    seed: options.seed,
    options,
    machine: { cpus: cpus().length, node: process.version, loadAverageStart: loadAverage() },
  };

  const scratch = mkdtempSync(join(tmpdir(), 'mqtt-elements-soak-'));
  stops.push(() => rmSync(scratch, { recursive: true, force: true }));
  const publisherLogin = { username: 'soak-publisher', password: randomBytes(12).toString('hex') };
  const referenceLogin = { username: 'soak-reference', password: randomBytes(12).toString('hex') };
  let broker;
  const rotation = await startCredentialRotation({
    tool: tools.mosquitto_passwd,
    passwordFile: join(scratch, 'passwd'),
    fixedUsers: {
      [publisherLogin.username]: publisherLogin.password,
      [referenceLogin.username]: referenceLogin.password,
    },
    rotateMs: options.rotateSeconds * 1000,
    overlapMs: options.overlapSeconds * 1000,
    onChange: () => void broker?.reload(),
  });
  stops.push(() => rotation.stop());
  broker = await startSoakBroker({
    passwordFile: join(scratch, 'passwd'),
    logFile: options.brokerLog ? resolve(root, options.brokerLog) : undefined,
  });
  stops.push(() => broker.close());
  const proxy = await startTcpProxy({ targetPort: broker.wsPort });
  stops.push(() => proxy.close());
  const tokens = await startTokenServer(rotation);
  stops.push(() => tokens.close());
  const web = await startStaticServer({ root, port: 0 });
  stops.push(() => web.close());
  log(
    `Mosquitto (pid ${broker.pid}) on ${broker.tcpUrl} and ws port ${broker.wsPort}, page through proxy port ${proxy.port}`,
  );

  const publisher = await startPublisher({
    url: broker.tcpUrl,
    ...publisherLogin,
    rates: { 1: options.qos1Rate, 2: options.qos2Rate },
  });
  stops.push(() => publisher.close());

  const tallies = { 1: new SequenceTally(), 2: new SequenceTally() };
  // The same streams in Node, outside the page: straight to the broker's TCP port (broker restarts
  // only) and through the proxy (every fault but the expiring passwords).
  const references = {};
  for (const [name, url] of [
    ['direct', broker.tcpUrl],
    ['proxied', `ws://127.0.0.1:${proxy.port}/mqtt`],
  ]) {
    const tally = { 1: new SequenceTally(), 2: new SequenceTally() };
    const subscriber = await startReferenceSubscriber({
      url,
      clientId: `soak-reference-${name}`,
      ...referenceLogin,
      onMessage: (qos, seq) => tally[qos].record(seq),
    });
    stops.push(() => subscriber.close());
    references[name] = tally;
  }
  const statusCounts = {};
  const errorCodes = {};
  const reasons = {};
  let pageStatus = 'idle';
  const onBatch = (batch) => {
    for (const [qos, seq, at] of batch.deliveries) tallies[qos].record(seq, at);
    for (const { status, reason } of batch.statuses) {
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      log(reason ? `page ${status}: ${reason}` : `page ${status}`);
      // The first sentence says why, without the advice that follows it.
      const why = reason?.split(/\. /)[0];
      if (why) reasons[why] = (reasons[why] ?? 0) + 1;
    }
    for (const { code } of batch.errors) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    pageStatus = batch.status;
  };
  const pageUrl =
    `http://127.0.0.1:${web.port}/dev/soak/page.html?` +
    new URLSearchParams({
      broker: `ws://127.0.0.1:${proxy.port}/mqtt`,
      token: tokens.url,
      keepalive: String(options.keepalive),
    });
  const page = await openSoakPage({ pageUrl, onBatch });
  stops.push(() => page.close());
  figures.machine.chromium = page.browserVersion;

  // A new session holds nothing published before its SUBSCRIBE: the stream starts once the broker has
  // both of the page's subscriptions.
  await waitFor(
    () =>
      ['soak/qos1', 'soak/qos2'].every((topic) =>
        broker.packetLog.some(
          (p) => p.type === 'subscribe' && p.clientId === 'soak-page' && p.topic === topic,
        ),
      ),
    30_000,
    'The page did not subscribe within 30 s.',
  );
  publisher.start();
  log('page subscribed; stream started');
  await waitFor(
    () => tallies[1].deliveries > 0 && tallies[2].deliveries > 0,
    30_000,
    'No message reached the page.',
  );
  // A warm page (templates, buffers, the first messages) before the heap is weighed.
  await sleep(10_000);
  const heapStart = await page.heapUsed();
  log(`heap at start ${(heapStart / 1024).toFixed(0)} KiB; faults start`);

  const linkFaults = startLinkFaults({
    proxy,
    random,
    gapMs: [10_000, 40_000],
    holeMs: [10_000, 40_000],
    log,
  });
  stops.push(() => linkFaults.stop());
  // Half a period in, then every period: a one-minute try restarts the broker too.
  const restart = () => {
    log('broker restart (SIGTERM)');
    void broker.restart().then(() => log(`broker back (pid ${broker.pid})`));
  };
  let restartTimer = setTimeout(() => {
    restart();
    restartTimer = setInterval(restart, options.restartSeconds * 1000);
  }, options.restartSeconds * 500);
  stops.push(() => clearInterval(restartTimer));

  const faultsEnd = Date.now() + options.minutes * 60_000;
  const progress = () => {
    const shown = (q) =>
      `${tallies[q].summary(publisher.streams[q]).shown}/${publisher.streams[q].published}`;
    log(`page ${pageStatus}; QoS 1 shown ${shown(1)}, QoS 2 ${shown(2)}; broker restarts ${broker.restarts}`);
  };
  while (Date.now() < faultsEnd) {
    await sleep(Math.min(30_000, faultsEnd - Date.now()));
    progress();
  }

  // The drain: no faults, no new messages, the current password valid until the end.
  clearInterval(restartTimer);
  linkFaults.stop();
  rotation.stop();
  publisher.stop();
  await broker.idle();
  log('faults stopped; draining');
  const drainStart = Date.now();
  const everythingShown = () =>
    publisher.settled &&
    [tallies, ...Object.values(references)].every((tally) =>
      [1, 2].every((q) => [...publisher.streams[q].acknowledged].every((seq) => tally[q].has(seq))),
    );
  while (!everythingShown() && Date.now() - drainStart < options.drainSeconds * 1000) await sleep(1_000);
  await page.stopCollecting();
  figures.drainSeconds = Math.round((Date.now() - drainStart) / 1000);
  progress();

  const heapEnd = await page.heapUsed();
  const renewals = await page.renewals();
  figures.machine.loadAverageEnd = loadAverage();
  Object.assign(figures, {
    qos1: tallies[1].summary(publisher.streams[1]),
    qos2: tallies[2].summary(publisher.streams[2]),
    publisher: {
      reconnects: publisher.reconnects,
      failed: publisher.streams[1].failed + publisher.streams[2].failed,
    },
    page: {
      reconnects: Math.max(0, (statusCounts.connected ?? 0) - 1),
      statusCounts,
      reasons,
      errorCodes,
      heapStart,
      heapEnd,
      pageErrors: page.pageErrors,
      consoleProblems: page.consoleProblems.length,
    },
    credentials: {
      renewals,
      tokenFetches: tokens.fetches,
      ...rotation.counts,
    },
    broker: {
      restarts: broker.restarts,
      pageConnections: broker.connectLog.filter((e) => e.type === 'connect' && e.clientId === 'soak-page')
        .length,
    },
    link: linkFaults.counts,
    references: Object.fromEntries(
      Object.entries(references).map(([name, tally]) => [
        name,
        { qos1: tally[1].summary(publisher.streams[1]), qos2: tally[2].summary(publisher.streams[2]) },
      ]),
    ),
    timeline,
  });
  figures.failures = failuresOf(figures, options);
  return figures;
}

async function waitFor(condition, ms, message) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(message);
    await sleep(100);
  }
}

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
if (options.help) {
  console.log(options.help);
  process.exit(0);
}
let exitCode = 1;
try {
  const figures = await soak(options);
  await stopEverything();
  console.log(`\n${table(figures)}\n`);
  await writeReport(resolve(root, options.report), figures);
  console.log(`Figures written to ${options.report}.`);
  if (figures.failures.length === 0) {
    console.log('✓ Nothing lost, no QoS 2 duplicate, heap flat.');
    exitCode = 0;
  } else {
    for (const failure of figures.failures) console.error(`✗ ${failure}`);
  }
} catch (err) {
  console.error(`The soak stopped: ${err.stack ?? err.message}`);
  await stopEverything();
}
process.exit(exitCode);

// `npm run test:storybook`: opens every story of the static Storybook build in headless Chromium,
// against the embedded broker and the demo simulator, and fails when a story throws, logs a console
// error, or (being live) never receives data. Run `npm run build-storybook` first.
//
// The story convention it relies on (a story's tags are in storybook-static/index.json):
//   tags: ['expect-errors']  the story demonstrates a failure (a bad URL, a broker that is gone, a
//                            payload that does not fit, a stale value). Console errors are allowed, and
//                            instead of data the story must show its failure: an element in the
//                            `error`, `stale` or `unavailable` state, or a connection in `error`,
//                            `reconnecting`, `offline` or `closed`. Page exceptions still fail: a
//                            failure must never crash the page.
//   every other story        is live: every subscribing element in it must receive data (hold a
//                            message, a value or a state) or, when it has no subscribing element at
//                            all, its connection must reach `connected`.
//
// Environment:
//   MQTT_WS_PORT     WebSocket port of the embedded broker (default 8083, the stories' default URL;
//                    another port is handed to the stories as `?broker=` on the preview URL)
//   MQTT_TCP_PORT    TCP port of the embedded broker, used by the simulator (default 1883)
//   CHROME_PATH      the Chromium to drive (default /usr/bin/chromium)
//   STORY_TIMEOUT_MS how long a story may take to show data or its failure (default 20000)
//   STORY_FILTER     only stories whose id contains this text (also the first command-line argument)
import { chromiumArgs, findChromium, missingChromiumMessage } from './chromium.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PortInUseError, startBroker } from './broker.mjs';
import { startSimulator } from './simulator.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATIC_DIR = join(ROOT, 'storybook-static');
const DEFAULT_BROKER_URL = 'ws://localhost:8083/mqtt';
const ERROR_TAG = 'expect-errors';
/** Every story is watched at least this long, so an error that comes a moment after the data counts. */
const MIN_WATCH_MS = 1500;
/** Pages open at once: the machine may have two cores, and each page runs a live MQTT client. */
const PARALLEL_PAGES = 3;
/** Elements that subscribe to topics; a live story with any of them must receive a message. */
const SUBSCRIBING_TAGS = [
  'mqtt-subscribe',
  'mqtt-switch',
  'mqtt-slider',
  'mqtt-gauge',
  'mqtt-chart',
  'mqtt-log',
  'mqtt-explorer',
];

/** A problem the user can fix: printed as one message, without a stack trace. */
class CheckError extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function numberFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CheckError(`${name}=${text} is not a whole number.`);
  return value;
}

function readStories() {
  const indexFile = join(STATIC_DIR, 'index.json');
  if (!existsSync(indexFile)) {
    throw new CheckError(
      `${indexFile} is missing: build the static Storybook first with \`npm run build-storybook\`.`,
    );
  }
  const index = JSON.parse(readFileSync(indexFile, 'utf8'));
  const filter = process.argv[2] ?? process.env.STORY_FILTER ?? '';
  const stories = Object.values(index.entries ?? {})
    .filter((entry) => entry.type === 'story' && entry.id.includes(filter))
    .map((entry) => ({
      id: entry.id,
      title: entry.title,
      name: entry.name,
      expectErrors: entry.tags?.includes(ERROR_TAG),
    }));
  if (stories.length === 0)
    throw new CheckError(`No stories${filter ? ` matching "${filter}"` : ''} in ${indexFile}.`);
  return stories;
}

function findChrome() {
  const path = findChromium();
  if (!path) throw new CheckError(missingChromiumMessage);
  return path;
}

/** Runs in the page before any of its scripts: counts the elements' events as they bubble to the document. */
function recordEvents() {
  const seen = { messages: 0, connects: 0, errors: [] };
  window.__storyCheck = seen;
  document.addEventListener('mqtt-message', () => (seen.messages += 1), true);
  document.addEventListener('mqtt-connect', () => (seen.connects += 1), true);
  document.addEventListener(
    'mqtt-error',
    (event) => seen.errors.push(String(event.detail?.message ?? '')),
    true,
  );
}

/** Runs in the page: what the story shows so far. */
function observe(subscribingTags) {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName.startsWith('mqtt-')) all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const seen = window.__storyCheck ?? { messages: 0, connects: 0, errors: [] };
  const undefinedTags = [...new Set(all.map((el) => el.localName))].filter((tag) => !customElements.get(tag));
  const subscribers = all.filter((el) => subscribingTags.includes(el.localName));
  // Not every widget fires `mqtt-message`; one that holds a message, a value, a state, log rows
  // (shown or held back while paused) or chart points has received data all the same.
  const holds = (value) => value !== undefined && value !== null;
  const holding = subscribers.filter((el) => {
    // A switch or slider that shows `unknown` has no usable report yet, whatever its properties say.
    if (el.hasAttribute('unknown')) return false;
    try {
      return (
        holds(el.message) ||
        holds(el.value) ||
        holds(el.checked) ||
        (Array.isArray(el.history) && el.history.length > 0) ||
        (Array.isArray(el.messages) && el.messages.length > 0) ||
        (typeof el.pending === 'number' && el.pending > 0) ||
        (Array.isArray(el.data) && el.data[0]?.length > 0) ||
        (typeof el.tree?.topicCount === 'number' && el.tree.topicCount > 0)
      );
    } catch {
      return false;
    }
  });
  // Only settled failures: `connecting` and the `offline` that goes with it pass by on every page load.
  const failing = all.filter(
    (el) =>
      ['error', 'stale', 'unavailable'].some((state) => el.hasAttribute(state)) ||
      (['mqtt-connection', 'mqtt-status'].includes(el.localName) &&
        ['error', 'reconnecting', 'offline', 'closed'].includes(el.getAttribute('status'))),
  );
  const connected = all.some(
    (el) => el.localName === 'mqtt-connection' && el.getAttribute('status') === 'connected',
  );
  const errorDisplay = document.body.classList.contains('sb-show-errordisplay')
    ? (document.querySelector('#error-message')?.textContent ?? 'Storybook showed its error display').trim()
    : null;
  const rendered = (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0;
  return {
    rendered,
    errorDisplay,
    undefinedTags,
    elements: all.length,
    subscribers: subscribers.length,
    messages: seen.messages,
    holding: holding.length,
    connects: seen.connects,
    connected,
    failing: failing.map(
      (el) =>
        `<${el.localName}${[...el.attributes]
          .filter((a) => ['error', 'stale', 'offline', 'unavailable', 'status'].includes(a.name))
          .map((a) => ` ${a.name}${a.value ? `="${a.value}"` : ''}`)
          .join('')}>`,
    ),
    mqttErrors: seen.errors.length,
  };
}

/** Did the story do what it is for? `null` while still waiting. */
function verdict(story, state) {
  if (state.errorDisplay)
    return { ok: false, detail: `Storybook could not render it: ${state.errorDisplay}` };
  if (!state.rendered) return null;
  if (state.undefinedTags.length) return null; // definitions may still be loading; judged at the deadline
  if (story.expectErrors) {
    if (state.failing.length > 0)
      return { ok: true, detail: `shows ${[...new Set(state.failing)].slice(0, 3).join(', ')}` };
    return null;
  }
  // Every subscribing element, not just one: a story with one broken example among working ones fails.
  if (state.subscribers > 0 && state.holding === state.subscribers) {
    return {
      ok: true,
      detail: `${state.holding}/${state.subscribers} element(s) received data (${state.messages} mqtt-message events)`,
    };
  }
  if (state.subscribers === 0 && state.connected)
    return { ok: true, detail: 'connected (no subscribing element)' };
  return null;
}

function explainTimeout(story, state) {
  if (!state) return 'the page never answered';
  if (!state.rendered) return 'the story rendered nothing';
  if (state.undefinedTags.length)
    return `not defined: ${state.undefinedTags.map((t) => `<${t}>`).join(', ')}`;
  if (story.expectErrors)
    return 'it is tagged expect-errors but no element ever showed an error, stale or unavailable state, nor a connection an error, reconnecting, offline or closed status';
  if (state.elements === 0) return 'no MQTT element on the page';
  if (state.subscribers === 0) return 'no connection reached "connected"';
  const states = state.failing.length ? `; states: ${state.failing.slice(0, 3).join(', ')}` : '';
  return `${state.subscribers - state.holding} of ${state.subscribers} subscribing element(s) never received data (connected: ${state.connected}${states})`;
}

async function checkStory(browser, baseUrl, story, { brokerQuery, timeoutMs }) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const consoleErrors = [];
  const exceptions = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    consoleErrors.push(`${message.text()}${url ? ` (${url.replace(baseUrl, '')}:${lineNumber + 1})` : ''}`);
  });
  page.on('pageerror', (error) => exceptions.push(error.message));
  await page.addInitScript(recordEvents);
  const started = Date.now();
  let state;
  let result = null;
  try {
    await page.goto(
      `${baseUrl}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story${brokerQuery}`,
      {
        waitUntil: 'load',
        timeout: timeoutMs,
      },
    );
    const deadline = started + timeoutMs;
    for (;;) {
      state = await page.evaluate(observe, SUBSCRIBING_TAGS);
      result = verdict(story, state);
      if (exceptions.length) break;
      if (!story.expectErrors && consoleErrors.length) break;
      if (result && (!result.ok || Date.now() - started >= MIN_WATCH_MS)) break;
      if (Date.now() > deadline) break;
      await sleep(200);
    }
  } catch (error) {
    exceptions.push(`while loading: ${error.message}`);
  } finally {
    await page.close().catch(() => {});
  }
  const ms = Date.now() - started;
  if (exceptions.length) return { ms, ok: false, detail: `page exception: ${exceptions[0]}` };
  if (!story.expectErrors && consoleErrors.length)
    return { ms, ok: false, detail: `console error: ${consoleErrors[0]}` };
  if (!result)
    return {
      ms,
      ok: false,
      detail: `timed out after ${timeoutMs / 1000} s: ${explainTimeout(story, state)}`,
    };
  const allowed =
    story.expectErrors && consoleErrors.length ? ` (${consoleErrors.length} expected console error(s))` : '';
  return { ms, ...result, detail: `${result.detail}${allowed}` };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order in the results. */
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function printTable(rows) {
  const headers = ['', 'story', 'kind', 'time', 'detail'];
  const cells = rows.map((r) => [
    r.ok ? 'ok' : 'FAIL',
    r.id,
    r.expectErrors ? 'error demo' : 'live',
    `${(r.ms / 1000).toFixed(1)} s`,
    r.detail,
  ]);
  const widths = headers.slice(0, 4).map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((text, i) => (i < 4 ? text.padEnd(widths[i]) : text)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  ') + '  ------');
  for (const c of cells) console.log(line(c));
}

async function main() {
  const stories = readStories();
  const executablePath = findChrome();
  const wsPort = numberFromEnv('MQTT_WS_PORT', 8083);
  const tcpPort = numberFromEnv('MQTT_TCP_PORT', 1883);
  const timeoutMs = numberFromEnv('STORY_TIMEOUT_MS', 20_000);

  const running = { broker: null, simulator: null, web: null, browser: null };
  const stop = async () => {
    await running.browser?.close().catch(() => {});
    await running.simulator?.stop().catch(() => {});
    await Promise.all([running.web?.close(), running.broker?.close()]).catch(() => {});
  };
  const onSignal = async () => {
    await stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    try {
      running.broker = await startBroker({ host: '127.0.0.1', wsPort, tcpPort });
    } catch (error) {
      if (error instanceof PortInUseError) {
        throw new CheckError(
          `Cannot start the embedded broker: ${error.message} Another broker or a running \`npm run storybook\` ` +
            'often holds it; stop it, or run the check on other ports: MQTT_WS_PORT=9083 MQTT_TCP_PORT=9883 npm run test:storybook',
        );
      }
      throw error;
    }
    running.simulator = await startSimulator(`mqtt://127.0.0.1:${running.broker.tcpPort}`, { log: () => {} });
    running.web = await startStaticServer({ root: STATIC_DIR, port: 0, host: '127.0.0.1' });
    running.browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });

    const brokerUrl = running.broker.wsUrl;
    const brokerQuery = brokerUrl === DEFAULT_BROKER_URL ? '' : `&broker=${encodeURIComponent(brokerUrl)}`;
    const baseUrl = `http://127.0.0.1:${running.web.port}`;
    console.log(
      `Checking ${stories.length} stories from ${baseUrl} against ${brokerUrl} (simulator running)…\n`,
    );

    const results = await inParallel(stories, PARALLEL_PAGES, async (story) => ({
      ...story,
      ...(await checkStory(running.browser, baseUrl, story, { brokerQuery, timeoutMs })),
    }));
    printTable(results);
    const failed = results.filter((r) => !r.ok);
    const demos = results.filter((r) => r.expectErrors).length;
    console.log(
      `\n${results.length - failed.length} of ${results.length} stories passed ` +
        `(${results.length - demos} live, ${demos} error demos).`,
    );
    return failed.length === 0;
  } finally {
    await stop();
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(`\nStorybook check failed: ${error instanceof CheckError ? error.message : error.stack}`);
    process.exit(1);
  },
);

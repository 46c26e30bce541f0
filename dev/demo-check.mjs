// `npm run test:demo`: proves that `npm start` gives a working demo. Starts dev/start.mjs on free ports,
// opens the demo page in headless Chromium, and passes once every connection is connected and every
// <mqtt-subscribe> and every widget shows live data, with no console error or page exception on the way.
// Leaves a screenshot in test-results/demo.png, whatever the outcome.
//
// Environment: CHROME_PATH (default /usr/bin/chromium).
import { chromiumArgs, findChromium, missingChromiumMessage } from './chromium.mjs';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START = join(ROOT, 'dev', 'start.mjs');
const SCREENSHOT = join(ROOT, 'test-results', 'demo.png');
// Generous: dev/start.mjs builds the CDN bundle first when it is stale.
const STARTUP_TIMEOUT_MS = 180_000;
const READY_TIMEOUT_MS = 20_000;

/** A failed expectation: reported as one message, without a stack trace. */
class CheckFailure extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function findChrome() {
  const path = findChromium();
  if (!path) throw new CheckFailure(missingChromiumMessage);
  return path;
}

/** Starts dev/start.mjs in its own process group (so the whole tree can be stopped) and waits for its demo URL. */
async function startDemo(ports) {
  const env = {
    ...process.env,
    PORT: String(ports.web),
    MQTT_WS_PORT: String(ports.ws),
    MQTT_TCP_PORT: String(ports.tcp),
  };
  delete env.MQTT_URL; // the check covers the embedded broker and the simulator
  const child = spawn(process.execPath, [START], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let output = '';
  const echo = (chunk) => {
    output += chunk;
    for (const line of String(chunk).split('\n')) if (line.trim()) console.log(`  [start] ${line}`);
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new CheckFailure(`dev/start.mjs printed no demo URL within ${STARTUP_TIMEOUT_MS / 1000} s.`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = () => {
      const match = /Demo page\s+(https?:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new CheckFailure(
          `dev/start.mjs exited (${signal ?? `code ${code}`}) before printing the demo URL; its output is above.`,
        ),
      );
    });
  });
  return { child, url };
}

async function stopTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signalTree = (signal) => {
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  signalTree('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(3000).then(() => true)]);
  if (timedOut) {
    signalTree('SIGKILL');
    await exited;
  }
}

function rawGet(baseUrl, path) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // http.request sends the path as given: no `..` resolution, unlike fetch().
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The web server's promises that a page cannot show: redirects, MIME types, no way out of the root. */
async function checkWebServer(demoUrl) {
  const problems = [];
  const root = await rawGet(demoUrl, '/');
  if (root.statusCode !== 302 || root.headers.location !== '/demo/')
    problems.push(`GET / gave ${root.statusCode} → ${root.headers.location}, not a redirect to /demo/`);
  const bundle = await rawGet(demoUrl, '/cdn/mqtt-elements.js');
  if (bundle.statusCode !== 200 || !bundle.headers['content-type']?.startsWith('text/javascript')) {
    problems.push(`GET /cdn/mqtt-elements.js gave ${bundle.statusCode} ${bundle.headers['content-type']}`);
  }
  for (const path of [
    '/../package.json',
    '/demo/../../etc/passwd',
    '/demo/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/.git/HEAD',
  ]) {
    const res = await rawGet(demoUrl, path);
    if (res.statusCode !== 404) problems.push(`GET ${path} gave ${res.statusCode}; it must be 404`);
  }
  if (problems.length) throw new CheckFailure(`The demo web server misbehaves:\n  ${problems.join('\n  ')}`);
}

/** Runs in the page: what is still missing before the demo counts as working. */
function pendingInPage() {
  const all = (selector, root = document, found = []) => {
    found.push(...root.querySelectorAll(selector));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) all(selector, el.shadowRoot, found);
    return found;
  };
  const describe = (el) => {
    const attrs = ['id', 'topic', 'url', 'connection'].filter((name) => el.hasAttribute(name));
    return `<${el.localName}${attrs.map((name) => ` ${name}="${el.getAttribute(name)}"`).join('')}>`;
  };
  const pending = [];
  const tags = [
    'mqtt-connection',
    'mqtt-status',
    'mqtt-subscribe',
    'mqtt-publish',
    'mqtt-switch',
    'mqtt-slider',
    'mqtt-gauge',
    'mqtt-chart',
    'mqtt-log',
  ];
  for (const tag of tags) {
    if (all(tag).length && !customElements.get(tag))
      pending.push(`<${tag}> is not defined: did cdn/mqtt-elements.js load?`);
  }
  const connections = all('mqtt-connection');
  if (connections.length === 0) pending.push('the page has no <mqtt-connection>');
  for (const el of connections) {
    const status = el.getAttribute('status');
    if (status !== 'connected') pending.push(`${describe(el)} is ${status ?? 'without a status'}`);
  }
  for (const el of all('mqtt-status')) {
    const named = el.getAttribute('connection');
    const connection = named ? document.getElementById(named) : el.closest('mqtt-connection');
    const status = el.getAttribute('status') ?? connection?.getAttribute('status');
    if (status !== 'connected') pending.push(`${describe(el)} shows ${status ?? 'no status'}`);
  }
  const subscribes = all('mqtt-subscribe');
  for (const el of subscribes) {
    const hasValue = 'message' in el ? el.message != null : el.hasAttribute('data-has-value');
    if (!hasValue) pending.push(`${describe(el)} has no value yet`);
  }
  // Each widget shows live data: what counts as data differs by widget.
  const widgetHasData = {
    'mqtt-switch': (el) => el.checked !== undefined,
    'mqtt-slider': (el) => el.value !== undefined,
    'mqtt-gauge': (el) => el.value !== undefined,
    'mqtt-chart': (el) => el.series.some((series) => series.values.length > 0),
    'mqtt-log': (el) => el.messages.length > 0,
  };
  let widgets = 0;
  for (const [tag, hasData] of Object.entries(widgetHasData)) {
    for (const el of all(tag)) {
      widgets++;
      if (!hasData(el)) pending.push(`${describe(el)} shows no live data yet`);
    }
  }
  return { pending, connections: connections.length, subscribes: subscribes.length, widgets };
}

async function checkPage(demoUrl) {
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const { url, lineNumber } = msg.location();
      errors.push(`console error: ${msg.text()}${url ? ` (${url}:${lineNumber + 1})` : ''}`);
    });
    page.on('pageerror', (err) => errors.push(`page exception: ${err.message}`));
    page.on('requestfailed', (req) =>
      errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
    );

    let result;
    try {
      await page.goto(demoUrl, { waitUntil: 'load', timeout: READY_TIMEOUT_MS });
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        if (errors.length) throw new CheckFailure(`The demo page reported errors:\n  ${errors.join('\n  ')}`);
        result = await page.evaluate(pendingInPage);
        if (result.pending.length === 0) break;
        if (Date.now() > deadline) {
          throw new CheckFailure(
            `The demo page was not ready within ${READY_TIMEOUT_MS / 1000} s:\n  ${result.pending.join('\n  ')}`,
          );
        }
        await sleep(250);
      }
    } finally {
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page
        .screenshot({ path: SCREENSHOT, fullPage: true })
        .catch((err) => console.error(`No screenshot: ${err.message}`));
    }
    return result;
  } finally {
    await browser.close();
  }
}

async function main() {
  findChrome();
  rmSync(SCREENSHOT, { force: true });
  const [web, ws, tcp] = [await freePort(), await freePort(), await freePort()];
  let child;
  const stopOnSignal = async () => {
    await stopTree(child);
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    let url;
    ({ child, url } = await startDemo({ web, ws, tcp }));
    console.log(`Checking ${url}`);
    await checkWebServer(url);
    const { connections, subscribes, widgets } = await checkPage(url);
    console.log(
      `Demo OK: ${connections} connection(s) connected, ${subscribes} <mqtt-subscribe> element(s) and ` +
        `${widgets} widget(s) showing live data, ` +
        `no console errors. Screenshot: ${SCREENSHOT}`,
    );
  } finally {
    await stopTree(child);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`\nDemo check failed: ${err instanceof CheckFailure ? err.message : err.stack}`);
    if (existsSync(SCREENSHOT)) console.error(`Screenshot: ${SCREENSHOT}`);
    process.exit(1);
  },
);

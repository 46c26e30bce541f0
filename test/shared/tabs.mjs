// What the tests of `<mqtt-connection shared>` need to open several tabs of one browser: Chromium
// driven by playwright-core (web-test-runner gives each test file one page, and a SharedWorker is
// shared by the pages of one browser profile), a loopback server for the built CDN files and the test
// pages, served under a strict Content-Security-Policy that allows workers from the page's origin only,
// and brokers of the test's own (test/brokers/fault-brokers.mjs) that log every CONNECT and SUBSCRIBE.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium, missingChromiumMessage } from '../../dev/chromium.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

/** A careful site's policy: its own scripts and workers only, no inline script, Trusted Types required. */
export const strictPolicy =
  "script-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

const escape = (text) =>
  String(text).replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]);

/**
 * A dashboard page: `topics` are shown by one <mqtt-subscribe> each (id `s0`, `s1`…). `attributes`
 * go on the <mqtt-connection>. `withoutSharedWorker` loads a script first that removes SharedWorker, as
 * in a browser without it. `bundle: 'global'` uses the classic script. `chart` adds an <mqtt-chart
 * id="chart"> of that topic, with the chart entry.
 */
function page(query) {
  const topics = (query.get('topics') ?? '').split(',').filter(Boolean);
  const attributes = JSON.parse(query.get('attributes') ?? '{}');
  // `withoutSharedModule`: the bundles come from a folder without mqtt-shared.js (see startPageServer).
  const cdn = query.has('withoutSharedModule') ? '/cdn-without-shared' : '/cdn';
  const bundle =
    query.get('bundle') === 'global'
      ? `<script src="${cdn}/mqtt-elements.global.js"></script>`
      : `<script type="module" src="${cdn}/mqtt-elements.js"></script>`;
  const chart = query.get('chart');
  const attrs = Object.entries(attributes)
    .map(([name, value]) => (value === true ? name : `${name}="${escape(value)}"`))
    .join(' ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>shared connection test page</title>
    <script src="/shared-test/violations.js"></script>
    ${query.has('withoutSharedWorker') ? '<script src="/shared-test/no-shared-worker.js"></script>' : ''}
    ${bundle}
    ${chart ? '<script type="module" src="/cdn/mqtt-chart.js"></script>' : ''}
  </head>
  <body>
    <mqtt-connection shared ${attrs}>
      <mqtt-status></mqtt-status>
      ${topics.map((t, i) => `<mqtt-subscribe id="s${i}" topic="${escape(t)}"></mqtt-subscribe>`).join('\n      ')}
      ${chart ? `<mqtt-chart id="chart" topic="${escape(chart)}"></mqtt-chart>` : ''}
    </mqtt-connection>
  </body>
</html>
`;
}

const scripts = {
  'violations.js': `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));
window.fallbacks = [];
document.addEventListener('mqtt-shared-fallback', (e) => window.fallbacks.push(e.detail));
window.mqttErrors = [];
document.addEventListener('mqtt-error', (e) => window.mqttErrors.push({ code: e.detail.code, message: e.detail.message }));
// What the connection says the moment it is defined (with the module bundle, after the page is parsed).
customElements.whenDefined('mqtt-connection').then(() => {
  window.firstSharedState = document.querySelector('mqtt-connection')?.sharedState;
});
`,
  'no-shared-worker.js': 'delete window.SharedWorker;\n',
};

const types = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };

/**
 * Serves cdn/ and the test pages on a free loopback port; also cdn/ as /cdn-without-shared/, where the
 * tab's side of `shared` (mqtt-shared.js) is missing, as on a site that copied only the main bundle.
 */
export async function startPageServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const headers = { 'cache-control': 'no-store', 'content-security-policy': strictPolicy };
    if (url.pathname === '/shared-test/page.html') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page(url.searchParams));
      return;
    }
    const script = url.pathname.startsWith('/shared-test/') && scripts[url.pathname.slice(13)];
    if (script) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(script);
      return;
    }
    const file = /^\/cdn(?:-without-shared)?\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (!file || (url.pathname.startsWith('/cdn-without-shared/') && file.startsWith('mqtt-shared.js')))
      return void res.writeHead(404).end();
    try {
      const body = await readFile(resolve(root, 'cdn', file));
      res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'text/plain' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

export async function openBrowser() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingChromiumMessage);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  // One context: its pages are tabs of one browser profile and share one SharedWorker.
  const context = await browser.newContext();
  return { browser, context };
}

/**
 * Opens a tab showing `topics` and waits until its connection reports `connected`. With `credentials`
 * the connection gets a credentials function answering them (counted in `window.credentialCalls`)
 * before it is given its URL. `waitConnected: false` returns as soon as the page has loaded.
 */
export async function openTab(
  context,
  origin,
  { url, topics = [], attributes = {}, query = {}, credentials, waitConnected = true },
) {
  const params = new URLSearchParams({
    topics: topics.join(','),
    attributes: JSON.stringify(credentials ? attributes : { url, ...attributes }),
    ...query,
  });
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (err) => errors.push(err.message));
  tab.errors = errors;
  await tab.goto(`${origin}/shared-test/page.html?${params}`);
  if (credentials) {
    await tab.evaluate(
      ({ url, credentials }) => {
        window.credentialCalls = 0;
        const connection = document.querySelector('mqtt-connection');
        connection.credentials = async () => {
          window.credentialCalls++;
          return credentials;
        };
        connection.url = url;
      },
      { url, credentials },
    );
  }
  if (!waitConnected) return tab;
  await tab.waitForFunction(() => document.querySelector('mqtt-connection')?.status === 'connected', null, {
    timeout: 15_000,
  });
  return tab;
}

/** The text each <mqtt-subscribe> of the tab shows, in order. */
export function shownValues(tab) {
  return tab.evaluate(() =>
    [...document.querySelectorAll('mqtt-subscribe')].map(
      (s) => s.shadowRoot?.querySelector('[part="value"]')?.textContent ?? '',
    ),
  );
}

/** Waits until `check()` holds, polling; fails with `what` when it never does. */
export async function until(check, what, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
  );
}

/** An MQTT client in Node, over TCP: outside the browser under test. */
export async function nodeClient(broker) {
  const client = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 200 });
  client.received = [];
  client.on('message', (topic, payload, packet) =>
    client.received.push({ topic, text: payload.toString(), retain: packet.retain }),
  );
  return client;
}

/** The broker's accepted CONNECTs and SUBSCRIBE/UNSUBSCRIBE packets of client ids starting with `prefix`. */
export function brokerSaw(broker, prefix = '') {
  const mine = (entry) => (entry.clientId ?? '').startsWith(prefix);
  return {
    connects: broker.connectLog.filter((e) => e.type === 'connect' && mine(e)),
    subscribes: broker.packetLog.filter((p) => p.type === 'subscribe' && mine(p)),
    unsubscribes: broker.packetLog.filter((p) => p.type === 'unsubscribe' && mine(p)),
  };
}

export const uniqueTopic = (name) => `shared/${name}/${Math.random().toString(36).slice(2, 10)}`;

/**
 * Asserts that the broker published no will on `willTopic` (where `publisher` listens): a marker sent
 * there after the client went arrives behind any will the broker published on the way.
 */
export async function assertNoWill(publisher, willTopic) {
  await publisher.publishAsync(willTopic, 'marker', { qos: 1 });
  await until(
    () => publisher.received.some((m) => m.topic === willTopic && m.text === 'marker'),
    'the marker',
  );
  assert.deepEqual(
    publisher.received.filter((m) => m.topic === willTopic).map((m) => m.text),
    ['marker'],
    'no will',
  );
}

/** Closes every tab in `tabs` and empties it; a tab that already crashed or closed is fine. */
export async function closeAll(tabs) {
  await Promise.all(tabs.splice(0).map((tab) => tab.close().catch(() => undefined)));
}

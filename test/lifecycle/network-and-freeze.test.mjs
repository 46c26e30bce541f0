// Chromium's own network emulation (offline / online) and page lifecycle (frozen / active) against a
// page built from the CDN bundle (run `npm run build:cdn` first), with Mosquitto behind a TCP proxy
// that can black-hole the link. In the web-test-runner suites these signals are dispatched by the
// tests, because emulating them there cuts the runner's own connection to the page.
//
// What Chromium's offline emulation does to an open WebSocket (Chromium 156, seen here): it does not
// close it. navigator.onLine turns false and `offline` fires; the TCP connection stays open, but no
// frame passes either way: a message the broker sends and one the page publishes wait, and both are
// delivered once the emulation ends (`online` fires). So to the page an emulated offline spell is a
// silent link, not a closed one, much like a real Wi-Fi drop, and a spell longer than the keep-alive
// ends with the broker closing the connection. A frozen page (Page.setWebLifecycleState) is hidden,
// runs no timers and gets `freeze`; made active again it gets `resume` (and stays hidden), and its
// WebSocket fails at once (an error, then close code 1006) although the TCP connection stayed open
// while frozen: the page sees a lost connection and reconnects without waiting for any keep-alive.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { startFaultBroker } from '../brokers/fault-brokers.mjs';
import { startTcpProxy } from '../brokers/tcp-proxy.mjs';
import { openCdpPage } from './cdp-page.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const topic = `lifecycle/${Math.random().toString(36).slice(2, 10)}`;

/** A page whose connection goes through `proxyPort`, with a keep-alive long enough never to help. */
function pageHtml(proxyPort) {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>lifecycle test page</title>
    <script type="module" src="/cdn/mqtt-elements.js"></script></head>
  <body>
    <mqtt-connection url="ws://127.0.0.1:${proxyPort}/mqtt" keepalive="60" reconnect-period="100">
      <mqtt-status></mqtt-status>
      <mqtt-subscribe topic="${topic}"></mqtt-subscribe>
    </mqtt-connection>
    <script>
      window.statuses = [];
      document.querySelector('mqtt-connection').addEventListener('mqtt-status', (e) => statuses.push(e.detail.status));
    </script>
  </body>
</html>`;
}

async function until(check, what, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

describe("Chromium's network emulation and page lifecycle, Mosquitto", () => {
  let broker;
  let proxy;
  let server;
  let page;
  let publisher;
  let published = 0;

  const status = () => page.evaluate(`document.querySelector('mqtt-connection')?.status`);
  const reason = () => page.evaluate(`document.querySelector('mqtt-status').reason`);
  const shown = () =>
    page.evaluate(
      `document.querySelector('mqtt-subscribe').shadowRoot?.querySelector('[part~="value"]')?.textContent ?? ''`,
    );
  const statusesSoFar = () => page.evaluate('window.statuses.length');
  const setOffline = (offline) =>
    page.send('Network.emulateNetworkConditions', {
      offline,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  const setLifecycle = (state) => page.send('Page.setWebLifecycleState', { state });

  /** Publishes a new value until the page shows it: values go on. */
  async function valuesGoOn() {
    const value = `value ${++published}`;
    await until(async () => {
      await publisher.publishAsync(topic, value);
      await new Promise((r) => setTimeout(r, 100));
      return (await shown()) === value;
    }, `the page to show "${value}"`);
  }

  /** Black-holes the link, ends the spell, and measures how soon the page notices; then heals it. */
  async function deadLinkNoticedAfter(end) {
    proxy.setMode('blackhole');
    const started = Date.now();
    await end();
    await until(async () => (await status()) !== 'connected', 'the dead link noticed');
    const ms = Date.now() - started;
    assert.match(
      await reason(),
      /No answer from the broker within 4 s after the page woke up or the network came back/,
    );
    proxy.setMode('forward');
    await until(async () => (await status()) === 'connected', 'connected again');
    await valuesGoOn();
    return ms;
  }

  before(async () => {
    broker = await startFaultBroker('mosquitto');
    proxy = await startTcpProxy({ targetPort: broker.wsPort });
    const bundle = await readFile(resolve(root, 'cdn/mqtt-elements.js'));
    server = createServer((req, res) => {
      if (req.url === '/cdn/mqtt-elements.js')
        return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(proxy.port));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    publisher = await mqtt.connectAsync(broker.tcpUrl);
    page = await openCdpPage(`http://127.0.0.1:${server.address().port}/`);
    await page.send('Network.enable');
    await until(async () => (await status()) === 'connected', 'the page connected');
  });

  after(async () => {
    await page?.close();
    await publisher?.endAsync();
    server?.close();
    await proxy?.close();
    await broker?.close();
  });

  it('offline, then online: the socket is held, the page checks it, values sent meanwhile show, no reconnect', async () => {
    await valuesGoOn();
    const [accepted, statuses] = [proxy.accepted, await statusesSoFar()];
    await setOffline(true);
    assert.equal(await page.evaluate('navigator.onLine'), false);
    await publisher.publishAsync(topic, 'sent while offline');
    assert.equal(proxy.open, 1, 'the WebSocket stays open through the emulated offline spell');
    await setOffline(false);
    await until(async () => (await shown()) === 'sent while offline', 'the value sent while offline');
    assert.equal(await status(), 'connected');
    assert.equal(await statusesSoFar(), statuses, 'no status change');
    assert.equal(proxy.accepted, accepted, 'no new connection');
  });

  it('offline while the link dies, then online: noticed within seconds, reconnected, values go on', async () => {
    await setOffline(true);
    const ms = await deadLinkNoticedAfter(() => setOffline(false));
    // Without the check, the keep-alive (60 s) would notice after 90 s.
    assert.ok(ms >= 3_500 && ms < 8_000, `noticed ${ms} ms after online`);
  });

  it('frozen, then active: the WebSocket is dropped at resume, the page reconnects at once, values go on', async () => {
    await valuesGoOn();
    const statuses = await statusesSoFar();
    await page.evaluate('window.ticks = 0; setInterval(() => window.ticks++, 50); 0');
    await setLifecycle('frozen');
    const ticksBefore = await page.evaluate('window.ticks');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await page.evaluate('window.ticks'), ticksBefore, 'no timer ran while frozen');
    const resumed = Date.now();
    await setLifecycle('active');
    await until(
      async () => (await statusesSoFar()) > statuses + 1 && (await status()) === 'connected',
      'lost at resume, then connected again',
    );
    const ms = Date.now() - resumed;
    assert.ok(ms < 3_000, `connected again ${ms} ms after the page was resumed`);
    await valuesGoOn();
  });
});

// `npm start`: builds the CDN bundle when it is stale, starts the embedded broker and the demo data
// simulator, and serves the demo pages, all on loopback. Ctrl-C stops everything.
//
// Environment:
//   MQTT_URL        use this broker (ws:// or wss://) instead of starting one; no simulator is started
//                   unless --simulate is given too (it publishes retained demo data under demo/# there)
//   MQTT_WS_PORT    WebSocket port of the embedded broker (default 8083)
//   MQTT_TCP_PORT   TCP port of the embedded broker (default 1883)
//   PORT            first port to try for the web server (default 8000; the next 20 are tried after it)
//   SKIP_BUILD=1    serve cdn/ as it is, even when it is older than src/
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortInUseError, startBroker } from './broker.mjs';
import { startSimulator } from './simulator.mjs';
import { NoFreePortError, startStaticServer } from './static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'cdn', 'mqtt-elements.js');
const SHUTDOWN_BUDGET_MS = 900;

/** A problem the user can fix: printed as a message, without a stack trace, and exit code 1. */
class StartError extends Error {}

const running = { broker: null, simulator: null, web: null, build: null };
let stopping = false;

function portFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartError(`${name}=${text} is not a port number (0–65535; 0 picks a free port).`);
  }
  return port;
}

function externalBrokerUrl() {
  const text = process.env.MQTT_URL;
  if (!text) return null;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new StartError(
      `MQTT_URL=${text} is not a URL. Example: MQTT_URL=wss://broker.example:8084/mqtt npm start`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new StartError(
      `MQTT_URL=${text} uses ${url.protocol}//, but a browser reaches an MQTT broker only over WebSocket: ` +
        'use the ws:// or wss:// URL of the broker (for Mosquitto, a `listener` with `protocol websockets`).',
    );
  }
  return text;
}

function newestModification(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build:cdn` when cdn/mqtt-elements.js is missing or older than a file under src/. */
async function buildBundleIfStale() {
  const srcDir = join(ROOT, 'src');
  const bundleTime = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : null;
  const srcTime = existsSync(srcDir) ? newestModification(srcDir) : 0;
  if (bundleTime !== null && bundleTime >= srcTime) return;
  const why = bundleTime === null ? 'cdn/mqtt-elements.js is missing' : 'src/ changed since cdn/ was built';
  if (process.env.SKIP_BUILD === '1') {
    console.warn(`Warning: ${why}, and SKIP_BUILD=1 keeps it that way.`);
    return;
  }
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts['build:cdn']) {
    console.warn(
      `Warning: ${why}, and package.json has no "build:cdn" script to build it; the demo page may not work.`,
    );
    return;
  }
  console.log(
    `${why}: building the bundles (npm run build:cdn). This takes a minute or two and prints nothing ` +
      'until it is done; the demo URLs follow.',
  );
  // Under `npm start`, npm_execpath names the package manager's own script; otherwise use `npm`.
  const [command, args] = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, 'run', 'build:cdn']]
    : ['npm', ['run', 'build:cdn']];
  const code = await new Promise((resolve) => {
    running.build = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      shell: process.platform === 'win32' && !process.env.npm_execpath,
    });
    running.build.on('error', (err) => {
      console.error(`Could not run npm: ${err.message}`);
      resolve(1);
    });
    running.build.on('exit', (status) => resolve(status ?? 1));
  });
  running.build = null;
  if (stopping) return;
  if (code !== 0)
    throw new StartError('npm run build:cdn failed (see above); fix the error and run npm start again.');
}

/** `--simulate`: feed the broker named by MQTT_URL with the demo data too (the embedded one always is). */
const simulateExternal = process.argv.slice(2).includes('--simulate');

function banner({ webUrl, wsUrl, tcpPort, external }) {
  const lines = ['', 'mqtt-elements demo', '', `  Demo page     ${webUrl}`];
  if (external) {
    const url = new URL(wsUrl);
    const port = url.port || (url.protocol === 'wss:' ? '443' : '80');
    const pathOption = url.pathname && url.pathname !== '/' ? ` --path ${url.pathname}` : '';
    const login = url.username ? ' -u <user> -P <password>' : '';
    lines.push(
      simulateExternal
        ? `  Broker        ${url.origin}${url.pathname} (MQTT_URL; the simulator publishes demo/# there)`
        : `  Broker        ${url.origin}${url.pathname} (MQTT_URL; no embedded broker, no simulator)`,
      '',
      ...(simulateExternal
        ? []
        : [
            'The demo pages show the demo/# topics; nothing started here publishes them to this broker. To feed it',
            'the demo data (retained messages under demo/#), run `npm start -- --simulate` with the same MQTT_URL.',
            '',
          ]),
      'Publish a message by hand:',
      `  npx mqtt pub -C ${url.protocol.slice(0, -1)} -h ${url.hostname} -p ${port}${pathOption}${login} -t demo/home/living/lamp/set -m ON`,
    );
  } else {
    lines.push(
      `  Broker (ws)   ${wsUrl}   (the demo page connects here)`,
      `  Broker (tcp)  mqtt://localhost:${tcpPort}`,
      '  Simulator     publishing demo data under demo/# (topic list: dev/simulator.mjs)',
      '',
      'Publish a message by hand:',
      `  npx mqtt pub -h localhost -p ${tcpPort} -t demo/home/living/lamp/set -m ON`,
      `  mosquitto_pub -h localhost -p ${tcpPort} -t demo/home/living/lamp/set -m ON`,
      'Watch all demo traffic:',
      `  npx mqtt sub -h localhost -p ${tcpPort} -t 'demo/#' -v`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

async function main() {
  const external = externalBrokerUrl();
  const wsPort = portFromEnv('MQTT_WS_PORT', 8083);
  const tcpPort = portFromEnv('MQTT_TCP_PORT', 1883);
  const webPort = portFromEnv('PORT', 8000);

  await buildBundleIfStale();
  if (stopping) return;

  let wsUrl = external;
  if (external && simulateExternal) {
    try {
      running.simulator = await startSimulator(external, {
        log: (line) => console.log(`[simulator] ${line}`),
      });
    } catch (err) {
      throw new StartError(err.message);
    }
    if (stopping) return;
  }
  if (!external) {
    running.broker = await startBroker({ host: '127.0.0.1', wsPort, wsPath: '/mqtt', tcpPort });
    if (stopping) return;
    wsUrl = running.broker.wsUrl;
    try {
      running.simulator = await startSimulator(`mqtt://127.0.0.1:${running.broker.tcpPort}`, {
        log: (line) => console.log(`[simulator] ${line}`),
      });
    } catch (err) {
      throw new StartError(err.message);
    }
    if (stopping) return;
  }

  running.web = await startStaticServer({
    root: ROOT,
    port: webPort,
    host: '127.0.0.1',
    injectBrokerUrl: wsUrl,
  });
  if (stopping) return;
  banner({ webUrl: running.web.url, wsUrl, tcpPort: running.broker?.tcpPort, external: Boolean(external) });
}

async function stopEverything() {
  const { simulator, web, broker, build } = running;
  build?.kill('SIGTERM');
  // The simulator goes first so that it can say goodbye to a broker that is still there.
  await simulator?.stop();
  await Promise.all([web?.close(), broker?.close()]);
}

async function shutdown(signal) {
  if (stopping) {
    process.exit(130); // a second Ctrl-C: do not wait any longer
  }
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_BUDGET_MS).unref());
  await Promise.race([
    stopEverything().catch((err) => console.error(`While stopping: ${err.message}`)),
    timeout,
  ]);
  process.exit(0);
}

// A closed pipe (`npm start | head`, a parent that went away) must not turn a log line into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

main().catch(async (err) => {
  if (err instanceof PortInUseError) {
    console.error(
      `\nCannot start the demo broker. ${err.message} It is often another MQTT broker (a Mosquitto ` +
        'service, for example) or an `npm start` still running in another terminal. To use other ports: ' +
        '`MQTT_WS_PORT=9083 MQTT_TCP_PORT=9883 npm start`; to use a broker that is already running and has a ' +
        'WebSocket listener: `MQTT_URL=ws://localhost:<its WebSocket port>/mqtt npm start`.\n',
    );
  } else if (err instanceof StartError || err instanceof NoFreePortError) {
    console.error(`\n${err.message}\n`);
  } else {
    console.error(err);
  }
  stopping = true;
  await Promise.race([
    stopEverything().catch(() => {}),
    new Promise((r) => setTimeout(r, SHUTDOWN_BUDGET_MS).unref()),
  ]);
  process.exit(1);
});

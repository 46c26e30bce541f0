// `npm run storybook`: the embedded broker, the demo data simulator and Storybook's dev server in one
// command, so every story shows live data with nothing else to start. Ctrl-C stops all three.
// custom-elements.json (which feeds the docs and controls) is generated first and kept up to date
// while the elements change.
//
// Environment:
//   MQTT_URL         use this broker (ws:// or wss://) instead of starting one; no simulator is started,
//                    and the stories start with this URL in the toolbar
//   MQTT_WS_PORT     WebSocket port of the embedded broker (default 8083)
//   MQTT_TCP_PORT    TCP port of the embedded broker, used by the simulator (default 1883)
//   STORYBOOK_PORT   Storybook's port (default 6006)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortInUseError, startBroker } from './broker.mjs';
import { startSimulator } from './simulator.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const DEFAULT_BROKER_URL = 'ws://localhost:8083/mqtt';
const SHUTDOWN_BUDGET_MS = 2000;

/** A problem the user can fix: printed as a message, without a stack trace, and exit code 1. */
class StartError extends Error {}

const running = { broker: null, simulator: null, children: new Set() };
let stopping = false;

function portFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new StartError(`${name}=${text} is not a port number (1–65535).`);
  return port;
}

function externalBrokerUrl() {
  const text = process.env.MQTT_URL;
  if (!text) return null;
  if (!/^wss?:\/\//i.test(text)) {
    throw new StartError(
      `MQTT_URL=${text} is not a ws:// or wss:// URL; a browser reaches an MQTT broker only over WebSocket. ` +
        'Example: MQTT_URL=wss://broker.example:8084/mqtt npm run storybook',
    );
  }
  return text;
}

/**
 * Starts a program from node_modules/.bin in its own process group, so that stopping it stops
 * everything it started (Storybook runs Vite and esbuild workers).
 */
function startChild(name, args, options = {}) {
  const child = spawn(join(BIN, name), args, {
    cwd: ROOT,
    // No stdin: a child in its own process group that read the terminal would be stopped (SIGTTIN).
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: process.platform !== 'win32',
    shell: process.platform === 'win32',
    ...options,
  });
  running.children.add(child);
  child.once('exit', () => running.children.delete(child));
  return child;
}

function exitCodeOf(child) {
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`Could not run ${child.spawnfile}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') child.kill('SIGTERM');
    else process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function generateManifest() {
  const child = startChild('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if ((await exitCodeOf(child)) !== 0 && !stopping) {
    throw new StartError(
      'Generating custom-elements.json failed (see above); Storybook needs it for its docs.',
    );
  }
}

async function main() {
  const external = externalBrokerUrl();
  const wsPort = portFromEnv('MQTT_WS_PORT', 8083);
  const tcpPort = portFromEnv('MQTT_TCP_PORT', 1883);
  const storybookPort = portFromEnv('STORYBOOK_PORT', 6006);

  await generateManifest();
  if (stopping) return;

  let brokerUrl = external;
  if (!external) {
    running.broker = await startBroker({ host: '127.0.0.1', wsPort, tcpPort });
    if (stopping) return;
    brokerUrl = running.broker.wsUrl;
    try {
      running.simulator = await startSimulator(`mqtt://127.0.0.1:${running.broker.tcpPort}`, {
        log: (line) => console.log(`[simulator] ${line}`),
      });
    } catch (error) {
      throw new StartError(error.message);
    }
    if (stopping) return;
    console.log(
      `Embedded broker on ${brokerUrl} (MQTT over TCP: mqtt://localhost:${running.broker.tcpPort}); simulator publishing demo/#`,
    );
  } else {
    console.log(
      `Using the broker at ${external}; no embedded broker and no simulator (run \`MQTT_URL=${external} npm run simulate\` for demo data).`,
    );
  }

  // Keeps the docs in step with the elements' JSDoc while they are edited.
  startChild('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--watch', '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  // The stories start with the broker this command runs; the toolbar can change it afterwards.
  const env = { ...process.env };
  if (brokerUrl !== DEFAULT_BROKER_URL) env.STORYBOOK_BROKER_URL = brokerUrl;
  const storybook = startChild(
    'storybook',
    ['dev', '--port', String(storybookPort), '--host', '127.0.0.1', '--ci'],
    { env },
  );
  const code = await exitCodeOf(storybook);
  if (!stopping) {
    console.error(`Storybook exited (code ${code}); stopping the broker and the simulator.`);
    await shutdown(null, code || 1);
  }
}

async function stopEverything() {
  for (const child of running.children) stopChild(child);
  // The simulator goes first so that it can say goodbye to a broker that is still there.
  await running.simulator?.stop();
  await running.broker?.close();
}

async function shutdown(signal, code = 0) {
  if (stopping && signal) process.exit(130); // a second Ctrl-C: do not wait any longer
  stopping = true;
  if (signal) console.log(`\n${signal}: stopping Storybook, the simulator and the broker…`);
  const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_BUDGET_MS).unref());
  await Promise.race([
    stopEverything().catch((error) => console.error(`While stopping: ${error.message}`)),
    timeout,
  ]);
  process.exit(code);
}

// A closed pipe (`npm run storybook | head`) must not turn a log line into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

main().catch(async (error) => {
  if (error instanceof PortInUseError) {
    console.error(
      `\nCannot start the embedded broker. ${error.message} It is often another MQTT broker (a Mosquitto ` +
        'service, for example) or an `npm start` / `npm run storybook` still running in another terminal. ' +
        'To use other ports: `MQTT_WS_PORT=9083 MQTT_TCP_PORT=9883 npm run storybook`; to use a broker that is ' +
        'already running and has a WebSocket listener: `MQTT_URL=ws://localhost:<its WebSocket port>/mqtt npm run storybook`.\n',
    );
  } else if (error instanceof StartError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  await shutdown(null, 1);
});

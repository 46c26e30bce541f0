// Starts Debian's Mosquitto on loopback ports for the tests: the second, real broker that speaks
// MQTT 5. Its log of SUBSCRIBE/UNSUBSCRIBE lines gives the same packet log Aedes gives, and, when
// asked, a log of connection attempts. It can be killed and started again on the same ports, as a
// crashed broker comes back under its supervisor.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locate } from '../../dev/programs.mjs';
import { killOnExit, removeOnExit } from './stop-on-exit.mjs';

export function findMosquitto() {
  return locate('mosquitto').path ?? null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Mosquitto 2 writes log lines without a level, so the notice lines are told apart from the
// "<client-id> <qos> <filter>" subscribe lines by their wording.
const noticePatterns = [
  [/^New connection from (\S+) on port \d+\.$/, (m) => ({ type: 'attempt', from: m[1] })],
  [/^New client connected from \S+ as (\S+) \(/, (m) => ({ type: 'connect', clientId: m[1] })],
  // Logged for MQTT over TCP only; over WebSocket a refusal shows only as a CONNACK (see below).
  [
    /^Client (\S+) disconnected, not authori[sz]ed\.$/,
    (m) => ({ type: 'closed-unauthorised', clientId: m[1] }),
  ],
  [
    /^Client (\S+) already connected, closing old connection\.$/,
    (m) => ({ type: 'takeover', clientId: m[1] }),
  ],
  // A client that sent DISCONNECT, and one whose connection just ended.
  [/^Client (\S+) disconnected\.$/, (m) => ({ type: 'disconnect', clientId: m[1] })],
  [/^Client (\S+) closed its connection\.$/, (m) => ({ type: 'disconnect', clientId: m[1], unclean: true })],
  // Debug level only (`logConnacks`): the one line that shows a refused CONNECT over WebSocket too.
  [
    /^Sending CONNACK to (\S+) \(\d+, ([1-9]\d*)\)$/,
    (m) => ({ type: 'refused', clientId: m[1], code: Number(m[2]) }),
  ],
];
const otherNotices =
  /^(Client |Socket error|mosquitto version|Opening |Config loaded|Warning|Saving|Loading|Error|Outgoing|New |Bad socket|Restored|Removed|Sending |Received |No will|Denied |Will message)/;

/**
 * @param {{
 *   extraConfig?: string,
 *   files?: Record<string, string>,
 *   tcpPort?: number,
 *   wsPort?: number,
 *   logConnections?: boolean,
 *   logConnacks?: boolean,
 *   persistence?: boolean,
 *   saveOnEveryChange?: boolean,
 *   logFile?: string,
 * }} options
 *   `files` are written next to the config (password file, ACL) and may be referenced as
 *   `{{dir}}/name` in `extraConfig`. `logConnections` records every connection attempt in
 *   `connectLog`; `logConnacks` adds the debug log, where Mosquitto reports a CONNECT refused over
 *   WebSocket (it logs nothing else for it). `persistence` keeps sessions on disk, saved on every change, so that a session
 *   outlives a `kill()`. `saveOnEveryChange: false` saves them only when the broker is stopped with
 *   `stop()`, as a broker under a service manager does: a full write of the database on every message
 *   costs too much for a long stream. `logFile` gets every line the broker logs, for a diagnosis.
 */
export async function startMosquitto({
  extraConfig = '',
  files = {},
  tcpPort,
  wsPort,
  logConnections = false,
  logConnacks = false,
  persistence = false,
  saveOnEveryChange = true,
  logFile,
} = {}) {
  const { path: binary, problem } = locate('mosquitto');
  if (!binary) throw new Error(problem);
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-elements-mosquitto-'));
  const forgetDir = removeOnExit(dir);
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), content, { mode: 0o644 });
  tcpPort ??= await freePort();
  wsPort ??= await freePort();
  const config = [
    ...(persistence
      ? [
          'persistence true',
          `persistence_location ${dir}/`,
          ...(saveOnEveryChange ? ['autosave_on_changes true', 'autosave_interval 1'] : []),
        ]
      : ['persistence false']),
    // Started as root, Mosquitto would drop to user `mosquitto`; stay as the invoking user so it can
    // read the files written above.
    `user ${process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root')}`,
    'log_dest stderr',
    'log_timestamp false',
    'log_type subscribe',
    'log_type unsubscribe',
    ...(logConnections ? ['log_type notice'] : []),
    ...(logConnacks ? ['log_type debug'] : []),
    `listener ${tcpPort} 127.0.0.1`,
    'protocol mqtt',
    `listener ${wsPort} 127.0.0.1`,
    'protocol websockets',
    'socket_domain ipv4',
    extraConfig.replaceAll('{{dir}}', dir) || 'allow_anonymous true',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'mosquitto.conf'), config);

  // Mosquitto's own lines, each after the time Node read it (the config turns its timestamps off).
  const logStream = logFile ? createWriteStream(logFile) : undefined;
  const packetLog = [];
  /** @type {{ type: string, clientId?: string, from?: string, at: number }[]} */
  const connectLog = [];
  let stderr = '';

  const parse = (line) => {
    for (const [pattern, entry] of noticePatterns) {
      const match = pattern.exec(line);
      if (match) {
        connectLog.push({ ...entry(match), at: Date.now() });
        return;
      }
    }
    if (otherNotices.test(line)) return;
    // Mosquitto 2 logs "<client-id> <qos> <filter>" for each subscription and
    // "<client-id> <filter>" for each unsubscription.
    const sub = /^(\S+) (\d) (.+)$/.exec(line);
    const unsub = /^(\S+) (.+)$/.exec(line);
    if (sub) packetLog.push({ type: 'subscribe', clientId: sub[1], qos: Number(sub[2]), topic: sub[3] });
    else if (unsub) packetLog.push({ type: 'unsubscribe', clientId: unsub[1], topic: unsub[2] });
  };

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  const spawnBroker = async () => {
    const process_ = spawn(binary, ['-c', join(dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = process_;
    const forgetChild = killOnExit(process_);
    process_.once('exit', forgetChild);
    let pending = '';
    process_.stderr.setEncoding('utf8');
    process_.stderr.on('data', (chunk) => {
      stderr += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        logStream?.write(`${Date.now()} ${line}\n`);
        parse(line);
      }
    });
    await waitForPort(wsPort, process_, () => stderr);
    await waitForPort(tcpPort, process_, () => stderr);
  };
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const endWith = async (signal) => {
    const running = child;
    if (isRunning()) {
      const exited = new Promise((r) => running.once('exit', r));
      running.kill(signal);
      await exited;
    }
  };
  const kill = () => endWith('SIGKILL');

  try {
    await spawnBroker();
  } catch (error) {
    await kill();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  return {
    packetLog,
    connectLog,
    wsPort,
    tcpPort,
    wsUrl: `ws://127.0.0.1:${wsPort}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    get pid() {
      return child?.pid;
    },
    /**
     * Whether the persistence file holds every one of `texts` (a client id, a filter): Mosquitto saves
     * on each change, but in its own time, and a session only outlives a kill once it is on disk.
     */
    hasSaved(...texts) {
      const file = join(dir, 'mosquitto.db');
      if (!persistence || !existsSync(file)) return false;
      const saved = readFileSync(file);
      return texts.every((text) => saved.includes(text));
    },
    /** Kills the broker with SIGKILL: no goodbye to any client, nothing saved that was not saved. */
    kill,
    /**
     * Stops the broker with SIGTERM, as a service manager does: it closes its connections and, with
     * `persistence`, writes every session to disk before it exits.
     */
    stop: () => endWith('SIGTERM'),
    /**
     * Sends SIGHUP: the broker reads its password file and ACLs again and disconnects the clients whose
     * credentials no longer hold. Only while it runs: SIGHUP before its handler is set up would end it.
     */
    reload() {
      if (isRunning()) child.kill('SIGHUP');
    },
    get running() {
      return isRunning();
    },
    /** Starts the broker again with the same configuration on the same ports. */
    async start() {
      await spawnBroker();
    },
    async restart() {
      await kill();
      await spawnBroker();
    },
    async close() {
      await kill();
      logStream?.end();
      rmSync(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}

async function waitForPort(port, child, output) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`Mosquitto exited at start:\n${output()}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Mosquitto did not open port ${port}:\n${output()}`);
}

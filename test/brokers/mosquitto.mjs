// Starts Debian's Mosquitto on free loopback ports for the tests: the second, real broker that
// speaks MQTT 5. Its log of SUBSCRIBE/UNSUBSCRIBE lines gives the same packet log Aedes gives.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findMosquitto() {
  for (const candidate of [process.env.MOSQUITTO_PATH, '/usr/sbin/mosquitto', '/usr/bin/mosquitto']) {
    if (candidate && spawnSync(candidate, ['-h']).error === undefined) return candidate;
  }
  return null;
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

/**
 * @param {{ extraConfig?: string, files?: Record<string, string> }} options
 *   `files` are written next to the config (password file, ACL) and may be referenced as
 *   `{{dir}}/name` in `extraConfig`.
 */
export async function startMosquitto({ extraConfig = '', files = {} } = {}) {
  const binary = findMosquitto();
  if (!binary) {
    throw new Error(
      'Mosquitto is not installed, and the tests run against it as well as Aedes. ' +
        'Install it with `apt-get install -y mosquitto` (Debian/Ubuntu), or set MOSQUITTO_PATH.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-elements-mosquitto-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o644 });
  const tcpPort = await freePort();
  const wsPort = await freePort();
  const config = [
    'persistence false',
    // Started as root, Mosquitto would drop to user `mosquitto`; stay as the invoking user so it can
    // read the files written above.
    `user ${process.getuid?.() === 0 ? 'root' : process.env.USER ?? 'root'}`,
    'log_dest stderr',
    'log_timestamp false',
    'log_type subscribe',
    'log_type unsubscribe',
    `listener ${tcpPort} 127.0.0.1`,
    'protocol mqtt',
    `listener ${wsPort} 127.0.0.1`,
    'protocol websockets',
    'socket_domain ipv4',
    extraConfig.replaceAll('{{dir}}', dir) || 'allow_anonymous true',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'mosquitto.conf'), config);

  const packetLog = [];
  const child = spawn(binary, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      // Mosquitto 2 logs "<client-id> <qos> <filter>" for each subscription and
      // "<client-id> <filter>" for each unsubscription.
      const sub = /^(\S+) (\d) (.+)$/.exec(line);
      const unsub = /^(\S+) (.+)$/.exec(line);
      if (sub) packetLog.push({ type: 'subscribe', clientId: sub[1], qos: Number(sub[2]), topic: sub[3] });
      else if (unsub) packetLog.push({ type: 'unsubscribe', clientId: unsub[1], topic: unsub[2] });
    }
  });

  await waitForPort(wsPort, child, () => stderr);
  return {
    packetLog,
    wsPort,
    tcpPort,
    wsUrl: `ws://127.0.0.1:${wsPort}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    pid: child.pid,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port, child, output) {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`Mosquitto exited at start:\n${output()}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Mosquitto did not open port ${port}:\n${output()}`);
}

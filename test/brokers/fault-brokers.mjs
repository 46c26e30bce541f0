// Brokers of a test's own, for the fault and security tests: each is started for one test (so that
// killing it disturbs no other test), can be killed hard and started again on the same ports, and
// logs SUBSCRIBE/UNSUBSCRIBE packets and CONNECTs across restarts. Presets give the configurations
// the tests need by name, the same rules on Aedes and on Mosquitto where both can express them.
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../dev/broker.mjs';
import { startMosquitto } from './mosquitto.mjs';

/**
 * The users and rules of the `secured` and `dynsec` presets:
 * - `reader` / `reader-pw` may subscribe to `secure/open/#` and `secure/rw/#` and publish to
 *   `secure/rw/#` only.
 * - Subscribing to anything else (e.g. `secure/secret/#`) is refused where the broker can refuse
 *   it (Aedes, Mosquitto's dynamic-security plugin); Mosquitto's acl_file cannot: it accepts the
 *   SUBSCRIBE and silently delivers nothing.
 */
export const testUsers = { reader: 'reader-pw' };
const readable = ['secure/open/#', 'secure/rw/#'];
const writable = ['secure/rw/#'];

/** @typedef {'plain' | 'persistent' | 'secured' | 'dynsec' | 'limited' | 'restricted'} Preset */

/**
 * The server limits of the `limited` and `restricted` presets (Mosquitto only: Aedes speaks MQTT
 * 3.1.1, which has no way to announce limits). Under MQTT 5 Mosquitto announces them in CONNACK and
 * enforces them: a larger packet, a retained or too-high-QoS PUBLISH ends the connection (DISCONNECT
 * 0x95, 0x9A, 0x9B); a QoS 1/2 PUBLISH beyond the receive maximum is refused with 0x97 (quota exceeded).
 */
export const serverLimits = {
  limited: { maximumPacketSize: 256, receiveMaximum: 2, serverKeepAlive: 10 },
  restricted: { maximumQoS: 1, retainAvailable: false },
};

/**
 * @param {'aedes' | 'mosquitto'} kind
 * @param {Preset} preset
 */
export async function startFaultBroker(kind, preset = 'plain') {
  if (kind === 'aedes') return startAedes(preset);
  if (kind === 'mosquitto') return startMosquittoPreset(preset);
  throw new Error(`Unknown broker kind "${kind}": use "aedes" or "mosquitto".`);
}

async function startAedes(preset) {
  if (preset === 'limited' || preset === 'restricted')
    throw new Error(`The ${preset} preset announces MQTT 5 server limits, which Aedes (MQTT 3.1.1) cannot.`);
  if (preset === 'dynsec')
    throw new Error('The dynsec preset is Mosquitto\'s dynamic-security plugin; Aedes uses "secured".');
  const packetLog = [];
  const connectLog = [];
  const secured = preset === 'secured';
  const options = {
    ...(secured && {
      authenticate(_client, username, password, done) {
        if (username !== undefined && testUsers[username] === password?.toString()) return done(null, true);
        const error = Object.assign(new Error('Bad user name or password'), { returnCode: 4 });
        done(error, false);
      },
      authorizePublish(_client, packet, done) {
        // MQTT 3.1.1 has no way to refuse one message: Aedes closes the connection instead.
        done(
          writable.some((rule) => coveredBy(packet.topic, rule))
            ? null
            : new Error('publish denied by the test rules'),
        );
      },
      authorizeSubscribe(_client, subscription, done) {
        // A null subscription is Aedes's way of answering SUBACK 0x80 for this filter.
        done(null, readable.some((rule) => coveredBy(subscription.topic, rule)) ? subscription : null);
      },
    }),
  };
  let broker = await startBroker({ wsPort: 0, tcpPort: 0, ...options });
  const { wsPort, tcpPort } = broker;
  // A broker restarted with its storage keeps its sessions. Aedes's default in-memory storage would
  // die with the instance, so the `persistent` preset hands it on to the next one, standing for a
  // broker with a database.
  if (preset === 'persistent') options.persistence = broker.aedes.persistence;
  let running = true;

  const watch = (aedes) => {
    aedes.on('subscribe', (subscriptions, client) => {
      for (const s of subscriptions)
        packetLog.push({ type: 'subscribe', clientId: client?.id, topic: s.topic, qos: s.qos });
    });
    aedes.on('unsubscribe', (topics, client) => {
      for (const topic of topics) packetLog.push({ type: 'unsubscribe', clientId: client?.id, topic });
    });
    aedes.on('client', (client) => connectLog.push({ type: 'connect', clientId: client.id, at: Date.now() }));
    // Any end of a connection, said goodbye or not (the will tells the two apart).
    aedes.on('clientDisconnect', (client) =>
      connectLog.push({ type: 'disconnect', clientId: client.id, at: Date.now() }),
    );
    // A CONNECT refused for its credentials is a client error once Aedes has read the client ID.
    const onRefusal = (client, err) => {
      if (/user ?name|password|authori/i.test(err.message)) {
        connectLog.push({ type: 'refused', clientId: client?.id, at: Date.now() });
      }
    };
    aedes.on('clientError', onRefusal);
    aedes.on('connectionError', onRefusal);
  };
  watch(broker.aedes);

  const start = async () => {
    if (running) return;
    broker = await startBroker({ wsPort, tcpPort, ...options });
    watch(broker.aedes);
    running = true;
  };
  const kill = async () => {
    if (!running) return;
    running = false;
    await broker.close();
  };
  return {
    kind: 'aedes',
    wsPort,
    tcpPort,
    wsUrl: broker.wsUrl,
    tcpUrl: broker.tcpUrl,
    packetLog,
    connectLog,
    // Aedes stores a session before it acknowledges the SUBSCRIBE: what a client was told is kept.
    hasSaved: () => true,
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    close: kill,
  };
}

async function startMosquittoPreset(preset) {
  if (preset === 'secured') {
    const scratch = mkdtempSync(join(tmpdir(), 'mqtt-elements-passwd-'));
    try {
      // The real tool writes the real hash format, so the broker checks passwords as in production.
      const passwordFile = join(scratch, 'passwd');
      for (const [i, [user, password]] of Object.entries(testUsers).entries()) {
        const args =
          i === 0 ? ['-b', '-c', passwordFile, user, password] : ['-b', passwordFile, user, password];
        const result = spawnSync(findPasswdTool(), args, { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`mosquitto_passwd failed: ${result.stderr || result.error}`);
      }
      const acl = [
        'user reader',
        ...readable.filter((r) => !writable.includes(r)).map((r) => `topic read ${r}`),
        ...writable.map((r) => `topic readwrite ${r}`),
        '',
      ].join('\n');
      return decorate(
        await startMosquitto({
          logConnections: true,
          logConnacks: true,
          files: { passwd: readFileSync(passwordFile, 'utf8'), acl },
          extraConfig: ['allow_anonymous false', 'password_file {{dir}}/passwd', 'acl_file {{dir}}/acl'].join(
            '\n',
          ),
        }),
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (preset === 'dynsec') {
    return decorate(
      await startMosquitto({
        logConnections: true,
        logConnacks: true,
        files: { 'dynamic-security.json': dynamicSecurityConfig() },
        extraConfig: [
          `plugin ${findDynsecPlugin()}`,
          'plugin_opt_config_file {{dir}}/dynamic-security.json',
        ].join('\n'),
      }),
    );
  }
  if (preset === 'limited') {
    const { maximumPacketSize, receiveMaximum, serverKeepAlive } = serverLimits.limited;
    return decorate(
      await startMosquitto({
        logConnections: true,
        extraConfig: [
          'allow_anonymous true',
          `max_packet_size ${maximumPacketSize}`,
          // Mosquitto announces its inflight limit as the Receive Maximum of CONNACK.
          `max_inflight_messages ${receiveMaximum}`,
          `max_keepalive ${serverKeepAlive}`,
        ].join('\n'),
      }),
    );
  }
  if (preset === 'restricted') {
    return decorate(
      await startMosquitto({
        logConnections: true,
        extraConfig: [
          'allow_anonymous true',
          'retain_available false',
          // A listener setting: it follows the WebSocket listener, the one the page uses (the Node-side
          // clients on the TCP listener keep QoS 2).
          `max_qos ${serverLimits.restricted.maximumQoS}`,
        ].join('\n'),
      }),
    );
  }
  return decorate(await startMosquitto({ logConnections: true, persistence: preset === 'persistent' }));
}

function decorate(mosquitto) {
  return Object.assign(mosquitto, { kind: 'mosquitto' });
}

/** The dynamic-security plugin's own file: PBKDF2-SHA512 hashes, roles with subscribe ACLs. */
function dynamicSecurityConfig() {
  const clients = Object.entries(testUsers).map(([username, password]) => {
    const salt = randomBytes(12);
    return {
      username,
      password: pbkdf2Sync(password, salt, 101, 64, 'sha512').toString('base64'),
      salt: salt.toString('base64'),
      iterations: 101,
      roles: [{ rolename: 'reader' }],
    };
  });
  const acls = [
    ...readable.map((topic) => ({ acltype: 'subscribePattern', topic, priority: 0, allow: true })),
    ...writable.map((topic) => ({ acltype: 'publishClientSend', topic, priority: 0, allow: true })),
  ];
  return JSON.stringify({
    defaultACLAccess: {
      publishClientSend: false,
      publishClientReceive: true,
      subscribe: false,
      unsubscribe: true,
    },
    clients,
    groups: [],
    roles: [{ rolename: 'reader', acls }],
  });
}

function findPasswdTool() {
  for (const candidate of ['/usr/bin/mosquitto_passwd', '/usr/local/bin/mosquitto_passwd']) {
    if (existsSync(candidate)) return candidate;
  }
  return 'mosquitto_passwd';
}

function findDynsecPlugin() {
  for (const candidate of [
    process.env.MOSQUITTO_DYNSEC_PLUGIN,
    '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
    '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
    '/usr/lib/mosquitto_dynamic_security.so',
    '/usr/local/lib/mosquitto_dynamic_security.so',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    "Mosquitto's dynamic-security plugin was not found (Debian's mosquitto package ships it as " +
      'mosquitto_dynamic_security.so); set MOSQUITTO_DYNSEC_PLUGIN to its path.',
  );
}

/** Whether `filter` asks for nothing outside `rule` (both MQTT filters; enough for the presets' rules). */
function coveredBy(filter, rule) {
  const f = filter.split('/');
  const r = rule.split('/');
  for (let i = 0; i < r.length; i++) {
    if (r[i] === '#') return true;
    if (i >= f.length || f[i] === '#') return false;
    if (r[i] !== '+' && (f[i] === '+' || f[i] !== r[i])) return false;
  }
  return f.length === r.length;
}

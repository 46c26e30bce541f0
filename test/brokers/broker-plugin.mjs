// A web-test-runner plugin that starts both test brokers (embedded Aedes and Mosquitto) when the
// runner starts and stops them when it ends. Tests reach them through server commands
// (see test/support/brokers.ts and test/support/fault-control.ts): where to connect, the
// SUBSCRIBE/UNSUBSCRIBE packets seen, and, for the fault tests, brokers of a test's own that can be
// killed and restarted, TCP proxies that cut or black-hole a link, and MQTT clients on the Node side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startBroker } from '../../dev/broker.mjs';
import { deviceKinds } from '../../dev/devices/index.mjs';
import { startFaultBroker } from './fault-brokers.mjs';
import { startMosquitto } from './mosquitto.mjs';
import {
  closeNodeClient,
  nodePublish,
  nodeReceived,
  nodeSubscribe,
  openNodeClient,
} from './node-clients.mjs';
import { startTcpProxy } from './tcp-proxy.mjs';
import { startNginx } from './tls-proxy.mjs';

/**
 * @param {{ certificates?: Record<string, { keyFile: string, certFile: string }>, figuresFile?: string }} options
 *   `certificates` (the TLS configuration passes them) enable the `tls-proxy-start` command: nginx in
 *   front of a broker, serving one of these certificates by name. `figuresFile` is where the
 *   measurements the tests report are written when the run ends.
 */
export function brokerPlugin({ certificates, figuresFile = 'test-results/reliability-figures.json' } = {}) {
  /** @type {Record<string, Awaited<ReturnType<typeof startBroker>>>} */
  const brokers = {};
  /** Everything a test session started, so it can be closed with the session (and at the end). */
  const owned = new Map();
  let nextId = 1;
  const faultBrokers = new Map();
  const proxies = new Map();
  const nodeClientOwners = new Map();
  /** Simulated firmware devices (dev/devices/) started by tests, by id. */
  const devices = new Map();
  /** Measurements the reliability tests report (RELIABILITY.md is written from them). */
  const figures = [];

  const own = (session, close) => {
    const id = nextId++;
    const key = session?.id ?? 'none';
    if (!owned.has(key)) owned.set(key, new Map());
    owned.get(key).set(id, close);
    return id;
  };
  const disown = (session, id) => owned.get(session?.id ?? 'none')?.delete(id);
  const closeOwned = async (key) => {
    const closers = Array.from(owned.get(key)?.values() ?? []);
    owned.delete(key);
    await Promise.all(closers.map((close) => close().catch(() => undefined)));
  };

  /** A broker by fault-broker id, or one of the shared ones by name. */
  const brokerOf = (ref) => {
    const broker = typeof ref === 'number' ? faultBrokers.get(ref) : brokers[ref];
    if (!broker) throw new Error(`No broker "${ref}"`);
    return broker;
  };

  const commands = {
    brokers: () =>
      Object.fromEntries(
        Object.entries(brokers).map(([name, b]) => [name, { wsUrl: b.wsUrl, tcpUrl: b.tcpUrl }]),
      ),

    'broker-packets': ({ broker, clientId }) =>
      brokers[broker].packetLog.filter((p) => p.clientId === clientId),

    async 'fault-broker-start'({ kind, preset = 'plain' }, session) {
      const broker = await startFaultBroker(kind, preset);
      const id = own(session, async () => {
        faultBrokers.delete(id);
        await broker.close();
      });
      faultBrokers.set(id, broker);
      const { wsUrl, tcpUrl, wsPort, tcpPort } = broker;
      return {
        id,
        kind,
        preset,
        wsUrl: wsUrl.replace('//localhost:', '//127.0.0.1:'),
        tcpUrl,
        wsPort,
        tcpPort,
      };
    },

    /** kill | start | restart | close; answers how long it took, in ms. */
    async 'fault-broker'({ id, action }, session) {
      const broker = brokerOf(id);
      const started = Date.now();
      if (action === 'close') {
        faultBrokers.delete(id);
        disown(session, id);
        await broker.close();
      } else if (['kill', 'start', 'restart'].includes(action)) {
        await broker[action]();
      } else {
        throw new Error(`Unknown fault-broker action "${action}"`);
      }
      return { ms: Date.now() - started };
    },

    'fault-broker-saved': ({ id, texts }) => brokerOf(id).hasSaved(...texts),

    'fault-broker-log': ({ id, clientId }) => {
      const broker = brokerOf(id);
      const mine = (entry) => clientId === undefined || entry.clientId === clientId;
      return { packets: broker.packetLog.filter(mine), connects: (broker.connectLog ?? []).filter(mine) };
    },

    /** A proxy in front of a broker's WebSocket port; `broker` is a fault-broker id or a shared name. */
    async 'proxy-start'({ broker }, session) {
      const target = brokerOf(broker);
      const proxy = await startTcpProxy({ targetPort: target.wsPort });
      const id = own(session, async () => {
        proxies.delete(id);
        await proxy.close();
      });
      proxies.set(id, proxy);
      return { id, port: proxy.port, wsUrl: `ws://127.0.0.1:${proxy.port}/mqtt` };
    },

    /** nginx terminating TLS in front of a broker's WebSocket port, as in production. */
    async 'tls-proxy-start'({ broker, certificate = 'trusted' }, session) {
      const target = brokerOf(broker);
      if (!certificates?.[certificate]) {
        throw new Error(
          `No "${certificate}" certificate: TLS proxies run under web-test-runner.tls.config.mjs.`,
        );
      }
      const nginx = await startNginx({ targetPort: target.wsPort, certificate: certificates[certificate] });
      const id = own(session, () => nginx.close());
      return { id, port: nginx.port, wssUrl: `wss://localhost:${nginx.port}/mqtt` };
    },

    /** forward | blackhole | refuse | drop | close */
    async proxy({ id, action }, session) {
      const proxy = proxies.get(id);
      if (!proxy) throw new Error(`No proxy ${id}`);
      if (action === 'drop') proxy.drop();
      else if (action === 'close') {
        proxies.delete(id);
        disown(session, id);
        await proxy.close();
      } else proxy.setMode(action);
      return { accepted: proxy.accepted, open: proxy.open, mode: proxy.mode };
    },

    async 'node-client-open'({ broker, options = {} }, session) {
      const id = await openNodeClient(brokerOf(broker).tcpUrl, options);
      nodeClientOwners.set(
        id,
        own(session, () => closeNodeClient(id)),
      );
      return { id };
    },
    'node-client-subscribe': ({ id, filter, qos }) => nodeSubscribe(id, filter, qos),
    'node-client-received': ({ id, prefix, countOnly }) => nodeReceived(id, { prefix, countOnly }),
    'node-client-publish': ({ id, ...message }) => nodePublish(id, message),
    async 'node-client-close'({ id }, session) {
      disown(session, nodeClientOwners.get(id));
      nodeClientOwners.delete(id);
      await closeNodeClient(id);
      return true;
    },

    /**
     * Starts a simulated device of one firmware convention (dev/devices/) on a broker's TCP port;
     * `broker` is a fault-broker id or a shared broker's name. It lives until the session ends.
     */
    async 'device-start'({ kind, broker, options = {} }, session) {
      const start = deviceKinds[kind];
      if (!start) throw new Error(`No simulated device "${kind}"`);
      const device = await start(brokerOf(broker).tcpUrl, options);
      const id = own(session, async () => {
        devices.delete(id);
        await device.stop();
      });
      devices.set(id, device);
      return { id };
    },

    /** Acts on a device: `press`, `setReachable` / `setLifecycle` (with `arg`), `stop`, `crash`, or `state`. */
    async device({ id, action, arg }, session) {
      const device = devices.get(id);
      if (!device) throw new Error(`No simulated device ${id}`);
      if (action === 'state') return device.state;
      if (action === 'stop' || action === 'crash') {
        devices.delete(id);
        disown(session, id);
        await device.stop({ crash: action === 'crash' });
        return true;
      }
      if (typeof device[action] !== 'function') throw new Error(`A ${id} device cannot "${action}"`);
      await device[action](arg);
      return device.state;
    },

    'record-figures': ({ scenario, broker, ...values }, session) => {
      figures.push({
        scenario,
        broker,
        ...values,
        file: session?.testFile?.replace(process.cwd() + '/', ''),
      });
      return true;
    },

    /** Closes everything this test session started; safe to call more than once. */
    async 'fault-cleanup'(_payload, session) {
      await closeOwned(session?.id ?? 'none');
      return true;
    },
  };

  return {
    name: 'mqtt-test-brokers',
    async serverStart() {
      brokers.aedes = await startBroker({ wsPort: 0, tcpPort: 0 });
      brokers.mosquitto = await startMosquitto();
    },
    async serverStop() {
      if (figures.length > 0) {
        mkdirSync(dirname(figuresFile), { recursive: true });
        writeFileSync(figuresFile, `${JSON.stringify(figures, null, 2)}\n`);
      }
      await Promise.all(Array.from(owned.keys(), closeOwned));
      await Promise.all(Object.values(brokers).map((b) => b.close()));
    },
    async executeCommand({ command, payload, session }) {
      const run = commands[command];
      if (!run) return undefined;
      return run(payload ?? {}, session);
    },
  };
}

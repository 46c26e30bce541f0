// What the fault and security tests control on the Node side of the runner (test/brokers/): brokers
// of their own that can be killed and restarted, TCP proxies that cut or black-hole a link, and MQTT
// clients outside the page that count what really arrived.
import { executeServerCommand } from '@web/test-runner-commands';
import type { BrokerName, BrokerPacket } from './brokers.js';
import { until } from './until.js';

/**
 * `secured`: users and ACL; `dynsec`: Mosquitto's dynamic-security plugin; `persistent`: sessions
 * outlive a restart; `limited` (Mosquitto, MQTT 5): Maximum Packet Size 256, Receive Maximum 2,
 * Server Keep Alive 10 s; `restricted` (Mosquitto, MQTT 5): Maximum QoS 1 on the WebSocket listener,
 * no retained messages.
 */
export type BrokerPreset = 'plain' | 'persistent' | 'secured' | 'dynsec' | 'limited' | 'restricted';

export interface FaultBroker {
  id: number;
  kind: BrokerName;
  preset: BrokerPreset;
  wsUrl: string;
  tcpUrl: string;
  wsPort: number;
  tcpPort: number;
}

export interface ConnectEntry {
  /** `connect`: accepted CONNECT; `refused`: refused (credentials); `attempt`: a new socket (Mosquitto). */
  type: 'connect' | 'refused' | 'attempt' | 'takeover';
  clientId?: string;
  at: number;
}

/** The user the `secured` and `dynsec` presets know (see test/brokers/fault-brokers.mjs). */
export const testUser = { username: 'reader', password: 'reader-pw' } as const;

async function command<T>(name: string, payload?: unknown): Promise<T> {
  return (await executeServerCommand(name, payload)) as T;
}

export function startFaultBroker(kind: BrokerName, preset: BrokerPreset = 'plain'): Promise<FaultBroker> {
  return command('fault-broker-start', { kind, preset });
}

/** Kills the broker hard (Aedes: every socket destroyed; Mosquitto: SIGKILL). Resolves with the ms it took. */
export async function killBroker(broker: FaultBroker): Promise<number> {
  return (await command<{ ms: number }>('fault-broker', { id: broker.id, action: 'kill' })).ms;
}

/** Starts a killed broker again on the same ports. */
export async function reviveBroker(broker: FaultBroker): Promise<number> {
  return (await command<{ ms: number }>('fault-broker', { id: broker.id, action: 'start' })).ms;
}

export async function restartBroker(broker: FaultBroker): Promise<number> {
  return (await command<{ ms: number }>('fault-broker', { id: broker.id, action: 'restart' })).ms;
}

/**
 * Whether a broker with the `persistent` preset has saved `texts` (a client id, a filter) where a
 * restart finds them. Mosquitto writes its sessions in its own time after a change.
 */
export function brokerHasSaved(broker: FaultBroker, ...texts: string[]): Promise<boolean> {
  return command('fault-broker-saved', { id: broker.id, texts });
}

/** The SUBSCRIBE/UNSUBSCRIBE packets and CONNECTs the broker saw, over all its restarts. */
export function brokerLog(
  broker: FaultBroker,
  clientId?: string,
): Promise<{ packets: BrokerPacket[]; connects: ConnectEntry[] }> {
  return command('fault-broker-log', { id: broker.id, clientId });
}

/** Waits until the broker has seen `clientId` subscribe to every filter of `filters`. */
export async function untilBrokerHas(
  broker: FaultBroker,
  clientId: string,
  filters: string[],
): Promise<void> {
  let seen: string[] = [];
  await until(
    async () => {
      const { packets } = await brokerLog(broker, clientId);
      seen = packets.filter((p) => p.type === 'subscribe').map((p) => p.topic);
      return filters.every((f) => seen.includes(f));
    },
    () => `the broker to hold ${JSON.stringify(filters)} for ${clientId} (saw ${JSON.stringify(seen)})`,
  );
}

export interface Proxy {
  id: number;
  port: number;
  /** The broker's WebSocket endpoint, reached through the proxy. */
  wsUrl: string;
}

export type ProxyAction = 'forward' | 'blackhole' | 'refuse' | 'drop';

/** A loopback TCP proxy in front of a broker's WebSocket port, under the test's control. */
export function startProxy(broker: FaultBroker | BrokerName): Promise<Proxy> {
  return command('proxy-start', { broker: typeof broker === 'string' ? broker : broker.id });
}

export function setProxy(proxy: Proxy, action: ProxyAction): Promise<{ accepted: number; open: number }> {
  return command('proxy', { id: proxy.id, action });
}

export interface NodeMessage {
  topic: string;
  text: string;
  bytes: number;
  qos: number;
  retain: boolean;
  dup: boolean;
}

export interface NodeClientOptions {
  clientId?: string;
  clean?: boolean;
  username?: string;
  password?: string;
  protocolVersion?: 4 | 5;
  reconnectPeriod?: number;
}

/** An MQTT.js client in the test runner's Node process, over TCP: outside the page under test. */
export class NodeClient {
  private constructor(readonly id: number) {}

  static async open(broker: FaultBroker | BrokerName, options: NodeClientOptions = {}): Promise<NodeClient> {
    const { id } = await command<{ id: number }>('node-client-open', {
      broker: typeof broker === 'string' ? broker : broker.id,
      options,
    });
    return new NodeClient(id);
  }

  /** Subscribes; resolves with the granted QoS per filter (0x80 and up: refused). */
  subscribe(filter: string, qos: 0 | 1 | 2 = 0): Promise<number[]> {
    return command('node-client-subscribe', { id: this.id, filter, qos });
  }

  received(prefix?: string): Promise<{ count: number; messages: NodeMessage[] }> {
    return command('node-client-received', { id: this.id, prefix });
  }

  receivedCount(prefix?: string): Promise<{ count: number; last?: NodeMessage }> {
    return command('node-client-received', { id: this.id, prefix, countOnly: true });
  }

  /**
   * Publishes `count` messages (`{{i}}` in the payload becomes the index), or `size` bytes, or
   * `base64` bytes. Resolves once written (QoS 0) or acknowledged.
   */
  publish(
    topic: string,
    message: {
      payload?: string;
      base64?: string;
      size?: number;
      qos?: 0 | 1 | 2;
      retain?: boolean;
      count?: number;
    } = {},
  ): Promise<{ sent: number }> {
    return command('node-client-publish', { id: this.id, topic, ...message });
  }

  close(): Promise<boolean> {
    return command('node-client-close', { id: this.id });
  }
}

/** Closes every broker, proxy and Node-side client this test file started. */
export function cleanupFaults(): Promise<boolean> {
  return command('fault-cleanup');
}

/**
 * Reports measurements of a scenario (cycles, messages sent and received, milliseconds); the runner
 * writes them to test-results/reliability-figures.json, from which RELIABILITY.md takes its figures.
 */
export function recordFigures(
  scenario: string,
  broker: string,
  figures: Record<string, unknown>,
): Promise<boolean> {
  return command('record-figures', { scenario, broker, ...figures });
}

export interface TlsProxy {
  id: number;
  port: number;
  /** `wss://localhost:<port>/mqtt`, through nginx to the broker. */
  wssUrl: string;
}

/**
 * nginx terminating TLS in front of `broker` (only under web-test-runner.tls.config.mjs). The
 * `trusted` certificate is the one Chromium was told to trust; `untrusted` is another, self-signed.
 */
export function startTlsProxy(
  broker: FaultBroker | BrokerName,
  certificate: 'trusted' | 'untrusted' = 'trusted',
): Promise<TlsProxy> {
  return command('tls-proxy-start', { broker: typeof broker === 'string' ? broker : broker.id, certificate });
}

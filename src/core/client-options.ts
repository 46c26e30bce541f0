// The MQTT.js options a connection's configuration turns into.
import type { IClientOptions } from 'mqtt';
import type { ConnectionConfig, Credentials } from './connection-config.js';

/** MQTT.js must not run its own reconnect timer: the connection core schedules attempts with backoff. */
const neverReconnectByItself = 2_000_000_000;

/** MQTT.js in the browser wants Buffer-like payloads; a Uint8Array view works with its writer. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return bytes as unknown as Buffer;
}

export function clientOptions(config: ConnectionConfig, credentials: Credentials): IClientOptions {
  return {
    clientId: config.clientId,
    keepalive: config.keepalive,
    clean: config.clean,
    protocolVersion: config.protocolVersion,
    connectTimeout: config.connectTimeout,
    reconnectPeriod: neverReconnectByItself,
    // The core restores subscriptions itself, exactly once per filter, after every CONNACK.
    resubscribe: false,
    // MQTT.js would run its keep-alive on timers in a Worker made from a blob: URL. A page whose
    // Content-Security-Policy does not allow blob: workers (script-src 'self' alone forbids them)
    // blocks that worker and reports a violation, and then no PINGREQ is ever sent, so the broker
    // drops the connection every 1.5 × keepalive. Plain timers work under any policy; a page that
    // wants the worker (it is not slowed down in a hidden tab) can set options.timerVariant = 'auto'.
    timerVariant: 'native',
    // MQTT 5 ends a session when the connection closes unless CONNECT asks for longer; `clean: false`
    // means what it means under MQTT 3.1.1, a session that outlives the connection.
    ...(config.protocolVersion === 5 &&
      !config.clean && { properties: { sessionExpiryInterval: 0xffff_ffff } }),
    ...(credentials.username !== undefined && { username: credentials.username }),
    ...(credentials.password !== undefined && { password: credentials.password }),
    ...(config.will && {
      will: {
        topic: config.will.topic,
        payload: toBuffer(new TextEncoder().encode(config.will.payload)),
        qos: config.will.qos,
        retain: config.will.retain,
      },
    }),
    ...config.mqttOptions,
  };
}

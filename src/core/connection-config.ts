// What a connection is configured with, and what subscribers and publishers may ask for.
import type { IClientOptions } from 'mqtt';
import type { MqttElementsError } from './errors.js';
import type { MqttMessage } from './message.js';
import type { PersistSettings } from './persist/persistence.js';

export type QoS = 0 | 1 | 2;
export type MessageListener = (message: MqttMessage) => void;

/** What the `credentials` function returns for one connect. */
export interface Credentials {
  username?: string;
  password?: string;
  /**
   * The broker URL for this connect instead of the configured one: a presigned URL (AWS IoT SigV4)
   * or one carrying a custom authorizer's query string. Never shown with its query string.
   */
  url?: string;
  /** When these credentials stop working (a `Date` or epoch milliseconds): renewed before then. */
  expiresAt?: Date | number;
}

export interface ConnectionConfig {
  /** The broker's WebSocket URL; several separated by spaces are tried in turn (see `urls`). */
  url: string;
  /**
   * Brokers to try in order, then round robin, when one cannot be reached; replaces `url` when not
   * empty. `connect()` starts again from the first.
   */
  urls?: readonly string[] | undefined;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Seconds. */
  keepalive: number;
  clean: boolean;
  protocolVersion: 4 | 5;
  /** Milliseconds to wait for CONNACK. */
  connectTimeout: number;
  /** Milliseconds before the first reconnect attempt. */
  reconnectPeriod: number;
  /** Largest delay between reconnect attempts, in milliseconds. */
  maxReconnectPeriod: number;
  will?: { topic: string; payload: string; qos: QoS; retain: boolean } | undefined;
  /** How many publishes may wait while disconnected before further ones fail. */
  offlineQueueLimit: number;
  /** A setting the element found invalid: `connect()` reports it instead of connecting. */
  settingsError?: MqttElementsError | undefined;
  /** How many topics the last-message cache holds (see last-message-cache.ts); default 1000. */
  cacheSize?: number | undefined;
  /**
   * Keep the last message of each topic an element shows on this device, and restore it (marked
   * `restored`) on the next visit while the connection opens; see persist/persistence.ts.
   */
  persist?: PersistSettings | undefined;
  /**
   * Called before every connect and reconnect, for short-lived tokens; credentials with `expiresAt`
   * are asked for again, and the connection renewed with them, before they expire.
   */
  credentials?: (() => Promise<Credentials> | Credentials) | undefined;
  /** Merged into the MQTT.js options last, for anything the attributes do not cover. */
  mqttOptions?: Partial<IClientOptions> | undefined;
  /** The page's `location.protocol`, for the `ws://` from `https:` diagnosis. */
  pageProtocol?: string | undefined;
}

export interface SubscribeOptions {
  qos?: QoS;
  /**
   * With `persist`: keep the last message of every topic this filter brings, as for a topic an element
   * shows by name (a template stamps one row per topic). Bounded by `persist-topics` like the rest.
   */
  keep?: boolean;
  /** Told when the broker refuses the subscription (SUBACK failure) or the filter is invalid. */
  onError?: (error: MqttElementsError) => void;
}

export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
  /**
   * MQTT 5 request/response: where the receiver should answer, and data it echoes so the answer can
   * be matched. Sent only on an MQTT 5 connection (`protocol-version="5"`); MQTT 3.1.1 has no room.
   */
  responseTopic?: string | undefined;
  correlationData?: Uint8Array | undefined;
}

export const defaultConfig: Omit<ConnectionConfig, 'url' | 'clientId'> = {
  keepalive: 60,
  clean: true,
  protocolVersion: 4,
  connectTimeout: 30_000,
  reconnectPeriod: 1_000,
  maxReconnectPeriod: 30_000,
  offlineQueueLimit: 100,
};

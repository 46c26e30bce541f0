// What elements and controllers use of a connection: the context's value. A `ConnectionCore` in the
// page is one; a `SharedConnection` (the tab's side of a client held in a SharedWorker) is another.
import type {
  ConnectionConfig,
  MessageListener,
  PublishOptions,
  SubscribeOptions,
} from './connection-config.js';
import type { ConnectionStatus, StatusInfo } from './connection-status.js';
import type { MqttElementsError } from './errors.js';
import type { MqttMessage } from './message.js';
import type { MessageStore } from './persist/message-store.js';
import type { ServerLimits } from './server-limits.js';

export interface Connection {
  readonly status: ConnectionStatus;
  readonly statusInfo: StatusInfo;
  /** The last error that put the connection in the `error` or `reconnecting` state. */
  readonly error: MqttElementsError | undefined;
  readonly config: Readonly<ConnectionConfig> | undefined;
  /** The broker's limits from the last CONNACK; `undefined` before the first. */
  readonly serverLimits: ServerLimits | undefined;
  /** The number of distinct filters subscribed (or waiting to be). */
  readonly subscriptionCount: number;
  /** Sets or replaces the configuration; returns whether a running connection restarted with it. */
  configure(config: ConnectionConfig): boolean;
  connect(): void;
  disconnect(): Promise<void>;
  clearPersisted(): Promise<void>;
  /**
   * With `persist`: the store and storage key under which an element keeps more than the last message
   * (a chart its history); undefined without `persist` or when the device's storage cannot be used.
   */
  readonly persistStore: { store: MessageStore; key: string } | undefined;
  onStatus(listener: (info: StatusInfo) => void): () => void;
  onError(listener: (error: MqttElementsError) => void): () => void;
  /** The latest message seen on `topic` (a topic, not a filter), if any. */
  lastMessage(topic: string): MqttMessage | undefined;
  subscribe(filter: string, listener: MessageListener, options?: SubscribeOptions): () => void;
  whenSubscribed(filter: string | undefined, maxWaitMs: number): Promise<void>;
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Promise<void>;
}

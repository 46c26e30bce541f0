// The tab's side of a connection shared by every tab of the origin (`<mqtt-connection shared>`): the
// same interface as a `ConnectionCore`, over a MessagePort to the SharedWorker that holds the MQTT
// client. The tab's elements share one subscription per filter here, as with a core of their own, and
// the worker shares each filter among the tabs. Where no SharedWorker can be used, the same requests
// go to a core of the tab's own instead, and the elements never notice.
import { ConnectionCore } from '../connection-core.js';
import type {
  ConnectionConfig,
  MessageListener,
  PublishOptions,
  SubscribeOptions,
} from '../connection-config.js';
import type { Connection } from '../connection.js';
import type { StatusInfo } from '../connection-status.js';
import { errorMessage, MqttElementsError } from '../errors.js';
import { onResumeSignal } from '../resume-signals.js';
import { defaultCacheSize } from '../last-message-cache.js';
import { MqttMessage } from '../message.js';
import { IndexedDbMessageStore } from '../persist/indexeddb-message-store.js';
import type { MessageStore } from '../persist/message-store.js';
import type { ServerLimits } from '../server-limits.js';
import { SubscriptionTable } from '../subscription-table.js';
import { serveTab } from './serve-tab.js';
import { startSharedWorker } from './start-shared-worker.js';
import {
  fromWire,
  missedPings,
  pingMs,
  wireConfig,
  wireVersion,
  type TabReply,
  type TabRequest,
} from './wire.js';

/** How long the worker may take to answer the first time before the tab uses a client of its own. */
const joinWaitMs = 5_000;

/**
 * `shared`: the tab uses the client in the SharedWorker. `own-client`: it could not (`reason` says
 * why) and has a client of its own. `pending`: the worker has not answered yet.
 */
export interface SharedState {
  mode: 'pending' | 'shared' | 'own-client';
  reason?: string;
}

export interface SharedConnectionOptions {
  /** The worker script (the `worker-url` attribute); by default the one that came with the library. */
  workerUrl?: () => string | undefined;
  /** The client id for a client of the tab's own, given the configured one. */
  ownClientId: (configured: string) => string;
  /** Told once the tab falls back to a client of its own. */
  onFallback: (state: SharedState) => void;
}

type Listener<T> = (value: T) => void;

export class SharedConnection implements Connection {
  readonly #options: SharedConnectionOptions;
  #config: ConnectionConfig | undefined;
  #info: StatusInfo = { status: 'idle', warnings: [] };
  /** Which of this tab's settings the shared client, opened by another tab, does not use (see `differs`). */
  #settingsWarning: string | undefined;
  #error: MqttElementsError | undefined;
  #limits: ServerLimits | undefined;
  #clientId: string | undefined;
  #state: SharedState = { mode: 'pending' };
  readonly #statusListeners = new Set<Listener<StatusInfo>>();
  readonly #errorListeners = new Set<Listener<MqttElementsError>>();
  /** Where requests go: the worker's port, or the service of the tab's own core; unset while not joined. */
  #send: ((request: TabRequest) => void) | undefined;
  #joined = false;
  /** Ends the current join: closes the port and lets go of the tab's lock. */
  #leave: (() => void) | undefined;
  #own: ConnectionCore | undefined;
  #joinTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops waiting for the worker's lock (see `#watchWorker`). */
  #stopWatching: (() => void) | undefined;
  readonly #outcomes = new Map<string, (result: 'granted' | MqttElementsError) => void>();
  readonly #unsubscribed = new Map<string, () => void>();
  readonly #requests = new Map<number, { resolve: () => void; reject: (error: MqttElementsError) => void }>();
  #nextRequest = 1;
  readonly #table = new SubscriptionTable({
    isConnected: () => this.#joined,
    subscribe: (filter, qos, id, outcome) => {
      if (!this.#joined) return false;
      this.#outcomes.set(filter, outcome);
      this.#request({ t: 'sub', filter, qos, id });
      return true;
    },
    unsubscribe: (filter) =>
      new Promise<void>((resolve) => {
        if (!this.#joined) return resolve();
        this.#unsubscribed.set(filter, resolve);
        this.#request({ t: 'unsub', filter });
      }),
    // The worker's cache holds every tab's topics and says when it is full.
    cacheFull: () => undefined,
  });

  constructor(options: SharedConnectionOptions) {
    this.#options = options;
  }

  /** Whether the tab uses the shared client, and if not, why. */
  get sharedState(): SharedState {
    return this.#state;
  }

  get status() {
    return this.#info.status;
  }

  get statusInfo(): StatusInfo {
    return this.#info;
  }

  get error(): MqttElementsError | undefined {
    return this.#error;
  }

  /** This tab's configuration, with the client id of the client actually in use. */
  get config(): Readonly<ConnectionConfig> | undefined {
    const config = this.#config;
    return config && this.#clientId && config.clientId !== this.#clientId
      ? { ...config, clientId: this.#clientId }
      : config;
  }

  get serverLimits(): ServerLimits | undefined {
    return this.#limits;
  }

  get subscriptionCount(): number {
    return this.#table.size;
  }

  /** How many topics this tab's last-message cache holds now. */
  get cachedTopicCount(): number {
    return this.#table.cachedTopics;
  }

  configure(config: ConnectionConfig): boolean {
    const previous = this.#config;
    this.#config = config;
    this.#table.cacheLimit = config.cacheSize ?? defaultCacheSize;
    if (this.#own) return this.#own.configure(this.#ownConfig(config));
    if (!this.#leave) return false;
    // Another broker or user is another shared client.
    if (previous && sharingKey(previous) !== sharingKey(config)) {
      this.#disconnectFromWorker();
      this.#join(config);
    } else if (this.#joined) this.#request({ t: 'configure', config: wireConfig(config) });
    return true;
  }

  connect(): void {
    const config = this.#config;
    if (!config) throw new MqttElementsError('config', 'connect() needs a configuration: set the url first.');
    if (this.#own) this.#own.connect();
    else if (this.#joined) this.#request({ t: 'connect' });
    else if (!this.#leave) this.#join(config);
  }

  /** Leaves the shared client (the other tabs keep it; the last one leaving closes it). */
  async disconnect(): Promise<void> {
    if (this.#own) return this.#own.disconnect();
    this.#disconnectFromWorker();
    this.#setStatus({ status: 'closed', warnings: [] }, undefined);
  }

  clearPersisted(): Promise<void> {
    return this.#ask((n) => ({ t: 'clear', n }));
  }

  /** The worker keeps the messages; a chart keeps its history from the tab, in the same database. */
  get persistStore(): { store: MessageStore; key: string } | undefined {
    if (this.#own) return this.#own.persistStore;
    const key = this.#config?.persist?.key;
    if (key === undefined) return undefined;
    return { store: (this.#tabStore ??= new IndexedDbMessageStore()), key };
  }
  #tabStore: MessageStore | undefined;

  onStatus(listener: Listener<StatusInfo>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  onError(listener: Listener<MqttElementsError>): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  lastMessage(topic: string): MqttMessage | undefined {
    return this.#table.lastMessage(topic);
  }

  subscribe(filter: string, listener: MessageListener, options?: SubscribeOptions): () => void {
    return this.#table.add(filter, listener, options);
  }

  whenSubscribed(filter: string | undefined, maxWaitMs: number): Promise<void> {
    return this.#table.whenSubscribed(filter, maxWaitMs);
  }

  /** Settles on the broker's acknowledgement, with the same errors a core of the tab's own gives. */
  publish(topic: string, payload: string | Uint8Array, options: PublishOptions = {}): Promise<void> {
    if (!this.#joined) {
      const why = this.#error?.message ?? `the connection is ${this.#info.status}`;
      return Promise.reject(new MqttElementsError('not-connected', `Cannot publish to "${topic}": ${why}`));
    }
    return this.#ask((n) => ({ t: 'pub', n, topic, payload, options }));
  }

  #ask(request: (n: number) => TabRequest): Promise<void> {
    if (!this.#joined) return Promise.resolve();
    const n = this.#nextRequest++;
    return new Promise<void>((resolve, reject) => {
      this.#requests.set(n, { resolve, reject });
      this.#request(request(n));
    });
  }

  #request(request: TabRequest): void {
    this.#send?.(request);
  }

  #join(config: ConnectionConfig): void {
    const unusable = whyNotShared();
    if (unusable) return this.#fallBack(unusable);
    let worker: SharedWorker;
    try {
      worker = startSharedWorker(this.#options.workerUrl?.());
    } catch (err) {
      // A worker script on another origin (a CDN) is refused at once.
      return this.#fallBack(`the worker script cannot be started here (${errorMessage(err)})`);
    }
    const port = worker.port;
    // The tab holds a lock named for it as long as it lives; the worker asks for the same lock and is
    // granted it the moment the tab closes, navigates away or crashes, and releases what it held.
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    const lockName = locks && `mqtt-elements-tab-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
    let releaseLock: (() => void) | undefined;
    let left = false;
    // Said at once when the page goes (the lock would tell the worker a moment later): the last tab
    // leaving lets the worker say goodbye to the broker before the browser ends it. A page kept in the
    // back-forward cache joins again when it is shown.
    const hide = () => {
      this.#disconnectFromWorker();
      addEventListener('pageshow', () => this.connect(), { once: true });
    };
    addEventListener('pagehide', hide);
    // The worker has no page to hear that the network is back or a tab shown again: each tab tells it.
    const stopResumeSignals = onResumeSignal(() => this.#request({ t: 'resume' }));
    // Without Web Locks the worker's pings are the only sign that it lives (see the worker): a tab that
    // hears none for `missedPings` pings joins a new one. A timer late in a hidden tab only delays that.
    let heard = Date.now();
    const watch = lockName
      ? undefined
      : setInterval(() => Date.now() - heard > missedPings * pingMs && this.#rejoin(), pingMs);
    const leave = () => {
      left = true;
      removeEventListener('pagehide', hide);
      stopResumeSignals();
      clearInterval(watch);
      clearTimeout(this.#joinTimer);
      worker.onerror = null;
      port.onmessage = null;
      port.postMessage({ t: 'leave' } satisfies TabRequest);
      port.close();
      releaseLock?.();
    };
    this.#leave = leave;
    this.#setStatus({ status: 'connecting', warnings: [] }, undefined);
    worker.onerror = () =>
      this.#fallBackFrom(leave, 'the worker script did not load (is it there, and allowed by worker-src?)');
    this.#joinTimer = setTimeout(
      () => this.#fallBackFrom(leave, `the shared worker did not answer within ${joinWaitMs / 1000} s`),
      joinWaitMs,
    );
    port.onmessage = (event: MessageEvent<TabReply>) => {
      heard = Date.now();
      this.#receive(event.data);
    };
    const send = () => {
      if (left) return;
      this.#settingsWarning = undefined;
      try {
        port.postMessage({
          t: 'join',
          v: wireVersion,
          key: sharingKey(config),
          config: wireConfig(config),
          lock: lockName,
        } satisfies TabRequest);
      } catch (err) {
        // Functions in `options` (say, transformWsUrl) cannot be sent to another thread.
        this.#fallBackFrom(leave, `its settings cannot be sent to the shared worker (${errorMessage(err)})`);
        return;
      }
      this.#send = (request) => port.postMessage(request);
    };
    // Without Web Locks (a page not served over https or from localhost) the worker pings the tab.
    if (!locks || !lockName) return send();
    void locks.request(lockName, () => {
      send();
      return new Promise<void>((resolve) => (releaseLock = resolve));
    });
  }

  #receive(reply: TabReply): void {
    switch (reply.t) {
      case 'status':
        if (!this.#joined) {
          clearTimeout(this.#joinTimer);
          this.#joined = true;
          if (reply.workerLock) this.#watchWorker(reply.workerLock);
          if (!this.#own) this.#setState({ mode: 'shared' });
          // The worker (or the tab's own core) now takes the tab's subscriptions.
          this.#table.restore(false);
        }
        this.#limits = reply.limits;
        this.#clientId = reply.clientId;
        this.#setStatus(reply.info, reply.error && fromWire(reply.error));
        return;
      case 'error': {
        const error = fromWire(reply.error);
        for (const listener of this.#errorListeners) listener(error);
        return;
      }
      case 'msgs':
        for (const m of reply.batch) {
          if (m.restored) {
            this.#table.seed([
              new MqttMessage(m.topic, m.payload, m.retained, m.qos, m.receivedAt, m.properties, true),
            ]);
          } else {
            this.#table.route(m.topic, m.payload, m.retained, m.qos, m.id, m.properties, false, m.receivedAt);
          }
        }
        return;
      case 'granted':
      case 'suberr': {
        const outcome = this.#outcomes.get(reply.filter);
        this.#outcomes.delete(reply.filter);
        outcome?.(reply.t === 'granted' ? 'granted' : fromWire(reply.error));
        return;
      }
      case 'unsubbed':
        this.#unsubscribed.get(reply.filter)?.();
        this.#unsubscribed.delete(reply.filter);
        return;
      case 'done': {
        const request = this.#requests.get(reply.n);
        this.#requests.delete(reply.n);
        if (reply.error) request?.reject(fromWire(reply.error));
        else request?.resolve();
        return;
      }
      case 'creds?':
        void this.#answerCredentials(reply.n);
        return;
      case 'refused':
        this.#fallBackFrom(this.#leave, reply.reason);
        return;
      case 'ping':
        this.#request({ t: 'pong' });
        return;
      case 'released':
        this.#rejoin();
        return;
      case 'differs': {
        const names = reply.settings.map((name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
        const warning =
          `This page's ${names.join(', ')} differ from those of the shared connection another tab opened ` +
          `to this broker and user, which keeps its own. Give these pages the same settings, or leave out shared here.`;
        this.#settingsWarning = warning;
        console.warn(`<mqtt-connection shared>: ${warning}`);
        const error = new MqttElementsError('config', warning);
        for (const listener of this.#errorListeners) listener(error);
        this.#setStatus(this.#info, this.#error);
      }
    }
  }

  /** A worker that ended without a word (its process crashed) is replaced: the tab joins a new one. */
  #watchWorker(lock: string): void {
    const leave = this.#leave;
    const stop = new AbortController();
    this.#stopWatching = () => stop.abort();
    navigator.locks
      .request(lock, { signal: stop.signal }, () => leave === this.#leave && this.#rejoin())
      .catch(() => undefined);
  }

  /**
   * Joins again on a new port, which starts a new worker if the old one ended: it did, or it let go of
   * this tab while the tab could not answer its pings. The tab's subscriptions follow it.
   */
  #rejoin(): void {
    this.#disconnectFromWorker();
    // Set before the first join, and never unset.
    this.#join(this.#config!);
  }

  async #answerCredentials(n: number): Promise<void> {
    try {
      const value = await this.#config!.credentials!();
      this.#request({ t: 'creds', n, value });
    } catch (err) {
      this.#request({ t: 'creds', n, error: errorMessage(err) });
    }
  }

  #disconnectFromWorker(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#leave?.();
    this.#leave = undefined;
    this.#send = undefined;
    this.#joined = false;
    this.#settleRequests('the connection was closed before the broker acknowledged it');
  }

  #fallBackFrom(leave: (() => void) | undefined, reason: string): void {
    if (leave !== this.#leave || this.#own) return;
    this.#disconnectFromWorker();
    this.#fallBack(reason);
  }

  /** Uses a client of the tab's own: the same requests, served in the page. */
  #fallBack(reason: string): void {
    const config = this.#config!;
    const own = new ConnectionCore();
    this.#own = own;
    const ownConfig = this.#ownConfig(config);
    this.#clientId = ownConfig.clientId;
    this.#setState({ mode: 'own-client', reason });
    const service = serveTab(own, (reply) => this.#receive(reply));
    this.#send = (request) => service.handle(request);
    own.configure(ownConfig);
    own.connect();
  }

  #ownConfig(config: ConnectionConfig): ConnectionConfig {
    return { ...config, clientId: this.#options.ownClientId(config.clientId) };
  }

  #setState(state: SharedState): void {
    this.#state = state;
    if (state.mode === 'own-client') this.#options.onFallback(state);
  }

  #settleRequests(why: string): void {
    for (const { reject } of this.#requests.values())
      reject(new MqttElementsError('publish', `Not sent: ${why}.`));
    this.#requests.clear();
    for (const resolve of this.#unsubscribed.values()) resolve();
    this.#unsubscribed.clear();
    this.#outcomes.clear();
  }

  #setStatus(info: StatusInfo, error: MqttElementsError | undefined): void {
    const warning = this.#settingsWarning;
    this.#info =
      warning && !info.warnings.includes(warning) ? { ...info, warnings: [...info.warnings, warning] } : info;
    this.#error = error;
    for (const listener of this.#statusListeners) listener(info);
  }
}

/** Tabs share a client when they use the same broker URL and user. */
function sharingKey(config: ConnectionConfig): string {
  return `${config.url}\n${config.username ?? ''}`;
}

/** Why this page cannot use a SharedWorker at all, if it cannot. */
function whyNotShared(): string | undefined {
  if (typeof SharedWorker === 'undefined') return 'this browser offers no SharedWorker';
  if (location.protocol === 'file:') return 'a page opened from a file cannot share a worker';
  return undefined;
}

// The connection core: owns one MQTT.js client and gives every element on the page shared,
// reference-counted subscriptions, a last-message cache, status and acknowledged publishing.
import mqtt from 'mqtt';
import type { IClientOptions, IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import type { ConnectionStatus, StatusInfo } from './connection-status.js';
import { MqttElementsError } from './errors.js';
import { MqttMessage } from './message.js';
import { connackReason, disconnectReason, pubackReason, subackReason } from './reason-codes.js';
import { reconnectDelay } from './reconnect-backoff.js';
import { publishTopicError, topicFilterError } from './topic.js';
import { TopicRouter } from './topic-router.js';
import { diagnoseBrokerUrl } from './url-diagnosis.js';

export type QoS = 0 | 1 | 2;
export type MessageListener = (message: MqttMessage) => void;

export interface Credentials {
  username?: string;
  password?: string;
}

export interface ConnectionConfig {
  url: string;
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
  /** Called before every connect and reconnect, for short-lived tokens. */
  credentials?: (() => Promise<Credentials> | Credentials) | undefined;
  /** Merged into the MQTT.js options last, for anything the attributes do not cover. */
  mqttOptions?: Partial<IClientOptions> | undefined;
  /** The page's `location.protocol`, for the `ws://` from `https:` diagnosis. */
  pageProtocol?: string | undefined;
}

export interface SubscribeOptions {
  qos?: QoS;
  /** Told when the broker refuses the subscription (SUBACK failure) or the filter is invalid. */
  onError?: (error: MqttElementsError) => void;
}

export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
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

/** How long a filter stays subscribed after its last listener leaves, so a moved element does not churn. */
const releaseGraceMs = 250;
/** A connection that drops this soon after CONNACK, this many times in a row, is being taken over. */
const takeoverWindowMs = 2_000;
const takeoverStrikes = 3;
/** How long `disconnect()` waits for the acknowledgements still owed before closing regardless. */
const disconnectGraceMs = 3_000;
/** MQTT.js must not run its own reconnect timer: the core schedules attempts with backoff. */
const neverReconnectByItself = 2_000_000_000;

interface Listener {
  callback: MessageListener;
  qos: QoS;
  onError: ((error: MqttElementsError) => void) | undefined;
  /** Cached messages handed to this listener when it joined, which the broker may send again. */
  replayed: WeakSet<MqttMessage>;
}

/** One filter the page is subscribed to, shared by all its listeners. */
class SharedSubscription {
  readonly listeners = new Set<Listener>();
  /** The QoS the broker was last asked for, or undefined when no SUBSCRIBE is in force. */
  sentQos: QoS | undefined;
  releaseTimer: ReturnType<typeof setTimeout> | undefined;
  error: MqttElementsError | undefined;
  /** Cached messages this subscription's listeners were handed, so a retained repeat is not news. */
  readonly received = new WeakSet<MqttMessage>();

  constructor(
    readonly filter: string,
    readonly id: number,
  ) {}

  get qos(): QoS {
    let qos: QoS = 0;
    for (const l of this.listeners) if (l.qos > qos) qos = l.qos;
    return qos;
  }

  /** `skip` leaves out listeners that already hold this message. */
  deliver(message: MqttMessage, skip?: (listener: Listener) => boolean): void {
    for (const l of this.listeners) {
      if (skip?.(l)) continue;
      try {
        l.callback(message);
      } catch (err) {
        // One faulty listener must not starve the others of the message.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

type StatusListener = (info: StatusInfo) => void;
type ErrorListener = (error: MqttElementsError) => void;

/**
 * Framework-free: the `<mqtt-connection>` element wraps one of these and provides it to its
 * descendants through context, and code without any element can use it directly.
 */
export class ConnectionCore {
  #config: ConnectionConfig | undefined;
  #client: MqttClient | undefined;
  #info: StatusInfo = { status: 'idle', warnings: [] };
  #error: MqttElementsError | undefined;
  readonly #router = new TopicRouter<SharedSubscription>();
  readonly #byId = new Map<number, SharedSubscription>();
  readonly #cache = new Map<string, MqttMessage>();
  /** Subscriptions to send once the current task is done, so listeners joining together cost one SUBSCRIBE. */
  readonly #pendingSubscribes = new Set<SharedSubscription>();
  /**
   * Filters whose UNSUBSCRIBE awaits its UNSUBACK. Some brokers (Aedes) handle the packets of one
   * read concurrently, so a SUBSCRIBE sent right behind the UNSUBSCRIBE of the same filter could be
   * applied first and leave the page unsubscribed.
   */
  readonly #unsubscribing = new Map<string, Promise<void>>();
  readonly #statusListeners = new Set<StatusListener>();
  readonly #errorListeners = new Set<ErrorListener>();
  #nextSubscriptionId = 1;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #connectedAt = 0;
  #shortLivedConnections = 0;
  #takenOver = false;
  #offlinePublishes = 0;
  /** Incremented on every (re)start so callbacks of a replaced client are ignored. */
  #generation = 0;
  /**
   * Publishes each client still owes an acknowledgement for. MQTT.js forgets the callbacks of a client
   * ended by force (it settles them only when it would not reconnect by itself), so the core settles
   * them when it replaces or closes a client: a publisher is never left waiting forever.
   */
  readonly #unsettled = new Map<MqttClient, Set<(why: string) => void>>();
  /** Connections in a row the broker accepted, then closed while the kept messages were sent again. */
  #closedWhileResending = 0;

  /** The MQTT.js client, for code that needs something the core does not offer. */
  get client(): MqttClient | undefined {
    return this.#client;
  }

  get status(): ConnectionStatus {
    return this.#info.status;
  }

  get statusInfo(): StatusInfo {
    return this.#info;
  }

  /** The last error that put the connection in the `error` or `reconnecting` state. */
  get error(): MqttElementsError | undefined {
    return this.#error;
  }

  get config(): Readonly<ConnectionConfig> | undefined {
    return this.#config;
  }

  /** The number of distinct filters subscribed (or waiting to be). */
  get subscriptionCount(): number {
    return this.#router.size;
  }

  /**
   * Sets or replaces the configuration; a running connection restarts with it. Returns whether it
   * restarted, so a caller that wants a connection either way does not start a second one.
   */
  configure(config: ConnectionConfig): boolean {
    const running = this.#client !== undefined || this.#retryTimer !== undefined;
    this.#config = config;
    if (running) this.connect();
    return running;
  }

  /** Starts (or restarts) the connection with the current configuration. */
  connect(): void {
    const config = this.#config;
    if (!config) throw new MqttElementsError('config', 'connect() needs a configuration: set the url first.');
    this.#teardownClient();
    this.#attempt = 0;
    this.#shortLivedConnections = 0;
    this.#takenOver = false;
    this.#error = undefined;

    const diagnosis = diagnoseBrokerUrl(config.url, config.pageProtocol);
    if (diagnosis.errors.length > 0 || !diagnosis.url) {
      this.#fail(new MqttElementsError('url', diagnosis.errors.join(' ')), diagnosis.warnings);
      return;
    }
    this.#setStatus({ status: 'connecting', warnings: diagnosis.warnings });
    void this.#open(diagnosis.url, diagnosis.warnings);
  }

  /** Closes the connection; subscriptions stay registered and are restored by the next `connect()`. */
  async disconnect(): Promise<void> {
    const client = this.#client;
    // Detached before the teardown, which would end it by force: a connected client must send
    // DISCONNECT, or the broker publishes the will as if the page had crashed.
    this.#client = undefined;
    this.#teardownClient();
    this.#setStatus({ status: 'closed', warnings: [] });
    if (client) {
      // Connected, it waits for the acknowledgements owed; otherwise none can come any more. A link
      // gone silent never brings them, and MQTT.js would wait for ever: after a grace period the
      // socket is closed anyway.
      let grace: ReturnType<typeof setTimeout> | undefined;
      const ended = await Promise.race([
        client.endAsync(!client.connected).then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), disconnectGraceMs))),
      ]);
      clearTimeout(grace);
      if (!ended) client.stream?.destroy();
      this.#settle(client, 'the connection was closed before the broker acknowledged it');
    }
  }

  /** Listens to status changes; returns the function that stops listening. */
  onStatus(listener: StatusListener): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Listens to errors of the connection itself (not of single subscriptions or publishes). */
  onError(listener: ErrorListener): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /** The latest message seen on `topic` (a topic, not a filter), if any. */
  lastMessage(topic: string): MqttMessage | undefined {
    return this.#cache.get(topic);
  }

  /**
   * Subscribes `listener` to `filter`. Listeners on one filter share one SUBSCRIBE (at the highest QoS
   * any asked for); cached messages matching the filter are delivered at once. Returns the function
   * that unsubscribes; the last listener leaving sends one UNSUBSCRIBE after a short grace period.
   */
  subscribe(filter: string, listener: MessageListener, options: SubscribeOptions = {}): () => void {
    const problem = topicFilterError(filter);
    if (problem) throw new MqttElementsError('topic', problem);
    const entry: Listener = {
      callback: listener,
      qos: options.qos ?? 0,
      onError: options.onError,
      replayed: new WeakSet(),
    };

    let shared = this.#router.get(filter);
    if (!shared) {
      shared = new SharedSubscription(filter, this.#nextSubscriptionId++);
      this.#router.set(filter, shared);
      this.#byId.set(shared.id, shared);
    }
    clearTimeout(shared.releaseTimer);
    shared.releaseTimer = undefined;
    shared.listeners.add(entry);

    if (shared.error) {
      entry.onError?.(shared.error);
    } else if (
      this.#info.status === 'connected' &&
      (shared.sentQos === undefined || shared.sentQos < entry.qos)
    ) {
      this.#scheduleSubscribe(shared);
    }
    this.#replayCache(shared, entry);

    const target = shared;
    return () => {
      if (!target.listeners.delete(entry) || target.listeners.size > 0) return;
      target.releaseTimer = setTimeout(() => this.#release(target), releaseGraceMs);
    };
  }

  /**
   * Publishes and settles when the broker acknowledges (QoS 1: PUBACK, QoS 2: PUBCOMP; QoS 0: once
   * written). While disconnected, publishes wait in a bounded queue and go out on reconnection.
   */
  publish(topic: string, payload: string | Uint8Array, options: PublishOptions = {}): Promise<void> {
    const problem = publishTopicError(topic);
    if (problem) return Promise.reject(new MqttElementsError('topic', problem));
    const client = this.#client;
    if (!client || this.#info.status === 'error' || this.#info.status === 'closed') {
      const why = this.#error?.message ?? `the connection is ${this.#info.status}`;
      return Promise.reject(
        new MqttElementsError('not-connected', `Cannot publish to "${topic}": ${why}`, {
          cause: this.#error,
        }),
      );
    }
    const offline = this.#info.status !== 'connected';
    const limit = this.#config?.offlineQueueLimit ?? defaultConfig.offlineQueueLimit;
    if (offline && this.#offlinePublishes >= limit) {
      return Promise.reject(
        new MqttElementsError(
          'queue-full',
          `Not published to "${topic}": ${limit} messages are already waiting for the connection to ` +
            `return. Wait for it to reconnect, or raise offline-queue-limit.`,
        ),
      );
    }
    if (offline) this.#offlinePublishes++;
    const generation = this.#generation;
    const publishOptions: IClientPublishOptions = { qos: options.qos ?? 0, retain: options.retain ?? false };
    return new Promise<void>((resolve, reject) => {
      let unsettled = this.#unsettled.get(client);
      if (!unsettled) this.#unsettled.set(client, (unsettled = new Set()));
      const giveUp = (why: string) =>
        reject(new MqttElementsError('publish', `Not published to "${topic}": ${why}`));
      unsettled.add(giveUp);
      client.publish(
        topic,
        typeof payload === 'string' ? payload : toBuffer(payload),
        publishOptions,
        (err) => {
          unsettled.delete(giveUp);
          if (offline && generation === this.#generation) this.#offlinePublishes--;
          if (!err) {
            resolve();
            return;
          }
          const code = (err as { code?: number }).code;
          const why = code !== undefined && code >= 0x80 ? pubackReason(code) : err.message;
          reject(
            new MqttElementsError('publish', `The broker did not accept the message on "${topic}": ${why}`, {
              cause: err,
            }),
          );
        },
      );
    });
  }

  // ---- connection lifecycle ----

  async #open(url: string, warnings: readonly string[]): Promise<void> {
    const config = this.#config!;
    const generation = ++this.#generation;
    let credentials: Credentials = { username: config.username, password: config.password };
    if (config.credentials) {
      try {
        credentials = { ...credentials, ...(await config.credentials()) };
      } catch (err) {
        if (generation !== this.#generation) return;
        this.#fail(
          new MqttElementsError('auth', `The credentials function failed: ${describe(err)}`, { cause: err }),
          warnings,
        );
        return;
      }
      if (generation !== this.#generation) return;
    }

    const options: IClientOptions = {
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
    let client: MqttClient;
    try {
      client = mqtt.connect(url, options);
    } catch (err) {
      this.#fail(
        new MqttElementsError('url', `Cannot connect to ${url}: ${describe(err)}`, { cause: err }),
        warnings,
      );
      return;
    }
    this.#client = client;
    this.#wire(client, generation, warnings);
  }

  #wire(client: MqttClient, generation: number, warnings: readonly string[]): void {
    const current = () => generation === this.#generation;
    let lastProblem: MqttElementsError | undefined;
    let takeoverSignalled = false;
    // Whether the broker accepted this socket's CONNECT. MQTT.js emits 'connect' only once every QoS
    // 1/2 message kept from before the last disconnection is acknowledged, so a socket can be accepted
    // and closed again without the core ever seeing 'connect'.
    let accepted = false;
    client.on('packetreceive', (packet) => {
      if (packet.cmd === 'connack') accepted = !packet.returnCode && !packet.reasonCode;
    });

    client.on('connect', (connack) => {
      if (!current()) return;
      this.#attempt = 0;
      this.#error = undefined;
      this.#connectedAt = Date.now();
      this.#closedWhileResending = 0;
      lastProblem = undefined;
      this.#setStatus({ status: 'connected', warnings });
      this.#restoreSubscriptions(connack.sessionPresent);
    });

    client.on('message', (topic, payload, packet) => {
      if (current()) this.#route(topic, payload, packet);
    });

    client.on('disconnect', (packet) => {
      if (!current()) return;
      const code = packet.reasonCode ?? 0;
      if (code === 0x8e) takeoverSignalled = true;
      lastProblem = new MqttElementsError(
        code === 0x8e ? 'client-id-taken' : 'refused',
        `The broker closed the connection: ${disconnectReason(code)}`,
      );
    });

    client.on('error', (err) => {
      if (!current()) return;
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number' && !client.connected) {
        // A refused CONNACK: MQTT.js stops by itself; decide here whether retrying can help.
        const version = this.#config?.protocolVersion ?? 4;
        const reason = connackReason(code, version);
        const authProblem =
          version === 5 ? code === 0x86 || code === 0x87 || code === 0x8c : code === 4 || code === 5;
        // A broker that speaks only MQTT 3.1.1 answers an MQTT 5 CONNECT with the 3.1.1 code 1.
        const protocolProblem = version === 5 ? code === 0x84 || code === 1 : code === 1;
        if (authProblem || protocolProblem) {
          const hint =
            protocolProblem && version === 5
              ? ' Set protocol-version="4": this broker speaks MQTT 3.1.1 only.'
              : '';
          this.#fail(
            new MqttElementsError(
              authProblem ? 'auth' : 'protocol',
              `The broker refused the connection: ${reason}.${hint}`,
              { cause: err },
            ),
            warnings,
          );
          return;
        }
        lastProblem = new MqttElementsError('refused', `The broker refused the connection: ${reason}.`, {
          cause: err,
        });
        return;
      }
      lastProblem = new MqttElementsError('socket', describeSocketError(err, client), { cause: err });
    });

    client.on('close', () => {
      if (!current() || this.#info.status === 'error' || this.#info.status === 'closed') return;
      const wasConnected = this.#info.status === 'connected';
      if (wasConnected) {
        // Dropped again and again right after CONNACK: the signature of another client taking the
        // session over under MQTT 3.1.1, which (unlike MQTT 5) does not say so.
        const shortLived = Date.now() - this.#connectedAt < takeoverWindowMs;
        this.#shortLivedConnections = shortLived ? this.#shortLivedConnections + 1 : 0;
        this.#takenOver = takeoverSignalled || this.#shortLivedConnections >= takeoverStrikes;
      }
      takeoverSignalled = false;
      for (const shared of this.#router.values()) shared.sentQos = undefined;

      if (!wasConnected && accepted) {
        // Reachable and accepting, yet closing while the kept messages go out again: an MQTT 3.1.1
        // broker has no other way to refuse one message. Re-sending it forever would keep the page
        // offline, so after a few tries the kept messages are given up and their publishers told.
        this.#closedWhileResending++;
        if (this.#closedWhileResending >= takeoverStrikes) {
          this.#closedWhileResending = 0;
          this.#restartWithout(
            client,
            `the broker accepted the connection and closed it each time this message was sent again ` +
              `(${takeoverStrikes} times); it probably does not allow this client to publish there. Check its access rules.`,
          );
          return;
        }
        lastProblem = new MqttElementsError(
          'refused',
          'The broker accepted the connection, then closed it while messages kept from before were being sent ' +
            'again. It probably refuses one of them (an MQTT 3.1.1 broker refuses a message by closing the ' +
            'connection): check what this client may publish.',
        );
      }
      accepted = false;

      if (this.#takenOver) {
        lastProblem = new MqttElementsError(
          'client-id-taken',
          `Another client is using the client ID "${this.#config?.clientId}", and the broker keeps ` +
            `dropping this one in its favour. Give each page its own client-id (or leave it unset).`,
        );
      }
      if (!lastProblem && !wasConnected) {
        lastProblem = new MqttElementsError('socket', describeSocketError(undefined, client));
      }
      this.#scheduleReconnect(
        client,
        lastProblem ?? new MqttElementsError('socket', 'The connection to the broker was lost.'),
        warnings,
      );
      lastProblem = undefined;
    });
  }

  #scheduleReconnect(client: MqttClient, problem: MqttElementsError, warnings: readonly string[]): void {
    const config = this.#config!;
    this.#attempt++;
    // A taken-over client ID waits the longest delay: the other client will only take it back.
    const delay = this.#takenOver
      ? config.maxReconnectPeriod
      : reconnectDelay(this.#attempt, { initial: config.reconnectPeriod, max: config.maxReconnectPeriod });
    this.#error = problem;
    this.#notifyError(problem);

    const browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const generation = this.#generation;
    const retry = () => {
      this.#retryTimer = undefined;
      if (generation !== this.#generation) return;
      void this.#reconnect(client);
    };
    if (browserOffline && typeof globalThis.addEventListener === 'function') {
      this.#setStatus({ status: 'offline', reason: `The browser is offline. ${problem.message}`, warnings });
      globalThis.addEventListener('online', retry, { once: true });
      return;
    }
    this.#setStatus({
      status: 'reconnecting',
      reason: problem.message,
      attempt: this.#attempt,
      retryAt: Date.now() + delay,
      warnings,
    });
    this.#retryTimer = setTimeout(retry, delay);
  }

  async #reconnect(client: MqttClient): Promise<void> {
    const config = this.#config!;
    if (config.credentials) {
      const generation = this.#generation;
      try {
        const fresh = await config.credentials();
        if (fresh.username !== undefined) client.options.username = fresh.username;
        if (fresh.password !== undefined) client.options.password = fresh.password;
      } catch (err) {
        if (generation === this.#generation) {
          this.#fail(
            new MqttElementsError('auth', `The credentials function failed: ${describe(err)}`, {
              cause: err,
            }),
            this.#info.warnings,
          );
        }
        return;
      }
      if (generation !== this.#generation) return;
    }
    // Passing the stores back keeps QoS 1/2 messages that are still unacknowledged.
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  #fail(error: MqttElementsError, warnings: readonly string[]): void {
    this.#teardownClient(error.message);
    this.#error = error;
    this.#setStatus({ status: 'error', reason: error.message, warnings });
    this.#notifyError(error);
  }

  /**
   * Gives up the publishes `client` still owes an acknowledgement for, each rejected with `why`, and
   * starts a fresh connection without them.
   */
  #restartWithout(client: MqttClient, why: string): void {
    this.#settle(client, why);
    this.connect();
  }

  /** Rejects, with `why`, every publish `client` has not settled; those already settled are left alone. */
  #settle(client: MqttClient, why: string): void {
    const unsettled = this.#unsettled.get(client);
    this.#unsettled.delete(client);
    for (const giveUp of unsettled ?? []) giveUp(why);
  }

  #teardownClient(
    why = 'the connection was restarted before the broker acknowledged it; publish it again',
  ): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#offlinePublishes = 0;
    const client = this.#client;
    this.#client = undefined;
    // Acknowledgements owed by the old client no longer order anything.
    this.#unsubscribing.clear();
    for (const shared of this.#router.values()) shared.sentQos = undefined;
    if (client) {
      client.end(true);
      // Queued publishes of a client being replaced are settled with an error, never left hanging.
      this.#settle(client, why);
    }
  }

  #setStatus(info: StatusInfo): void {
    this.#info = info;
    for (const listener of this.#statusListeners) listener(info);
  }

  #notifyError(error: MqttElementsError): void {
    for (const listener of this.#errorListeners) listener(error);
  }

  // ---- subscriptions ----

  #restoreSubscriptions(sessionPresent: boolean): void {
    for (const shared of this.#router.values()) {
      if (shared.listeners.size === 0 && shared.releaseTimer === undefined) continue;
      if (shared.error) continue;
      // With a session present the broker still holds the filters; sending them again would only
      // make it resend every retained message.
      if (sessionPresent && shared.sentQos !== undefined) continue;
      this.#sendSubscribe(shared);
    }
  }

  #sendSubscribe(shared: SharedSubscription): void {
    const client = this.#client;
    if (!client) return;
    const qos = shared.qos;
    shared.sentQos = qos;
    const v5 = this.#config?.protocolVersion === 5;
    const generation = this.#generation;
    client.subscribe(
      shared.filter,
      { qos, ...(v5 && { properties: { subscriptionIdentifier: shared.id } }) },
      (err, granted) => {
        if (generation !== this.#generation) return;
        const code = granted?.[0]?.qos;
        const refused = code !== undefined && code >= 0x80;
        if (!err && !refused) return;
        if (err && !refused && /connection closed|client disconnecting/i.test(err.message)) {
          // Lost with the connection; restored on the next CONNACK.
          shared.sentQos = undefined;
          return;
        }
        const numeric = refused ? code : (err as { code?: number } | null)?.code;
        const why = numeric !== undefined ? subackReason(numeric) : (err?.message ?? 'refused');
        const error = new MqttElementsError(
          'subscribe',
          `The broker refused the subscription to "${shared.filter}": ${why}. Check the broker's access rules for this client.`,
          { cause: err },
        );
        shared.error = error;
        shared.sentQos = undefined;
        for (const l of shared.listeners) l.onError?.(error);
      },
    );
  }

  #scheduleSubscribe(shared: SharedSubscription): void {
    if (this.#pendingSubscribes.size === 0) queueMicrotask(() => this.#flushSubscribes());
    this.#pendingSubscribes.add(shared);
  }

  /**
   * Sends what listeners asked for during the last task: elements rendered together each subscribe
   * in turn, and sending on the first would cost a second SUBSCRIBE whenever a later one wants a
   * higher QoS.
   */
  #flushSubscribes(): void {
    const pending = [...this.#pendingSubscribes];
    this.#pendingSubscribes.clear();
    // Not connected any more: the next CONNACK restores every filter.
    if (this.#info.status !== 'connected') return;
    for (const shared of pending) {
      if (shared.listeners.size === 0 || shared.error) continue;
      if (shared.sentQos !== undefined && shared.sentQos >= shared.qos) continue;
      const unsubscribing = this.#unsubscribing.get(shared.filter);
      if (unsubscribing) void unsubscribing.then(() => this.#scheduleSubscribe(shared));
      else this.#sendSubscribe(shared);
    }
  }

  #release(shared: SharedSubscription): void {
    shared.releaseTimer = undefined;
    if (shared.listeners.size > 0) return;
    this.#router.delete(shared.filter);
    this.#byId.delete(shared.id);
    const client = this.#client;
    if (shared.sentQos !== undefined && client && this.#info.status === 'connected') {
      const filter = shared.filter;
      // MQTT.js calls back on UNSUBACK, and with an error when the connection closes first.
      const acknowledged = new Promise<void>((resolve) => client.unsubscribe(filter, () => resolve()));
      this.#unsubscribing.set(filter, acknowledged);
      void acknowledged.then(() => {
        if (this.#unsubscribing.get(filter) === acknowledged) this.#unsubscribing.delete(filter);
      });
    }
    shared.sentQos = undefined;
    this.#evictUnwatched();
  }

  /** Drops cached messages that no remaining filter covers, so memory follows the page's filters. */
  #evictUnwatched(): void {
    if (this.#router.size === 0) {
      this.#cache.clear();
      return;
    }
    for (const topic of this.#cache.keys()) {
      let watched = false;
      this.#router.match(topic, () => (watched = true));
      if (!watched) this.#cache.delete(topic);
    }
  }

  #replayCache(shared: SharedSubscription, listener: Listener): void {
    if (this.#cache.size === 0) return;
    if (!hasWildcardLevel(shared.filter)) {
      const cached = this.#cache.get(shared.filter);
      if (cached) this.#replay(cached, listener);
      return;
    }
    for (const message of this.#cache.values()) {
      let matches = false;
      this.#router.match(message.topic, (s) => {
        if (s === shared) matches = true;
      });
      if (matches) this.#replay(message, listener);
    }
  }

  #replay(message: MqttMessage, listener: Listener): void {
    listener.replayed.add(message);
    listener.callback(message);
  }

  #route(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
    const message = new MqttMessage(topic, payload, packet.retain, packet.qos);
    const cached = this.#cache.get(topic);
    // A broker answers every new or raised SUBSCRIBE (and every reconnect) with its retained
    // messages. A retained copy of what the page already holds is not news: whoever has it already
    // (through an earlier delivery or the cache replay on joining) must not see it twice.
    const repeat =
      packet.retain && cached !== undefined && sameBytes(cached.payload, payload) ? cached : undefined;
    if (!repeat) {
      if (payload.length === 0) this.#cache.delete(topic);
      else this.#cache.set(topic, message);
    }

    const ids = packet.properties?.subscriptionIdentifier;
    if (ids !== undefined) {
      // MQTT 5: the broker says which of our subscriptions this copy is for, so overlapping filters
      // (each getting its own copy) deliver once per listener.
      for (const id of Array.isArray(ids) ? ids : [ids]) {
        const shared = this.#byId.get(id);
        if (shared) this.#hand(shared, message, repeat);
      }
      return;
    }
    this.#router.match(topic, (shared) => this.#hand(shared, message, repeat));
  }

  /** Delivers one message to one subscription; `repeat` is the cached message it repeats, if any. */
  #hand(shared: SharedSubscription, message: MqttMessage, repeat: MqttMessage | undefined): void {
    if (!repeat) {
      if (!message.isClear) shared.received.add(message);
      shared.deliver(message);
      return;
    }
    if (shared.received.has(repeat)) return;
    shared.received.add(repeat);
    // Listeners that joined later got the cached copy when they joined.
    shared.deliver(message, (listener) => listener.replayed.has(repeat));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasWildcardLevel(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/** MQTT.js in the browser wants Buffer-like payloads; a Uint8Array view works with its writer. */
function toBuffer(bytes: Uint8Array): Buffer {
  return bytes as unknown as Buffer;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeSocketError(err: Error | undefined, client: MqttClient): string {
  const target = `${client.options.protocol ?? 'ws'}://${client.options.hostname ?? client.options.host}:${client.options.port}${client.options.path ?? ''}`;
  const detail = err?.message && !/^WebSocket error|isTrusted/i.test(err.message) ? ` (${err.message})` : '';
  // The browser does not say that a TLS handshake failed; a self-signed or mismatched certificate is
  // the usual cause with wss://, and opening the address in a tab shows the browser's own reason.
  const host = client.options.hostname ?? client.options.host;
  const tls =
    client.options.protocol === 'wss'
      ? ` For wss://, also check that the broker's TLS certificate is valid for ${host} and trusted by ` +
        `this browser: opening https://${host}:${client.options.port}/ in a tab shows why not.`
      : '';
  return (
    `Cannot reach the broker at ${target}${detail}. Check that the broker is running, that it serves ` +
    `MQTT over WebSocket on that port and path, and that nothing (a firewall, a proxy) blocks it.${tls}`
  );
}

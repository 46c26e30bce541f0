// The connection core: owns one MQTT.js client, its lifecycle and reconnect policy, status and
// acknowledged publishing, and gives every element on the page the shared subscriptions of its
// subscription table.
import mqtt from 'mqtt';
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import { clientOptions, toBuffer } from './client-options.js';
import {
  defaultConfig,
  type ConnectionConfig,
  type Credentials,
  type MessageListener,
  type PublishOptions,
  type SubscribeOptions,
} from './connection-config.js';
import { connackRefusal, describeSocketError, subscribeOutcome } from './connection-errors.js';
import type { ConnectionStatus, StatusInfo } from './connection-status.js';
import { asMqttError, errorMessage, MqttElementsError } from './errors.js';
import { messageProperties, type MqttMessage } from './message.js';
import { disconnectReason } from './reason-codes.js';
import { PublishQueue, type PublishRequest } from './publish-queue.js';
import { reconnectDelay } from './reconnect-backoff.js';
import { onResumeSignal } from './resume-signals.js';
import { assumedReceiveMaximum, fitPublish, readServerLimits, type ServerLimits } from './server-limits.js';
import { publishTopicError } from './topic.js';
import { qosRule, settingProblem } from './attribute-values.js';
import { defaultCacheSize } from './last-message-cache.js';
import { SubscriptionTable, type SubscriptionLink } from './subscription-table.js';
import { IndexedDbMessageStore } from './persist/indexeddb-message-store.js';
import type { MessageStore } from './persist/message-store.js';
import { Persistence, type PersistSettings } from './persist/persistence.js';
import { diagnoseBrokerUrl, withoutSecrets } from './url-diagnosis.js';
import { expiryOf, renewalDelay } from './credential-expiry.js';
import { brokerList } from './broker-list.js';

export {
  defaultConfig,
  type ConnectionConfig,
  type Credentials,
  type MessageListener,
  type PublishOptions,
  type QoS,
  type SubscribeOptions,
} from './connection-config.js';

/** A connection that drops this soon after CONNACK, this many times in a row, is being taken over. */
const takeoverWindowMs = 2_000;
const takeoverStrikes = 3;
/** How long `disconnect()` waits for the acknowledgements still owed before closing regardless. */
const disconnectGraceMs = 3_000;
/**
 * After the page slept (hidden tab, closed lid, frozen page) or the network changed, a link still
 * called connected may be dead without the socket knowing: a PINGREQ unanswered this long proves it.
 */
const stallCheckMs = 4_000;

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
  readonly #subscriptions = new SubscriptionTable(this.#subscriptionLink());
  readonly #statusListeners = new Set<StatusListener>();
  readonly #errorListeners = new Set<ErrorListener>();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops listening for the browser's hints to retry at once (see `onResumeSignal`). */
  #stopResumeSignals: (() => void) | undefined;
  /** What a resume hint does now (see `resumeHint`); unset while nothing would come of it. */
  #onResumeHint: (() => void) | undefined;
  #connectedAt = 0;
  #shortLivedConnections = 0;
  #takenOver = false;
  /** The broker refused credentials that came from the credentials function: retry at the longest delay. */
  #credentialsRefused = false;
  /** The brokers to try, in order (see `url`/`urls`), and the one in use or being tried. */
  #brokers: string[] = [];
  #brokerIndex = 0;
  /** The URL the socket opens next: a broker of the list, or one the credentials function gave. */
  #target = '';
  /** When the credentials in use expire (epoch ms), if the credentials function said so. */
  #expiry: number | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fresh credentials waiting for the current link to close, to reconnect with them at once. */
  #renewing: Credentials | undefined;
  #renewals = 0;
  /** The link check after a resume signal found the link dead: reconnect without waiting. */
  #stalled = false;
  #linkCheck: ReturnType<typeof setTimeout> | undefined;
  /** Incremented on every (re)start so callbacks of a replaced client are ignored. */
  #generation = 0;
  /**
   * Every publish until it settles. The core hands them to MQTT.js only while connected, within the
   * broker's limits, and settles them itself when it replaces or closes a client (MQTT.js forgets the
   * callbacks of a client ended by force): a publisher is never left waiting forever.
   */
  readonly #publishes = new PublishQueue();
  #limits: ServerLimits | undefined;
  /** Warnings about the broker's limits, shown with the status while those limits hold. */
  #limitWarnings: string[] = [];
  /** Connections in a row the broker accepted, then closed while the kept messages were sent again. */
  #closedWhileResending = 0;
  /** `persist`: where the last messages are kept between visits (created on first use). */
  readonly #messageStore: () => MessageStore;
  #persistence: Persistence | undefined;

  /** `messageStore` replaces the IndexedDB store of `persist`, e.g. with one in memory for tests. */
  constructor(options: { messageStore?: MessageStore } = {}) {
    let store = options.messageStore;
    this.#messageStore = () => (store ??= new IndexedDbMessageStore());
  }

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

  /**
   * The limits the broker announced when it accepted the current (or last) connection; MQTT 3.1.1
   * announces none, so there they are the protocol's. `undefined` before the first CONNACK.
   */
  get serverLimits(): ServerLimits | undefined {
    return this.#limits;
  }

  /** How many times the credentials were renewed before they expired since `connect()`. */
  get renewals(): number {
    return this.#renewals;
  }

  /** The number of distinct filters subscribed (or waiting to be). */
  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /** How many topics the last-message cache holds now (at most `cacheSize`, plus topics elements show). */
  get cachedTopicCount(): number {
    return this.#subscriptions.cachedTopics;
  }

  /**
   * Sets or replaces the configuration; a running connection restarts with it. Returns whether it
   * restarted, so a caller that wants a connection either way does not start a second one.
   */
  configure(config: ConnectionConfig): boolean {
    const running = this.#client !== undefined || this.#retryTimer !== undefined;
    this.#config = config;
    this.#subscriptions.cacheLimit = config.cacheSize ?? defaultCacheSize;
    this.#configurePersistence(config.persist);
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
    this.#credentialsRefused = false;
    this.#error = undefined;

    if (config.settingsError) {
      this.#fail(config.settingsError, []);
      return;
    }
    const { urls, warnings, error } = brokerList(config);
    this.#brokers = urls;
    this.#brokerIndex = 0;
    this.#renewals = 0;
    if (error) {
      this.#fail(error, warnings);
      return;
    }
    this.#target = this.#brokers[0]!;
    this.#setStatus({ status: 'connecting', warnings });
    void this.#open(warnings);
  }

  /** Closes the connection; subscriptions stay registered and are restored by the next `connect()`. */
  async disconnect(): Promise<void> {
    const client = this.#client;
    // Detached before the teardown, which would end it by force: a connected client must send
    // DISCONNECT, or the broker publishes the will as if the page had crashed.
    this.#client = undefined;
    this.#teardownClient();
    this.#setStatus({ status: 'closed', warnings: [] });
    void this.#persistence?.flush();
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
      this.#publishes.settleHandedTo(client, 'the connection was closed before the broker acknowledged it');
    }
  }

  /**
   * Removes every message `persist` keeps on this device under this connection's storage key. What
   * the elements show stays until the next message.
   */
  clearPersisted(): Promise<void> {
    return this.#persistence?.clear() ?? Promise.resolve();
  }

  /**
   * With `persist`: the store and storage key under which an element keeps more than the last message
   * (a chart its history); undefined without `persist` or when the device's storage cannot be used.
   */
  get persistStore(): { store: MessageStore; key: string } | undefined {
    const persistence = this.#persistence;
    if (!persistence || persistence.unavailable) return undefined;
    return { store: this.#messageStore(), key: persistence.settings.key };
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
    return this.#subscriptions.lastMessage(topic);
  }

  /**
   * Subscribes `listener` to `filter`. Listeners on one filter share one SUBSCRIBE (at the highest QoS
   * any asked for); cached messages matching the filter are delivered at once. Returns the function
   * that unsubscribes; the last listener leaving sends one UNSUBSCRIBE after a short grace period.
   */
  subscribe(filter: string, listener: MessageListener, options: SubscribeOptions = {}): () => void {
    return this.#subscriptions.add(filter, listener, options);
  }

  /**
   * Resolves once `filter`'s SUBSCRIBE is acknowledged on the current connection (at once when it
   * already is, or when nobody listens to `filter`), or after `maxWaitMs` regardless: a query sent
   * behind it then cannot overtake the subscription that should hear the answer. Without a filter,
   * waits for every subscription of the page.
   */
  whenSubscribed(filter: string | undefined, maxWaitMs: number): Promise<void> {
    return this.#subscriptions.whenSubscribed(filter, maxWaitMs);
  }

  /**
   * Publishes and settles when the broker acknowledges (QoS 1: PUBACK, QoS 2: PUBCOMP; QoS 0: once
   * written). While disconnected, publishes wait in a bounded queue and go out on reconnection; while
   * connected, QoS 1/2 publishes beyond the broker's Receive Maximum wait their turn. One the broker's
   * limits cannot take (too large, retained where it keeps none) is refused at once.
   */
  publish(topic: string, payload: string | Uint8Array, options: PublishOptions = {}): Promise<void> {
    const problem = publishTopicError(topic);
    if (problem) return Promise.reject(new MqttElementsError('topic', problem));
    // MQTT.js fails on qos 7 with a TypeError deep inside; say which setting is wrong instead.
    const badQos = settingProblem('qos', options.qos, qosRule);
    if (badQos)
      return Promise.reject(new MqttElementsError('config', `Nothing is published to "${topic}": ${badQos}`));
    const client = this.#client;
    if (!client || this.#info.status === 'error' || this.#info.status === 'closed') {
      const why = this.#error?.message ?? `the connection is ${this.#info.status}`;
      return Promise.reject(
        new MqttElementsError('not-connected', `Cannot publish to "${topic}": ${why}`, {
          cause: this.#error,
        }),
      );
    }
    const qos = options.qos ?? 0;
    const retain = options.retain ?? false;
    // The limits of the last connection most likely hold for the next one: refusing now tells the
    // publisher at once rather than after a reconnect.
    if (this.#limits) {
      const fit = fitPublish(this.#limits, topic, payload, qos, retain, this.#protocolVersion, options);
      if ('error' in fit) return Promise.reject(fit.error);
    }
    const offline = this.#info.status !== 'connected';
    const limit = this.#config?.offlineQueueLimit ?? defaultConfig.offlineQueueLimit;
    if (offline && this.#publishes.waiting >= limit) {
      return Promise.reject(
        new MqttElementsError(
          'queue-full',
          `Not published to "${topic}": ${limit} messages are already waiting for the connection to ` +
            `return. Wait for it to reconnect, or raise offline-queue-limit.`,
        ),
      );
    }
    // MQTT 5 request/reply: where to answer, and what to answer with.
    let properties: IClientPublishOptions['properties'];
    if (this.#config?.protocolVersion === 5 && (options.responseTopic || options.correlationData)) {
      properties = {
        ...(options.responseTopic && { responseTopic: options.responseTopic }),
        ...(options.correlationData && { correlationData: toBuffer(options.correlationData) }),
      };
    }
    return new Promise<void>((resolve, reject) => {
      this.#publishes.add({ topic, payload, qos, retain, properties, resolve, reject });
      this.#sendPublishes();
    });
  }

  get #protocolVersion(): 4 | 5 {
    return this.#config?.protocolVersion ?? 4;
  }

  /** Hands waiting publishes to the client, as many as the broker's Receive Maximum allows. */
  #sendPublishes(): void {
    const client = this.#client;
    if (!client || !client.connected || this.#info.status !== 'connected') return;
    this.#publishes.send(
      client,
      this.#limits?.receiveMaximum ?? assumedReceiveMaximum,
      (request) => this.#fit(request),
      () => this.#sendPublishes(),
    );
  }

  #fit(request: PublishRequest): ReturnType<typeof fitPublish> {
    const limits = this.#limits;
    if (!limits) return { qos: request.qos, downgraded: false };
    const fit = fitPublish(
      limits,
      request.topic,
      request.payload,
      request.qos,
      request.retain,
      this.#protocolVersion,
      request.properties,
    );
    if ('downgraded' in fit && fit.downgraded) {
      this.#warnAboutLimit(
        `The broker accepts QoS up to ${limits.maximumQoS} (its Maximum QoS): publishes asked for at QoS ` +
          `${request.qos} are sent at QoS ${limits.maximumQoS}.`,
      );
    }
    return fit;
  }

  /** Shows `warning` with the status (once) and in the console, while the limits that caused it hold. */
  #warnAboutLimit(warning: string): void {
    if (this.#limitWarnings.includes(warning)) return;
    this.#limitWarnings = [...this.#limitWarnings, warning];
    console.warn(`mqtt-elements: ${warning}`);
    this.#setStatus(this.#info);
  }

  // ---- connection lifecycle ----

  async #open(warnings: readonly string[]): Promise<void> {
    const config = this.#config!;
    // Not held back for the values kept on the device (`persist`): they are read while the connection
    // opens, and shown wherever no live message came first. Waiting for them delayed the first live
    // value by the whole read (BENCHMARKS.md, persist) and showed nothing sooner.
    const generation = ++this.#generation;
    let credentials: Credentials = { username: config.username, password: config.password };
    if (config.credentials) {
      try {
        credentials = { ...credentials, ...(await this.#freshCredentials(config)) };
      } catch (err) {
        if (generation === this.#generation) this.#fail(asMqttError(err, 'auth'), warnings);
        return;
      }
      if (generation !== this.#generation) return;
    }

    const options = clientOptions(config, credentials);
    // MQTT.js builds the WebSocket URL synchronously from the options it was created with; the core
    // decides on it (the next broker of the list, a URL from the credentials function) beforehand.
    const transform = options.transformWsUrl;
    options.transformWsUrl = (_url, opts, c) => (transform ? transform(this.#target, opts, c) : this.#target);
    // Stores that survive `end()` (MQTT.js empties its default ones there): a renewal ends the link
    // gracefully and must keep unacknowledged QoS 1/2 messages for the next one.
    options.incomingStore ??= new mqtt.Store({ clean: false });
    options.outgoingStore ??= new mqtt.Store({ clean: false });
    let client: MqttClient;
    try {
      client = mqtt.connect(this.#target, options);
    } catch (err) {
      this.#fail(
        new MqttElementsError('url', `Cannot connect to ${this.#shownUrl}: ${errorMessage(err)}`, {
          cause: err,
        }),
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
      if (packet.cmd !== 'connack' || !current()) return;
      accepted = !packet.returnCode && !packet.reasonCode;
      if (!accepted) return;
      // Heard before MQTT.js acts on the CONNACK, which would send again, under their old packet ids,
      // the QoS 1/2 messages it kept: right only when the broker kept the session too.
      const config = this.#config!;
      this.#limits = readServerLimits(packet, config.protocolVersion);
      this.#limitWarnings = [];
      const sessionResumed = !config.clean && packet.sessionPresent;
      if (!sessionResumed) this.#publishes.takeBackFrom(client);
    });

    client.on('connect', (connack) => {
      if (!current()) return;
      this.#attempt = 0;
      this.#credentialsRefused = false;
      this.#error = undefined;
      this.#connectedAt = Date.now();
      this.#closedWhileResending = 0;
      lastProblem = undefined;
      const using = this.#brokerIndex;
      this.#setStatus({
        status: 'connected',
        // On a standby, say so: the page is not where its author put it first.
        ...(using > 0 && {
          reason:
            `Using broker ${using + 1} of ${this.#brokers.length}, ${this.#shownUrl}: ` +
            `${withoutSecrets(this.#brokers[0]!)} did not work. connect() tries the first again.`,
        }),
        warnings,
      });
      this.#subscriptions.restore(connack.sessionPresent);
      this.#sendPublishes();
      this.#stopResumeSignals?.();
      this.#stopResumeSignals = this.#listenForResume(() => this.#checkLink(client));
      this.#scheduleRenewal(client);
    });

    client.on('message', (topic, payload, packet) => {
      if (!current()) return;
      const ids = packet.properties?.subscriptionIdentifier;
      // Under MQTT 5 subscriptions ask for "retain as published" (see the subscription link).
      this.#subscriptions.route(
        topic,
        payload,
        packet.retain,
        packet.qos,
        ids,
        messageProperties(packet.properties),
        this.#protocolVersion === 5,
      );
      // Only what an element shows is kept, not every topic a wildcard brings.
      if (this.#persistence && this.#subscriptions.isKept(topic))
        this.#persistence.keep(topic, this.#subscriptions.lastMessage(topic));
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
        const refusal = connackRefusal(code, this.#protocolVersion, err, !client.options.username);
        if (refusal.final && refusal.error.code === 'auth' && this.#config?.credentials) {
          // Credentials from a function may be fixed on the server side (a token service back, a
          // key rotated): an unattended page keeps asking it, at the longest backoff.
          this.#credentialsRefused = true;
          lastProblem = new MqttElementsError(
            'auth',
            `${refusal.error.message} Asking the credentials function again at each attempt.`,
            { cause: err },
          );
        } else if (refusal.final) this.#fail(refusal.error, warnings);
        else lastProblem = refusal.error;
        return;
      }
      lastProblem = new MqttElementsError('socket', describeSocketError(err, this.#shownUrl), { cause: err });
    });

    client.on('close', () => {
      if (!current() || this.#info.status === 'error' || this.#info.status === 'closed') return;
      this.#endLinkWatch();
      const renewing = this.#renewing;
      if (renewing) {
        // Closed by the renewal itself: straight back with the fresh credentials, no error, no wait.
        this.#renewing = undefined;
        this.#subscriptions.connectionLost();
        accepted = false;
        lastProblem = undefined;
        void this.#reconnect(client, renewing);
        return;
      }
      const wasConnected = this.#info.status === 'connected';
      // Closed right after a QoS 1/2 publish went out: an MQTT 3.1.1 broker has no other way to refuse
      // one message, and an MQTT 5 broker closes for a message it cannot take. Not a takeover.
      const refusedPublish = this.#publishes.connectionClosed(client, takeoverWindowMs);
      if (refusedPublish) {
        const [topic] = this.#publishes.unacknowledgedTopics(client);
        const given = this.#publishes.giveUpStruck(client, takeoverStrikes, () =>
          lastProblem?.code === 'refused'
            ? `the broker closed the connection each time this message was sent (${takeoverStrikes} times). ${lastProblem.message}`
            : `the broker accepted the connection and closed it each time this message was sent ` +
              `(${takeoverStrikes} times); it probably does not allow this client to publish there. Check its access rules.`,
        );
        if (given === 0 && lastProblem?.code !== 'refused') {
          lastProblem = new MqttElementsError(
            'refused',
            `The broker accepted the connection, then closed it right after this page sent a message to "${topic}". ` +
              'It probably refuses that message (an MQTT 3.1.1 broker refuses a message by closing the ' +
              'connection): check what this client may publish.',
          );
        }
      } else if (wasConnected) {
        // Dropped again and again right after CONNACK: the signature of another client taking the
        // session over under MQTT 3.1.1, which (unlike MQTT 5) does not say so.
        const shortLived = Date.now() - this.#connectedAt < takeoverWindowMs;
        this.#shortLivedConnections = shortLived ? this.#shortLivedConnections + 1 : 0;
        this.#takenOver = takeoverSignalled || this.#shortLivedConnections >= takeoverStrikes;
      }
      takeoverSignalled = false;
      this.#subscriptions.connectionLost();

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
        lastProblem = new MqttElementsError('socket', describeSocketError(undefined, this.#shownUrl));
      }
      if (this.#stalled) {
        lastProblem = new MqttElementsError(
          'socket',
          `No answer from the broker within ${stallCheckMs / 1000} s after the page woke up or the network came back: reconnecting.`,
        );
      }
      // Failover: a broker that could not be reached or refused is left for the next one; a link that
      // dropped after working is tried once more (a restart, a blip) before moving on.
      if (!wasConnected && this.#brokers.length > 1) {
        this.#brokerIndex = (this.#brokerIndex + 1) % this.#brokers.length;
        this.#subscriptions.forgetSession();
      }
      this.#target = this.#brokers[this.#brokerIndex]!;
      this.#scheduleReconnect(
        client,
        lastProblem ?? new MqttElementsError('socket', 'The connection to the broker was lost.'),
        warnings,
      );
      lastProblem = undefined;
    });
  }

  /** Starts, replaces or stops `persist` to match the configuration; a new storage key restores its values. */
  #configurePersistence(settings: PersistSettings | undefined): void {
    const current = this.#persistence?.settings;
    if (
      current?.key === settings?.key &&
      current?.maxTopics === settings?.maxTopics &&
      current?.maxPayloadBytes === settings?.maxPayloadBytes
    )
      return;
    this.#persistence?.dispose();
    this.#persistence = undefined;
    if (!settings) return;
    const persistence = new Persistence(this.#messageStore(), settings);
    this.#persistence = persistence;
    void persistence.load().then((messages) => {
      if (this.#persistence === persistence) this.#subscriptions.seed(messages);
    });
  }

  #scheduleReconnect(client: MqttClient, problem: MqttElementsError, warnings: readonly string[]): void {
    const config = this.#config!;
    this.#attempt++;
    // A taken-over client ID waits the longest delay: the other client will only take it back.
    // With several brokers, the backoff grows once per round through all of them.
    const round = Math.ceil(this.#attempt / this.#brokers.length);
    const delay = this.#stalled
      ? 0
      : this.#takenOver || this.#credentialsRefused
        ? config.maxReconnectPeriod
        : reconnectDelay(round, { initial: config.reconnectPeriod, max: config.maxReconnectPeriod });
    this.#stalled = false;
    this.#error = problem;
    this.#notifyError(problem);

    const browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const generation = this.#generation;
    const retry = () => {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#stopResumeSignals?.();
      this.#stopResumeSignals = undefined;
      if (generation !== this.#generation) return;
      void this.#reconnect(client);
    };
    // The network back, the tab shown again, a frozen page resumed: try now rather than wait out a
    // backoff that may have grown to its longest while nothing could work.
    this.#stopResumeSignals?.();
    this.#stopResumeSignals = this.#listenForResume(() => {
      if (typeof navigator === 'undefined' || navigator.onLine !== false) retry();
    });
    if (browserOffline) {
      this.#setStatus({ status: 'offline', reason: `The browser is offline. ${problem.message}`, warnings });
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

  /** Opens `client` again, with `fresh` credentials or (when a function gives them) newly asked ones. */
  async #reconnect(client: MqttClient, fresh?: Credentials): Promise<void> {
    const config = this.#config!;
    if (config.credentials) {
      const generation = this.#generation;
      try {
        fresh ??= await this.#freshCredentials(config);
      } catch (err) {
        if (generation === this.#generation) this.#fail(asMqttError(err, 'auth'), this.#info.warnings);
        return;
      }
      if (generation !== this.#generation) return;
      if (fresh.username !== undefined) client.options.username = fresh.username;
      if (fresh.password !== undefined) client.options.password = fresh.password;
    }
    // Passing the stores back keeps QoS 1/2 messages that are still unacknowledged.
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  /**
   * Asks the credentials function, and checks what it returned; the URL it gives (if any) becomes
   * the target of the next socket. Throws an error that says what is wrong.
   */
  async #freshCredentials(config: ConnectionConfig): Promise<Credentials> {
    let fresh: Credentials;
    try {
      fresh = await config.credentials!();
    } catch (err) {
      throw new MqttElementsError('auth', `The credentials function failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    const expiry = expiryOf(fresh.expiresAt);
    let target = this.#brokers[this.#brokerIndex]!;
    if (fresh.url !== undefined) {
      // Diagnosed without its query string, which may hold a signature that no message may show.
      const problems = diagnoseBrokerUrl(withoutSecrets(fresh.url), config.pageProtocol).errors;
      if (problems.length > 0)
        throw new MqttElementsError('url', `The URL from the credentials function: ${problems.join(' ')}`);
      target = fresh.url.trim();
    }
    this.#expiry = expiry;
    this.#target = target;
    return fresh;
  }

  /** The URL in use or being tried, as it may be shown. */
  get #shownUrl(): string {
    return withoutSecrets(this.#target);
  }

  /** Renews the credentials before they expire (see credential-expiry.ts). */
  #scheduleRenewal(client: MqttClient, delay?: number): void {
    clearTimeout(this.#renewTimer);
    if (this.#expiry === undefined) return;
    // setTimeout fires at once beyond 2^31 − 1 ms (about 24 days): renewing that early is harmless.
    const wait = Math.min(delay ?? renewalDelay(this.#expiry), 2 ** 31 - 1);
    this.#renewTimer = setTimeout(() => void this.#renew(client), wait);
  }

  /**
   * Asks for fresh credentials while the link still works, then closes it gracefully (a DISCONNECT:
   * no will message, a persistent session kept) and opens it again with them at once. Unacknowledged
   * QoS 1/2 messages stay in the client's stores and the subscription table restores what the
   * broker did not keep, so nothing is lost.
   */
  async #renew(client: MqttClient): Promise<void> {
    const config = this.#config!;
    const live = () => this.#client === client && this.#info.status === 'connected';
    if (!live()) return;
    let fresh: Credentials;
    try {
      fresh = await this.#freshCredentials(config);
    } catch (err) {
      if (!live()) return;
      // The link still works with the credentials in use: keep it, say why, and ask again later.
      const error = asMqttError(err, 'auth');
      this.#notifyError(
        new MqttElementsError(
          error.code,
          `${error.message} Still connected with the current ones; asking again in ${Math.round(config.maxReconnectPeriod / 1000)} s.`,
          { cause: err },
        ),
      );
      this.#scheduleRenewal(client, config.maxReconnectPeriod);
      return;
    }
    if (!live()) return;
    this.#renewing = fresh;
    this.#renewals++;
    this.#setStatus({
      status: 'reconnecting',
      reason: 'Renewing the credentials before they expire.',
      warnings: this.#info.warnings,
    });
    // MQTT.js ends gracefully only once nothing it sent awaits an acknowledgement; none is handed
    // to it any more, so that is one round trip. A link that stays silent that long is closed by
    // force (the broker then sends the will, as for a lost connection).
    let grace: ReturnType<typeof setTimeout> | undefined;
    if (Object.keys(client.outgoing).length > 0)
      await new Promise<void>((resolve) => {
        client.once('outgoingEmpty', resolve);
        grace = setTimeout(resolve, disconnectGraceMs);
      });
    clearTimeout(grace);
    if (this.#client !== client || this.#renewing !== fresh) return;
    if (Object.keys(client.outgoing).length === 0) client.end(false);
    else client.stream?.destroy();
  }

  /**
   * A hint that the network may work again (the network is back, a page shown or resumed): while
   * waiting out a backoff, retries at once; while connected, checks that the link still answers. The
   * core hears the hints of its own page; a core serving other pages (the SharedWorker) is told here.
   */
  resumeHint(): void {
    this.#onResumeHint?.();
  }

  /** Makes `action` what a resume hint does, until the returned function is called. */
  #listenForResume(action: () => void): () => void {
    this.#onResumeHint = action;
    const stop = onResumeSignal(() => this.resumeHint());
    return () => {
      stop();
      if (this.#onResumeHint === action) this.#onResumeHint = undefined;
    };
  }

  /**
   * After a resume signal while connected: a PING that brings no answer within `stallCheckMs`
   * means the link died while the page could not notice; it is closed, and reopened at once.
   */
  #checkLink(client: MqttClient): void {
    if (this.#client !== client || this.#info.status !== 'connected' || this.#linkCheck) return;
    const heard = () => this.#endLinkWatch();
    client.once('packetreceive', heard);
    this.#linkCheck = setTimeout(() => {
      client.off('packetreceive', heard);
      this.#linkCheck = undefined;
      if (this.#client !== client || this.#info.status !== 'connected') return;
      this.#stalled = true;
      client.stream?.destroy();
    }, stallCheckMs);
    client.sendPing();
  }

  #endLinkWatch(): void {
    clearTimeout(this.#linkCheck);
    this.#linkCheck = undefined;
    clearTimeout(this.#renewTimer);
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
    this.#publishes.settleHandedTo(client, why);
    this.connect();
  }

  #teardownClient(
    why = 'the connection was restarted before the broker acknowledged it; publish it again',
  ): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#endLinkWatch();
    this.#renewing = undefined;
    this.#stalled = false;
    this.#stopResumeSignals?.();
    this.#stopResumeSignals = undefined;
    const client = this.#client;
    this.#client = undefined;
    this.#subscriptions.clientReplaced();
    // Publishes still waiting are settled with an error, never left hanging.
    this.#publishes.settleWaiting(client ? why : 'the connection was closed');
    if (client) {
      client.end(true);
      this.#publishes.settleHandedTo(client, why);
    }
  }

  /** How the subscription table reaches the broker through whichever client is current. */
  #subscriptionLink(): SubscriptionLink {
    return {
      isConnected: () => this.#client !== undefined && this.#info.status === 'connected',
      subscribe: (filter, qos, id, outcome) => {
        const client = this.#client;
        if (!client) return false;
        // A broker may say it takes no subscription identifiers; messages then go by their topic.
        const withId =
          this.#config?.protocolVersion === 5 && this.#limits?.subscriptionIdentifiersAvailable !== false;
        const generation = this.#generation;
        const v5 = this.#config?.protocolVersion === 5;
        client.subscribe(
          filter,
          {
            qos,
            // Retain as published: a live message the broker retained comes flagged, so the page knows
            // which value the broker would replay after a reconnect, and a replay of it is no news.
            ...(v5 && { rap: true }),
            ...(withId && { properties: { subscriptionIdentifier: id } }),
          },
          (err, granted) => {
            if (generation === this.#generation) outcome(subscribeOutcome(filter, err, granted?.[0]?.qos));
          },
        );
        return true;
      },
      // MQTT.js calls back on UNSUBACK, and with an error when the connection closes first.
      unsubscribe: (filter) =>
        new Promise<void>((resolve) => {
          if (this.#client) this.#client.unsubscribe(filter, () => resolve());
          else resolve();
        }),
      cacheFull: (limit) =>
        this.#notifyError(
          new MqttElementsError(
            'limit',
            `The last-message cache holds ${limit} topics, its cache-size: the least recently updated ` +
              `topics that no element shows on their own are dropped from now on. Elements added later see ` +
              `those topics from their next message. Raise cache-size, or subscribe to narrower filters.`,
          ),
        ),
    };
  }

  #setStatus(info: StatusInfo): void {
    const warnings = this.#limitWarnings.filter((w) => !info.warnings.includes(w));
    this.#info = {
      ...info,
      ...(this.#target && { url: this.#shownUrl }),
      ...(this.#renewals > 0 && { renewals: this.#renewals }),
      ...(warnings.length > 0 && { warnings: [...info.warnings, ...warnings] }),
    };
    for (const listener of this.#statusListeners) listener(this.#info);
  }

  #notifyError(error: MqttElementsError): void {
    for (const listener of this.#errorListeners) listener(error);
  }
}

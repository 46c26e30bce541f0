// <mqtt-connection>: one MQTT.js client for every element inside it (or naming it by id).
import { ContextProvider } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { IClientOptions, MqttClient } from 'mqtt';
import { ConnectionAddedEvent, connectionContext } from '../../context/connection-context.js';
import {
  ConnectionCore,
  defaultConfig,
  type ConnectionConfig,
  type Credentials,
  type MessageListener,
  type PublishOptions,
  type QoS,
  type SubscribeOptions,
} from '../../core/connection-core.js';
import type { ConnectionStatus } from '../../core/connection-status.js';
import { loadSharedConnection } from '../../core/shared/load-shared-connection.js';
import type { SharedConnection, SharedState } from '../../core/shared/shared-connection.js';
import { errorMessage, type MqttElementsError } from '../../core/errors.js';
import type { ServerLimits } from '../../core/server-limits.js';
import { MqttConnectEvent, MqttErrorEvent, MqttSharedFallbackEvent, MqttStatusEvent } from '../../events.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import {
  durationAttribute,
  numberAttribute,
  qosRule,
  type SettingRule,
} from '../../core/attribute-values.js';
import { defaultCacheSize } from '../../core/last-message-cache.js';
import { defaultPersistPayloadBytes, defaultPersistTopics } from '../../core/persist/persistence.js';
import { withoutCredentials } from '../../core/url-diagnosis.js';

/** Every numeric setting and what it may be; a bad one stops the connection with a message saying so. */
const settingChecks = [
  ['keepalive', 'keepalive', { kind: 'number', integer: true, min: 0, max: 65535, duration: 's' }],
  ['protocolVersion', 'protocol-version', { kind: 'choice', values: [4, 5] }],
  ['connectTimeout', 'connect-timeout', { kind: 'number', integer: true, min: 1, duration: 'ms' }],
  // Faster than every 100 ms, a broker that refuses the page is hammered.
  ['reconnectPeriod', 'reconnect-period', { kind: 'number', integer: true, min: 100, duration: 'ms' }],
  ['maxReconnectPeriod', 'max-reconnect-period', { kind: 'number', integer: true, min: 100, duration: 'ms' }],
  ['offlineQueueLimit', 'offline-queue-limit', { kind: 'number', integer: true, min: 0 }],
  ['willQos', 'will-qos', qosRule],
  ['cacheSize', 'cache-size', { kind: 'number', integer: true, min: 1 }],
  ['persistTopics', 'persist-topics', { kind: 'number', integer: true, min: 1 }],
  ['persistPayloadBytes', 'persist-payload-bytes', { kind: 'number', integer: true, min: 1 }],
] as const satisfies readonly (readonly [string, string, SettingRule])[];

/** The attributes and properties that, when changed, restart the connection. */
const connectionSettings = [
  'url',
  'urls',
  'clientId',
  'username',
  'password',
  'keepalive',
  'clean',
  'protocolVersion',
  'connectTimeout',
  'reconnectPeriod',
  'maxReconnectPeriod',
  'willTopic',
  'willPayload',
  'willQos',
  'willRetain',
  'offlineQueueLimit',
  'cacheSize',
  'persist',
  'persistTopics',
  'persistPayloadBytes',
  'options',
  'credentials',
] as const;

/**
 * Holds one MQTT.js client and shares it with every MQTT element inside it (through context) or
 * naming it with `connection="<id>"`. Many elements share one client and one subscription per filter.
 *
 * Anything written in the page's HTML, `password` included, is visible to every visitor. For real
 * secrets use the `credentials` property with short-lived tokens from your own server.
 *
 * The broker's limits are honoured: under MQTT 5 its CONNACK may announce a Receive Maximum (more QoS
 * 1/2 publishes wait their turn), a Maximum Packet Size (a larger publish is refused at once with the
 * size and the limit), a Maximum QoS (a higher one is sent at the maximum, with a warning in the
 * status) and that it keeps no retained messages (a retained publish is refused). `serverLimits`
 * tells the page what they are.
 *
 * A shown value never goes back in time: after a reconnect the broker sends its retained messages
 * again, and a retained copy of a payload the page already saw (the last one shown, or the last one
 * the broker retained) is not shown again. A retained value that changed while the page was away is
 * shown. Under MQTT 3.1.1 one case escapes: a live message comes without its retain flag, so if the
 * value changed back to exactly the payload the page last received retained, the page cannot tell
 * that from a replay and keeps the newer value it showed; under MQTT 5 the page subscribes with
 * "retain as published" and knows. Messages that were not retained and
 * were published while the page was away are not seen, unless `clean="false"` keeps a session (under
 * MQTT 5 the session then never expires; set `options.properties.sessionExpiryInterval` to bound it).
 *
 * With `clean="false"` and a session the broker still holds, QoS 1/2 publishes cut off by a lost
 * connection are completed within that session (exactly once for QoS 2). Otherwise they are published
 * again as new messages: at least once, so a QoS 2 message cut off between PUBREC and PUBCOMP can
 * arrive twice at a broker that delivers on PUBLISH (Aedes does; Mosquitto waits for PUBREL).
 *
 * With `persist`, the last message of each topic an element on the page shows is kept on the user's
 * device (IndexedDB, in the browser's site data) and shown again, with the `restored` state, the next
 * time the page loads, without waiting for the broker; a live message replaces it. Only the
 * topic, payload, QoS, retain flag and arrival time are kept, bounded by `persist-topics` and
 * `persist-payload-bytes`; each `<mqtt-chart>` inside keeps its newest points too (its
 * `persist-points`). `clearPersisted()` removes them, as does clearing the site's data.
 *
 * @summary One shared MQTT connection for the elements inside it.
 *
 * @tagname mqtt-connection
 *
 * @slot - Any content; MQTT elements inside find this connection.
 *
 * @fires mqtt-connect - The broker accepted the connection (also after a renewal or on a standby broker).
 *   `detail: {url, clientId}`; `url` is the broker in use, without user name, password or query string.
 * @fires mqtt-status - The status changed. `detail: {status, reason, attempt, retryAt, url, renewals, warnings}`.
 * @fires mqtt-error - The connection failed or was refused. `detail: {message, code, cause}`.
 * @fires mqtt-shared-fallback - With `shared`: this tab could not use the shared worker and has a client
 *   of its own. `detail: {reason, clientId}`.
 */
export class MqttConnection extends MqttElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * The broker's MQTT-over-WebSocket URL, e.g. `wss://broker.example:8084/mqtt`. Several separated by
   * spaces (a cluster's endpoints, a primary and a standby) are tried in order, then round robin: a
   * broker that cannot be reached or refuses is left for the next; after a working link drops, the
   * same broker is tried once more first. The status says which one is in use; `connect()` starts
   * again from the first.
   */
  @property() url = '';

  /** The broker URLs as a list, instead of `url` (same rules); empty or unset, `url` counts. */
  @property({ attribute: false }) urls?: readonly string[];

  /**
   * The MQTT client ID. Defaults to `mqttel_` and eight random hex digits, new for each page.
   * @type {string}
   * @default mqttel_ and 8 random hex digits
   */
  @property({ attribute: 'client-id' }) clientId = `mqttel_${randomHex(8)}`;
  readonly #generatedClientId = this.clientId;

  /** User name sent in CONNECT. */
  @property() username?: string;

  /**
   * Password sent in CONNECT. Settable as an attribute or a property; a property value is never
   * written back to an attribute. Page HTML is visible to every visitor: prefer `credentials`.
   */
  @property({ attribute: 'password' }) password?: string;

  /**
   * Keep-alive interval in seconds (0 disables it), or a duration such as `"30s"` or `"2m"`; 0 to 65535 s.
   * @type {number}
   * @default 60
   */
  @property({ converter: durationAttribute('s', defaultConfig.keepalive) }) keepalive =
    defaultConfig.keepalive;

  /**
   * Start a clean session; `clean="false"` keeps the session (and QoS 1/2 messages) across reconnects.
   * @type {boolean}
   * @default true
   */
  @property({ converter: { fromAttribute: (v: string | null) => v !== 'false' } }) clean =
    defaultConfig.clean;

  /** MQTT protocol version: 4 (3.1.1) or 5. */
  @property({ attribute: 'protocol-version', converter: numberAttribute(4) }) protocolVersion: 4 | 5 = 4;

  /**
   * Milliseconds to wait for the broker to accept the connection, or a duration such as `"10s"`.
   * @type {number}
   * @default 30000
   */
  @property({
    attribute: 'connect-timeout',
    converter: durationAttribute('ms', defaultConfig.connectTimeout),
  })
  connectTimeout = defaultConfig.connectTimeout;

  /**
   * Milliseconds before the first reconnect attempt (at least 100), or a duration such as `"2s"`; later
   * attempts back off exponentially.
   * @type {number}
   * @default 1000
   */
  @property({
    attribute: 'reconnect-period',
    converter: durationAttribute('ms', defaultConfig.reconnectPeriod),
  })
  reconnectPeriod = defaultConfig.reconnectPeriod;

  /**
   * The longest delay between reconnect attempts, in milliseconds (at least 100), or a duration such as `"1m"`.
   * @type {number}
   * @default 30000
   */
  @property({
    attribute: 'max-reconnect-period',
    converter: durationAttribute('ms', defaultConfig.maxReconnectPeriod),
  })
  maxReconnectPeriod = defaultConfig.maxReconnectPeriod;

  /**
   * How many publishes may wait while disconnected; one more is an error, not a silent loss.
   * @type {number}
   * @default 100
   */
  @property({ attribute: 'offline-queue-limit', converter: numberAttribute(defaultConfig.offlineQueueLimit) })
  offlineQueueLimit = defaultConfig.offlineQueueLimit;

  /**
   * How many topics the last-message cache keeps, so an element added later shows the current value
   * at once. Beyond it the least recently updated topics go, except those an element shows on its own
   * (an exact topic); reaching it is reported once (`mqtt-error`, code `limit`).
   * @type {number}
   * @default 1000
   */
  @property({ attribute: 'cache-size', converter: numberAttribute(defaultCacheSize) }) cacheSize =
    defaultCacheSize;

  /**
   * Keep the last message of each topic an element shows on this device, and show it (state
   * `restored`) when the page loads again, until a live message replaces it. The value names the
   * storage key, so that connections and pages of one site keep apart; empty, the key is the broker
   * URL and user name. Absent: nothing is kept. Where the browser offers no storage (some private
   * modes) the page works without it and says so once in the console.
   * @type {string | undefined}
   */
  @property() persist?: string | null;

  /**
   * With `persist`: how many topics are kept on the device; beyond it the least recently updated go.
   * @type {number}
   * @default 200
   */
  @property({ attribute: 'persist-topics', converter: numberAttribute(defaultPersistTopics) }) persistTopics =
    defaultPersistTopics;

  /**
   * With `persist`: the largest payload kept, in bytes; a larger one is not kept (said once in the console).
   * @type {number}
   * @default 16384
   */
  @property({ attribute: 'persist-payload-bytes', converter: numberAttribute(defaultPersistPayloadBytes) })
  persistPayloadBytes = defaultPersistPayloadBytes;

  /** Topic of the last-will message the broker publishes if this page disappears. */
  @property({ attribute: 'will-topic' }) willTopic?: string;

  /** Payload of the last-will message. */
  @property({ attribute: 'will-payload' }) willPayload = '';

  /** QoS of the last-will message. */
  @property({ attribute: 'will-qos', converter: numberAttribute(0) }) willQos: QoS = 0;

  /** Whether the broker retains the last-will message. */
  @property({ attribute: 'will-retain', type: Boolean }) willRetain = false;

  /** Extra MQTT.js client options merged last (for example `transformWsUrl`). */
  @property({ attribute: false }) options?: Partial<IClientOptions>;

  /**
   * An async function returning `{username, password, url, expiresAt}` (each optional), called before
   * every connect and reconnect. `url` replaces the broker URL for that connect (a presigned URL or an
   * authorizer's query string; never shown with its query string). With `expiresAt` (a `Date` or
   * epoch ms) the connection asks again before they expire and reconnects with the new ones (a
   * persistent session, `clean="false"`, carries subscriptions and QoS 1/2 messages across; the status
   * says it is renewing, and `statusInfo.renewals` counts). When the broker refuses what it returned,
   * the connection keeps trying at `max-reconnect-period`, asking it again each time, so an unattended
   * page recovers once the token service does. See [docs/cloud-brokers.md](docs/cloud-brokers.md).
   */
  @property({ attribute: false }) credentials?: () => Promise<Credentials> | Credentials;

  /**
   * Share one MQTT client among every tab and frame of this site whose connections have the same
   * broker URL and user name. The client lives in a SharedWorker (`mqtt-elements-worker.js`, next to
   * the bundle, or `worker-url`): one CONNECT and one SUBSCRIBE per topic filter at the broker however
   * many tabs are open, values held there show at once in a new tab, and two tabs given one
   * `client-id` no longer take it from each other. The first tab's settings are used (a later tab
   * with others is told which, with its status and in `mqtt-error`); a tab that closes or crashes
   * lets go of its subscriptions within moments (a crashed one within 20 s on a page served over
   * plain http, which has no Web Locks), and the last one disconnects the client cleanly (no will). Where no SharedWorker can be used (a page opened from a file, a browser
   * without it, a worker script or the shared connection's script that cannot load, `options` holding
   * functions), the tab uses a client of its own, says why in `sharedState`, the `mqtt-shared-fallback`
   * event and the console, and an explicit `client-id` gets a suffix there so it cannot take over the
   * shared client's id.
   * @type {boolean}
   * @default false
   */
  @property({ type: Boolean }) shared = false;

  /**
   * With `shared`: the URL of the worker script, a classic script such as `mqtt-elements-worker.js`
   * (also in the npm package's `cdn/` folder), on the page's own origin (a SharedWorker cannot come
   * from another one, so a page using the library from a CDN serves that file itself). By default the
   * file next to the bundle that defined the element; in an app built from the npm package, the worker
   * its bundler emitted.
   */
  @property({ attribute: 'worker-url' }) workerUrl?: string;

  /** The connection status, reflected as an attribute for CSS: `mqtt-connection[status="error"]`. */
  @property({ reflect: true }) status: ConnectionStatus = 'idle';

  readonly #ownCore = new ConnectionCore();
  /** With `shared`: the tab's side of the shared client, once its module has loaded (see `#loadShared`). */
  #sharedConnection: SharedConnection | undefined;
  #sharedLoading = false;
  /** Why the shared connection's module could not be loaded, if it could not: `#ownCore` serves instead. */
  #sharedUnavailable: string | undefined;
  #active: ConnectionCore | SharedConnection = this.#ownCore;
  /** Whether `#active` is what `shared` asked for: the shared connection, its fallback, or (loading) none yet. */
  #activeShared = false;

  /**
   * The connection shared with the elements through context: a `ConnectionCore` of this page's own,
   * or with `shared` a `SharedConnection` to the client in the worker.
   */
  get core(): ConnectionCore | SharedConnection {
    return this.#active;
  }

  /**
   * With `shared`: `{mode: 'shared'}` once the tab uses the shared client, `{mode: 'own-client',
   * reason}` when it could not and has a client of its own, `{mode: 'pending'}` before the worker
   * answered (or, on first use, before the shared connection's script loaded). Without `shared`:
   * `undefined`.
   */
  get sharedState(): SharedState | undefined {
    if (!this.#activeShared) return undefined;
    if (this.#active === this.#sharedConnection) return this.#sharedConnection.sharedState;
    return this.#sharedUnavailable === undefined
      ? { mode: 'pending' }
      : { mode: 'own-client', reason: this.#sharedUnavailable };
  }

  /** With `shared`, after its module failed to load: `#ownCore` stands in for the shared client. */
  get #fallenBack(): boolean {
    return this.#activeShared && this.#sharedUnavailable !== undefined;
  }

  /** With `shared`, until the shared connection's module has loaded: nothing connects yet. */
  get #waitingForShared(): boolean {
    return (
      this.#activeShared && this.#active !== this.#sharedConnection && this.#sharedUnavailable === undefined
    );
  }

  readonly #provider = new ContextProvider(this, { context: connectionContext, initialValue: this.core });
  #stopListening: (() => void)[] = [];
  #started = false;
  #stopTimer: ReturnType<typeof setTimeout> | undefined;

  /** The MQTT.js client, for anything the elements do not cover; with `shared` it is in the worker. */
  get client(): MqttClient | undefined {
    return this.#active instanceof ConnectionCore ? this.#active.client : undefined;
  }

  /** The last connection error, if the status is `error` or `reconnecting`. */
  get error(): MqttElementsError | undefined {
    return this.core.error;
  }

  /**
   * The limits the broker announced in its last CONNACK: `receiveMaximum`, `maximumPacketSize`,
   * `maximumQoS`, `retainAvailable`, `topicAliasMaximum`, `serverKeepAlive` and which subscription
   * features it offers. MQTT 3.1.1 announces none: the protocol's bounds apply, and `receiveMaximum`
   * is 1 (QoS 1/2 publishes go one at a time, which every broker takes). `undefined` until the first
   * connection is accepted.
   */
  get serverLimits(): ServerLimits | undefined {
    return this.core.serverLimits;
  }

  /** Subscribes a function to a topic filter; returns the function that unsubscribes. */
  subscribe(filter: string, listener: MessageListener, options?: SubscribeOptions): () => void {
    return this.core.subscribe(filter, listener, options);
  }

  /** Publishes and resolves once the broker acknowledges (QoS 0: once written). */
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Promise<void> {
    return this.core.publish(topic, payload, options);
  }

  /**
   * Removes every message and chart history `persist` keeps on this device under this connection's
   * storage key. What the elements show stays until the next message.
   */
  clearPersisted(): Promise<void> {
    return this.core.clearPersisted();
  }

  /** Connects (or reconnects) with the current attributes. */
  connect(): void {
    this.#started = true;
    this.#use(this.shared);
    if (this.#waitingForShared) return;
    // configure() already restarts a live connection; connecting again would open a second socket
    // and ask `credentials` twice.
    if (!this.core.configure(this.#config())) this.core.connect();
  }

  /** Disconnects; `connect()` starts again and restores every subscription. */
  disconnect(): Promise<void> {
    return this.core.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.id) document.dispatchEvent(new ConnectionAddedEvent(this.id));
    clearTimeout(this.#stopTimer);
    this.#stopTimer = undefined;
    this.#use(this.shared);
    this.#listen();
    this.#provider.setValue(this.core, true);
    // Re-added after a removal: start again (the first start waits for the first update).
    if (this.hasUpdated && this.#hasBroker && !this.#started) this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element within the page disconnects and reconnects it in one task: keep the
    // connection open through that.
    this.#stopTimer = setTimeout(() => {
      if (this.isConnected) return;
      this.#started = false;
      void this.core.disconnect();
      this.#unlisten();
    });
  }

  #listen(): void {
    if (this.#stopListening.length > 0) return;
    const core = this.core;
    this.#stopListening = [
      core.onStatus((info) => {
        this.status = info.status;
        this.dispatchEvent(new MqttStatusEvent(info));
        if (info.status === 'connected') {
          this.dispatchEvent(
            new MqttConnectEvent({
              url: info.url ?? withoutCredentials(this.url),
              clientId: core.config?.clientId ?? this.clientId,
            }),
          );
        }
      }),
      core.onError((error) => this.dispatchEvent(new MqttErrorEvent(error))),
    ];
  }

  #unlisten(): void {
    for (const stop of this.#stopListening) stop();
    this.#stopListening = [];
  }

  /** Switches between a client of this page's own and the shared one; the elements follow through context. */
  #use(shared: boolean): void {
    if (shared && !this.#sharedConnection && this.#sharedUnavailable === undefined) this.#loadShared();
    const wanted = shared && this.#sharedConnection ? this.#sharedConnection : this.#ownCore;
    // A client of the page's own that was running stops while the shared connection loads.
    if (shared && !this.#activeShared && wanted === this.#ownCore && this.#ownCore.status !== 'idle') {
      void this.#ownCore.disconnect();
    }
    this.#activeShared = shared;
    if (wanted === this.#active) return;
    const listening = this.#stopListening.length > 0;
    if (this.#active.status !== 'idle') void this.#active.disconnect();
    this.#unlisten();
    this.#active = wanted;
    if (listening) this.#listen();
    this.#provider.setValue(wanted, true);
  }

  /**
   * The tab's side of the shared client is loaded on first use (in the CDN build, cdn/mqtt-shared.js):
   * until then `sharedState` is pending and nothing connects. If it cannot be loaded, the tab uses a
   * client of its own, as it does when no SharedWorker can be used, and says why.
   */
  #loadShared(): void {
    if (this.#sharedLoading) return;
    this.#sharedLoading = true;
    loadSharedConnection()
      .then(
        (Shared) => {
          this.#sharedConnection = new Shared({
            workerUrl: () => this.workerUrl || undefined,
            ownClientId: (id) => this.#ownClientId(id),
            onFallback: (state) => this.#fellBack(state),
          });
        },
        (err: unknown) => {
          this.#sharedUnavailable = `the script of the shared connection did not load (${errorMessage(err)})`;
        },
      )
      .finally(() => {
        this.#sharedLoading = false;
        if (!this.#activeShared) return;
        if (this.#started) this.connect();
        else this.#use(true);
        if (this.#sharedUnavailable !== undefined) {
          this.#fellBack({ mode: 'own-client', reason: this.#sharedUnavailable });
        }
      });
  }

  /** An explicit client id is the shared client's: a client of the tab's own must not take it over. */
  #ownClientId(id: string): string {
    return id === this.#generatedClientId ? id : `${id}-${this.#ownSuffix}`;
  }
  readonly #ownSuffix = randomHex(4);

  #fellBack(state: SharedState): void {
    const clientId = this.core.config?.clientId ?? this.clientId;
    console.warn(
      `<mqtt-connection shared> uses a client of this tab's own ("${clientId}"): ${state.reason}.`,
    );
    this.dispatchEvent(new MqttSharedFallbackEvent({ reason: state.reason ?? '', clientId }));
  }

  // Before the render, not after it: starting sets `status`, and a property set in updated() would
  // schedule a second update (Lit warns about that in development).
  protected override willUpdate(changed: PropertyValues<this>): void {
    const settingsChanged = connectionSettings.some((name) => changed.has(name));
    // Turning `shared` on or off moves the elements to the other connection.
    if (changed.has('shared') && this.#started && this.shared !== this.#activeShared) {
      this.#started = false;
    }
    // Off the page, nothing connects: the element may be on its way to being dropped, and
    // connectedCallback starts it again if it comes back.
    if (!this.#hasBroker || !this.isConnected) return;
    if (!this.#started) this.connect();
    else if (settingsChanged && !this.core.configure(this.#config()) && this.core.status === 'error') {
      // A connection that failed for good (bad URL, wrong password) tries again once the page
      // changes the settings: the change may be the fix. A `closed` one stays closed.
      this.core.connect();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  get #hasBroker(): boolean {
    return Boolean(this.url || this.urls?.length);
  }

  #config(): ConnectionConfig {
    return {
      url: this.url,
      urls: this.urls,
      clientId: this.#fallenBack
        ? this.#ownClientId(this.clientId || this.#generatedClientId)
        : this.clientId || `mqttel_${randomHex(8)}`,
      username: this.username,
      password: this.password,
      keepalive: this.keepalive,
      clean: this.clean,
      protocolVersion: this.protocolVersion === 5 ? 5 : 4,
      connectTimeout: this.connectTimeout,
      reconnectPeriod: this.reconnectPeriod,
      maxReconnectPeriod: Math.max(this.maxReconnectPeriod, this.reconnectPeriod),
      will: this.willTopic
        ? { topic: this.willTopic, payload: this.willPayload, qos: this.willQos, retain: this.willRetain }
        : undefined,
      offlineQueueLimit: this.offlineQueueLimit,
      cacheSize: this.cacheSize,
      persist:
        this.persist == null
          ? undefined
          : {
              key:
                this.persist ||
                `${withoutCredentials(this.urls?.join(' ') || this.url)} ${this.username ?? ''}`,
              maxTopics: this.persistTopics,
              maxPayloadBytes: this.persistPayloadBytes,
            },
      settingsError: this.checkSettings(settingChecks, 'Nothing connects until it is fixed.'),
      credentials: this.credentials,
      mqttOptions: this.options,
      pageProtocol: typeof location === 'undefined' ? undefined : location.protocol,
    };
  }
}

function randomHex(digits: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(digits / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, digits);
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-connection': MqttConnection;
  }
}

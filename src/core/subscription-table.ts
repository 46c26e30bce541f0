// The page's subscriptions: one shared SUBSCRIBE per filter, routing of each message to the
// listeners whose filter matches, and replay of the last-message cache to listeners that join late.
import type { MessageListener, QoS, SubscribeOptions } from './connection-config.js';
import { MqttElementsError } from './errors.js';
import { qosRule, settingProblem } from './attribute-values.js';
import { sameBytes } from './bytes.js';
import { defaultCacheSize, LastMessageCache } from './last-message-cache.js';
import { MqttMessage, type MessageProperties } from './message.js';
import { topicFilterError, topicMatchesFilter } from './topic.js';
import { TopicRouter } from './topic-router.js';

/** How long a filter stays subscribed after its last listener leaves, so a moved element does not churn. */
const releaseGraceMs = 250;
/** How long after SUBACK a retained message (MQTT 5, retain as published) counts as the replay. */
const replayWindowMs = 1_000;

/** What the table needs from the connection to reach the broker. */
export interface SubscriptionLink {
  /** Whether a SUBSCRIBE sent now goes out on an accepted connection. */
  isConnected(): boolean;
  /**
   * Sends SUBSCRIBE for `filter` (`id` is its MQTT 5 subscription identifier) and reports the
   * outcome, unless the connection has been replaced by then. Returns false when nothing was sent.
   */
  subscribe(
    filter: string,
    qos: QoS,
    id: number,
    outcome: (result: 'granted' | 'lost' | MqttElementsError) => void,
  ): boolean;
  /** Sends UNSUBSCRIBE; the promise settles on UNSUBACK or when the connection closes first. */
  unsubscribe(filter: string): Promise<void>;
  /** The last-message cache reached its limit and dropped a topic for the first time. */
  cacheFull(limit: number): void;
}

interface Listener {
  callback: MessageListener;
  qos: QoS;
  /** Asked that `persist` keep every topic the filter brings (see SubscribeOptions.keep). */
  keep: boolean;
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
  /** The broker acknowledged the SUBSCRIBE in force (reset when the connection is lost). */
  granted = false;
  /**
   * The QoS the broker granted on an earlier connection of this client: a session the broker kept
   * (CONNACK "session present") still holds the subscription at it, so no SUBSCRIBE is needed again.
   */
  sessionQos: QoS | undefined;
  /** Told once `granted` becomes true (see `whenSubscribed`). */
  readonly grantWaiters = new Set<() => void>();
  /** Until when (ms) a retained message for this subscription is the broker's replay on SUBSCRIBE. */
  replayUntil = 0;

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

export class SubscriptionTable {
  readonly #link: SubscriptionLink;
  readonly #router = new TopicRouter<SharedSubscription>();
  readonly #byId = new Map<number, SharedSubscription>();
  readonly #cache = new LastMessageCache({
    limit: defaultCacheSize,
    // An exact-topic subscription is an element showing that topic's latest message.
    isPinned: (topic) => this.isShown(topic),
    onFirstDrop: (limit) => this.#link.cacheFull(limit),
  });
  /** Subscriptions to send once the current task is done, so listeners joining together cost one SUBSCRIBE. */
  readonly #pendingSubscribes = new Set<SharedSubscription>();
  /**
   * Filters whose UNSUBSCRIBE awaits its UNSUBACK. Some brokers (Aedes) handle the packets of one
   * read concurrently, so a SUBSCRIBE sent right behind the UNSUBSCRIBE of the same filter could be
   * applied first and leave the page unsubscribed.
   */
  readonly #unsubscribing = new Map<string, Promise<void>>();
  /**
   * Filters nobody wants any more that were let go while disconnected, yet are still in the session
   * the broker keeps: unsubscribed once a CONNACK says that session is present.
   */
  readonly #leftInSession = new Set<string>();
  /**
   * Starts anywhere in the lower half of the identifiers' range (1 to 268,435,455), so that a page
   * reloaded onto a persistent session is unlikely to give a filter the identifier the previous page
   * gave another one.
   */
  #nextSubscriptionId = 1 + Math.floor(Math.random() * 0x0800_0000);

  constructor(link: SubscriptionLink) {
    this.#link = link;
  }

  /** The number of distinct filters subscribed (or waiting to be). */
  get size(): number {
    return this.#router.size;
  }

  /** The most topics the last-message cache holds. */
  set cacheLimit(limit: number) {
    this.#cache.bound.limit = limit;
  }

  /** How many topics the last-message cache holds now. */
  get cachedTopics(): number {
    return this.#cache.size;
  }

  /** The latest message seen on `topic` (a topic, not a filter), if any. */
  lastMessage(topic: string): MqttMessage | undefined {
    return this.#cache.get(topic);
  }

  /** Whether an element shows `topic` itself: an exact-topic subscription with a listener. */
  isShown(topic: string): boolean {
    return (this.#router.get(topic)?.listeners.size ?? 0) > 0;
  }

  /**
   * Whether `persist` keeps `topic`'s messages: an element shows it by its exact topic, or a listener
   * of a filter matching it asked for every topic the filter brings. Only that second case walks the
   * router, and only while such a listener exists.
   */
  isKept(topic: string): boolean {
    if (this.isShown(topic)) return true;
    if (this.#keepers === 0) return false;
    let kept = false;
    this.#router.match(topic, (shared) => {
      for (const l of shared.listeners) kept ||= l.keep;
    });
    return kept;
  }

  /** How many listeners asked to keep every topic of their filter. */
  #keepers = 0;

  /**
   * Hands messages kept from an earlier visit (`restored`) to the cache and to the listeners of
   * their topic, unless a live message on the topic came first.
   */
  seed(messages: readonly MqttMessage[]): void {
    for (const message of messages) {
      if (this.#cache.get(message.topic)) continue;
      // Not the broker's retained copy: a later replay from the broker must not count as a repeat of it.
      this.#cache.remember(message, false);
      this.#router.match(message.topic, (shared) => this.#hand(shared, message, undefined));
    }
  }

  /** See `ConnectionCore.subscribe`. */
  add(filter: string, listener: MessageListener, options: SubscribeOptions = {}): () => void {
    const problem = topicFilterError(filter);
    if (problem) throw new MqttElementsError('topic', problem);
    // A broker would refuse the SUBSCRIBE or close the connection; nothing is sent for it.
    const badQos = settingProblem('qos', options.qos, qosRule);
    if (badQos) throw new MqttElementsError('config', `Not subscribed to "${filter}": ${badQos}`);
    const entry: Listener = {
      callback: listener,
      qos: options.qos ?? 0,
      keep: options.keep ?? false,
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
    if (entry.keep) this.#keepers++;

    if (shared.error) {
      entry.onError?.(shared.error);
    } else if (this.#link.isConnected() && (shared.sentQos === undefined || shared.sentQos < entry.qos)) {
      this.#scheduleSubscribe(shared);
    }
    this.#replayCache(shared, entry);

    const target = shared;
    return () => {
      if (!target.listeners.delete(entry)) return;
      if (entry.keep) this.#keepers--;
      if (target.listeners.size > 0) return;
      target.releaseTimer = setTimeout(() => this.#release(target), releaseGraceMs);
    };
  }

  /** After CONNACK: subscribes again to every filter the broker does not hold any more. */
  restore(sessionPresent: boolean): void {
    if (sessionPresent) {
      for (const filter of this.#leftInSession) {
        if (!this.#router.get(filter)) void this.#link.unsubscribe(filter);
      }
    }
    this.#leftInSession.clear();
    for (const shared of this.#router.values()) {
      if (shared.listeners.size === 0 && shared.releaseTimer === undefined) continue;
      if (shared.error) continue;
      // With a session present the broker still holds the filters it granted; sending them again
      // would only make it resend every retained message.
      if (sessionPresent && shared.sessionQos !== undefined && shared.sessionQos >= shared.qos) {
        shared.sentQos = shared.sessionQos;
        shared.granted = true;
        for (const done of [...shared.grantWaiters]) done();
        continue;
      }
      this.#sendSubscribe(shared);
    }
  }

  /**
   * The connection closed: no SUBSCRIBE is in force any more until the next CONNACK, which says
   * whether the broker kept the granted ones in the session (see `restore`).
   */
  connectionLost(): void {
    for (const shared of this.#router.values()) {
      shared.sessionQos = shared.granted ? shared.sentQos : undefined;
      shared.sentQos = undefined;
      shared.granted = false;
      shared.replayUntil = 0;
    }
  }

  /** See `ConnectionCore.whenSubscribed`. */
  whenSubscribed(filter: string | undefined, maxWaitMs: number): Promise<void> {
    if (filter === undefined) {
      return Promise.all(
        [...this.#router.values()].map((shared) => this.whenSubscribed(shared.filter, maxWaitMs)),
      ).then(() => undefined);
    }
    const shared = this.#router.get(filter);
    if (!shared || shared.error || shared.listeners.size === 0 || shared.granted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        shared.grantWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      shared.grantWaiters.add(done);
    });
  }

  /** The client was replaced: acknowledgements owed by the old one no longer order anything. */
  clientReplaced(): void {
    this.#unsubscribing.clear();
    this.connectionLost();
    this.forgetSession();
  }

  /**
   * What earlier connections subscribed is not in the next session: a new client, or another broker
   * (a session there, if any, was made by other connections and holds other filters).
   */
  forgetSession(): void {
    for (const shared of this.#router.values()) shared.sessionQos = undefined;
    this.#leftInSession.clear();
  }

  /**
   * Delivers a message to every subscription it is for. `subscriptionIds` (MQTT 5) names them;
   * without it every filter matching `topic` gets it. `liveRetainFlagged`: the subscriptions asked
   * for "retain as published" (MQTT 5), so a live message that the broker retained comes with its
   * retain flag too, and only one arriving while its subscription is new is a replay.
   */
  route(
    topic: string,
    payload: Uint8Array,
    retained: boolean,
    qos: QoS,
    subscriptionIds: number | number[] | undefined,
    properties?: MessageProperties,
    liveRetainFlagged = false,
    /** When the message reached the connection, if it was handed on (by a shared connection's worker). */
    receivedAt = Date.now(),
  ): void {
    const targets = this.#targets(topic, subscriptionIds);
    const now = Date.now();
    const replay = retained && (!liveRetainFlagged || targets.some((shared) => now < shared.replayUntil));
    // `retained` on the message keeps its MQTT 3.1.1 meaning for every version: sent from the
    // broker's store, not live.
    const message = new MqttMessage(topic, payload, replay, qos, receivedAt, properties);
    // Whoever already holds a retained repeat (through an earlier delivery or the cache replay on
    // joining) must not see it twice, nor an older retained value replayed after a newer message.
    const repeat = this.#cache.remember(message, retained);
    for (const shared of targets) this.#hand(shared, message, repeat);
  }

  #targets(topic: string, subscriptionIds: number | number[] | undefined): SharedSubscription[] {
    const targets: SharedSubscription[] = [];
    if (subscriptionIds !== undefined) {
      // MQTT 5: the broker says which of our subscriptions this copy is for, so overlapping filters
      // (each getting its own copy) deliver once per listener. An identifier this page did not give,
      // or gave to a filter the topic does not match, is another subscription's: a previous page's on
      // the same persistent session, whose queued messages arrive before this page's SUBSCRIBE is
      // answered. Such a message goes by its topic instead of vanishing.
      for (const id of Array.isArray(subscriptionIds) ? subscriptionIds : [subscriptionIds]) {
        const shared = this.#byId.get(id);
        if (shared && topicMatchesFilter(topic, shared.filter)) targets.push(shared);
      }
      if (targets.length > 0) return targets;
    }
    this.#router.match(topic, (shared) => void targets.push(shared));
    return targets;
  }

  #sendSubscribe(shared: SharedSubscription): void {
    const previous = shared.sentQos;
    shared.sentQos = shared.qos;
    // The broker sends its retained messages right behind SUBACK.
    shared.replayUntil = Infinity;
    const sent = this.#link.subscribe(shared.filter, shared.sentQos, shared.id, (result) => {
      shared.replayUntil = result === 'granted' ? Date.now() + replayWindowMs : 0;
      if (result === 'granted') {
        shared.granted = true;
        for (const done of [...shared.grantWaiters]) done();
        return;
      }
      shared.sentQos = undefined;
      shared.sessionQos = undefined;
      shared.granted = false;
      // Whoever waits learns nothing more by waiting: the subscription failed or is gone.
      for (const done of [...shared.grantWaiters]) done();
      // Lost with the connection; restored on the next CONNACK.
      if (result === 'lost') return;
      shared.error = result;
      for (const l of shared.listeners) l.onError?.(result);
    });
    if (!sent) shared.sentQos = previous;
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
    if (!this.#link.isConnected()) return;
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
    if (shared.sentQos !== undefined && this.#link.isConnected()) {
      const filter = shared.filter;
      const acknowledged = this.#link.unsubscribe(filter);
      this.#unsubscribing.set(filter, acknowledged);
      void acknowledged.then(() => {
        if (this.#unsubscribing.get(filter) === acknowledged) this.#unsubscribing.delete(filter);
      });
    } else if (shared.sessionQos !== undefined) {
      this.#leftInSession.add(shared.filter);
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
    this.#cache.retainOnly((topic) => {
      let watched = false;
      this.#router.match(topic, () => (watched = true));
      return watched;
    });
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

  /** Delivers one message to one subscription; `repeat` is the cached message it repeats, if any. */
  #hand(shared: SharedSubscription, message: MqttMessage, repeat: MqttMessage | undefined): void {
    if (!repeat) {
      if (!message.isClear) shared.received.add(message);
      shared.deliver(message);
      return;
    }
    if (shared.received.has(repeat)) return;
    shared.received.add(repeat);
    // Listeners that joined later got the cached copy when they joined. Whoever has not seen it gets
    // it rather than an older retained value the broker replayed.
    const news = sameBytes(repeat.payload, message.payload) ? message : repeat;
    shared.deliver(news, (listener) => listener.replayed.has(repeat));
  }
}

function hasWildcardLevel(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

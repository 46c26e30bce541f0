// The latest message per topic, so an element that joins late shows the current value at once.
import { sameBytes } from './bytes.js';
import type { MqttMessage } from './message.js';

/** How many topics the cache holds by default; `cache-size` on `<mqtt-connection>` changes it. */
export const defaultCacheSize = 1000;

export interface CacheBound {
  /** The most topics held; beyond it the least recently updated unpinned topic is dropped. */
  limit: number;
  /** Topics never dropped: an element still shows them. */
  isPinned(topic: string): boolean;
  /** Called once, the first time the limit makes the cache drop a topic. */
  onFirstDrop(limit: number): void;
}

export class LastMessageCache {
  /** In order of the last update, oldest first: a Map iterates in insertion order. */
  readonly #byTopic = new Map<string, MqttMessage>();
  /**
   * The payload of the last message that came retained, per topic. After a reconnect the broker
   * sends it again although a newer message that was not retained may have been shown since.
   */
  readonly #lastRetained = new Map<string, Uint8Array>();
  #dropped = false;

  constructor(readonly bound: CacheBound) {}

  get size(): number {
    return this.#byTopic.size;
  }

  get(topic: string): MqttMessage | undefined {
    return this.#byTopic.get(topic);
  }

  values(): IterableIterator<MqttMessage> {
    return this.#byTopic.values();
  }

  /**
   * Keeps `message` as the latest on its topic and returns undefined, or, when it is retained (the
   * broker's copy sent on SUBSCRIBE, as after every reconnect) and repeats a payload the page already
   * saw, keeps the held one and returns it: such a copy is not news. "Already saw" is the held
   * message, or the last message the broker retained: a replay of that one must not take a newer value
   * shown since back in time. `retainedAtBroker` says the broker retained it (a replay, or under MQTT 5
   * "retain as published" a live message with the retain flag).
   */
  remember(message: MqttMessage, retainedAtBroker = message.retained): MqttMessage | undefined {
    const { topic, payload } = message;
    const cached = this.#byTopic.get(topic);
    const lastRetained = this.#lastRetained.get(topic);
    if (retainedAtBroker) {
      if (payload.length === 0) this.#lastRetained.delete(topic);
      else this.#lastRetained.set(topic, payload);
    }
    // A value restored from an earlier visit is replaced even by the same bytes: that ends its restored mark.
    if (
      message.retained &&
      cached !== undefined &&
      !cached.restored &&
      (sameBytes(cached.payload, payload) || (lastRetained !== undefined && sameBytes(lastRetained, payload)))
    ) {
      return cached;
    }
    // An empty payload clears a retained message: there is nothing left to show a late joiner.
    this.#byTopic.delete(topic);
    if (payload.length > 0) {
      this.#byTopic.set(topic, message);
      if (this.#byTopic.size > this.bound.limit) this.#dropOldest();
    }
    return undefined;
  }

  /**
   * A wildcard can match any number of topics (a hostile publisher can invent them): beyond the limit
   * the least recently updated topics go, except those an element still shows.
   */
  #dropOldest(): void {
    for (const topic of this.#byTopic.keys()) {
      if (this.#byTopic.size <= this.bound.limit) break;
      if (this.bound.isPinned(topic)) continue;
      this.#byTopic.delete(topic);
      this.#lastRetained.delete(topic);
      if (!this.#dropped) {
        this.#dropped = true;
        this.bound.onFirstDrop(this.bound.limit);
      }
    }
  }

  /** Drops the messages whose topic `keep` rejects. */
  retainOnly(keep: (topic: string) => boolean): void {
    for (const topic of this.#byTopic.keys()) if (!keep(topic)) this.#byTopic.delete(topic);
    for (const topic of this.#lastRetained.keys()) if (!keep(topic)) this.#lastRetained.delete(topic);
  }

  clear(): void {
    this.#byTopic.clear();
    this.#dropped = false;
    this.#lastRetained.clear();
  }
}

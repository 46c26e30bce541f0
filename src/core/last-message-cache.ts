// The latest message per topic, so an element that joins late shows the current value at once.
import { sameBytes } from './bytes.js';
import type { MqttMessage } from './message.js';

export class LastMessageCache {
  readonly #byTopic = new Map<string, MqttMessage>();

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
   * Keeps `message` as the latest on its topic and returns undefined, or, when it is a retained copy
   * of what is already held, keeps the held one and returns it: a broker answers every new or raised
   * SUBSCRIBE (and every reconnect) with its retained messages, and such a copy is not news.
   */
  remember(message: MqttMessage): MqttMessage | undefined {
    const cached = this.#byTopic.get(message.topic);
    if (message.retained && cached !== undefined && sameBytes(cached.payload, message.payload)) return cached;
    // An empty payload clears a retained message: there is nothing left to show a late joiner.
    if (message.payload.length === 0) this.#byTopic.delete(message.topic);
    else this.#byTopic.set(message.topic, message);
    return undefined;
  }

  /** Drops the messages whose topic `keep` rejects. */
  retainOnly(keep: (topic: string) => boolean): void {
    for (const topic of this.#byTopic.keys()) if (!keep(topic)) this.#byTopic.delete(topic);
  }

  clear(): void {
    this.#byTopic.clear();
  }
}

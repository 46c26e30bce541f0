// `persist`: keeps the last message of each topic an element shows in a MessageStore, bounded, and
// hands it back when the page loads again, marked as restored.
import { errorMessage } from '../errors.js';
import { MqttMessage } from '../message.js';
import {
  asStoredMessage,
  storedMessageFormat,
  type MessageStore,
  type StoredMessage,
} from './message-store.js';
import { warnOnce as warnOnceAbout } from './persist-warnings.js';

/** How many topics are kept per storage key by default; `persist-topics` changes it. */
export const defaultPersistTopics = 200;
/** The largest payload kept by default, in bytes; `persist-payload-bytes` changes it. */
export const defaultPersistPayloadBytes = 16_384;
/** Writes are gathered for this long: a busy topic costs one write a second, not one per message. */
const writeDelayMs = 1_000;

export interface PersistSettings {
  /** Keeps this connection's entries apart from those of other connections and pages of the origin. */
  key: string;
  /** The most topics kept; beyond it the least recently updated go first. */
  maxTopics: number;
  /** A larger payload is not kept (and an older entry of its topic is removed). */
  maxPayloadBytes: number;
}

function warnOnce(text: string): void {
  warnOnceAbout('<mqtt-connection persist>', text);
}

export class Persistence {
  readonly settings: PersistSettings;
  readonly #store: MessageStore;
  /** The topics held in the store, least recently updated first (a Set iterates in insertion order). */
  readonly #held = new Set<string>();
  /** Changes not written yet: a message to keep, or null to remove the topic's entry. */
  readonly #pending = new Map<string, MqttMessage | null>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #unavailable = false;
  readonly #flushOnHide = () => void this.flush();

  constructor(store: MessageStore, settings: PersistSettings) {
    this.#store = store;
    this.settings = settings;
  }

  /** Whether the store could not be used; the page then works without persistence. */
  get unavailable(): boolean {
    return this.#unavailable;
  }

  /**
   * The messages kept under the storage key, restored (marked `restored`), oldest first. Never
   * rejects: a store that cannot be read means nothing is restored, said once in the console.
   */
  async load(): Promise<MqttMessage[]> {
    let entries: unknown[];
    try {
      entries = await this.#store.load(this.settings.key);
    } catch (err) {
      this.#giveUp(err);
      return [];
    }
    const kept: StoredMessage[] = [];
    let foreign = 0;
    for (const entry of entries) {
      const stored = asStoredMessage(entry);
      if (stored) kept.push(stored);
      else foreign++;
    }
    if (foreign > 0) {
      warnOnce(
        `${foreign} stored entr${foreign === 1 ? 'y' : 'ies'} under "${this.settings.key}" ` +
          `${foreign === 1 ? 'is' : 'are'} not a message this library wrote (corrupted, or written by ` +
          `something else); ignored. clearPersisted() on the connection removes them.`,
      );
    }
    kept.sort((a, b) => a.receivedAt - b.receivedAt);
    for (const stored of kept) this.#held.add(stored.topic);
    // A lowered persist-topics takes effect at once.
    if (this.#held.size > this.settings.maxTopics) this.#schedule();
    return kept
      .slice(-this.settings.maxTopics)
      .map((s) => new MqttMessage(s.topic, s.payload, s.retained, s.qos, s.receivedAt, undefined, true));
  }

  /** Keeps `message` as the latest of its topic, or removes the topic's entry when undefined (cleared). */
  keep(topic: string, message: MqttMessage | undefined): void {
    if (this.#unavailable || message?.restored) return;
    if (message && message.payload.length > this.settings.maxPayloadBytes) {
      warnOnce(
        `payloads over ${this.settings.maxPayloadBytes} bytes are not kept (first: "${topic}", ` +
          `${message.payload.length} bytes); raise persist-payload-bytes to keep them.`,
      );
      message = undefined;
    }
    this.#pending.set(topic, message ?? null);
    this.#schedule();
  }

  /** Writes what is pending now; resolves once it is written (or could not be). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    globalThis.removeEventListener?.('pagehide', this.#flushOnHide);
    if (this.#unavailable) return this.#writing;
    const changes = [...this.#pending];
    this.#pending.clear();
    for (const [topic, message] of changes) {
      this.#held.delete(topic);
      if (message) this.#held.add(topic);
    }
    const deletes = changes.filter(([, message]) => !message).map(([topic]) => topic);
    // Beyond the bound the least recently updated go: the Set holds topics in the order of their update.
    for (const topic of this.#held) {
      if (this.#held.size <= this.settings.maxTopics) break;
      this.#held.delete(topic);
      deletes.push(topic);
    }
    const puts = changes.flatMap(([topic, message]) =>
      message && this.#held.has(topic) ? [toStored(message)] : [],
    );
    if (puts.length === 0 && deletes.length === 0) return this.#writing;
    this.#writing = this.#writing
      .then(() => this.#store.write(this.settings.key, puts, deletes))
      .catch((err: unknown) => this.#giveUp(err));
    return this.#writing;
  }

  /** Removes everything kept under the storage key, pending writes included. */
  async clear(): Promise<void> {
    this.#pending.clear();
    this.#held.clear();
    await this.#writing;
    if (this.#unavailable) return;
    await this.#store.clear(this.settings.key);
  }

  dispose(): void {
    void this.flush();
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), writeDelayMs);
    // The page may be closed at any moment: what is pending goes out when it is hidden. Listened to
    // only while something is pending, so a removed connection is not kept alive by the window.
    globalThis.addEventListener?.('pagehide', this.#flushOnHide);
  }

  #giveUp(err: unknown): void {
    this.#unavailable = true;
    this.#pending.clear();
    warnOnce(
      `the values cannot be kept on this device (${errorMessage(err)}); the page works without them ` +
        `and shows nothing until the broker sends. Private browsing and file:// pages often have no storage.`,
    );
  }
}

function toStored(message: MqttMessage): StoredMessage {
  return {
    format: storedMessageFormat,
    topic: message.topic,
    payload: message.payload,
    retained: message.retained,
    qos: message.qos,
    receivedAt: message.receivedAt,
  };
}

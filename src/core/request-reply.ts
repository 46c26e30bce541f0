// Matches replies to requests over MQTT: by MQTT 5 correlation data, or by the `id` field of a JSON
// payload (JSON-RPC style, as Shelly Gen2 answers on `<src>/rpc`). Plain TypeScript: `<mqtt-publish>`
// and a user's own code share it; the caller subscribes to the response topic and feeds it messages.
import { MqttElementsError } from './errors.js';
import type { MqttMessage } from './message.js';

/** `correlation-data`: MQTT 5 correlation data; `json-id`: the `id` field of a JSON payload. */
export type ReplyMatch = 'correlation-data' | 'json-id';
export const replyMatches: readonly ReplyMatch[] = ['correlation-data', 'json-id'];

export interface Reply {
  /** The request's id (also its correlation data, as UTF-8 text, when matched that way). */
  id: string | number;
  message: MqttMessage;
  /** The reply's JSON, or its text when it is not JSON. */
  value: unknown;
  /** A JSON-RPC `error` member, when the reply carries one. */
  error: unknown;
  /** Milliseconds from the request to its reply. */
  elapsedMs: number;
}

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: MqttElementsError) => void;
  timer: ReturnType<typeof setTimeout>;
  sentAt: number;
}

/** Starts ids somewhere random, so two tabs answering on one response topic rarely share an id. */
let nextId = Math.floor(Math.random() * 0x3fffffff);

/** A fresh request id: a positive integer (JSON-RPC and Shelly accept numbers or strings). */
export function newRequestId(): number {
  nextId = (nextId + 1) % 0x7fffffff;
  return nextId;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The correlation data sent for an id. */
export function correlationDataOf(id: string | number): Uint8Array {
  return utf8.encode(String(id));
}

/**
 * Requests waiting for their replies. `expect()` registers one before it is published; `receive()`
 * settles the one a reply belongs to. A reply nobody waits for (a late one, another tab's) is ignored.
 */
export class ReplyMatcher {
  readonly #waiting = new Map<string, Waiting>();

  constructor(readonly match: ReplyMatch) {}

  /** How many requests wait for a reply. */
  get pending(): number {
    return this.#waiting.size;
  }

  /**
   * Waits for the reply to request `id` for at most `timeoutMs`. The promise rejects with a `timeout`
   * error saying where the reply was expected (`describe` names the request and the response topic).
   */
  expect(id: string | number, timeoutMs: number, describe: () => string): Promise<Reply> {
    const key = String(id);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(
          new MqttElementsError(
            'timeout',
            `No reply to ${describe()} within ${formatMs(timeoutMs)}. Check that the device is online and ` +
              `answers on that topic${this.match === 'json-id' ? ' with the same "id"' : ' with the correlation data (MQTT 5)'}, or raise reply-timeout.`,
          ),
        );
      }, timeoutMs);
      this.#waiting.set(key, { resolve, reject, timer, sentAt: Date.now() });
    });
  }

  /** Gives up on request `id` (it could not be published): its promise rejects with `error`. */
  fail(id: string | number, error: MqttElementsError): void {
    const waiting = this.#waiting.get(String(id));
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.#waiting.delete(String(id));
    waiting.reject(error);
  }

  /** Gives up on every request (the element left the page). */
  cancelAll(error: MqttElementsError): void {
    for (const key of [...this.#waiting.keys()]) this.fail(key, error);
  }

  /** Takes one message from the response topic; returns the reply when it settled a request. */
  receive(message: MqttMessage, correlationData?: Uint8Array): Reply | undefined {
    const key = this.#keyOf(message, correlationData);
    if (key === undefined) return undefined;
    const waiting = this.#waiting.get(key);
    if (!waiting) return undefined;
    clearTimeout(waiting.timer);
    this.#waiting.delete(key);
    const json = message.json;
    const reply: Reply = {
      id:
        typeof json === 'object' && json !== null && 'id' in json
          ? (json as { id: string | number }).id
          : key,
      message,
      value: json === undefined ? message.text : json,
      error: typeof json === 'object' && json !== null ? (json as { error?: unknown }).error : undefined,
      elapsedMs: Date.now() - waiting.sentAt,
    };
    waiting.resolve(reply);
    return reply;
  }

  #keyOf(message: MqttMessage, correlationData: Uint8Array | undefined): string | undefined {
    if (this.match === 'correlation-data') {
      return correlationData ? fromUtf8.decode(correlationData) : undefined;
    }
    const json = message.json;
    if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
    const id = (json as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

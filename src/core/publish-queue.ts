// The page's outgoing publishes, in the order they were made: those waiting for a connection or for
// room under the broker's Receive Maximum, and those handed to MQTT.js that await their
// acknowledgement. The queue, not MQTT.js, decides what is sent when, so that the broker's limits
// hold and a message outlives a session that did not.
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import { toBuffer } from './client-options.js';
import type { QoS } from './connection-config.js';
import { publishRefusal } from './connection-errors.js';
import { MqttElementsError } from './errors.js';

/** One publish the page asked for. */
export interface PublishRequest {
  readonly topic: string;
  readonly payload: string | Uint8Array;
  readonly qos: QoS;
  readonly retain: boolean;
  /** MQTT 5 properties to send with it (request/reply). */
  readonly properties?: IClientPublishOptions['properties'];
  resolve(): void;
  reject(error: MqttElementsError): void;
}

interface Entry extends PublishRequest {
  readonly order: number;
  /** The QoS it goes out with: the one asked for, or the broker's maximum if that is lower. */
  sentQos: QoS;
  /** Set while handed to a client; the callback of an earlier hand-over is ignored. */
  handedTo: MqttClient | undefined;
  callback: ((err?: Error) => void) | undefined;
  sentAt: number;
  /** Connections in a row that closed right after it went out. */
  strikes: number;
}

/**
 * Checks a publish just before it is handed over: the QoS to send it with, or the error that keeps it
 * from being sent at all.
 */
export type PublishCheck = (request: PublishRequest) => { qos: QoS } | { error: MqttElementsError };

export class PublishQueue {
  readonly #waiting: Entry[] = [];
  readonly #inFlight = new Set<Entry>();
  #order = 0;

  /** Publishes not handed to any client yet. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** QoS 1 and 2 publishes handed to a client and not acknowledged yet. */
  get unacknowledged(): number {
    let n = 0;
    for (const entry of this.#inFlight) if (entry.sentQos > 0) n++;
    return n;
  }

  add(request: PublishRequest): void {
    this.#waiting.push({
      ...request,
      order: this.#order++,
      sentQos: request.qos,
      handedTo: undefined,
      callback: undefined,
      sentAt: 0,
      strikes: 0,
    });
  }

  /**
   * Hands waiting publishes to `client`, oldest first, while fewer than `receiveMaximum` QoS 1/2
   * publishes await acknowledgement. A publish that fails `check` is rejected and skipped.
   * `onSettled` is told whenever one settles, so the caller can send more.
   */
  send(client: MqttClient, receiveMaximum: number, check: PublishCheck, onSettled: () => void): void {
    while (this.#waiting.length > 0) {
      const entry = this.#waiting[0]!;
      const fit = check(entry);
      if ('error' in fit) {
        this.#waiting.shift();
        entry.reject(fit.error);
        continue;
      }
      if (fit.qos > 0 && this.unacknowledged >= receiveMaximum) return;
      this.#waiting.shift();
      entry.sentQos = fit.qos;
      this.#hand(entry, client, onSettled);
    }
  }

  #hand(entry: Entry, client: MqttClient, onSettled: () => void): void {
    const callback = (err?: Error) => {
      // Pulled back for a new session, or given up: this hand-over no longer decides anything.
      if (entry.callback !== callback) return;
      entry.callback = undefined;
      entry.handedTo = undefined;
      this.#inFlight.delete(entry);
      if (err) entry.reject(publishRefusal(entry.topic, err));
      else entry.resolve();
      onSettled();
    };
    entry.callback = callback;
    entry.handedTo = client;
    entry.sentAt = Date.now();
    this.#inFlight.add(entry);
    const payload = typeof entry.payload === 'string' ? entry.payload : toBuffer(entry.payload);
    client.publish(
      entry.topic,
      payload,
      { qos: entry.sentQos, retain: entry.retain, ...(entry.properties && { properties: entry.properties }) },
      callback,
    );
  }

  /**
   * The broker accepted a new connection of `client` without the old session: whatever it had not
   * acknowledged is unknown to it now. Each such publish is taken back from MQTT.js (which would send
   * its PUBLISH or PUBREL again under a packet id the broker never saw) and put back in front of the
   * queue, to go out again as a new message: at least once.
   */
  takeBackFrom(client: MqttClient): void {
    const taken: Entry[] = [];
    for (const entry of this.#inFlight) {
      if (entry.handedTo !== client) continue;
      const id = messageIdOf(client, entry.callback);
      entry.callback = undefined;
      entry.handedTo = undefined;
      this.#inFlight.delete(entry);
      if (entry.sentQos === 0) {
        // At most once: written to the socket is as far as QoS 0 goes.
        entry.resolve();
        continue;
      }
      if (id !== undefined) client.removeOutgoingMessage(id);
      taken.push(entry);
    }
    if (taken.length === 0) return;
    this.#waiting.unshift(...taken);
    this.#waiting.sort((a, b) => a.order - b.order);
  }

  /**
   * The connection of `client` closed. A QoS 1/2 publish that went out shortly before (within
   * `windowMs`) gets a strike: a broker without reason codes (MQTT 3.1.1) refuses a message by closing
   * the connection. Returns whether any got one.
   */
  connectionClosed(client: MqttClient, windowMs: number): boolean {
    const now = Date.now();
    let struck = false;
    for (const entry of this.#inFlight) {
      if (entry.handedTo !== client || entry.sentQos === 0) continue;
      if (now - entry.sentAt < windowMs) {
        entry.strikes++;
        struck = true;
      } else {
        entry.strikes = 0;
      }
    }
    return struck;
  }

  /** Rejects, with `why`, the publishes struck `limit` times; they are not sent again. */
  giveUpStruck(client: MqttClient, limit: number, why: (topic: string) => string): number {
    let given = 0;
    for (const entry of [...this.#inFlight]) {
      if (entry.strikes < limit) continue;
      const id = messageIdOf(client, entry.callback);
      entry.callback = undefined;
      entry.handedTo = undefined;
      this.#inFlight.delete(entry);
      if (id !== undefined) client.removeOutgoingMessage(id);
      entry.reject(
        new MqttElementsError('publish', `Not published to "${entry.topic}": ${why(entry.topic)}`),
      );
      given++;
    }
    return given;
  }

  /** The topics of the QoS 1/2 publishes `client` is waiting on, oldest first. */
  unacknowledgedTopics(client: MqttClient): string[] {
    return [...this.#inFlight]
      .filter((e) => e.handedTo === client && e.sentQos > 0)
      .sort((a, b) => a.order - b.order)
      .map((e) => e.topic);
  }

  /** Rejects, with `why`, every publish handed to `client` and not settled yet. */
  settleHandedTo(client: MqttClient, why: string): void {
    this.#reject(
      [...this.#inFlight].filter((e) => e.handedTo === client),
      why,
    );
  }

  /** Rejects, with `why`, every publish still waiting to be handed to a client. */
  settleWaiting(why: string): void {
    this.#reject(this.#waiting.splice(0), why);
  }

  #reject(entries: Entry[], why: string): void {
    entries.sort((a, b) => a.order - b.order);
    for (const entry of entries) {
      entry.callback = undefined;
      entry.handedTo = undefined;
      this.#inFlight.delete(entry);
      entry.reject(new MqttElementsError('publish', `Not published to "${entry.topic}": ${why}`));
    }
  }

  /** Whether `client` still holds publishes of this queue awaiting acknowledgement. */
  holds(client: MqttClient): boolean {
    for (const entry of this.#inFlight) if (entry.handedTo === client) return true;
    return false;
  }
}

/** The packet id MQTT.js keeps a pending publish under, found by the callback it was given. */
function messageIdOf(client: MqttClient, callback: unknown): number | undefined {
  if (!callback) return undefined;
  for (const [id, pending] of Object.entries(client.outgoing)) if (pending.cb === callback) return Number(id);
  return undefined;
}

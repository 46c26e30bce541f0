// Publishes a query each time the connection comes up (the first time and after every reconnect), for
// devices that do not retain their state and answer a query instead: Tasmota (empty payload to
// `cmnd/<t>/POWER`), Shelly Gen2 (`status_update`), zigbee2mqtt (`{"state":""}` to `<name>/get`).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import type { Connection } from '../core/connection.js';
import { MqttElementsError } from '../core/errors.js';
import { publishTopicError } from '../core/topic.js';
import type { ConnectionController } from './connection-controller.js';

export interface ConnectQueryControllerOptions {
  connection: ConnectionController;
  /** Where to publish the query; nothing is sent while it is empty. */
  topic: () => string | null | undefined;
  /** The query's payload; default empty (Tasmota's "report your state"). */
  payload: () => string | null | undefined;
  qos?: () => QoS;
  /**
   * Filters whose subscription must be in force before the query goes out, so the answer is not
   * missed (usually the state topic). The query waits for their SUBACK, at most `subscribeWaitMs`.
   * Without this option it waits for every subscription of the page.
   */
  after?: () => readonly (string | null | undefined)[];
  /** A query that could not be sent: an invalid topic, or the broker refused it. */
  onError?: (error: MqttElementsError) => void;
  /** Told after each query was published (for events and tests). */
  onSent?: (topic: string, payload: string) => void;
}

/** How long a query waits for the subscriptions it should follow before it goes out anyway. */
export const subscribeWaitMs = 5000;

export class ConnectQueryController implements ReactiveController {
  readonly #options: ConnectQueryControllerOptions;
  #core: Connection | undefined;
  #stopStatus: (() => void) | undefined;
  #wasConnected = false;
  #sentFor: string | undefined;
  /** Incremented on every connection and every change, so a query overtaken by another is dropped. */
  #round = 0;

  constructor(host: ReactiveControllerHost, options: ConnectQueryControllerOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
    // A query topic set (or changed) while connected is sent now; the next one on reconnection.
    const core = this.#core;
    if (core?.status === 'connected' && this.#sentFor !== this.#key()) this.#query(core);
  }

  hostDisconnected(): void {
    this.#stopStatus?.();
    this.#stopStatus = undefined;
    this.#core = undefined;
    this.#wasConnected = false;
    this.#sentFor = undefined;
    this.#round++;
  }

  /** Publishes the query now, if connected (for instance when the device has come back). */
  queryNow(): void {
    const core = this.#core;
    if (core?.status === 'connected') this.#query(core);
  }

  #key(): string {
    return `${this.#options.topic() ?? ''}\n${this.#options.payload() ?? ''}`;
  }

  #follow(): void {
    const core = this.#options.connection.core;
    if (core === this.#core) return;
    this.#stopStatus?.();
    this.#core = core;
    this.#wasConnected = false;
    this.#sentFor = undefined;
    this.#stopStatus = core?.onStatus((info) => {
      const connected = info.status === 'connected';
      if (connected && !this.#wasConnected) this.#query(core);
      this.#wasConnected = connected;
    });
    if (core?.status === 'connected') {
      this.#wasConnected = true;
      this.#query(core);
    }
  }

  #query(core: Connection): void {
    const topic = this.#options.topic();
    this.#sentFor = this.#key();
    if (!topic) return;
    const problem = publishTopicError(topic);
    if (problem) {
      this.#options.onError?.(new MqttElementsError('topic', `query-topic: ${problem}`));
      return;
    }
    const payload = this.#options.payload() ?? '';
    const round = ++this.#round;
    const filters = this.#options.after ? this.#options.after().filter((f): f is string => !!f) : [undefined];
    void Promise.all(filters.map((f) => core.whenSubscribed(f, subscribeWaitMs)))
      .then(async () => {
        if (round !== this.#round || core.status !== 'connected') return;
        await core.publish(topic, payload, { qos: this.#options.qos?.() ?? 0 });
        this.#options.onSent?.(topic, payload);
      })
      .catch((err: unknown) => {
        this.#options.onError?.(
          err instanceof MqttElementsError
            ? err
            : new MqttElementsError('publish', `The query to "${topic}" was not sent: ${String(err)}`),
        );
      });
  }
}

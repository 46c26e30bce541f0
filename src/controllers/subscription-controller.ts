// Keeps one subscription of an element in step with its topic, QoS and connection.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import type { Connection } from '../core/connection.js';
import { MqttElementsError } from '../core/errors.js';
import type { MqttMessage } from '../core/message.js';
import type { ConnectionController } from './connection-controller.js';

export interface SubscriptionControllerOptions {
  connection: ConnectionController;
  /** The topic filter; nothing is subscribed while it is empty. */
  topic: () => string | null | undefined;
  qos?: () => QoS;
  /** With `persist`: keep every topic the filter brings (see SubscribeOptions.keep). */
  keep?: () => boolean;
  onMessage: (message: MqttMessage) => void;
  /** An invalid filter or a subscription the broker refused. */
  onError?: (error: MqttElementsError) => void;
}

export class SubscriptionController implements ReactiveController {
  readonly #options: SubscriptionControllerOptions;
  #core: Connection | undefined;
  #filter: string | undefined;
  #qos: QoS | undefined;
  #keep = false;
  #unsubscribe: (() => void) | undefined;
  #error: MqttElementsError | undefined;
  #attached = false;

  constructor(host: ReactiveControllerHost, options: SubscriptionControllerOptions) {
    this.#options = options;
    host.addController(this);
  }

  /** Why the subscription is not in force, if it is not. */
  get error(): MqttElementsError | undefined {
    return this.#error;
  }

  /** The filter currently subscribed. */
  get filter(): string | undefined {
    return this.#filter;
  }

  hostConnected(): void {
    this.#attached = true;
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.#attached = false;
    this.#release();
  }

  /** Subscribes, resubscribes or unsubscribes to match the current topic, QoS and connection. */
  sync(): void {
    if (!this.#attached) return;
    const core = this.#options.connection.core;
    const filter = this.#options.topic() || undefined;
    const qos = this.#options.qos?.() ?? 0;
    const keep = this.#options.keep?.() ?? false;
    if (core === this.#core && filter === this.#filter && qos === this.#qos && keep === this.#keep) return;
    this.#release();
    this.#core = core;
    this.#filter = filter;
    this.#qos = qos;
    this.#keep = keep;
    this.#error = undefined;
    if (!core || !filter) return;
    try {
      this.#unsubscribe = core.subscribe(filter, this.#options.onMessage, {
        qos,
        keep,
        onError: (error) => this.#fail(error),
      });
    } catch (err) {
      this.#fail(
        err instanceof MqttElementsError ? err : new MqttElementsError('topic', String(err), { cause: err }),
      );
    }
  }

  #fail(error: MqttElementsError): void {
    this.#error = error;
    this.#options.onError?.(error);
  }

  #release(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#core = undefined;
    this.#filter = undefined;
    this.#qos = undefined;
  }
}

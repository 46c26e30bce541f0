// Follows a device's availability topic (Home Assistant style): `online` / `offline` by default.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MqttElementsError } from '../core/errors.js';
import type { MqttMessage } from '../core/message.js';
import type { ConnectionController } from './connection-controller.js';
import { SubscriptionController } from './subscription-controller.js';

export interface AvailabilityControllerOptions {
  connection: ConnectionController;
  /** The availability topic; without one the device counts as available. */
  topic: () => string | null | undefined;
  payloadAvailable?: () => string | undefined;
  payloadNotAvailable?: () => string | undefined;
  onError?: (error: MqttElementsError) => void;
}

export class AvailabilityController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: AvailabilityControllerOptions;
  #available = true;

  constructor(host: ReactiveControllerHost, options: AvailabilityControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    new SubscriptionController(host, {
      connection: options.connection,
      topic: options.topic,
      qos: () => 1,
      onMessage: (message) => this.#receive(message),
      ...(options.onError && { onError: options.onError }),
    });
  }

  /** False while the device reports itself unavailable. */
  get available(): boolean {
    return !this.#options.topic() || this.#available;
  }

  hostUpdate(): void {
    // Without a topic there is nothing to follow; forget what an earlier topic said.
    if (!this.#options.topic()) this.#available = true;
  }

  #receive(message: MqttMessage): void {
    const text = message.text.trim();
    const notAvailable = this.#options.payloadNotAvailable?.() ?? 'offline';
    const available = this.#options.payloadAvailable?.() ?? 'online';
    // A cleared retained payload means nobody vouches for the device any more.
    const next =
      message.isClear || text === notAvailable ? false : text === available ? true : this.#available;
    if (next !== this.#available) {
      this.#available = next;
      this.#host.requestUpdate();
    }
  }
}

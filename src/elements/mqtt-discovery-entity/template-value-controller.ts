// The state of a discovered entity whose template needs more than a field: subscribes to the state
// topic, renders the template for each message, and keeps the last good text when a message fails.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import type { ConnectionController } from '../../controllers/connection-controller.js';
import { SubscriptionController } from '../../controllers/subscription-controller.js';
import { compileTemplate, payloadVariables, TemplateError } from '../../discovery/index.js';

export interface TemplateValueOptions {
  connection: ConnectionController;
  topic: () => string | undefined;
  /** The value template; without one the payload's text is the value. */
  template: () => string | undefined;
  qos?: () => 0 | 1 | 2;
  /** Seconds without a message after which the value is stale (Home Assistant's `expire_after`). */
  expireAfter?: () => number | undefined;
  onError?: (error: MqttElementsError) => void;
}

export class TemplateValueController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TemplateValueOptions;
  readonly subscription: SubscriptionController;
  #text: string | undefined;
  #error: MqttElementsError | undefined;
  #stale = false;
  #restored = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: TemplateValueOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.subscription = new SubscriptionController(host, {
      connection: options.connection,
      topic: options.topic,
      qos: options.qos ?? (() => 0),
      onMessage: (message) => this.#receive(message),
      onError: (error) => {
        options.onError?.(error);
        host.requestUpdate();
      },
    });
  }

  /** The rendered value, surrounding whitespace removed; undefined before the first message. */
  get text(): string | undefined {
    return this.#text;
  }

  get error(): MqttElementsError | undefined {
    return this.subscription.error ?? this.#error;
  }

  get stale(): boolean {
    return this.#stale;
  }

  /** The state shown was kept on the device from an earlier visit (`persist`) and no live one came yet. */
  get restored(): boolean {
    return this.#restored;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #receive(message: MqttMessage): void {
    this.#restartTimer(message.receivedAt);
    this.#restored = message.restored;
    if (message.isClear) {
      this.#text = undefined;
      this.#error = undefined;
      this.#host.requestUpdate();
      return;
    }
    const template = this.#options.template();
    try {
      this.#text = template
        ? compileTemplate(template).render(payloadVariables(message.text)).trim()
        : message.text;
      this.#error = undefined;
    } catch (err) {
      // As Home Assistant does: the last good state stays, the reason is reported.
      this.#error = new MqttElementsError(
        'payload',
        `The value template failed on "${message.topic}": ${err instanceof TemplateError ? err.message : String(err)}`,
        { cause: err },
      );
      this.#options.onError?.(this.#error);
    }
    this.#host.requestUpdate();
  }

  /** Counts from when the message first arrived: a state restored from an earlier visit may be stale at once. */
  #restartTimer(receivedAt: number): void {
    clearTimeout(this.#timer);
    this.#stale = false;
    const seconds = this.#options.expireAfter?.();
    if (!seconds || seconds <= 0) return;
    this.#timer = setTimeout(
      () => {
        this.#stale = true;
        this.#host.requestUpdate();
      },
      Math.max(0, receivedAt + seconds * 1000 - Date.now()),
    );
  }
}

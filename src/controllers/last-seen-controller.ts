// Keeps a "last seen" text up to date ("updated 3 min ago") for an element whose device reports rarely:
// it re-renders its host only when the words change, and not at all while the host is not in the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ageChangesIn, describeAge } from '../core/age.js';
import type { MqttMessage } from '../core/message.js';

export interface LastSeenControllerOptions {
  /** The message whose age is shown; undefined before the first one. */
  message: () => MqttMessage | undefined;
  /** Whether to keep the text up to date at all (the element's `last-seen` attribute). */
  enabled: () => boolean;
  locale?: () => string | undefined;
}

/**
 * MQTT carries no timestamps: a retained message says nothing about when the device published it, so
 * its age is given as unknown ("retained, age unknown") until a live message arrives.
 */
export class LastSeenController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: LastSeenControllerOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attached = false;

  constructor(host: ReactiveControllerHost, options: LastSeenControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Milliseconds since the message arrived, or undefined (none yet, or retained). */
  get ageMs(): number | undefined {
    const message = this.#options.message();
    if (!message || message.retained) return undefined;
    return Date.now() - message.receivedAt;
  }

  /** The text to show: "updated 3 min. ago", "retained, age unknown", or "" before any message. */
  get text(): string {
    const message = this.#options.message();
    if (!message) return '';
    if (message.retained) return 'retained, age unknown';
    return `updated ${describeAge(Date.now() - message.receivedAt, this.#options.locale?.())}`;
  }

  hostConnected(): void {
    this.#attached = true;
  }

  hostUpdated(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#attached = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const age = this.ageMs;
    if (!this.#attached || !this.#options.enabled() || age === undefined) return;
    // A little after the words change, so the new words are there when the host renders.
    this.#timer = setTimeout(() => this.#host.requestUpdate(), ageChangesIn(age) + 20);
  }
}

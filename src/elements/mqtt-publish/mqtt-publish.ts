// <mqtt-publish>: wraps ordinary controls (buttons, inputs, selects, forms) and publishes from them.
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { QoS } from '../../core/connection-core.js';
import type { MqttElementsError } from '../../core/errors.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { PublishController } from '../../controllers/publish-controller.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { controlOf, defaultEventOf, valueOf, type Control } from './control-value.js';

const triggerEvents = ['click', 'change', 'submit'] as const;

/**
 * Wraps ordinary controls and publishes from them: a button's `value` on click, an input's or
 * select's value on change (numbers for number and range inputs), a checkbox as `payload-on` /
 * `payload-off`, a form's named fields as one JSON object on submit. A fixed `payload` overrides the
 * control's value; `payload-template` builds JSON or text around it.
 *
 * @summary Publishes to a topic from buttons, inputs, selects and forms.
 *
 * @tagname mqtt-publish
 *
 * @slot - The controls to publish from.
 *
 * @fires mqtt-publish - Before sending. `detail: {topic, payload}`. Cancelable.
 * @fires mqtt-published - The broker acknowledged it (QoS 0: written). `detail: {topic, payload, qos, retain}`.
 * @fires mqtt-error - The topic is invalid, there is nothing to publish, or the broker did not accept it.
 *
 * @cssstate pending - A QoS 1/2 publish awaits its acknowledgement.
 * @cssstate error - The last publish failed or the topic is invalid.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttPublish extends MqttElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    :host([pending]) {
      cursor: progress;
    }
  `;

  /** The topic to publish to (no wildcards). */
  @property() topic = '';

  /** QoS 0, 1 or 2. */
  @property({ type: Number }) qos: QoS = 0;

  /** Ask the broker to retain the message. */
  @property({ type: Boolean }) retain = false;

  /** A fixed payload, sent whatever the control's value. */
  @property() payload?: string;

  /** Payload for a checked checkbox. */
  @property({ attribute: 'payload-on' }) payloadOn = 'true';

  /** Payload for an unchecked checkbox. */
  @property({ attribute: 'payload-off' }) payloadOff = 'false';

  /** Text or JSON around the value, e.g. `{"brightness": {{value}}}` (the value is JSON-encoded). */
  @property({ attribute: 'payload-template' }) payloadTemplate?: string;

  /** The DOM event that publishes; by default `click` for buttons, `change` for inputs and selects, `submit` for forms. */
  @property() event?: string;

  /** Disable the wrapped controls while the connection is down. */
  @property({ type: Boolean, attribute: 'disable-offline' }) disableOffline = false;

  /** The id of the `<mqtt-connection>` to use, when this element is not inside it. */
  @property() connection?: string;

  /** The topic is invalid, or the last publish failed. */
  get error(): MqttElementsError | undefined {
    return this.#publisher.error;
  }

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });
  readonly #publisher = new PublishController(this, {
    connection: this.#connection,
    topic: () => this.topic,
    qos: () => this.qos,
    retain: () => this.retain,
    payload: () => this.payload,
    payloadTemplate: () => this.payloadTemplate,
    onError: (error) => this.reportError(error),
    // Shown at once: a click's pending state must not wait for the next frame.
    onChange: () => {
      this.toggleState('pending', this.#publisher.pending);
      this.toggleState('error', this.#publisher.error !== undefined);
    },
  });
  #listeningTo: string[] = [];
  readonly #disabledByUs = new Set<Element>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlisten();
  }

  /**
   * Publishes `payload`, or the fixed `payload` attribute when none is given. Resolves once the
   * broker acknowledged it; rejects (and fires `mqtt-error`) when it did not.
   */
  publish(payload?: unknown): Promise<void> {
    return this.#publisher.publish(payload);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('event')) this.#listen();
    const offline = !this.#connection.connected;
    this.toggleState('offline', offline);
    this.#syncDisabled(offline && this.disableOffline);
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  readonly #onTrigger = (event: Event): void => {
    const control = controlOf(event, this);
    if (!control) return;
    if (!this.event && defaultEventOf(control) !== event.type) return;
    if (event.type === 'submit') event.preventDefault();
    if (
      event.type === 'click' &&
      !this.event &&
      control instanceof HTMLButtonElement &&
      control.form &&
      control.type === 'submit' &&
      this.contains(control.form)
    ) {
      // The form's submit event publishes; publishing on the click too would send twice.
      return;
    }
    const value =
      this.payload !== undefined ? undefined : valueOf(control, { on: this.payloadOn, off: this.payloadOff });
    this.publish(value).catch(() => {
      // Already reported as the error state and an mqtt-error event.
    });
  };

  #listen(): void {
    this.#unlisten();
    this.#listeningTo = this.event ? [this.event] : [...triggerEvents];
    for (const type of this.#listeningTo) this.addEventListener(type, this.#onTrigger);
  }

  #unlisten(): void {
    for (const type of this.#listeningTo) this.removeEventListener(type, this.#onTrigger);
    this.#listeningTo = [];
  }

  #syncDisabled(disable: boolean): void {
    if (disable) {
      for (const control of this.querySelectorAll<Control | HTMLFieldSetElement>(
        'button, input, select, textarea, fieldset',
      )) {
        if (!('disabled' in control) || control instanceof HTMLFormElement || control.disabled) continue;
        control.disabled = true;
        this.#disabledByUs.add(control);
      }
    } else if (this.#disabledByUs.size > 0) {
      for (const control of this.#disabledByUs) (control as HTMLButtonElement).disabled = false;
      this.#disabledByUs.clear();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-publish': MqttPublish;
  }
}

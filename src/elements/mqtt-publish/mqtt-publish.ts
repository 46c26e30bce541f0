// <mqtt-publish>: wraps ordinary controls (buttons, inputs, selects, forms) and publishes from them.
import { numberAttribute } from '../../core/attribute-values.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { QoS } from '../../core/connection-core.js';
import type { MqttElementsError } from '../../core/errors.js';
import type { Reply } from '../../core/request-reply.js';
import { ConnectQueryController } from '../../controllers/connect-query-controller.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { PublishController } from '../../controllers/publish-controller.js';
import { RequestReplyController } from '../../controllers/request-reply-controller.js';
import { MqttReplyEvent } from '../../events.js';
import { isMarkupMistake, MqttElement } from '../../internal/mqtt-element.js';
import { SelectCommitTracker } from './select-commit.js';
import { controlOf, defaultEventOf, valueOf, type Control } from './control-value.js';

const triggerEvents = ['click', 'change', 'submit'] as const;

/**
 * Wraps ordinary controls and publishes from them: a button's `value` on click, an input's or
 * select's value on change (numbers for number and range inputs), a checkbox as `payload-on` /
 * `payload-off`, a form's named fields as one JSON object on submit. A fixed `payload` overrides the
 * control's value; `payload-template` builds JSON or text around it.
 *
 * A select publishes the choice its user commits, not each option passed on the way: a pick with the
 * pointer or in the open list at once; after arrow keys (or type-ahead) on the closed select, on
 * Enter or when focus leaves it. An explicit `event` attribute turns this off.
 *
 * With `publish-on-connect` it also publishes its `payload` each time the connection comes up (the
 * first time and after every reconnect), once the page's subscriptions are in force: the query that
 * devices without retained state answer (Tasmota: an empty payload to `cmnd/<topic>/POWER`).
 *
 * With `response-topic` every publish is a request that waits for its reply: matched by MQTT 5
 * correlation data or by the `id` of a JSON reply (`reply-match`), within `reply-timeout`. The
 * template may use `{{id}}`, `{{client_id}}` and `{{response_topic}}`; the reply is the `reply`
 * property and an `mqtt-reply` event, and a reply carrying a JSON-RPC `error` puts the element in the
 * `error` state.
 *
 * @summary Publishes to a topic from buttons, inputs, selects and forms.
 *
 * @tagname mqtt-publish
 *
 * @slot - The controls to publish from.
 *
 * @fires mqtt-publish - Before sending. `detail: {topic, payload}`. Cancelable.
 * @fires mqtt-published - The broker acknowledged it (QoS 0: written). `detail: {topic, payload, qos, retain}`.
 * @fires mqtt-reply - The reply to a request arrived. `detail: {id, message, value, error, elapsedMs}`.
 * @fires mqtt-error - The topic is invalid, there is nothing to publish, the broker did not accept it,
 *   no reply came in time, or the reply was an error.
 *
 * @csspart message - A mistake in the markup (an invalid topic, no connection, nothing to publish),
 *   written out after the controls.
 *
 * @cssstate pending - A QoS 1/2 publish awaits its acknowledgement, or a request its reply.
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
    [part='message'] {
      display: block;
      font-size: 0.8em;
      color: var(--mqtt-error-color, #d64545);
    }
  `;

  /** The topic to publish to (no wildcards). */
  @property() topic = '';

  /** QoS 0, 1 or 2. */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

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

  /** Also publish `payload` (empty when unset) each time the connection comes up, after every reconnect too. */
  @property({ type: Boolean, attribute: 'publish-on-connect' }) publishOnConnect = false;

  /** Where replies arrive; makes every publish a request. `{{client_id}}` is the connection's client id. */
  @property({ attribute: 'response-topic' }) responseTopic?: string;

  /** How a reply is matched to its request: `correlation-data` (MQTT 5; the default on an MQTT 5 connection) or `json-id`. */
  @property({ attribute: 'reply-match' }) replyMatch?: string;

  /** How long a request waits for its reply: seconds, or a duration such as `"2s"`; default 5 s. */
  @property({ attribute: 'reply-timeout' }) replyTimeout?: string;

  /** The topic is invalid, the last publish failed, no reply came in time, or the reply was an error. */
  get error(): MqttElementsError | undefined {
    return this.#publisher.error;
  }

  /** The latest reply to a request (`response-topic`): `{id, message, value, error, elapsedMs}`. */
  get reply(): Reply | undefined {
    return this.#requests.reply;
  }

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });
  readonly #requests = new RequestReplyController(this, {
    connection: this.#connection,
    responseTopic: () => this.responseTopic,
    match: () => this.replyMatch,
    timeout: () => this.replyTimeout,
    onReply: (reply) => this.dispatchEvent(new MqttReplyEvent(reply)),
    onError: (error) => this.reportError(error),
  });
  /** Publishes `payload` on every connection when `publish-on-connect` is set. */
  protected readonly onConnectQuery = new ConnectQueryController(this, {
    connection: this.#connection,
    topic: () => (this.publishOnConnect ? this.topic : undefined),
    payload: () => this.payload ?? '',
    qos: () => this.qos,
    onError: (error) => this.reportError(error),
  });
  readonly #publisher = new PublishController(this, {
    connection: this.#connection,
    topic: () => this.topic,
    qos: () => this.qos,
    retain: () => this.retain,
    payload: () => this.payload,
    payloadTemplate: () => this.payloadTemplate,
    requests: this.#requests,
    onError: (error) => this.reportError(error),
    // Shown at once: a click's pending state must not wait for the next frame.
    onChange: () => {
      this.toggleState('pending', this.#publisher.pending);
      this.toggleState('error', this.#publisher.error !== undefined);
    },
  });
  /** A select browsed with arrow keys publishes on Enter or when left, not on every key. */
  readonly #selectCommits = new SelectCommitTracker(this, (select) => this.#publishFrom(select));
  #listeningTo: string[] = [];
  readonly #disabledByUs = new Set<Element>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
    this.#selectCommits.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlisten();
    this.#selectCommits.disconnect();
  }

  /**
   * Publishes `payload`, or the fixed `payload` attribute when none is given. Resolves once the
   * broker acknowledged it; rejects (and fires `mqtt-error`) when it did not.
   */
  publish(payload?: unknown): Promise<void> {
    return this.#publisher.publish(payload);
  }

  /**
   * Sends a request (`response-topic` must be set) with `payload`, or the fixed `payload` attribute,
   * and resolves with its reply; rejects (and fires `mqtt-error`) when it cannot be sent or no reply
   * comes within `reply-timeout`.
   */
  request(payload?: unknown): Promise<Reply> {
    return this.#publisher.request(payload);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('event')) this.#listen();
    const offline = !this.#connection.connected;
    this.toggleState('offline', offline);
    this.#syncDisabled(offline && this.disableOffline);
  }

  protected override render() {
    // A mistake in the markup (an invalid topic, no connection, nothing to publish) is written out:
    // otherwise the button would just do nothing.
    const error = this.#publisher.error ?? this.#connection.error;
    return html`<slot></slot>${
        error && isMarkupMistake(error)
          ? html`<span part="message" role="alert">${error.message}</span>`
          : nothing
      }`;
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
    if (!this.event && control instanceof HTMLSelectElement && this.#selectCommits.defers(control)) return;
    this.#publishFrom(control);
  };

  #publishFrom(control: Control): void {
    const value =
      this.payload !== undefined ? undefined : valueOf(control, { on: this.payloadOn, off: this.payloadOff });
    const sent = this.responseTopic ? this.request(value) : this.publish(value);
    sent.catch(() => {
      // Already reported as the error state and an mqtt-error event.
    });
  }

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

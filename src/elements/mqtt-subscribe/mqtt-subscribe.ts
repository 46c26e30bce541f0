// <mqtt-subscribe>: the latest value of a topic filter, as text, bound to other elements, or stamped
// once per matching topic.
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { QoS } from '../../core/connection-core.js';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { wildcardValues } from '../../core/topic.js';
import { formatValue, type PayloadFormat } from '../../core/value-pipeline.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { TopicValueController } from '../../controllers/topic-value-controller.js';
import { MqttMessageEvent } from '../../events.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { forbiddenSink, forbiddenTarget, safeSinkValue } from './payload-sinks.js';
import { TemplateStamp } from './template-stamp.js';

const toNumberOrUndefined = {
  fromAttribute: (value: string | null) =>
    value === null || value.trim() === '' ? undefined : Number(value),
};

/**
 * Shows the latest value of a topic filter as text, or hands it to other elements.
 *
 * The value goes through a pipeline, each step optional and none of them evaluating code:
 * decode (`as`) → `select` a field → `map` it to a display value → format (`decimals`, `unit`,
 * `locale`). With `bind`, the value is set as a property or attribute on the child elements (or on
 * those `target` selects) instead of shown. With a child `<template>`, the template is stamped once
 * per matching topic (a wildcard filter fans out; an exact topic gets one copy), with `{{value}}`,
 * `{{topic}}`, `{{1}}`, `{{2}}`… filled in as text.
 *
 * @summary The live value of an MQTT topic.
 *
 * @tagname mqtt-subscribe
 *
 * @slot - Elements to bind the value to, or a `<template>` to stamp per topic.
 *
 * @csspart value - The text of the value.
 *
 * @fires mqtt-message - A message arrived. `detail: {message, topic, value}`. Cancelable:
 *   `preventDefault()` skips the built-in rendering.
 * @fires mqtt-error - The filter is invalid, the broker refused it, or a payload could not be decoded
 *   or selected. `detail: {message, code, cause}`.
 *
 * @cssstate stale - No message for longer than `expire-after`.
 * @cssstate error - The filter or the latest payload has a problem; the last good value stays.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttSubscribe extends MqttElement {
  static override styles = css`
    :host {
      display: inline;
    }
    :host([stale]) [part='value'] {
      opacity: var(--mqtt-stale-opacity, 0.5);
    }
    :host([error]) [part='value'] {
      text-decoration: underline wavy var(--mqtt-error-color, #d64545);
      text-decoration-skip-ink: none;
    }
  `;

  /** The topic filter; `+` and `#` wildcards are allowed. */
  @property() topic = '';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ type: Number }) qos: QoS = 0;

  /** How to decode the payload: `text`, `json`, `number`, `boolean`, `hex`, `base64`; default JSON if it parses, else text. */
  @property() as?: PayloadFormat;

  /** A path into a JSON payload: `temp`, `data.readings[0].value`, or a JSON Pointer `/data/readings/0/value`. */
  @property() select?: string;

  /** A JSON object from value to display value, e.g. `{"ON":"On","OFF":"Off"}`. */
  @property() map?: string;

  /** Digits after the decimal point for numbers. */
  @property({ converter: toNumberOrUndefined }) decimals?: number;

  /** Text appended to the value, e.g. `" °C"`. */
  @property() unit?: string;

  /** The locale for number formatting (default: the page's). */
  @property() locale?: string;

  /** Shown before the first message, and when a retained value is cleared. */
  @property() placeholder = '—';

  /** Seconds without a message after which the element gets the `stale` state. */
  @property({ attribute: 'expire-after', converter: toNumberOrUndefined }) expireAfter?: number;

  /**
   * Set the value on child elements instead of showing it: a property name (`value`), `text`, or
   * `attr:<name>`. Event handlers (`on…`), `innerHTML`, `outerHTML` and `srcdoc` are refused (error state),
   * and a URL-valued target such as `href` never receives a `javascript:` URL.
   */
  @property() bind?: string;

  /** A CSS selector for the elements to bind to, instead of the children. */
  @property() target?: string;

  /** How many recent messages to keep in `history`. */
  @property({ attribute: 'history-size', type: Number }) historySize = 0;

  /** The id of the `<mqtt-connection>` to use, when this element is not inside it. */
  @property() connection?: string;

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  readonly #value = new TopicValueController(this, {
    connection: this.#connection,
    topic: () => this.topic,
    qos: () => this.qos,
    settings: () => ({
      as: this.as,
      select: this.select,
      map: this.map,
      expireAfter: this.expireAfter,
      historySize: this.historySize,
    }),
    onValue: (message, value) => this.#onValue(message, value),
    onError: (error: MqttElementsError) => this.reportError(error),
  });

  readonly #stamps = new Map<string, TemplateStamp>();
  /** Topics with news for their stamped copy since the last render. */
  readonly #pendingStamps = new Map<string, { message: MqttMessage; value: unknown }>();

  /** The latest value after select and map, before formatting. */
  get value(): unknown {
    return this.#value.value;
  }

  /** The latest message: `{topic, payload, text, json, retained, qos, receivedAt}`. */
  get message(): MqttMessage | undefined {
    return this.#value.message;
  }

  /** The last `history-size` messages, oldest first. */
  get history(): readonly MqttMessage[] {
    return this.#value.history;
  }

  /** The formatted text of the current value, as shown. */
  get text(): string {
    const value = this.#value.value;
    return value === undefined ? this.placeholder : this.#format(value);
  }

  #onValue(message: MqttMessage, value: unknown): boolean {
    const event = new MqttMessageEvent({ message, topic: message.topic, value });
    if (!this.dispatchEvent(event)) return false;
    if (this.#template()) this.#pendingStamps.set(message.topic, { message, value });
    return true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Binding first: it finds the targets it must refuse, which puts the element in the error state.
    this.#targetProblem = undefined;
    if (this.bind) this.#applyBinding();
    this.toggleState('stale', this.#value.stale);
    this.toggleState(
      'error',
      this.#value.error !== undefined ||
        this.#formatProblem !== undefined ||
        this.#bindProblem !== undefined ||
        this.#targetProblem !== undefined,
    );
    this.toggleState('offline', this.#value.offline);
    if (changed.has('topic') && changed.get('topic') !== undefined) this.#clearStamps();
    if (this.#pendingStamps.size > 0) this.#stampTopics();
  }

  protected override render() {
    if (this.bind || this.#template()) return html`<slot></slot>`;
    // Formatting first: a bad decimals or locale is only found here, and belongs in the title too.
    const text = this.text;
    const problem = this.#value.error ?? this.#formatProblem;
    return html`<span part="value" title=${problem?.message ?? nothing}>${text}</span><slot></slot>`;
  }

  #format(value: unknown): string {
    try {
      return formatValue(value, { decimals: this.decimals, unit: this.unit, locale: this.locale });
    } catch (err) {
      // A bad decimals or locale attribute: show the value unformatted and say why, once.
      if (!this.#formatProblem) {
        // Quote the attributes as written: decimals="abc" reaches here as NaN.
        const settings = ['decimals', 'locale']
          .filter((name) => this.hasAttribute(name))
          .map((name) => `${name}="${this.getAttribute(name)}"`)
          .join(' ');
        this.#formatProblem = new MqttElementsError(
          'config',
          `Cannot format the value with ${settings || 'these settings'}: ${
            err instanceof Error ? err.message : String(err)
          } The value is shown unformatted.`,
          { cause: err },
        );
        this.reportError(this.#formatProblem);
      }
      return formatValue(value, { unit: this.unit });
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('decimals') || changed.has('locale')) this.#formatProblem = undefined;
    if (changed.has('bind')) {
      const name = this.bind?.startsWith('attr:') ? this.bind.slice(5) : this.bind;
      const why = name ? forbiddenSink(name) : undefined;
      this.#bindProblem = why
        ? new MqttElementsError(
            'config',
            `bind="${this.bind}" is refused: ${why}. Bind to "text", to a property such as "value", or to ` +
              `an attribute such as "attr:data-level".`,
          )
        : undefined;
      if (this.#bindProblem) this.reportError(this.#bindProblem);
    }
  }

  #formatProblem: MqttElementsError | undefined;
  /** A `bind` that would let a payload run as code; nothing is bound while it is set. */
  #bindProblem: MqttElementsError | undefined;
  /** Bind targets skipped because a payload written there would run or apply as code (see forbiddenTarget). */
  readonly #refusedTargets = new WeakSet<Element>();
  #targetProblem: MqttElementsError | undefined;

  #template(): HTMLTemplateElement | null {
    // Runs for every message: walking siblings costs nothing when there are no children, where
    // iterating `this.children` builds a collection for each element.
    for (let child = this.firstElementChild; child; child = child.nextElementSibling) {
      if (child instanceof HTMLTemplateElement) return child;
    }
    return null;
  }

  #applyBinding(): void {
    if (this.#bindProblem) return;
    const bind = this.bind!;
    const value = this.#value.value;
    const targets = this.target
      ? Array.from((this.getRootNode() as ParentNode).querySelectorAll(this.target))
      : Array.from(this.children).filter((c) => !(c instanceof HTMLTemplateElement));
    for (const target of targets) {
      const refused = forbiddenTarget(target);
      if (refused) {
        this.#targetProblem = new MqttElementsError(
          'config',
          `bind="${bind}" skips a <${target.localName}>: ${refused}. Bind to an element that shows text, such as <span> or <output>.`,
        );
        // Reported once per target: the same refusal on every message would flood the page.
        if (!this.#refusedTargets.has(target)) {
          this.#refusedTargets.add(target);
          this.reportError(this.#targetProblem);
        }
        continue;
      }
      if (bind === 'text') {
        target.textContent = value === undefined ? this.placeholder : this.#format(value);
      } else if (bind.startsWith('attr:')) {
        const name = bind.slice(5);
        if (value === undefined) target.removeAttribute(name);
        else
          target.setAttribute(
            name,
            safeSinkValue(name, typeof value === 'object' ? JSON.stringify(value) : String(value)),
          );
      } else if (value !== undefined) {
        (target as unknown as Record<string, unknown>)[bind] = safeSinkValue(bind, value);
      }
    }
  }

  #stampTopics(): void {
    const template = this.#template();
    // An exact topic stamps its one copy: with a template the element renders no text of its own.
    if (!template) {
      this.#pendingStamps.clear();
      return;
    }
    for (const [topic, { message, value }] of this.#pendingStamps) {
      let stamp = this.#stamps.get(topic);
      if (message.isClear) {
        // A cleared retained value removes that topic's copy.
        stamp?.remove();
        this.#stamps.delete(topic);
        continue;
      }
      if (!stamp) {
        stamp = new TemplateStamp(template);
        this.#stamps.set(topic, stamp);
        stamp.mount(this);
      }
      const levels = wildcardValues(topic, this.topic) ?? [];
      const values: Record<string, string> = {
        value: value === undefined ? this.placeholder : this.#format(value),
        topic,
      };
      levels.forEach((level, i) => (values[String(i + 1)] = level));
      stamp.fill(values);
    }
    this.#pendingStamps.clear();
  }

  #clearStamps(): void {
    for (const stamp of this.#stamps.values()) stamp.remove();
    this.#stamps.clear();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-subscribe': MqttSubscribe;
  }
}

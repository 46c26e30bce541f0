// <mqtt-subscribe>: the latest value of a topic filter, as text, bound to other elements, or stamped
// once per matching topic.
import {
  durationAttribute,
  numberAttribute,
  validOr,
  type SettingRule,
} from '../../core/attribute-values.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import type { QoS } from '../../core/connection-core.js';
import { errorMessage, MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { wildcardValues } from '../../core/topic.js';
import { formatValue, type PayloadFormat } from '../../core/value-pipeline.js';
import { AvailabilityController, availabilityOptionsOf } from '../../controllers/availability-controller.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { announcerStyles } from '../../controllers/announcer-controller.js';
import { LastSeenController } from '../../controllers/last-seen-controller.js';
import { TopicValueController } from '../../controllers/topic-value-controller.js';
import { MqttAvailabilityEvent, MqttMessageEvent } from '../../events.js';
import { chunkStyles, writeChunked } from '../../internal/chunked-text.js';
import { isMarkupMistake, MqttElement } from '../../internal/mqtt-element.js';
import { parseBinding, type Binding } from './binding.js';
import {
  blockedCss,
  blockedUrl,
  checkedSinkValue,
  isInertCss,
  refusedElement,
  sinkVerdict,
  type SinkCheck,
} from './payload-sinks.js';
import { PreparedTemplate, type TemplateStamp } from './template-stamp.js';

function blockedReason(check: SinkCheck): string {
  return check === 'url'
    ? `only http, https, mailto, tel and sms URLs or relative ones may come from a payload (it became ${blockedUrl})`
    : `CSS functions that load resources, escapes and quotes are not allowed (it became ${JSON.stringify(blockedCss)})`;
}

const defaultMaxRows = 1000;
const defaultMaxLength = 10_000;

/** The numeric settings and what each may be. */
const settingChecks = [
  ['decimals', 'decimals', { kind: 'number', integer: true, min: 0, max: 20 }],
  ['expireAfter', 'expire-after', { kind: 'number', min: 0, duration: 's' }],
  ['maxRows', 'max-rows', { kind: 'number', integer: true, min: 1 }],
  ['historySize', 'history-size', { kind: 'number', integer: true, min: 0 }],
  ['maxLength', 'max-length', { kind: 'number', integer: true, min: 1 }],
] as const satisfies readonly (readonly [string, string, SettingRule])[];

/**
 * Shows the latest value of a topic filter as text, or hands it to other elements.
 *
 * The value goes through a pipeline, each step optional and none of them evaluating code:
 * decode (`as`) → `select` a field → `map` it to a display value → format (`decimals`, `unit`,
 * `locale`). With `bind`, the value is set as a property or attribute on the child elements (or on
 * those `target` selects) instead of shown. With a child `<template>`, the template is stamped once
 * per matching topic (a wildcard filter fans out; an exact topic gets one copy), with `{{value}}`,
 * `{{topic}}`, `{{1}}`, `{{2}}`… filled in as text. A copy whose value was kept from an earlier visit
 * (`persist` on the connection) has `data-restored` on its top-level elements until a live message
 * replaces it: style it with `mqtt-subscribe > [data-restored]`. Under `persist` every topic a template
 * stamps is kept, also those a wildcard brings (within `persist-topics`).
 *
 * With `availability-topic` the readout shows `text-unavailable` instead of a dead device's last value
 * while the device is unavailable, and until the first availability message says it is available; the
 * value stays in `value`, and the title says why. Unavailable outranks an error in what is shown; both
 * are in the title. With `last-seen` it also says how old the value is ("updated 3 min. ago").
 *
 * @summary The live value of an MQTT topic.
 *
 * @tagname mqtt-subscribe
 *
 * @slot - Elements to bind the value to, or a `<template>` to stamp per topic.
 *
 * @csspart value - The text of the value.
 * @csspart show-all - The button that shows the whole of a value longer than `max-length`.
 * @csspart message - A mistake in the markup (an invalid topic, a select that names no field, no
 *   connection), written out after the value.
 * @csspart last-seen - How old the value is, with `last-seen`.
 *
 * @fires mqtt-message - A message arrived. `detail: {message, topic, value}`. Cancelable:
 *   `preventDefault()` skips the built-in rendering.
 * @fires mqtt-error - The filter is invalid, the broker refused it, or a payload could not be decoded
 *   or selected. `detail: {message, code, cause}`.
 * @fires mqtt-availability - The device's availability changed. `detail: {state, reason}`.
 *
 * @cssstate unavailable - The device is unavailable, or no availability message has come yet.
 * @cssstate stale - No message for longer than `expire-after`.
 * @cssstate restored - The value shown was kept from an earlier visit (`persist` on the connection); a live message ends it.
 * @cssstate limited - A template reached `max-rows`; further topics are not stamped.
 * @cssstate error - The filter or the latest payload has a problem; the last good value stays.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttSubscribe extends MqttElement {
  static override styles = [
    chunkStyles,
    announcerStyles,
    css`
      :host {
        display: inline;
      }
      /* States are told by shape and words, never by fading alone: faded text falls below 4.5:1.
         --mqtt-unavailable-opacity and --mqtt-stale-opacity add a fade for pages that want one. */
      :host([unavailable]) [part='value'] {
        opacity: var(--mqtt-unavailable-opacity, 1);
        font-style: italic;
      }
      [part='last-seen'] {
        font-size: 0.8em;
        opacity: 0.7;
      }
      :host([stale]) [part='value'] {
        opacity: var(--mqtt-stale-opacity, 1);
        text-decoration: underline dotted;
        text-underline-offset: 0.2em;
      }
      :host([error]) [part='value'] {
        text-decoration: underline wavy var(--mqtt-error-color, #d64545);
        text-decoration-skip-ink: none;
      }
      /* In the page's own text colour, which the page keeps readable on its background (the error
         red is not, on white or on dark); the wavy line in the error colour marks it. */
      [part='message'] {
        font-size: 0.8em;
        color: var(--mqtt-error-text-color, inherit);
        text-decoration: underline wavy var(--mqtt-error-color, #d64545);
        text-decoration-skip-ink: none;
      }
    `,
  ];

  /** The topic filter; `+` and `#` wildcards are allowed. */
  @property() topic = '';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /** How to decode the payload: `text`, `json`, `number`, `boolean`, `hex`, `base64`; default JSON if it parses, else text. */
  @property() as?: PayloadFormat;

  /** A path into a JSON payload: `temp`, `data.readings[0].value`, or a JSON Pointer `/data/readings/0/value`. */
  @property() select?: string;

  /** A JSON object from value to display value, e.g. `{"ON":"On","OFF":"Off"}`. */
  @property() map?: string;

  /** Digits after the decimal point for numbers. */
  @property({ converter: numberAttribute() }) decimals?: number;

  /** Text appended to the value, e.g. `" °C"`. */
  @property() unit?: string;

  /** The locale for number formatting (default: the page's). */
  @property() locale?: string;

  /** Shown before the first message, and when a retained value is cleared. */
  @property() placeholder = '—';

  /** Seconds without a message after which the element gets the `stale` state, or a duration such as `\"90s\"` or `\"5m\"`. */
  @property({ attribute: 'expire-after', converter: durationAttribute('s') }) expireAfter?: number;

  /**
   * Set the value on child elements instead of showing it: a property name (`value`), `text`,
   * `attr:<name>`, or `css:--<name>` (a CSS custom property, the safe way to drive styling). Sinks that
   * could run script, navigate, load a resource or restyle the page are refused with an error: event
   * handlers, `style`, `innerHTML`, `srcdoc`, and any target that is a `<script>`, `<style>`, `<meta>`,
   * `<base>`, `<link>`, `<iframe>`, `<object>`, `<embed>` or an SVG animation element. A URL-valued target
   * such as `href` only receives http(s), mailto, tel, sms or relative URLs.
   */
  @property() bind?: string;

  /** A CSS selector for the elements to bind to, instead of the children. */
  @property() target?: string;

  /**
   * The most rows a `<template>` is stamped into, one per topic; topics beyond it are reported once
   * (`mqtt-error`, code `limit`, and the `limited` state) and not stamped, so a wildcard that matches
   * thousands of topics cannot fill the page.
   */
  @property({ attribute: 'max-rows', converter: numberAttribute(defaultMaxRows) }) maxRows = defaultMaxRows;

  /**
   * The most characters of a value shown at once; a longer value ends in "…" with a "Show all" button
   * (part `show-all`) that writes the rest a piece at a time, so one huge payload never freezes the page.
   */
  @property({ attribute: 'max-length', converter: numberAttribute(defaultMaxLength) }) maxLength =
    defaultMaxLength;

  /** How many recent messages to keep in `history`. */
  @property({ attribute: 'history-size', converter: numberAttribute(0) }) historySize = 0;

  /** The id of the `<mqtt-connection>` to use, when this element is not inside it. */
  @property() connection?: string;

  /** Where the device says whether it is reachable; several topics as a JSON array or separated by spaces. */
  @property({ attribute: 'availability-topic' }) availabilityTopic?: string;

  /** How several availability topics combine: `latest` (default), `all` or `any`. */
  @property({ attribute: 'availability-mode' }) availabilityMode?: string;

  /** A field of a JSON availability payload to compare, e.g. `state` for zigbee2mqtt 2.x. */
  @property({ attribute: 'availability-select' }) availabilitySelect?: string;

  /** Anything but `payload-available` means unavailable (Homie's `$state`). */
  @property({ type: Boolean, attribute: 'availability-strict' }) availabilityStrict = false;

  /** The availability payload meaning reachable. */
  @property({ attribute: 'payload-available' }) payloadAvailable = 'online';

  /** The availability payload meaning not reachable; several as a JSON array, e.g. `["lost","init"]`. */
  @property({ attribute: 'payload-not-available' }) payloadNotAvailable = 'offline';

  /** Shown instead of the value while the device is unavailable. */
  @property({ attribute: 'text-unavailable' }) textUnavailable = 'Unavailable';

  /** Also show how old the value is ("updated 3 min. ago"), kept up to date without messages. */
  @property({ type: Boolean, attribute: 'last-seen' }) lastSeen = false;

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  readonly #value = new TopicValueController(this, {
    connection: this.#connection,
    topic: () => this.topic,
    qos: () => this.qos,
    // Each stamped row shows its topic: under `persist` they all come back at the next visit.
    keep: () => this.#template() !== null,
    settings: () => ({
      as: this.as,
      select: this.select,
      map: this.map,
      expireAfter: validOr(this.expireAfter, settingChecks[1][2], undefined),
      historySize: validOr(this.historySize, settingChecks[3][2], 0),
    }),
    onValue: (message, value) => this.#onValue(message, value),
    onError: (error: MqttElementsError) => this.reportError(error),
  });

  readonly #availability = new AvailabilityController(this, {
    connection: this.#connection,
    ...availabilityOptionsOf(this),
    onError: (error) => this.reportError(error),
    onChange: (state) =>
      this.dispatchEvent(new MqttAvailabilityEvent({ state, reason: this.#availability.reason })),
  });

  readonly #lastSeen = new LastSeenController(this, {
    message: () => this.#value.message,
    enabled: () => this.lastSeen,
    locale: () => this.locale,
  });

  /** `available`, `unavailable`, or `unknown` before the first availability message (shown as unavailable). */
  get availability(): 'available' | 'unavailable' | 'unknown' {
    return this.#availability.state;
  }

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
    this.#showAll = false;
    return true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Binding and stamping first: they find what the sink policy refuses or blocks, which puts the
    // element in the error state.
    this.#targetProblem = undefined;
    if (this.bind || this.#pendingStamps.size > 0) this.#blockedProblem = undefined;
    if (this.bind) this.#applyBinding();
    // Checked before any message arrives, so a refused placeholder is reported at once.
    const template = this.#template();
    if (template) this.#preparedTemplate(template);
    if (changed.has('topic') && changed.get('topic') !== undefined) this.#clearStamps();
    if (this.#pendingStamps.size > 0) this.#stampTopics();
    this.toggleState('stale', this.#value.stale);
    this.toggleState('restored', this.#value.restored);
    this.toggleState(
      'error',
      this.#value.error !== undefined ||
        this.#formatProblem !== undefined ||
        this.#settingsProblem !== undefined ||
        this.#bindProblem !== undefined ||
        this.#targetProblem !== undefined ||
        this.#templateProblem !== undefined ||
        this.#blockedProblem !== undefined,
    );
    this.toggleState('offline', this.#value.offline);
    this.toggleState('unavailable', !this.#availability.available);
  }

  protected override render() {
    if (this.bind || this.#template()) return html`<slot></slot>`;
    // Formatting first: a bad decimals or locale is only found here, and belongs in the title too.
    const value = this.text;
    const problem =
      this.#value.error ?? this.#settingsProblem ?? this.#formatProblem ?? this.#availability.error;
    // A dead device's last value must not look live: unavailable outranks everything else shown.
    const available = this.#availability.available;
    const maxLength = validOr(this.maxLength, settingChecks[4][2], defaultMaxLength);
    const short = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
    const lastValue = !available && this.#value.value !== undefined ? `Last value: ${short}.` : '';
    const title = [available ? '' : this.#availability.reason, lastValue, problem?.message ?? '']
      .filter((t) => t)
      .join(' ');
    const age = this.lastSeen ? this.#lastSeen.text : '';
    // A mistake in the markup is the author's to fix, so it is written out, not only in the title.
    const mistake = problem && isMarkupMistake(problem) ? problem.message : '';
    // What the underline or the title tells a sighted user, in words for a screen reader (a mistake
    // written out above is read already).
    const stateWords = [
      this.#value.stale && available ? `stale, ${this.#lastSeen.text || 'no recent update'}` : '',
      this.#value.restored && available ? 'restored from an earlier visit' : '',
      problem && available && !mistake ? `error: ${problem.message}` : '',
    ]
      .filter((t) => t)
      .join('; ');
    const words = stateWords ? html`<span class="visually-hidden"> (${stateWords})</span>` : nothing;
    const lastSeen = html`${age ? html` <span part="last-seen">${age}</span>` : nothing}${
      mistake ? html` <span part="message">${mistake}</span>` : nothing
    }`;
    if (!available || value === short) {
      return html`<span part="value" title=${title || nothing}
          >${available ? value : this.textUnavailable}</span
        >${words}${lastSeen}<slot></slot>`;
    }
    if (this.#showAll) {
      // Written a piece per task: a megabyte of text at once would freeze the page.
      return html`<span part="value" title=${title || nothing} ${ref(this.#valueWriter(value))}></span
        >${words}${lastSeen}<slot></slot>`;
    }
    return html`<span part="value" title=${title || nothing}>${short}</span>${words}<button
        type="button"
        part="show-all"
        @click=${() => this.#expand()}
      >
        Show all (${value.length.toLocaleString()} characters)</button
      >${lastSeen}<slot></slot>`;
  }

  /** Whether the whole of a value longer than `max-length` is shown; a new value starts short again. */
  #showAll = false;
  #writer: { text: string; write: (element: Element | undefined) => void } | undefined;

  #expand(): void {
    this.#showAll = true;
    this.requestUpdate();
  }

  #valueWriter(text: string): (element: Element | undefined) => void {
    if (this.#writer?.text !== text) {
      let stop: (() => void) | undefined;
      const write = (element: Element | undefined) => {
        stop?.();
        stop = element ? writeChunked(element, text) : undefined;
      };
      this.#writer = { text, write };
    }
    return this.#writer.write;
  }

  #format(value: unknown): string {
    try {
      return formatValue(value, {
        decimals: validOr(this.decimals, settingChecks[0][2], undefined),
        unit: this.unit,
        locale: this.locale,
      });
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
          `Cannot format the value with ${settings || 'these settings'}: ${errorMessage(
            err,
          )} The value is shown unformatted.`,
          { cause: err },
        );
        this.reportError(this.#formatProblem);
      }
      return formatValue(value, { unit: this.unit });
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#settingsProblem = this.checkSettings(settingChecks);
    if (changed.has('decimals') || changed.has('locale')) this.#formatProblem = undefined;
    if (changed.has('bind')) {
      const parsed = this.bind ? parseBinding(this.bind) : undefined;
      this.#binding = typeof parsed === 'string' ? undefined : parsed;
      this.#bindProblem =
        typeof parsed === 'string'
          ? new MqttElementsError(
              'config',
              `bind="${this.bind}" is refused: ${parsed}. Bind to "text", to a property such as "value", ` +
                `to an attribute such as "attr:data-level", or to a custom property such as "css:--level".`,
            )
          : undefined;
      if (this.#bindProblem) this.reportMarkupMistake(this.#bindProblem);
    }
  }

  #formatProblem: MqttElementsError | undefined;
  #settingsProblem: MqttElementsError | undefined;
  #binding: Binding | undefined;
  /** A `bind` that is malformed or would let a payload run as code; nothing is bound while it is set. */
  #bindProblem: MqttElementsError | undefined;
  /** Bind targets skipped because the sink policy refuses them (see payload-sinks.ts). */
  readonly #refusedTargets = new WeakSet<Element>();
  #targetProblem: MqttElementsError | undefined;
  /** The latest value was not written somewhere because the sink policy blocked it. */
  #blockedProblem: MqttElementsError | undefined;
  #prepared: PreparedTemplate | undefined;
  #rowLimitReported = false;

  #template(): HTMLTemplateElement | null {
    // Runs for every message: walking siblings costs nothing when there are no children, where
    // iterating `this.children` builds a collection for each element.
    for (let child = this.firstElementChild; child; child = child.nextElementSibling) {
      if (child instanceof HTMLTemplateElement) return child;
    }
    return null;
  }

  #bindTargets(): Element[] {
    if (!this.target) return Array.from(this.children).filter((c) => !(c instanceof HTMLTemplateElement));
    try {
      return Array.from((this.getRootNode() as ParentNode).querySelectorAll(this.target));
    } catch {
      this.#targetProblem = new MqttElementsError(
        'config',
        `target="${this.target}" is not a valid CSS selector, so nothing is bound. Use a selector such as "#level" or ".reading".`,
      );
      if (!this.#badSelectorReported) this.reportMarkupMistake(this.#targetProblem);
      this.#badSelectorReported = true;
      return [];
    }
  }

  #badSelectorReported = false;

  #applyBinding(): void {
    const binding = this.#binding;
    if (!binding) return;
    const value = this.#value.value;
    for (const target of this.#bindTargets()) {
      const refused =
        binding.kind === 'attr' || binding.kind === 'prop'
          ? sinkVerdict(target.localName, binding.name)
          : {
              allowed: refusedElement(target.localName) === undefined,
              why: refusedElement(target.localName),
            };
      if (!refused.allowed) {
        this.#targetProblem = new MqttElementsError(
          'config',
          `bind="${this.bind}" skips a <${target.localName}>: ${refused.why}. Bind to an element that shows ` +
            `a value, such as <span>, <output>, <progress> or <input>.`,
        );
        // Reported once per target: the same refusal on every message would flood the page.
        if (!this.#refusedTargets.has(target)) {
          this.#refusedTargets.add(target);
          this.reportMarkupMistake(this.#targetProblem);
        }
        continue;
      }
      const check = 'check' in refused ? refused.check : 'none';
      const text =
        value === undefined ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (binding.kind === 'text') {
        target.textContent = value === undefined ? this.placeholder : this.#format(value);
      } else if (binding.kind === 'css') {
        const style = (target as HTMLElement).style;
        if (text === undefined) style?.removeProperty(binding.name);
        else if (isInertCss(text)) style?.setProperty(binding.name, text);
        else {
          style?.removeProperty(binding.name);
          this.#blocked(
            text,
            binding.name,
            'CSS functions that load resources, escapes and quotes are not allowed',
          );
        }
      } else if (binding.kind === 'attr') {
        if (text === undefined) target.removeAttribute(binding.name);
        else {
          const safe = checkedSinkValue(check, text);
          if (safe !== text && check !== 'name') this.#blocked(text, binding.name, blockedReason(check));
          target.setAttribute(binding.name, safe);
        }
      } else if (value !== undefined) {
        const safe = checkedSinkValue(check, value);
        if (safe !== value && check !== 'name') this.#blocked(text!, binding.name, blockedReason(check));
        (target as unknown as Record<string, unknown>)[binding.name] = safe;
      }
    }
  }

  #blocked(text: string, sink: string, why: string): void {
    const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    const problem = new MqttElementsError(
      'payload',
      `The value ${JSON.stringify(shown)} was not written to ${sink}: ${why}.`,
    );
    if (this.#blockedProblem?.message !== problem.message) this.reportError(problem);
    this.#blockedProblem = problem;
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
        if (this.#stamps.size >= validOr(this.maxRows, settingChecks[2][2], defaultMaxRows)) {
          this.#reportRowLimit();
          continue;
        }
        stamp = this.#preparedTemplate(template).stamp();
        this.#stamps.set(topic, stamp);
        stamp.mount(this);
      }
      const levels = wildcardValues(topic, this.topic) ?? [];
      const values: Record<string, string> = {
        value: value === undefined ? this.placeholder : this.#format(value),
        topic,
      };
      levels.forEach((level, i) => (values[String(i + 1)] = level));
      const blocked = stamp.fill(values);
      stamp.markRestored(message.restored);
      if (blocked) this.#blocked(blocked.text, blocked.sink, blockedReason(blocked.check));
    }
    this.#pendingStamps.clear();
  }

  #clearStamps(): void {
    for (const stamp of this.#stamps.values()) stamp.remove();
    this.#stamps.clear();
    this.#rowLimitReported = false;
    this.toggleState('limited', false);
  }

  /** The template checked against the sink policy once; what it refuses is reported once. */
  #preparedTemplate(template: HTMLTemplateElement): PreparedTemplate {
    if (this.#prepared?.template !== template) {
      this.#prepared = new PreparedTemplate(template);
      this.#templateProblem = this.#prepared.refusals.length
        ? new MqttElementsError(
            'config',
            `The template cannot use every placeholder: ${this.#prepared.refusals.join('; ')}. ` +
              `Put {{…}} into text, data-* or aria-* attributes, or URL attributes with an http(s) value.`,
          )
        : undefined;
      if (this.#templateProblem) this.reportMarkupMistake(this.#templateProblem);
    }
    return this.#prepared;
  }

  #templateProblem: MqttElementsError | undefined;

  #reportRowLimit(): void {
    if (this.#rowLimitReported) return;
    this.#rowLimitReported = true;
    this.toggleState('limited', true);
    this.reportMarkupMistake(
      new MqttElementsError(
        'limit',
        `<mqtt-subscribe topic="${this.topic}"> shows ${this.maxRows} rows, its max-rows; rows for further ` +
          `topics are not stamped. Raise max-rows, or subscribe to a narrower filter.`,
      ),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-subscribe': MqttSubscribe;
  }
}

// <mqtt-slider>: a two-way number control (a dimmer, a set point) over a state and a command topic.
import { durationAttribute, numberAttribute } from '../../core/attribute-values.js';
import { html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import { MqttElementsError } from '../../core/errors.js';
import { readNumber } from '../../core/numeric-value.js';
import { fillPayloadTemplate } from '../../core/payload-template.js';
import { formatValue } from '../../core/value-pipeline.js';
import { CommandController } from '../../controllers/command-controller.js';
import { MqttCommandWidget } from '../../internal/mqtt-command-widget.js';
import { widgetFrameStyles, type SettingCheck } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { mqttSliderStyles } from './mqtt-slider.styles.js';

/**
 * A slider that publishes a number to `command-topic` and follows the value the device reports on
 * `state-topic`.
 *
 * It publishes when the user lets go (`publish-on="change"`, the default), or also while dragging
 * with `publish-on="input"`: debounced (when the thumb rests `debounce` ms), or with `throttle` at
 * most once per `throttle` ms, so a lamp follows the thumb without flooding a Zigbee network. While the user holds the thumb, reports from the device never
 * move it; afterwards the slider follows the state topic again. Confirmation, rollback and optimistic
 * mode work as for `<mqtt-switch>`: a sent value is `pending` until the device reports it (within
 * half a `step`), and rolls back with an `error` after `confirm-timeout`. A report that is not a
 * number makes the value unknown, with the reason.
 *
 * @summary A two-way number slider for an MQTT device.
 *
 * @tagname mqtt-slider
 *
 * @slot - The label; overrides the `label` attribute.
 *
 * @fires mqtt-publish - Before a value is sent. `detail: {topic, payload}`. Cancelable.
 * @fires mqtt-published - The broker accepted the value (QoS 0: once written). `detail: {topic, payload, qos, retain}`.
 * @fires mqtt-error - A report that is not a number, a value not confirmed in time or not accepted, a
 *   bad topic or setting. `detail: {message, code, cause}`.
 *
 * @csspart base - The frame around everything.
 * @csspart label - The label.
 * @csspart value - The value text next to the label.
 * @csspart input - The native `<input type="range">`.
 * @csspart min - The minimum under the track.
 * @csspart max - The maximum under the track.
 * @csspart last-seen - How old the reported value is, with `last-seen`.
 * @csspart message - Why the slider is in the `error`, `unavailable` or `offline` state.
 *
 * @cssproperty --mqtt-slider-fill-color - The track up to the thumb (default: the accent colour).
 * @cssproperty --mqtt-slider-track-color - The rest of the track.
 * @cssproperty --mqtt-slider-thumb-color - The thumb.
 * @cssproperty --mqtt-slider-thumb-size - The thumb's diameter (default 1.25em).
 * @cssproperty --mqtt-slider-track-height - The track's thickness (default 0.4em).
 * @cssproperty --mqtt-widget-background - The frame's background (default transparent).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 * @cssproperty --mqtt-accent - The accent colour of every widget.
 *
 * @cssstate dragging - The user is holding the thumb.
 * @cssstate unknown - The reported value is not known (none yet, or not a number).
 * @cssstate pending - A value awaits the device's confirmation.
 * @cssstate error - A problem with the state, a command or a setting; `message` says which.
 * @cssstate stale - No state report for longer than `expire-after`.
 * @cssstate restored - The state shown was kept from an earlier visit (`persist` on the connection); a live report ends it.
 * @cssstate unavailable - The device reports itself unavailable.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttSlider extends MqttCommandWidget {
  /** Focus goes to the control inside, so `element.focus()` works as on a native control. */
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  static override styles = [themeStyles, widgetFrameStyles, mqttSliderStyles];

  /** The smallest value. */
  @property({ converter: numberAttribute(0) }) min = 0;

  /** The largest value. */
  @property({ converter: numberAttribute(100) }) max = 100;

  /** The step between values. */
  @property({ converter: numberAttribute(1) }) step = 1;

  /** Text after the value, e.g. `" %"`. */
  @property() unit?: string;

  /** Digits after the decimal point in the value shown. */
  @property({ converter: numberAttribute() }) decimals?: number;

  /** The locale for number formatting (default: the page's). */
  @property() locale?: string;

  /** `change` publishes when the user lets go; `input` also publishes while dragging, debounced. */
  @property({ attribute: 'publish-on' }) publishOn: 'change' | 'input' = 'change';

  /** Milliseconds (or a duration such as `"0.5s"`) the thumb must rest before a value is published while dragging (`publish-on="input"`). */
  @property({ converter: durationAttribute('ms', 250) }) debounce = 250;

  /**
   * While dragging (`publish-on="input"`), publish at most once per this many milliseconds, the first
   * move at once, instead of waiting for the thumb to rest; 0 (default) debounces instead.
   */
  @property({ converter: durationAttribute('ms', 0) }) throttle = 0;

  /** Text or JSON around the value, e.g. `{"brightness": {{value}}}` (the value is JSON-encoded). */
  @property({ attribute: 'payload-template' }) payloadTemplate?: string;

  /** Shown as the value while it is not known. */
  @property() placeholder = '—';

  readonly #command = new CommandController<number>(this, {
    ...this.commandOptions(),
    readState: (value, message) => readNumber(value, message.topic),
    payloadFor: (value) =>
      this.payloadTemplate ? fillPayloadTemplate(this.payloadTemplate, value) : String(value),
    // A device may round what it was sent (to its own resolution); half a step still confirms.
    confirms: (reported, sent) => Math.abs(reported - sent) <= Math.max(this.#step() / 2, 1e-9),
    describe: (value) => this.#format(value),
  });

  protected override lastSeenMessage() {
    return this.#command.state.message;
  }

  /** The value the user is dragging, while they are. */
  #dragValue: number | undefined;
  #debounceTimer: ReturnType<typeof setTimeout> | undefined;
  /** When a value last went out while dragging, for `throttle`. */
  #lastThrottledAt = 0;
  #lastSent: number | undefined;
  /** The thumb moved since the last publish (publish-on="input" may have sent the resting value already). */
  #movedSinceSend = false;
  /** Where the thumb sits while the value is unknown: where it was last. */
  #lastKnown: number | undefined;

  /** The value shown: the one being dragged, else pending, reported or (optimistic) sent. */
  get value(): number | undefined {
    return this.#dragValue ?? this.#command.value;
  }

  /** A value awaits the device's confirmation. */
  get pending(): boolean {
    return this.#command.pending;
  }

  /** What is wrong, if anything: an unknown value, a failed command, a bad setting. */
  protected static override settingChecks: readonly SettingCheck[] = [
    ['decimals', 'decimals', { kind: 'number', integer: true, min: 0, max: 20 }],
    ['min', 'min', { kind: 'number' }],
    ['max', 'max', { kind: 'number' }],
    ['step', 'step', { kind: 'number', min: Number.MIN_VALUE }],
    ['debounce', 'debounce', { kind: 'number', integer: true, min: 0, duration: 'ms' }],
  ];

  get error(): MqttElementsError | undefined {
    return this.settingsError ?? this.#scaleError ?? this.#command.error;
  }

  #scaleError: MqttElementsError | undefined;

  /**
   * Publishes `value` the way the range input would have it: clamped to `min`…`max` and rounded to the
   * nearest `step` from `min`. Resolves when the broker accepted it. A value that is not a finite number
   * (`NaN`, `Infinity`) is refused: the promise rejects and `mqtt-error` says why; nothing is sent.
   */
  publish(value: number): Promise<void> {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const error = new MqttElementsError(
        'config',
        `slider.publish(${String(value)}) is refused: give a finite number from ${this.min} to ${this.max}. Nothing was published.`,
      );
      this.reportError(error);
      return Promise.reject(error);
    }
    const rounded = this.#round(this.#snap(value));
    this.#lastSent = rounded;
    this.#movedSinceSend = false;
    return this.#command.send(rounded);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#debounceTimer);
    this.#endDrag();
  }

  #step(): number {
    return Number.isFinite(this.step) && this.step > 0 ? this.step : 1;
  }

  /** `value` clamped to the range and moved to the nearest step from `min`, as `<input type="range">` does. */
  #snap(value: number): number {
    const { min, max } = this;
    if (!(min < max)) return value;
    const step = this.#step();
    const steps = Math.round((Math.min(max, Math.max(min, value)) - min) / step);
    // The last step may overshoot a max that is not on the grid: stay on the grid, below max.
    const snapped = min + steps * step;
    return snapped > max ? min + Math.floor((max - min) / step) * step : snapped;
  }

  /** Rounds to the step's own precision, so 0.1 steps never publish 0.30000000000000004. */
  #round(value: number): number {
    const digits = Math.max(fractionDigits(this.#step()), fractionDigits(this.min));
    return Number(value.toFixed(Math.min(digits, 20)));
  }

  #format(value: number | undefined): string {
    if (value === undefined) return this.placeholder;
    try {
      return formatValue(value, { decimals: this.decimals, unit: this.unit, locale: this.locale });
    } catch {
      // A bad decimals or locale: still show the number (the attribute is the page's mistake to fix).
      return formatValue(value, { unit: this.unit });
    }
  }

  /** Not disabled, connected, and the device available (`aria-disabled` keeps focus, so input is refused here). */
  get #interactive(): boolean {
    return !this.disabled && this.#command.ready;
  }

  /** Keys and pointers do nothing while the slider is unavailable; focus stays where it is. */
  readonly #refuseWhileInactive = (event: Event): void => {
    if (this.#interactive) return;
    if (event instanceof KeyboardEvent && (event.key === 'Tab' || event.key === 'Escape')) return;
    event.preventDefault();
  };

  #onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (!this.#interactive) {
      // A change that slipped through (e.g. assistive technology setting the value): put it back.
      this.requestUpdate();
      return;
    }
    this.#dragValue = input.valueAsNumber;
    this.#movedSinceSend = true;
    this.toggleState('dragging', true);
    this.requestUpdate();
    if (this.publishOn !== 'input') return;
    if (Number.isFinite(this.throttle) && this.throttle > 0) {
      // Leading and trailing: the first move goes out at once, the last one when its turn comes.
      const wait = this.#lastThrottledAt + this.throttle - Date.now();
      if (wait <= 0 && this.#debounceTimer === undefined) {
        this.#lastThrottledAt = Date.now();
        this.#publishFromInput(input.valueAsNumber);
      } else if (this.#debounceTimer === undefined) {
        this.#debounceTimer = setTimeout(() => {
          this.#debounceTimer = undefined;
          this.#lastThrottledAt = Date.now();
          if (this.#dragValue !== undefined) this.#publishFromInput(this.#dragValue);
        }, wait);
      }
      return;
    }
    clearTimeout(this.#debounceTimer);
    this.#debounceTimer = setTimeout(
      () => {
        this.#debounceTimer = undefined;
        this.#publishFromInput(input.valueAsNumber);
      },
      Math.max(0, this.debounce),
    );
  }

  #onChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (!this.#interactive) return;
    clearTimeout(this.#debounceTimer);
    this.#debounceTimer = undefined;
    const value = input.valueAsNumber;
    this.#endDrag();
    // With publish-on="input" the resting thumb may already have sent this very value.
    if (this.publishOn === 'input' && !this.#movedSinceSend && this.#lastSent === this.#round(value)) return;
    this.#publishFromInput(value);
  }

  #publishFromInput(value: number): void {
    this.publish(value).catch(() => {
      // Already shown as the error state and reported as an mqtt-error event.
    });
  }

  readonly #onPointerDown = (event: PointerEvent): void => {
    this.#refuseWhileInactive(event);
    if (event.defaultPrevented) return;
    // A drag that ends where it began fires no change event; the pointer's release still ends it.
    const release = () => {
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
      // After the input's own change event, which may come from the same release.
      setTimeout(() => this.#endDrag());
    };
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
  };

  #endDrag(): void {
    if (this.#dragValue === undefined) return;
    this.#dragValue = undefined;
    this.toggleState('dragging', false);
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const value = this.value;
    if (value !== undefined) this.#lastKnown = value;
    if (changed.has('min') || changed.has('max')) {
      const before = this.#scaleError;
      this.#scaleError =
        Number.isFinite(this.min) && Number.isFinite(this.max) && this.min < this.max
          ? undefined
          : new MqttElementsError(
              'config',
              `min="${this.getAttribute('min') ?? this.min}" and max="${this.getAttribute('max') ?? this.max}" give no ` +
                `range: both must be numbers, and min less than max.`,
            );
      if (this.#scaleError && !before) this.reportError(this.#scaleError);
    }
  }

  #wasPending = false;

  protected override updated(_changed: PropertyValues<this>): void {
    const command = this.#command;
    // Pending → confirmed is said; pending → rolled back is said as the error it raises.
    if (this.#wasPending && !command.pending && !command.error) {
      this.announcer.announce(`${this.spokenName}: ${this.#format(this.value)}`);
    }
    this.#wasPending = command.pending;
    if (!command.pending && this.#dragValue === undefined && this.value !== undefined) {
      this.announceValue(this.#format(this.value));
    }
    this.toggleState('unknown', this.value === undefined);
    this.toggleState('pending', command.pending);
    this.reflectWidgetStates({ error: this.error, stale: command.stale, restored: command.restored });
  }

  protected override render() {
    const command = this.#command;
    const value = this.value;
    const min = Number.isFinite(this.min) ? this.min : 0;
    const max = Number.isFinite(this.max) && this.max > min ? this.max : min + 100;
    const thumb = Math.min(max, Math.max(min, this.#lastKnown ?? min));
    const position = ((thumb - min) / (max - min)) * 100;
    const text = this.#format(value);
    const message = this.statusMessage(this.error, {
      stale: command.stale,
      receivedAt: command.receivedAt,
      restored: command.restored,
    });
    const valueText =
      value === undefined
        ? `${text} (unknown)`
        : command.pending
          ? `${text}, waiting for the device to confirm`
          : text;
    return html`<div part="base">
      <div class="head">
        <label part="label" id="label" for="input">${this.renderLabel()}</label>
        <span part="value" aria-hidden="true">${text}</span>
      </div>
      <input
        part="input"
        id="input"
        type="range"
        min=${min}
        max=${max}
        step=${this.#step()}
        .value=${live(String(thumb))}
        aria-valuetext=${valueText}
        aria-describedby="message"
        aria-disabled=${this.#interactive ? 'false' : 'true'}
        aria-busy=${command.pending ? 'true' : 'false'}
        style=${styleMap({ '--_pos': `${position}%` })}
        @keydown=${this.#refuseWhileInactive}
        @input=${this.#onInput}
        @change=${this.#onChange}
        @pointerdown=${this.#onPointerDown}
        @blur=${() => this.#endDrag()}
      />
      <div class="scale" aria-hidden="true">
        <span part="min">${this.#format(min)}</span><span part="max">${this.#format(max)}</span>
      </div>
      ${this.renderMessage(message)}
    </div>`;
  }
}

function fractionDigits(n: number): number {
  const text = String(n);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-slider': MqttSlider;
  }
}

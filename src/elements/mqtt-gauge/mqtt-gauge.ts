// <mqtt-gauge>: an SVG dial showing one numeric value of a topic, with optional colour zones.
import { numberAttribute } from '../../core/attribute-values.js';
import { html, nothing, svg, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { errorMessage, MqttElementsError } from '../../core/errors.js';
import type { QoS } from '../../core/connection-core.js';
import type { MqttMessage } from '../../core/message.js';
import { readNumber } from '../../core/numeric-value.js';
import { formatValue } from '../../core/value-pipeline.js';
import { TopicValueController } from '../../controllers/topic-value-controller.js';
import { MqttWidget, widgetFrameStyles, type SettingCheck } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { parseZones, resolveZones, zoneColor, type GaugeZone } from './gauge-zones.js';
import { mqttGaugeStyles } from './mqtt-gauge.styles.js';

// The dial: a 240° arc open at the bottom, in a 200-unit wide drawing that scales with the element.
const cx = 100;
const cy = 100;
const radius = 80;
const sweep = 240;
const startAngle = -sweep / 2;
/**
 * The drawing's box: wide enough for the arc and the needle at either end, tall enough for the needle
 * at 12 o'clock (its halo reaches 97 units above the centre) and the min/max labels below.
 */
const viewWidth = 200;
const viewHeight = 172;
/** How far a round line cap of the default thickness (14) reaches past a path's end, in degrees. */
const capAngle = ((7 / radius) * 180) / Math.PI;

/** A point on a circle around the centre; angles in degrees clockwise from 12 o'clock. */
function point(angle: number, r = radius): [number, number] {
  const rad = (angle * Math.PI) / 180;
  return [cx + r * Math.sin(rad), cy - r * Math.cos(rad)];
}

function arcPath(from: number, to: number): string {
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  const large = to - from > 180 ? 1 : 0;
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${radius} ${radius} 0 ${large} 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

/**
 * A dial for one numeric value: the value as text in the middle, an arc filled up to it, and a needle.
 *
 * The value goes through the same pipeline as `<mqtt-subscribe>` (`as`, `select`, `map`) and must
 * then be a number (or numeric text). Values outside `min`…`max` put the needle at that end and the
 * element in the `out-of-range` state, while the text still shows the real number. A payload that is
 * not a number gives the `error` state and a message; the last good value stays on the dial.
 * `zones` colours bands of the scale, and the value arc takes the colour of the zone it is in.
 *
 * @summary A live dial for a numeric MQTT value.
 *
 * @tagname mqtt-gauge
 *
 * @slot - The label; overrides the `label` attribute.
 *
 * @fires mqtt-error - The topic is invalid, the payload is not a number, or `min`/`max`/`zones` are
 *   wrong. `detail: {message, code, cause}`.
 *
 * @csspart base - The frame, with `role="meter"`.
 * @csspart dial - The SVG drawing.
 * @csspart track - The background arc.
 * @csspart zone - One coloured band of `zones` (one part per band).
 * @csspart bar - The arc from the minimum up to the value.
 * @csspart needle - The mark at the value.
 * @csspart value - The value text.
 * @csspart min - The minimum at the left end of the arc.
 * @csspart max - The maximum at the right end of the arc.
 * @csspart label - The label under the dial.
 * @csspart last-seen - How old the value is, with `last-seen`.
 * @csspart message - Why the gauge is in the `error`, `unavailable` or `offline` state.
 *
 * @cssproperty --mqtt-gauge-color - The value arc outside any zone (default: the accent colour).
 * @cssproperty --mqtt-gauge-track-color - The background arc.
 * @cssproperty --mqtt-gauge-needle-color - The needle (default: the text colour).
 * @cssproperty --mqtt-gauge-thickness - The arc's thickness in dial units; the dial is 200 wide (default 14).
 * @cssproperty --mqtt-gauge-max-size - The largest width of the dial (default `16em`; `none` fills the container).
 * @cssproperty --mqtt-widget-background - The frame's background (default transparent).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 *
 * @cssstate out-of-range - The value is below `min` or above `max`; the needle sits at that end.
 * @cssstate error - The payload is not a number, or a setting is wrong; `message` says which.
 * @cssstate stale - No message for longer than `expire-after`.
 * @cssstate restored - The value shown was kept from an earlier visit (`persist` on the connection); a live message ends it.
 * @cssstate unavailable - The device reports itself unavailable.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttGauge extends MqttWidget {
  static override styles = [themeStyles, widgetFrameStyles, mqttGaugeStyles];

  /** The topic to show; no wildcards. */
  @property() topic = '';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /** The start of the scale. */
  @property({ converter: numberAttribute(0) }) min = 0;

  /** The end of the scale. */
  @property({ converter: numberAttribute(100) }) max = 100;

  /** Colour bands: `"0:#2a9d8f,60:#e9c46a,80:#e76f51"`, or JSON `[{"from":0,"to":60,"color":"#2a9d8f"},…]`. */
  @property() zones?: string;

  /** Text after the value, e.g. `" °C"`. */
  @property() unit?: string;

  /** Digits after the decimal point. */
  @property({ converter: numberAttribute() }) decimals?: number;

  /** The locale for number formatting (default: the page's). */
  @property() locale?: string;

  /** Shown as the value before the first message. */
  @property() placeholder = '—';

  /** Read out by screen readers before the first message (a meter always has a value, so it shows the minimum). */
  @property({ attribute: 'text-no-value' }) textNoValue = 'No value yet';

  readonly #value = new TopicValueController(this, {
    connection: this.connectionController,
    topic: () => this.topic,
    qos: () => this.qos,
    settings: () => this.valueSettings(),
    onValue: (message, value) => this.#accept(message, value),
    onError: (error) => this.reportError(error),
  });

  protected override lastSeenMessage() {
    return this.#value.message;
  }

  #number: number | undefined;
  #readError: MqttElementsError | undefined;
  #zones: GaugeZone[] = [];
  #settingsError: MqttElementsError | undefined;

  /** The latest numeric value (may lie outside `min`…`max`); undefined before the first one. */
  get value(): number | undefined {
    return this.#number;
  }

  /** The latest message. */
  get message(): MqttMessage | undefined {
    return this.#value.message;
  }

  /** What is wrong, if anything: a topic, a payload that is not a number, or a setting. */
  protected static override settingChecks: readonly SettingCheck[] = [
    ['decimals', 'decimals', { kind: 'number', integer: true, min: 0, max: 20 }],
    ['min', 'min', { kind: 'number' }],
    ['max', 'max', { kind: 'number' }],
  ];

  get error(): MqttElementsError | undefined {
    return this.settingsError ?? this.#settingsError ?? this.#value.error ?? this.#readError;
  }

  #accept(message: MqttMessage, value: unknown): boolean {
    if (message.isClear) {
      this.#number = undefined;
      this.#readError = undefined;
      return true;
    }
    try {
      this.#number = readNumber(value, message.topic);
      this.#readError = undefined;
      return true;
    } catch (err) {
      // The dial keeps the last good value; the reason goes to the message and the event.
      this.#readError = new MqttElementsError('payload', errorMessage(err), {
        cause: err,
      });
      this.reportError(this.#readError);
      return false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('zones') || changed.has('min') || changed.has('max')) this.#checkSettings();
  }

  #checkSettings(): void {
    const before = this.#settingsError?.message;
    this.#settingsError = undefined;
    this.#zones = [];
    if (!Number.isFinite(this.min) || !Number.isFinite(this.max) || this.min >= this.max) {
      this.#settingsError = new MqttElementsError(
        'config',
        `min="${this.getAttribute('min') ?? this.min}" and max="${this.getAttribute('max') ?? this.max}" give no scale: ` +
          `both must be numbers, and min less than max.`,
      );
    } else {
      try {
        this.#zones = parseZones(this.zones ?? '');
      } catch (err) {
        this.#settingsError = new MqttElementsError('config', errorMessage(err), { cause: err });
      }
    }
    if (this.#settingsError && this.#settingsError.message !== before) this.reportError(this.#settingsError);
  }

  protected override updated(): void {
    const value = this.#number;
    this.toggleState(
      'out-of-range',
      value !== undefined && this.#hasScale() && (value < this.min || value > this.max),
    );
    this.reflectWidgetStates({ error: this.error, stale: this.#value.stale, restored: this.#value.restored });
    if (value !== undefined)
      this.announceValue(this.#valueText(value, this.#format(value) + (this.unit ?? '')));
  }

  #hasScale(): boolean {
    return Number.isFinite(this.min) && Number.isFinite(this.max) && this.min < this.max;
  }

  #format(value: number): string {
    try {
      return formatValue(value, { decimals: this.decimals, locale: this.locale });
    } catch {
      // A bad decimals or locale: still show the number.
      return formatValue(value);
    }
  }

  protected override render() {
    const value = this.#number;
    const scale = this.#hasScale();
    const min = scale ? this.min : 0;
    const max = scale ? this.max : 1;
    const clamped = value === undefined ? undefined : Math.min(max, Math.max(min, value));
    const angleOf = (v: number) => startAngle + ((v - min) / (max - min)) * sweep;
    const number = value === undefined ? this.placeholder : this.#format(value);
    const unit = value === undefined ? '' : (this.unit ?? '');
    const text = number + unit;
    const valueText = this.#valueText(value, text);
    const color = clamped === undefined ? undefined : zoneColor(this.#zones, clamped);
    const message = this.statusMessage(this.error, {
      stale: this.#value.stale,
      receivedAt: this.#value.message?.receivedAt,
      restored: this.#value.restored,
    });
    // Long texts get a smaller font so they stay inside the arc.
    const fontSize = Math.min(34, 240 / Math.max(1, text.length));
    const [minX, minY] = point(startAngle);
    const [maxX] = point(-startAngle);

    return html`<div
      part="base"
      role="meter"
      aria-labelledby="label"
      aria-describedby="message"
      aria-valuemin=${min}
      aria-valuemax=${max}
      aria-valuenow=${clamped ?? min}
      aria-valuetext=${valueText}
    >
      <svg part="dial" viewBox="0 0 ${viewWidth} ${viewHeight}" aria-hidden="true" focusable="false">
        <path part="track" d=${arcPath(startAngle, -startAngle)}></path>
        ${
          scale
            ? resolveZones(this.#zones, min, max).map(
                (zone) =>
                  svg`<path part="zone" d=${arcPath(angleOf(zone.from), angleOf(zone.to))} style=${styleMap({ stroke: zone.color })}></path>`,
              )
            : nothing
        }
        ${
          clamped !== undefined && clamped > min
            ? // Ends one cap short of the value, so the rounded end stops at the needle rather than past it.
              svg`<path part="bar" d=${arcPath(startAngle, Math.max(startAngle + 0.01, angleOf(clamped) - capAngle))} style=${styleMap({ stroke: color })}></path>`
            : nothing
        }
        ${clamped !== undefined ? this.#needle(angleOf(clamped)) : nothing}
        <text
          part="value"
          x=${cx}
          y=${cy + 8}
          text-anchor="middle"
          style=${styleMap({ 'font-size': `${fontSize}px` })}
        >
          ${number}
          <tspan class="unit" font-size="0.55em">${unit}</tspan>
        </text>
        <text part="min" x=${minX} y=${minY + 26} text-anchor="middle">${this.#format(min)}</text>
        <text part="max" x=${maxX} y=${minY + 26} text-anchor="middle">${this.#format(max)}</text>
      </svg>
      <div part="label" id="label">${this.renderLabel()}</div>
      ${this.renderMessage(message)}
    </div>`;
  }

  #needle(angle: number) {
    const [x1, y1] = point(angle, radius - 13);
    const [x2, y2] = point(angle, radius + 13);
    const ends = { x1: x1.toFixed(2), y1: y1.toFixed(2), x2: x2.toFixed(2), y2: y2.toFixed(2) };
    return svg`<line class="halo" x1=${ends.x1} y1=${ends.y1} x2=${ends.x2} y2=${ends.y2}></line>
      <line part="needle" x1=${ends.x1} y1=${ends.y1} x2=${ends.x2} y2=${ends.y2}></line>`;
  }

  /** What a screen reader hears: the real value and, when clamped, which end it passed. */
  #valueText(value: number | undefined, text: string): string {
    if (value === undefined) return this.textNoValue;
    if (!this.#hasScale()) return text;
    const unit = this.unit ?? '';
    if (value > this.max) return `${text} (above the maximum of ${this.#format(this.max)}${unit})`;
    if (value < this.min) return `${text} (below the minimum of ${this.#format(this.min)}${unit})`;
    return text;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-gauge': MqttGauge;
  }
}

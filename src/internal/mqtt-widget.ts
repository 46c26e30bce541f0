// The base class of the dashboard widgets: the attributes every widget shares (label, value pipeline,
// availability, connection), the connection and availability controllers they all need, the message
// that says why a widget cannot show or do what it should, and their common frame.
import { durationAttribute, type SettingRule } from '../core/attribute-values.js';
import { css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { describeAge } from '../core/age.js';
import type { MqttElementsError } from '../core/errors.js';
import type { PayloadFormat } from '../core/value-pipeline.js';
import { AnnouncerController, announcerStyles } from '../controllers/announcer-controller.js';
import type { AvailabilityState } from '../core/availability.js';
import type { MqttMessage } from '../core/message.js';
import { AvailabilityController, availabilityOptionsOf } from '../controllers/availability-controller.js';
import { LastSeenController } from '../controllers/last-seen-controller.js';
import { MqttAvailabilityEvent } from '../events.js';
import { ConnectionController } from '../controllers/connection-controller.js';
import type { ValueSettings } from '../controllers/topic-value-controller.js';
import { MqttElement } from './mqtt-element.js';

/** The shortest time between two values read aloud for `announce`. */
const valueAnnouncementIntervalMs = 10_000;

/**
 * The frame every widget shares, after `themeStyles`. Frameless by default, because widgets usually
 * sit inside a page's own cards; `--mqtt-widget-background`, `-border`, `-padding` give them one.
 */
export const widgetFrameStyles = css`
  :host {
    display: block;
    min-inline-size: 0;
    line-height: 1.3;
  }
  [part~='base'] {
    box-sizing: border-box;
    inline-size: 100%;
    background: var(--mqtt-widget-background, transparent);
    border: var(--mqtt-widget-border, none);
    border-radius: var(--_radius);
    padding: var(--mqtt-widget-padding, 0);
  }
  [part~='label'] {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part~='message'] {
    font-size: 0.8em;
    color: var(--_error-text);
    overflow-wrap: anywhere;
    /* Long broker messages stay two lines; the whole text is in the title and the mqtt-error event. */
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
  }
  [part~='message']:empty {
    display: none;
  }
  [part~='last-seen'] {
    font-size: 0.8em;
    color: var(--_muted);
  }
  :host(:is([unavailable], [offline], [stale], [restored]):not([error])) [part~='message'] {
    color: var(--_muted);
  }
  ${announcerStyles}
`;

/** The states every widget shows to CSS, besides its own. */
export interface WidgetStates {
  /** What is wrong with the widget's own value, topics or settings, if anything. */
  error: MqttElementsError | undefined;
  /** No message for longer than `expire-after`. */
  stale: boolean;
  /** When the shown value arrived (`Date.now()` time), for the words of the stale state. */
  receivedAt?: number;
  /** The value shown was kept from an earlier visit (`persist` on the connection); no live one yet. */
  restored?: boolean;
}

/**
 * What every dashboard widget has in common; not an element of its own. A widget adds its topics and
 * drawing, passes `connectionController` and `valueSettings()` to its value controllers, reads
 * `availability`, shows `statusMessage()` in its `message` part and calls `reflectWidgetStates()`
 * after each update.
 */
/** A numeric setting of a widget and its rule: `[property, attribute, rule]`. */
export type SettingCheck = readonly [property: string, attribute: string, rule: SettingRule];

/** Settings every widget has. */
const widgetSettingChecks: readonly SettingCheck[] = [
  ['expireAfter', 'expire-after', { kind: 'number', min: 0, duration: 's' }],
];

export class MqttWidget extends MqttElement {
  /** A widget's own numeric settings and what each may be; a subclass lists its own. */
  protected static settingChecks: readonly SettingCheck[] = [];

  /**
   * What is wrong with the widget's numeric settings, naming each attribute, its value and what is
   * allowed; reported once when it first appears. A widget puts it first in its `error`.
   */
  protected get settingsError(): MqttElementsError | undefined {
    const own = (this.constructor as typeof MqttWidget).settingChecks;
    return this.checkSettings([...widgetSettingChecks, ...own]);
  }
  /** The widget's name, shown with it and used as its accessible name; the default slot overrides it. */
  @property() label = '';

  /** How to decode the payload: `text`, `json`, `number`, `boolean`, `hex`, `base64`; default JSON if it parses, else text. */
  @property() as?: PayloadFormat;

  /** A path into a JSON payload: `state`, `data.readings[0].value`, or a JSON Pointer `/data/value`. */
  @property() select?: string;

  /** A JSON object from received value to the value used, e.g. `{"1":"ON","0":"OFF"}`. */
  @property() map?: string;

  /** Seconds without a message after which the widget gets the `stale` state, or a duration such as `\"90s\"` or `\"5m\"`. */
  @property({ attribute: 'expire-after', converter: durationAttribute('s') }) expireAfter?: number;

  /**
   * Where the device says whether it is reachable; while it says not, and until the first availability
   * message says it is, the widget is `unavailable`. Several topics: a JSON array or separated by spaces.
   */
  @property({ attribute: 'availability-topic' }) availabilityTopic?: string;

  /** How several availability topics combine: `latest` (default), `all` or `any`. */
  @property({ attribute: 'availability-mode' }) availabilityMode?: string;

  /** A field of a JSON availability payload to compare, e.g. `state` for zigbee2mqtt 2.x. */
  @property({ attribute: 'availability-select' }) availabilitySelect?: string;

  /** Anything but `payload-available` means unavailable (Homie's `$state`). */
  @property({ type: Boolean, attribute: 'availability-strict' }) availabilityStrict = false;

  /** Also show how old the value is ("updated 3 min. ago"), kept up to date without messages. */
  @property({ type: Boolean, attribute: 'last-seen' }) lastSeen = false;

  /** The availability payload meaning "reachable". */
  @property({ attribute: 'payload-available' }) payloadAvailable = 'online';

  /** The availability payload meaning "not reachable". */
  @property({ attribute: 'payload-not-available' }) payloadNotAvailable = 'offline';

  /** Shown while the device is unavailable. */
  @property({ attribute: 'text-unavailable' }) textUnavailable = 'Unavailable';

  /** Shown while the connection is down. */
  @property({ attribute: 'text-offline' }) textOffline = 'Not connected';

  /** The id of the `<mqtt-connection>` to use, when this widget is not inside it. */
  @property() connection?: string;

  protected readonly connectionController = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  /** Follows `availability-topic`; without one the device counts as available. */
  protected readonly availability = new AvailabilityController(this, {
    connection: this.connectionController,
    ...availabilityOptionsOf(this),
    onError: (error) => this.reportError(error),
    onChange: (state) => {
      this.dispatchEvent(new MqttAvailabilityEvent({ state, reason: this.availability.reason }));
      this.availabilityChanged(state);
    },
  });

  readonly #lastSeen = new LastSeenController(this, {
    message: () => this.lastSeenMessage(),
    enabled: () => this.lastSeen,
  });

  /** The title of the `message` part, as `statusMessage()` last worked it out. */
  #statusTitle = '';

  /** The message whose age `last-seen` shows; a widget returns its value topic's latest message. */
  protected lastSeenMessage(): MqttMessage | undefined {
    return undefined;
  }

  /** The device's availability changed; a widget may act on it (query the device again, say). */
  protected availabilityChanged(_state: AvailabilityState): void {}

  /**
   * Says the widget's transitions to screen readers (unavailable, available again, a new error,
   * a command confirmed or rolled back). Values stay silent unless the page sets `announce`.
   */
  protected readonly announcer = new AnnouncerController(this);

  /** Also read each new value aloud, at most once per 10 s (for a value someone waits for). */
  @property({ type: Boolean }) announce = false;

  #announced: { unavailable: boolean; error: string | undefined } | undefined;
  #valueAnnouncedAt = 0;
  #valueAnnounced: string | undefined;
  #valueTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#valueTimer);
    this.#valueTimer = undefined;
  }

  /** The widget's name in announcements: its label, else its text, else its tag. */
  protected get spokenName(): string {
    return this.label || this.textContent?.trim() || this.localName;
  }

  /**
   * Reads `text` (the value as shown) aloud when the page asked for it with `announce`: the first
   * change at once, then at most one every 10 s, the latest value last.
   */
  protected announceValue(text: string): void {
    if (!this.announce || !text || text === this.#valueAnnounced) return;
    this.#valueAnnounced = text;
    const wait = this.#valueAnnouncedAt + valueAnnouncementIntervalMs - Date.now();
    clearTimeout(this.#valueTimer);
    const say = () => {
      this.#valueAnnouncedAt = Date.now();
      this.announcer.announce(`${this.spokenName}: ${text}`);
    };
    if (wait <= 0) say();
    else this.#valueTimer = setTimeout(say, wait);
  }

  /** The connection is not connected (or not found). */
  protected get offline(): boolean {
    return !this.connectionController.connected;
  }

  /**
   * The text of the `message` part: that the device is unavailable (the fact a user needs first), else
   * `error`'s message, else that the connection is down or the value stale, else nothing. The title
   * `renderMessage()` shows holds every reason: why the device is unavailable, and the error.
   */
  protected statusMessage(
    error: MqttElementsError | undefined,
    states?: Pick<WidgetStates, 'stale' | 'receivedAt' | 'restored'>,
  ): string {
    const unavailable = !this.availability.available;
    this.#statusTitle = [unavailable ? this.availability.reason : '', error?.message ?? '']
      .filter((t) => t)
      .join(' ');
    if (unavailable) return this.textUnavailable;
    if (error) return error.message;
    const connection = this.connectionController;
    if (connection.error) return connection.error.message;
    // Said in words like every state: a value from an earlier visit must not pass for a live one.
    const restored = states?.restored ? 'Restored from an earlier visit; waiting for a live value' : '';
    if (this.offline) {
      // "Not connected" alone looks like a broker that is down; the connection knows why.
      const reason = connection.status.reason;
      const offline = reason ? `${this.textOffline}: ${reason}` : this.textOffline;
      return restored ? `${restored}. ${offline}` : offline;
    }
    if (states?.stale) return this.staleText(states.receivedAt);
    return restored;
  }

  /**
   * The stale state in words, so it is never told by fading alone: "Stale: last update 6 min. ago".
   * Without the arrival time, the age is at least `expire-after`.
   */
  protected staleText(receivedAt: number | undefined): string {
    if (receivedAt !== undefined) return `Stale: last update ${describeAge(Date.now() - receivedAt)}`;
    const atLeast = (this.expireAfter ?? 0) * 1000;
    return atLeast > 0 ? `Stale: no update for over ${describeAge(atLeast).replace(/ ago$/, '')}` : 'Stale';
  }

  /**
   * The `message` part, with `id="message"` for `aria-describedby`, and the live region that
   * announces the widget's transitions.
   */
  protected renderMessage(message: string): TemplateResult {
    const title = this.#statusTitle || message;
    // With last-seen and nothing to report, the value's age (the stale message says it already).
    const age = this.lastSeen && !message ? this.#lastSeen.text : '';
    return html`<div part="message" id="message" title=${title || nothing}>${message}</div>
      ${age ? html`<div part="last-seen">${age}</div>` : nothing} ${this.announcer.render()}`;
  }

  /** Turns the shared states `error`, `stale`, `restored`, `unavailable` and `offline` on or off. */
  protected reflectWidgetStates(states: WidgetStates): void {
    this.toggleState('error', states.error !== undefined);
    this.toggleState('stale', states.stale);
    this.toggleState('restored', states.restored ?? false);
    this.toggleState('unavailable', !this.availability.available);
    this.toggleState('offline', this.offline);
    this.#announceTransitions(states);
  }

  /** Unavailable, available again and each new error are said once, when they happen. */
  #announceTransitions(states: WidgetStates): void {
    const now = { unavailable: !this.availability.available, error: states.error?.message };
    const before = this.#announced;
    this.#announced = now;
    // Nothing is said for the state a widget starts in: the page is still loading.
    if (!before) return;
    if (now.unavailable !== before.unavailable) {
      this.announcer.announce(`${this.spokenName}: ${now.unavailable ? this.textUnavailable : 'available'}`);
    }
    if (now.error && now.error !== before.error) this.announcer.announce(`${this.spokenName}: ${now.error}`);
  }

  /** The pipeline settings for the widget's value topic. */
  protected valueSettings(): ValueSettings {
    return { as: this.as, select: this.select, map: this.map, expireAfter: this.expireAfter };
  }

  /**
   * The label: the default slot, or the `label` attribute when the slot holds nothing but whitespace.
   * (Slot fallback content alone would not do: the whitespace around a tag's content is slotted too.)
   */
  protected renderLabel(): TemplateResult {
    return html`<slot @slotchange=${() => this.requestUpdate()}></slot
      >${this.#hasSlottedLabel() ? nothing : this.label}`;
  }

  #hasSlottedLabel(): boolean {
    for (const node of this.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) return true;
      if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '') return true;
    }
    return false;
  }
}

// The base class of the dashboard widgets: the attributes every widget shares (label, value pipeline,
// availability, connection), the connection and availability controllers they all need, the message
// that says why a widget cannot show or do what it should, and their common frame.
import { css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { MqttElementsError } from '../core/errors.js';
import type { PayloadFormat } from '../core/value-pipeline.js';
import { AvailabilityController } from '../controllers/availability-controller.js';
import { ConnectionController } from '../controllers/connection-controller.js';
import type { ValueSettings } from '../controllers/topic-value-controller.js';
import { MqttElement } from './mqtt-element.js';

/** Empty or missing means "not set", never 0: `decimals=""` must not round everything away. */
export const optionalNumber = {
  fromAttribute: (value: string | null) =>
    value === null || value.trim() === '' ? undefined : Number(value),
};

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
  :host(:is([unavailable], [offline])) [part~='message'] {
    color: var(--_muted);
  }
`;

/** The states every widget shows to CSS, besides its own. */
export interface WidgetStates {
  /** What is wrong with the widget's own value, topics or settings, if anything. */
  error: MqttElementsError | undefined;
  /** No message for longer than `expire-after`. */
  stale: boolean;
}

/**
 * What every dashboard widget has in common; not an element of its own. A widget adds its topics and
 * drawing, passes `connectionController` and `valueSettings()` to its value controllers, reads
 * `availability`, shows `statusMessage()` in its `message` part and calls `reflectWidgetStates()`
 * after each update.
 */
export class MqttWidget extends MqttElement {
  /** The widget's name, shown with it and used as its accessible name; the default slot overrides it. */
  @property() label = '';

  /** How to decode the payload: `text`, `json`, `number`, `boolean`, `hex`, `base64`; default JSON if it parses, else text. */
  @property() as?: PayloadFormat;

  /** A path into a JSON payload: `state`, `data.readings[0].value`, or a JSON Pointer `/data/value`. */
  @property() select?: string;

  /** A JSON object from received value to the value used, e.g. `{"1":"ON","0":"OFF"}`. */
  @property() map?: string;

  /** Seconds without a message after which the widget gets the `stale` state. */
  @property({ attribute: 'expire-after', converter: optionalNumber }) expireAfter?: number;

  /** A topic where the device says whether it is reachable; while it says not, the widget is `unavailable`. */
  @property({ attribute: 'availability-topic' }) availabilityTopic?: string;

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
    topic: () => this.availabilityTopic,
    payloadAvailable: () => this.payloadAvailable,
    payloadNotAvailable: () => this.payloadNotAvailable,
    onError: (error) => this.reportError(error),
  });

  /** The connection is not connected (or not found). */
  protected get offline(): boolean {
    return !this.connectionController.connected;
  }

  /**
   * The text of the `message` part: `error`'s message, else why the device is unavailable or the
   * connection down, else nothing.
   */
  protected statusMessage(error: MqttElementsError | undefined): string {
    if (error) return error.message;
    if (!this.availability.available) return this.textUnavailable;
    if (this.offline) return this.textOffline;
    return '';
  }

  /** The `message` part, with `id="message"` for `aria-describedby`. */
  protected renderMessage(message: string): TemplateResult {
    return html`<div part="message" id="message" title=${message || nothing}>${message}</div>`;
  }

  /** Turns the shared states `error`, `stale`, `unavailable` and `offline` on or off. */
  protected reflectWidgetStates(states: WidgetStates): void {
    this.toggleState('error', states.error !== undefined);
    this.toggleState('stale', states.stale);
    this.toggleState('unavailable', !this.availability.available);
    this.toggleState('offline', this.offline);
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

// <mqtt-switch>: a two-way on/off control for a device that reports its state and takes commands.
import { html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { MqttElementsError } from '../../core/errors.js';
import { describeValue } from '../../core/numeric-value.js';
import { fillPayloadTemplate } from '../../core/payload-template.js';
import { CommandController } from '../../controllers/command-controller.js';
import { MqttCommandWidget } from '../../internal/mqtt-command-widget.js';
import { widgetFrameStyles } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { mqttSwitchStyles } from './mqtt-switch.styles.js';

/**
 * A switch that publishes `payload-on` / `payload-off` to `command-topic` and shows the state the
 * device reports on `state-topic`.
 *
 * With a `state-topic`, a click shows the new position as `pending` until the device reports it; if
 * it does not within `confirm-timeout`, the switch returns to the reported state with the `error`
 * state and an `mqtt-error` event. Without one the switch is optimistic and shows what it sent. A
 * reported state that is neither `state-on` nor `state-off` shows as unknown (never as off), with the
 * reason. The switch is disabled while the device is unavailable or the connection is down.
 *
 * @summary A two-way on/off switch for an MQTT device.
 *
 * @tagname mqtt-switch
 *
 * @slot - The label; overrides the `label` attribute.
 *
 * @fires mqtt-publish - Before a command is sent. `detail: {topic, payload}`. Cancelable.
 * @fires mqtt-published - The broker accepted the command (QoS 0: once written). `detail: {topic, payload, qos, retain}`.
 * @fires mqtt-availability - The device's availability changed. `detail: {state, reason}`.
 * @fires mqtt-error - An unknown state, a command not confirmed in time or not accepted, a bad topic
 *   or setting. `detail: {message, code, cause}`.
 *
 * @csspart base - The frame around everything.
 * @csspart control - The button with `role="switch"`: label, state text and track.
 * @csspart label - The label.
 * @csspart state - The state text under the label ("On", "Off", "Unknown", …).
 * @csspart track - The track the thumb slides in.
 * @csspart thumb - The thumb.
 * @csspart message - Why the switch is in the `unavailable`, `error` or `offline` state (in that order).
 * @csspart last-seen - How old the reported state is, with `last-seen`.
 *
 * @cssproperty --mqtt-switch-on-color - The track when on (default: the accent colour).
 * @cssproperty --mqtt-switch-off-color - The track when off.
 * @cssproperty --mqtt-switch-thumb-color - The thumb.
 * @cssproperty --mqtt-switch-size - The track's height; its width is 1.75 times that (default 1.6em).
 * @cssproperty --mqtt-widget-background - The frame's background (default transparent).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 * @cssproperty --mqtt-accent - The accent colour of every widget.
 *
 * @cssstate on - The switch shows on.
 * @cssstate unknown - The reported state is not known (none yet, or neither on nor off).
 * @cssstate pending - A command awaits the device's confirmation.
 * @cssstate error - A problem with the state, a command or a setting; `message` says which.
 * @cssstate stale - No state report for longer than `expire-after`.
 * @cssstate restored - The state shown was kept from an earlier visit (`persist` on the connection); a live report ends it.
 * @cssstate unavailable - The device reports itself unavailable, or no availability message came yet.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttSwitch extends MqttCommandWidget {
  /** Focus goes to the control inside, so `element.focus()` works as on a native control. */
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  static override styles = [themeStyles, widgetFrameStyles, mqttSwitchStyles];

  /** The payload sent to turn on. */
  @property({ attribute: 'payload-on' }) payloadOn = 'ON';

  /** The payload sent to turn off. */
  @property({ attribute: 'payload-off' }) payloadOff = 'OFF';

  /**
   * Send this instead of on/off when the switch is clicked, and let the device decide (Tasmota and
   * ESPHome `TOGGLE`, Shelly `toggle`). The switch is pending until the device reports the new state.
   */
  @property({ attribute: 'payload-toggle' }) payloadToggle?: string;

  /**
   * JSON or text around the command, with `{{value}}` the payload chosen (`payload-on`, `-off` or
   * `-toggle`): `{"state": "{{value}}"}` for zigbee2mqtt, or with a conversion, `{"on": {{value|bool}}}`.
   */
  @property({ attribute: 'payload-template' }) payloadTemplate?: string;

  /** The reported state meaning on (after `select` and `map`); default `payload-on`. */
  @property({ attribute: 'state-on' }) stateOn?: string;

  /** The reported state meaning off (after `select` and `map`); default `payload-off`. */
  @property({ attribute: 'state-off' }) stateOff?: string;

  /** The state text for on. */
  @property({ attribute: 'text-on' }) textOn = 'On';

  /** The state text for off. */
  @property({ attribute: 'text-off' }) textOff = 'Off';

  /** The state text when the state is not known. */
  @property({ attribute: 'text-unknown' }) textUnknown = 'Unknown';

  readonly #command = new CommandController<boolean>(this, {
    ...this.commandOptions(),
    readState: (value, message) => this.#readState(value, message.topic),
    payloadFor: (on) => {
      const payload = this.#toggling ? this.payloadToggle! : on ? this.payloadOn : this.payloadOff;
      return this.payloadTemplate ? fillPayloadTemplate(this.payloadTemplate, payload) : payload;
    },
    // A toggle sent while the state was unknown is confirmed by whatever the device then reports.
    confirms: (reported, sent) => this.#toggledFromUnknown || reported === sent,
    initial: () => false,
  });

  /** A toggle command is being built (`payload-toggle`), and whether the state was unknown then. */
  #toggling = false;
  #toggledFromUnknown = false;

  protected override lastSeenMessage() {
    return this.#command.state.message;
  }

  /** True when on, false when off, undefined when the state is not known. */
  get checked(): boolean | undefined {
    return this.#command.value;
  }

  /** A command awaits the device's confirmation. */
  get pending(): boolean {
    return this.#command.pending;
  }

  /** What is wrong, if anything: an unknown state, a failed command, a bad setting. */
  get error(): MqttElementsError | undefined {
    return this.settingsError ?? this.#command.error;
  }

  /** Turns the device on (`true`) or off (`false`). Resolves when the broker accepted the command. */
  turn(on: boolean): Promise<void> {
    this.#toggledFromUnknown = false;
    return this.#command.send(on);
  }

  /**
   * Sends the opposite of what the switch shows (an unknown state is turned on), or `payload-toggle`
   * when it is set.
   */
  toggle(): Promise<void> {
    if (!this.payloadToggle) return this.turn(this.checked !== true);
    this.#toggledFromUnknown = this.checked === undefined;
    this.#toggling = true;
    try {
      // The payload is built synchronously, before send() first waits.
      return this.#command.send(this.checked !== true);
    } finally {
      this.#toggling = false;
    }
  }

  #readState(value: unknown, topic: string): boolean {
    const text =
      typeof value === 'string'
        ? value.trim()
        : typeof value === 'object' && value !== null
          ? undefined
          : String(value);
    const on = this.stateOn ?? this.payloadOn;
    const off = this.stateOff ?? this.payloadOff;
    if (text === on) return true;
    if (text === off) return false;
    throw new MqttElementsError(
      'payload',
      `${describeValue(value)} on "${topic}" is neither on (${JSON.stringify(on)}) nor off (${JSON.stringify(off)}), ` +
        `so the switch shows unknown. Set state-on and state-off to what the device reports (or use select or map).`,
    );
  }

  #onClick(): void {
    // `aria-disabled` rather than `disabled`, so a focused switch keeps focus when its device goes away.
    if (!this.#interactive) return;
    this.toggle().catch(() => {
      // Already shown as the error state and reported as an mqtt-error event.
    });
  }

  get #interactive(): boolean {
    return !this.disabled && this.#command.ready;
  }

  #wasPending = false;

  protected override updated(_changed: PropertyValues<this>): void {
    const command = this.#command;
    // Pending → confirmed is said; pending → rolled back is said as the error it raises.
    if (this.#wasPending && !command.pending && !command.error)
      this.announcer.announce(`${this.spokenName}: ${this.#stateText()}`);
    this.#wasPending = command.pending;
    if (!command.pending) this.announceValue(this.#stateText());
    this.toggleState('on', command.value === true);
    this.toggleState('unknown', command.value === undefined);
    this.toggleState('pending', command.pending);
    this.reflectWidgetStates({ error: this.error, stale: command.stale, restored: command.restored });
  }

  #stateText(): string {
    const value = this.#command.value;
    return value === undefined ? this.textUnknown : value ? this.textOn : this.textOff;
  }

  protected override render() {
    const command = this.#command;
    const value = command.value;
    const stateText = this.#stateText();
    const message = this.statusMessage(this.error, {
      stale: command.stale,
      receivedAt: command.receivedAt,
      restored: command.restored,
    });
    // A switch has no "neither" state: `aria-checked="mixed"` on role=switch is read as off. While
    // the state is unknown the control is a tri-state checkbox, which can say "mixed".
    const unknown = value === undefined;
    return html`<div part="base">
      <button
        part="control"
        type="button"
        role=${unknown ? 'checkbox' : 'switch'}
        aria-checked=${unknown ? 'mixed' : value ? 'true' : 'false'}
        aria-labelledby="label"
        aria-describedby="state-words message"
        aria-disabled=${this.#interactive ? 'false' : 'true'}
        aria-busy=${command.pending ? 'true' : 'false'}
        @click=${this.#onClick}
      >
        <span class="text">
          <span part="label" id="label">${this.renderLabel()}</span>
          <span part="state" aria-hidden="true">${command.pending ? `${stateText}…` : stateText}</span>
          <span id="state-words" class="visually-hidden"
            >${unknown ? this.textUnknown : ''}${command.pending ? ` Waiting for the device to confirm ${stateText}.` : ''}</span
          >
        </span>
        <span part="track" aria-hidden="true"><span part="thumb"></span></span>
      </button>
      ${this.renderMessage(message)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-switch': MqttSwitch;
  }
}

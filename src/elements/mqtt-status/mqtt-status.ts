// <mqtt-status>: a small labelled indicator of its connection's state and what is wrong.
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConnectionStatus } from '../../core/connection-status.js';
import type { MqttElementsError } from '../../core/errors.js';
import { AnnouncerController, announcerStyles } from '../../controllers/announcer-controller.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { MqttElement } from '../../internal/mqtt-element.js';

const labels: Record<ConnectionStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  error: 'Error',
  closed: 'Disconnected',
};

/**
 * Shows the state of its connection as a dot and a label, with the reason when something is wrong
 * (the URL diagnosis, "not authorized", "reconnecting in 4 s (attempt 3)").
 *
 * Screen readers hear transitions only, each once: connected, connection lost, refused or failed,
 * offline, disconnected. The countdown and repeated attempts are visible but never announced, so a
 * long outage does not re-read the reason every second.
 *
 * @summary The live state of an MQTT connection.
 *
 * @tagname mqtt-status
 *
 * @slot connected - Text shown while connected (default "Connected"). Every status has a slot of its
 *   own name: `idle`, `connecting`, `connected`, `reconnecting`, `offline`, `error`, `closed`.
 *
 * @csspart base - The wrapper of dot, label and reason.
 * @csspart dot - The coloured dot.
 * @csspart label - The status label.
 * @csspart reason - The reason, when there is one.
 *
 * @cssproperty --mqtt-status-connected - Dot colour while connected.
 * @cssproperty --mqtt-status-connecting - Dot colour while connecting or reconnecting.
 * @cssproperty --mqtt-status-error - Dot colour on error.
 * @cssproperty --mqtt-status-offline - Dot colour while offline, idle or closed.
 * @cssproperty --mqtt-status-gap - Space between the parts.
 *
 * @fires mqtt-error - The element names a connection id that does not exist.
 */
export class MqttStatus extends MqttElement {
  static override styles = css`
    :host {
      display: inline-block;
      font: inherit;
      color: inherit;
    }
    [part='base'] {
      display: inline-flex;
      align-items: baseline;
      flex-wrap: wrap;
      gap: var(--mqtt-status-gap, 0.4em);
    }
    [part='dot'] {
      display: inline-block;
      inline-size: 0.65em;
      block-size: 0.65em;
      border-radius: 50%;
      background: var(--mqtt-status-offline, #8a8f98);
      flex: none;
      align-self: center;
    }
    :host([status='connected']) [part='dot'] {
      background: var(--mqtt-status-connected, #2e9d5b);
    }
    :host([status='connecting']) [part='dot'],
    :host([status='reconnecting']) [part='dot'] {
      background: var(--mqtt-status-connecting, #d8a019);
    }
    :host([status='error']) [part='dot'] {
      background: var(--mqtt-status-error, #d64545);
    }
    [part='reason'] {
      font-size: 0.9em;
    }
    ${announcerStyles}
  `;

  /** The id of the `<mqtt-connection>` to show, when this element is not inside it. */
  @property() connection?: string;

  /** The status shown, reflected for CSS: `mqtt-status[status="error"]`. */
  @property({ reflect: true }) status: ConnectionStatus = 'idle';

  /** Hide the reason text and show only the dot and label. */
  @property({ type: Boolean, attribute: 'hide-reason' }) hideReason = false;

  @state() private now = Date.now();

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error: MqttElementsError) => {
      this.#lookupError = error;
      this.reportError(error);
      this.requestUpdate();
    },
  });
  #lookupError: MqttElementsError | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  readonly #announcer = new AnnouncerController(this);
  /** The transition last announced, so each is said once however often the status is re-sent. */
  #spoken: string | undefined;
  #everConnected = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  protected override willUpdate(): void {
    const info = this.#connection.status;
    this.status = this.#connection.core ? info.status : this.#lookupError ? 'error' : 'idle';
    // A reconnect without an attempt number is planned (credentials renewed before they expire): no
    // "connection lost" to announce.
    if (info.status !== 'reconnecting' || info.attempt) this.#announceTransition(info.reason);
    // Count the seconds down to the next attempt while reconnecting.
    if (info.status === 'reconnecting' && info.retryAt && !this.#ticker) {
      this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
    } else if (info.status !== 'reconnecting' && this.#ticker) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }

  /**
   * Connected, lost, refused, offline and disconnected are said once each time they begin. The first
   * attempt to connect is not said (the page is loading), nor is each retry of an outage.
   */
  #announceTransition(reason: string | undefined): void {
    let transition: string | undefined;
    switch (this.status) {
      case 'connected':
        this.#everConnected = true;
        transition = 'Connected';
        break;
      case 'connecting':
      case 'reconnecting':
        transition = this.#everConnected ? 'Connection lost, reconnecting' : undefined;
        // While reconnecting after a failure, keep what was said (the failure), not each attempt.
        if (this.#spoken && this.#spoken !== 'Connected') return;
        break;
      case 'error':
        transition = `Connection failed: ${this.#lookupError?.message ?? reason ?? 'see the reason shown'}`;
        break;
      case 'offline':
        transition = 'Offline: the browser has no network';
        break;
      case 'closed':
        transition = this.#spoken ? 'Disconnected' : undefined;
        break;
      default:
        transition = undefined;
    }
    if (transition === undefined || transition === this.#spoken) return;
    this.#spoken = transition;
    this.#announcer.announce(transition);
  }

  /** The reason shown next to the label, as plain text. */
  get reason(): string {
    const core = this.#connection.core;
    if (!core) return this.#lookupError?.message ?? '';
    const info = core.statusInfo;
    // What went wrong, then the warnings (a URL that looks wrong is often why), then what happens next.
    const parts: (string | undefined)[] = [];
    if (info.status !== 'idle' && info.status !== 'closed' && info.status !== 'connecting')
      parts.push(info.reason);
    parts.push(...info.warnings);
    if (info.status === 'reconnecting' && info.attempt) {
      const seconds = info.retryAt ? Math.max(0, Math.ceil((info.retryAt - Date.now()) / 1000)) : 0;
      const when = seconds > 0 ? `in ${seconds} s` : 'now';
      parts.push(`Reconnecting ${when} (attempt ${info.attempt ?? 1}).`);
    }
    return parts.filter(Boolean).join(' ');
  }

  protected override render() {
    void this.now;
    const reason = this.hideReason ? '' : this.reason;
    // The broker in use (which one, with several) in the tooltip, never with credentials.
    const url = this.#connection.core?.statusInfo.url;
    const title = [reason, url && `Broker: ${url}`].filter(Boolean).join(' ');
    return html`<span part="base" title=${title || nothing}>
        <span part="dot" aria-hidden="true"></span>
        <span part="label"><slot name=${this.status}>${labels[this.status]}</slot></span>
        ${reason ? html`<span part="reason">${reason}</span>` : nothing} </span
      >${this.#announcer.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-status': MqttStatus;
  }
}

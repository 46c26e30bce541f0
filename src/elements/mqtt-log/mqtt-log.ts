// <mqtt-log>: a live list of the messages on a topic filter, like the message pane of an MQTT client.
import { numberAttribute, qosRule, validOr, type SettingRule } from '../../core/attribute-values.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { QoS } from '../../core/connection-core.js';
import type { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { SubscriptionController } from '../../controllers/subscription-controller.js';
import { chunkStyles, writeChunked } from '../../internal/chunked-text.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { widgetFrameStyles } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { toolbarButtonStyles } from '../../internal/toolbar-button.styles.js';
import { formatSize, viewPayload, type LogFormat, type PayloadView } from './payload-view.js';
import { mqttLogStyles } from './mqtt-log.styles.js';
import { dateTimeFormat } from '../../core/intl-formats.js';

export type { LogFormat } from './payload-view.js';

const defaultMaxRows = 200;
const defaultTruncate = 500;
const formats: readonly LogFormat[] = ['auto', 'text', 'json', 'hex'];
const settingChecks = [
  ['qos', 'qos', qosRule],
  ['format', 'format', { kind: 'choice', values: formats }],
  ['maxRows', 'max-rows', { kind: 'number', integer: true, min: 1 }],
  ['truncate', 'truncate', { kind: 'number', integer: true, min: 1 }],
] as const satisfies readonly (readonly [string, string, SettingRule])[];
/** A collapsed payload shows at most this many lines, however short they are. */
const collapsedLines = 10;

/** One message in the log, with what its display costs to compute kept for the next frames. */
interface Row {
  readonly id: number;
  readonly message: MqttMessage;
  time?: string;
  view?: PayloadView;
  viewFormat?: LogFormat;
  haystack?: string;
}

const timeOptions: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
};

/**
 * A live log of the messages on a topic filter, newest first: time, topic, QoS, the retained flag
 * and the payload as text, pretty-printed JSON or a hex dump.
 *
 * Payloads are only ever shown as text, never interpreted as HTML. Long payloads are cut to
 * `truncate` characters with a button that shows the rest. The log keeps at most `max-rows`
 * messages, and under a burst it renders once per frame. While paused, new messages are counted
 * (and the latest `max-rows` of them kept) and appear on resume. The filter box shows only messages
 * whose topic or payload contains its text.
 *
 * @summary A live log of MQTT messages.
 *
 * @tagname mqtt-log
 *
 * @slot - The log's label, instead of the `label` attribute.
 *
 * @fires mqtt-error - The topic filter is invalid or the broker refused it, or a setting is not allowed (`qos`, `format`, `max-rows`, `truncate`: the log then uses that setting's default). `detail: {message, code, cause}`.
 *
 * @csspart base - The frame around everything.
 * @csspart toolbar - The row with the label, the filter and the buttons.
 * @csspart label - The label.
 * @csspart filter - The filter text box.
 * @csspart button - Each toolbar button (also `pause-button` and `clear-button`).
 * @csspart pause-button - The pause toggle (`aria-pressed` while paused; its name never changes).
 * @csspart clear-button - The clear button.
 * @csspart count - How many messages are shown, matched or waiting.
 * @csspart list - The scrolling list of messages.
 * @csspart row - One message (also `restored-row` when it was kept from an earlier visit).
 * @csspart restored-row - A message kept from an earlier visit (`persist` on the connection), not received live.
 * @csspart time - The time a message arrived.
 * @csspart topic - A message's topic.
 * @csspart qos - A message's QoS.
 * @csspart retained - The mark on a retained message.
 * @csspart restored - The mark on a message kept from an earlier visit (`persist` on the connection).
 * @csspart size - A message's payload size.
 * @csspart payload - A message's payload text.
 * @csspart expand - The button that shows a long payload in full, or collapses it again.
 * @csspart empty - The text shown while the list is empty.
 * @csspart message - Why the log is in the `error` or `offline` state.
 *
 * @cssproperty --mqtt-log-height - The largest height of the list before it scrolls (default `320px`).
 * @cssproperty --mqtt-log-font - The font of topics and payloads (default: the system monospace font).
 * @cssproperty --mqtt-log-row-background - The background of every other row.
 * @cssproperty --mqtt-widget-background - The frame's background (default none).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 *
 * @cssstate paused - New messages are held back.
 * @cssstate error - The topic filter is invalid or refused, or a setting is not allowed.
 * @cssstate offline - The connection is not connected.
 */
export class MqttLog extends MqttElement {
  static override styles = [themeStyles, widgetFrameStyles, toolbarButtonStyles, mqttLogStyles, chunkStyles];

  /** The topic filter to log; `#` logs everything the broker lets this client see. */
  @property() topic = '';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /** How payloads are shown: `auto` (JSON pretty-printed, binary as hex, else text), `text`, `json` or `hex`. */
  @property() format: LogFormat = 'auto';

  /** The most messages kept; older ones are dropped. */
  @property({ attribute: 'max-rows', converter: numberAttribute(defaultMaxRows) }) maxRows = defaultMaxRows;

  /** Payloads longer than this many characters are cut, with a button to show the rest. */
  @property({ converter: numberAttribute(defaultTruncate) }) truncate = defaultTruncate;

  /** Only messages whose topic or payload contains this text (any case) are shown. */
  @property() filter = '';

  /** Holds new messages back (counting them) until resumed. */
  @property({ type: Boolean, reflect: true }) paused = false;

  /** The log's name, shown above it and used as the list's accessible name; the default slot overrides it. */
  @property() label = '';

  /** The id of the `<mqtt-connection>` to use, when this log is not inside it. */
  @property() connection?: string;

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  readonly #subscription = new SubscriptionController(this, {
    connection: this.#connection,
    topic: () => this.topic,
    qos: () => validOr(this.qos, qosRule, 0),
    onMessage: (message) => this.#receive(message),
    onError: (error: MqttElementsError) => {
      this.reportError(error);
      this.requestUpdate();
    },
  });

  /** Shown rows, oldest first (appending is cheap; the view reverses). */
  #rows: Row[] = [];
  /** Rows that arrived while paused, oldest first. */
  #held: Row[] = [];
  #heldCount = 0;
  #nextId = 1;
  /** Messages already logged, so a cache replay on re-subscribing does not log one twice. */
  #seen = new WeakSet<MqttMessage>();
  readonly #expanded = new Set<number>();

  /** The logged messages, newest first (without those held back while paused). */
  get messages(): MqttMessage[] {
    const rows = this.#rows.slice(-this.#limit());
    return rows.reverse().map((row) => row.message);
  }

  /** How many messages arrived while paused and are not shown yet. */
  get pending(): number {
    return this.#heldCount;
  }

  /** Holds new messages back until `resume()`. */
  pause(): void {
    this.paused = true;
  }

  /** Shows the messages that arrived while paused and follows new ones again. */
  resume(): void {
    this.paused = false;
  }

  /** Empties the log, including messages held back while paused. */
  clear(): void {
    this.#rows = [];
    this.#held = [];
    this.#heldCount = 0;
    this.#expanded.clear();
    this.#chunkWriters.clear();
    this.requestUpdate();
  }

  #receive(message: MqttMessage): void {
    if (this.#seen.has(message)) return;
    this.#seen.add(message);
    const row: Row = { id: this.#nextId++, message };
    const target = this.paused ? this.#held : this.#rows;
    if (this.paused) this.#heldCount++;
    target.push(row);
    // Trimmed in batches: a burst costs one splice per `max-rows` messages, not one per message,
    // and memory stays bounded even when no frame renders (a hidden tab).
    const limit = this.#limit();
    if (target.length >= limit * 2) target.splice(0, target.length - limit);
    this.requestUpdate();
  }

  #limit(): number {
    return validOr(this.maxRows, settingChecks[2][2], defaultMaxRows);
  }

  /** A bad setting, shown and reported; the log keeps working with that setting's default. */
  #settingsProblem: MqttElementsError | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#settingsProblem = this.checkSettings(settingChecks);
    if (changed.has('paused') && !this.paused && this.#held.length > 0) {
      this.#rows.push(...this.#held);
      this.#held = [];
      this.#heldCount = 0;
    } else if (changed.has('paused') && !this.paused) {
      this.#heldCount = 0;
    }
    const limit = this.#limit();
    if (this.#rows.length > limit) {
      this.#rows.splice(0, this.#rows.length - limit);
      // Forget expanded rows that are gone, so the set stays as bounded as the rows.
      const oldest = this.#rows[0]?.id ?? Infinity;
      for (const id of this.#expanded) if (id < oldest) this.#expanded.delete(id);
      for (const id of this.#chunkWriters.keys()) if (id < oldest) this.#chunkWriters.delete(id);
    }
    if (this.#held.length > limit) this.#held.splice(0, this.#held.length - limit);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.toggleState('paused', this.paused);
    this.toggleState('error', this.#subscription.error !== undefined || this.#settingsProblem !== undefined);
    this.toggleState('offline', !this.#connection.connected);
  }

  protected override render() {
    const needle = this.filter.trim().toLowerCase();
    const shown: Row[] = [];
    for (let i = this.#rows.length - 1; i >= 0; i--) {
      const row = this.#rows[i];
      if (needle === '' || this.#haystack(row).includes(needle)) shown.push(row);
    }
    const label = this.#labelText();
    const error = this.#subscription.error ?? this.#settingsProblem;
    const message = error ? error.message : this.#connection.connected ? '' : 'Not connected';
    return html`<div part="base">
      <div part="toolbar">
        ${label ? html`<span part="label">${this.#hasSlotted() ? html`<slot></slot>` : this.label}</span>` : nothing}
        <input
          part="filter"
          type="search"
          placeholder="Filter"
          aria-label="Filter by topic or payload"
          .value=${this.filter}
          @input=${(event: Event) => (this.filter = (event.target as HTMLInputElement).value)}
        />
        <button
          type="button"
          part="button pause-button"
          aria-pressed=${this.paused ? 'true' : 'false'}
          @click=${() => (this.paused = !this.paused)}
        >
          Pause
        </button>
        <button type="button" part="button clear-button" @click=${() => this.clear()}>Clear</button>
        <span part="count">${this.#countText(shown.length, needle)}</span>
      </div>
      <ol part="list" tabindex="0" aria-label=${`${label || 'Messages'}, newest first`}>
        ${
          shown.length === 0
            ? html`<li part="empty">${needle ? 'No message matches the filter' : 'No messages yet'}</li>`
            : repeat(
                shown,
                (row) => row.id,
                (row) => this.#renderRow(row),
              )
        }
      </ol>
      <div part="message" role="status" title=${message || nothing}>${message}</div>
    </div>`;
  }

  #renderRow(row: Row) {
    const { message } = row;
    const view = this.#view(row);
    const expanded = this.#expanded.has(row.id);
    const collapsed = collapse(view.text, this.#truncateAt());
    const long = collapsed !== undefined;
    const id = `payload-${row.id}`;
    row.time ??= dateTimeFormat(undefined, timeOptions).format(message.receivedAt);
    return html`<li part=${message.restored ? 'row restored-row' : 'row'}>
      <div class="meta">
        <time part="time" datetime=${new Date(message.receivedAt).toISOString()}>${row.time}</time>
        <span part="topic">${message.topic}</span>
        <span part="qos">QoS ${message.qos}</span>
        ${message.retained ? html`<span part="retained">Retained</span>` : nothing}
        ${message.restored ? html`<span part="restored" title="Kept from an earlier visit">Restored</span>` : nothing}
        <span part="size">${formatSize(message.payload.length)}</span>
      </div>
      ${
        long && expanded
          ? // The whole payload goes in a piece per task: one long text at once would freeze the page.
            html`<pre
              part="payload"
              id=${id}
              class=${view.kind}
              ${ref(this.#chunkWriter(row, view.text))}
            ></pre>`
          : html`<pre part="payload" id=${id} class=${view.kind}>
${view.kind === 'empty' ? '(empty payload)' : long ? collapsed : view.text}</pre>`
      }
      ${
        long
          ? html`<button
              type="button"
              part="expand"
              aria-expanded=${expanded ? 'true' : 'false'}
              aria-controls=${id}
              @click=${() => this.#toggleExpanded(row.id)}
            >
              ${expanded ? 'Show less' : 'Show all'}
            </button>`
          : nothing
      }
    </li>`;
  }

  #view(row: Row): PayloadView {
    if (row.view === undefined || row.viewFormat !== this.format) {
      // A hex dump of a huge binary payload is only built as far as anyone would read it.
      const maxHexBytes = Math.max(4096, this.#truncateAt());
      row.view = viewPayload(
        row.message.payload,
        validOr(this.format, settingChecks[1][2], 'auto'),
        maxHexBytes,
      );
      row.viewFormat = this.format;
    }
    return row.view;
  }

  #haystack(row: Row): string {
    row.haystack ??= `${row.message.topic}\n${row.message.text}`.toLowerCase();
    return row.haystack;
  }

  #truncateAt(): number {
    return validOr(this.truncate, settingChecks[3][2], defaultTruncate);
  }

  /** One writer per expanded row, so a re-render does not start writing the payload again. */
  readonly #chunkWriters = new Map<number, (element: Element | undefined) => void>();

  #chunkWriter(row: Row, text: string): (element: Element | undefined) => void {
    let writer = this.#chunkWriters.get(row.id);
    if (!writer) {
      let stop: (() => void) | undefined;
      writer = (element) => {
        stop?.();
        stop = element ? writeChunked(element, text) : undefined;
      };
      this.#chunkWriters.set(row.id, writer);
    }
    return writer;
  }

  #toggleExpanded(id: number): void {
    this.#chunkWriters.delete(id);
    if (!this.#expanded.delete(id)) this.#expanded.add(id);
    this.requestUpdate();
  }

  #countText(shown: number, needle: string): string {
    const total = Math.min(this.#rows.length, this.#limit());
    const counted = needle ? `${shown} of ${total}` : `${total} message${total === 1 ? '' : 's'}`;
    // The held count lives here, not in the pause button: a button whose name changes with every
    // message would be re-read to a screen-reader user sitting on it.
    if (!this.paused) return counted;
    return this.#heldCount > 0 ? `${counted} · paused, ${this.#heldCount} new` : `${counted} · paused`;
  }

  #hasSlotted(): boolean {
    return (this.textContent ?? '').trim() !== '' || this.children.length > 0;
  }

  #labelText(): string {
    return this.#hasSlotted() ? (this.textContent ?? '').trim() : this.label.trim();
  }
}

/** The start of a long text, cut at `maxChars` or `collapsedLines` lines; undefined when it is short. */
function collapse(text: string, maxChars: number): string | undefined {
  let end = Math.min(text.length, maxChars);
  let newline = -1;
  for (let line = 0; line < collapsedLines; line++) {
    newline = text.indexOf('\n', newline + 1);
    if (newline < 0 || newline >= end) break;
    if (line === collapsedLines - 1) end = newline;
  }
  return end < text.length ? `${text.slice(0, end)}…` : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-log': MqttLog;
  }
}

// <mqtt-explorer>: the broker's topic tree, live, with the selected topic's messages; a thin view over
// TopicTree and TreeRows (src/explorer/), which hold all the state and are tested without a browser.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { QoS } from '../../core/connection-core.js';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { publishTopicError, topicFilterError } from '../../core/topic.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { SubscriptionController } from '../../controllers/subscription-controller.js';
import { MqttPublishedEvent } from '../../events.js';
import { describeChange, diffJson } from '../../explorer/json-diff.js';
import { formatAge, payloadKind, previewPayload, type PayloadKind } from '../../explorer/payload-preview.js';
import {
  defaultHistorySize,
  defaultMaxTopics,
  TopicTree,
  type TopicNode,
} from '../../explorer/topic-tree.js';
import { TreeRows, type TreeRow } from '../../explorer/tree-rows.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { widgetFrameStyles } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { toolbarButtonStyles } from '../../internal/toolbar-button.styles.js';
import { formatSize, hexDump } from '../mqtt-log/payload-view.js';
import { renderJsonTree } from './json-tree.js';
import { explorerStyles } from './mqtt-explorer.styles.js';

/** Rows drawn above and below the visible ones, so a fast scroll does not show blank space. */
const overscanRows = 8;
/**
 * How often new values are drawn at most (ms). People cannot read faster, and on a busy broker every
 * visible row changes in every frame; scrolling and keys still draw in the next frame.
 */
const liveRefreshMs = 100;
/** How long a row stays highlighted after a message (ms). */
const flashMs = 500;
/** The row height when the custom property cannot be read (px). */
const fallbackRowHeight = 28;
const defaultPayloadLimit = 16_384;
/** Characters (text) or bytes (hex) added per frame while "Show all" reveals a large payload. */
const textChunk = 16_384;
const hexChunk = 4_096;
/** JSON payloads larger than this are shown as text: a tree of them would be one long task. */
const jsonTreeLimit = 65_536;

const numberFormat = new Intl.NumberFormat();
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** How much of one message's payload is on screen, when "Show all" was asked for. */
interface Reveal {
  message: MqttMessage;
  /** Characters of text, or bytes of a hex dump, shown so far. */
  shown: number;
}

/**
 * The broker's topic tree, live: every topic matching `topic` as a tree of levels with the number of
 * topics and messages below each level, and, for each topic, its last payload, the retained flag and
 * its age. Rows flash when a message arrives (not with `prefers-reduced-motion`). Selecting a topic
 * shows its last message (pretty JSON as a collapsible tree, text, or a hex dump for binary), its QoS,
 * retained flag, size and time, the last `history-size` messages with what changed between consecutive
 * JSON payloads, and copy buttons; a numeric topic gets a small `<mqtt-chart>` when the chart script is
 * loaded. The search box filters by a piece of the topic (any case) or by a topic filter with `+`/`#`.
 *
 * With `allow-publish`, a panel publishes a message (the selected topic pre-filled) and a retained
 * topic can be cleared, after a confirmation.
 *
 * Built for busy brokers: only the rows in view are in the DOM, new values are drawn at most ten
 * times a second (scrolling and keys in the next frame) however many messages arrive, and memory is
 * bounded by `max-topics` × `history-size` messages.
 * Payloads are always shown as text, never as markup; one larger than `payload-limit` bytes is cut,
 * with a "Show all" button that adds the rest a piece per frame.
 *
 * The tree follows the WAI-ARIA tree pattern: arrow keys move and open or close levels, Home and End
 * jump, `*` opens every sibling, Enter toggles. An empty payload removes a topic, as it clears a
 * retained message. `$SYS` topics appear only when `topic` asks for them (`$SYS/#`).
 *
 * @summary A live tree of a broker's topics and messages.
 *
 * @tagname mqtt-explorer
 *
 * @fires mqtt-error - The topic filter is invalid or refused, or a publish failed. `detail: {message, code, cause}`.
 * @fires mqtt-published - A message from the publish panel was accepted. `detail: {topic, payload, qos, retain}`.
 *
 * @csspart base - The frame around everything.
 * @csspart toolbar - The row with the label, the search box, the counts and the buttons.
 * @csspart label - The label.
 * @csspart search - The search box.
 * @csspart search-error - Why the search, written as a topic filter, is not valid.
 * @csspart count - The number of topics and messages.
 * @csspart button - Every button.
 * @csspart panes - The tree and the details side by side.
 * @csspart tree - The scrolling tree (`role="tree"`).
 * @csspart row - One level of the tree (`role="treeitem"`); has the `data-flash` attribute while flashing.
 * @csspart toggle - A row's open / closed mark.
 * @csspart name - A row's level name.
 * @csspart counts - A row's topic and message counts.
 * @csspart retained - The mark on a topic whose last message was retained.
 * @csspart preview - A topic's last payload, shortened.
 * @csspart age - How long ago a topic's last message arrived.
 * @csspart empty - The text shown while the tree is empty.
 * @csspart detail - The selected topic's details.
 * @csspart detail-topic - The selected topic.
 * @csspart actions - The copy and clear buttons.
 * @csspart meta - QoS, retained flag, size, time and MQTT 5 properties.
 * @csspart payload - The payload as text or hex dump.
 * @csspart json - The payload as a JSON tree.
 * @csspart chart - The `<mqtt-chart>` of a numeric topic.
 * @csspart history - The topic's last messages.
 * @csspart history-entry - One of them.
 * @csspart diff - What changed in a JSON payload since the message before.
 * @csspart publish - The publish panel.
 * @csspart field - Each text box and select in the publish panel.
 * @csspart confirm - The question before clearing a retained topic.
 * @csspart status - The result of the last publish, copy or clear.
 * @csspart message - Why the explorer is in the `error` or `offline` state.
 *
 * @cssproperty --mqtt-explorer-height - The height of the tree and the details (default `420px`).
 * @cssproperty --mqtt-explorer-row-height - The height of a tree row, in px (default `28px`).
 * @cssproperty --mqtt-explorer-font - The font of payloads (default: the system monospace font).
 * @cssproperty --mqtt-explorer-flash - The background of a row that just got a message.
 * @cssproperty --mqtt-widget-background - The frame's background (default none).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 *
 * @cssstate error - The topic filter is invalid or refused.
 * @cssstate offline - The connection is not connected.
 */
export class MqttExplorer extends MqttElement {
  static override styles = [themeStyles, widgetFrameStyles, toolbarButtonStyles, explorerStyles];

  /** The topic filter to explore; `#` is every topic except `$SYS`, which needs `$SYS/#`. */
  @property() topic = '#';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ type: Number }) qos: QoS = 0;

  /** Messages kept per topic, for the history of the selected topic; bounds memory with `max-topics`. */
  @property({ attribute: 'history-size', type: Number }) historySize = 20;

  /** The most topics held; messages on further topics are counted but not kept. */
  @property({ attribute: 'max-topics', type: Number }) maxTopics = 200_000;

  /** Payloads larger than this many bytes are cut, with a button that shows the rest. */
  @property({ attribute: 'payload-limit', type: Number }) payloadLimit = defaultPayloadLimit;

  /** Shows the publish panel and the button that clears a retained topic. */
  @property({ attribute: 'allow-publish', type: Boolean, reflect: true }) allowPublish = false;

  /** The search: a piece of the topic (any case), or a topic filter with `+` or `#`. */
  @property() search = '';

  /** The explorer's name, shown above it and used as the tree's accessible name. */
  @property() label = '';

  /** The id of the `<mqtt-connection>` to use, when this explorer is not inside it. */
  @property() connection?: string;

  /** Every topic seen, with counts and history. Read it; the explorer writes it. */
  readonly tree = new TopicTree();

  readonly #rows = new TreeRows(this.tree);

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  readonly #subscription = new SubscriptionController(this, {
    connection: this.#connection,
    topic: () => (topicFilterError(this.topic) ? undefined : this.topic),
    qos: () => this.qos,
    onMessage: (message) => this.#receive(message),
    onError: (error) => {
      this.reportError(error);
      this.requestUpdate();
    },
  });

  #active: TopicNode | undefined;
  #scrollTop = 0;
  #viewport = 0;
  #rowHeight = fallbackRowHeight;
  #resize: ResizeObserver | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  #liveRefresh: ReturnType<typeof setTimeout> | undefined;
  #reveal: Reveal | undefined;
  #revealFrame = 0;
  #topicError: MqttElementsError | undefined;
  #warned = new Set<string>();
  /** The outcome of the last copy or clear, shown with the details. */
  #status: { text: string; problem: boolean } | undefined;
  /** The outcome of the last publish from the panel. */
  #publishStatus: { text: string; problem: boolean } | undefined;
  #confirmingClear: TopicNode | undefined;
  #publishTopic = '';
  #publishTopicEdited = false;
  #previews = new WeakMap<MqttMessage, string>();

  /** The selected topic (or level), if any. */
  get selectedTopic(): string | undefined {
    return this.#active?.topic;
  }

  /** Selects `topic`, opening the levels above it and scrolling it into view. */
  select(topic: string): void {
    const node = this.tree.find(topic);
    if (!node) return;
    this.#rows.reveal(node);
    this.#activate(node);
  }

  /** Opens `topic` (default: every level) and everything below it. */
  expandAll(topic?: string): void {
    const node = topic === undefined ? this.tree.root : this.tree.find(topic);
    if (!node) return;
    this.#rows.reveal(node);
    this.#rows.expandAll(node);
    this.requestUpdate();
  }

  /** Closes every level. */
  collapseAll(): void {
    const stack = [...this.tree.root.children()];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!node.expanded) continue;
      this.#rows.setExpanded(node, false);
      stack.push(...node.children());
    }
    this.requestUpdate();
  }

  /** Forgets every topic seen so far. */
  clear(): void {
    this.tree.clear();
    this.#active = undefined;
    this.#reveal = undefined;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Ages move on even when no message arrives.
    this.#ticker = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
    clearTimeout(this.#flashTimer);
    clearTimeout(this.#liveRefresh);
    this.#liveRefresh = undefined;
    cancelAnimationFrame(this.#revealFrame);
    this.#resize?.disconnect();
    this.#resize = undefined;
  }

  #receive(message: MqttMessage): void {
    // Only the model changes here. Drawing waits: new values are drawn at most every `liveRefreshMs`
    // (in the next frame after it), once for any number of messages.
    this.tree.add(message);
    this.#liveRefresh ??= setTimeout(() => {
      this.#liveRefresh = undefined;
      this.requestUpdate();
    }, liveRefreshMs);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('topic')) this.#checkTopic();
    if (changed.has('historySize'))
      this.tree.historySize = this.#whole('history-size', this.historySize, defaultHistorySize);
    if (changed.has('maxTopics'))
      this.tree.maxTopics = this.#whole('max-topics', this.maxTopics, defaultMaxTopics);
    if (changed.has('search')) {
      this.#rows.setSearch(this.search);
      this.#scrollTop = 0;
      const tree = this.#treeElement();
      if (tree) tree.scrollTop = 0;
    }
    // A topic removed (cleared) is no longer selectable.
    if (this.#active && this.tree.find(this.#active.topic) !== this.#active) this.#active = undefined;
  }

  protected override firstUpdated(): void {
    const tree = this.#treeElement()!;
    const height = parseFloat(getComputedStyle(tree).getPropertyValue('--_row-height'));
    if (height > 0) this.#rowHeight = height;
    this.#viewport = tree.clientHeight;
    this.#resize = new ResizeObserver(() => {
      this.#viewport = tree.clientHeight;
      this.requestUpdate();
    });
    this.#resize.observe(tree);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.#topicError ?? this.#subscription.error;
    this.toggleState('error', error !== undefined);
    this.toggleState('offline', !this.#connection.connected);
  }

  #checkTopic(): void {
    const problem = topicFilterError(this.topic);
    this.#topicError = problem ? new MqttElementsError('topic', problem) : undefined;
    // A markup mistake: the base class also writes it to the console, once.
    if (this.#topicError) this.reportError(this.#topicError);
  }

  /** A whole number of at least 1 from an attribute, or the default with a warning. */
  #whole(attribute: string, value: number, fallback: number): number {
    if (Number.isFinite(value) && value >= 1) return Math.floor(value);
    this.#warnOnce(
      `${attribute}:${value}`,
      `<mqtt-explorer ${attribute}="${this.getAttribute(attribute)}">: not a whole number of at least 1; ` +
        `using ${fallback}.`,
    );
    return fallback;
  }

  #warnOnce(key: string, text: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    console.warn(text);
  }

  // ---- drawing ----

  protected override render() {
    const rows = this.#rows.rows();
    const error = this.#topicError ?? this.#subscription.error;
    const message = error ? error.message : this.#connection.connected ? '' : 'Not connected';
    const search = this.#rows.search;
    return html`<div part="base">
      <div part="toolbar">
        ${this.label ? html`<span part="label">${this.label}</span>` : nothing}
        <input
          part="search"
          type="search"
          placeholder="Search topics, or a filter such as home/+/temp"
          aria-label="Search topics by name or topic filter"
          .value=${live(this.search)}
          @input=${(event: Event) => (this.search = (event.target as HTMLInputElement).value)}
        />
        <span part="count" aria-live="off">${this.#countText(rows.length)}</span>
        <button type="button" part="button" @click=${() => this.collapseAll()}>Collapse all</button>
        ${search.error ? html`<span part="search-error" role="status">${search.error}</span>` : nothing}
      </div>
      <div part="panes">
        ${this.#renderTree(rows)}
        <div part="detail" aria-label="Selected topic" role="region">${this.#renderDetail()}</div>
      </div>
      ${this.allowPublish ? this.#renderPublish() : nothing}
      <div part="message" role="status" title=${message || nothing}>${message}</div>
    </div>`;
  }

  #countText(visible: number): string {
    const topics = plural(this.tree.topicCount, 'topic');
    const messages = plural(this.tree.messageCount, 'message');
    const dropped = this.tree.droppedMessages
      ? ` · ${numberFormat.format(this.tree.droppedMessages)} not kept (max-topics)`
      : '';
    const matched = this.#rows.search.kind === 'all' ? '' : ` · ${numberFormat.format(visible)} rows match`;
    return `${topics} · ${messages}${matched}${dropped}`;
  }

  #renderTree(rows: readonly TreeRow[]): TemplateResult {
    const height = this.#rowHeight;
    const first = Math.max(0, Math.floor(this.#scrollTop / height) - overscanRows);
    const last = Math.min(rows.length, Math.ceil((this.#scrollTop + this.#viewport) / height) + overscanRows);
    const now = performance.now();
    const visible = rows.slice(first, last);
    let flashing = false;
    for (const row of visible) flashing ||= now - row.node.changedAt < flashMs;
    // Keyed by node: while scrolling, rows that stay in view keep their DOM untouched, and only those
    // coming into view are drawn.
    const drawn = repeat(
      visible,
      (row) => row.node.id,
      (row, offset) => this.#renderRow(row, (first + offset) * height, now - row.node.changedAt < flashMs),
    );
    if (flashing) this.#clearFlashLater();
    const active = this.#active && this.#rows.indexOf(this.#active) >= 0 ? this.#active : undefined;
    const empty =
      rows.length === 0
        ? html`<div part="empty">
            ${
              this.#rows.search.kind !== 'all' && this.tree.topicCount > 0
                ? 'No topic matches the search'
                : `Waiting for messages on ${this.topic}…`
            }
          </div>`
        : nothing;
    return html`<div
      part="tree"
      role="tree"
      tabindex="0"
      aria-label=${this.label || 'Topics'}
      aria-activedescendant=${active ? `node-${active.id}` : nothing}
      @scroll=${this.#onScroll}
      @keydown=${this.#onKeyDown}
      @click=${this.#onClick}
      @focus=${this.#onFocus}
    >
      <div class="sizer" aria-hidden="true" style=${`block-size: ${rows.length * height}px`}></div>
      ${drawn}${empty}
    </div>`;
  }

  #renderRow(row: TreeRow, top: number, flash: boolean): TemplateResult {
    const node = row.node;
    const expanded = this.#rows.isExpanded(node);
    const last = node.last;
    const selected = node === this.#active;
    return html`<div
      part="row"
      role="treeitem"
      id=${`node-${node.id}`}
      class=${selected ? 'active' : ''}
      aria-level=${row.level}
      aria-posinset=${row.position}
      aria-setsize=${row.siblings}
      aria-expanded=${node.hasChildren ? String(expanded) : nothing}
      aria-selected=${selected ? 'true' : 'false'}
      ?data-flash=${flash}
      data-topic=${node.topic}
      style=${`transform: translateY(${top}px); padding-inline-start: ${(row.level - 1) * 1.1}em`}
    >
      <span part="toggle" aria-hidden="true">${node.hasChildren ? (expanded ? '▾' : '▸') : ''}</span>
      <span part="name" class=${node.name === '' ? 'empty' : ''}
        >${node.name === '' ? '(empty)' : node.name}</span
      >
      <span part="counts">${this.#rowCounts(node)}</span>
      ${last?.retained ? html`<span part="retained" title="Retained">R</span>` : nothing}
      ${last ? html`<span part="preview">${this.#preview(last)}</span>` : nothing}
      ${last ? html`<span part="age">${formatAge(Date.now() - last.receivedAt)}</span>` : nothing}
    </div>`;
  }

  #rowCounts(node: TopicNode): string {
    if (!node.hasChildren)
      return node.messageCount === 1 ? '' : `(${numberFormat.format(node.messageCount)})`;
    return `(${plural(node.topicCount, 'topic')}, ${plural(node.messageCount, 'message')})`;
  }

  #preview(message: MqttMessage): string {
    let text = this.#previews.get(message);
    if (text === undefined) {
      text = previewPayload(message.payload);
      this.#previews.set(message, text);
    }
    return text;
  }

  /** One more render once the last flash has faded, since no message may come to cause it. */
  #clearFlashLater(): void {
    if (this.#flashTimer !== undefined) return;
    this.#flashTimer = setTimeout(() => {
      this.#flashTimer = undefined;
      this.requestUpdate();
    }, flashMs);
  }

  #renderDetail(): TemplateResult {
    const node = this.#active;
    if (!node) {
      return html`<p part="empty">Select a topic to see its messages.</p>`;
    }
    const message = node.last;
    const header = html`<div part="detail-topic">${node.topic}</div>`;
    if (!message) {
      return html`${header}
        <p>
          ${numberFormat.format(node.topicCount)} topics and ${numberFormat.format(node.messageCount)}
          messages below this level.
        </p>
        <div part="actions">
          <button type="button" part="button" @click=${() => this.#copy(node.topic, 'Topic')}>
            Copy topic
          </button>
          <button type="button" part="button" @click=${() => this.expandAll(node.topic)}>
            Expand all below
          </button>
        </div>
        ${this.#renderStatus()}`;
    }
    const history = node.history!.toArray();
    return html`${header}
      <div part="actions">
        <button type="button" part="button" @click=${() => this.#copy(node.topic, 'Topic')}>
          Copy topic
        </button>
        <button type="button" part="button" @click=${() => this.#copy(message.text, 'Payload')}>
          Copy payload
        </button>
        ${
          node.hasChildren
            ? html`<button type="button" part="button" @click=${() => this.expandAll(node.topic)}>
                Expand all below
              </button>`
            : nothing
        }
        ${
          this.allowPublish && message.retained
            ? html`<button type="button" part="button" @click=${() => this.#askClear(node)}>
                Clear retained
              </button>`
            : nothing
        }
      </div>
      ${this.#confirmingClear === node ? this.#renderConfirm(node) : nothing} ${this.#renderStatus()}
      ${this.#renderMeta(message, node)}
      ${guard([message, this.#reveal?.message === message ? this.#reveal.shown : 0, this.payloadLimit], () =>
        this.#renderPayload(message),
      )}
      ${this.#renderChart(node, message)}
      <h3>Last ${history.length === 1 ? 'message' : `${history.length} messages`}</h3>
      ${guard([message, history.length], () => this.#renderHistory(history))}`;
  }

  #renderMeta(message: MqttMessage, node: TopicNode): TemplateResult {
    const properties = message.properties ?? {};
    const entries = Object.entries(properties).filter(([, value]) => value !== undefined);
    return html`<dl part="meta">
      <dt>QoS</dt>
      <dd>${message.qos}</dd>
      <dt>Retained</dt>
      <dd>${message.retained ? 'yes' : 'no'}</dd>
      <dt>Size</dt>
      <dd>${formatSize(message.payload.length)}</dd>
      <dt>Received</dt>
      <dd>${timeFormat.format(message.receivedAt)} (${formatAge(Date.now() - message.receivedAt)} ago)</dd>
      <dt>Messages</dt>
      <dd>${numberFormat.format(node.messageCount)}</dd>
      ${entries.map(
        ([name, value]) =>
          html`<dt>${propertyNames[name] ?? name}</dt>
            <dd>${value instanceof Uint8Array ? previewPayload(value) : String(value)}</dd>`,
      )}
    </dl>`;
  }

  #renderPayload(message: MqttMessage): TemplateResult {
    const size = message.payload.length;
    const big = size > this.payloadLimit;
    const kind: PayloadKind = big ? payloadKind(message.payload) : payloadKind(message.payload, message.text);
    if (kind === 'empty') return html`<pre part="payload">(empty payload)</pre>`;
    if (kind === 'json' && !big && size <= jsonTreeLimit) return renderJsonTree(message.json);
    const revealed = this.#reveal?.message === message ? this.#reveal.shown : 0;
    const binary = kind === 'binary';
    const total = binary ? size : message.text.length;
    const limit = binary ? Math.min(this.payloadLimit, hexChunk) : this.payloadLimit;
    const shown = Math.min(total, Math.max(limit, revealed));
    const chunks = binary ? hexChunks(message.payload, shown) : textChunks(message.text, shown);
    const cut = shown < total;
    return html`<pre part="payload" tabindex="0" aria-label=${binary ? 'Payload, hex dump' : 'Payload'}>
${chunks}</pre>
      ${
        cut
          ? html`<div part="actions">
              <span part="status"
                >Showing ${binary ? formatSize(shown) : `${numberFormat.format(shown)} characters`} of
                ${formatSize(size)}.</span
              >
              <button
                type="button"
                part="button show-all"
                ?disabled=${revealed > 0}
                @click=${() => this.#showAll(message, binary ? size : total, binary ? hexChunk : textChunk, shown)}
              >
                ${revealed > 0 ? 'Showing…' : `Show all (${formatSize(size)})`}
              </button>
            </div>`
          : nothing
      }`;
  }

  /** Reveals the rest of a large payload a piece per frame, so no frame is one long task. */
  #showAll(message: MqttMessage, total: number, chunk: number, from: number): void {
    this.#reveal = { message, shown: from };
    const step = () => {
      if (this.#reveal?.message !== message) return;
      this.#reveal.shown = Math.min(total, this.#reveal.shown + chunk);
      this.requestUpdate();
      if (this.#reveal.shown < total) this.#revealFrame = requestAnimationFrame(step);
    };
    this.#revealFrame = requestAnimationFrame(step);
  }

  #renderChart(node: TopicNode, message: MqttMessage): TemplateResult | typeof nothing {
    // Only when the page loaded the chart entry: the explorer does not pull uPlot in by itself.
    if (!customElements.get('mqtt-chart') || message.payload.length > 64) return nothing;
    if (!Number.isFinite(Number(message.text.trim())) || message.text.trim() === '') return nothing;
    return html`<mqtt-chart
      part="chart"
      topic=${node.topic}
      points="120"
      label=${`${node.name} over time`}
      connection=${this.connection ?? nothing}
    ></mqtt-chart>`;
  }

  #renderHistory(history: MqttMessage[]): TemplateResult {
    const entries: TemplateResult[] = [];
    for (let i = history.length - 1; i >= 0; i--) {
      const message = history[i];
      const before = history[i - 1];
      const changes =
        before && message.payload.length <= jsonTreeLimit && before.payload.length <= jsonTreeLimit
          ? jsonChanges(before, message)
          : undefined;
      entries.push(
        html`<li part="history-entry">
          <span>${timeFormat.format(message.receivedAt)}</span> ·
          <span>QoS ${message.qos}</span> ${message.retained ? html` · <span>retained</span>` : nothing} ·
          <span>${formatSize(message.payload.length)}</span>
          <div part="history-payload">${this.#preview(message)}</div>
          ${
            changes && changes.length > 0
              ? html`<pre part="diff" aria-label="Changes from the message before">
${changes.join('\n')}</pre>`
              : nothing
          }
        </li>`,
      );
    }
    return html`<ol part="history">
      ${entries}
    </ol>`;
  }

  #renderStatus(status = this.#status): TemplateResult | typeof nothing {
    if (!status) return nothing;
    return html`<div part="status" class=${status.problem ? 'problem' : ''} role="status">
      ${status.text}
    </div>`;
  }

  #renderConfirm(node: TopicNode): TemplateResult {
    return html`<div part="confirm" role="alertdialog" aria-label="Clear the retained message">
      <span>Clear the retained message on ${node.topic}? Every client will stop receiving it.</span>
      <button type="button" part="button confirm-clear" @click=${() => this.#clearRetained(node)}>
        Clear
      </button>
      <button type="button" part="button" @click=${() => this.#cancelClear()}>Cancel</button>
    </div>`;
  }

  #renderPublish(): TemplateResult {
    const topic = this.#publishTopicEdited ? this.#publishTopic : (this.#active?.topic ?? this.#publishTopic);
    return html`<form part="publish" @submit=${this.#onPublish} aria-label="Publish a message">
      <label for="publish-topic">Topic</label>
      <input
        id="publish-topic"
        name="topic"
        part="field"
        .value=${live(topic)}
        @input=${(event: Event) => {
          this.#publishTopic = (event.target as HTMLInputElement).value;
          this.#publishTopicEdited = true;
        }}
      />
      <label for="publish-payload">Payload</label>
      <textarea id="publish-payload" name="payload" part="field"></textarea>
      <span></span>
      <div class="options">
        <label
          >QoS
          <select name="qos" part="field">
            <option value="0">0</option>
            <option value="1">1</option>
            <option value="2">2</option>
          </select></label
        >
        <label><input type="checkbox" name="retain" /> Retain</label>
        <button type="submit" part="button publish-button">Publish</button>
      </div>
      <span></span>
      ${this.#renderStatus(this.#publishStatus)}
    </form>`;
  }

  // ---- interaction ----

  #treeElement(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="tree"]');
  }

  readonly #onScroll = (event: Event): void => {
    this.#scrollTop = (event.currentTarget as HTMLElement).scrollTop;
    this.requestUpdate();
  };

  readonly #onFocus = (): void => {
    if (this.#active && this.#rows.indexOf(this.#active) >= 0) return;
    const first = this.#rows.rows()[0];
    if (first) this.#activate(first.node);
  };

  readonly #onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
    const node = row ? this.tree.find(row.dataset.topic!) : undefined;
    if (!node) return;
    const onToggle = (event.target as Element).closest('[part~="toggle"]');
    if (onToggle || node === this.#active) this.#rows.setExpanded(node, !this.#rows.isExpanded(node));
    this.#activate(node);
  };

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    const rows = this.#rows.rows();
    if (rows.length === 0) return;
    const index = this.#active ? this.#rows.indexOf(this.#active) : -1;
    const node = index >= 0 ? rows[index].node : undefined;
    const page = Math.max(1, Math.floor(this.#viewport / this.#rowHeight) - 1);
    const go = (to: number) => this.#activate(rows[Math.max(0, Math.min(rows.length - 1, to))].node);
    switch (event.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index < 0 ? 0 : index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'PageDown':
        go(index + page);
        break;
      case 'PageUp':
        go(index - page);
        break;
      case 'ArrowRight':
        if (!node) go(0);
        else if (node.hasChildren && !this.#rows.isExpanded(node)) this.#rows.setExpanded(node, true);
        else if (node.hasChildren) go(index + 1);
        break;
      case 'ArrowLeft':
        if (!node) go(0);
        else if (this.#rows.isExpanded(node)) this.#rows.setExpanded(node, false);
        else if (node.parent && node.parent !== this.tree.root) this.#activate(node.parent);
        break;
      case 'Enter':
      case ' ':
        if (node) this.#rows.setExpanded(node, !this.#rows.isExpanded(node));
        break;
      case '*':
        if (node) this.#rows.expandSiblings(node);
        break;
      default:
        return;
    }
    event.preventDefault();
    this.requestUpdate();
  };

  /** Makes `node` the focused and selected row, scrolled into view. */
  #activate(node: TopicNode): void {
    if (this.#active !== node) {
      this.#confirmingClear = undefined;
      this.#status = undefined;
      this.#reveal = undefined;
      this.#publishTopicEdited = false;
    }
    this.#active = node;
    const index = this.#rows.indexOf(node);
    const tree = this.#treeElement();
    if (index >= 0 && tree) {
      const top = index * this.#rowHeight;
      if (top < tree.scrollTop) tree.scrollTop = top;
      else if (top + this.#rowHeight > tree.scrollTop + tree.clientHeight)
        tree.scrollTop = top + this.#rowHeight - tree.clientHeight;
      this.#scrollTop = tree.scrollTop;
    }
    this.requestUpdate();
  }

  async #copy(text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.#status = { text: `${what} copied.`, problem: false };
    } catch (err) {
      this.#status = {
        text: `${what} not copied: the browser refused access to the clipboard (${(err as Error).message}).`,
        problem: true,
      };
    }
    this.requestUpdate();
  }

  #askClear(node: TopicNode): void {
    this.#confirmingClear = node;
    this.requestUpdate();
  }

  #cancelClear(): void {
    this.#confirmingClear = undefined;
    this.requestUpdate();
  }

  async #clearRetained(node: TopicNode): Promise<void> {
    this.#confirmingClear = undefined;
    this.#status = await this.#publish(node.topic, '', 0, true, `Retained message on ${node.topic} cleared.`);
    this.requestUpdate();
  }

  readonly #onPublish = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const topic = String(data.get('topic') ?? '');
    const payload = String(data.get('payload') ?? '');
    const qos = Number(data.get('qos') ?? 0) as QoS;
    const retain = data.get('retain') !== null;
    void this.#publish(topic, payload, qos, retain, `Published to ${topic}.`).then((status) => {
      this.#publishStatus = status;
      this.requestUpdate();
    });
  };

  /** Publishes and says how it went; a failure is also an `mqtt-error` event. */
  async #publish(
    topic: string,
    payload: string,
    qos: QoS,
    retain: boolean,
    done: string,
  ): Promise<{ text: string; problem: boolean }> {
    const core = this.#connection.core;
    const problem = topic === '' ? 'Enter a topic to publish to.' : publishTopicError(topic);
    try {
      if (problem) throw new MqttElementsError('topic', problem);
      if (!core) {
        throw new MqttElementsError(
          'no-connection',
          'Not published: this explorer has no connection. Put it inside an <mqtt-connection>, or name one with connection="…".',
        );
      }
      await core.publish(topic, payload, { qos, retain });
      this.dispatchEvent(new MqttPublishedEvent({ topic, payload, qos, retain }));
      return { text: done, problem: false };
    } catch (err) {
      const error =
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('publish', String(err), { cause: err });
      this.reportError(error);
      return { text: error.message, problem: true };
    }
  }
}

/** `1 topic`, `2,345 topics`. */
function plural(count: number, noun: string): string {
  return `${numberFormat.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Text in pieces, each its own block: a piece added later leaves the earlier ones untouched, and lays
 * out alone. A piece ends after a line break near its end when there is one, so lines stay whole.
 */
function textChunks(text: string, shown: number): TemplateResult[] {
  const chunks: TemplateResult[] = [];
  for (let at = 0; at < shown;) {
    let end = Math.min(shown, at + textChunk);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf('\n', end - 1);
      if (lineEnd > at + textChunk / 2) end = lineEnd + 1;
    }
    chunks.push(html`<div class="chunk">${text.slice(at, end)}</div>`);
    at = end;
  }
  if (shown < text.length) chunks.push(html`<div class="chunk">…</div>`);
  return chunks;
}

function hexChunks(bytes: Uint8Array, shown: number): TemplateResult[] {
  const chunks: TemplateResult[] = [];
  const end = bytes.subarray(0, shown);
  for (let at = 0; at < shown; at += hexChunk) {
    chunks.push(html`<div class="chunk">${hexDump(end, hexChunk, at)}</div>`);
  }
  if (shown < bytes.length) {
    chunks.push(html`<div class="chunk">… ${numberFormat.format(bytes.length - shown)} more bytes</div>`);
  }
  return chunks;
}

/** The JSON changes between two messages as lines, or undefined when either is not JSON. */
function jsonChanges(before: MqttMessage, after: MqttMessage): string[] | undefined {
  const a = before.json;
  const b = after.json;
  if (a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return undefined;
  return diffJson(a, b).map(describeChange);
}

/** The MQTT 5 properties a message may carry, as the details name them. */
const propertyNames: Record<string, string> = {
  responseTopic: 'Response topic',
  correlationData: 'Correlation data',
};

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-explorer': MqttExplorer;
  }
}

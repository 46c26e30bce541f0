// <mqtt-explorer>: the broker's topic tree, live, with the selected topic's messages. A thin element
// over the model in src/explorer/ (TopicTree, TreeRows) and the parts of its view, each in its own file
// here: the virtual tree, its keyboard controller, the details panel and the publish panel.
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { numberAttribute, qosRule, validOr, type SettingRule } from '../../core/attribute-values.js';
import type { QoS } from '../../core/connection-core.js';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { publishTopicError, topicFilterError } from '../../core/topic.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { SubscriptionController } from '../../controllers/subscription-controller.js';
import { MqttPublishedEvent } from '../../events.js';
import {
  defaultHistorySize,
  defaultMaxTopics,
  TopicTree,
  type TopicNode,
} from '../../explorer/topic-tree.js';
import { TreeRows, type TreeRow } from '../../explorer/tree-rows.js';
import { chunkStyles } from '../../internal/chunked-text.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { widgetFrameStyles } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { toolbarButtonStyles } from '../../internal/toolbar-button.styles.js';
import { DetailsPanel, type ActionStatus } from './details-panel.js';
import { detailsStyles } from './details.styles.js';
import { explorerStyles } from './mqtt-explorer.styles.js';
import { PublishPanel } from './publish-panel.js';
import { publishStyles } from './publish.styles.js';
import { TreeKeyboardController } from './tree-keyboard-controller.js';
import { plural, TreeView } from './tree-view.js';
import { treeStyles } from './tree.styles.js';

/**
 * How often new values are drawn at most (ms). People cannot read faster, and on a busy broker every
 * visible row changes in every frame; scrolling and keys still draw in the next frame.
 */
const liveRefreshMs = 100;
const defaultPayloadLimit = 16_384;

const numberFormat = new Intl.NumberFormat();

const wholeRule: SettingRule = { kind: 'number', integer: true, min: 1 };
/** The numeric attributes and what each may be; a value outside its rule is reported and the default used. */
const settingChecks: readonly (readonly [property: string, attribute: string, rule: SettingRule])[] = [
  ['qos', 'qos', qosRule],
  ['historySize', 'history-size', wholeRule],
  ['maxTopics', 'max-topics', wholeRule],
  ['payloadLimit', 'payload-limit', wholeRule],
];

/**
 * The broker's topic tree, live: every topic matching `topic` as a tree of levels with the number of
 * topics and messages below each level, and, for each topic, its last payload, the retained flag and
 * its age. Rows flash when a message arrives (not with `prefers-reduced-motion`). Selecting a topic
 * shows its last message (pretty JSON as a collapsible tree, text, or a hex dump for binary), its QoS,
 * retained flag, size and time, its MQTT 5 properties (content type, payload format, expiry, response
 * topic, correlation data and user properties) when it has any, the last `history-size` messages with what changed between consecutive
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
 * with a "Show all" button that writes the rest a piece per task, so the page never freezes. A JSON
 * payload over 64 kB is shown as raw text rather than as a tree.
 *
 * The tree follows the WAI-ARIA tree pattern: arrow keys move and open or close levels, Home and End
 * jump, `*` opens every sibling, Enter toggles, and typing a name's first letters moves to the next
 * visible level that starts with them (type-ahead). An empty payload removes a topic, as it clears a
 * retained message. `$SYS` topics appear only when `topic` asks for them (`$SYS/#`).
 *
 * @summary A live tree of a broker's topics and messages.
 *
 * @tagname mqtt-explorer
 *
 * @fires mqtt-error - The topic filter is invalid or refused, a numeric attribute is not allowed (the default is used), or a publish failed. `detail: {message, code, cause}`.
 * @fires mqtt-published - A message from the publish panel was accepted. `detail: {topic, payload, qos, retain}`.
 *
 * @csspart base - The frame around everything.
 * @csspart toolbar - The row with the label, the search box, the counts and the buttons.
 * @csspart label - The label.
 * @csspart search - The search box.
 * @csspart search-error - Why the search, written as a topic filter, is not valid.
 * @csspart count - The number of topics and messages.
 * @csspart button - Every button.
 * @csspart expand-button - "Collapse all" while any level is open, "Expand all" when none is (disabled
 *   while no level has anything below it).
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
 * @csspart meta - QoS, retained flag, size, time and MQTT 5 properties (a user property's name has the class `user-property`).
 * @csspart payload - The payload as text or hex dump.
 * @csspart json - The payload as a JSON tree.
 * @csspart note - Why a JSON payload is shown as raw text.
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
 * @cssstate error - The topic filter is invalid or refused, or a numeric attribute is not allowed.
 * @cssstate offline - The connection is not connected.
 */
export class MqttExplorer extends MqttElement {
  static override styles = [
    themeStyles,
    widgetFrameStyles,
    toolbarButtonStyles,
    explorerStyles,
    treeStyles,
    detailsStyles,
    publishStyles,
    chunkStyles,
  ];

  /** The topic filter to explore; `#` is every topic except `$SYS`, which needs `$SYS/#`. */
  @property() topic = '#';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /** Messages kept per topic, for the history of the selected topic; bounds memory with `max-topics`. */
  @property({ attribute: 'history-size', converter: numberAttribute(defaultHistorySize) })
  historySize = 20;

  /** The most topics held; messages on further topics are counted but not kept. */
  @property({ attribute: 'max-topics', converter: numberAttribute(defaultMaxTopics) })
  maxTopics = 200_000;

  /** Payloads larger than this many bytes are cut, with a button that shows the rest. */
  @property({ attribute: 'payload-limit', converter: numberAttribute(defaultPayloadLimit) })
  payloadLimit = 16_384;

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
    qos: () => validOr(this.qos, qosRule, 0),
    onMessage: (message) => this.#receive(message),
    onError: (error) => {
      this.reportError(error);
      this.requestUpdate();
    },
  });

  readonly #treeView = new TreeView(this, {
    rows: this.#rows,
    active: () => this.#active,
    activate: (node) => this.#activate(node),
    onKeyDown: (event) => this.#keyboard.onKeyDown(event),
  });

  readonly #keyboard = new TreeKeyboardController(this, {
    rows: this.#rows,
    active: () => this.#active,
    activate: (node) => this.#activate(node),
    pageSize: () => this.#treeView.pageSize,
  });

  readonly #details = new DetailsPanel(this, {
    expandAll: (topic) => this.expandAll(topic),
    clearRetained: (topic) => this.#publish(topic, '', 0, true, `Retained message on ${topic} cleared.`),
    preview: (message) => this.#treeView.preview(message),
  });

  readonly #publishPanel = new PublishPanel(this, (topic, payload, qos, retain) =>
    this.#publish(topic, payload, qos, retain, `Published to ${topic}.`),
  );

  #active: TopicNode | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #liveRefresh: ReturnType<typeof setTimeout> | undefined;
  #topicError: MqttElementsError | undefined;
  #settingsError: MqttElementsError | undefined;

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
    this.#details.reset();
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
    clearTimeout(this.#liveRefresh);
    this.#liveRefresh = undefined;
    this.#details.reset();
    this.#treeView.detach();
  }

  #receive(message: MqttMessage): void {
    // Only the model changes here, with no allocation once a topic is known. Drawing waits: new values
    // are drawn at most every `liveRefreshMs` (in the next frame after it), once for any number of messages.
    this.tree.add(message);
    this.#liveRefresh ??= setTimeout(this.#refresh, liveRefreshMs);
  }

  readonly #refresh = (): void => {
    this.#liveRefresh = undefined;
    this.requestUpdate();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('topic')) this.#checkTopic();
    if (
      changed.has('qos') ||
      changed.has('historySize') ||
      changed.has('maxTopics') ||
      changed.has('payloadLimit')
    )
      this.#checkSettings();
    if (changed.has('search')) {
      this.#rows.setSearch(this.search);
      this.#treeView.scrollToTop();
    }
    // A topic removed (cleared) is no longer selectable.
    if (this.#active && this.tree.find(this.#active.topic) !== this.#active) this.#active = undefined;
  }

  protected override firstUpdated(): void {
    this.#treeView.attach(this.renderRoot.querySelector<HTMLElement>('[part~="tree"]')!);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#treeView.afterRender();
    this.toggleState('error', this.#error() !== undefined);
    this.toggleState('offline', !this.#connection.connected);
  }

  #error(): MqttElementsError | undefined {
    return this.#topicError ?? this.#settingsError ?? this.#subscription.error;
  }

  #checkTopic(): void {
    const problem = topicFilterError(this.topic);
    this.#topicError = problem ? new MqttElementsError('topic', problem) : undefined;
    // A markup mistake: the base class also writes it to the console, once.
    if (this.#topicError) this.reportError(this.#topicError);
  }

  /** Bad numbers: said on the element, as mqtt-error and once in the console; the defaults are used. */
  #checkSettings(): void {
    this.#settingsError = this.checkSettings(settingChecks);
    this.tree.historySize = validOr(this.historySize, wholeRule, defaultHistorySize);
    this.tree.maxTopics = validOr(this.maxTopics, wholeRule, defaultMaxTopics);
  }

  // ---- drawing ----

  protected override render() {
    const rows = this.#rows.rows();
    const error = this.#error();
    const message = error ? error.message : this.#connection.connected ? '' : 'Not connected';
    const search = this.#rows.search;
    const empty =
      search.kind !== 'all' && this.tree.topicCount > 0
        ? 'No topic matches the search'
        : `Waiting for messages on ${this.topic}…`;
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
        ${this.#expansionButton(rows)}
        ${search.error ? html`<span part="search-error" role="status">${search.error}</span>` : nothing}
      </div>
      <div part="panes">
        ${this.#treeView.render(rows, { label: this.label || 'Topics', empty })}
        <div part="detail" aria-label="Selected topic" role="region">
          ${this.#details.render(this.#active, {
            allowPublish: this.allowPublish,
            payloadLimit: validOr(this.payloadLimit, wholeRule, defaultPayloadLimit),
            connection: this.connection,
          })}
        </div>
      </div>
      ${this.allowPublish ? this.#publishPanel.render(this.#active?.topic) : nothing}
      <div part="message" role="status" title=${message || nothing}>${message}</div>
    </div>`;
  }

  /**
   * One button for the whole tree: "Collapse all" while any level is open, else "Expand all";
   * disabled while no level has anything below it. Both scans stop at the first open level or the
   * first with children, and with every level closed only first levels are visible: they stay short.
   */
  #expansionButton(rows: readonly TreeRow[]) {
    const open = rows.some((row) => this.#rows.isExpanded(row.node));
    return html`<button
      type="button"
      part="button expand-button"
      ?disabled=${!open && !rows.some((row) => row.node.hasChildren)}
      @click=${() => (open ? this.collapseAll() : this.expandAll())}
    >
      ${open ? 'Collapse' : 'Expand'} all
    </button>`;
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

  // ---- interaction ----

  /** Makes `node` the focused and selected row, scrolled into view. */
  #activate(node: TopicNode): void {
    if (this.#active !== node) {
      this.#details.reset();
      this.#publishPanel.selectionChanged();
    }
    this.#active = node;
    this.#treeView.scrollTo(node);
    this.requestUpdate();
  }

  /** Publishes and says how it went; a failure is also an `mqtt-error` event. */
  async #publish(
    topic: string,
    payload: string,
    qos: QoS,
    retain: boolean,
    done: string,
  ): Promise<ActionStatus> {
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

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-explorer': MqttExplorer;
  }
}

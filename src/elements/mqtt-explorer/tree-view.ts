// The explorer's tree as a virtual list: a sizer as tall as every visible row, and only the rows near
// the view in the DOM, each placed with a transform. Scrolling renders nothing while the rows drawn
// still cover the view (see RowWindow); a render then adds a batch of rows, and rows that stay keep
// their DOM untouched.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { MqttMessage } from '../../core/message.js';
import { formatAge, previewPayload } from '../../explorer/payload-preview.js';
import { RowWindow } from '../../explorer/row-window.js';
import type { TopicNode } from '../../explorer/topic-tree.js';
import type { TreeRow, TreeRows } from '../../explorer/tree-rows.js';

/** How long a row stays highlighted after a message (ms). */
export const flashMs = 500;
/** The row height when the custom property cannot be read (px). */
const fallbackRowHeight = 28;

const numberFormat = new Intl.NumberFormat();

export interface TreeViewOptions {
  rows: TreeRows;
  /** The focused and selected node, if any. */
  active: () => TopicNode | undefined;
  /** Focuses and selects `node`. */
  activate: (node: TopicNode) => void;
  onKeyDown: (event: KeyboardEvent) => void;
}

/** What the tree says around its rows. */
export interface TreeViewText {
  /** The tree's accessible name. */
  label: string;
  /** The text shown while the tree is empty. */
  empty: string;
}

export class TreeView {
  readonly #host: ReactiveControllerHost;
  readonly #options: TreeViewOptions;
  readonly #window = new RowWindow();
  #element: HTMLElement | undefined;
  #scrollTop = 0;
  #viewport = 0;
  #rowHeight = fallbackRowHeight;
  #resize: ResizeObserver | undefined;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** A row to bring into view in the next render, and whether a render moved the view. */
  #scrollTarget: TopicNode | undefined;
  #scrollPending = false;
  /** Each message's one-line preview, made once however often its row is drawn. */
  #previews = new WeakMap<MqttMessage, string>();

  constructor(host: ReactiveControllerHost, options: TreeViewOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Rows in one view, for Page Up and Page Down. */
  get pageSize(): number {
    return Math.max(1, Math.floor(this.#viewport / this.#rowHeight) - 1);
  }

  /** Measures the tree once it is in the DOM, and follows its size. */
  attach(element: HTMLElement): void {
    this.#element = element;
    const height = parseFloat(getComputedStyle(element).getPropertyValue('--_row-height'));
    if (height > 0) this.#rowHeight = height;
    this.#viewport = element.clientHeight;
    this.#resize = new ResizeObserver(() => {
      this.#viewport = element.clientHeight;
      this.#host.requestUpdate();
    });
    this.#resize.observe(element);
  }

  detach(): void {
    clearTimeout(this.#flashTimer);
    this.#flashTimer = undefined;
    this.#resize?.disconnect();
    this.#resize = undefined;
  }

  scrollToTop(): void {
    this.#scrollTop = 0;
    if (this.#element) this.#element.scrollTop = 0;
  }

  /**
   * Scrolls `node`'s row into view, if it is visible, in the next render: rows may have come or gone
   * since the last one, and until the sizer has its new height the browser would cut the scroll short.
   */
  scrollTo(node: TopicNode): void {
    this.#scrollTarget = node;
    this.#host.requestUpdate();
  }

  /** After a render: applies the scroll that render was drawn for. */
  afterRender(): void {
    if (this.#element && this.#scrollPending) this.#element.scrollTop = this.#scrollTop;
    this.#scrollPending = false;
  }

  /** Where the view must be for `node`'s row to be in it, moving as little as possible. */
  #scrollFor(node: TopicNode, rowCount: number): number {
    const index = this.#options.rows.indexOf(node);
    if (index < 0) return this.#scrollTop;
    const top = index * this.#rowHeight;
    let scrollTop = this.#scrollTop;
    if (top < scrollTop) scrollTop = top;
    else if (top + this.#rowHeight > scrollTop + this.#viewport)
      scrollTop = top + this.#rowHeight - this.#viewport;
    return Math.max(0, Math.min(scrollTop, rowCount * this.#rowHeight - this.#viewport));
  }

  /** A message's one-line preview. */
  preview(message: MqttMessage): string {
    let text = this.#previews.get(message);
    if (text === undefined) {
      text = previewPayload(message.payload);
      this.#previews.set(message, text);
    }
    return text;
  }

  render(rows: readonly TreeRow[], text: TreeViewText): TemplateResult {
    const height = this.#rowHeight;
    if (this.#scrollTarget) {
      this.#scrollTop = this.#scrollFor(this.#scrollTarget, rows.length);
      this.#scrollTarget = undefined;
      this.#scrollPending = true;
    }
    const { first, end } = this.#window.place(this.#scrollTop, this.#viewport, height, rows.length);
    const now = Date.now();
    const visible = rows.slice(first, end);
    const active = this.#options.active();
    let flashing = false;
    for (const row of visible) flashing ||= now - row.node.changedAt < flashMs;
    // Keyed by node: while scrolling, rows that stay in view keep their DOM untouched, and only those
    // coming into view are drawn.
    const drawn = repeat(
      visible,
      (row) => row.node.id,
      (row, offset) =>
        this.#renderRow(
          row,
          (first + offset) * height,
          now - row.node.changedAt < flashMs,
          row.node === active,
        ),
    );
    if (flashing) this.#clearFlashLater();
    const activeRow = active && this.#options.rows.indexOf(active) >= 0 ? active : undefined;
    return html`<div
      part="tree"
      role="tree"
      tabindex="0"
      aria-label=${text.label}
      aria-activedescendant=${activeRow ? `node-${activeRow.id}` : nothing}
      @scroll=${this.#onScroll}
      @keydown=${this.#options.onKeyDown}
      @click=${this.#onClick}
      @focus=${this.#onFocus}
    >
      <div class="sizer" aria-hidden="true" style=${`block-size: ${rows.length * height}px`}></div>
      ${drawn}${rows.length === 0 ? html`<div part="empty">${text.empty}</div>` : nothing}
    </div>`;
  }

  #renderRow(row: TreeRow, top: number, flash: boolean, selected: boolean): TemplateResult {
    const node = row.node;
    const expanded = this.#options.rows.isExpanded(node);
    const last = node.last;
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
      <span part="counts">${rowCounts(node)}</span>
      ${last?.retained ? html`<span part="retained" title="Retained">R</span>` : nothing}
      ${last ? html`<span part="preview">${this.preview(last)}</span>` : nothing}
      ${last ? html`<span part="age">${formatAge(Date.now() - last.receivedAt)}</span>` : nothing}
    </div>`;
  }

  /** One more render once the last flash has faded, since no message may come to cause it. */
  #clearFlashLater(): void {
    if (this.#flashTimer !== undefined) return;
    this.#flashTimer = setTimeout(() => {
      this.#flashTimer = undefined;
      this.#host.requestUpdate();
    }, flashMs);
  }

  readonly #onScroll = (event: Event): void => {
    this.#scrollTop = (event.currentTarget as HTMLElement).scrollTop;
    const rows = this.#options.rows.rows().length;
    if (!this.#window.covers(this.#scrollTop, this.#viewport, this.#rowHeight, rows))
      this.#host.requestUpdate();
  };

  readonly #onFocus = (): void => {
    const active = this.#options.active();
    if (active && this.#options.rows.indexOf(active) >= 0) return;
    const first = this.#options.rows.rows()[0];
    if (first) this.#options.activate(first.node);
  };

  readonly #onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
    const node = row ? this.#options.rows.tree.find(row.dataset.topic!) : undefined;
    if (!node) return;
    const onToggle = (event.target as Element).closest('[part~="toggle"]');
    const rows = this.#options.rows;
    if (onToggle || node === this.#options.active()) rows.setExpanded(node, !rows.isExpanded(node));
    this.#options.activate(node);
  };
}

/** `(12)` messages on a topic with no levels below; `(3 topics, 12 messages)` on a level. */
function rowCounts(node: TopicNode): string {
  if (!node.hasChildren) return node.messageCount === 1 ? '' : `(${numberFormat.format(node.messageCount)})`;
  return `(${plural(node.topicCount, 'topic')}, ${plural(node.messageCount, 'message')})`;
}

/** `1 topic`, `2,345 topics`. */
export function plural(count: number, noun: string): string {
  return `${numberFormat.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}

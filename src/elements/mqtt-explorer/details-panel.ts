// The explorer's details of the selected topic: its last message (payload, QoS, retained flag, size,
// time, MQTT 5 properties), copy and clear actions, a chart of a numeric topic when the chart entry is
// loaded, and the topic's last messages with what changed between consecutive JSON payloads.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { MqttMessage } from '../../core/message.js';
import { describeChange, diffJson } from '../../explorer/json-diff.js';
import { propertyLines } from '../../explorer/message-properties.js';
import { formatAge } from '../../explorer/payload-preview.js';
import type { TopicNode } from '../../explorer/topic-tree.js';
import { formatSize } from '../mqtt-log/payload-view.js';
import { jsonTreeLimit, PayloadPane } from './payload-pane.js';

/** The outcome of an action, shown next to it. */
export interface ActionStatus {
  text: string;
  problem: boolean;
}

export interface DetailsPanelOptions {
  /** Opens every level below `topic`. */
  expandAll: (topic: string) => void;
  /** Publishes an empty retained message to `topic` and says how it went. */
  clearRetained: (topic: string) => Promise<ActionStatus>;
  /** A row's one-line preview of a payload (cached by the tree view). */
  preview: (message: MqttMessage) => string;
}

/** What the panel needs from the element's settings on each draw. */
export interface DetailsSettings {
  allowPublish: boolean;
  payloadLimit: number;
  /** The connection id, for the chart of a numeric topic. */
  connection: string | undefined;
}

const numberFormat = new Intl.NumberFormat();
export const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

export class DetailsPanel {
  readonly #host: ReactiveControllerHost;
  readonly #options: DetailsPanelOptions;
  readonly #payload: PayloadPane;
  #status: ActionStatus | undefined;
  #confirmingClear: TopicNode | undefined;

  constructor(host: ReactiveControllerHost, options: DetailsPanelOptions) {
    this.#host = host;
    this.#options = options;
    this.#payload = new PayloadPane(host);
  }

  /** Another topic was selected: forget what was said about the last one. */
  reset(): void {
    this.#status = undefined;
    this.#confirmingClear = undefined;
    this.#payload.reset();
  }

  render(node: TopicNode | undefined, settings: DetailsSettings): TemplateResult {
    if (!node) return html`<p part="empty">Select a topic to see its messages.</p>`;
    const message = node.last;
    const header = html`<div part="detail-topic">${node.topic}</div>`;
    const copyTopic = html`<button
      type="button"
      part="button"
      @click=${() => this.#copy(node.topic, 'Topic')}
    >
      Copy topic
    </button>`;
    const expandAll = node.hasChildren
      ? html`<button type="button" part="button" @click=${() => this.#options.expandAll(node.topic)}>
          Expand all below
        </button>`
      : nothing;
    if (!message) {
      return html`${header}
        <p>
          ${numberFormat.format(node.topicCount)} topics and ${numberFormat.format(node.messageCount)}
          messages below this level.
        </p>
        <div part="actions">${copyTopic} ${expandAll}</div>
        ${this.#renderStatus()}`;
    }
    const history = node.history!.toArray();
    return html`${header}
      <div part="actions">
        ${copyTopic}
        <button type="button" part="button" @click=${() => this.#copy(message.text, 'Payload')}>
          Copy payload
        </button>
        ${expandAll}
        ${
          settings.allowPublish && message.retained
            ? html`<button type="button" part="button" @click=${() => this.#askClear(node)}>
                Clear retained
              </button>`
            : nothing
        }
      </div>
      ${this.#confirmingClear === node ? this.#renderConfirm(node) : nothing} ${this.#renderStatus()}
      ${this.#renderMeta(message, node)} ${this.#payload.render(message, settings.payloadLimit)}
      ${renderChart(node, message, settings.connection)}
      <h3>Last ${history.length === 1 ? 'message' : `${history.length} messages`}</h3>
      ${guard([message, history.length], () => this.#renderHistory(history))}`;
  }

  #renderMeta(message: MqttMessage, node: TopicNode): TemplateResult {
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
      ${guard([message], () =>
        propertyLines(message.properties).map(
          (line) =>
            html`<dt class=${line.user ? 'user-property' : ''}>${line.label}</dt>
              <dd>${line.value}</dd>`,
        ),
      )}
    </dl>`;
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
          <div part="history-payload">${this.#options.preview(message)}</div>
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

  #renderStatus(): TemplateResult | typeof nothing {
    return renderStatus(this.#status);
  }

  #renderConfirm(node: TopicNode): TemplateResult {
    return html`<div part="confirm" role="alertdialog" aria-label="Clear the retained message">
      <span>Clear the retained message on ${node.topic}? Every client will stop receiving it.</span>
      <button type="button" part="button confirm-clear" @click=${() => this.#clear(node)}>Clear</button>
      <button type="button" part="button" @click=${() => this.#cancelClear()}>Cancel</button>
    </div>`;
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
    this.#host.requestUpdate();
  }

  #askClear(node: TopicNode): void {
    this.#confirmingClear = node;
    this.#host.requestUpdate();
  }

  #cancelClear(): void {
    this.#confirmingClear = undefined;
    this.#host.requestUpdate();
  }

  async #clear(node: TopicNode): Promise<void> {
    this.#confirmingClear = undefined;
    this.#status = await this.#options.clearRetained(node.topic);
    this.#host.requestUpdate();
  }
}

/** The outcome of the last action, announced politely. */
export function renderStatus(status: ActionStatus | undefined): TemplateResult | typeof nothing {
  if (!status) return nothing;
  return html`<div part="status" class=${status.problem ? 'problem' : ''} role="status">${status.text}</div>`;
}

function renderChart(node: TopicNode, message: MqttMessage, connection: string | undefined) {
  // Only when the page loaded the chart entry: the explorer does not pull uPlot in by itself.
  if (!customElements.get('mqtt-chart') || message.payload.length > 64) return nothing;
  const text = message.text.trim();
  if (text === '' || !Number.isFinite(Number(text))) return nothing;
  return html`<mqtt-chart
    part="chart"
    topic=${node.topic}
    points="120"
    label=${`${node.name} over time`}
    connection=${connection ?? nothing}
  ></mqtt-chart>`;
}

/** The JSON changes between two messages as lines, or undefined when either is not a JSON object or array. */
function jsonChanges(before: MqttMessage, after: MqttMessage): string[] | undefined {
  const a = before.json;
  const b = after.json;
  if (a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return undefined;
  return diffJson(a, b).map(describeChange);
}

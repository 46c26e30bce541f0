// The explorer's publish panel (shown with `allow-publish`): topic, payload, QoS and retain, with the
// selected topic filled in until the reader types another.
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { QoS } from '../../core/connection-core.js';
import { renderStatus, type ActionStatus } from './details-panel.js';

export type Publish = (topic: string, payload: string, qos: QoS, retain: boolean) => Promise<ActionStatus>;

export class PublishPanel {
  readonly #host: ReactiveControllerHost;
  readonly #publish: Publish;
  #topic = '';
  #topicEdited = false;
  #status: ActionStatus | undefined;

  constructor(host: ReactiveControllerHost, publish: Publish) {
    this.#host = host;
    this.#publish = publish;
  }

  /** Another topic was selected: it fills the topic field again. */
  selectionChanged(): void {
    this.#topicEdited = false;
  }

  render(selectedTopic: string | undefined): TemplateResult {
    const topic = this.#topicEdited ? this.#topic : (selectedTopic ?? this.#topic);
    return html`<form part="publish" @submit=${this.#onSubmit} aria-label="Publish a message">
      <label for="publish-topic">Topic</label>
      <input
        id="publish-topic"
        name="topic"
        part="field"
        .value=${live(topic)}
        @input=${(event: Event) => {
          this.#topic = (event.target as HTMLInputElement).value;
          this.#topicEdited = true;
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
      ${renderStatus(this.#status)}
    </form>`;
  }

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const topic = String(data.get('topic') ?? '');
    const payload = String(data.get('payload') ?? '');
    const qos = Number(data.get('qos') ?? 0) as QoS;
    const retain = data.get('retain') !== null;
    void this.#publish(topic, payload, qos, retain).then((status) => {
      this.#status = status;
      this.#host.requestUpdate();
    });
  };
}

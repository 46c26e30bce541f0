// A user's own Lit element that publishes through PublishController, as <mqtt-publish> does: it finds
// its <mqtt-connection>, fills its payload template, fires the same events and reports a bad topic,
// against the embedded Aedes broker.
import { expect, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import type { MqttClient } from 'mqtt';
import { ConnectionController, PublishController } from '../../src/index.js';
import type { MqttErrorEvent, MqttPublishedEvent } from '../../src/events.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, until } from '../support/element-fixtures.js';
import {
  closeTestClients,
  collect,
  receivedCount,
  testClient,
  type ReceivedMessage,
} from '../support/test-clients.js';

/** A dimmer button a user might write: one click sends its level as JSON. */
class DimmerButton extends LitElement {
  static override properties = { topic: {}, level: { type: Number } };
  declare topic: string;
  declare level: number;
  readonly publisher = new PublishController(this, {
    connection: new ConnectionController(this),
    topic: () => this.topic,
    qos: () => 1,
    payloadTemplate: () => '{"brightness": {{value}}}',
  });

  constructor() {
    super();
    this.topic = '';
    this.level = 0;
  }

  override render() {
    return litHtml`<button @click=${() => void this.publisher.publish(this.level).catch(() => {})}>
      Dim to ${this.level}</button
    >${this.publisher.error?.message ?? ''}`;
  }
}
customElements.define('test-dimmer-button', DimmerButton);

describe('PublishController in a user element', function () {
  this.timeout(30_000);

  let url: string;
  let base: string;
  let watcher: MqttClient;
  let received: ReceivedMessage[];

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    base = uniqueTopic('own-publish');
    watcher = await testClient();
    received = await collect(watcher, `${base}/#`, 1);
  });
  afterEach(closeTestClients);

  async function mount(topic: string): Promise<DimmerButton> {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}
        ><test-dimmer-button topic=${topic} level="40"></test-dimmer-button
      ></mqtt-connection>`,
    );
    const el = connection.querySelector<DimmerButton>('test-dimmer-button')!;
    await el.updateComplete;
    return el;
  }

  it('publishes its value through the template and fires mqtt-published', async () => {
    const el = await mount(`${base}/dimmer/set`);
    const published: MqttPublishedEvent[] = [];
    el.addEventListener('mqtt-published', (e) => published.push(e));
    el.shadowRoot!.querySelector('button')!.click();
    await receivedCount(received, 1);
    expect(received[0].topic).to.equal(`${base}/dimmer/set`);
    expect(JSON.parse(received[0].text)).to.deep.equal({ brightness: 40 });
    await until(() => published.length === 1, 'the mqtt-published event');
    expect(published[0].detail).to.include({ topic: `${base}/dimmer/set`, qos: 1 });
  });

  it('a wildcard topic is an error it can show until the topic is corrected', async () => {
    const el = await mount(`${base}/+/set`);
    const errors: MqttErrorEvent[] = [];
    el.addEventListener('mqtt-error', (e) => errors.push(e));
    let rejected: unknown;
    await el.publisher.publish(1).catch((err: unknown) => (rejected = err));
    expect(rejected).to.be.instanceOf(Error);
    expect(el.publisher.error?.code).to.equal('topic');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain(el.publisher.error!.message);

    // Corrected, it publishes, and the one message the broker passes on is the corrected one.
    el.topic = `${base}/dimmer/set`;
    await el.updateComplete;
    expect(el.publisher.error).to.equal(undefined);
    el.shadowRoot!.querySelector('button')!.click();
    await receivedCount(received, 1);
    expect(received.map((m) => m.topic)).to.deep.equal([`${base}/dimmer/set`]);
  });
});

// One huge payload must not freeze the page: <mqtt-subscribe> and <mqtt-log> show a bounded part of it
// at once, and "Show all" writes the rest a piece per task, so the page keeps responding meanwhile.
//
// Aedes only: Debian's Mosquitto 2.0.11 (libwebsockets 4.1) stops writing to a WebSocket client once a
// message over about 20 kB is queued (eclipse/mosquitto#1974, #2060), so it cannot deliver these at all;
// bad-input.test.ts covers what the page does when that happens.
import { expect, html } from '@open-wc/testing';
import type { MqttLog, MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, uniqueClientId, untilSubscribed } from '../support/element-fixtures.js';
import { NodeClient, cleanupFaults } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { chunkChars } from '../../src/internal/chunked-text.js';

/** The longest main-thread task while `during` runs, from the browser's own long-task records. */
async function longestTask<T>(during: () => Promise<T>): Promise<{ result: T; ms: number }> {
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) ms = Math.max(ms, entry.duration);
  });
  observer.observe({ type: 'longtask' });
  try {
    const result = await during();
    // Long-task entries are delivered after the task; give the observer one more turn.
    await new Promise((r) => setTimeout(r, 50));
    for (const entry of observer.takeRecords()) ms = Math.max(ms, entry.duration);
    return { result, ms };
  } finally {
    observer.disconnect();
  }
}

/** Strictly between `low` and `high`. */
const between = (n: number, low: number, high: number) => n > low && n < high;

const bigJson = JSON.stringify({ data: 'x'.repeat(10 * 1024 * 1024) });

describe('a 10 MB payload, aedes', function () {
  this.timeout(120_000);
  let publisher: NodeClient;
  before(async () => {
    publisher = await NodeClient.open('aedes');
  });
  after(cleanupFaults);

  it('<mqtt-subscribe> shows max-length characters, and "Show all" writes the rest in pieces', async () => {
    const topic = uniqueTopic('big');
    const clientId = uniqueClientId('big');
    const connection = await connectedFixture(
      html`<mqtt-connection url=${await brokerUrl('aedes')} client-id=${clientId}
        ><mqtt-subscribe topic=${topic}></mqtt-subscribe
      ></mqtt-connection>`,
    );
    const el = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    await untilSubscribed(clientId, topic, 'aedes');
    const value = () => el.shadowRoot!.querySelector('[part="value"]')!;
    const button = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="show-all"]');

    const shown = await longestTask(async () => {
      await publisher.publish(topic, { payload: bigJson });
      await until(() => button() !== null, 'the value and its Show all button', 30_000);
    });
    expect(value().textContent).to.have.length(10_001);
    expect(value().textContent!.endsWith('…')).to.equal(true);
    expect(button()!.textContent).to.include('Show all');

    const pieces = Math.ceil(el.text.length / chunkChars);
    const expanded = await longestTask(async () => {
      button()!.click();
      // Seen part-way: the page renders between pieces instead of in one long task.
      await until(
        () => between(value().children.length, 0, pieces),
        'a part of the value while the rest is still being written',
        30_000,
      );
      await until(() => value().children.length === pieces, 'the whole value', 60_000);
    });
    expect(value().textContent).to.equal(el.text);
    console.log(
      `10 MB to <mqtt-subscribe>: longest task ${Math.round(shown.ms)} ms until shown, ` +
        `${Math.round(expanded.ms)} ms during Show all`,
    );
  });

  it('<mqtt-log> shows it collapsed, and "Show all" writes the rest in pieces', async () => {
    const topic = uniqueTopic('biglog');
    const clientId = uniqueClientId('biglog');
    const connection = await connectedFixture(
      html`<mqtt-connection url=${await brokerUrl('aedes')} client-id=${clientId}
        ><mqtt-log topic=${topic}></mqtt-log
      ></mqtt-connection>`,
    );
    const log = connection.querySelector<MqttLog>('mqtt-log')!;
    await untilSubscribed(clientId, topic, 'aedes');
    const payload = () => log.shadowRoot!.querySelector('[part="payload"]');
    const expand = () => log.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand"]');

    const shown = await longestTask(async () => {
      await publisher.publish(topic, { payload: bigJson });
      await until(() => expand() !== null, 'the row and its Show all button', 30_000);
    });
    expect(payload()!.textContent!.length).to.be.below(1000);

    const pieces = Math.ceil(bigJson.length / chunkChars);
    const expanded = await longestTask(async () => {
      expand()!.click();
      await until(
        () => between(payload()?.children.length ?? 0, 0, pieces),
        'a part of the payload while the rest is still being written',
        30_000,
      );
      await until(() => payload()!.children.length === pieces, 'the whole payload', 60_000);
    });
    // Above 256 kB the payload is shown as it arrived, not pretty-printed (that alone is a long task).
    expect(payload()!.textContent).to.equal(bigJson);
    console.log(
      `10 MB to <mqtt-log>: longest task ${Math.round(shown.ms)} ms until shown, ` +
        `${Math.round(expanded.ms)} ms during Show all`,
    );
  });
});

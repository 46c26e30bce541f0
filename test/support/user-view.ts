// What a user of the page sees and what the page hears, for the fault and bad-input tests: the text
// an element shows and the reason in its title, the words in <mqtt-status>, the mqtt-error events, and
// a working neighbour element that must keep showing fresh values whatever happens next to it.
import { waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttStatus, MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from './brokers.js';
import { NodeClient } from './fault-control.js';
import { shown } from './shown.js';

export interface ReportedError {
  /** The tag of the element that raised it. */
  tag: string;
  code: string;
  message: string;
}

/**
 * A listener for `@mqtt-error` on a fixture's root, so that errors raised during the very first
 * render are caught too.
 */
export function recordErrorsInto(
  errors: ReportedError[],
): (event: HTMLElementEventMap['mqtt-error']) => void {
  return (e) =>
    errors.push({ tag: (e.target as Element).localName, code: e.detail.code, message: e.detail.message });
}

export { shown } from './shown.js';

/** What an `<mqtt-subscribe>` tells a user about its problem: the title of its value. */
export function titleOf(element: MqttSubscribe): string {
  return element.shadowRoot?.querySelector('[part="value"]')?.getAttribute('title') ?? '';
}

/** The words `<mqtt-status>` shows: label and reason. */
export function statusText(status: MqttStatus): string {
  return status.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * Adds a working neighbour to `container`: its own connection to the shared Aedes broker and an
 * element that must go on showing fresh values whatever happens to the element under test.
 */
export async function neighbour(
  container: Element,
  timeout = 10_000,
): Promise<{ stillWorks(): Promise<void> }> {
  const topic = uniqueTopic('neighbour');
  const publisher = await NodeClient.open('aedes');
  const connection = document.createElement('mqtt-connection');
  connection.url = await brokerUrl('aedes');
  const element = document.createElement('mqtt-subscribe');
  element.topic = topic;
  connection.append(element);
  container.append(connection);
  await waitUntil(() => connection.status === 'connected', 'the neighbour connects', { timeout });
  let n = 0;
  return {
    async stillWorks(): Promise<void> {
      const value = `fresh ${++n}`;
      // The neighbour may have subscribed a moment ago: publish until the value shows.
      await waitUntil(
        async () => {
          await publisher.publish(topic, { payload: value });
          await new Promise((r) => setTimeout(r, 50));
          return shown(element) === value;
        },
        'the neighbouring element keeps showing fresh values',
        { timeout },
      );
    },
  };
}

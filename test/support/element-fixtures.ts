// Mounting elements inside a live <mqtt-connection> and reading what they show, the way a user
// would see it. Fixtures are removed after each test by @open-wc/testing itself.
import { fixture, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import { brokerPackets, type BrokerName } from './brokers.js';
import { shown } from './shown.js';
import { until } from './until.js';

export { untilSubscribed } from './brokers.js';
export { shown } from './shown.js';
export { until } from './until.js';

/** How long a test waits for something the broker has to do; generous, since others share the machine. */
export const brokerTimeout = 8000;

/** A client ID of our own, so the broker's packet log can be filtered to this page's connection. */
export function uniqueClientId(name = 'el'): string {
  return `test_${name}_${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Renders `template` (an `<mqtt-connection>` at its root) and waits until it is connected and the
 * broker has acknowledged the subscriptions of the elements inside. Without the second wait, a message
 * another client publishes at once can reach the broker before the SUBSCRIBE and go nowhere: the
 * broker orders the packets of one client, not those of two.
 */
export async function connectedFixture(template: TemplateResult): Promise<MqttConnection> {
  const connection = await fixture<MqttConnection>(template);
  await whenConnected(connection);
  // Bounded: a test may hold a filter the broker never acknowledges (a fault it injects on purpose).
  await connection.core.whenSubscribed(undefined, brokerTimeout / 2);
  return connection;
}

export async function whenConnected(connection: MqttConnection): Promise<void> {
  await waitUntil(
    () => connection.status === 'connected',
    `<mqtt-connection> did not connect (status ${connection.status}: ${connection.error?.message ?? ''})`,
    { timeout: brokerTimeout },
  );
}

/** The value part of an `<mqtt-subscribe>` showing text. */
export function valuePart(element: MqttSubscribe): HTMLElement {
  const part = element.shadowRoot!.querySelector<HTMLElement>('[part="value"]');
  if (!part) throw new Error('<mqtt-subscribe> renders no [part="value"]');
  return part;
}

/** Waits until `element` shows exactly `text`; on timeout, says what it shows instead. */
export async function untilShown(element: MqttSubscribe, text: string): Promise<void> {
  await until(
    () => shown(element) === text,
    () =>
      `<mqtt-subscribe topic="${element.topic}"> to show ${JSON.stringify(text)}; it shows ${JSON.stringify(shown(element))}`,
  );
}

/**
 * Waits until the broker has acknowledged every filter `connection` holds, so that a message published
 * from now on reaches its elements. An element subscribes as soon as it is connected, but the broker
 * handles the SUBSCRIBE and another client's PUBLISH independently: without this wait a message sent
 * straight after mounting can arrive before the subscription and go nowhere (on a loaded machine, all
 * of them do).
 */
export async function untilBrokerHasSubscriptions(
  connection: MqttConnection,
  broker: BrokerName = 'aedes',
): Promise<void> {
  let atBroker = new Set<string>();
  await until(
    async () => {
      const packets = await brokerPackets(broker, connection.clientId);
      atBroker = new Set(packets.filter((p) => p.type === 'subscribe').map((p) => p.topic));
      return atBroker.size >= connection.core.subscriptionCount;
    },
    () =>
      `the broker to hold ${connection.core.subscriptionCount} subscriptions of ${connection.clientId} ` +
      `(it holds ${JSON.stringify([...atBroker])})`,
  );
}

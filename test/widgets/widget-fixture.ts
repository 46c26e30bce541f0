// Mounting a widget inside a live <mqtt-connection> to the embedded broker, and reading it the way a
// user (or a screen reader) would.
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import type { MqttConnection } from '../../src/index.js';
import { MqttErrorEvent } from '../../src/events.js';
import { brokerUrl } from '../support/brokers.js';
import { untilBrokerHasSubscriptions } from '../support/element-fixtures.js';

export { until } from '../support/until.js';

/** Generous: two cores are shared with other test runs. */
export const timeout = 8000;

/**
 * Renders `widget` inside a connection to the embedded broker and waits until it is connected and the
 * broker holds its subscriptions, so a test may publish at once.
 */
export async function mountWidget<T extends HTMLElement>(widget: TemplateResult): Promise<T> {
  const url = await brokerUrl();
  const connection = await fixture<MqttConnection>(
    html`<mqtt-connection url=${url}>${widget}</mqtt-connection>`,
  );
  await waitUntil(() => connection.status === 'connected', `connected (status ${connection.status})`, {
    timeout,
  });
  await untilBrokerHasSubscriptions(connection);
  return connection.firstElementChild as T;
}

/** A part of the widget's shadow root, by its `part` name. */
export function part<T extends Element = HTMLElement>(element: Element, name: string): T {
  const found = element.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`<${element.localName}> renders no part "${name}"`);
  return found;
}

/** Records the mqtt-error events a widget fires. */
export function errorsOf(element: Element): MqttErrorEvent['detail'][] {
  const errors: MqttErrorEvent['detail'][] = [];
  element.addEventListener(MqttErrorEvent.eventName, (event) =>
    errors.push((event as MqttErrorEvent).detail),
  );
  return errors;
}

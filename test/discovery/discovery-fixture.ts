// Mounting <mqtt-discovery> on a live connection, with discovery configs moved under a namespace of
// their own so that tests sharing a broker never see each other's devices.
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import '../../src/define.js';
import '../../src/discovery.js';
import type { MqttDiscovery, MqttDiscoveryEntity } from '../../src/discovery.js';
import type { MqttConnection } from '../../src/index.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { publish } from '../support/test-clients.js';
import type { DiscoveryMessage } from './fixtures/discovery-configs.js';

export const timeout = 8000;

export interface Scope {
  /** The discovery prefix for this test. */
  prefix: string;
  /** A device topic from the fixtures, moved into this test's namespace. */
  topic(original: string): string;
}

export function newScope(): Scope {
  const namespace = uniqueTopic('disc');
  return { prefix: `${namespace}/ha`, topic: (original) => `${namespace}/${original}` };
}

const isTopicKey = (key: string) => key === 't' || key === '~' || key.endsWith('_t') || key.endsWith('topic');

/** A fixture config with its config topic under the scope's prefix and every device topic in its namespace. */
export function scoped(scope: Scope, [topic, config]: DiscoveryMessage): DiscoveryMessage {
  const move = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string')
      return isTopicKey(key) && !value.startsWith('~') ? scope.topic(value) : value;
    if (Array.isArray(value)) return value.map((entry) => move(entry));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, move(v, k)]));
    }
    return value;
  };
  return [topic.replace(/^homeassistant\//, `${scope.prefix}/`), move(config) as Record<string, unknown>];
}

export async function publishConfigs(
  client: MqttClient,
  scope: Scope,
  messages: DiscoveryMessage[],
): Promise<void> {
  for (const message of messages) {
    const [topic, config] = scoped(scope, message);
    await publish(client, topic, JSON.stringify(config), { retain: true, qos: 1 });
  }
}

export async function mountDiscovery(
  broker: BrokerName,
  scope: Scope,
  attributes: { component?: string; device?: string; uniqueId?: string; birthMessage?: boolean } = {},
): Promise<{ discovery: MqttDiscovery; connection: MqttConnection }> {
  const url = await brokerUrl(broker);
  const connection = await fixture<MqttConnection>(
    html`<mqtt-connection url=${url}>
      <mqtt-discovery
        prefix=${scope.prefix}
        component=${attributes.component ?? ''}
        device=${attributes.device ?? ''}
        unique-id=${attributes.uniqueId ?? ''}
        ?birth-message=${attributes.birthMessage ?? false}
      ></mqtt-discovery>
    </mqtt-connection>`,
  );
  await waitUntil(() => connection.status === 'connected', `connected (${connection.status})`, { timeout });
  return { discovery: connection.querySelector('mqtt-discovery')!, connection };
}

/** The entity element with this unique id, once shown. */
export async function entityShown(discovery: MqttDiscovery, uniqueId: string): Promise<MqttDiscoveryEntity> {
  await waitUntil(
    () => discovery.querySelector(`[data-unique-id="${uniqueId}"]`),
    `entity ${uniqueId} shown (has ${discovery.entities.map((e) => e.uniqueId).join(', ')})`,
    { timeout },
  );
  return discovery.querySelector<MqttDiscoveryEntity>(`[data-unique-id="${uniqueId}"]`)!;
}

/** Everything a user reads in an entity, through the shadow roots of the widgets inside it. */
export function textOf(element: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.localName === 'style') return;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(element);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** An element inside an entity's shadow root. */
export function inside<T extends Element>(entity: Element, selector: string): T {
  const found = entity.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`${entity.getAttribute('data-unique-id')} has no ${selector}`);
  return found;
}

/** Waits until `check` holds; on timeout `what` (computed then) says what was seen instead. */
export async function until(check: () => unknown, what: string | (() => string)): Promise<void> {
  try {
    await waitUntil(check, undefined, { timeout });
  } catch {
    throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}`);
  }
}

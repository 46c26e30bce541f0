// MQTT.js clients a test opens itself (to publish, or to watch what an element sent), closed again
// after each test together with any retained messages they left on the broker.
import { waitUntil } from '@open-wc/testing';
import mqtt from 'mqtt';
import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt';
import { topicMatchesFilter } from '../../src/core/topic.js';
import { brokerUrl, type BrokerName } from './brokers.js';

/** A message as a test sees it: the text, the raw bytes and the flags it arrived with. */
export interface ReceivedMessage {
  topic: string;
  text: string;
  payload: Uint8Array;
  retain: boolean;
  qos: number;
}

const openClients = new Set<MqttClient>();
const retainedTopics = new Map<MqttClient, Set<string>>();

/**
 * Connects a client to a test broker. `connectAsync` never rejects when the broker is unreachable,
 * so this gives up on its own after `timeout` ms with a message that says which broker.
 */
export async function testClient(
  broker: BrokerName = 'aedes',
  options: IClientOptions = {},
  timeout = 8000,
): Promise<MqttClient> {
  const url = await brokerUrl(broker);
  const client = mqtt.connect(url, { reconnectPeriod: 0, ...options });
  openClients.add(client);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`test client: no CONNACK from ${broker} at ${url}`)),
      timeout,
    );
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

/** Publishes and remembers retained topics so `closeTestClients()` can clear them. */
export async function publish(
  client: MqttClient,
  topic: string,
  payload: string | Uint8Array,
  options: IClientPublishOptions = {},
): Promise<void> {
  if (options.retain) {
    let topics = retainedTopics.get(client);
    if (!topics) retainedTopics.set(client, (topics = new Set()));
    topics.add(topic);
  }
  // MQTT.js's browser build writes a Uint8Array as it is; its types only admit Buffer.
  await client.publishAsync(topic, payload as string, options);
}

/** Subscribes `client` to `filter` (SUBACK awaited) and records every message that arrives. */
export async function collect(
  client: MqttClient,
  filter: string,
  qos: 0 | 1 | 2 = 0,
): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  const decoder = new TextDecoder();
  client.on('message', (topic, payload, packet) => {
    if (!topicMatchesFilter(topic, filter)) return;
    received.push({
      topic,
      text: decoder.decode(payload),
      payload: new Uint8Array(payload),
      retain: packet.retain,
      qos: packet.qos,
    });
  });
  await client.subscribeAsync(filter, { qos });
  return received;
}

/** Waits until `received` holds at least `count` messages; a generous timeout for a busy machine. */
export async function receivedCount(
  received: ReceivedMessage[],
  count: number,
  what = `${count} message(s)`,
): Promise<void> {
  await waitUntil(() => received.length >= count, `expected ${what}, got ${received.length}`, {
    timeout: 8000,
  });
}

/** Clears retained messages the tests left and closes every client they opened. */
export async function closeTestClients(): Promise<void> {
  const clients = Array.from(openClients);
  openClients.clear();
  await Promise.all(
    clients.map(async (client) => {
      const topics = retainedTopics.get(client);
      retainedTopics.delete(client);
      if (topics && client.connected) {
        await Promise.all(
          Array.from(topics, (t) => client.publishAsync(t, '', { retain: true }).catch(() => undefined)),
        );
      }
      await client.endAsync(true).catch(() => undefined);
    }),
  );
}

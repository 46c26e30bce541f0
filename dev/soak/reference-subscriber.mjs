// A subscriber outside the page, for comparison: plain MQTT.js in Node with a persistent session,
// subscribed at QoS 2 to both streams. What it loses or receives twice under the same broker
// restarts (and, connected through the proxy, the same cuts and black holes) is not the page's doing.
import mqtt from 'mqtt';
import { topics } from './publisher.mjs';

/**
 * @param {{ url: string, clientId: string, username: string, password: string,
 *   onMessage: (qos: 1 | 2, seq: number) => void }} options
 */
export async function startReferenceSubscriber({ url, clientId, username, password, onMessage }) {
  const client = mqtt.connect(url, {
    clientId,
    clean: false,
    username,
    password,
    keepalive: 10,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    // The session keeps the subscriptions; subscribing again on every reconnect is not needed.
    resubscribe: false,
  });
  client.on('error', () => {
    // Refused or cut while the broker restarts; MQTT.js reconnects by itself.
  });
  const streamOf = { [topics[1]]: 1, [topics[2]]: 2 };
  client.on('message', (topic, payload) => onMessage(streamOf[topic], Number(payload.toString())));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${clientId} could not connect in 10 s.`)), 10_000);
    client.once('connect', () => (clearTimeout(timer), resolve(undefined)));
  });
  await client.subscribeAsync(Object.values(topics), { qos: 2 });
  return { close: () => client.endAsync(true) };
}

// The MQTT connection of one simulated device: its own client (a will is per connection, so every
// device needs one), a birth message, and a clean or a crash-like end.
import mqtt from 'mqtt';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects a device and resolves once the broker accepted it. `birth` is published (retained) on
 * every connection, as firmware does after each reconnect; `will` is what the broker publishes when
 * the device vanishes. `onConnect` runs after each (re)connection, after the birth message.
 *
 * @param {string} url
 * @param {{ clientId: string, will?: { topic: string, payload: string }, birth?: { topic: string, payload: string },
 *   protocolVersion?: 4 | 5, onConnect?: (client: import('mqtt').MqttClient) => void }} options
 */
export async function connectDevice(url, { clientId, will, birth, protocolVersion = 4, onConnect }) {
  const client = mqtt.connect(url, {
    clientId,
    protocolVersion,
    reconnectPeriod: 200,
    connectTimeout: 4000,
    ...(will && { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: true } }),
  });
  client.on('error', () => undefined);
  client.on('connect', () => {
    if (birth) client.publish(birth.topic, birth.payload, { qos: 1, retain: true });
    onConnect?.(client);
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(new Error(`${clientId}: no CONNACK from ${url} within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  return client;
}

/**
 * Ends a device. `crash` drops the socket without DISCONNECT, so the broker publishes the will, as
 * when power is cut; otherwise `goodbye` (if any) is published first and the client disconnects.
 *
 * @param {import('mqtt').MqttClient} client
 * @param {{ crash?: boolean, goodbye?: { topic: string, payload: string } }} options
 */
export async function endDevice(client, { crash = false, goodbye } = {}) {
  if (crash) {
    // A forced end closes the socket without DISCONNECT: the broker sends the will.
    client.end(true);
    return;
  }
  if (goodbye && client.connected) {
    // A broker that stopped answering (or is closing too) must not hold the device up.
    await Promise.race([
      client.publishAsync(goodbye.topic, goodbye.payload, { qos: 1, retain: true }).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 500).unref()),
    ]);
  }
  await Promise.race([
    client.endAsync().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 500).unref()),
  ]);
  client.end(true);
}

/** Reads a command payload as text, refusing oversized ones as firmware does. */
export function commandText(payload, limit = 1024) {
  if (payload.length > limit) return undefined;
  return payload.toString('utf8');
}

/** Parses JSON, or undefined when it is not JSON. */
export function jsonOf(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const clamp = (value, min, max) => Math.min(max, Math.max(min, value));

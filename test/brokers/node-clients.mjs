// MQTT.js clients on the Node side of the test runner, over plain TCP: a subscriber outside the page
// that counts what really reached the broker, and a publisher that can send bursts and payloads too
// big to pass through a server command. Browser tests drive them by id (see broker-plugin.mjs).
import mqtt from 'mqtt';

/** @type {Map<number, { client: import('mqtt').MqttClient, received: ReceivedMessage[] }>} */
const clients = new Map();
let nextId = 1;

/** @typedef {{ topic: string, text: string, bytes: number, qos: number, retain: boolean, dup: boolean }} ReceivedMessage */

/**
 * Connects and resolves with an id once the broker accepted the connection. `reconnectPeriod`
 * defaults to 100 ms so a subscriber follows a restarting broker closely.
 *
 * @param {string} url
 * @param {import('mqtt').IClientOptions} options
 */
export async function openNodeClient(url, options = {}, timeout = 8000) {
  const client = mqtt.connect(url, { reconnectPeriod: 100, connectTimeout: 4000, ...options });
  const id = nextId++;
  const received = [];
  clients.set(id, { client, received });
  client.on('message', (topic, payload, packet) => {
    received.push({
      topic,
      // Text is kept short: the whole list goes back to the browser as JSON.
      text: payload.length > 256 ? `${payload.subarray(0, 256).toString('utf8')}…` : payload.toString('utf8'),
      bytes: payload.length,
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
    });
  });
  // An error (a refused CONNACK) is a result the caller asked for, not a crash of the test runner.
  client.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      clients.delete(id);
      reject(new Error(`Node-side client: no CONNACK from ${url} within ${timeout} ms`));
    }, timeout);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  return id;
}

function get(id) {
  const entry = clients.get(id);
  if (!entry) throw new Error(`No Node-side client ${id} (closed already?)`);
  return entry;
}

/** Subscribes and resolves with the granted QoS codes (0x80 and up: refused). */
export async function nodeSubscribe(id, filter, qos = 0) {
  const granted = await get(id).client.subscribeAsync(filter, { qos });
  return granted.map((g) => g.qos);
}

/**
 * The messages received, optionally only those on topics starting with `prefix`. With
 * `countOnly`, just how many (for bursts too long to send back).
 */
export function nodeReceived(id, { prefix, countOnly = false } = {}) {
  const all = get(id).received;
  const messages = prefix ? all.filter((m) => m.topic.startsWith(prefix)) : all;
  return countOnly ? { count: messages.length, last: messages.at(-1) } : { count: messages.length, messages };
}

/**
 * Publishes `count` messages (default 1). The payload is `payload` with `{{i}}` replaced by the
 * message's index, or `base64` bytes, or `size` bytes of a repeating pattern. Resolves when all are
 * written (QoS 0) or acknowledged (QoS 1 and 2).
 */
export async function nodePublish(
  id,
  { topic, payload = '', base64, size, qos = 0, retain = false, count = 1 },
) {
  const { client } = get(id);
  // After a broker restart the client may still be on its way back; a QoS 0 message sent now would
  // be queued, so wait for the connection rather than measure the client's own reconnect.
  if (!client.connected) await connected(client);
  const body = (i) => {
    if (base64 !== undefined) return Buffer.from(base64, 'base64');
    if (size !== undefined) return Buffer.alloc(size, 'mqtt-elements ');
    return payload.replaceAll('{{i}}', String(i));
  };
  // In slices, so a burst of thousands does not park thousands of 'drain' listeners on the socket.
  for (let first = 0; first < count; first += 500) {
    const slice = [];
    for (let i = first; i < Math.min(count, first + 500); i++)
      slice.push(client.publishAsync(topic, body(i), { qos, retain }));
    await Promise.all(slice);
  }
  return { sent: count };
}

function connected(client, timeout = 8000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Node-side client did not reconnect')), timeout);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

export async function closeNodeClient(id) {
  const entry = clients.get(id);
  clients.delete(id);
  await entry?.client.endAsync(true).catch(() => undefined);
}

export async function closeAllNodeClients() {
  await Promise.all(Array.from(clients.keys(), (id) => closeNodeClient(id)));
}

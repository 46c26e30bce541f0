// The steady stream the page must receive whole: a Node MQTT.js client publishing numbered QoS 1 and
// QoS 2 messages to the broker's TCP port, with a persistent session of its own, so that its own
// reconnects across the broker's restarts lose nothing (MQTT.js keeps unacknowledged messages and
// sends them again).
import mqtt from 'mqtt';

export const topics = { 1: 'soak/qos1', 2: 'soak/qos2' };

/**
 * @param {{ url: string, username: string, password: string, rates: { 1: number, 2: number } }} options
 *   `rates` in messages per second.
 */
export async function startPublisher({ url, username, password, rates }) {
  const client = mqtt.connect(url, {
    clientId: 'soak-publisher',
    clean: false,
    username,
    password,
    reconnectPeriod: 500,
    connectTimeout: 5_000,
    keepalive: 10,
  });
  client.on('error', () => {
    // Refusals and socket errors while the broker restarts; MQTT.js reconnects by itself.
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('The publisher could not connect to Mosquitto in 10 s.')),
      10_000,
    );
    client.once('connect', () => (clearTimeout(timer), resolve(undefined)));
  });

  const streams = Object.fromEntries(
    [1, 2].map((qos) => [qos, { qos, published: 0, acknowledged: new Set(), failed: 0 }]),
  );
  let reconnects = 0;
  client.on('connect', () => reconnects++);

  const publish = (stream) => {
    const seq = stream.published++;
    client.publish(topics[stream.qos], String(seq), { qos: stream.qos }, (err) => {
      if (err) stream.failed++;
      else stream.acknowledged.add(seq);
    });
  };

  // Paced by the clock rather than by a timer per message: under load timers fire late, and the
  // stream catches up instead of slowing down.
  let ticker;
  let startedAt;
  const start = () => {
    startedAt = Date.now();
    ticker = setInterval(() => {
      const elapsed = (Date.now() - startedAt) / 1000;
      for (const stream of Object.values(streams)) {
        const due = Math.floor(elapsed * rates[stream.qos]) + 1;
        while (stream.published < due) publish(stream);
      }
    }, 25);
  };

  return {
    streams,
    get reconnects() {
      return reconnects;
    },
    get connected() {
      return client.connected;
    },
    start,
    /** Stops publishing new messages; those not yet acknowledged are still sent. */
    stop() {
      clearInterval(ticker);
    },
    /** Whether every message published so far is acknowledged (PUBACK, PUBCOMP) or has failed. */
    get settled() {
      return Object.values(streams).every((s) => s.acknowledged.size + s.failed === s.published);
    },
    async close() {
      clearInterval(ticker);
      await client.endAsync(true);
    },
  };
}

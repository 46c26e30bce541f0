// The page a user would write by hand with MQTT.js: one client, one 'message' handler, a Map from topic
// to element, and textContent. `?mqtt=slim` loads the MQTT.js build the CDN bundle carries instead of
// MQTT.js's own prebuilt bundle, to tell the library's cost from the MQTT.js build's.
import { installBench, topicOf } from './harness.mjs';

const slim = new URL(location.href).searchParams.get('mqtt') === 'slim';
const { default: mqtt } = await import(slim ? '/.bench/mqtt-slim.js' : '/node_modules/mqtt/dist/mqtt.esm.js');

const bench = installBench({
  kind: slim ? 'hand-slim' : 'hand',
  async mount({ count, url, createWebsocket }) {
    const byTopic = new Map();
    const container = document.createElement('div');
    const items = [];
    for (let i = 0; i < count; i++) {
      const span = document.createElement('span');
      span.className = 'value';
      span.textContent = '—';
      byTopic.set(topicOf(i), span);
      items.push(span);
    }
    container.append(...items);
    document.querySelector('main').append(container);
    const clientId = `bench_${Math.random().toString(36).slice(2, 10)}`;
    const client = mqtt.connect(url, { clientId, ...(createWebsocket && { createWebsocket }) });
    client.on('message', (topic, payload) => {
      const span = byTopic.get(topic);
      if (span) span.textContent = payload.toString();
      bench.onMessage(span);
    });
    await new Promise((resolve) => client.once('connect', resolve));
    // One SUBSCRIBE per topic, as the elements send.
    for (let i = 0; i < count; i++) client.subscribe(topicOf(i));
    window.client = client;
    return { clientId };
  },
});

// One tab of the shared-connection benchmark (bench/shared.mjs): `<mqtt-subscribe>` elements `from`…`to`
// on topics bench/s/<i>, under `<mqtt-connection shared>` (`mode=shared`) or a connection of the tab's
// own (`mode=own`). Each payload is the publisher's Date.now(): the page counts messages and their
// latency from publish to the element's `mqtt-message`.
await import('/cdn/mqtt-elements.js');

const query = new URL(location.href).searchParams;
const from = Number(query.get('from'));
const to = Number(query.get('to'));
const connection = document.createElement('mqtt-connection');
connection.setAttribute('url', query.get('url'));
if (query.get('mode') === 'shared') connection.setAttribute('shared', '');
const elements = [];
for (let i = from; i < to; i++) {
  const element = document.createElement('mqtt-subscribe');
  element.setAttribute('topic', `bench/s/${i}`);
  elements.push(element);
}
connection.append(...elements);

const state = { received: 0, measuring: false, latencies: [] };
connection.addEventListener('mqtt-message', (event) => {
  state.received++;
  if (state.measuring) state.latencies.push(Date.now() - Number(event.detail.message.text));
});
document.body.append(connection);

window.bench = {
  state,
  async ready() {
    while (connection.status !== 'connected') await new Promise((r) => setTimeout(r, 20));
    await connection.core.whenSubscribed(undefined, 30_000);
    return { mode: connection.sharedState?.mode ?? 'own', subscriptions: connection.core.subscriptionCount };
  },
  begin() {
    state.measuring = true;
    state.latencies = [];
    return { received: state.received, time: performance.now() };
  },
  end() {
    state.measuring = false;
    return { received: state.received, time: performance.now(), latencies: state.latencies };
  },
};

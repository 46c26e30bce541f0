// The discovery benchmark's page. `?variant=discovery`: one <mqtt-discovery> that finds 500 entities on
// 100 devices from their retained configs. `?variant=hand`: the same 500 entities written by hand as
// the widgets the dashboard would draw (the baseline: what a page author writes without discovery).
// `window.benchDiscovery.run({url, prefix, devices})` mounts the variant and resolves with the times.
await import('/cdn/mqtt-elements.js');
const variant = new URL(location.href).searchParams.get('variant') ?? 'discovery';
if (variant === 'discovery') await import('/cdn/mqtt-discovery.js');

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Whether every value in `root` (and in the shadow roots under it) is shown: no placeholder, no unknown. */
function shown(root) {
  for (const element of root.querySelectorAll('*')) {
    if (element.matches('[unknown], [unavailable], [error], mqtt-discovery-entity[unsupported]'))
      return false;
    if (element.localName === 'mqtt-subscribe' && element.value === undefined) return false;
    if (element.localName === 'mqtt-slider' && element.value === undefined) return false;
    if (element.matches('[part="value"]') && element.textContent.trim() === '—') return false;
    if (element.shadowRoot && !shown(element.shadowRoot)) return false;
  }
  return true;
}

/** The widgets a page author would write for one simulated device (see bench/discovery.mjs). */
function handWritten(base, index) {
  const device = document.createElement('section');
  const state = `${base}/dev${index}/state`;
  const availability = `${base}/dev${index}/availability`;
  device.innerHTML = `
    <h2>Device ${index}</h2>
    <mqtt-subscribe topic="${state}" select="temperature" unit=" °C"></mqtt-subscribe>
    <mqtt-subscribe topic="${state}" select="humidity" unit=" %" decimals="0"></mqtt-subscribe>
    <mqtt-subscribe topic="${state}" select="contact" map='{"true":"Closed","false":"Open"}'></mqtt-subscribe>
    <mqtt-switch label="Power" state-topic="${state}" select="power" command-topic="${base}/dev${index}/set"
      availability-topic="${availability}"></mqtt-switch>
    <mqtt-slider label="Level" state-topic="${state}" select="level" command-topic="${base}/dev${index}/level/set"
      min="0" max="100" availability-topic="${availability}"></mqtt-slider>`;
  return device;
}

window.benchDiscovery = {
  async run({ url, prefix, base, devices, entities }) {
    const connection = document.createElement('mqtt-connection');
    connection.setAttribute('url', url);
    connection.setAttribute('client-id', `bench_discovery_${Math.random().toString(36).slice(2, 10)}`);
    let connectedAt;
    let firstConfigAt;
    connection.addEventListener('mqtt-connect', () => (connectedAt ??= performance.now()));
    let view;
    if (variant === 'discovery') {
      view = document.createElement('mqtt-discovery');
      view.setAttribute('prefix', prefix);
      connection.append(view);
      // The first config as MQTT.js hands it over, before any of the library's own work.
      connection.addEventListener('mqtt-connect', () =>
        connection.core.client.on('message', (topic) => {
          if (topic.startsWith(`${prefix}/`)) firstConfigAt ??= performance.now();
        }),
      );
    } else {
      view = document.createElement('div');
      for (let i = 0; i < devices; i++) view.append(handWritten(base, i));
      connection.append(view);
    }
    const startedAt = performance.now();
    document.querySelector('main').append(connection);
    const longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({
      type: 'longtask',
    });
    const deadline = performance.now() + 60_000;
    for (;;) {
      await nextFrame();
      const count =
        variant === 'discovery' ? view.querySelectorAll('mqtt-discovery-entity').length : entities;
      if (count === entities && shown(view)) break;
      if (performance.now() > deadline)
        throw new Error(`not all ${entities} entities shown within 60 s (${count} present)`);
    }
    const doneAt = performance.now();
    return {
      clientId: connection.clientId,
      fromConnectMs: doneAt - connectedAt,
      fromFirstConfigMs: firstConfigAt === undefined ? null : doneAt - firstConfigAt,
      fromMountMs: doneAt - startedAt,
      longestTaskMs: Math.max(0, ...longTasks),
      elements: document.querySelectorAll('*').length,
    };
  },
};

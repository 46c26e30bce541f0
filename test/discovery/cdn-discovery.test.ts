// The discovery entry as a CDN page loads it: cdn/mqtt-discovery.js next to cdn/mqtt-elements.js,
// sharing the library already on the page, drawing a discovered switch that works.
import { expect, waitUntil } from '@open-wc/testing';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { closeTestClients, collect, publish, receivedCount, testClient } from '../support/test-clients.js';

const bundles = ['/cdn/mqtt-elements.js', '/cdn/mqtt-discovery.js'];
const timeout = 8000;

before(async () => {
  for (const bundle of bundles) {
    const response = await fetch(bundle, { method: 'HEAD' });
    if (!response.ok)
      throw new Error(`${bundle} is missing: run \`npm run build:cdn\` before the browser tests.`);
    // A variable, so that TypeScript does not look for the file: it is built, not checked in.
    await import(bundle);
  }
});

describe('cdn/mqtt-discovery.js', () => {
  afterEach(() => closeTestClients());

  it('registers <mqtt-discovery> on top of the main bundle and draws a discovered switch that sends', async () => {
    expect(customElements.get('mqtt-discovery')).to.not.equal(undefined);
    const base = uniqueTopic('cdn-disc');
    const device = await testClient('aedes');
    const commands = await collect(device, `${base}/lamp/set`);
    await publish(
      device,
      `${base}/ha/switch/lamp/config`,
      JSON.stringify({
        name: 'Lamp',
        uniq_id: 'cdn_lamp',
        cmd_t: `${base}/lamp/set`,
        stat_t: `${base}/lamp`,
      }),
      { retain: true },
    );
    await publish(device, `${base}/lamp`, 'OFF', { retain: true });
    const host = document.createElement('div');
    host.innerHTML = `<mqtt-connection url="${await brokerUrl('aedes')}"><mqtt-discovery prefix="${base}/ha"></mqtt-discovery></mqtt-connection>`;
    document.body.append(host);
    try {
      const discovery = host.querySelector('mqtt-discovery')!;
      await waitUntil(() => discovery.querySelector('[data-unique-id="cdn_lamp"]'), 'the lamp shown', {
        timeout,
      });
      const entity = discovery.querySelector('[data-unique-id="cdn_lamp"]')!;
      await waitUntil(
        () => entity.shadowRoot?.querySelector('mqtt-switch')?.hasAttribute('unknown') === false,
        'state known',
        { timeout },
      );
      const control = entity
        .shadowRoot!.querySelector('mqtt-switch')!
        .shadowRoot!.querySelector<HTMLElement>('[part="control"]')!;
      control.click();
      await receivedCount(commands, 1, 'the command');
      expect(commands[0]!.text).to.equal('ON');
    } finally {
      host.remove();
    }
  });
});

// The classic-script bundle (cdn/mqtt-elements.global.js) as a page without modules loads it: one
// <script src>, the tags registered, `window.MqttElements` holding the classes, and a message through
// Aedes to an element. It has its own file because it registers the same tags as the module bundle.
import { expect, waitUntil } from '@open-wc/testing';
import { brokers, uniqueTopic } from '../support/brokers.js';
import { shown } from '../support/shown.js';

const script = '/cdn/mqtt-elements.global.js';

describe('cdn/mqtt-elements.global.js', () => {
  before(async () => {
    const response = await fetch(script, { method: 'HEAD' });
    if (!response.ok) throw new Error(`${script} is missing: run \`npm run build:cdn\` before the browser tests.`);
    await new Promise((resolve, reject) => {
      const element = document.createElement('script');
      element.src = script;
      element.onload = resolve;
      element.onerror = () => reject(new Error(`${script} failed to load`));
      document.head.append(element);
    });
  });

  it('registers the tags and exposes the classes on window.MqttElements', () => {
    const globals = (window as unknown as { MqttElements?: Record<string, unknown> }).MqttElements;
    expect(globals?.MqttSubscribe).to.equal(customElements.get('mqtt-subscribe'));
    expect(customElements.get('mqtt-connection')).to.not.equal(undefined);
  });

  it('shows a message published through Aedes', async () => {
    const topic = uniqueTopic('cdn-global');
    const connection = document.createElement('mqtt-connection') as HTMLElement & {
      status: string;
      publish(topic: string, payload: string, options?: { qos?: 0 | 1 | 2; retain?: boolean }): Promise<void>;
      disconnect(): Promise<void>;
    };
    connection.setAttribute('url', (await brokers()).aedes.wsUrl);
    const element = document.createElement('mqtt-subscribe');
    element.setAttribute('topic', topic);
    connection.append(element);
    document.body.append(connection);
    try {
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout: 8000 });
      // Retained, so it arrives whether or not the SUBSCRIBE has gone out yet.
      await connection.publish(topic, 'from a classic script', { qos: 1, retain: true });
      await waitUntil(() => shown(element) === 'from a classic script', 'the value', { timeout: 8000 });
      await connection.publish(topic, '', { qos: 1, retain: true });
    } finally {
      await connection.disconnect();
      connection.remove();
    }
  });
});

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import mqtt from 'mqtt';
import '../../src/define.js';
import type { MqttConnection, MqttSubscribe, MqttStatus } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';

describe('smoke', () => {
  it('connects, shows status, shows a value', async () => {
    const url = await brokerUrl();
    const topic = uniqueTopic('smoke');
    const pub = await mqtt.connectAsync(url);
    await pub.publishAsync(topic, JSON.stringify({ temp: 21.456 }), { retain: true });
    const el = await fixture<MqttConnection>(
      html`<mqtt-connection url=${url}>
        <mqtt-status></mqtt-status>
        <mqtt-subscribe topic=${topic} select="temp" decimals="1" unit=" °C"></mqtt-subscribe>
      </mqtt-connection>`,
    );
    await waitUntil(() => el.status === 'connected', 'connected', { timeout: 5000 });
    const sub = el.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    await waitUntil(() => sub.shadowRoot!.textContent!.includes('21.5 °C'), 'value', { timeout: 5000 });
    const status = el.querySelector<MqttStatus>('mqtt-status')!;
    await status.updateComplete;
    expect(status.shadowRoot!.textContent).to.include('Connected');
    await pub.publishAsync(topic, '', { retain: true });
    await pub.endAsync();
  });
});

// <mqtt-connection>: one shared client, what it says about a wrong URL or a missing broker, and its events.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { MqttStatusEvent } from '../src/events.js';
import { attributes, fixedHtml } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-connection',
  component: 'mqtt-connection',
  argTypes: {
    'protocol-version': { control: 'inline-radio', options: [4, 5] },
    'will-qos': { control: 'inline-radio', options: [0, 1, 2] },
    status: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection ${attributes({ url: brokerUrl(context), ...args })}>
      <p><mqtt-status></mqtt-status></p>
      <p>
        Living room
        <mqtt-subscribe topic="demo/home/living/temperature" decimals="1" unit=" °C"></mqtt-subscribe>,
        humidity <mqtt-subscribe topic="demo/home/living/humidity" decimals="0" unit=" %"></mqtt-subscribe>,
        power <mqtt-subscribe topic="demo/home/power" decimals="0" unit=" W"></mqtt-subscribe>
      </p>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * One connection, many elements: the three readings share one MQTT client. The URL comes from the
 * toolbar's "Broker URL", so these stories work against any broker that carries the demo topics.
 */
export const Default: Story = {};

/**
 * The URL is checked before connecting, and each usual mistake reads as its fix: no scheme, MQTT over
 * TCP in a browser, `http://`, `wss://` on the plain-WebSocket port, no path.
 */
export const BadUrl: Story = {
  parameters: fixedHtml,
  tags: ['expect-errors'],
  render: () => html`
    <style>
      .bad-urls td {
        padding: 0.45rem 0.8rem;
        border-bottom: 1px solid #e4e7ec;
        vertical-align: top;
      }
      .bad-urls td:first-child {
        white-space: nowrap;
      }
    </style>
    <table class="bad-urls">
      ${[
        'localhost:8083/mqtt',
        'mqtt://localhost:1883',
        'http://localhost:8083/mqtt',
        'wss://localhost:8083/mqtt',
        'ws://localhost:8083',
        '',
      ].map(
        (url) => html`
          <tr>
            <td><code>url="${url}"</code></td>
            <td>
              <mqtt-connection url=${url} reconnect-period="5000" max-reconnect-period="30000">
                <mqtt-status></mqtt-status>
              </mqtt-connection>
            </td>
          </tr>
        `,
      )}
    </table>
  `,
};

/**
 * Nothing listens at the URL (the broker is gone): the connection retries with growing, jittered
 * pauses and `<mqtt-status>` counts down to the next attempt. The page goes on working meanwhile.
 */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  args: { url: NOWHERE_URL, 'reconnect-period': 1000, 'max-reconnect-period': 8000 },
  render: (args) => html`
    <mqtt-connection ${attributes(args)}>
      <p><mqtt-status></mqtt-status></p>
      <p>
        Living room
        <mqtt-subscribe topic="demo/home/living/temperature" decimals="1" unit=" °C"></mqtt-subscribe>
      </p>
    </mqtt-connection>
  `,
};

/** An element outside its connection names it by id, e.g. a status in a page header. */
export const ConnectionById: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <header
      style="display:flex;gap:1rem;align-items:baseline;border-bottom:1px solid #e4e7ec;padding-bottom:0.5rem"
    >
      <strong>Plant</strong>
      <mqtt-status connection="plant-connection"></mqtt-status>
    </header>
    <mqtt-connection id="plant-connection" url=${brokerUrl(context)}></mqtt-connection>
    <p>
      Line 1 speed
      <mqtt-subscribe
        connection="plant-connection"
        topic="demo/plant/line1/speed"
        decimals="0"
        unit=" parts/min"
      ></mqtt-subscribe>
    </p>
  `,
};

/** Two brokers on one page, side by side: each element uses the connection it sits in. */
export const TwoConnections: Story = {
  parameters: fixedHtml,
  tags: ['expect-errors'],
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <p>
        <strong>Broker A</strong> <mqtt-status></mqtt-status> · power
        <mqtt-subscribe topic="demo/home/power" decimals="0" unit=" W"></mqtt-subscribe>
      </p>
    </mqtt-connection>
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p>
        <strong>Broker B</strong> <mqtt-status></mqtt-status> · power
        <mqtt-subscribe topic="demo/home/power" decimals="0" unit=" W"></mqtt-subscribe>
      </p>
    </mqtt-connection>
  `,
};

/** Every `mqtt-status` event, as a page script would see it (`detail.status`, `detail.reason`). */
export const StatusEvents: Story = {
  parameters: fixedHtml,
  render: (_args, context) => {
    const log = (event: MqttStatusEvent) => {
      const list = (event.currentTarget as Element).querySelector('ol');
      const item = document.createElement('li');
      const time = new Date().toLocaleTimeString();
      item.textContent = `${time} ${event.detail.status}${event.detail.reason ? `: ${event.detail.reason}` : ''}`;
      list?.append(item);
    };
    return html`
      <mqtt-connection url=${brokerUrl(context)} @mqtt-status=${log}>
        <p>
          <mqtt-status></mqtt-status>
          <button @click=${(e: Event) => (e.target as Element).closest('mqtt-connection')?.disconnect()}>
            Disconnect
          </button>
          <button @click=${(e: Event) => (e.target as Element).closest('mqtt-connection')?.connect()}>
            Connect
          </button>
        </p>
        <p>Counter <mqtt-subscribe topic="demo/counter"></mqtt-subscribe></p>
        <ol></ol>
      </mqtt-connection>
    `;
  },
};

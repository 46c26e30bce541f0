// <mqtt-explorer>: the broker's topic tree, live on the simulator's topics.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/explorer.js';
import type { MqttExplorer } from '../src/explorer.js';
import { MqttMessage } from '../src/index.js';
// With the chart entry loaded, a numeric topic's details include a small chart.
import '../src/chart.js';
import { attributes } from './support/attributes.js';
import { brokerUrl } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-explorer',
  component: 'mqtt-explorer',
  args: { label: 'Demo broker', topic: 'demo/#', 'history-size': 20 },
  argTypes: {
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    'allow-publish': { control: 'boolean' },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide">
        <mqtt-explorer ${attributes(args)}></mqtt-explorer>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * Everything the simulator publishes under `demo/#`, as a tree that fills as messages arrive. Click a
 * level or use the arrow keys (or type the first letters of a name to jump to it); select a topic to see
 * its last message, history and a chart of its values.
 */
export const Default: Story = {};

/** `search` preset to a topic filter: only the temperatures (type in the box to change it). */
export const SearchByFilter: Story = {
  args: { label: 'Temperatures', search: 'demo/home/+/temperature' },
};

/**
 * `allow-publish` adds the publish panel (the selected topic pre-filled) and, on a retained topic, a
 * button that clears it after asking. Try `demo/home/living/lamp/set` with `ON`.
 */
export const AllowPublish: Story = {
  args: { label: 'Demo broker, with publishing', 'allow-publish': true },
};

/** A thermostat's request, as an MQTT 5 broker delivers it with its properties. */
const requestTopic = 'demo/home/thermostat/request';

/**
 * Puts one message with every MQTT 5 property the details list into the explorer's tree and selects
 * it. The embedded broker speaks MQTT 3.1.1, which carries no properties, so the story cannot receive
 * such a message; everything else in the tree is live.
 */
async function showMqtt5Message(element: Element | undefined): Promise<void> {
  const explorer = element as MqttExplorer | undefined;
  if (!explorer || explorer.tree.find(requestTopic)) return;
  await explorer.updateComplete;
  const text = new TextEncoder();
  explorer.tree.add(
    new MqttMessage(
      requestTopic,
      text.encode('{"get":"state","fields":["target","mode"]}'),
      false,
      1,
      Date.now(),
      {
        contentType: 'application/json',
        payloadFormatIndicator: true,
        messageExpiryInterval: 3600,
        responseTopic: 'demo/home/thermostat/reply',
        correlationData: text.encode('req-42'),
        userProperties: { site: 'north', via: ['gateway-1', 'gateway-2'] },
      },
    ),
  );
  explorer.select(requestTopic);
}

/**
 * A message's MQTT 5 properties in its details: content type, payload format, expiry, response topic,
 * correlation data and user properties (a name sent twice shows twice). The embedded broker speaks
 * MQTT 3.1.1, so the story hands the explorer one such message itself; on a broker that speaks MQTT 5
 * (the toolbar's Broker URL, and `protocol-version="5"` on the connection) received messages show their
 * properties the same way.
 */
export const Mqtt5Properties: Story = {
  args: { label: 'MQTT 5 message properties' },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide">
        <mqtt-explorer ${attributes(args)} ${ref(showMqtt5Message)}></mqtt-explorer>
      </div>
    </mqtt-connection>
  `,
};

/** An invalid filter (`#` must be the last level): the `error` state with the reason, nothing subscribed. */
export const InvalidFilter: Story = {
  tags: ['expect-errors'],
  args: { label: 'Bad filter', topic: 'demo/#/plant' },
};

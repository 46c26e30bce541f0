// <mqtt-explorer>: the broker's topic tree, live on the simulator's topics.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/explorer.js';
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

/** An invalid filter (`#` must be the last level): the `error` state with the reason, nothing subscribed. */
export const InvalidFilter: Story = {
  tags: ['expect-errors'],
  args: { label: 'Bad filter', topic: 'demo/#/plant' },
};

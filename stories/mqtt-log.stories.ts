// <mqtt-log>: the message pane of an MQTT client, live on the simulator's traffic.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { attributes } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-log',
  component: 'mqtt-log',
  args: { label: 'Line 1 events', topic: 'demo/plant/line1/events', 'max-rows': 100 },
  argTypes: {
    format: { control: 'inline-radio', options: ['auto', 'text', 'json', 'hex'] },
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide">
        <mqtt-log ${attributes(args)}></mqtt-log>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * The production line's events, newest first, JSON pretty-printed. Every 30 s the line sends a burst
 * of 50; the log draws once per frame and keeps at most `max-rows`.
 */
export const Default: Story = {};

/** Everything under `demo/#`, with a `filter` preset (the text box changes it): only the home's topics. */
export const AllTrafficFiltered: Story = {
  args: { label: 'demo/# containing "home"', topic: 'demo/#', filter: 'home', 'max-rows': 200 },
};

/** `format="hex"` shows the payload's bytes; `text` and `json` force the other views. */
export const Hex: Story = {
  args: { label: 'Door, as bytes', topic: 'demo/home/door/front', format: 'hex' },
};

/** `truncate` cuts long payloads, with a button to show the rest. */
export const Truncate: Story = {
  args: { label: 'Weather station', topic: 'demo/weather/station', truncate: 80, format: 'text' },
};

/** `paused`: new messages are counted and held back until you resume. */
export const Paused: Story = {
  args: { label: 'Counter (paused)', topic: 'demo/counter', paused: true },
};

/** An invalid filter (`#` must be the last level): the `error` state with the reason, nothing subscribed. */
export const InvalidFilter: Story = {
  tags: ['expect-errors'],
  args: { label: 'Bad filter', topic: 'demo/#/events' },
};

/** Nothing listens at the URL: the log is `offline` and says so. */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status></mqtt-status></p>
      <div class="story-card wide">
        <mqtt-log ${attributes(args)}></mqtt-log>
      </div>
    </mqtt-connection>
  `,
};

/** Dark (`class="mqtt-dark"`), a taller list and a different font through custom properties and parts. */
export const Theming: Story = {
  args: { label: 'Everything', topic: 'demo/#', 'max-rows': 100 },
  render: (args, context) => html`
    <style>
      .terminal-log {
        --mqtt-log-height: 420px;
        --mqtt-log-font: 'DejaVu Sans Mono', ui-monospace, monospace;
        --mqtt-log-row-background: rgb(255 255 255 / 0.04);
      }
      .terminal-log::part(topic) {
        color: #6ea0ff;
      }
      .terminal-log::part(time) {
        opacity: 0.6;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide mqtt-dark">
        <mqtt-log class="terminal-log" ${attributes(args)}></mqtt-log>
      </div>
    </mqtt-connection>
  `,
};

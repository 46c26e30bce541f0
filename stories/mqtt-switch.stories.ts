// <mqtt-switch> driving the simulated living-room lamp: state in, command out, confirmation and rollback.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { attributes } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

/** Waits until `element` matches `ready()` (or gives up after `ms`), for play functions. */
async function until(ready: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

const lamp = {
  label: 'Living-room lamp',
  'state-topic': 'demo/home/living/lamp',
  'command-topic': 'demo/home/living/lamp/set',
  'availability-topic': 'demo/devices/living-lamp/availability',
};

const meta = {
  title: 'Elements/mqtt-switch',
  component: 'mqtt-switch',
  args: lamp,
  argTypes: {
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card">
        <mqtt-switch ${attributes(args)}></mqtt-switch>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * The lamp's reported state on `state-topic`, commands on `command-topic`. A click shows the new
 * position as `pending` until the lamp reports it (the simulator answers in about 150 ms).
 */
export const Default: Story = {};

/** Without a `state-topic` the switch is optimistic: it shows what it sent. */
export const Optimistic: Story = {
  args: { 'state-topic': undefined, label: 'Lamp (optimistic)' },
};

/** Your own words for the states, and the label from the slot instead of the attribute. */
export const TextsAndSlot: Story = {
  args: { label: undefined, 'text-on': 'Shining', 'text-off': 'Dark' },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card">
        <mqtt-switch ${attributes(args)}><strong>💡 Lamp</strong></mqtt-switch>
      </div>
    </mqtt-connection>
  `,
};

/** `disabled` turns the switch off for the user; it keeps following the device. */
export const Disabled: Story = {
  args: { disabled: true },
};

/**
 * No confirmation: the commands go to a topic no device listens on, so after `confirm-timeout` the
 * switch returns to the reported state with the `error` state and says why. The story clicks it once.
 */
export const Rollback: Story = {
  tags: ['expect-errors'],
  args: {
    label: 'Lamp (nobody answers)',
    'command-topic': 'demo/nobody/listens/set',
    'confirm-timeout': '2s',
  },
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('mqtt-switch');
    await until(() => element?.checked !== undefined);
    element?.shadowRoot?.querySelector<HTMLElement>('[part="control"]')?.click();
  },
};

/**
 * A state the switch does not know: the front door reports `open`/`closed`, neither `ON` nor `OFF`.
 * The switch shows "Unknown" (never "Off") and the reason.
 */
export const UnknownState: Story = {
  tags: ['expect-errors'],
  args: {
    label: 'Front door as a switch',
    'state-topic': 'demo/home/door/front',
    'availability-topic': undefined,
  },
};

/** `state-on` / `state-off` teach it other words: with them the door reads as a (read-only) switch. */
export const StateOnOff: Story = {
  args: {
    label: 'Front door open',
    'state-topic': 'demo/home/door/front',
    'state-on': 'open',
    'state-off': 'closed',
    'command-topic': 'demo/nobody/listens/set',
    'availability-topic': 'demo/devices/front-door/availability',
    disabled: true,
  },
};

/** Nothing listens at the URL: the switch is `offline` and disabled, and says so. */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status></mqtt-status></p>
      <div class="story-card">
        <mqtt-switch ${attributes(args)}></mqtt-switch>
      </div>
    </mqtt-connection>
  `,
};

/** Light and dark (`class="mqtt-dark"` on a container), and colours through custom properties and parts. */
export const Theming: Story = {
  render: (args, context) => html`
    <style>
      .green-switch {
        --mqtt-switch-on-color: #12b76a;
        --mqtt-switch-size: 2em;
      }
      .green-switch::part(label) {
        font-weight: 650;
      }
      .green-switch::part(state) {
        text-transform: uppercase;
        letter-spacing: 0.06em;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-cards">
        <div class="story-card mqtt-light"><mqtt-switch ${attributes(args)}></mqtt-switch></div>
        <div class="story-card mqtt-dark"><mqtt-switch ${attributes(args)}></mqtt-switch></div>
        <div class="story-card"><mqtt-switch class="green-switch" ${attributes(args)}></mqtt-switch></div>
      </div>
    </mqtt-connection>
  `,
};

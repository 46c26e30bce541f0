// <mqtt-discovery>: the simulated house, plant and firmware devices, from their discovery configs.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/discovery.js';
import { attributes } from './support/attributes.js';
import { brokerUrl } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-discovery',
  component: 'mqtt-discovery',
  args: { prefix: 'homeassistant', 'birth-message': true },
  argTypes: {
    component: {
      control: 'select',
      options: ['', 'sensor', 'binary_sensor', 'switch light', 'number select button cover'],
    },
    'birth-message': { control: 'boolean' },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide">
        <mqtt-discovery ${attributes(args)}></mqtt-discovery>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * Every device the simulator announces under `homeassistant/`: zigbee2mqtt bulbs, a Tasmota plug, an
 * ESPHome node, a plain Home Assistant switch, and the demo house, production line and weather
 * station in Home Assistant's device form. Switch a lamp, move a slider, pick a thermostat mode.
 * `birth-message` says `online` on `homeassistant/status` as Home Assistant does, so the bulbs and the plug,
 * which do not retain their state, report it.
 */
export const Default: Story = {};

/** `component="sensor binary_sensor"`: only the readings. */
export const SensorsOnly: Story = {
  args: { component: 'sensor binary_sensor' },
};

/** `device="Production line 1"`: one device. */
export const OneDevice: Story = {
  args: { device: 'Production line 1' },
};

/** `unique-id="ESP*"`: entities picked by a pattern over their unique ids. */
export const ByUniqueId: Story = {
  args: { 'unique-id': 'ESP*' },
};

/** A prefix with a wildcard: the `error` state with the reason, nothing subscribed. */
export const InvalidPrefix: Story = {
  tags: ['expect-errors'],
  args: { prefix: 'homeassistant/#' },
};

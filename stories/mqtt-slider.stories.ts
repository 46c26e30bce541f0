// <mqtt-slider> on the simulated lamp's brightness and the thermostat's target temperature.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { attributes } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-slider',
  component: 'mqtt-slider',
  args: {
    label: 'Brightness',
    'state-topic': 'demo/home/living/lamp/brightness',
    'command-topic': 'demo/home/living/lamp/brightness/set',
    'availability-topic': 'demo/devices/living-lamp/availability',
    min: 0,
    max: 100,
    step: 5,
    unit: ' %',
  },
  argTypes: {
    'publish-on': { control: 'inline-radio', options: ['change', 'input'] },
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card">
        <mqtt-slider ${attributes(args)}></mqtt-slider>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The lamp's brightness: publishes when you let go, then follows what the lamp reports. */
export const Default: Story = {};

/**
 * The thermostat's target, in half degrees with one decimal. Another visitor's change (or the
 * thermostat's own) moves the thumb, except while you hold it.
 */
export const Thermostat: Story = {
  args: {
    label: 'Target temperature',
    'state-topic': 'demo/home/thermostat/target',
    'command-topic': 'demo/home/thermostat/target/set',
    'availability-topic': 'demo/devices/thermostat/availability',
    min: 5,
    max: 30,
    step: 0.5,
    decimals: 1,
    unit: ' °C',
  },
};

/** `publish-on="input"` also publishes while dragging, once the thumb rests for `debounce` ms. */
export const PublishWhileDragging: Story = {
  args: { 'publish-on': 'input', debounce: 200 },
};

/** `payload-template` wraps the number in the JSON a device expects; the lamp also takes `{"brightness": n}`. */
export const PayloadTemplate: Story = {
  args: { 'command-topic': 'demo/home/living/lamp/set', 'payload-template': '{"brightness": {{value}}}' },
};

/** A report that is not a number: the value is unknown, with the reason (the door says `open`/`closed`). */
export const NotANumber: Story = {
  tags: ['expect-errors'],
  args: {
    label: 'Front door as a slider',
    'state-topic': 'demo/home/door/front',
    'availability-topic': undefined,
  },
};

/** Nothing listens at the URL: the slider is `offline` and disabled, and says so. */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status></mqtt-status></p>
      <div class="story-card">
        <mqtt-slider ${attributes(args)}></mqtt-slider>
      </div>
    </mqtt-connection>
  `,
};

/** Light and dark, and the track and thumb through custom properties. */
export const Theming: Story = {
  render: (args, context) => html`
    <style>
      .warm-slider {
        --mqtt-slider-fill-color: #f79009;
        --mqtt-slider-thumb-color: #b54708;
        --mqtt-slider-track-height: 0.6em;
        --mqtt-slider-thumb-size: 1.5em;
      }
      .warm-slider::part(value) {
        font-variant-numeric: tabular-nums;
        font-weight: 650;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-cards">
        <div class="story-card mqtt-light"><mqtt-slider ${attributes(args)}></mqtt-slider></div>
        <div class="story-card mqtt-dark"><mqtt-slider ${attributes(args)}></mqtt-slider></div>
        <div class="story-card"><mqtt-slider class="warm-slider" ${attributes(args)}></mqtt-slider></div>
      </div>
    </mqtt-connection>
  `,
};

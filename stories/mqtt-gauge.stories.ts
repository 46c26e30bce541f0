// <mqtt-gauge> dials on the simulator's temperatures, power, wind and tank level.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { attributes, fixedHtml } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-gauge',
  component: 'mqtt-gauge',
  args: {
    label: 'Living room',
    topic: 'demo/home/living/temperature',
    min: 10,
    max: 30,
    decimals: 1,
    unit: ' °C',
  },
  argTypes: {
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card">
        <mqtt-gauge ${attributes(args)}></mqtt-gauge>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** One temperature, a scale from `min` to `max`, `decimals` and `unit` as in `<mqtt-subscribe>`. */
export const Default: Story = {};

/** `zones` colours bands of the scale; the value arc takes the colour of the band it is in. */
export const Zones: Story = {
  args: {
    label: 'Power',
    topic: 'demo/home/power',
    min: 0,
    max: 3000,
    decimals: 0,
    unit: ' W',
    zones: '0:#2a9d8f,1500:#e9c46a,2500:#e76f51',
  },
};

/** `select` reads a field of a JSON payload: the weather station's wind speed. */
export const Select: Story = {
  args: {
    label: 'Wind',
    topic: 'demo/weather/station',
    select: 'wind.speed',
    min: 0,
    max: 20,
    decimals: 1,
    unit: ' m/s',
    'availability-topic': 'demo/devices/weather-station/availability',
  },
};

/** A value above `max` puts the needle at the end and the gauge in the `out-of-range` state; the text keeps the real number. */
export const OutOfRange: Story = {
  args: {
    label: 'Tank 1 (scale to 40 %)',
    topic: 'demo/plant/tank1/level',
    min: 0,
    max: 40,
    decimals: 0,
    unit: ' %',
  },
};

/** Text where a number belongs (the door says `open`/`closed`): the `error` state, with the reason. */
export const NotANumber: Story = {
  tags: ['expect-errors'],
  args: {
    label: 'Front door',
    topic: 'demo/home/door/front',
    min: 0,
    max: 1,
    decimals: undefined,
    unit: undefined,
  },
};

/** Nothing listens at the URL: the gauge is `offline` and says so. */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status></mqtt-status></p>
      <div class="story-card">
        <mqtt-gauge ${attributes(args)}></mqtt-gauge>
      </div>
    </mqtt-connection>
  `,
};

/** Gauges size to their container: three temperatures in a grid. */
export const Grid: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div
        style="display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:1rem;max-width:44rem"
      >
        <div class="story-card">
          <mqtt-gauge
            label="Living room"
            topic="demo/home/living/temperature"
            min="10"
            max="30"
            decimals="1"
            unit=" °C"
          ></mqtt-gauge>
        </div>
        <div class="story-card">
          <mqtt-gauge
            label="Kitchen"
            topic="demo/home/kitchen/temperature"
            min="10"
            max="30"
            decimals="1"
            unit=" °C"
          ></mqtt-gauge>
        </div>
        <div class="story-card">
          <mqtt-gauge
            label="Bedroom"
            topic="demo/home/bedroom/temperature"
            min="10"
            max="30"
            decimals="1"
            unit=" °C"
          ></mqtt-gauge>
        </div>
      </div>
    </mqtt-connection>
  `,
};

/** Light and dark, and the arc, track, needle and thickness through custom properties and parts. */
export const Theming: Story = {
  render: (args, context) => html`
    <style>
      .thick-gauge {
        --mqtt-gauge-color: #7a5af8;
        --mqtt-gauge-track-color: #ebe9fe;
        --mqtt-gauge-needle-color: #3e1c96;
        --mqtt-gauge-thickness: 22;
      }
      .thick-gauge::part(value) {
        font-weight: 700;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-cards">
        <div class="story-card mqtt-light"><mqtt-gauge ${attributes(args)}></mqtt-gauge></div>
        <div class="story-card mqtt-dark"><mqtt-gauge ${attributes(args)}></mqtt-gauge></div>
        <div class="story-card"><mqtt-gauge class="thick-gauge" ${attributes(args)}></mqtt-gauge></div>
      </div>
    </mqtt-connection>
  `,
};

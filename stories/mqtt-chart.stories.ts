// <mqtt-chart> plotting the simulator's values live. The chart is its own entry point (it brings uPlot),
// so a page imports it next to the other elements: `import 'mqtt-elements/chart.js'`.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/chart.js';
import { attributes } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-chart',
  component: 'mqtt-chart',
  args: {
    label: 'Living room',
    topic: 'demo/home/living/temperature',
    decimals: 1,
    unit: ' °C',
    points: 60,
  },
  argTypes: {
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-card wide">
        <mqtt-chart ${attributes(args)}></mqtt-chart>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** One topic, one line: the last 60 readings, one a second. */
export const Default: Story = {};

/** A wildcard filter gives one series per matching topic: every room's temperature. */
export const WildcardSeries: Story = {
  args: { label: 'Rooms', topic: 'demo/home/+/temperature' },
};

/** Several `select` paths give one series each, named by `labels`: wind speed and gusts from one JSON message. */
export const SelectSeveral: Story = {
  args: {
    label: 'Wind',
    topic: 'demo/weather/station',
    select: 'wind.speed,wind.gust',
    labels: 'Speed,Gusts',
    unit: ' m/s',
    'availability-topic': 'demo/devices/weather-station/availability',
  },
};

/** `duration` makes the window a time span instead of a number of points; `y-min`/`y-max` fix the axis. */
export const DurationAndAxis: Story = {
  args: {
    label: 'Tank 1, last 2 minutes',
    topic: 'demo/plant/tank1/level',
    duration: '2m',
    points: undefined,
    'y-min': 0,
    'y-max': 100,
    decimals: 0,
    unit: ' %',
  },
};

/** Text where a number belongs: the `error` state with the reason; the chart keeps what it drew. */
export const NotANumber: Story = {
  tags: ['expect-errors'],
  args: { label: 'Front door', topic: 'demo/home/door/front', decimals: undefined, unit: undefined },
};

/** Nothing listens at the URL: the chart is `offline` and says so. */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status></mqtt-status></p>
      <div class="story-card wide">
        <mqtt-chart ${attributes(args)}></mqtt-chart>
      </div>
    </mqtt-connection>
  `,
};

/** Light and dark, and series colours, line width and height through custom properties. */
export const Theming: Story = {
  args: { label: 'Rooms', topic: 'demo/home/+/temperature' },
  render: (args, context) => html`
    <style>
      .bold-chart {
        --mqtt-chart-color-1: #e76f51;
        --mqtt-chart-color-2: #2a9d8f;
        --mqtt-chart-color-3: #7a5af8;
        --mqtt-chart-line-width: 3;
        --mqtt-chart-height: 160px;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="story-cards">
        <div class="story-card wide mqtt-dark"><mqtt-chart ${attributes(args)}></mqtt-chart></div>
        <div class="story-card wide"><mqtt-chart class="bold-chart" ${attributes(args)}></mqtt-chart></div>
      </div>
    </mqtt-connection>
  `,
};

/**
 * With `persist` on the connection the chart keeps its newest points on this device. Reload the page
 * (or open another story and come back): the chart draws them at once, faded, and a dashed line marks
 * where live data begins. `--mqtt-chart-restored-opacity` and `--mqtt-chart-live-marker` style both.
 */
export const KeptAcrossVisits: Story = {
  args: { label: 'Rooms, kept across visits', topic: 'demo/home/+/temperature' },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)} persist="storybook-chart">
      <div class="story-card wide">
        <mqtt-chart id="kept-rooms" ${attributes(args)}></mqtt-chart>
      </div>
    </mqtt-connection>
  `,
};

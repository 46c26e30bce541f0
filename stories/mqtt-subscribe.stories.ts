// <mqtt-subscribe> on the simulator's live topics: the value pipeline, fan-out, binding, failures, styling.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { MqttErrorEvent } from '../src/events.js';
import { attributes, fixedHtml } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

/** Writes each `mqtt-error` message into the `<output>` right after the element that fired it. */
const showError = (event: MqttErrorEvent) => {
  const output = (event.currentTarget as Element).nextElementSibling;
  if (output instanceof HTMLOutputElement) output.value = event.detail.message;
};

const meta = {
  title: 'Elements/mqtt-subscribe',
  component: 'mqtt-subscribe',
  args: { topic: 'demo/home/living/temperature', decimals: 1, unit: ' °C' },
  argTypes: {
    as: { control: 'select', options: ['', 'text', 'json', 'number', 'boolean', 'hex', 'base64'] },
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    'expire-after': { control: 'number' },
    decimals: { control: { type: 'number', min: 0, max: 20 } },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <p><code>${args.topic}</code> → <mqtt-subscribe ${attributes(args)}></mqtt-subscribe></p>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The living-room temperature, published every second, with one decimal and a unit. */
export const Default: Story = {};

/** The placeholder shows until the first message; the humidity sensor reports every 2 s. */
export const Placeholder: Story = {
  args: {
    topic: 'demo/home/living/humidity',
    placeholder: 'waiting for the sensor…',
    decimals: 0,
    unit: ' %',
  },
};

/** `select` picks a field out of a JSON payload with a dotted path. */
export const Select: Story = {
  args: { topic: 'demo/weather/station', select: 'wind.speed', decimals: 1, unit: ' m/s' },
};

/** `select` also takes array indexes, or a JSON Pointer (`/wind/cardinal`). */
export const SelectWithJsonPointer: Story = {
  args: { topic: 'demo/weather/station', select: '/wind/cardinal', decimals: undefined, unit: undefined },
};

/** `map` turns a raw value into the words a person reads. The lamp's state is retained: it shows at once. */
export const Map: Story = {
  args: {
    topic: 'demo/home/living/lamp',
    map: '{"ON":"On 💡","OFF":"Off"}',
    decimals: undefined,
    unit: undefined,
  },
};

/** `decimals` rounds for display only; `value` keeps the number as it came. */
export const Decimals: Story = {
  args: { topic: 'demo/home/power', decimals: 0, unit: ' W' },
};

/** `locale` picks the number format (`Intl.NumberFormat`): a decimal comma in German. */
export const Locale: Story = {
  args: { topic: 'demo/home/kitchen/temperature', decimals: 2, unit: ' °C', locale: 'de-DE' },
};

/** `as` forces a decoding; `hex` shows the bytes of the door's text payload. */
export const AsHex: Story = {
  args: { topic: 'demo/home/door/front', as: 'hex', decimals: undefined, unit: undefined },
};

/** Each step of the pipeline on one payload, from the raw JSON to the formatted text. */
export const ValuePipeline: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <style>
      .pipeline td,
      .pipeline th {
        padding: 0.3rem 0.8rem;
        text-align: start;
        border-bottom: 1px solid #e4e7ec;
        vertical-align: top;
      }
      .pipeline .raw {
        display: block;
        max-width: 60ch;
        font-size: 0.8rem;
        overflow-wrap: anywhere;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <table class="pipeline">
        <tr>
          <th>Attributes on <code>demo/weather/station</code></th>
          <th>Shows</th>
        </tr>
        <tr>
          <td>(none: the whole JSON)</td>
          <td>
            <code class="raw"><mqtt-subscribe topic="demo/weather/station" as="text"></mqtt-subscribe></code>
          </td>
        </tr>
        <tr>
          <td><code>select="temp"</code></td>
          <td><mqtt-subscribe topic="demo/weather/station" select="temp"></mqtt-subscribe></td>
        </tr>
        <tr>
          <td><code>select="temp" decimals="0"</code></td>
          <td><mqtt-subscribe topic="demo/weather/station" select="temp" decimals="0"></mqtt-subscribe></td>
        </tr>
        <tr>
          <td><code>select="temp" decimals="1" unit=" °C"</code></td>
          <td>
            <mqtt-subscribe
              topic="demo/weather/station"
              select="temp"
              decimals="1"
              unit=" °C"
            ></mqtt-subscribe>
          </td>
        </tr>
        <tr>
          <td><code>select="readings[0]" decimals="1" unit=" °C"</code> (oldest of the last ten)</td>
          <td>
            <mqtt-subscribe
              topic="demo/weather/station"
              select="readings[0]"
              decimals="1"
              unit=" °C"
            ></mqtt-subscribe>
          </td>
        </tr>
        <tr>
          <td>
            <code
              >select="wind.cardinal"
              map='{"N":"north","NE":"north-east","E":"east","SE":"south-east","S":"south","SW":"south-west","W":"west","NW":"north-west"}'</code
            >
          </td>
          <td>
            <mqtt-subscribe
              topic="demo/weather/station"
              select="wind.cardinal"
              map='{"N":"north","NE":"north-east","E":"east","SE":"south-east","S":"south","SW":"south-west","W":"west","NW":"north-west"}'
            ></mqtt-subscribe>
          </td>
        </tr>
      </table>
    </mqtt-connection>
  `,
};

/**
 * A wildcard filter with a child `<template>`: one copy per matching topic, kept up to date.
 * `{{1}}` is the level the `+` matched, `{{value}}` the formatted value; both are filled as text only.
 */
export const WildcardFanOut: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <ul>
        <mqtt-subscribe topic="demo/home/+/temperature" decimals="1" unit=" °C">
          <template>
            <li><strong>{{1}}</strong>: {{value}}</li>
          </template>
        </mqtt-subscribe>
      </ul>
    </mqtt-connection>
  `,
};

/** Fan-out with a state in an attribute: every device's availability, coloured by plain CSS. */
export const WildcardAvailability: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <style>
      .devices li[data-state='online'] {
        color: #2e9d5b;
      }
      .devices li[data-state='offline'] {
        color: #d64545;
        font-weight: 600;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <ul class="devices">
        <mqtt-subscribe topic="demo/devices/+/availability">
          <template>
            <li data-state="{{value}}">{{1}}: {{value}}</li>
          </template>
        </mqtt-subscribe>
      </ul>
      <p class="story-note">Every ~40 s one device drops offline for a few seconds.</p>
    </mqtt-connection>
  `,
};

/** `bind="value"` drives native elements: the tank level as a `<progress>` and a `<meter>`. */
export const BindToProgress: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <p>
        <label>
          Tank 1
          <mqtt-subscribe topic="demo/plant/tank1/level" bind="value"
            ><progress max="100"></progress
          ></mqtt-subscribe>
        </label>
        <mqtt-subscribe topic="demo/plant/tank1/level" decimals="0" unit=" %"></mqtt-subscribe>
      </p>
      <p>
        <label>
          Humidity
          <mqtt-subscribe topic="demo/home/living/humidity" bind="value">
            <meter min="0" max="100" low="30" high="60" optimum="45"></meter>
          </mqtt-subscribe>
        </label>
      </p>
    </mqtt-connection>
  `,
};

/** `bind="attr:…"` sets an attribute for CSS; `target` names elements elsewhere in the page. */
export const BindAttributeAndTarget: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <style>
      .door {
        display: inline-block;
        padding: 0.4rem 0.9rem;
        border-radius: 999px;
        background: #e7eaf0;
      }
      .door[data-door='open'] {
        background: #f4d35e;
      }
      .door[data-door='open']::after {
        content: ' is open';
      }
      .door[data-door='closed']::after {
        content: ' is closed';
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <mqtt-subscribe topic="demo/home/door/front" bind="attr:data-door" target=".door"></mqtt-subscribe>
      <p><span class="door">The front door</span></p>
      <p class="story-note">The door opens every 15–40 s and stays open a few seconds.</p>
    </mqtt-connection>
  `,
};

/**
 * Payloads that do not fit: a text payload decoded `as="json"`, and a `select` for a field the JSON
 * lacks. The element gets the `error` state, keeps the last good value, and says why in its title and
 * in the `mqtt-error` event (printed below each one here).
 */
export const WrongJson: Story = {
  parameters: fixedHtml,
  tags: ['expect-errors'],
  render: (_args, context) => html`
    <style>
      .wrong output {
        display: block;
        color: #b42318;
        font-size: 0.85rem;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="wrong">
        <p>
          <code>as="json"</code> on <code>demo/home/door/front</code> (payload
          <code>open</code>/<code>closed</code>):
          <mqtt-subscribe topic="demo/home/door/front" as="json" @mqtt-error=${showError}></mqtt-subscribe>
          <output></output>
        </p>
        <p>
          <code>select="wind.direction"</code> on <code>demo/weather/station</code> (it has
          <code>wind.dir</code>):
          <mqtt-subscribe
            topic="demo/weather/station"
            select="wind.direction"
            @mqtt-error=${showError}
          ></mqtt-subscribe>
          <output></output>
        </p>
        <p>
          The same topic, right: <code>select="wind.dir" unit="°"</code>
          <mqtt-subscribe topic="demo/weather/station" select="wind.dir" unit="°"></mqtt-subscribe>
        </p>
      </div>
    </mqtt-connection>
  `,
};

/**
 * `expire-after="5"` on a quiet topic: the door's state is retained, so it shows at once, and after
 * 5 s without news the element turns `stale` (dimmed here, and labelled by CSS).
 */
export const Stale: Story = {
  tags: ['expect-errors'],
  args: { topic: 'demo/home/door/front', 'expire-after': 5, decimals: undefined, unit: undefined },
  render: (args, context) => html`
    <style>
      .stale-demo mqtt-subscribe:state(stale)::after {
        content: ' (no news for 5 s)';
        font-style: italic;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <p class="stale-demo">Front door: <mqtt-subscribe ${attributes(args)}></mqtt-subscribe></p>
    </mqtt-connection>
  `,
};

/**
 * Nothing listens at the URL: the element stays on its placeholder with the `offline` state while the
 * connection keeps retrying, and `<mqtt-status>` says so.
 */
export const BrokerGone: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <style>
      .gone mqtt-subscribe[offline] {
        color: #98a2b3;
      }
    </style>
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="1000" max-reconnect-period="5000">
      <p class="gone"><mqtt-status></mqtt-status></p>
      <p class="gone">Living room: <mqtt-subscribe ${attributes(args)}></mqtt-subscribe></p>
    </mqtt-connection>
  `,
};

/**
 * Styling from the page: the `value` part, the `--mqtt-stale-opacity` custom property, and the
 * states as attributes (`[stale]`, `[error]`, `[offline]`) or custom states (`:state(stale)`).
 */
export const Theming: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <style>
      .big-readings {
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
      }
      .big-readings figure {
        margin: 0;
        padding: 0.8rem 1.2rem;
        border-radius: 12px;
        background: #f2f4f7;
        min-width: 10rem;
      }
      .big-readings figcaption {
        font-size: 0.85rem;
        color: #667085;
      }
      .big-readings mqtt-subscribe::part(value) {
        font-size: 2.2rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
        color: #2f6fdb;
      }
      .big-readings mqtt-subscribe[stale] {
        --mqtt-stale-opacity: 0.3;
      }
    </style>
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="big-readings">
        <figure>
          <figcaption>Living room</figcaption>
          <mqtt-subscribe
            topic="demo/home/living/temperature"
            decimals="1"
            unit=" °C"
            expire-after="5"
          ></mqtt-subscribe>
        </figure>
        <figure>
          <figcaption>Power</figcaption>
          <mqtt-subscribe topic="demo/home/power" decimals="0" unit=" W" expire-after="5"></mqtt-subscribe>
        </figure>
        <figure>
          <figcaption>Line 1</figcaption>
          <mqtt-subscribe
            topic="demo/plant/line1/speed"
            decimals="0"
            unit=" /min"
            expire-after="5"
          ></mqtt-subscribe>
        </figure>
      </div>
    </mqtt-connection>
  `,
};

// <mqtt-publish> wrapping ordinary controls, each answered by the simulated devices so the result shows.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { MqttErrorEvent, MqttPublishedEvent } from '../src/events.js';
import { attributes, fixedHtml } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

/** Prints the last publish (or its failure) into the `<output>` of the story. */
const report = (event: MqttPublishedEvent | MqttErrorEvent) => {
  const output = (event.currentTarget as Element).closest('.publish-demo')?.querySelector('output');
  if (!output) return;
  output.value =
    event.type === 'mqtt-published'
      ? `Sent ${JSON.stringify((event as MqttPublishedEvent).detail.payload)} to ${(event as MqttPublishedEvent).detail.topic}`
      : (event as MqttErrorEvent).detail.message;
};

const styles = html`
  <style>
    .publish-demo {
      display: grid;
      gap: 0.8rem;
      justify-items: start;
    }
    .publish-demo output {
      color: #667085;
      font-size: 0.85rem;
      min-height: 1.3em;
    }
    .publish-demo mqtt-publish[pending] button {
      opacity: 0.6;
    }
    .publish-demo mqtt-publish[error] {
      outline: 2px solid #d64545;
      outline-offset: 3px;
      border-radius: 4px;
    }
  </style>
`;

const meta = {
  title: 'Elements/mqtt-publish',
  component: 'mqtt-publish',
  args: { topic: 'demo/home/living/lamp/set', payload: 'TOGGLE' },
  argTypes: {
    qos: { control: 'inline-radio', options: [0, 1, 2] },
    connection: { control: false },
  },
  render: (args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-publish ${attributes(args)} @mqtt-published=${report} @mqtt-error=${report}>
          <button>Toggle the lamp</button>
        </mqtt-publish>
        <span
          >The lamp is
          <mqtt-subscribe topic="demo/home/living/lamp" map='{"ON":"on 💡","OFF":"off"}'></mqtt-subscribe
        ></span>
        <output></output>
      </div>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** A button with a fixed `payload`: the simulated lamp toggles and reports its new state. */
export const Default: Story = {};

/** Without `payload`, each button publishes its own `value`. */
export const ButtonValues: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-publish topic="demo/home/thermostat/mode/set" @mqtt-published=${report}>
          <button value="off">Off</button>
          <button value="eco">Eco</button>
          <button value="heat">Heat</button>
        </mqtt-publish>
        <span
          >Thermostat mode:
          <strong><mqtt-subscribe topic="demo/home/thermostat/mode"></mqtt-subscribe></strong
        ></span>
        <output></output>
      </div>
    </mqtt-connection>
  `,
};

/**
 * A checkbox publishes `payload-on` / `payload-off`; a `<mqtt-subscribe bind="checked">` keeps it in
 * step with what the lamp reports, so the two elements make a two-way switch from native HTML.
 */
export const Checkbox: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-subscribe
          topic="demo/home/living/lamp"
          map='{"ON":true,"OFF":false}'
          bind="checked"
          target="#lamp-checkbox"
        ></mqtt-subscribe>
        <mqtt-publish
          topic="demo/home/living/lamp/set"
          payload-on="ON"
          payload-off="OFF"
          @mqtt-published=${report}
        >
          <label><input id="lamp-checkbox" type="checkbox" /> Living-room lamp</label>
        </mqtt-publish>
        <output></output>
      </div>
    </mqtt-connection>
  `,
};

/** A range input publishes a number on `change`; `payload-template` wraps it in the JSON the lamp expects. */
export const RangeWithTemplate: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-publish
          topic="demo/home/living/lamp/set"
          payload-template='{"brightness": {{value}}}'
          @mqtt-published=${report}
        >
          <label>Brightness <input type="range" min="0" max="100" step="5" /></label>
        </mqtt-publish>
        <span
          >The lamp reports
          <mqtt-subscribe topic="demo/home/living/lamp/brightness" unit=" %"></mqtt-subscribe
        ></span>
        <output></output>
      </div>
    </mqtt-connection>
  `,
};

/** A `<select>` publishes its value on `change`. */
export const Select: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-publish topic="demo/home/thermostat/target/set" @mqtt-published=${report}>
          <label>
            Target
            <select>
              <option value="18">18 °C</option>
              <option value="20">20 °C</option>
              <option value="21.5" selected>21.5 °C</option>
              <option value="23">23 °C</option>
            </select>
          </label>
        </mqtt-publish>
        <span
          >The thermostat reports
          <mqtt-subscribe
            topic="demo/home/thermostat"
            select="target"
            decimals="1"
            unit=" °C"
          ></mqtt-subscribe
        ></span>
        <output></output>
      </div>
    </mqtt-connection>
  `,
};

/** A form publishes its named fields as one JSON object on submit (the page does not reload). */
export const Form: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    ${styles}
    <mqtt-connection url=${brokerUrl(context)}>
      <div class="publish-demo">
        <mqtt-publish topic="demo/home/living/lamp/set" @mqtt-published=${report}>
          <form style="display:flex;gap:0.8rem;align-items:center">
            <select name="state">
              <option value="ON">On</option>
              <option value="OFF">Off</option>
            </select>
            <label
              >Brightness
              <input name="brightness" type="number" min="0" max="100" value="40" style="width:4rem"
            /></label>
            <button>Send</button>
          </form>
        </mqtt-publish>
        <span>
          The lamp is <mqtt-subscribe topic="demo/home/living/lamp"></mqtt-subscribe> at
          <mqtt-subscribe topic="demo/home/living/lamp/brightness" unit=" %"></mqtt-subscribe>
        </span>
        <output></output>
      </div>
    </mqtt-connection>
  `,
};

/** `qos="1"`: the element is `pending` (dimmed here) until the broker acknowledges. */
export const QosAndPending: Story = {
  args: { qos: 1 },
};

/**
 * A topic with a wildcard cannot be published to: the element is in the `error` state with the reason,
 * nothing is sent, and the rest of the page goes on.
 */
export const InvalidTopic: Story = {
  tags: ['expect-errors'],
  args: { topic: 'demo/home/+/lamp/set' },
};

/** `disable-offline`: the wrapped controls are disabled while the connection is down (nothing listens here). */
export const DisableOffline: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    ${styles}
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <div class="publish-demo">
        <mqtt-status></mqtt-status>
        <mqtt-publish ${attributes(args)} disable-offline>
          <button>Toggle the lamp</button>
        </mqtt-publish>
      </div>
    </mqtt-connection>
  `,
};

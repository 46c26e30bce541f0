// <mqtt-status>: the connection's state as a dot and a label, with the reason when something is wrong.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { attributes, fixedHtml } from './support/attributes.js';
import { brokerUrl, NOWHERE_URL } from './support/broker-url.js';

type Args = Record<string, unknown>;

const meta = {
  title: 'Elements/mqtt-status',
  component: 'mqtt-status',
  argTypes: {
    status: { control: false, description: 'Set by the element from its connection; read it in CSS.' },
    connection: { control: false },
  },
  render: (args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <p>
        <mqtt-status ${attributes(args)}></mqtt-status>
        · counter <mqtt-subscribe topic="demo/counter"></mqtt-subscribe>
      </p>
    </mqtt-connection>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Connected to the broker in the toolbar. */
export const Default: Story = {};

/**
 * A wrong URL: the status is `error` and the reason is the URL diagnosis, which says what to write
 * instead. `hide-reason` keeps only the dot and the label (the reason stays in the tooltip).
 */
export const ErrorWithReason: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url="mqtt://localhost:1883">
      <p><mqtt-status ${attributes(args)}></mqtt-status></p>
      <p><mqtt-status hide-reason></mqtt-status> (<code>hide-reason</code>)</p>
    </mqtt-connection>
  `,
};

/** Nothing listens at the URL: `reconnecting`, with the reason and a countdown to the next attempt. */
export const Reconnecting: Story = {
  tags: ['expect-errors'],
  render: (args) => html`
    <mqtt-connection url=${NOWHERE_URL} reconnect-period="2000" max-reconnect-period="10000">
      <p><mqtt-status ${attributes(args)}></mqtt-status></p>
    </mqtt-connection>
  `,
};

/** Your own words: a slot per state (`connected`, `connecting`, `reconnecting`, `error`, …). */
export const OwnWords: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <p>
        <mqtt-status hide-reason>
          <span slot="connected">Live</span>
          <span slot="connecting">Tuning in…</span>
          <span slot="reconnecting">Lost the signal, trying again</span>
          <span slot="error">No data: check the broker address</span>
        </mqtt-status>
        · counter <mqtt-subscribe topic="demo/counter"></mqtt-subscribe>
      </p>
    </mqtt-connection>
  `,
};

/**
 * Styling: colours through `--mqtt-status-*` custom properties, shape through the `base`, `dot`,
 * `label` and `reason` parts, and the state as an attribute (`mqtt-status[status="error"]`).
 */
export const Theming: Story = {
  parameters: fixedHtml,
  tags: ['expect-errors'],
  render: (_args, context) => html`
    <style>
      .pill-status {
        --mqtt-status-connected: #12b76a;
        --mqtt-status-connecting: #f79009;
        --mqtt-status-error: #f04438;
        --mqtt-status-gap: 0.5em;
        font-size: 0.9rem;
      }
      .pill-status::part(base) {
        padding: 0.25em 0.8em;
        border-radius: 999px;
        background: #f2f4f7;
      }
      .pill-status::part(dot) {
        inline-size: 0.6em;
        block-size: 0.6em;
        box-shadow: 0 0 0 3px color-mix(in srgb, currentColor 12%, transparent);
      }
      .pill-status::part(label) {
        font-weight: 600;
      }
      .pill-status[status='error']::part(base) {
        background: #fef3f2;
        color: #b42318;
      }
    </style>
    <p>
      <mqtt-connection url=${brokerUrl(context)}
        ><mqtt-status class="pill-status"></mqtt-status
      ></mqtt-connection>
    </p>
    <p>
      <mqtt-connection url="localhost:8083/mqtt"
        ><mqtt-status class="pill-status"></mqtt-status
      ></mqtt-connection>
    </p>
  `,
};

/** Light and dark: the status follows the text colour around it, so it fits either background. */
export const LightAndDark: Story = {
  parameters: fixedHtml,
  render: (_args, context) => html`
    <mqtt-connection url=${brokerUrl(context)}>
      <div style="display:flex;gap:1rem">
        <p
          class="mqtt-light"
          style="padding:1rem;border-radius:10px;background:#ffffff;color:#1d2330;border:1px solid #d9dee7"
        >
          <mqtt-status></mqtt-status>
        </p>
        <p class="mqtt-dark" style="padding:1rem;border-radius:10px;background:#171b24;color:#e6e9ef">
          <mqtt-status></mqtt-status>
        </p>
      </div>
      <p>Counter <mqtt-subscribe topic="demo/counter"></mqtt-subscribe></p>
    </mqtt-connection>
  `,
};

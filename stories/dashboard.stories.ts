// A complete dashboard written as plain HTML, to copy into a page: no framework, no build step.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/chart.js';
import { brokerUrl } from './support/broker-url.js';

type Args = { dark: boolean };

const escapeAttribute = (text: string) =>
  text.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/**
 * The page, as a string so that "Show code" gives exactly what to paste. Only the broker URL (from
 * the toolbar) and the theme class are filled in.
 */
const dashboard = (url: string, dark: boolean) => `<!--
  A dashboard in plain HTML. In your own page, load the elements first:
  <script type="module" src="https://unpkg.com/mqtt-elements/cdn/mqtt-elements.js"></script>
  <script type="module" src="https://unpkg.com/mqtt-elements/cdn/mqtt-chart.js"></script>
-->
<style>
  .dashboard {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: 1rem;
    padding: 1.25rem;
    border-radius: 18px;
    background: #eef1f6;
    color: #1d2330;
    font-family: system-ui, sans-serif;
  }
  .dashboard.mqtt-dark { background: #0d1117; color: #e6e9ef; }
  .dashboard > header, .dashboard .wide { grid-column: 1 / -1; }
  @media (min-width: 40rem) { .dashboard .span-2 { grid-column: span 2; } }
  .dashboard > header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
  .dashboard h1 { margin: 0; font-size: 1.4rem; }
  .dashboard .card {
    display: grid;
    gap: 0.75rem;
    align-content: start;
    padding: 1rem 1.2rem;
    border-radius: 14px;
    background: #ffffff;
    box-shadow: 0 1px 3px rgb(16 24 40 / 0.08);
  }
  .dashboard.mqtt-dark .card { background: #171b24; box-shadow: inset 0 0 0 1px #2c3342; }
  .dashboard h2 { margin: 0; font-size: 0.78rem; font-weight: 600; letter-spacing: 0.07em; text-transform: uppercase; opacity: 0.65; }
  .dashboard .figures { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; }
  .dashboard .figure { display: grid; }
  .dashboard .figure small { opacity: 0.65; }
  .dashboard .figure mqtt-subscribe { font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
  .dashboard progress { inline-size: 100%; block-size: 0.8rem; accent-color: #2f6fdb; }
  .dashboard .door { padding: 0.15rem 0.7rem; border-radius: 999px; background: #12b76a33; }
  .dashboard .door[data-door="open"] { background: #f79009; color: #ffffff; }
  .dashboard .modes { display: flex; gap: 0.4rem; }
  .dashboard .modes button { flex: 1; padding: 0.4rem; border: 1px solid #d0d5dd; border-radius: 8px; background: transparent; color: inherit; font: inherit; cursor: pointer; }
  .dashboard.mqtt-dark .modes button { border-color: #344054; }
</style>

<mqtt-connection url="${escapeAttribute(url)}">
  <div class="dashboard${dark ? ' mqtt-dark' : ''}">
    <header>
      <h1>Home &amp; plant</h1>
      <mqtt-status></mqtt-status>
    </header>

    <section class="card">
      <h2>Living room</h2>
      <mqtt-gauge topic="demo/home/living/temperature" min="10" max="30" decimals="1" unit=" °C"
        zones="10:#6ea0ff,18:#2a9d8f,24:#e9c46a,27:#e76f51"></mqtt-gauge>
      <div class="figures">
        <span class="figure"><small>Humidity</small>
          <mqtt-subscribe topic="demo/home/living/humidity" decimals="0" unit=" %"></mqtt-subscribe></span>
        <span class="figure"><small>Power</small>
          <mqtt-subscribe topic="demo/home/power" decimals="0" unit=" W"></mqtt-subscribe></span>
      </div>
    </section>

    <section class="card">
      <h2>Lamp</h2>
      <mqtt-switch label="Living-room lamp" state-topic="demo/home/living/lamp"
        command-topic="demo/home/living/lamp/set"
        availability-topic="demo/devices/living-lamp/availability"></mqtt-switch>
      <mqtt-slider label="Brightness" state-topic="demo/home/living/lamp/brightness"
        command-topic="demo/home/living/lamp/brightness/set" min="0" max="100" step="5" unit=" %"></mqtt-slider>
    </section>

    <section class="card">
      <h2>Thermostat</h2>
      <div class="figures">
        <span class="figure"><small>Room</small>
          <mqtt-subscribe topic="demo/home/thermostat" select="current" decimals="1" unit=" °C"></mqtt-subscribe></span>
        <span class="figure"><small>Heating</small>
          <mqtt-subscribe topic="demo/home/thermostat" select="heating" map='{"true":"On","false":"Off"}'></mqtt-subscribe></span>
      </div>
      <mqtt-slider label="Target" state-topic="demo/home/thermostat/target"
        command-topic="demo/home/thermostat/target/set" min="5" max="30" step="0.5" decimals="1" unit=" °C"
        availability-topic="demo/devices/thermostat/availability"></mqtt-slider>
      <mqtt-publish topic="demo/home/thermostat/mode/set" class="modes">
        <button value="off">Off</button><button value="eco">Eco</button><button value="heat">Heat</button>
      </mqtt-publish>
    </section>

    <section class="card">
      <h2>Weather station</h2>
      <div class="figures">
        <span class="figure"><small>Outside</small>
          <mqtt-subscribe topic="demo/weather/station" select="temp" decimals="1" unit=" °C"></mqtt-subscribe></span>
        <span class="figure"><small>Wind</small>
          <mqtt-subscribe topic="demo/weather/station" select="wind.speed" decimals="1" unit=" m/s"></mqtt-subscribe></span>
        <span class="figure"><small>From</small>
          <mqtt-subscribe topic="demo/weather/station" select="wind.cardinal"></mqtt-subscribe></span>
      </div>
      <p>Front door:
        <mqtt-subscribe topic="demo/home/door/front" bind="attr:data-door" target=".door"></mqtt-subscribe>
        <span class="door"><mqtt-subscribe topic="demo/home/door/front"></mqtt-subscribe></span></p>
    </section>

    <section class="card wide">
      <h2>Temperatures</h2>
      <mqtt-chart topic="demo/home/+/temperature" decimals="1" unit=" °C" points="300"></mqtt-chart>
    </section>

    <section class="card">
      <h2>Line 1</h2>
      <mqtt-gauge label="Speed (parts/min)" topic="demo/plant/line1/speed" min="0" max="160" decimals="0"
        zones="0:#e76f51,60:#e9c46a,100:#2a9d8f" availability-topic="demo/devices/line1-plc/availability"></mqtt-gauge>
      <div class="figures">
        <span class="figure"><small>State</small>
          <mqtt-subscribe topic="demo/plant/line1/status" select="state"></mqtt-subscribe></span>
        <span class="figure"><small>Good parts</small>
          <mqtt-subscribe topic="demo/plant/line1/status" select="output.good" decimals="0"></mqtt-subscribe></span>
      </div>
    </section>

    <section class="card">
      <h2>Tank 1</h2>
      <span class="figure"><mqtt-subscribe topic="demo/plant/tank1/level" decimals="0" unit=" %"></mqtt-subscribe></span>
      <mqtt-subscribe topic="demo/plant/tank1/level" bind="value"><progress max="100"></progress></mqtt-subscribe>
      <mqtt-chart topic="demo/plant/tank1/level" labels="Level" points="120" y-min="0" y-max="100" decimals="0" unit=" %"
        style="--mqtt-chart-height: 150px"></mqtt-chart>
    </section>

    <section class="card span-2">
      <h2>Events</h2>
      <mqtt-log label="Line 1" topic="demo/plant/line1/events" max-rows="200"></mqtt-log>
    </section>
  </div>
</mqtt-connection>
`;

const meta = {
  title: 'Guides/Dashboard',
  args: { dark: false },
  argTypes: {
    dark: { control: 'boolean', description: 'The dark look: `class="mqtt-dark"` on the dashboard.' },
  },
  render: (args, context) => dashboard(brokerUrl(context), args.dark),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * Gauges, switches, sliders, a chart, a log and plain values, laid out with CSS grid and nothing else.
 * Copy the code into a page, load the two scripts named at its top, and change the `url`.
 */
export const ComposeADashboard: Story = { name: 'Compose a dashboard' };

/** The same page with `class="mqtt-dark"` on its container: every element inside follows. */
export const Dark: Story = { args: { dark: true } };

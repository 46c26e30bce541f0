// What a reloaded chart looks like under `persist`: its restored points are drawn faded, so old data
// never passes for live, and a dashed line marks where live data begins. Read back from the canvas.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import '../../src/chart.js';
import type { MqttChart } from '../../src/chart.js';
import type { MqttConnection } from '../../src/index.js';
import { liveFrom } from '../../src/elements/mqtt-chart/restored-span.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  cleanupFaults,
  killBroker,
  reviveBroker,
  startFaultBroker,
  untilBrokerHas,
  type FaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import { uniquePersistKey } from '../support/persist-fixtures.js';
import { uniqueClientId } from '../support/element-fixtures.js';

type Rgb = readonly [number, number, number];
const red: Rgb = [255, 0, 0];
const blue: Rgb = [0, 0, 255];
const green: Rgb = [0, 160, 0];
/** The two series sit far apart, so one never shows in the other's samples. */
const levels = { a: 30, b: 70 };

function isColor(data: Uint8ClampedArray, i: number, rgb: Rgb): boolean {
  return data[i + 3] > 0 && rgb.every((c, k) => Math.abs(data[i + k] - c) <= 40);
}

/**
 * How opaque the line of colour `rgb` at `value` is where it passes `time`: the most opaque pixel of
 * that colour in a small box around it (wide enough to catch a dash of a dashed series), from 0 to 1.
 */
function lineOpacity(chart: MqttChart, time: number, value: number, rgb: Rgb): number {
  const u = chart.uplot!;
  const ratio = devicePixelRatio || 1;
  const x = Math.round(u.valToPos(time, 'x', true));
  const y = Math.round(u.valToPos(value, 'y', true));
  const [w, h] = [Math.ceil(8 * ratio), Math.ceil(3 * ratio)];
  const { data } = u.ctx.getImageData(x - w, y - h, 2 * w + 1, 2 * h + 1);
  let most = 0;
  for (let i = 0; i < data.length; i += 4) if (isColor(data, i, rgb)) most = Math.max(most, data[i + 3]);
  return most / 255;
}

/** How many pixels of colour `rgb` the plot area holds, in the column at `time` or (without it) anywhere. */
function pixelsOf(chart: MqttChart, rgb: Rgb, time?: number): number {
  const u = chart.uplot!;
  const { left, top, width, height } = u.bbox;
  const x = time === undefined ? left : Math.round(u.valToPos(time, 'x', true));
  const { data } = u.ctx.getImageData(x, top, time === undefined ? width : 1, height);
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (isColor(data, i, rgb)) count++;
  return count;
}

const between = (times: readonly number[], i: number) => (times[i] + times[i + 1]) / 2;

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`persist, how a chart draws restored points, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let publisher: NodeClient;
    let stopped = false;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker, { reconnectPeriod: 100 });
    });
    after(cleanupFaults);
    afterEach(async () => {
      if (stopped) await reviveBroker(broker);
      stopped = false;
    });

    const mount = (key: string, topic: string, clientId: string, extra = '') =>
      fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${clientId}
          persist=${key}
          reconnect-period="100"
          max-reconnect-period="300"
        >
          <mqtt-chart
            id="climate"
            topic=${topic}
            select="a,b"
            y-min="0"
            y-max="100"
            persist-points="3"
            points=${extra === 'short window' ? '4' : '300'}
            style="width: 800px; --mqtt-chart-color-1: rgb(255, 0, 0); --mqtt-chart-color-2: rgb(0, 0, 255);
              --mqtt-chart-live-marker: rgb(0, 160, 0); --mqtt-chart-restored-opacity: 0.25"
          ></mqtt-chart>
        </mqtt-connection>
      `);

    const newest = (chart: MqttChart, i: number) => chart.series[i]?.times.at(-1) ?? 0;

    /** Publishes one point of both series and waits until the chart has it. */
    async function feed(chart: MqttChart, topic: string): Promise<void> {
      const before = Math.max(newest(chart, 0), newest(chart, 1));
      await publisher.publish(topic, { payload: JSON.stringify(levels) });
      await until(
        () => chart.series.length === 2 && newest(chart, 0) > before && newest(chart, 1) > before,
        'the chart to draw the point on both series',
      );
    }

    /** Points a readable distance apart on the time axis, so the line between two can be sampled. */
    async function spaced(chart: MqttChart, topic: string, count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const last = newest(chart, 0);
        await until(() => Date.now() >= last + 400, 'the clock to move on');
        await feed(chart, topic);
      }
    }

    /** A first visit that keeps three points per series, then a reload with the broker stopped. */
    async function reloadWithHistory(key: string, topic: string, extra = '') {
      const firstId = uniqueClientId('restored-look');
      const first = await mount(key, topic, firstId, extra);
      const firstChart = first.querySelector<MqttChart>('mqtt-chart')!;
      await until(() => first.status === 'connected', 'the first page to connect');
      await untilBrokerHas(broker, firstId, [topic]);
      await spaced(firstChart, topic, 4);
      await firstChart.updateComplete;
      first.remove();
      await killBroker(broker);
      stopped = true;
      const secondId = uniqueClientId('restored-look');
      const second = await mount(key, topic, secondId, extra);
      const chart = second.querySelector<MqttChart>('mqtt-chart')!;
      await until(
        () => chart.hasAttribute('restored') && chart.series.every((s) => s.times.length === 3),
        () =>
          `the reloaded chart to draw its 3 kept points (draws ${JSON.stringify(chart.series.map((s) => s.values))})`,
      );
      await until(() => chart.uplot !== undefined, 'the plot to be drawn');
      return { second, secondId, chart, restored: [...chart.series[0].times] };
    }

    async function goLive(second: MqttConnection, secondId: string, topic: string) {
      await reviveBroker(broker);
      stopped = false;
      await until(() => second.status === 'connected', 'the page to connect once the broker is back');
      await untilBrokerHas(broker, secondId, [topic]);
    }

    it('draws restored points faded and marks where live data begins, for every series', async () => {
      const key = uniquePersistKey(`restored-look-${kind}`);
      const topic = uniqueTopic('restored/look');
      const { second, secondId, chart, restored } = await reloadWithHistory(key, topic);

      // Broker down: every line is faded over its restored points, and there is no live data to mark.
      let seen = '';
      const opacities = (time: number) => [
        lineOpacity(chart, time, levels.a, red),
        lineOpacity(chart, time, levels.b, blue),
      ];
      await until(
        () => {
          const all = [...opacities(between(restored, 0)), ...opacities(between(restored, 1))];
          seen = JSON.stringify(all);
          return all.every((o) => o > 0.1 && o < 0.4);
        },
        () =>
          `both lines to be drawn faded (--mqtt-chart-restored-opacity: 0.25) over the restored points (opacities ${seen})`,
      );
      expect(pixelsOf(chart, green), 'no live-data marker while nothing is live').to.equal(0);

      await goLive(second, secondId, topic);
      await spaced(chart, topic, 2);
      await until(() => !chart.hasAttribute('restored'), 'the chart to leave the restored state');
      const times = chart.series[0].times;
      const firstLive = times[3];
      expect(times.slice(0, 3)).to.deep.equal(restored);
      await until(
        () => {
          const live = opacities(between(times, 3));
          seen = JSON.stringify(live);
          return live.every((o) => o > 0.9);
        },
        () => `both lines to be drawn at full strength between the live points (opacities ${seen})`,
      );
      const stillFaded = [...opacities(between(times, 0)), ...opacities(between(times, 2))];
      expect(
        stillFaded.every((o) => o < 0.4),
        `the restored span and the gap after it stay faded (opacities ${JSON.stringify(stillFaded)})`,
      ).to.equal(true);
      const marker = pixelsOf(chart, green, firstLive);
      expect(marker, 'a dashed marker line at the first live point').to.be.greaterThan(20);
      expect(pixelsOf(chart, green, between(times, 3)), 'and nowhere else').to.equal(0);
    });

    it('draws every point live again once the window has slid past the restored ones', async () => {
      const key = uniquePersistKey(`restored-slide-${kind}`);
      const topic = uniqueTopic('restored/slide');
      const { second, secondId, chart, restored } = await reloadWithHistory(key, topic, 'short window');
      const stroke = (i: number) =>
        (chart.uplot!.series[i].stroke as (u: unknown, i: number) => unknown)(chart.uplot, i);
      await until(() => stroke(1) !== '#ff0000', 'restored: the line not in its plain colour');

      await goLive(second, secondId, topic);
      await feed(chart, topic);
      await chart.updateComplete;
      expect(stroke(2), 'one live point: the restored span is still drawn').to.not.equal('#0000ff');
      // points="4": four live points push the three restored ones out of the window.
      for (let i = 0; i < 3; i++) await feed(chart, topic);
      await until(
        () => chart.data[0].length === 4 && chart.data[0][0] > restored[2],
        () => `the window to hold the four live points only (holds ${JSON.stringify(chart.data[0])})`,
      );
      await until(
        () => stroke(1) === '#ff0000' && stroke(2) === '#0000ff',
        () => `both lines in their plain colours (strokes ${String(stroke(1))}, ${String(stroke(2))})`,
      );
      await until(() => pixelsOf(chart, red) > 0, 'the lines to be drawn');
      expect(pixelsOf(chart, green), 'no marker once no restored point is shown').to.equal(0);
      expect(chart.shadowRoot!.querySelector('[part~="plot"]')!.getAttribute('aria-label')).to.not.contain(
        'restored from an earlier visit',
      );
    });
  });
}

describe('where a chart’s restored span ends', () => {
  it('is the first point after the restored ones, Infinity while none came, nothing once none is shown', () => {
    expect(liveFrom([1, 2, 3, 5, 8], 3)).to.equal(5);
    expect(liveFrom([1, 2, 3], 3)).to.equal(Infinity);
    expect(liveFrom([4, 5], 3), 'the window slid past the restored points').to.equal(undefined);
    expect(liveFrom([1, 2], 0), 'nothing restored').to.equal(undefined);
    expect(liveFrom([], 3)).to.equal(undefined);
  });
});

// <mqtt-chart> against the embedded broker: which series it draws, how much it keeps, what it does
// with replays and bad payloads, and how it reads to a screen reader.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import '../../src/chart.js';
import type { MqttChart } from '../../src/chart.js';
import type { MqttConnection } from '../../src/index.js';
import { MqttMessageEvent } from '../../src/events.js';
import {
  alignSeries,
  nearestPoint,
  trimSeries,
  type ChartSeries,
} from '../../src/elements/mqtt-chart/time-series.js';
import { splitSelectList } from '../../src/core/value-pipeline.js';
import { brokerPackets, brokerUrl, uniqueTopic } from '../support/brokers.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';
import { errorsOf, mountWidget, part, until } from './widget-fixture.js';

describe('<mqtt-chart>', function () {
  this.timeout(30_000);

  let topic: string;
  let pub: MqttClient;

  beforeEach(async () => {
    topic = uniqueTopic('chart');
    pub = await testClient();
  });
  afterEach(closeTestClients);

  const valuesOf = (chart: MqttChart, index = 0) => chart.series[index]?.values ?? [];
  const describeSeries = (chart: MqttChart) =>
    JSON.stringify(chart.series.map((s) => ({ label: s.label, values: s.values })));

  describe('series', () => {
    it('draws one series per matching topic when the filter has a wildcard', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${`${topic}/+/temp`}></mqtt-chart>`);
      await publish(pub, `${topic}/kitchen/temp`, '21.5', { retain: true });
      await publish(pub, `${topic}/living/temp`, '19', { retain: true });
      await until(
        () => chart.series.length === 2 && chart.series.every((s) => s.values.length === 1),
        () => describeSeries(chart),
      );
      await publish(pub, `${topic}/kitchen/temp`, '22');

      await until(
        () => valuesOf(chart, 0).length === 2,
        () => describeSeries(chart),
      );
      expect(chart.series.map((s) => s.label)).to.deep.equal(['kitchen', 'living']);
      expect(chart.series.map((s) => s.topic)).to.deep.equal([
        `${topic}/kitchen/temp`,
        `${topic}/living/temp`,
      ]);
      expect(valuesOf(chart, 0)).to.deep.equal([21.5, 22]);
      expect(valuesOf(chart, 1)).to.deep.equal([19]);
      await chart.updateComplete;
      // Aligned for uPlot: one time column, each series undefined where it has no point.
      expect(chart.data).to.have.length(3);
      expect(chart.data[0]).to.have.length(3);
      expect(Array.from(chart.data[2]!).filter((v) => v !== undefined)).to.deep.equal([19]);
    });

    it('draws one series per select path, named by labels', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart
          topic=${topic}
          select="temp, air.humidity"
          labels="Temperature,Humidity"
        ></mqtt-chart>`,
      );
      await publish(pub, topic, JSON.stringify({ temp: 20.5, air: { humidity: 40 } }));
      await publish(pub, topic, JSON.stringify({ temp: 21, air: { humidity: 42 } }));

      await until(
        () => valuesOf(chart, 1).length === 2,
        () => describeSeries(chart),
      );
      expect(chart.series.map((s) => [s.label, s.select])).to.deep.equal([
        ['Temperature', 'temp'],
        ['Humidity', 'air.humidity'],
      ]);
      expect(valuesOf(chart, 0)).to.deep.equal([20.5, 21]);
      expect(valuesOf(chart, 1)).to.deep.equal([40, 42]);
      // Both fields of one message share one time.
      expect(chart.series[0].times).to.deep.equal(chart.series[1].times);
    });

    it('plots booleans as 1 and 0, maps words to numbers, and leaves a gap for null', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} select="on" map='{"idle":0,"busy":1}'></mqtt-chart>`,
      );
      for (const on of [true, 'busy', null, false]) await publish(pub, topic, JSON.stringify({ on }));
      await until(
        () => valuesOf(chart).length === 4,
        () => describeSeries(chart),
      );
      expect(valuesOf(chart)).to.deep.equal([1, 1, null, 0]);
      expect(chart.hasAttribute('error')).to.equal(false);
    });

    it('with last-seen, says how old its latest message is', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic} last-seen></mqtt-chart>`);
      await publish(pub, topic, '7');
      await until(() => chart.series[0]?.values.length === 1, 'the point');
      await chart.updateComplete;
      expect(part(chart, 'last-seen').textContent).to.match(/^updated (now|\d+ sec\. ago)$/);
    });

    it('hides and shows a series from its legend button', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic} select="a,b"></mqtt-chart>`);
      await publish(pub, topic, JSON.stringify({ a: 1, b: 2 }));
      await until(() => chart.uplot !== undefined, 'the plot to be created');
      await chart.updateComplete;
      const [first] = chart.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="legend-item"]');
      expect(first.getAttribute('aria-pressed')).to.equal('true');
      expect(first.querySelector('[part~="series-label"]')!.textContent).to.equal('a');
      expect(first.querySelector('[part~="series-value"]')!.textContent).to.equal('1');

      first.click();
      await chart.updateComplete;
      expect(first.getAttribute('aria-pressed')).to.equal('false');
      expect(chart.uplot!.series[1].show).to.equal(false);
      first.click();
      await chart.updateComplete;
      expect(chart.uplot!.series[1].show).to.equal(true);
    });
  });

  describe('window and memory', () => {
    it('keeps the last `points` points of each series', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic} points="5"></mqtt-chart>`);
      for (let i = 1; i <= 8; i++) await publish(pub, topic, String(i), { qos: 1 });
      await until(
        () => valuesOf(chart).at(-1) === 8,
        () => describeSeries(chart),
      );
      expect(valuesOf(chart)).to.deep.equal([4, 5, 6, 7, 8]);
      await chart.updateComplete;
      expect(chart.data[0]).to.have.length(5);
    });

    it('with a duration, drops points older than the window', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} duration="1s"></mqtt-chart>`,
      );
      await publish(pub, topic, '1');
      await until(
        () => valuesOf(chart).length === 1,
        () => describeSeries(chart),
      );
      await new Promise((resolve) => setTimeout(resolve, 1300));
      await publish(pub, topic, '2');
      await until(
        () => valuesOf(chart).at(-1) === 2,
        () => describeSeries(chart),
      );
      expect(valuesOf(chart)).to.deep.equal([2]);
      const [min, max] = [chart.uplot!.scales.x.min!, chart.uplot!.scales.x.max!];
      expect(max - min).to.be.closeTo(1000, 1);
    });

    it('bounds memory with history-size even when the duration is long', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} duration="1h" history-size="3"></mqtt-chart>`,
      );
      for (let i = 1; i <= 6; i++) await publish(pub, topic, String(i), { qos: 1 });
      await until(
        () => valuesOf(chart).at(-1) === 6,
        () => describeSeries(chart),
      );
      expect(valuesOf(chart)).to.deep.equal([4, 5, 6]);
    });

    it('keeps every point of several messages that arrive within one frame, and draws once', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic}></mqtt-chart>`);
      await publish(pub, topic, '0', { qos: 1 });
      await until(() => chart.uplot !== undefined, 'the plot to be created');
      await chart.updateComplete;
      const connection = chart.closest('mqtt-connection')!;
      let draws = 0;
      const setData = chart.uplot!.setData.bind(chart.uplot!);
      chart.uplot!.setData = (...args) => {
        draws++;
        setData(...args);
      };
      // Five messages handed to the page in one task, as a burst off one WebSocket frame is.
      for (let i = 1; i <= 5; i++) {
        connection.client!.emit(
          'message',
          topic,
          new TextEncoder().encode(String(i)) as never,
          {
            cmd: 'publish',
            topic,
            payload: String(i),
            qos: 0,
            retain: false,
            dup: false,
          } as never,
        );
      }
      await chart.updateComplete;
      expect(valuesOf(chart)).to.deep.equal([0, 1, 2, 3, 4, 5]);
      expect(chart.data[1]).to.deep.equal([0, 1, 2, 3, 4, 5]);
      expect(draws).to.equal(1);
      const times = chart.series[0].times;
      for (let i = 1; i < times.length; i++) expect(times[i]).to.be.greaterThan(times[i - 1]);
    });
  });

  describe('retained messages', () => {
    it('adds no point when the broker replays the retained message after a reconnect', async () => {
      await publish(pub, topic, '21.5', { retain: true, qos: 1 });
      const url = await brokerUrl();
      const clientId = `chart_${Math.random().toString(36).slice(2, 10)}`;
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${url} client-id=${clientId} reconnect-period="100">
          <mqtt-chart topic=${topic}></mqtt-chart>
        </mqtt-connection>`,
      );
      const chart = connection.querySelector('mqtt-chart')!;
      await until(
        () => valuesOf(chart).length === 1,
        () => describeSeries(chart),
      );
      const client = connection.client!;
      let received = 0;
      client.on('message', (t, _payload, packet) => t === topic && packet.retain && received++);

      (client as unknown as { stream: { destroy(): void } }).stream.destroy();
      await until(() => connection.status !== 'connected', 'the connection to drop');
      await waitUntil(
        async () =>
          (await brokerPackets('aedes', clientId)).filter((p) => p.type === 'subscribe').length >= 2,
        'the chart to subscribe again',
        { timeout: 8000 },
      );
      await until(() => received === 1, 'the broker to replay the retained message');
      await chart.updateComplete;
      expect(valuesOf(chart)).to.deep.equal([21.5]);

      await publish(pub, topic, '21.5');
      await until(
        () => valuesOf(chart).length === 2,
        () => describeSeries(chart),
      );
      expect(valuesOf(chart)).to.deep.equal([21.5, 21.5]);
    });

    it('adds a point when the replayed retained value differs from the last one plotted', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic}></mqtt-chart>`);
      await publish(pub, topic, '1', { retain: true });
      await until(
        () => valuesOf(chart).length === 1,
        () => describeSeries(chart),
      );
      // Re-subscribing replays from the connection's cache: the same message, so nothing new.
      const parent = chart.parentElement!;
      chart.remove();
      expect(chart.uplot).to.equal(undefined);
      parent.append(chart);
      await until(() => chart.uplot !== undefined, 'the plot to be drawn again');
      expect(valuesOf(chart)).to.deep.equal([1]);
      await publish(pub, topic, '2', { retain: true });
      await until(
        () => valuesOf(chart).length === 2,
        () => describeSeries(chart),
      );
    });
  });

  describe('errors and states', () => {
    it('a JSON message without the selected field puts the chart in the error state and keeps the data', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} select="temp"></mqtt-chart>`,
      );
      const errors = errorsOf(chart);
      await publish(pub, topic, JSON.stringify({ temp: 20 }));
      await until(
        () => valuesOf(chart).length === 1,
        () => describeSeries(chart),
      );

      await publish(pub, topic, JSON.stringify({ humidity: 40 }));
      await until(() => chart.hasAttribute('error'), 'the error state');
      await chart.updateComplete;
      expect(part(chart, 'message').textContent).to.include('"temp" is not in the message');
      expect(part(chart, 'message').textContent).to.include('humidity');
      expect(errors.map((e) => e.code)).to.deep.equal(['payload']);
      expect(valuesOf(chart)).to.deep.equal([20]);

      await publish(pub, topic, JSON.stringify({ temp: 21 }));
      await until(() => !chart.hasAttribute('error'), 'the error state to clear');
      expect(valuesOf(chart)).to.deep.equal([20, 21]);
    });

    it('text that is not a number is an error, not a point', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic}></mqtt-chart>`);
      const errors = errorsOf(chart);
      await publish(pub, topic, 'banana');
      await until(() => chart.hasAttribute('error'), 'the error state');
      expect(errors[0].message).to.include('"banana"');
      expect(chart.series.every((s) => s.values.length === 0)).to.equal(true);
    });

    it('an invalid duration or select is reported as a configuration error', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} duration="soon"></mqtt-chart>`,
      );
      await until(() => chart.hasAttribute('error'), 'the error state');
      expect(chart.error!.code).to.equal('config');
      expect(chart.error!.message).to.include('"soon" is not a duration');
    });

    it('is unavailable while the availability topic says offline', async () => {
      const availability = `${topic}/availability`;
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} availability-topic=${availability}></mqtt-chart>`,
      );
      await publish(pub, availability, 'offline', { retain: true });
      await until(() => chart.hasAttribute('unavailable'), 'the unavailable state');
      await chart.updateComplete;
      expect(part(chart, 'message').textContent).to.equal('Unavailable');
      await publish(pub, availability, 'online', { retain: true });
      await until(() => !chart.hasAttribute('unavailable'), 'the unavailable state to clear');
    });

    it('is stale after expire-after seconds without a message', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} expire-after="0.3"></mqtt-chart>`,
      );
      await publish(pub, topic, '1');
      await until(
        () => valuesOf(chart).length === 1,
        () => describeSeries(chart),
      );
      await until(() => chart.hasAttribute('stale'), 'the stale state');
      await publish(pub, topic, '2');
      await until(() => !chart.hasAttribute('stale'), 'the stale state to clear');
    });

    it('fires mqtt-message for each point, and a cancelled event leaves the point out', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic}></mqtt-chart>`);
      const seen: unknown[] = [];
      chart.addEventListener(MqttMessageEvent.eventName, (event) => {
        seen.push(event.detail.value);
        if (event.detail.value === 2) event.preventDefault();
      });
      for (const v of ['1', '2', '3']) await publish(pub, topic, v, { qos: 1 });
      await until(
        () => seen.length === 3,
        () => JSON.stringify(seen),
      );
      expect(valuesOf(chart)).to.deep.equal([1, 3]);
    });
  });

  describe('drawing', () => {
    it('fits its container, down to a phone width, and follows it when it resizes', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} style="width: 320px"></mqtt-chart>`,
      );
      await publish(pub, topic, '1');
      await until(() => chart.uplot !== undefined, 'the plot to be created');
      expect(chart.uplot!.width).to.equal(320);
      chart.style.width = '500px';
      await until(
        () => chart.uplot!.width === 500,
        () => `width 500, got ${chart.uplot!.width}`,
      );
    });

    it('uses y-min and y-max, and puts the unit on the value axis', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} y-min="0" y-max="100" unit=" %" decimals="1"></mqtt-chart>`,
      );
      await publish(pub, topic, '42');
      await until(() => chart.uplot !== undefined, 'the plot to be created');
      await new Promise(requestAnimationFrame);
      expect(chart.uplot!.scales.y.min).to.equal(0);
      expect(chart.uplot!.scales.y.max).to.equal(100);
      const ticks = (chart.uplot!.axes[1] as unknown as { _values: string[] })._values;
      expect(ticks.every((t) => t.endsWith(' %'))).to.equal(true);
      expect(part(chart, 'series-value').textContent).to.equal('42.0 %');
    });

    it('shows readings without decimals set at about four significant digits, not as raw floats', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart topic=${topic} unit=" °C" locale="en-US"></mqtt-chart>`,
      );
      const legendValue = () =>
        chart.shadowRoot!.querySelector('[part~="series-value"]')?.textContent ?? '(no legend yet)';
      await publish(pub, topic, '21.456789123');
      await until(
        () => legendValue() === '21.46 °C',
        () => `the legend to show 21.46 °C; it shows ${legendValue()}`,
      );
      await publish(pub, topic, '1234.56789');
      await until(
        () => legendValue() === '1,235 °C',
        () => `the legend to show 1,235 °C; it shows ${legendValue()}`,
      );
      await publish(pub, topic, '0.5');
      await until(
        () => legendValue() === '0.5 °C',
        () => `the legend to show 0.5 °C; it shows ${legendValue()}`,
      );
      expect(part(chart, 'plot').getAttribute('aria-label')).to.contain('0.5 °C');
    });

    it('colours series from --mqtt-chart-color-N', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart
          topic=${topic}
          select="a,b"
          style="--mqtt-chart-color-1: #ff0000; --mqtt-chart-color-2: rgb(0, 0, 255)"
        ></mqtt-chart>`,
      );
      await publish(pub, topic, JSON.stringify({ a: 1, b: 2 }));
      await until(() => chart.uplot !== undefined, 'the plot to be created');
      const stroke = (i: number) =>
        (chart.uplot!.series[i].stroke as (u: unknown, i: number) => string)(chart.uplot, i);
      expect(stroke(1)).to.equal('#ff0000');
      expect(stroke(2)).to.equal('#0000ff');
    });
  });

  describe('accessibility', () => {
    it('is an image named by its label and a summary of each series, and passes axe', async () => {
      const chart = await mountWidget<MqttChart>(
        html`<mqtt-chart
          topic=${topic}
          label="Climate"
          select="temp,humidity"
          unit=""
          decimals="1"
        ></mqtt-chart>`,
      );
      await publish(pub, topic, JSON.stringify({ temp: 20.25, humidity: 40 }));
      await until(
        () => valuesOf(chart, 1).length === 1,
        () => describeSeries(chart),
      );
      await chart.updateComplete;
      const plot = part(chart, 'plot');
      expect(plot.getAttribute('role')).to.equal('img');
      expect(plot.getAttribute('aria-label')).to.equal(
        'Climate. temp: 20.3 now, steady (solid line). humidity: 40.0 now, steady (dashed line).',
      );
      await expect(chart).to.be.accessible();
    });

    it('shows topics and payload text only as text', async () => {
      const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${`${topic}/#`}></mqtt-chart>`);
      await publish(pub, `${topic}/<img src=x onerror=alert(1)>`, '1');
      await until(
        () => chart.series.length === 1,
        () => describeSeries(chart),
      );
      await chart.updateComplete;
      expect(chart.shadowRoot!.querySelector('img')).to.equal(null);
      expect(part(chart, 'series-label').textContent).to.equal('<img src=x onerror=alert(1)>');
    });
  });
});

describe('chart time series', () => {
  const series = (times: number[], values: (number | null)[]): ChartSeries => ({
    key: String(Math.random()),
    topic: 't',
    select: undefined,
    label: 't',
    times,
    values,
    visible: true,
  });

  it('aligns series on one time column, undefined where a series has no point and null kept as a gap', () => {
    const a = series([1, 3, 5], [10, null, 50]);
    const b = series([2, 3], [20, 30]);
    expect(alignSeries([a, b])).to.deep.equal([
      [1, 2, 3, 5],
      [10, undefined, null, 50],
      [undefined, 20, 30, undefined],
    ]);
  });

  it('trims to a count and to a start time', () => {
    const s = series([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);
    expect(trimSeries(s, 4)).to.equal(true);
    expect(s.values).to.deep.equal([2, 3, 4, 5]);
    expect(trimSeries(s, 10, 4)).to.equal(true);
    expect(s.times).to.deep.equal([4, 5]);
    expect(trimSeries(s, 10, 0)).to.equal(false);
  });

  it('finds the point nearest to a time', () => {
    expect(nearestPoint([], 5)).to.equal(-1);
    expect(nearestPoint([10, 20, 30], 14)).to.equal(0);
    expect(nearestPoint([10, 20, 30], 16)).to.equal(1);
    expect(nearestPoint([10, 20, 30], 99)).to.equal(2);
  });

  it('splits a select list at top-level commas only', () => {
    expect(splitSelectList(' temp , air.humidity,')).to.deep.equal(['temp', 'air.humidity']);
    expect(splitSelectList(`['a,b'].c,d[0]`)).to.deep.equal([`['a,b'].c`, 'd[0]']);
  });
});

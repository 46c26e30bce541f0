// <mqtt-chart> for people who do not see the drawing, tell colours apart, or want it to hold still.
import { expect, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { MqttClient } from 'mqtt';
import '../../src/chart.js';
import type { MqttChart } from '../../src/chart.js';
import { describeChart, trendOf } from '../../src/elements/mqtt-chart/chart-summary.js';
import { uniqueTopic } from '../support/brokers.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';
import { until } from '../support/until.js';
import { mountWidget, part } from '../widgets/widget-fixture.js';

describe('chart summary (no DOM)', () => {
  const cases: [number[], string][] = [
    [[1, 2, 3, 4, 5, 6], 'rising'],
    [[6, 5, 4, 3, 2, 1], 'falling'],
    [[5, 5.01, 4.99, 5, 5.02, 4.98], 'steady'],
    [[1, 9], 'steady'],
  ];
  for (const [values, trend] of cases) {
    it(`calls ${values.join(', ')} ${trend}`, () => expect(trendOf(values)).to.equal(trend));
  }

  it('says latest, range, trend and line pattern per series, skipping empty ones', () => {
    const text = describeChart(
      'Rooms',
      [
        { label: 'kitchen', values: [20, 21, 22, 23], visible: true },
        { label: 'hall', values: [], visible: true },
        { label: 'attic', values: [30, null, 28, 25], visible: false },
      ],
      (v) => `${v} °C`,
    );
    expect(text).to.equal(
      'Rooms. kitchen: 23 °C now, from 20 °C to 23 °C, rising (solid line). ' +
        'attic: 25 °C now, from 25 °C to 30 °C, falling (dotted line, hidden).',
    );
  });
});

describe('<mqtt-chart> accessibility', () => {
  let topic: string;
  let pub: MqttClient;

  beforeEach(async () => {
    topic = uniqueTopic('chart');
    pub = await testClient();
  });
  afterEach(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    await setViewport({ width: 800, height: 600 });
    await closeTestClients();
  });

  async function plotted(chart: MqttChart, points: number) {
    await until(
      () => chart.series.every((s) => s.values.length >= points) && chart.series.length > 0,
      () => `${points} points per series, got ${chart.series.map((s) => s.values.length).join(', ')}`,
    );
    await chart.updateComplete;
  }

  it('tells series apart by line pattern, names legend buttons without their changing values', async () => {
    const chart = await mountWidget<MqttChart>(
      html`<mqtt-chart topic=${topic} select="a,b" label="Pair"></mqtt-chart>`,
    );
    await publish(pub, topic, JSON.stringify({ a: 1, b: 2 }));
    await plotted(chart, 1);
    await until(() => chart.uplot !== undefined, 'the plot');
    const dashes = chart.uplot!.series.slice(1).map((s) => JSON.stringify(s.dash ?? []));
    expect(new Set(dashes).size, 'each series has its own pattern').to.equal(2);
    const [first] = chart.shadowRoot!.querySelectorAll<HTMLElement>('[part~="legend-item"]');
    expect(first!.querySelector('[part~="series-value"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(first!.querySelector('.visually-hidden')!.textContent).to.contain('solid line');
    await expect(chart).to.be.accessible();
  });

  it('shows its points as a table on request, newest first', async () => {
    const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic} label="Level"></mqtt-chart>`);
    for (const value of ['1', '2', '3']) await publish(pub, topic, value);
    await plotted(chart, 3);
    part<HTMLButtonElement>(chart, 'table-button').click();
    await chart.updateComplete;
    expect(part(chart, 'plot').hidden, 'the drawing gives way to the table').to.equal(true);
    const cells = [...part(chart, 'table').querySelectorAll('tbody td')].map((td) => td.textContent!.trim());
    expect(cells).to.deep.equal(['3', '2', '1']);
    await expect(chart).to.be.accessible();
  });

  it('holds the drawing still while paused and draws what came meanwhile on resume', async () => {
    const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic}></mqtt-chart>`);
    await publish(pub, topic, '1');
    await plotted(chart, 1);
    part<HTMLButtonElement>(chart, 'pause-button').click();
    await chart.updateComplete;
    expect(chart.hasAttribute('paused')).to.equal(true);
    await publish(pub, topic, '2');
    await plotted(chart, 2);
    expect(chart.data[1], 'the drawing has not moved').to.deep.equal([1]);
    part<HTMLButtonElement>(chart, 'pause-button').click();
    await until(() => chart.data[1]?.length === 2, 'the held point drawn on resume');
  });

  it('under reduced motion, a time window steps instead of sliding', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const chart = await mountWidget<MqttChart>(html`<mqtt-chart topic=${topic} duration="1m"></mqtt-chart>`);
    await publish(pub, topic, '5');
    await plotted(chart, 1);
    const drawn = chart.data;
    // Sliding redraws at least every second; a step comes only after ten.
    const redraws: unknown[] = [];
    const started = Date.now();
    await until(() => {
      if (chart.data !== drawn) redraws.push(chart.data);
      return Date.now() - started > 2500;
    }, 'two and a half seconds');
    expect(redraws, 'no redraw without a message').to.deep.equal([]);
  });

  it('keeps a long legend inside a 320 px card', async () => {
    await setViewport({ width: 320, height: 640 });
    const chart = await mountWidget<MqttChart>(
      html`<mqtt-chart topic=${`${topic}/#`} style="display:block; inline-size: 300px"></mqtt-chart>`,
    );
    await publish(pub, `${topic}/a-rather-long-room-name-for-a-sensor/temperature`, '21.456');
    await publish(pub, `${topic}/another-long-name/temperature`, '19.2');
    await plotted(chart, 1);
    const legend = part(chart, 'legend');
    expect(legend.scrollWidth, 'the legend does not overflow').to.be.at.most(legend.clientWidth + 1);
    expect(chart.scrollWidth).to.be.at.most(300 + 1);
  });
});

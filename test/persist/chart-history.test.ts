// `persist` and <mqtt-chart>: a wall screen reloaded while the broker is out of reach draws its charts
// with the points it had, marked as restored, until live points come; what is kept stays within
// `persist-points`; a history the library did not write is ignored with one warning.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import '../../src/chart.js';
import type { MqttChart } from '../../src/chart.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
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
import { plantHistory, storedHistory } from '../support/persist-database.js';
import { until } from '../support/until.js';
import { uniquePersistKey, watchPersistWarnings } from '../support/persist-fixtures.js';
import { uniqueClientId } from '../support/element-fixtures.js';

/** The values a chart draws, per series label. */
function drawn(chart: MqttChart): Record<string, (number | null)[]> {
  return Object.fromEntries(chart.series.map((s) => [s.label, [...s.values]]));
}

/** How many points the kept history of `chart` under `key` holds, per series topic. */
async function keptPoints(key: string, chart: string): Promise<Record<string, number>> {
  const entry = await storedHistory(key, chart);
  const series = (entry?.series ?? []) as { topic: string; times: Float64Array }[];
  return Object.fromEntries(series.map((s) => [s.topic, s.times.length]));
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`persist, chart history, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let publisher: NodeClient;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker, { reconnectPeriod: 100 });
    });
    after(cleanupFaults);
    let stopped = false;
    // A test that fails with the broker stopped must not take the next tests down with it.
    afterEach(async () => {
      if (stopped) await reviveBroker(broker);
      stopped = false;
    });

    /** Publishes each value in turn and waits until `chart` has drawn it. */
    async function feed(chart: MqttChart, topic: string, values: number[]): Promise<void> {
      for (const value of values) {
        await publisher.publish(topic, { payload: String(value) });
        await until(
          () => chart.series.some((s) => s.topic === topic && s.values[s.values.length - 1] === value),
          () => `the chart to draw ${value} on ${topic} (draws ${JSON.stringify(drawn(chart))})`,
        );
      }
    }

    it('a reload with the broker stopped draws each chart with its history, marked restored; live points end the mark', async () => {
      const key = uniquePersistKey(`chart-${kind}`);
      const temp = uniqueTopic('history/temp');
      const rooms = uniqueTopic('history/rooms');
      const mount = (clientId: string) =>
        fixture<MqttConnection>(html`
          <mqtt-connection
            url=${broker.wsUrl}
            client-id=${clientId}
            persist=${key}
            reconnect-period="100"
            max-reconnect-period="300"
          >
            <mqtt-subscribe topic=${temp}></mqtt-subscribe>
            <mqtt-chart id="temperature" topic=${temp} label="Temperature"></mqtt-chart>
            <mqtt-chart topic=${`${rooms}/+`} label="Rooms"></mqtt-chart>
          </mqtt-connection>
        `);
      const firstId = uniqueClientId('history');
      const first = await mount(firstId);
      const [firstTemp, firstRooms] = Array.from(first.querySelectorAll<MqttChart>('mqtt-chart'));
      await until(() => first.status === 'connected', 'the first page to connect');
      await untilBrokerHas(broker, firstId, [temp, `${rooms}/+`]);
      await feed(firstTemp, temp, [20, 21, 22, 23]);
      await feed(firstRooms, `${rooms}/kitchen`, [1, 2]);
      await feed(firstRooms, `${rooms}/hall`, [5]);
      expect(firstTemp.hasAttribute('restored'), 'live points are not restored').to.equal(false);
      // The chart with an id is kept under it; the other under its topic.
      let kept: Record<string, number> = {};
      await until(
        async () =>
          JSON.stringify((kept = await keptPoints(key, 'temperature'))) === JSON.stringify({ [temp]: 4 }),
        () => `the temperature history to be kept (kept: ${JSON.stringify(kept)})`,
      );
      await until(
        async () => Object.keys((kept = await keptPoints(key, `${rooms}/+`))).length === 2,
        () => `the rooms history to be kept (kept: ${JSON.stringify(kept)})`,
      );

      // The page goes away, the broker dies, and the page loads again.
      first.remove();
      await killBroker(broker);
      stopped = true;
      const secondId = uniqueClientId('history');
      const second = await mount(secondId);
      const [tempChart, roomsChart] = Array.from(second.querySelectorAll<MqttChart>('mqtt-chart'));
      const value = second.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await until(
        () => JSON.stringify(drawn(tempChart)) === JSON.stringify({ [temp]: [20, 21, 22, 23] }),
        () => `the temperature chart to draw its history once (draws ${JSON.stringify(drawn(tempChart))})`,
      );
      await until(
        () =>
          JSON.stringify(drawn(roomsChart)) === JSON.stringify({ kitchen: [1, 2], hall: [5] }) ||
          JSON.stringify(drawn(roomsChart)) === JSON.stringify({ hall: [5], kitchen: [1, 2] }),
        () => `the rooms chart to draw both series (draws ${JSON.stringify(drawn(roomsChart))})`,
      );
      expect(second.status, 'no broker: not connected').to.not.equal('connected');
      for (const chart of [tempChart, roomsChart]) {
        await until(
          () => chart.hasAttribute('restored'),
          `<mqtt-chart ${chart.label}> to show the restored state`,
        );
        expect(chart.matches(':state(restored)')).to.equal(true);
        await chart.updateComplete;
        expect(chart.shadowRoot!.querySelector('[part~="message"]')!.textContent, 'said in words').to.contain(
          'Restored from an earlier visit',
        );
        expect(
          chart.shadowRoot!.querySelector('[part~="plot"]')!.getAttribute('aria-label'),
          'the accessible summary says the points are restored',
        ).to.match(/Points up to .* restored from an earlier visit\.$/);
      }
      expect(value.hasAttribute('restored')).to.equal(true);
      tempChart.table = true;
      await tempChart.updateComplete;
      const rows = Array.from(tempChart.shadowRoot!.querySelectorAll('[part~="table"] tbody tr'));
      expect(rows.length).to.equal(4);
      expect(rows.every((row) => row.matches('[part~="restored-row"]'))).to.equal(true);
      expect(rows[0].textContent).to.contain('(restored)');
      expect(tempChart.shadowRoot!.querySelector('caption')!.textContent).to.contain(
        'restored from an earlier visit',
      );

      await reviveBroker(broker);
      stopped = false;
      await until(() => second.status === 'connected', 'the page to connect once the broker is back');
      await untilBrokerHas(broker, secondId, [temp, `${rooms}/+`]);
      await feed(tempChart, temp, [24]);
      await feed(roomsChart, `${rooms}/hall`, [6]);
      expect(drawn(tempChart)[temp]).to.deep.equal([20, 21, 22, 23, 24]);
      for (const chart of [tempChart, roomsChart]) {
        await until(
          () => !chart.hasAttribute('restored'),
          `<mqtt-chart ${chart.label}> to drop the restored state`,
        );
      }
      await tempChart.updateComplete;
      const liveRows = Array.from(tempChart.shadowRoot!.querySelectorAll('[part~="table"] tbody tr'));
      expect(liveRows.map((row) => row.matches('[part~="restored-row"]'))).to.deep.equal([
        false,
        true,
        true,
        true,
        true,
      ]);
      await until(() => !value.hasAttribute('restored'), 'the readout to drop the restored state');
      // The live point is kept too, for the next visit.
      await until(
        async () => (await keptPoints(key, 'temperature'))[temp] === 5,
        'the live point to be kept with the history',
      );
    });

    it('keeps at most persist-points of the newest points per series, and draws only those again', async () => {
      const key = uniquePersistKey(`chart-${`bounds-${kind}`}`);
      const topic = uniqueTopic('history/bound');
      const mount = (clientId: string) =>
        fixture<MqttConnection>(html`
          <mqtt-connection url=${broker.wsUrl} client-id=${clientId} persist=${key}>
            <mqtt-chart id="bounded" topic=${topic} persist-points="3"></mqtt-chart>
          </mqtt-connection>
        `);
      const clientId = uniqueClientId('history');
      const first = await mount(clientId);
      const chart = first.querySelector<MqttChart>('mqtt-chart')!;
      await until(() => first.status === 'connected', 'the page to connect');
      await untilBrokerHas(broker, clientId, [topic]);
      await feed(chart, topic, [1, 2, 3, 4, 5, 6]);
      expect(drawn(chart)[topic], 'the chart itself draws every point').to.deep.equal([1, 2, 3, 4, 5, 6]);
      let entry: Record<string, unknown> | undefined;
      await until(
        async () => {
          entry = await storedHistory(key, 'bounded');
          const series = entry?.series as { values: Float64Array }[] | undefined;
          return series?.[0]?.values.length === 3 && series[0].values[2] === 6;
        },
        () => `the three newest points to be kept (kept: ${JSON.stringify(entry)})`,
      );
      const [series] = entry!.series as { values: Float64Array }[];
      expect(Array.from(series.values)).to.deep.equal([4, 5, 6]);
      first.remove();

      const second = await mount(uniqueClientId('history'));
      const again = second.querySelector<MqttChart>('mqtt-chart')!;
      await until(
        () => JSON.stringify(drawn(again)[topic]) === JSON.stringify([4, 5, 6]),
        () => `the reloaded chart to draw the three kept points (draws ${JSON.stringify(drawn(again))})`,
      );
    });
  });
}

describe('persist, chart histories the library cannot use', function () {
  this.timeout(30_000);
  let broker: FaultBroker;
  before(async () => {
    broker = await startFaultBroker('aedes');
  });
  after(cleanupFaults);

  it('ignores a corrupted or foreign history with one warning, draws live points, and replaces the entry', async () => {
    const key = uniquePersistKey('chart-corrupt');
    const topic = uniqueTopic('history/corrupt');
    const other = uniqueTopic('history/foreign');
    const now = Date.now();
    await plantHistory({
      key,
      chart: 'broken',
      format: 1,
      // Times that go backwards: a corrupted entry.
      series: [
        {
          topic,
          path: 0,
          times: new Float64Array([now - 1_000, now - 2_000]),
          values: new Float64Array([1, 2]),
        },
      ],
    });
    // Another library's record under the same key and chart name.
    await plantHistory({ key, chart: 'foreign', points: 'not ours' });
    const warnings = watchPersistWarnings();
    try {
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl} persist=${key}>
          <mqtt-chart id="broken" topic=${topic}></mqtt-chart>
          <mqtt-chart id="foreign" topic=${other}></mqtt-chart>
        </mqtt-connection>
      `);
      const [broken, foreign] = Array.from(connection.querySelectorAll<MqttChart>('mqtt-chart'));
      await until(() => connection.status === 'connected', 'the page to connect regardless');
      await until(
        () => warnings.texts.filter((t) => t.includes('not one this library wrote')).length === 2,
        () => `a warning for each unusable history (warnings: ${JSON.stringify(warnings.texts)})`,
      );
      for (const chart of [broken, foreign]) {
        expect(chart.series, 'nothing drawn from an unusable entry').to.deep.equal([]);
        expect(chart.hasAttribute('restored')).to.equal(false);
        expect(chart.hasAttribute('error'), 'the chart itself is fine').to.equal(false);
      }

      await connection.core.whenSubscribed(undefined, 5_000);
      const publisher = await NodeClient.open(broker);
      await publisher.publish(topic, { payload: '7', qos: 1 });
      await until(() => drawn(broken)[topic]?.[0] === 7, 'the chart to draw a live point');
      // Its next write replaces the corrupted entry with one of ours.
      await until(
        async () => JSON.stringify(await keptPoints(key, 'broken')) === JSON.stringify({ [topic]: 1 }),
        'the corrupted entry to be replaced by the chart history',
      );
      await connection.clearPersisted();
      expect(await storedHistory(key, 'broken'), 'clearPersisted() removes chart histories too').to.equal(
        undefined,
      );
      expect(await storedHistory(key, 'foreign')).to.equal(undefined);
    } finally {
      warnings.stop();
    }
  });

  it('a bad persist-points is said on the chart and in mqtt-error; the history is kept with the default', async () => {
    const key = uniquePersistKey('chart-setting');
    const topic = uniqueTopic('history/setting');
    const errors: string[] = [];
    const connection = await fixture<MqttConnection>(html`
      <mqtt-connection url=${broker.wsUrl} persist=${key}>
        <mqtt-chart
          id="setting"
          topic=${topic}
          persist-points="none"
          @mqtt-error=${(e: CustomEvent<{ message: string }>) => errors.push(e.detail.message)}
        ></mqtt-chart>
      </mqtt-connection>
    `);
    const chart = connection.querySelector<MqttChart>('mqtt-chart')!;
    await until(() => chart.hasAttribute('error'), 'the chart to be in the error state');
    expect(chart.error?.message).to.include('persist-points="none" is not a number');
    expect(errors.join(' ')).to.include('persist-points="none"');
    await until(() => connection.status === 'connected', 'the page to connect');
    await connection.core.whenSubscribed(undefined, 5_000);
    const publisher = await NodeClient.open(broker);
    await publisher.publish(topic, { payload: '3', qos: 1 });
    await until(
      async () => JSON.stringify(await keptPoints(key, 'setting')) === JSON.stringify({ [topic]: 1 }),
      'the point to be kept all the same',
    );
  });
});

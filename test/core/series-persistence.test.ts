// A chart's history under `persist`, over a store in memory: writes are gathered, the newest points
// are kept within the bound, and only an intact entry of ours comes back.
import { expect } from '@open-wc/testing';
import { SeriesPersistence, type KeptSeries } from '../../src/core/persist/series-persistence.js';
import { MemoryMessageStore } from '../support/memory-message-store.js';

function keeper(store: MemoryMessageStore, series: KeptSeries[], maxPoints = 3): SeriesPersistence {
  return new SeriesPersistence({
    store,
    key: 'k',
    chart: 'c',
    maxPoints: () => maxPoints,
    snapshot: () => series,
  });
}

describe('chart history bookkeeping', () => {
  it('gathers many changes into one write of the newest points, gaps included', async () => {
    const store = new MemoryMessageStore();
    const series: KeptSeries[] = [
      { topic: 't', path: 0, times: [1, 2, 3, 4, 5], values: [10, null, 30, 40, 50] },
    ];
    const history = keeper(store, series);
    for (let i = 0; i < 20; i++) history.changed();
    await history.flush();
    expect(store.seriesWrites).to.equal(1);
    const again = await keeper(store, []).load();
    expect(again).to.deep.equal([{ topic: 't', path: 0, times: [3, 4, 5], values: [30, 40, 50] }]);
    // Nothing changed since: a flush writes nothing.
    await history.flush();
    expect(store.seriesWrites).to.equal(1);
    series[0] = { topic: 't', path: 0, times: [4, 5, 6], values: [40, null, 60] };
    history.changed();
    await history.flush();
    expect((await keeper(store, []).load())[0].values).to.deep.equal([40, null, 60]);
  });

  it('gives back nothing for an entry it did not write', async () => {
    const store = new MemoryMessageStore();
    const entries: unknown[] = [
      'text',
      { format: 2, series: [] },
      { format: 1, series: [{ topic: 't', path: 0, times: [1, 2], values: [1, 2] }] },
      {
        format: 1,
        series: [{ topic: 'a/+', path: 0, times: new Float64Array([1]), values: new Float64Array([1]) }],
      },
      {
        format: 1,
        series: [{ topic: 't', path: 0, times: new Float64Array([1, 2]), values: new Float64Array([1]) }],
      },
    ];
    for (const entry of entries) {
      store.series.set('k', new Map([['c', entry]]));
      expect(await keeper(store, []).load(), JSON.stringify(entry)).to.deep.equal([]);
    }
  });
});

// The bounds and bookkeeping of `persist`, over a store in memory: which topics stay when there are
// too many, what a lowered bound does to what is already kept, and that restored values are not
// written back as if new.
import { expect } from '@open-wc/testing';
import { MqttMessage } from '../../src/core/message.js';
import { Persistence } from '../../src/core/persist/persistence.js';
import { MemoryMessageStore } from '../support/memory-message-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
let clock = 1_000_000;
const message = (topic: string, text: string) => new MqttMessage(topic, bytes(text), false, 0, clock++);

describe('persist bookkeeping', () => {
  it('drops the least recently updated topic first, an update counting as recent', async () => {
    const store = new MemoryMessageStore();
    const persistence = new Persistence(store, { key: 'k', maxTopics: 2, maxPayloadBytes: 100 });
    await persistence.load();
    for (const topic of ['a', 'b']) {
      persistence.keep(topic, message(topic, topic));
      await persistence.flush();
    }
    // "a" updated again is the most recent: "b" goes when "c" comes.
    persistence.keep('a', message('a', 'a2'));
    await persistence.flush();
    persistence.keep('c', message('c', 'c'));
    await persistence.flush();
    expect(store.topics('k')).to.deep.equal(['a', 'c']);
    persistence.dispose();
  });

  it('a cleared topic is removed; a payload over the bound is not kept and removes the older entry', async () => {
    const store = new MemoryMessageStore();
    const persistence = new Persistence(store, { key: 'k', maxTopics: 10, maxPayloadBytes: 4 });
    await persistence.load();
    persistence.keep('small', message('small', 'ok'));
    persistence.keep('grows', message('grows', 'ok'));
    persistence.keep('cleared', message('cleared', 'ok'));
    await persistence.flush();
    persistence.keep('grows', message('grows', 'too large'));
    persistence.keep('cleared', undefined);
    await persistence.flush();
    expect(store.topics('k')).to.deep.equal(['small']);
    persistence.dispose();
  });

  it('loads the newest entries within a lowered bound, marked restored, and trims the rest from the store', async () => {
    const store = new MemoryMessageStore();
    const first = new Persistence(store, { key: 'k', maxTopics: 5, maxPayloadBytes: 100 });
    await first.load();
    for (const topic of ['a', 'b', 'c']) first.keep(topic, message(topic, topic));
    await first.flush();
    first.dispose();

    const second = new Persistence(store, { key: 'k', maxTopics: 2, maxPayloadBytes: 100 });
    const restored = await second.load();
    expect(restored.map((m) => [m.topic, m.text, m.restored])).to.deep.equal([
      ['b', 'b', true],
      ['c', 'c', true],
    ]);
    // Handed back, a restored message is not written again as if it were new.
    second.keep('b', restored[0]);
    await second.flush();
    expect(store.topics('k')).to.deep.equal(['b', 'c']);
    expect(store.topics('other')).to.deep.equal([]);
    second.dispose();
  });
});

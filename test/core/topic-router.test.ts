// The topic router must deliver exactly what checking every filter one by one would, and give memory back.
import { expect } from '@open-wc/testing';
import { topicMatchesFilter } from '../../src/core/topic.js';
import { TopicRouter } from '../../src/core/topic-router.js';

/** A small seeded generator (mulberry32), so a failure can be reproduced run after run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Few distinct level names, so that random filters and topics overlap often.
const topicLevels = ['a', 'b', 'c', '', 'x', '$SYS', 'é', '🌡'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}

function randomTopic(random: () => number): string {
  const count = 1 + Math.floor(random() * 5);
  const topic = Array.from({ length: count }, () => pick(random, topicLevels)).join('/');
  return topic === '' ? randomTopic(random) : topic; // an empty topic is not valid
}

function randomFilter(random: () => number): string {
  const count = 1 + Math.floor(random() * 5);
  const levels = Array.from({ length: count }, () => (random() < 0.3 ? '+' : pick(random, topicLevels)));
  if (random() < 0.25) levels[levels.length - 1] = '#';
  const filter = levels.join('/');
  return filter === '' ? randomFilter(random) : filter; // an empty filter is not valid
}

function routed(router: TopicRouter<string>, topic: string): string[] {
  const visited: string[] = [];
  router.match(topic, (value, filter) => {
    expect(value).to.equal(`value of ${filter}`);
    visited.push(filter);
  });
  return visited.sort();
}

function bruteForce(filters: Iterable<string>, topic: string): string[] {
  return [...filters].filter((filter) => topicMatchesFilter(topic, filter)).sort();
}

describe('TopicRouter', () => {
  describe('routes like checking every filter', () => {
    const random = seededRandom(20240611);
    const filters = new Set<string>();
    while (filters.size < 3000) filters.add(randomFilter(random));
    const topics = Array.from({ length: 3000 }, () => randomTopic(random));

    it('with thousands of random filters and topics, each match visited once', () => {
      const router = new TopicRouter<string>();
      for (const filter of filters) router.set(filter, `value of ${filter}`);
      expect(router.size).to.equal(filters.size);
      let matches = 0;
      for (const topic of topics) {
        const expected = bruteForce(filters, topic);
        expect(routed(router, topic), topic).to.deep.equal(expected);
        expect(router.matchCount(topic)).to.equal(expected.length);
        matches += expected.length;
      }
      // Guards the generator: a test where nothing matches would prove nothing.
      expect(matches).to.be.above(topics.length * 5);
    });

    it('after deleting filters in random order, then prunes the trie to nothing', () => {
      const router = new TopicRouter<string>();
      for (const filter of filters) router.set(filter, `value of ${filter}`);
      const remaining = new Set(filters);
      const deletionOrder = shuffled([...filters], random);
      for (const [index, filter] of deletionOrder.entries()) {
        expect(router.delete(filter)).to.equal(true);
        remaining.delete(filter);
        if (index % 500 === 0) {
          for (const topic of topics.slice(0, 300)) {
            expect(routed(router, topic), topic).to.deep.equal(bruteForce(remaining, topic));
          }
        }
      }
      expect(router.size).to.equal(0);
      expect(router.trieNodeCount).to.equal(0);
      for (const topic of topics.slice(0, 100)) expect(routed(router, topic)).to.deep.equal([]);
    });
  });

  it('gives memory back after churn', () => {
    const random = seededRandom(7);
    const router = new TopicRouter<string>();
    for (let round = 0; round < 20; round++) {
      const added: string[] = [];
      for (let index = 0; index < 200; index++) {
        const filter = `${randomFilter(random)}/${round}-${index}`.replace('#/', '+/');
        router.set(filter, `value of ${filter}`);
        added.push(filter);
      }
      for (const filter of added) router.delete(filter);
      expect(router.size).to.equal(0);
      expect(router.trieNodeCount).to.equal(0);
    }
  });

  it('prunes only the nodes no other filter uses', () => {
    const router = new TopicRouter<number>();
    router.set('a/b/c', 1);
    const afterOne = router.trieNodeCount;
    router.set('a/b/c/d', 2);
    router.set('a/b/#', 3);
    router.set('a/+/c', 4);
    router.delete('a/b/c/d');
    router.delete('a/+/c');
    expect(router.trieNodeCount).to.equal(afterOne);
    expect(router.matchCount('a/b/c')).to.equal(2);
    router.delete('a/b/c');
    expect(router.matchCount('a/b/c')).to.equal(1);
    router.delete('a/b/#');
    expect(router.trieNodeCount).to.equal(0);
  });

  it('visits each of many overlapping filters once', () => {
    const router = new TopicRouter<string>();
    const overlapping = ['a/b', 'a/+', '+/b', '+/+', 'a/#', '+/#', '#', 'a/b/#', 'a/+/#', '+/+/#'];
    for (const filter of overlapping) router.set(filter, `value of ${filter}`);
    router.set('a/c', 'value of a/c');
    router.set('a/b/c', 'value of a/b/c');
    expect(routed(router, 'a/b')).to.deep.equal([...overlapping].sort());
  });

  it('keeps "$" topics away from filters that start with a wildcard', () => {
    const router = new TopicRouter<string>();
    for (const filter of ['#', '+', '+/monitor/Clients', '+/#', '$SYS/#', '$SYS/monitor/+', '$SYS']) {
      router.set(filter, `value of ${filter}`);
    }
    expect(routed(router, '$SYS/monitor/Clients')).to.deep.equal(['$SYS/#', '$SYS/monitor/+']);
    expect(routed(router, '$SYS')).to.deep.equal(['$SYS', '$SYS/#']);
    expect(routed(router, 'app/monitor/Clients')).to.deep.equal(['#', '+/#', '+/monitor/Clients']);
  });

  it('matches "a/#" to "a" and "+" to an empty level', () => {
    const router = new TopicRouter<string>();
    for (const filter of ['a/#', 'a/+', 'a']) router.set(filter, `value of ${filter}`);
    expect(routed(router, 'a')).to.deep.equal(['a', 'a/#']);
    expect(routed(router, 'a/')).to.deep.equal(['a/#', 'a/+']);
  });

  it('keeps one value per filter and lists filters in the order they were set', () => {
    const router = new TopicRouter<number>();
    router.set('b/+', 1);
    router.set('a/#', 2);
    router.set('b/+', 3);
    expect(router.size).to.equal(2);
    expect(router.get('b/+')).to.equal(3);
    expect(router.get('b/x')).to.equal(undefined);
    expect(router.has('a/#')).to.equal(true);
    expect([...router.entries()]).to.deep.equal([
      ['b/+', 3],
      ['a/#', 2],
    ]);
    expect([...router]).to.deep.equal([...router.entries()]);
    expect([...router.filters()]).to.deep.equal(['b/+', 'a/#']);
    expect([...router.values()]).to.deep.equal([3, 2]);
    expect(router.delete('b/x')).to.equal(false);
    expect(router.delete('b/+')).to.equal(true);
    expect(router.delete('b/+')).to.equal(false);
    expect(router.size).to.equal(1);
  });

  it('refuses an invalid filter with the reason, and stays unchanged', () => {
    const router = new TopicRouter<number>();
    expect(() => router.set('sport/tennis#', 1)).to.throw(TypeError, 'Did you mean "sport/tennis/#"?');
    expect(() => router.set('a/#/b', 1)).to.throw(TypeError, '"#" must be the last level');
    expect(() => router.set('', 1)).to.throw(TypeError, 'cannot be empty');
    expect(router.size).to.equal(0);
    expect(router.trieNodeCount).to.equal(0);
  });

  it('lets a visitor delete filters while a topic is being routed', () => {
    const router = new TopicRouter<string>();
    for (const filter of ['a/b', 'a/+', 'a/#', '#']) router.set(filter, `value of ${filter}`);
    const visited: string[] = [];
    router.match('a/b', (_value, filter) => {
      visited.push(filter);
      for (const other of ['a/b', 'a/+', 'a/#', '#']) router.delete(other);
    });
    expect(visited).to.have.length(1);
    expect(router.size).to.equal(0);
    expect(router.trieNodeCount).to.equal(0);
  });

  it('routes topics and filters with tens of thousands of levels', () => {
    const router = new TopicRouter<string>();
    const deepFilter = Array.from({ length: 30000 }, (_, index) => (index % 2 ? '+' : 'a')).join('/');
    const deepTopic = 'a/'.repeat(30000).slice(0, -1);
    for (const filter of [deepFilter, 'a/#', '#', '+/+']) router.set(filter, `value of ${filter}`);
    expect(routed(router, deepTopic)).to.deep.equal(['#', deepFilter, 'a/#'].sort());
    expect(routed(router, `${deepTopic}/a`)).to.deep.equal(['#', 'a/#']);
    expect(routed(router, '/'.repeat(60000))).to.deep.equal(['#']);
    router.delete(deepFilter);
    expect(routed(router, deepTopic)).to.deep.equal(['#', 'a/#']);
  });
});

// Reconnect delays: a page never retries faster than reconnect-period, never waits longer than
// max-reconnect-period, and a crowd of pages spreads out instead of retrying in step.
import { expect } from '@open-wc/testing';
import { reconnectDelay } from '../../src/core/reconnect-backoff.js';

const lowest = () => 0;
const highest = () => 0.999999;

describe('reconnectDelay', () => {
  it('waits reconnect-period before the first retry, whatever the randomness', () => {
    for (const random of [lowest, highest, () => 0.5]) {
      expect(reconnectDelay(1, { initial: 1000, max: 30_000, random })).to.equal(1000);
    }
  });

  it('doubles the ceiling with each attempt', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) =>
      reconnectDelay(attempt, { initial: 1000, max: 60_000, random: highest }),
    );
    expect(ceilings).to.deep.equal([1000, 2000, 4000, 8000, 16_000]);
  });

  it('never goes below reconnect-period', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect(reconnectDelay(attempt, { initial: 1000, max: 30_000, random: lowest })).to.equal(1000);
    }
  });

  it('never goes above max-reconnect-period, however many attempts failed', () => {
    for (const attempt of [6, 10, 50, 1000, 1e6]) {
      const delay = reconnectDelay(attempt, { initial: 1000, max: 30_000, random: highest });
      expect(delay, `attempt ${attempt}`).to.be.at.most(30_000);
      expect(delay, `attempt ${attempt}`).to.be.at.least(29_999);
    }
  });

  it('stays a finite number of milliseconds for absurd attempt counts', () => {
    const delay = reconnectDelay(Number.MAX_SAFE_INTEGER, { initial: 500, max: 10_000, random: () => 0.5 });
    expect(Number.isFinite(delay)).to.equal(true);
    expect(delay).to.be.within(500, 10_000);
  });

  it('spreads the delay between the floor and the ceiling (jitter)', () => {
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) delays.add(reconnectDelay(4, { initial: 1000, max: 30_000 }));
    for (const delay of delays) expect(delay).to.be.within(1000, 8000);
    // 200 random draws over 7000 ms landing on a handful of values would mean no jitter at all.
    expect(delays.size).to.be.greaterThan(50);
  });

  it('returns whole milliseconds, as setTimeout expects', () => {
    for (let i = 0; i < 50; i++) {
      expect(Number.isInteger(reconnectDelay(3, { initial: 333, max: 10_000 }))).to.equal(true);
    }
  });

  it('uses max-reconnect-period when it is below reconnect-period', () => {
    expect(reconnectDelay(1, { initial: 5000, max: 2000, random: highest })).to.equal(2000);
    expect(reconnectDelay(8, { initial: 5000, max: 2000, random: highest })).to.equal(2000);
  });

  it('treats attempt 0 like the first attempt', () => {
    expect(reconnectDelay(0, { initial: 1000, max: 30_000, random: highest })).to.equal(1000);
  });
});

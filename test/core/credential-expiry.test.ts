// When credentials from the credentials function count as expired, and when they are renewed.
import { expect } from '@open-wc/testing';
import { expiryOf, renewalDelay } from '../../src/core/credential-expiry.js';

const now = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('expiryOf', () => {
  it('takes a Date or epoch milliseconds in the future; nothing when none is given', () => {
    expect(expiryOf(new Date(now + 60_000), now)).to.equal(now + 60_000);
    expect(expiryOf(now + 1, now)).to.equal(now + 1);
    expect(expiryOf(undefined, now)).to.equal(undefined);
  });

  it('refuses a time that has passed, saying when it was', () => {
    expect(() => expiryOf(now - 60_000, now)).to.throw(
      'The credentials function returned credentials that expired (expiresAt 2026-12-02T11:59:00.000Z): ' +
        'return fresh ones, with expiresAt a Date or epoch milliseconds in the future.',
    );
    expect(() => expiryOf(now, now)).to.throw(/expired/);
  });

  it("says that a token's exp is in seconds when it looks like one", () => {
    expect(() => expiryOf(Math.floor(now / 1000) + 3600, now)).to.throw(
      /A token's "exp" is in seconds: multiply it by 1000\.$/,
    );
  });

  it('refuses what is not a time', () => {
    expect(() => expiryOf(new Date('not a date'), now)).to.throw(/expiresAt Invalid Date/);
    expect(() => expiryOf(Number.NaN, now)).to.throw(/expiresAt NaN/);
  });
});

describe('renewalDelay', () => {
  it('renews after about 85 % of a long lifetime', () => {
    expect(renewalDelay(now + 3_600_000, now)).to.equal(3_060_000);
    expect(renewalDelay(now + 86_400_000, now)).to.equal(73_440_000);
  });

  it('keeps at least 5 s in hand, or half of a lifetime shorter than 10 s', () => {
    expect(renewalDelay(now + 20_000, now)).to.equal(15_000);
    expect(renewalDelay(now + 4_000, now)).to.equal(2_000);
  });

  it('never sooner than 1 s, so a very short lifetime cannot make a loop', () => {
    expect(renewalDelay(now + 500, now)).to.equal(1_000);
  });
});

// describeAge / ageChangesIn: the words a "last seen" readout shows, and when they next change.
import { expect } from '@open-wc/testing';
import { ageChangesIn, describeAge } from '../../src/core/age.js';

describe('last seen wording', () => {
  it('says now for a fresh value, then seconds, minutes, hours, days', () => {
    expect(describeAge(1200, 'en')).to.equal('now');
    expect(describeAge(12_400, 'en')).to.equal('12 sec. ago');
    expect(describeAge(3 * 60_000 + 5000, 'en')).to.equal('3 min. ago');
    expect(describeAge(2 * 3_600_000 + 1, 'en')).to.equal('2 hr. ago');
    expect(describeAge(86_400_000 + 1, 'en')).to.equal('yesterday');
    expect(describeAge(3 * 60_000, 'de')).to.equal('vor 3 Min.');
  });

  it('wakes up when the words change, not every second for an old value', () => {
    expect(ageChangesIn(1000)).to.equal(4000);
    expect(ageChangesIn(12_400)).to.equal(600);
    expect(ageChangesIn(3 * 60_000 + 5000)).to.equal(55_000);
    expect(ageChangesIn(2 * 3_600_000 + 60_000)).to.equal(3_540_000);
  });
});

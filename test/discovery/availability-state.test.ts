// Availability as Home Assistant decides it: unknown means unavailable; latest, all and any modes.
import { expect } from '@open-wc/testing';
import { AvailabilityState, type Availability } from '../../src/discovery/index.js';

const source = (topic: string, template?: string) => ({
  topic,
  payloadAvailable: 'online',
  payloadNotAvailable: 'offline',
  template,
});

describe('AvailabilityState', () => {
  it('is available without sources, and unavailable until a source speaks', () => {
    expect(new AvailabilityState({ sources: [], mode: 'latest' }).available).to.equal(true);
    const state = new AvailabilityState({ sources: [source('a')], mode: 'latest' });
    expect(state.available).to.equal(false);
    expect(state.known).to.equal(false);
    expect(state.receive('a', 'online')).to.equal(true);
    expect(state.available).to.equal(true);
  });

  it('ignores payloads that are neither value, and treats a cleared message as unavailable', () => {
    const state = new AvailabilityState({ sources: [source('a')], mode: 'latest' });
    state.receive('a', 'online');
    expect(state.receive('a', 'rebooting')).to.equal(false);
    expect(state.available).to.equal(true);
    state.receive('a', '');
    expect(state.available).to.equal(false);
  });

  const modes: [Availability['mode'], string, string, boolean][] = [
    ['latest', 'online', 'offline', false],
    ['latest', 'offline', 'online', true],
    ['all', 'online', 'offline', false],
    ['all', 'online', 'online', true],
    ['any', 'online', 'offline', true],
    ['any', 'offline', 'offline', false],
  ];
  for (const [mode, first, second, expected] of modes) {
    it(`mode ${mode}: a says ${first}, then b says ${second} → ${expected ? 'available' : 'unavailable'}`, () => {
      const state = new AvailabilityState({ sources: [source('a'), source('b')], mode });
      state.receive('a', first);
      state.receive('b', second);
      expect(state.available).to.equal(expected);
    });
  }

  it('reads JSON availability through its template (zigbee2mqtt 2.x)', () => {
    const state = new AvailabilityState({ sources: [source('z', '{{ value_json.state }}')], mode: 'latest' });
    state.receive('z', '{"state":"online"}');
    expect(state.available).to.equal(true);
    state.receive('z', '{"state":"offline"}');
    expect(state.available).to.equal(false);
  });

  it('keeps its state and names the problem when the template fails', () => {
    const state = new AvailabilityState({
      sources: [source('z', '{{ value_json.state.x }}')],
      mode: 'latest',
    });
    expect(state.receive('z', '{}')).to.equal(true);
    expect(state.error).to.match(/availability template: value_json.state is not defined/);
    expect(state.available).to.equal(false);
  });
});

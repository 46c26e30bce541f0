// AvailabilityTracker: what one availability message means, and how several topics combine, for
// each convention's availability payloads.
import { expect } from '@open-wc/testing';
import { AvailabilityTracker, availabilityVerdict, parseList } from '../../src/core/availability.js';
import { MqttMessage } from '../../src/core/message.js';

const message = (topic: string, text: string) =>
  new MqttMessage(topic, new TextEncoder().encode(text), true, 1);

describe('availability rules', () => {
  it('reads online/offline by default and ignores anything else', () => {
    expect(availabilityVerdict(message('a', 'online'), {})).to.equal(true);
    expect(availabilityVerdict(message('a', ' offline\n'), {})).to.equal(false);
    expect(availabilityVerdict(message('a', 'rebooting'), {})).to.equal(undefined);
  });

  it('takes a cleared retained availability as unavailable', () => {
    expect(availabilityVerdict(message('a', ''), {})).to.equal(false);
  });

  it('Tasmota: Online / Offline', () => {
    const rule = { payloadAvailable: 'Online', payloadsNotAvailable: ['Offline'] };
    expect(availabilityVerdict(message('tele/x/LWT', 'Online'), rule)).to.equal(true);
    expect(availabilityVerdict(message('tele/x/LWT', 'Offline'), rule)).to.equal(false);
    expect(availabilityVerdict(message('tele/x/LWT', 'online'), rule)).to.equal(undefined);
  });

  it('zigbee2mqtt 2.x: the state field of a JSON payload', () => {
    const rule = { select: 'state' };
    const tracker = new AvailabilityTracker();
    expect(tracker.receive(message('z/bulb/availability', '{"state":"online"}'), rule)).to.equal(true);
    expect(tracker.receive(message('z/bulb/availability', '{"state":"offline"}'), rule)).to.equal(false);
    // Text where JSON is expected, or JSON without the field: no verdict, the last one stays.
    expect(tracker.receive(message('z/bulb/availability', 'online'), rule)).to.equal(undefined);
    expect(tracker.receive(message('z/bulb/availability', '{"other":1}'), rule)).to.equal(undefined);
    expect(tracker.state).to.equal('unavailable');
  });

  it('Homie: a list of not-available states, or strict mode', () => {
    const list = {
      payloadAvailable: 'ready',
      payloadsNotAvailable: ['init', 'disconnected', 'sleeping', 'lost', 'alert'],
    };
    for (const state of list.payloadsNotAvailable) {
      expect(availabilityVerdict(message('homie/d/$state', state), list), state).to.equal(false);
    }
    expect(availabilityVerdict(message('homie/d/$state', 'ready'), list)).to.equal(true);
    const strict = { payloadAvailable: 'ready', strict: true };
    expect(availabilityVerdict(message('homie/d/$state', 'anything'), strict)).to.equal(false);
    expect(availabilityVerdict(message('homie/d/$state', 'ready'), strict)).to.equal(true);
  });

  it('Shelly Gen2: true / false', () => {
    const rule = { payloadAvailable: 'true', payloadsNotAvailable: ['false'] };
    expect(availabilityVerdict(message('s/online', 'true'), rule)).to.equal(true);
    expect(availabilityVerdict(message('s/online', 'false'), rule)).to.equal(false);
  });

  it('a read function (a template) wins over select', () => {
    const rule = {
      select: 'state',
      read: (m: MqttMessage) => (m.text.includes('up') ? 'online' : 'offline'),
    };
    expect(availabilityVerdict(message('a', '{"state":"offline","link":"up"}'), rule)).to.equal(true);
  });

  describe('modes over several topics', () => {
    const topics = ['bridge/state', 'bulb/availability'];
    it('is unknown until a topic gives a verdict', () => {
      const tracker = new AvailabilityTracker('all');
      expect(tracker.stateOf(topics)).to.equal('unknown');
      tracker.receive(message('bulb/availability', 'maybe'));
      expect(tracker.stateOf(topics)).to.equal('unknown');
    });

    it('all: available only when every topic says so, open while one has not spoken', () => {
      const tracker = new AvailabilityTracker('all');
      tracker.receive(message('bridge/state', 'online'));
      expect(tracker.stateOf(topics)).to.equal('unknown');
      tracker.receive(message('bulb/availability', 'online'));
      expect(tracker.stateOf(topics)).to.equal('available');
      tracker.receive(message('bridge/state', 'offline'));
      expect(tracker.stateOf(topics)).to.equal('unavailable');
    });

    it('any: available while one topic says so', () => {
      const tracker = new AvailabilityTracker('any');
      tracker.receive(message('bridge/state', 'offline'));
      expect(tracker.stateOf(topics)).to.equal('unavailable');
      tracker.receive(message('bulb/availability', 'online'));
      expect(tracker.stateOf(topics)).to.equal('available');
    });

    it('latest: the last verdict on any topic decides', () => {
      const tracker = new AvailabilityTracker('latest');
      tracker.receive(message('bridge/state', 'online'));
      tracker.receive(message('bulb/availability', 'offline'));
      expect(tracker.stateOf(topics)).to.equal('unavailable');
      tracker.receive(message('bridge/state', 'online'));
      expect(tracker.stateOf(topics)).to.equal('available');
    });
  });

  it('parses list attributes', () => {
    expect(parseList(' not here ')).to.deep.equal(['not here']);
    expect(parseList('a/b  c/d\n e', { split: true })).to.deep.equal(['a/b', 'c/d', 'e']);
    expect(parseList('["not here", "lost"]')).to.deep.equal(['not here', 'lost']);
    expect(parseList('')).to.deep.equal([]);
    expect(() => parseList("['single']")).to.throw(/double quotes/);
  });
});

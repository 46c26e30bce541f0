// <mqtt-subscribe> as a user meets it: what it shows for each message, its states, properties and events,
// against the embedded Aedes broker.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { nothing } from 'lit';
import type { MqttClient } from 'mqtt';
import type { MqttErrorEvent, MqttMessageEvent } from '../../src/events.js';
import type { MqttSubscribe } from '../../src/index.js';
import { brokerPackets, brokerUrl, uniqueTopic } from '../support/brokers.js';
import {
  connectedFixture,
  shown,
  uniqueClientId,
  until,
  untilShown,
  untilSubscribed,
  valuePart,
} from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

describe('<mqtt-subscribe>', function () {
  this.timeout(30_000);

  let url: string;
  let topic: string;
  let pub: MqttClient;

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    topic = uniqueTopic('subscribe');
    pub = await testClient();
  });
  afterEach(closeTestClients);

  /** Mounts one `<mqtt-subscribe>` (given as a template) inside a connected `<mqtt-connection>`. */
  async function mount(
    inner: ReturnType<typeof html>,
    clientId = uniqueClientId('sub'),
  ): Promise<MqttSubscribe> {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url} client-id=${clientId}>${inner}</mqtt-connection>`,
    );
    return connection.querySelector('mqtt-subscribe')!;
  }

  describe('topic and qos', () => {
    it('subscribes to its topic once, with its qos, and shows what is published there', async () => {
      const clientId = uniqueClientId('qos');
      const el = await mount(html`<mqtt-subscribe topic=${topic} qos="1"></mqtt-subscribe>`, clientId);
      await untilSubscribed(clientId, topic);
      const packets = (await brokerPackets('aedes', clientId)).filter((p) => p.topic === topic);
      expect(packets).to.deep.equal([{ type: 'subscribe', clientId, topic, qos: 1 }]);

      await publish(pub, topic, 'hello', { qos: 1 });
      await untilShown(el, 'hello');
      expect(el.message!.qos).to.equal(1);
    });

    it('follows a change of its topic', async () => {
      const other = `${topic}/other`;
      await publish(pub, topic, 'first', { retain: true });
      await publish(pub, other, 'second', { retain: true });
      const el = await mount(html`<mqtt-subscribe topic=${topic}></mqtt-subscribe>`);
      await untilShown(el, 'first');
      el.topic = other;
      await untilShown(el, 'second');
    });
  });

  describe('before the first message', () => {
    it('shows "—" until a message arrives', async () => {
      const clientId = uniqueClientId('placeholder');
      const el = await mount(html`<mqtt-subscribe topic=${topic}></mqtt-subscribe>`, clientId);
      await untilSubscribed(clientId, topic);
      await el.updateComplete;
      expect(shown(el)).to.equal('—');
      expect(el.value).to.equal(undefined);
      expect(el.message).to.equal(undefined);

      await publish(pub, topic, '5');
      await untilShown(el, '5');
    });

    it('shows its own placeholder, and again once the retained value is cleared', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} placeholder="waiting…"></mqtt-subscribe>`);
      await el.updateComplete;
      expect(shown(el)).to.equal('waiting…');
      await publish(pub, topic, 'on', { retain: true });
      await untilShown(el, 'on');
      await publish(pub, topic, '', { retain: true });
      await untilShown(el, 'waiting…');
      expect(el.value).to.equal(undefined);
    });
  });

  describe('as: decoding the payload', () => {
    const cases: { as: string | undefined; payload: string; shows: string; value: unknown }[] = [
      { as: undefined, payload: '{ "a": 1 }', shows: '{"a":1}', value: { a: 1 } },
      { as: undefined, payload: 'plain words', shows: 'plain words', value: 'plain words' },
      { as: undefined, payload: '42', shows: '42', value: 42 },
      { as: 'text', payload: '{ "a": 1 }', shows: '{ "a": 1 }', value: '{ "a": 1 }' },
      { as: 'json', payload: '{ "a": 1 }', shows: '{"a":1}', value: { a: 1 } },
      { as: 'json', payload: '"quoted"', shows: 'quoted', value: 'quoted' },
      { as: 'number', payload: ' 21.5 ', shows: '21.5', value: 21.5 },
      { as: 'boolean', payload: 'ON', shows: 'true', value: true },
      { as: 'boolean', payload: 'no', shows: 'false', value: false },
      { as: 'hex', payload: 'AB\n', shows: '41 42 0a', value: '41 42 0a' },
      { as: 'base64', payload: 'hello', shows: 'aGVsbG8=', value: 'aGVsbG8=' },
    ];
    for (const { as, payload, shows, value } of cases) {
      it(`as=${as ?? '(default)'}: ${JSON.stringify(payload)} shows ${JSON.stringify(shows)}`, async () => {
        const el = await mount(
          html`<mqtt-subscribe topic=${topic} as=${as ?? nothing} locale="en-US"></mqtt-subscribe>`,
        );
        await publish(pub, topic, payload, { retain: true });
        await untilShown(el, shows);
        expect(el.value).to.deep.equal(value);
        expect(el.hasAttribute('error')).to.equal(false);
      });
    }

    it('as="json" with a payload that is not JSON: error state, the last good value stays', async () => {
      const errors: MqttErrorEvent[] = [];
      const el = await mount(
        html`<mqtt-subscribe
          topic=${topic}
          as="json"
          @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
        ></mqtt-subscribe>`,
      );
      await publish(pub, topic, '{"ok":true}');
      await untilShown(el, '{"ok":true}');
      await publish(pub, topic, 'not json at all');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      expect(el.matches(':state(error)')).to.equal(true);
      expect(shown(el)).to.equal('{"ok":true}');
      expect(el.value).to.deep.equal({ ok: true });
      expect(valuePart(el).title).to.contain('not valid JSON');
      expect(errors).to.have.length(1);
      expect(errors[0].detail.message).to.equal(valuePart(el).title);
    });

    it('as="number" with a word: error state that names the payload', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} as="number"></mqtt-subscribe>`);
      await publish(pub, topic, 'warm');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      expect(valuePart(el).title).to.contain('"warm" is not a number');
      expect(shown(el)).to.equal('—');
    });
  });

  describe('select: a field of a JSON payload', () => {
    const payload = JSON.stringify({
      temp: 21.5,
      data: { readings: [{ value: 7 }, { value: 8 }] },
      'key with.dot': 'dotted',
      'a/b': 'slashed',
    });
    const cases: [select: string, shows: string][] = [
      ['temp', '21.5'],
      ['data.readings[1].value', '8'],
      ["['key with.dot']", 'dotted'],
      ['/data/readings/0/value', '7'],
      ['/a~1b', 'slashed'],
      ['data.readings', '[{"value":7},{"value":8}]'],
    ];
    for (const [select, shows] of cases) {
      it(`select="${select}" shows ${shows}`, async () => {
        const el = await mount(
          html`<mqtt-subscribe topic=${topic} select=${select} locale="en-US"></mqtt-subscribe>`,
        );
        await publish(pub, topic, payload, { retain: true });
        await untilShown(el, shows);
      });
    }

    it('an absent field: error state with the reason in the title and an event; the last good value stays', async () => {
      const errors: MqttErrorEvent[] = [];
      const el = await mount(
        html`<mqtt-subscribe
          topic=${topic}
          select="humidity"
          unit=" %"
          @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
        ></mqtt-subscribe>`,
      );
      await publish(pub, topic, '{"humidity": 40}');
      await untilShown(el, '40 %');
      expect(el.hasAttribute('error')).to.equal(false);
      expect(valuePart(el).hasAttribute('title')).to.equal(false);

      await publish(pub, topic, '{"temp": 20}');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      expect(el.matches(':state(error)')).to.equal(true);
      expect(shown(el)).to.equal('40 %');
      expect(el.value).to.equal(40);
      const title = valuePart(el).title;
      expect(title).to.contain('"humidity" is not in the message');
      expect(title).to.contain('temp');
      expect(errors).to.have.length(1);
      expect(errors[0].detail.message).to.equal(title);
      expect(errors[0].bubbles && errors[0].composed).to.equal(true);

      // The next good message clears the error.
      await publish(pub, topic, '{"humidity": 41}');
      await untilShown(el, '41 %');
      await until(() => !el.hasAttribute('error'), 'the error state to clear');
      expect(el.matches(':state(error)')).to.equal(false);
      expect(valuePart(el).hasAttribute('title')).to.equal(false);
    });

    it('a select on a text payload says the message is not JSON', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} select="temp"></mqtt-subscribe>`);
      await publish(pub, topic, 'hello');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      expect(valuePart(el).title).to.contain('not JSON');
    });

    it('a malformed select attribute: error state that says how to write one', async () => {
      const errors: MqttErrorEvent[] = [];
      const el = await mount(
        html`<mqtt-subscribe
          topic=${topic}
          select="data[x"
          @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
        ></mqtt-subscribe>`,
      );
      await until(() => el.hasAttribute('error'), 'the error state');
      expect(errors.map((e) => e.detail.message).join('\n')).to.contain('select="data[x"');
    });
  });

  describe('map: from value to display value', () => {
    it('maps ON/OFF to words and leaves unmapped values as they are', async () => {
      const el = await mount(
        html`<mqtt-subscribe topic=${topic} map='{"ON":"On","OFF":"Off"}'></mqtt-subscribe>`,
      );
      await publish(pub, topic, 'ON');
      await untilShown(el, 'On');
      expect(el.value).to.equal('On');
      await publish(pub, topic, 'OFF');
      await untilShown(el, 'Off');
      await publish(pub, topic, 'STANDBY');
      await untilShown(el, 'STANDBY');
    });

    it('maps a selected number by its text', async () => {
      const el = await mount(
        html`<mqtt-subscribe topic=${topic} select="door" map='{"1":"open","0":"closed"}'></mqtt-subscribe>`,
      );
      await publish(pub, topic, '{"door": 0}');
      await untilShown(el, 'closed');
      await publish(pub, topic, '{"door": 1}');
      await untilShown(el, 'open');
    });

    it('a map that is not a JSON object: error state that says so', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} map="ON=On"></mqtt-subscribe>`);
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      expect(valuePart(el).title).to.contain('value map is not valid JSON');
    });
  });

  describe('formatting: decimals, unit, locale', () => {
    it('rounds to decimals and appends the unit', async () => {
      const el = await mount(
        html`<mqtt-subscribe topic=${topic} decimals="1" unit=" °C" locale="en-US"></mqtt-subscribe>`,
      );
      await publish(pub, topic, '21.456');
      await untilShown(el, '21.5 °C');
      expect(el.value, 'value is before formatting').to.equal(21.456);
      await publish(pub, topic, '"3"');
      await untilShown(el, '3.0 °C');
    });

    it('uses the locale for separators', async () => {
      const el = await mount(
        html`<mqtt-subscribe topic=${topic} decimals="2" locale="de-DE"></mqtt-subscribe>`,
      );
      await publish(pub, topic, '1234.5');
      await untilShown(el, '1.234,50');
    });

    for (const decimals of ['abc', '-1', '25']) {
      it(`decimals="${decimals}": a clear error, the value still shown, nothing crashes`, async () => {
        const errors: MqttErrorEvent[] = [];
        const el = await mount(
          html`<mqtt-subscribe
            topic=${topic}
            decimals=${decimals}
            unit=" V"
            locale="en-US"
            @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
          ></mqtt-subscribe>`,
        );
        await publish(pub, topic, '3.14159');
        await untilShown(el, '3.14159 V');
        await until(() => el.hasAttribute('error'), 'the error state');
        expect(errors).to.have.length(1);
        expect(errors[0].detail.message, 'quotes the attribute as written').to.contain(
          `decimals="${decimals}"`,
        );
        expect(errors[0].detail.message).to.contain('from 0 to 20');
        expect(valuePart(el).title).to.equal(errors[0].detail.message);

        // Fixing the attribute clears the error.
        el.setAttribute('decimals', '2');
        await untilShown(el, '3.14 V');
        await until(() => !el.hasAttribute('error'), 'the error state to clear');
      });
    }
  });

  describe('expire-after', () => {
    it('gets the stale state without messages, and loses it with the next one', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} expire-after="0.5"></mqtt-subscribe>`);
      await publish(pub, topic, 'fresh');
      await untilShown(el, 'fresh');
      expect(el.hasAttribute('stale')).to.equal(false);
      await until(() => el.hasAttribute('stale'), 'the stale state');
      expect(el.matches(':state(stale)')).to.equal(true);
      expect(shown(el), 'the value stays on display').to.equal('fresh');

      await publish(pub, topic, 'again');
      await untilShown(el, 'again');
      expect(el.hasAttribute('stale')).to.equal(false);
      expect(el.matches(':state(stale)')).to.equal(false);
    });
  });

  describe('offline', () => {
    it('has the offline state while its connection cannot reach the broker', async () => {
      const el = await fixtureOffline();
      expect(el.matches(':state(offline)')).to.equal(true);
      expect(shown(el)).to.equal('—');
    });

    it('gets the offline state when the connection goes down, and loses it on reconnect', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic}></mqtt-subscribe>`);
      const connection = el.closest('mqtt-connection')!;
      await el.updateComplete;
      expect(el.hasAttribute('offline')).to.equal(false);
      await connection.disconnect();
      await until(() => el.hasAttribute('offline'), 'the offline state');
      expect(el.matches(':state(offline)')).to.equal(true);
      connection.connect();
      await until(() => !el.hasAttribute('offline'), 'the offline state to clear');
      await publish(pub, topic, 'back');
      await untilShown(el, 'back');
    });

    async function fixtureOffline(): Promise<MqttSubscribe> {
      // Port 1 on loopback: nothing listens there, so every attempt is refused.
      const connection = await fixture(
        html`<mqtt-connection url="ws://127.0.0.1:1/mqtt" reconnect-period="200"
          ><mqtt-subscribe topic=${topic}></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const el = connection.querySelector('mqtt-subscribe')!;
      await until(() => el.hasAttribute('offline'), 'the offline state');
      return el;
    }
  });

  describe('properties', () => {
    it('message: topic, bytes, text, json, retained, qos and arrival time', async () => {
      const before = Date.now();
      await publish(pub, topic, '{"temp": 20.5}', { retain: true, qos: 1 });
      const el = await mount(html`<mqtt-subscribe topic=${topic} qos="1" select="temp"></mqtt-subscribe>`);
      await untilShown(el, '20.5');
      const message = el.message!;
      expect(message.topic).to.equal(topic);
      expect(message.payload).to.be.instanceOf(Uint8Array);
      expect(Array.from(message.payload)).to.deep.equal(
        Array.from(new TextEncoder().encode('{"temp": 20.5}')),
      );
      expect(message.text).to.equal('{"temp": 20.5}');
      expect(message.json).to.deep.equal({ temp: 20.5 });
      expect(message.retained).to.equal(true);
      expect(message.qos).to.equal(1);
      expect(message.receivedAt).to.be.within(before, Date.now());
      expect(el.value).to.equal(20.5);
    });

    it('history keeps the last history-size messages, oldest first', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} history-size="3"></mqtt-subscribe>`);
      for (const n of [1, 2, 3, 4, 5]) await publish(pub, topic, String(n), { qos: 1 });
      await untilShown(el, '5');
      expect(el.history.map((m) => m.text)).to.deep.equal(['3', '4', '5']);
    });

    it('keeps no history by default', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic}></mqtt-subscribe>`);
      await publish(pub, topic, 'a', { qos: 1 });
      await publish(pub, topic, 'b', { qos: 1 });
      await untilShown(el, 'b');
      expect(el.history).to.deep.equal([]);
    });
  });

  describe('the mqtt-message event', () => {
    it('carries the message, topic and value, and bubbles out of the element', async () => {
      const seen: MqttMessageEvent[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} @mqtt-message=${(e: MqttMessageEvent) => seen.push(e)}
          ><mqtt-subscribe topic=${topic} select="level" map='{"3":"high"}'></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const el = connection.querySelector('mqtt-subscribe')!;
      await publish(pub, topic, '{"level": 3}');
      await untilShown(el, 'high');
      expect(seen).to.have.length(1);
      const { detail } = seen[0];
      expect(detail.topic).to.equal(topic);
      expect(detail.value).to.equal('high');
      expect(detail.message.text).to.equal('{"level": 3}');
      expect(seen[0].cancelable).to.equal(true);
      expect(seen[0].composed).to.equal(true);
    });

    it('preventDefault() skips the built-in rendering, so the page can render its own way', async () => {
      let cancel = false;
      const seen: unknown[] = [];
      const el = await mount(
        html`<mqtt-subscribe
          topic=${topic}
          @mqtt-message=${(e: MqttMessageEvent) => {
            seen.push(e.detail.value);
            if (cancel) e.preventDefault();
          }}
        ></mqtt-subscribe>`,
      );
      await publish(pub, topic, 'shown');
      await untilShown(el, 'shown');
      cancel = true;
      await publish(pub, topic, 'rendered by the page');
      await until(() => seen.length === 2, 'the second mqtt-message event');
      expect(seen[1]).to.equal('rendered by the page');
      await nextFrame();
      await el.updateComplete;
      expect(shown(el)).to.equal('shown');
    });
  });

  describe('unicode and binary payloads', () => {
    it('shows emoji and non-Latin scripts in topics and payloads as they are', async () => {
      const unicodeTopic = `${topic}/温度/🌡️/Ελλάδα`;
      const text = 'Привет, 世界 🌍 — مرحبا — 👩🏽‍🔬';
      const clientId = uniqueClientId('unicode');
      const el = await mount(html`<mqtt-subscribe topic=${unicodeTopic}></mqtt-subscribe>`, clientId);
      // Published before the broker holds the SUBSCRIBE, the message would reach no one.
      await untilSubscribed(clientId, unicodeTopic);
      await publish(pub, unicodeTopic, text);
      await untilShown(el, text);
      expect(el.message!.topic).to.equal(unicodeTopic);
    });

    it('shows a binary payload as hex', async () => {
      const bytes = new Uint8Array([0x00, 0xff, 0x10, 0x80, 0xde, 0xad, 0xbe, 0xef]);
      const clientId = uniqueClientId('hex');
      const el = await mount(html`<mqtt-subscribe topic=${topic} as="hex"></mqtt-subscribe>`, clientId);
      await untilSubscribed(clientId, topic);
      await publish(pub, topic, bytes);
      await untilShown(el, '00 ff 10 80 de ad be ef');
      expect(Array.from(el.message!.payload)).to.deep.equal(Array.from(bytes));
    });
  });

  describe('accessibility', () => {
    it('passes axe with a value, and in the error state', async () => {
      const el = await mount(html`<mqtt-subscribe topic=${topic} as="number" unit=" °C"></mqtt-subscribe>`);
      await publish(pub, topic, '21');
      await untilShown(el, '21 °C');
      await expect(el).to.be.accessible();
      await publish(pub, topic, 'warm');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });
});

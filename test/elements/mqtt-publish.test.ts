// <mqtt-publish> as a user meets it: ordinary controls that publish, checked by a separate MQTT.js client
// subscribed before each action, against the embedded Aedes broker.
import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { MqttClient } from 'mqtt';
import type { MqttErrorEvent, MqttPublishedEvent, MqttPublishEvent } from '../../src/events.js';
import type { MqttConnection, MqttPublish } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, uniqueClientId, until, whenConnected } from '../support/element-fixtures.js';
import {
  closeTestClients,
  collect,
  publish,
  receivedCount,
  testClient,
  type ReceivedMessage,
} from '../support/test-clients.js';

/** Nothing listens on port 1 of loopback: a connection there stays down. */
const deadUrl = 'ws://127.0.0.1:1/mqtt';
const endMark = '__end_of_test__';

describe('<mqtt-publish>', function () {
  this.timeout(30_000);

  let url: string;
  let base: string;
  let topic: string;
  let watcher: MqttClient;
  let received: ReceivedMessage[];

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    base = uniqueTopic('publish');
    topic = `${base}/lamp/set`;
    watcher = await testClient();
    received = await collect(watcher, `${base}/#`, 1);
  });
  afterEach(closeTestClients);

  /** Mounts controls inside `<mqtt-publish>` attributes given by the template, in a connected connection. */
  async function mount(inner: TemplateResult): Promise<MqttPublish> {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url} client-id=${uniqueClientId('pub')}>${inner}</mqtt-connection>`,
    );
    return connection.querySelector('mqtt-publish')!;
  }

  /**
   * Asserts that exactly `texts` arrived on `topic`. An end mark published afterwards through the same
   * connection is the barrier: anything the element had sent, a duplicate included, arrives before it.
   */
  async function expectPublished(el: MqttPublish, texts: string[], on = topic): Promise<void> {
    const connection = el.closest('mqtt-connection') as MqttConnection;
    await connection.publish(on, endMark);
    await until(
      () => received.some((m) => m.text === endMark),
      () => `the end mark; received ${JSON.stringify(received.map((m) => m.text))}`,
    );
    const before = received.slice(
      0,
      received.findIndex((m) => m.text === endMark),
    );
    expect(before.map((m) => m.text)).to.deep.equal(texts);
    expect(before.every((m) => m.topic === on)).to.equal(true);
  }

  function change(
    control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
    value: string,
    type = 'change',
  ): void {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    if (type === 'change') control.dispatchEvent(new Event('change', { bubbles: true }));
  }

  describe('what it publishes', () => {
    it('a fixed payload when the button is clicked', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload="ON"
          ><button value="ignored">Lamp on</button></mqtt-publish
        >`,
      );
      el.querySelector('button')!.click();
      await receivedCount(received, 1);
      await expectPublished(el, ['ON']);
    });

    it("the clicked button's value", async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic}
          ><button value="ON">On</button><button value="OFF">Off</button></mqtt-publish
        >`,
      );
      el.querySelectorAll('button')[1].click();
      await receivedCount(received, 1);
      el.querySelectorAll('button')[0].click();
      await receivedCount(received, 2);
      await expectPublished(el, ['OFF', 'ON']);
    });

    it("a text input's value on change, not on every keystroke", async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic}
          ><label>Name <input type="text" /></label
        ></mqtt-publish>`,
      );
      const input = el.querySelector('input')!;
      change(input, 'hel', 'input');
      change(input, 'hello');
      await receivedCount(received, 1);
      await expectPublished(el, ['hello']);
    });

    it('number and range inputs as numbers', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-template='{"t": {{value}}}'
          ><input type="number" step="0.1" aria-label="Setpoint" /><input
            type="range"
            min="0"
            max="100"
            aria-label="Level"
        /></mqtt-publish>`,
      );
      const [number, range] = Array.from(el.querySelectorAll('input'));
      change(number, '21.5');
      await receivedCount(received, 1);
      change(range, '42');
      await receivedCount(received, 2);
      expect(received.map((m) => JSON.parse(m.text))).to.deep.equal([{ t: 21.5 }, { t: 42 }]);
    });

    it('a range without a template as its number', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic}
          ><input type="range" min="0" max="10" aria-label="Level"
        /></mqtt-publish>`,
      );
      change(el.querySelector('input')!, '7');
      await receivedCount(received, 1);
      await expectPublished(el, ['7']);
    });

    it('a checkbox as payload-on / payload-off', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-on="ON" payload-off="OFF"
          ><label><input type="checkbox" /> Lamp</label></mqtt-publish
        >`,
      );
      const box = el.querySelector('input')!;
      box.click();
      await receivedCount(received, 1);
      box.click();
      await receivedCount(received, 2);
      await expectPublished(el, ['ON', 'OFF']);
    });

    it('a checkbox as true / false by default', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic}
          ><label><input type="checkbox" checked /> Lamp</label></mqtt-publish
        >`,
      );
      el.querySelector('input')!.click();
      await receivedCount(received, 1);
      await expectPublished(el, ['false']);
    });

    it("the chosen radio button's value, outside a form too", async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-on="ON"
          ><label><input type="radio" name="mode" value="heat" /> Heat</label
          ><label><input type="radio" name="mode" value="cool" /> Cool</label></mqtt-publish
        >`,
      );
      const [heat, cool] = el.querySelectorAll('input');
      cool!.click();
      await receivedCount(received, 1);
      heat!.click();
      await receivedCount(received, 2);
      await expectPublished(el, ['cool', 'heat']);
    });

    it("a select's value", async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic}
          ><label
            >Mode
            <select>
              <option value="comfort">Comfort</option>
              <option value="eco">Eco</option>
            </select></label
          ></mqtt-publish
        >`,
      );
      change(el.querySelector('select')!, 'eco');
      await receivedCount(received, 1);
      await expectPublished(el, ['eco']);
    });

    it('a form as one JSON object on submit, and the page does not navigate', async () => {
      let navigationPrevented: boolean | undefined;
      const guard = (e: Event) => {
        navigationPrevented = e.defaultPrevented;
        // Whatever the element did, this page must stay: the assertion below reports it.
        e.preventDefault();
      };
      document.addEventListener('submit', guard);
      try {
        const el = await mount(
          html`<mqtt-publish topic=${topic}>
            <form action="/must-not-navigate" method="post">
              <label>Name <input name="name" value="Desk lamp" /></label>
              <label>Level <input name="level" type="number" value="5" /></label>
              <label>On <input name="on" type="checkbox" checked /></label>
              <label
                >Mode
                <select name="mode">
                  <option value="eco" selected>Eco</option>
                </select></label
              >
              <input type="radio" name="colour" value="warm" aria-label="Warm" checked />
              <input type="radio" name="colour" value="cold" aria-label="Cold" />
              <input name="ignored" disabled aria-label="Ignored" value="x" />
              <button type="submit">Save</button>
            </form>
          </mqtt-publish>`,
        );
        const href = location.href;
        el.querySelector('button')!.click();
        await receivedCount(received, 1);
        expect(JSON.parse(received[0].text)).to.deep.equal({
          name: 'Desk lamp',
          level: 5,
          on: true,
          mode: 'eco',
          colour: 'warm',
        });
        expect(navigationPrevented, 'the submit was prevented by the element').to.equal(true);
        expect(location.href).to.equal(href);
        await expectPublished(el, [received[0].text]);
      } finally {
        document.removeEventListener('submit', guard);
      }
    });
  });

  describe('payload-template', () => {
    it('fills a JSON template with a number', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-template='{"brightness": {{value}}}'
          ><input type="range" min="0" max="255" aria-label="Brightness"
        /></mqtt-publish>`,
      );
      change(el.querySelector('input')!, '128');
      await receivedCount(received, 1);
      expect(JSON.parse(received[0].text)).to.deep.equal({ brightness: 128 });
    });

    it('fills a text template', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-template="level={{value}};"
          ><button value="3">Three</button></mqtt-publish
        >`,
      );
      el.querySelector('button')!.click();
      await receivedCount(received, 1);
      await expectPublished(el, ['level=3;']);
    });

    it('treats a template that opens with the placeholder as text', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-template="{{value}} %"
          ><button value="ON">On</button></mqtt-publish
        >`,
      );
      el.querySelector('button')!.click();
      await receivedCount(received, 1);
      await expectPublished(el, ['ON %']);
    });

    const awkward = 'He said "hi" \\ {"x": 1} \n</script> ✓';
    for (const template of [
      '{"name": "{{value}}"}',
      '{"name": {{value}}}',
      '{"name": "Lamp: {{value}}", "n": 1}',
      '[{{value}}, "{{value}}"]',
    ]) {
      it(`keeps ${template} valid JSON for a string with quotes, backslashes and newlines`, async () => {
        const el = await mount(
          html`<mqtt-publish topic=${topic} payload-template=${template}
            ><label>Name <textarea></textarea></label
          ></mqtt-publish>`,
        );
        change(el.querySelector('textarea')!, awkward);
        await receivedCount(received, 1);
        const text = received[0].text;
        let parsed: unknown;
        expect(() => (parsed = JSON.parse(text)), `valid JSON: ${text}`).not.to.throw();
        const expected = template.includes('Lamp: ')
          ? { name: `Lamp: ${awkward}`, n: 1 }
          : template.startsWith('[')
            ? [awkward, awkward]
            : { name: awkward };
        expect(parsed).to.deep.equal(expected);
      });
    }
  });

  describe('event', () => {
    it('event="input" publishes while a range is dragged', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} event="input"
          ><input type="range" min="0" max="10" aria-label="Level"
        /></mqtt-publish>`,
      );
      const range = el.querySelector('input')!;
      change(range, '3', 'input');
      await receivedCount(received, 1);
      change(range, '4', 'input');
      await receivedCount(received, 2);
      await expectPublished(el, ['3', '4']);
    });
  });

  describe('qos and retain', () => {
    it('publishes with its qos and retain; a later subscriber gets the retained message', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload="ON" qos="1" retain><button>On</button></mqtt-publish>`,
      );
      const acked = new Promise((resolve) => el.addEventListener('mqtt-published', resolve, { once: true }));
      el.querySelector('button')!.click();
      await acked;
      await receivedCount(received, 1);
      expect(received[0].qos).to.equal(1);

      const later = await testClient();
      const laterReceived = await collect(later, topic, 1);
      await receivedCount(laterReceived, 1, 'the retained message');
      expect(laterReceived[0]).to.include({ text: 'ON', retain: true });
      // Leave the broker as it was.
      await publish(later, topic, '', { retain: true });
    });

    it('has the pending state while a QoS 1 publish awaits its PUBACK', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload="x" qos="1"><button>Send</button></mqtt-publish>`,
      );
      const published: MqttPublishedEvent[] = [];
      el.addEventListener('mqtt-published', (e) => published.push(e));
      el.querySelector('button')!.click();
      expect(el.hasAttribute('pending'), 'right after the click').to.equal(true);
      expect(el.matches(':state(pending)')).to.equal(true);
      await until(() => published.length === 1, 'mqtt-published');
      expect(el.hasAttribute('pending')).to.equal(false);
      expect(el.matches(':state(pending)')).to.equal(false);
    });

    it('a QoS 0 publish is never pending', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload="x"><button>Send</button></mqtt-publish>`,
      );
      el.querySelector('button')!.click();
      expect(el.hasAttribute('pending')).to.equal(false);
      await receivedCount(received, 1);
    });
  });

  describe('events', () => {
    it('mqtt-publish comes before sending and mqtt-published after the acknowledgement', async () => {
      const order: string[] = [];
      let publishEvent: MqttPublishEvent | undefined;
      let publishedEvent: MqttPublishedEvent | undefined;
      const el = await mount(
        html`<mqtt-publish
          topic=${topic}
          payload="ON"
          qos="1"
          @mqtt-publish=${(e: MqttPublishEvent) => {
            order.push('mqtt-publish');
            publishEvent = e;
          }}
          @mqtt-published=${(e: MqttPublishedEvent) => {
            order.push('mqtt-published');
            publishedEvent = e;
          }}
          ><button>On</button></mqtt-publish
        >`,
      );
      el.querySelector('button')!.click();
      await until(() => publishedEvent !== undefined, 'mqtt-published');
      expect(order).to.deep.equal(['mqtt-publish', 'mqtt-published']);
      expect(publishEvent!.detail).to.deep.equal({ topic, payload: 'ON' });
      expect(publishEvent!.cancelable).to.equal(true);
      expect(publishedEvent!.detail).to.deep.equal({ topic, payload: 'ON', qos: 1, retain: false });
      await receivedCount(received, 1);
    });

    it('cancelling mqtt-publish sends nothing', async () => {
      let cancel = true;
      const published: Event[] = [];
      const el = await mount(
        html`<mqtt-publish
          topic=${topic}
          @mqtt-publish=${(e: MqttPublishEvent) => cancel && e.preventDefault()}
          @mqtt-published=${(e: Event) => published.push(e)}
          ><button value="cancelled">A</button><button value="sent">B</button></mqtt-publish
        >`,
      );
      el.querySelectorAll('button')[0].click();
      cancel = false;
      el.querySelectorAll('button')[1].click();
      await receivedCount(received, 1);
      await expectPublished(el, ['sent']);
      expect(published).to.have.length(1);
      expect(el.hasAttribute('error')).to.equal(false);
    });
  });

  describe('errors', () => {
    it('an invalid topic: error state and mqtt-error at once, nothing sent, and recovery when fixed', async () => {
      const errors: MqttErrorEvent[] = [];
      const bad = `${base}/+`;
      const el = await mount(
        html`<mqtt-publish topic=${bad} payload="x" @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
          ><button>Send</button></mqtt-publish
        >`,
      );
      await until(() => el.hasAttribute('error'), 'the error state');
      expect(el.matches(':state(error)')).to.equal(true);
      expect(errors).to.have.length(1);
      expect(errors[0].detail.code).to.equal('topic');
      expect(errors[0].detail.message).to.contain('wildcards');
      expect(el.error?.message).to.equal(errors[0].detail.message);

      el.querySelector('button')!.click();
      expect(errors).to.have.length(2);

      el.topic = topic;
      await until(() => !el.hasAttribute('error'), 'the error state to clear');
      el.querySelector('button')!.click();
      await receivedCount(received, 1);
      await expectPublished(el, ['x']);
    });

    it('a wildcard publish topic from the publish() method is refused too', async () => {
      const el = await mount(html`<mqtt-publish topic="a/+"><button>Send</button></mqtt-publish>`);
      let rejection: unknown;
      await el.publish('x').catch((err: unknown) => (rejection = err));
      expect(String(rejection)).to.contain('not a valid publish topic');
    });

    it('nothing to publish: a clear error instead of an empty message', async () => {
      const errors: MqttErrorEvent[] = [];
      const el = await mount(
        html`<mqtt-publish topic=${topic} @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
          ><button>Send</button></mqtt-publish
        >`,
      );
      el.querySelector('button')!.click();
      await until(() => el.hasAttribute('error'), 'the error state');
      expect(errors).to.have.length(1);
      expect(errors[0].detail.message).to.contain('nothing to publish');
      expect(errors[0].detail.message).to.contain('payload');
      await expectPublished(el, []);
    });

    it('a publish the connection cannot carry: error state and mqtt-error with the reason', async () => {
      const errors: MqttErrorEvent[] = [];
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url="mqtt://127.0.0.1:1883"
          ><mqtt-publish topic=${topic} payload="x" @mqtt-error=${(e: MqttErrorEvent) => errors.push(e)}
            ><button>Send</button></mqtt-publish
          ></mqtt-connection
        >`,
      );
      await until(() => connection.status === 'error', 'the connection to refuse the URL');
      const el = connection.querySelector('mqtt-publish')!;
      el.querySelector('button')!.click();
      await until(() => el.hasAttribute('error'), 'the error state');
      const last = errors.at(-1)!;
      expect(last.detail.message).to.contain(`Cannot publish to "${topic}"`);
      expect(last.detail.message).to.contain('ws://');
    });
  });

  describe('disable-offline', () => {
    it('disables the controls while disconnected and enables them once connected', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${deadUrl} reconnect-period="200"
          ><mqtt-publish topic=${topic} payload="ON" disable-offline
            ><button class="on">On</button><button class="kept" disabled>Never</button
            ><label>Level <input type="range" /></label></mqtt-publish
        ></mqtt-connection>`,
      );
      const el = connection.querySelector('mqtt-publish')!;
      const on = el.querySelector<HTMLButtonElement>('.on')!;
      const range = el.querySelector('input')!;
      const kept = el.querySelector<HTMLButtonElement>('.kept')!;
      await until(() => on.disabled && range.disabled, 'the controls to be disabled');
      expect(el.hasAttribute('offline')).to.equal(true);

      connection.url = url;
      await whenConnected(connection);
      await until(() => !on.disabled && !range.disabled, 'the controls to be enabled');
      expect(kept.disabled, 'a control the page disabled stays disabled').to.equal(true);
      expect(el.hasAttribute('offline')).to.equal(false);
      on.click();
      await receivedCount(received, 1);

      await connection.disconnect();
      await until(() => on.disabled, 'the controls to be disabled again');
    });

    it('without disable-offline the controls stay enabled while disconnected', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${deadUrl}
          ><mqtt-publish topic=${topic} payload="ON"><button>On</button></mqtt-publish></mqtt-connection
        >`,
      );
      const el = connection.querySelector('mqtt-publish')!;
      await until(() => el.hasAttribute('offline'), 'the offline state');
      expect(el.querySelector('button')!.disabled).to.equal(false);
    });
  });

  describe('publish() method', () => {
    it('publishes a given value, or the payload attribute, and resolves after the acknowledgement', async () => {
      const el = await mount(html`<mqtt-publish topic=${topic} payload="default" qos="1"></mqtt-publish>`);
      await el.publish({ brightness: 10 });
      await el.publish();
      await el.publish(7);
      await receivedCount(received, 3);
      await expectPublished(el, ['{"brightness":10}', 'default', '7']);
    });

    it('fills the payload template with the value it is given', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload-template='{"v": {{value}}}'></mqtt-publish>`,
      );
      await el.publish(true);
      await receivedCount(received, 1);
      expect(JSON.parse(received[0].text)).to.deep.equal({ v: true });
    });
  });

  describe('accessibility', () => {
    it('passes axe with a button, a labelled input and a form', async () => {
      const el = await mount(
        html`<mqtt-publish topic=${topic} payload="ON"><button>Lamp on</button></mqtt-publish>`,
      );
      await expect(el).to.be.accessible();
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}>
          <mqtt-publish topic=${topic}
            ><label>Level <input type="range" /></label
          ></mqtt-publish>
          <mqtt-publish topic=${topic}>
            <form>
              <label>Name <input name="name" /></label><button type="submit">Save</button>
            </form>
          </mqtt-publish>
        </mqtt-connection>`,
      );
      await expect(connection).to.be.accessible();
    });

    it('passes axe with its controls disabled while offline', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${deadUrl}
          ><mqtt-publish topic=${topic} payload="ON" disable-offline
            ><button>Lamp on</button></mqtt-publish
          ></mqtt-connection
        >`,
      );
      const el = connection.querySelector('mqtt-publish')!;
      await until(() => el.querySelector('button')!.disabled, 'the button to be disabled');
      await expect(el).to.be.accessible();
    });
  });
});

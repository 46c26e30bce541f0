// A <select> inside <mqtt-publish> sends the choice its keyboard user commits, not every option the
// arrow keys pass on the way — against both brokers.
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { MqttPublish } from '../../src/index.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { connectedFixture } from '../support/element-fixtures.js';
import { closeTestClients, collect, testClient } from '../support/test-clients.js';
import { until } from '../support/until.js';

for (const broker of ['aedes', 'mosquitto'] as const satisfies readonly BrokerName[]) {
  describe(`<mqtt-publish> with a <select> (${broker})`, () => {
    afterEach(closeTestClients);

    async function mount(topic: string) {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${await brokerUrl(broker)}>
          <mqtt-publish topic=${topic} qos="1">
            <label
              >Mode
              <select>
                <option value="off" selected>Off</option>
                <option value="eco">Eco</option>
                <option value="comfort">Comfort</option>
                <option value="boost">Boost</option>
              </select></label
            >
          </mqtt-publish>
          <button id="after">after</button>
        </mqtt-connection>`,
      );
      return connection.querySelector<MqttPublish>('mqtt-publish')!.querySelector('select')!;
    }

    it('publishes once on Enter after the arrow keys, with the option reached', async () => {
      const topic = uniqueTopic('mode');
      const received = await collect(await testClient(broker), topic, 1);
      const select = await mount(topic);
      select.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      expect(select.value, 'the keys moved the choice').to.equal('comfort');
      await sendKeys({ press: 'Enter' });
      await until(() => received.length >= 1, 'the committed choice to arrive');
      // Publishes from one client arrive in order: an option sent on the way would have come first.
      expect(received.map((m) => m.text)).to.deep.equal(['comfort']);
    });

    it('publishes when focus leaves the select after the arrow keys', async () => {
      const topic = uniqueTopic('mode');
      const received = await collect(await testClient(broker), topic, 1);
      const select = await mount(topic);
      select.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Tab' });
      await until(() => received.length >= 1, 'the choice to arrive on leaving');
      expect(received.map((m) => m.text)).to.deep.equal(['eco']);
    });

    it('publishes at once when the choice is made without browsing keys', async () => {
      const topic = uniqueTopic('mode');
      const received = await collect(await testClient(broker), topic, 1);
      const select = await mount(topic);
      // What a pick in the open list does: the value changes and `change` fires, with no key before it.
      select.value = 'boost';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await until(() => received.length >= 1, 'the pick to arrive');
      expect(received.map((m) => m.text)).to.deep.equal(['boost']);
    });
  });
}

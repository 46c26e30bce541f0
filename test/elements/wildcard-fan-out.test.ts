// <mqtt-subscribe> with a wildcard filter and a child <template>: one stamped copy per matching topic,
// filled with {{value}}, {{topic}} and the levels the wildcards matched, kept up to date in place.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import { connectedFixture, until } from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

describe('<mqtt-subscribe> wildcard fan-out', function () {
  this.timeout(30_000);

  let url: string;
  let base: string;
  let pub: MqttClient;

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    base = uniqueTopic('fanout');
    pub = await testClient();
  });
  afterEach(closeTestClients);

  async function mountRooms(filter: string): Promise<MqttSubscribe> {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${filter} decimals="1" locale="en-US">
          <template
            ><div class="room" data-topic="{{topic}}">
              <b class="name">{{1}}</b>: <span class="v">{{value}}</span>
            </div></template
          >
        </mqtt-subscribe>
      </mqtt-connection>`,
    );
    return connection.querySelector('mqtt-subscribe')!;
  }

  /** Text as a reader sees it: the template's own line breaks and indentation collapse to one space. */
  const seen = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
  const rooms = (el: MqttSubscribe) => Array.from(el.querySelectorAll<HTMLElement>('.room'));
  const roomText = (el: MqttSubscribe) => rooms(el).map((r) => seen(r));

  it('stamps one copy per topic and updates it in place', async () => {
    const el = await mountRooms(`${base}/+/temp`);
    await publish(pub, `${base}/kitchen/temp`, '20.26');
    await publish(pub, `${base}/hall/temp`, '18');
    await until(() => rooms(el).length === 2, 'two stamped rooms');
    await until(
      () => roomText(el).join('|') === 'kitchen: 20.3|hall: 18.0',
      () => `rooms to read kitchen, hall; got ${roomText(el)}`,
    );
    expect(rooms(el).map((r) => r.dataset.topic)).to.deep.equal([
      `${base}/kitchen/temp`,
      `${base}/hall/temp`,
    ]);

    const kitchen = rooms(el)[0];
    await publish(pub, `${base}/kitchen/temp`, '22.04');
    await until(
      () => seen(kitchen) === 'kitchen: 22.0',
      () => `kitchen to update; got ${seen(kitchen)}`,
    );
    expect(rooms(el)).to.have.length(2);
    expect(rooms(el)[0], 'the same element, updated in place').to.equal(kitchen);

    // A topic the filter does not match stamps nothing.
    await publish(pub, `${base}/kitchen/humidity`, '40');
    await publish(pub, `${base}/cellar/temp`, '12');
    await until(() => rooms(el).length === 3, 'the cellar to appear');
    expect(roomText(el)).to.deep.equal(['kitchen: 22.0', 'hall: 18.0', 'cellar: 12.0']);
  });

  it('fills {{1}}, {{2}} with the levels each + matched, and {{1}} with the rest for #', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe class="plus" topic=${`${base}/+/+/state`}
          ><template><p class="row">{{1}}|{{2}}|{{topic}}|{{value}}</p></template></mqtt-subscribe
        >
        <mqtt-subscribe class="hash" topic=${`${base}/devices/#`}
          ><template><p class="row">{{1}}={{value}}</p></template></mqtt-subscribe
        >
      </mqtt-connection>`,
    );
    const plus = connection.querySelector<MqttSubscribe>('.plus')!;
    const hash = connection.querySelector<MqttSubscribe>('.hash')!;
    await publish(pub, `${base}/devices/lamp-1/state`, 'ON');
    await until(
      () => seen(plus.querySelector('.row')) === `devices|lamp-1|${base}/devices/lamp-1/state|ON`,
      () => `the + row; got ${seen(plus.querySelector('.row'))}`,
    );
    await until(
      () => seen(hash.querySelector('.row')) === 'lamp-1/state=ON',
      () => `the # row; got ${seen(hash.querySelector('.row'))}`,
    );
  });

  it('stamps every retained topic at once for an element added later, and removes a cleared one', async () => {
    await publish(pub, `${base}/a/temp`, '1', { retain: true });
    await publish(pub, `${base}/b/temp`, '2', { retain: true });
    await publish(pub, `${base}/c/temp`, '3', { retain: true });
    const el = await mountRooms(`${base}/+/temp`);
    await until(() => rooms(el).length === 3, 'three stamped rooms');
    expect(roomText(el).sort()).to.deep.equal(['a: 1.0', 'b: 2.0', 'c: 3.0']);

    await publish(pub, `${base}/b/temp`, '', { retain: true });
    await until(() => rooms(el).length === 2, 'the cleared room to disappear');
    expect(roomText(el).sort()).to.deep.equal(['a: 1.0', 'c: 3.0']);
  });

  it('a filter without wildcards stamps its one topic', async () => {
    const el = await mountRooms(`${base}/office/temp`);
    await publish(pub, `${base}/office/temp`, '19.5');
    await until(() => rooms(el).length === 1, 'one stamped room');
    await until(() => rooms(el)[0].querySelector('.v')!.textContent === '19.5', 'the value in the stamp');
  });

  it('selects per topic, and keeps the text of the template outside the stamps', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <mqtt-subscribe topic=${`${base}/+`} select="temp"
          ><template><span class="cell">{{1}}:{{value}}</span></template></mqtt-subscribe
        >
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    await publish(pub, `${base}/x`, '{"temp": 1}');
    await publish(pub, `${base}/y`, '{"temp": 2}');
    await until(() => el.querySelectorAll('.cell').length === 2, 'two cells');
    await until(
      () => Array.from(el.querySelectorAll('.cell'), (c) => seen(c)).join() === 'x:1,y:2',
      'x:1 and y:2',
    );
    // The template itself stays inert: its content is not in the document.
    expect(el.querySelector('template')!.content.querySelector('.cell')!.textContent).to.equal(
      '{{1}}:{{value}}',
    );
  });

  it('starts over when the topic changes', async () => {
    const el = await mountRooms(`${base}/+/temp`);
    await publish(pub, `${base}/a/temp`, '1');
    await until(() => rooms(el).length === 1, 'one room');
    el.topic = `${base}/+/humidity`;
    await until(() => rooms(el).length === 0, 'the old rooms to go');
    await publish(pub, `${base}/a/humidity`, '55');
    await until(
      () => roomText(el).join() === 'a: 55.0',
      () => `the humidity room; got ${roomText(el)}`,
    );
  });

  it('passes axe with stamped copies', async () => {
    const connection = await connectedFixture(
      html`<mqtt-connection url=${url}>
        <section aria-label="Sensors">
          <mqtt-subscribe topic=${`${base}/+`}
            ><template
              ><p>{{1}}: <output>{{value}}</output></p></template
            ></mqtt-subscribe
          >
        </section>
      </mqtt-connection>`,
    );
    const el = connection.querySelector('mqtt-subscribe')!;
    await publish(pub, `${base}/one`, '1');
    await until(() => el.querySelectorAll('p').length === 1, 'one stamped paragraph');
    await expect(el).to.be.accessible();
  });
});

// Every buffer a publisher can grow is bounded: template rows per element and the connection's
// last-message cache. Each bound is reported once when reached, and never drops what an element shows.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import {
  connectedFixture,
  uniqueClientId,
  untilShown,
  untilSubscribed,
} from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';
import { until } from '../support/until.js';

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`bounds, ${broker}`, function () {
    this.timeout(60_000);
    let url: string;
    let pub: MqttClient;

    before(async () => {
      url = await brokerUrl(broker);
    });
    beforeEach(async () => {
      pub = await testClient(broker);
    });
    afterEach(closeTestClients);

    it('a wildcard template stamps at most max-rows rows and says so once', async () => {
      const prefix = uniqueTopic('rows');
      const clientId = uniqueClientId('rows');
      const errors: { code: string; message: string }[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-subscribe
            topic=${`${prefix}/+`}
            max-rows="20"
            @mqtt-error=${(e: CustomEvent<{ code: string; message: string }>) => errors.push(e.detail)}
            ><template><p class="row">{{1}}: {{value}}</p></template></mqtt-subscribe
          ></mqtt-connection
        >`,
      );
      const el = connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      await untilSubscribed(clientId, `${prefix}/+`, broker);
      for (let i = 0; i < 200; i++) void publish(pub, `${prefix}/t${i}`, String(i));
      await publish(pub, `${prefix}/t0`, 'updated');
      await until(
        () => el.querySelector('.row')?.textContent === 't0: updated',
        'the first row to take its update',
      );
      await until(() => errors.length > 0, 'the limit to be reported');
      expect(el.querySelectorAll('.row').length).to.equal(20);
      expect(el.hasAttribute('limited')).to.equal(true);
      expect(errors.filter((e) => e.code === 'limit')).to.have.length(1);
      expect(errors[0].message).to.include('max-rows');
    });

    it('the last-message cache keeps at most cache-size topics, never one an element shows', async () => {
      const prefix = uniqueTopic('cache');
      const clientId = uniqueClientId('cache');
      const errors: { code: string; message: string }[] = [];
      const connection = await connectedFixture(
        html`<mqtt-connection
          url=${url}
          client-id=${clientId}
          cache-size="50"
          @mqtt-error=${(e: CustomEvent<{ code: string; message: string }>) => errors.push(e.detail)}
          ><mqtt-subscribe id="pinned" topic=${`${prefix}/pinned`}></mqtt-subscribe
          ><mqtt-log topic=${`${prefix}/#`} max-rows="10"></mqtt-log
        ></mqtt-connection>`,
      );
      await untilSubscribed(clientId, `${prefix}/#`, broker);
      await untilSubscribed(clientId, `${prefix}/pinned`, broker);
      await publish(pub, `${prefix}/pinned`, 'shown');
      await untilShown(connection.querySelector<MqttSubscribe>('#pinned')!, 'shown');
      for (let i = 0; i < 300; i++) void publish(pub, `${prefix}/t${i}`, 'x'.repeat(1000));
      await publish(pub, `${prefix}/last`, 'last');
      await until(() => connection.core.lastMessage(`${prefix}/last`) !== undefined, 'the last message');

      expect(connection.core.cachedTopicCount, 'topics cached').to.be.at.most(50);
      expect(
        errors.filter((e) => e.code === 'limit'),
        'reported once',
      ).to.have.length(1);
      expect(errors[0].message).to.include('cache-size');
      // The pinned topic survived 300 newer ones: an element added now shows it at once.
      expect(connection.core.lastMessage(`${prefix}/pinned`)?.text).to.equal('shown');
      const late = document.createElement('mqtt-subscribe');
      late.topic = `${prefix}/pinned`;
      connection.append(late);
      await untilShown(late, 'shown');
    });
  });
}

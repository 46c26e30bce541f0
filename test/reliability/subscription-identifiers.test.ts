// MQTT 5 messages carry the identifiers of the subscriptions they were sent for, and the page routes
// by them. A message whose identifiers the page does not know must still reach the elements whose
// filters match its topic. It happens without any broker bug: a page reloaded onto a persistent
// session (`clean="false"`) receives the messages queued while it was away under the identifiers the
// previous page gave its subscriptions, before its own SUBSCRIBE is even answered.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic } from '../support/brokers.js';
import { NodeClient, cleanupFaults, startFaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { shown } from '../support/user-view.js';

const timeout = 10_000;

describe('subscription identifiers, mosquitto (MQTT 5)', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  it('messages queued for a persistent session under the previous page’s identifiers are shown by the reloaded page', async () => {
    const broker = await startFaultBroker('mosquitto');
    const prefix = uniqueTopic('subid');
    const clientId = `test_subid_${Math.random().toString(36).slice(2, 8)}`;
    const publisher = await NodeClient.open(broker);

    // The first page subscribes to two filters, so the one that matters gets a different identifier
    // from the one the reloaded page (subscribing to it alone) will give it.
    const first = await fixture<MqttConnection>(html`
      <mqtt-connection url=${broker.wsUrl} client-id=${clientId} protocol-version="5" .clean=${false}>
        <mqtt-subscribe topic="${prefix}/other" qos="1"></mqtt-subscribe>
        <mqtt-subscribe topic="${prefix}/room/#" qos="1"></mqtt-subscribe>
      </mqtt-connection>
    `);
    await waitUntil(() => first.status === 'connected', 'first page connected', { timeout });
    // Published once the broker acknowledged the filters: sent sooner, it could find no subscriber.
    await first.core.whenSubscribed(undefined, timeout);
    await publisher.publish(`${prefix}/room/temp`, { payload: 'before', qos: 1 });
    const firstRoom = first.querySelectorAll<MqttSubscribe>('mqtt-subscribe')[1]!;
    await until(() => shown(firstRoom) === 'before', 'the first page to show "before"');
    await first.disconnect();
    first.remove();

    await publisher.publish(`${prefix}/room/temp`, { payload: 'while away', qos: 1 });

    const reloaded = await fixture<MqttConnection>(html`
      <mqtt-connection url=${broker.wsUrl} client-id=${clientId} protocol-version="5" .clean=${false}>
        <mqtt-subscribe topic="${prefix}/room/#" qos="1"></mqtt-subscribe>
      </mqtt-connection>
    `);
    // The client exists from the first render; the broker's answer takes a round trip more.
    const ids: number[][] = [];
    reloaded.client!.on('message', (_t, _p, packet) => {
      const id = packet.properties?.subscriptionIdentifier;
      ids.push(id === undefined ? [] : Array.isArray(id) ? id : [id]);
    });
    const subscribed: (number | undefined)[] = [];
    reloaded.client!.on('packetsend', (packet) => {
      if (packet.cmd === 'subscribe') subscribed.push(packet.properties?.subscriptionIdentifier);
    });
    const element = reloaded.querySelector('mqtt-subscribe')!;
    await until(
      () => shown(element) === 'while away',
      () =>
        `the reloaded page to show "while away" (shows "${shown(element)}"; identifiers seen: ${JSON.stringify(ids)})`,
    );
    // It came under the first page's identifier for that filter, not the one the reloaded page gave it.
    expect(ids[0], 'identifiers of the message queued while away').to.have.length(1);
    expect(subscribed, 'identifiers the reloaded page subscribed with').to.have.length(1);
    expect(ids[0]![0]).to.not.equal(subscribed[0]);
  });
});

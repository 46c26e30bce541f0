// A page with `clean="false"` reconnecting into a session the broker kept: the session still holds
// the page's subscriptions, so none is sent again (each SUBSCRIBE would make the broker send its
// retained messages again), and a filter the page let go of while the link was down is unsubscribed
// there, or the broker would go on sending it messages nobody shows.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Packet } from 'mqtt';
import '../../src/define.js';
import type { MqttConnection } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import { NodeClient, cleanupFaults, startFaultBroker } from '../support/fault-control.js';

const timeout = 10_000;

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`a kept session, ${kind}`, function () {
    this.timeout(40_000);
    after(cleanupFaults);

    it('sends no SUBSCRIBE again, and unsubscribes a filter let go while the link was down', async () => {
      const broker = await startFaultBroker(kind, 'plain');
      const prefix = uniqueTopic(`kept-${kind}`);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${`test_kept_${Math.random().toString(36).slice(2, 8)}`}
          .clean=${false}
          reconnect-period="20000"
          max-reconnect-period="20000"
        >
          <mqtt-subscribe topic="${prefix}/stays" qos="1"></mqtt-subscribe>
          <mqtt-subscribe topic="${prefix}/goes" qos="1"></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      await connection.core.whenSubscribed(undefined, timeout);

      const client = connection.client!;
      const sent: { cmd: string; topics: string[] }[] = [];
      const received: string[] = [];
      client.on('packetsend', (packet: Packet) => {
        const p = packet as Packet & { subscriptions?: { topic: string }[]; unsubscriptions?: string[] };
        sent.push({ cmd: p.cmd, topics: p.subscriptions?.map((s) => s.topic) ?? p.unsubscriptions ?? [] });
      });
      client.on('message', (topic) => received.push(topic));

      // The link fails; the page waits out a long backoff, and meanwhile one element leaves.
      client.stream.destroy();
      await waitUntil(() => connection.status === 'reconnecting', 'the loss noticed', { timeout });
      connection.querySelector(`mqtt-subscribe[topic="${prefix}/goes"]`)!.remove();
      await waitUntil(() => connection.core.subscriptionCount === 1, 'the filter let go', { timeout });

      window.dispatchEvent(new Event('online')); // retry now rather than in 20 s
      await waitUntil(() => connection.status === 'connected', 'connected again', { timeout });
      await waitUntil(
        () => sent.some((p) => p.cmd === 'unsubscribe'),
        'the filter let go unsubscribed in the kept session',
        { timeout },
      );
      expect(
        sent.filter((p) => p.cmd === 'subscribe'),
        'SUBSCRIBEs into the kept session',
      ).to.deep.equal([]);
      expect(sent.filter((p) => p.cmd === 'unsubscribe').flatMap((p) => p.topics)).to.deep.equal([
        `${prefix}/goes`,
      ]);

      // The broker agrees: the kept filter still delivers, the one let go does not.
      const publisher = await NodeClient.open(broker);
      await publisher.publish(`${prefix}/goes`, { payload: 'nobody shows this', qos: 1 });
      await publisher.publish(`${prefix}/stays`, { payload: 'shown', qos: 1 });
      await waitUntil(() => received.includes(`${prefix}/stays`), 'the kept filter delivers', { timeout });
      expect(received, 'messages on the filter let go').to.not.include(`${prefix}/goes`);
    });
  });
}

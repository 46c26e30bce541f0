// QoS 1/2 state is kept across a reconnect only where the session survives. The link is cut at the
// worst moment of a QoS 2 publish: the broker has answered PUBREC, the page's PUBREL never arrives.
// With a clean session the broker has forgotten the message id, so the page must not send that PUBREL
// again (an MQTT 5 broker answers "packet identifier not found", and the publish would be reported as
// refused): it publishes the message again as a new one and settles the promise when that is
// acknowledged. With `clean="false"` and the session present, the PUBREL is what completes it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Packet } from 'mqtt';
import '../../src/define.js';
import type { MqttConnection } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import { NodeClient, cleanupFaults, recordFigures, startFaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';

const timeout = 10_000;

interface WireEntry {
  dir: 'sent' | 'received';
  cmd: string;
  messageId?: number;
  reasonCode?: number;
  sessionPresent?: boolean;
}

const cases: { kind: BrokerName; version: 4 | 5; clean: boolean }[] = [
  { kind: 'aedes', version: 4, clean: true },
  { kind: 'mosquitto', version: 4, clean: true },
  { kind: 'mosquitto', version: 5, clean: true },
  { kind: 'aedes', version: 4, clean: false },
  { kind: 'mosquitto', version: 5, clean: false },
];

describe('QoS 2 state across a reconnect', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  for (const { kind, version, clean } of cases) {
    const label = `${kind}, MQTT ${version === 5 ? '5' : '3.1.1'}, clean=${clean}`;
    const expectation = clean
      ? 'no old PUBREL into the new session; published again as new; the promise resolves'
      : 'the session carries it: PUBREL sent again, not the PUBLISH; delivered exactly once';

    it(`${label}: link cut between PUBREC and PUBCOMP → ${expectation}`, async () => {
      const broker = await startFaultBroker(kind, 'plain');
      const prefix = uniqueTopic(`qos2-cut-${kind}`);
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`, 2);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          client-id=${`test_qos2cut_${Math.random().toString(36).slice(2, 8)}`}
          protocol-version=${version}
          .clean=${clean}
          reconnect-period="100"
          max-reconnect-period="500"
        >
          <!-- Aedes reports a session present only when the session holds a subscription. -->
          <mqtt-subscribe topic="${prefix}/commands" qos="1"></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });

      const client = connection.client!;
      const wire: WireEntry[] = [];
      let cut = false;
      const note = (dir: WireEntry['dir'], packet: Packet) => {
        if (!cut) return;
        const p = packet as Packet & { messageId?: number; reasonCode?: number; sessionPresent?: boolean };
        wire.push({
          dir,
          cmd: p.cmd,
          messageId: p.messageId,
          reasonCode: p.reasonCode,
          sessionPresent: p.sessionPresent,
        });
      };
      client.on('packetsend', (packet) => note('sent', packet));
      client.on('packetreceive', (packet) => {
        if (packet.cmd === 'pubrec' && !cut) {
          // The fault: the link dies the moment PUBREC arrives, so the PUBREL the client writes next
          // never reaches the broker. No broker or proxy can time a cut this precisely; closing the
          // page's own socket here is the network failing at that instant.
          cut = true;
          client.stream.destroy();
          return;
        }
        note('received', packet);
      });

      const outcome = await connection.publish(`${prefix}/q2`, 'exactly-this', { qos: 2 }).then(
        () => 'resolved',
        (e: Error) => `rejected: ${e.message}`,
      );
      expect(cut, 'the link was cut after PUBREC').to.equal(true);
      expect(outcome).to.equal('resolved');

      // After the cut, each PUBREL the page sent must answer a PUBREC of the same connection, unless
      // the session carried the message over.
      const connack = wire.find((w) => w.cmd === 'connack');
      expect(connack, 'reconnected').to.not.equal(undefined);
      const sessionPresent = connack!.sessionPresent === true;
      expect(sessionPresent, 'session present').to.equal(!clean);
      const afterConnack = wire.slice(wire.indexOf(connack!) + 1);
      const pubrecs = new Set(afterConnack.filter((w) => w.cmd === 'pubrec').map((w) => w.messageId));
      const strayPubrels = afterConnack.filter(
        (w) => w.dir === 'sent' && w.cmd === 'pubrel' && !pubrecs.has(w.messageId),
      );
      const republished = afterConnack.filter((w) => w.dir === 'sent' && w.cmd === 'publish').length;
      const refusedComps = afterConnack.filter((w) => w.cmd === 'pubcomp' && (w.reasonCode ?? 0) >= 0x80);
      expect(refusedComps, 'PUBCOMPs with an error').to.deep.equal([]);
      if (clean) {
        expect(strayPubrels, 'PUBRELs for ids the new session never saw').to.deep.equal([]);
        expect(republished, 'published again as a new message').to.equal(1);
      } else {
        expect(strayPubrels.length, 'the PUBREL sent again').to.equal(1);
        expect(republished, 'the PUBLISH not sent again').to.equal(0);
      }

      let copies = 0;
      await until(
        async () => (copies = (await counter.received(prefix)).count) >= 1,
        'the subscriber to get the message',
      );
      await new Promise((r) => setTimeout(r, 500));
      copies = (await counter.received(prefix)).count;
      // Mosquitto releases a QoS 2 message to subscribers on PUBREL; Aedes on PUBLISH. With a clean
      // session the page cannot tell which happened, so it publishes again: at least once (on Aedes,
      // a second copy). A surviving session keeps it exactly once everywhere.
      if (!clean || kind === 'mosquitto') expect(copies, 'copies delivered').to.equal(1);
      else expect(copies, 'copies delivered').to.be.within(1, 2);

      // The subscription is in a session the broker kept; only a new session needs it again. (MQTT.js
      // reports the connection only once the kept messages are through, so wait for that.)
      await waitUntil(() => connection.status === 'connected', 'connected again', { timeout });
      await connection.core.whenSubscribed(undefined, timeout);
      const resubscribed = wire.filter((w) => w.dir === 'sent' && w.cmd === 'subscribe').length;
      expect(resubscribed, 'SUBSCRIBEs after the reconnect').to.equal(clean ? 1 : 0);
      await recordFigures(`QoS 2 cut between PUBREC and PUBCOMP (${label})`, kind, {
        outcome,
        copies,
        republished,
        pubrelsResent: strayPubrels.length,
      });
    });
  }
});

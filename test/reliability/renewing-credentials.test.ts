// Credentials that expire are renewed before they do, without losing anything: the credentials
// function hands out a URL with a token in its query string (as a presigned AWS IoT URL does) and
// an expiry a few seconds ahead; the page renews twice while QoS 1 messages flow both ways on a
// persistent session. The token never shows up in what the page says. And the ways it can go wrong:
// credentials already expired, an expiry in seconds instead of milliseconds, a function that fails
// at renewal time (the working link stays), a URL from the function that cannot work.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus, MqttSubscribe } from '../../src/index.js';
import type { Credentials } from '../../src/core/connection-config.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import { NodeClient, cleanupFaults, recordFigures, startFaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, shown, statusText, type ReportedError } from '../support/user-view.js';

/** Renewed at 2 s: 85 % of 4 s would leave less than the 2 s (half the lifetime) kept in hand. */
const lifetimeMs = 4_000;
const unreachable = 'ws://127.0.0.1:9/mqtt';

interface Page {
  connection: MqttConnection;
  status: MqttStatus;
  statuses: HTMLElementEventMap['mqtt-status']['detail'][];
  connects: HTMLElementEventMap['mqtt-connect']['detail'][];
  errors: ReportedError[];
}

async function pageWith(
  credentials: () => Credentials | Promise<Credentials>,
  extra: { clean?: boolean; version?: 4 | 5; topic?: string; clientId?: string } = {},
): Promise<Page> {
  const statuses: Page['statuses'] = [];
  const connects: Page['connects'] = [];
  const errors: ReportedError[] = [];
  const root = await fixture<HTMLElement>(html`
    <div @mqtt-error=${recordErrorsInto(errors)}>
      <mqtt-connection
        url=${unreachable}
        client-id=${extra.clientId ?? `test_renew_${Math.random().toString(36).slice(2, 8)}`}
        .clean=${extra.clean ?? true}
        protocol-version=${extra.version ?? 4}
        .credentials=${credentials}
        reconnect-period="100"
        max-reconnect-period="1000"
        @mqtt-status=${(e: HTMLElementEventMap['mqtt-status']) => statuses.push(e.detail)}
        @mqtt-connect=${(e: HTMLElementEventMap['mqtt-connect']) => connects.push(e.detail)}
      >
        <mqtt-status></mqtt-status>
        ${extra.topic ? html`<mqtt-subscribe topic=${extra.topic} qos="1"></mqtt-subscribe>` : ''}
      </mqtt-connection>
    </div>
  `);
  return {
    connection: root.querySelector('mqtt-connection')!,
    status: root.querySelector('mqtt-status')!,
    statuses,
    connects,
    errors,
  };
}

/** The error state, and `<mqtt-status>` showing `words`. */
async function showsError(page: Page, words: RegExp): Promise<void> {
  await until(
    () => page.connection.status === 'error' && words.test(statusText(page.status)),
    () => `the error shown: ${statusText(page.status)}`,
  );
}

for (const [kind, version] of [
  ['aedes', 4],
  ['mosquitto', 5],
] as [BrokerName, 4 | 5][]) {
  describe(`credentials that renew, ${kind}, MQTT ${version === 5 ? '5' : '3.1.1'}`, function () {
    this.timeout(60_000);
    after(cleanupFaults);

    it('renewed twice while QoS 1 flows both ways on a persistent session: nothing lost, no error, the token never shown', async () => {
      const broker = await startFaultBroker(kind);
      const prefix = uniqueTopic(`renew-${kind}`);
      let asked = 0;
      // The configured url cannot work: connecting at all proves the function's URL is used.
      const credentials = (): Credentials => ({
        url: `${broker.wsUrl}?token=secret-${++asked}`,
        expiresAt: Date.now() + lifetimeMs,
      });
      const page = await pageWith(credentials, { clean: false, version, topic: `${prefix}/in` });
      const element = page.connection.querySelector<MqttSubscribe>('mqtt-subscribe')!;
      const received = new Set<string>();
      page.connection.subscribe(`${prefix}/in`, (m) => received.add(m.text), { qos: 1 });
      await until(
        () => page.connection.status === 'connected',
        () => statusText(page.status),
      );
      // Everything <mqtt-status> shows (its live region included) from now on.
      const seen = new Set<string>();
      const watcher = new MutationObserver(() => seen.add(statusText(page.status)));
      watcher.observe(page.status.shadowRoot!, { subtree: true, childList: true, characterData: true });

      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/out`, 1);
      const publisher = await NodeClient.open(broker);
      const pagePublishes: Promise<void>[] = [];
      let sent = 0;
      // A steady stream both ways until the credentials were renewed twice.
      while ((page.connection.core.statusInfo.renewals ?? 0) < 2) {
        await publisher.publish(`${prefix}/in`, { payload: `in ${sent}`, qos: 1 });
        pagePublishes.push(page.connection.publish(`${prefix}/out`, `out ${sent}`, { qos: 1 }));
        sent++;
        await new Promise((r) => setTimeout(r, 50));
        expect(sent, 'messages sent before two renewals').to.be.lessThan(400);
      }
      await until(
        () => page.connection.status === 'connected',
        () => statusText(page.status),
      );
      await Promise.all(pagePublishes);
      await until(
        () => received.size === sent,
        () => `all ${sent} messages into the page (got ${received.size})`,
      );
      await until(async () => (await counter.received(`${prefix}/out`)).count >= sent, 'all out of the page');
      const out = new Set((await counter.received(`${prefix}/out`)).messages.map((m) => m.text));
      expect(out.size, 'distinct messages the page published that arrived').to.equal(sent);
      expect(shown(element), 'the element shows the latest').to.equal(`in ${sent - 1}`);

      watcher.disconnect();
      const shownTexts = [...seen];
      expect(
        shownTexts.some((t) => t.includes('Renewing the credentials before they expire')),
        '<mqtt-status> said it was renewing',
      ).to.equal(true);
      expect(
        shownTexts.filter((t) => /lost|Reconnecting in|attempt/.test(t)),
        'no "connection lost" said, no attempt counted',
      ).to.deep.equal([]);
      const renewing = page.statuses.filter((s) => /Renewing the credentials/.test(s.reason ?? ''));
      expect(renewing.length, 'statuses saying "renewing"').to.be.at.least(2);
      expect(renewing.every((s) => s.status === 'reconnecting')).to.equal(true);
      expect(page.connection.core.statusInfo.renewals).to.be.at.least(2);
      expect(page.connects.length, 'mqtt-connect events').to.be.at.least(3);
      expect(page.errors, 'no error at all').to.deep.equal([]);
      expect(page.connection.core.statusInfo.url).to.equal(broker.wsUrl);
      const everything =
        JSON.stringify([page.statuses, page.connects, page.errors]) + statusText(page.status);
      expect(everything).to.not.include('secret');
      expect(everything).to.not.include('token=');
      // Connected, the status names the broker without the token; the credentials go on renewing, so
      // a moment in a renewal may come first.
      const title = () => page.status.shadowRoot!.querySelector('[part="base"]')!.getAttribute('title');
      await until(
        () => page.connection.status === 'connected' && title() === `Broker: ${broker.wsUrl}`,
        () => `the status title to name the broker only; it is ${JSON.stringify(title())}`,
      );
      await recordFigures('credentials renewed twice under a QoS 1 stream both ways', kind, {
        sent,
        received: received.size,
        publishedFromPage: out.size,
        renewals: page.connection.core.statusInfo.renewals ?? 0,
      });
      await Promise.all([counter.close(), publisher.close()]);
    });

    it('credentials that already expired: an error saying so, no connection', async () => {
      const broker = await startFaultBroker(kind);
      const page = await pageWith(() => ({ url: broker.wsUrl, expiresAt: new Date(Date.now() - 60_000) }));
      await showsError(
        page,
        /The credentials function returned credentials that expired \(expiresAt \d{4}-.*Z\): return fresh ones, with expiresAt a Date or epoch milliseconds in the future\./,
      );
      expect(page.errors.map((e) => e.code)).to.deep.equal(['auth']);
      expect(page.connects).to.deep.equal([]);
    });

    it("an expiry in seconds (a JWT's exp): the error says to multiply it by 1000", async () => {
      const broker = await startFaultBroker(kind);
      const page = await pageWith(() => ({
        url: broker.wsUrl,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      }));
      await showsError(page, /A token's "exp" is in seconds: multiply it by 1000\./);
      expect(page.errors.map((e) => e.code)).to.deep.equal(['auth']);
    });

    it('the credentials function fails at renewal: the link stays open, mqtt-error says so, the next renewal works', async () => {
      const broker = await startFaultBroker(kind);
      let asked = 0;
      const credentials = () => {
        if (++asked === 2) throw new Error('token service is down');
        return { url: broker.wsUrl, expiresAt: Date.now() + lifetimeMs };
      };
      const page = await pageWith(credentials);
      await until(
        () => page.connection.status === 'connected',
        () => statusText(page.status),
      );
      await until(() => page.errors.length > 0, 'the failed renewal reported', 8_000);
      expect(page.errors[0]!.code).to.equal('auth');
      expect(page.errors[0]!.message).to.equal(
        'The credentials function failed: token service is down Still connected with the current ones; asking again in 1 s.',
      );
      expect(page.connection.status, 'still connected after the failed renewal').to.equal('connected');
      expect(page.connects.length).to.equal(1);
      await until(
        () => (page.connection.core.statusInfo.renewals ?? 0) === 1,
        'renewed on the next try',
        8_000,
      );
      await until(
        () => page.connection.status === 'connected',
        () => statusText(page.status),
      );
      expect(asked).to.be.at.least(3);
    });

    it('a URL from the credentials function that cannot work: an error that never shows its query string', async () => {
      const page = await pageWith(() => ({
        url: 'https://iot.example.com/mqtt?X-Amz-Signature=abcdef0123',
      }));
      await showsError(
        page,
        /The URL from the credentials function: MQTT in a browser runs over WebSocket, not https:\/\/: write wss:\/\/iot\.example\.com\/mqtt\./,
      );
      expect(page.errors.map((e) => e.code)).to.deep.equal(['url']);
      expect(JSON.stringify([page.statuses, page.errors]) + statusText(page.status)).to.not.include('abcdef');
    });
  });
}

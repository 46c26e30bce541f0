// Credentials and access rules, against Aedes and Mosquitto (a password file and an ACL file; the
// dynamic-security plugin where only it can refuse a subscription): a wrong password says "not
// authorized" once and stops, a refused subscription or publish says so on its element while its
// neighbours work, and a password given as a property never shows up in the page or the docs.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MqttConnection, MqttPublish, MqttStatus, MqttSubscribe } from '../../src/index.js';
import type { BrokerName } from '../support/brokers.js';
import {
  NodeClient,
  brokerLog,
  cleanupFaults,
  recordFigures,
  startFaultBroker,
  testUser,
  type FaultBroker,
} from '../support/fault-control.js';
import { until } from '../support/until.js';
import {
  neighbour,
  recordErrorsInto,
  shown,
  statusText,
  titleOf,
  type ReportedError,
} from '../support/user-view.js';

const timeout = 10_000;
const brokerKinds: BrokerName[] = ['aedes', 'mosquitto'];

describe('credentials and access rules', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  for (const kind of brokerKinds) {
    describe(`credentials and access rules, ${kind}`, () => {
      let secured: FaultBroker;
      before(async () => {
        secured = await startFaultBroker(kind, 'secured');
      });

      for (const [what, username, password] of [
        ['a wrong password', testUser.username, 'wrong'],
        ['no credentials at all', undefined, undefined],
      ] as const) {
        for (const version of kind === 'mosquitto' ? [4, 5] : [4]) {
          it(`${what} (MQTT ${version === 5 ? '5' : '3.1.1'}): "not authorized" shown, one attempt, no reconnect storm`, async () => {
            const clientId = `test_auth_${Math.random().toString(36).slice(2, 8)}`;
            const before = (await brokerLog(secured)).connects.filter((c) => c.type === 'refused').length;
            const errors: ReportedError[] = [];
            const page = await fixture<HTMLElement>(html`
              <div @mqtt-error=${recordErrorsInto(errors)}>
                <mqtt-connection
                  url=${secured.wsUrl}
                  client-id=${clientId}
                  .username=${username}
                  .password=${password}
                  protocol-version=${version}
                  reconnect-period="100"
                >
                  <mqtt-status></mqtt-status>
                  <mqtt-subscribe topic="secure/open/t"></mqtt-subscribe>
                </mqtt-connection>
              </div>
            `);
            const connection = page.querySelector<MqttConnection>('mqtt-connection')!;
            const status = page.querySelector<MqttStatus>('mqtt-status')!;
            const other = await neighbour(page);
            await waitUntil(() => connection.status === 'error', 'error status', { timeout });
            expect(connection.error?.code).to.equal('auth');
            const reason = /The broker refused the connection: (not authorized|bad user name or password)/;
            await until(
              () => reason.test(statusText(status)),
              () => statusText(status),
            );
            await new Promise((r) => setTimeout(r, 3000));
            const attempts =
              (await brokerLog(secured)).connects.filter((c) => c.type === 'refused').length - before;
            expect(attempts, 'connection attempts in 3 s').to.equal(1);
            expect(connection.status, 'stays in error').to.equal('error');
            expect(errors.filter((e) => e.tag === 'mqtt-connection' && e.code === 'auth')).to.have.length(1);
            await other.stillWorks();
            await recordFigures(`${what} (MQTT ${version === 5 ? '5' : '3.1.1'})`, kind, {
              attemptsIn3s: attempts,
            });
          });
        }
      }
    });

    describe(`refused by the broker's access rules, ${kind}`, () => {
      it('a subscription the ACL refuses (SUBACK failure): the element says so, its neighbour works', async () => {
        // Mosquitto's acl_file accepts every SUBSCRIBE and then delivers nothing; only its
        // dynamic-security plugin refuses a subscription, so that is what Mosquitto runs here.
        const broker = await startFaultBroker(kind, kind === 'aedes' ? 'secured' : 'dynsec');
        const publisher = await NodeClient.open(broker, { ...testUser });
        for (const version of kind === 'mosquitto' ? [4, 5] : [4]) {
          const errors: ReportedError[] = [];
          const page = await fixture<MqttConnection>(html`
            <mqtt-connection
              url=${broker.wsUrl}
              .username=${testUser.username}
              .password=${testUser.password}
              protocol-version=${version}
              @mqtt-error=${recordErrorsInto(errors)}
            >
              <mqtt-status></mqtt-status>
              <mqtt-subscribe id="refused" topic="secure/secret/#"></mqtt-subscribe>
              <mqtt-subscribe id="allowed" topic="secure/rw/t${version}"></mqtt-subscribe>
            </mqtt-connection>
          `);
          const refused = page.querySelector<MqttSubscribe>('#refused')!;
          const allowed = page.querySelector<MqttSubscribe>('#allowed')!;
          await waitUntil(
            () => refused.hasAttribute('error'),
            `MQTT ${version}: the refused element is in the error state`,
            { timeout },
          );
          expect(titleOf(refused)).to.match(
            /The broker refused the subscription to "secure\/secret\/#": .*(not authorized|unspecified error)/i,
          );
          expect(errors.filter((e) => e.tag === 'mqtt-subscribe' && e.code === 'subscribe')).to.have.length(
            1,
          );
          expect(page.status, 'the connection itself is fine').to.equal('connected');
          await waitUntil(
            async () => {
              await publisher.publish(`secure/rw/t${version}`, { payload: 'allowed' });
              return shown(allowed) === 'allowed';
            },
            'the allowed neighbour shows values',
            { timeout },
          );
          expect(allowed.hasAttribute('error')).to.equal(false);
        }
      });

      if (kind === 'aedes') {
        it('a publish the broker refuses by closing the connection (MQTT 3.1.1): given up with the reason, the page recovers', async () => {
          // MQTT 3.1.1 has no reason code for one refused message; Aedes closes the connection. MQTT.js
          // keeps the message and sends it again after every reconnection, so without a limit the
          // page would be refused and reconnect forever.
          const broker = await startFaultBroker(kind, 'secured');
          const clientId = `test_refused_pub_${Math.random().toString(36).slice(2, 8)}`;
          const counter = await NodeClient.open(broker, { ...testUser });
          await counter.subscribe('secure/open/#', 1);
          await counter.subscribe('secure/rw/#', 1);
          const errors: ReportedError[] = [];
          const statuses: string[] = [];
          const page = await fixture<MqttConnection>(html`
            <mqtt-connection
              url=${broker.wsUrl}
              client-id=${clientId}
              .username=${testUser.username}
              .password=${testUser.password}
              reconnect-period="100"
              max-reconnect-period="500"
              @mqtt-error=${recordErrorsInto(errors)}
              @mqtt-status=${(e: HTMLElementEventMap['mqtt-status']) => statuses.push(e.detail.reason ?? e.detail.status)}
            >
              <mqtt-publish id="refused" topic="secure/open/lamp" qos="1" payload="ON"
                ><button>Lamp</button></mqtt-publish
              >
              <mqtt-publish id="allowed" topic="secure/rw/lamp" qos="1" payload="ON"
                ><button>Lamp</button></mqtt-publish
              >
            </mqtt-connection>
          `);
          await waitUntil(() => page.status === 'connected', 'connected', { timeout });
          const refused = page.querySelector<MqttPublish>('#refused')!;
          refused.querySelector('button')!.click();
          await waitUntil(
            () => refused.hasAttribute('error'),
            'the refused publish is given up with an error',
            { timeout },
          );
          expect(refused.hasAttribute('pending')).to.equal(false);
          expect(refused.error?.message).to.match(
            /Not published to "secure\/open\/lamp": .*does not allow this client to publish there/,
          );
          expect(
            statuses.some((r) => /accepted the connection, then closed it/.test(r)),
            'the status says what happened',
          ).to.equal(true);
          expect(
            statuses.some((r) => /Cannot reach the broker/.test(r)),
            'never "cannot reach": it was reached',
          ).to.equal(false);

          await waitUntil(() => page.status === 'connected', 'connected again', { timeout });
          const connects = async () =>
            (await brokerLog(broker, clientId)).connects.filter((c) => c.type === 'connect').length;
          const connectsBefore = await connects();
          await new Promise((r) => setTimeout(r, 2000));
          expect((await connects()) - connectsBefore, 'CONNECTs once recovered').to.equal(0);
          expect(page.status).to.equal('connected');

          const allowed = page.querySelector<MqttPublish>('#allowed')!;
          allowed.querySelector('button')!.click();
          await waitUntil(
            async () => (await counter.receivedCount('secure/rw/lamp')).count === 1,
            'the allowed one arrives',
            { timeout },
          );
          expect((await counter.receivedCount('secure/open/lamp')).count).to.equal(0);
          await recordFigures('publish refused by closing the connection (MQTT 3.1.1)', kind, {
            // The first connection, the ones closed while re-sending the message, and the fresh one.
            connectsUntilRecovered: connectsBefore,
          });
        });
      }

      if (kind === 'mosquitto') {
        it('a publish the ACL refuses (MQTT 5 PUBACK 0x87): the element says so, its neighbour publishes', async () => {
          const broker = await startFaultBroker(kind, 'secured');
          const counter = await NodeClient.open(broker, { ...testUser });
          await counter.subscribe('secure/#', 1);
          const errors: ReportedError[] = [];
          const page = await fixture<MqttConnection>(html`
            <mqtt-connection
              url=${broker.wsUrl}
              .username=${testUser.username}
              .password=${testUser.password}
              protocol-version="5"
              @mqtt-error=${recordErrorsInto(errors)}
            >
              <mqtt-publish id="refused" topic="secure/open/lamp" qos="1" payload="ON"
                ><button>Lamp</button></mqtt-publish
              >
              <mqtt-publish id="allowed" topic="secure/rw/lamp" qos="1" payload="ON"
                ><button>Lamp</button></mqtt-publish
              >
            </mqtt-connection>
          `);
          await waitUntil(() => page.status === 'connected', 'connected', { timeout });
          const refused = page.querySelector<MqttPublish>('#refused')!;
          const allowed = page.querySelector<MqttPublish>('#allowed')!;
          let published = 0;
          allowed.addEventListener('mqtt-published', () => published++);
          refused.querySelector('button')!.click();
          allowed.querySelector('button')!.click();
          await waitUntil(() => refused.hasAttribute('error') && published === 1, 'refused and accepted', {
            timeout,
          });
          expect(refused.error?.code).to.equal('publish');
          expect(refused.error?.message).to.match(
            /The broker did not accept the message on "secure\/open\/lamp": not authorized/,
          );
          expect(errors.filter((e) => e.tag === 'mqtt-publish')).to.have.length(1);
          expect(allowed.hasAttribute('error')).to.equal(false);
          await waitUntil(
            async () => (await counter.receivedCount('secure/rw/lamp')).count === 1,
            'the allowed one arrived',
            { timeout },
          );
          expect((await counter.receivedCount('secure/open/lamp')).count, 'the refused one did not').to.equal(
            0,
          );
          expect(page.status).to.equal('connected');
        });
      }
    });
  }

  describe('a password set as a property', () => {
    /** Everything of the page a visitor or a script could read as text. */
    function everywhere(connection: MqttConnection): string {
      const shadows = Array.from(document.querySelectorAll('*'))
        .map((e) => e.shadowRoot?.innerHTML ?? '')
        .join('\n');
      return [document.documentElement.outerHTML, connection.outerHTML, shadows].join('\n');
    }

    for (const kind of brokerKinds) {
      it(`is used to connect but never appears in the DOM, the status, an event or an error, ${kind}`, async () => {
        const broker = await startFaultBroker(kind, 'secured');
        const seen: string[] = [];
        const page = await fixture<HTMLElement>(html`
          <div
            @mqtt-status=${(e: HTMLElementEventMap['mqtt-status']) => seen.push(JSON.stringify(e.detail))}
            @mqtt-error=${(e: HTMLElementEventMap['mqtt-error']) => seen.push(e.detail.message)}
            @mqtt-connect=${(e: HTMLElementEventMap['mqtt-connect']) => seen.push(JSON.stringify(e.detail))}
          >
            <mqtt-connection url=${broker.wsUrl} username=${testUser.username} .password=${testUser.password}>
              <mqtt-status></mqtt-status>
              <mqtt-subscribe topic="secure/open/t"></mqtt-subscribe>
            </mqtt-connection>
          </div>
        `);
        const connection = page.querySelector<MqttConnection>('mqtt-connection')!;
        await waitUntil(() => connection.status === 'connected', 'connected with the password', { timeout });
        expect(connection.hasAttribute('password'), 'no password attribute').to.equal(false);
        expect(everywhere(connection)).to.not.include(testUser.password);

        // A wrong one, also distinctive, goes through the error path: the reason must not echo it.
        const wrong = `Wr0ng-${Math.random().toString(36).slice(2)}`;
        connection.password = wrong;
        await waitUntil(() => connection.status === 'error', 'refused', { timeout });
        const status = page.querySelector<MqttStatus>('mqtt-status')!;
        await waitUntil(
          () => /not authorized|bad user name or password/.test(statusText(status)),
          'the reason shown',
          { timeout },
        );
        const text = everywhere(connection) + seen.join('\n') + (connection.error?.message ?? '');
        expect(text).to.not.include(wrong);
        expect(text).to.not.include(testUser.password);
        expect(connection.hasAttribute('password')).to.equal(false);
      });
    }

    it('custom-elements.json documents the risk and has no example that writes a password into HTML', async () => {
      const manifest: unknown = await executeServerCommand('custom-elements-manifest');
      const texts: string[] = [];
      const collect = (value: unknown): void => {
        if (typeof value === 'string') texts.push(value);
        else if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(manifest);
      const examples = texts.filter((t) => /password\s*=\s*["'{][^"'}]/i.test(t));
      expect(examples, 'texts with a password attribute holding a value').to.deep.equal([]);
      expect(texts.filter((t) => t.includes(testUser.password))).to.deep.equal([]);
      const warning = texts.find((t) => /password/i.test(t) && /visible to every visitor/i.test(t));
      expect(warning, 'the manifest warns that page HTML is public').to.be.a('string');
    });
  });
});

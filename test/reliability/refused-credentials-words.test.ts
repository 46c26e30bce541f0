// What a refused login reads like, broker by broker: where the broker says "bad user name or
// password" (Aedes here; MQTT 5 code 0x86, 3.1.1 code 4) the page says the user name or password is
// wrong; where it answers only "not authorized" (Mosquitto does, even to a wrong password; 0x87 or
// 5) the page names both causes rather than claiming one. A page that sent no user name is told so.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttStatus } from '../../src/index.js';
import type { BrokerName } from '../support/brokers.js';
import { cleanupFaults, startFaultBroker, testUser, type FaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { recordErrorsInto, statusText, type ReportedError } from '../support/user-view.js';

const wrongPassword = 'bad user name or password; check the username and password.';
const eitherCause =
  'not authorized; the user name or password is wrong (some brokers, Mosquitto among them, do not say ' +
  "which) or this user may not connect: check both, and the broker's access rules.";
const noUserName =
  ' No user name was sent: this broker wants one (set username and password, or credentials).';

const cases: { kind: BrokerName; version: 4 | 5; wrong: string; anonymous: string }[] = [
  { kind: 'aedes', version: 4, wrong: wrongPassword, anonymous: wrongPassword + noUserName },
  { kind: 'mosquitto', version: 4, wrong: eitherCause, anonymous: eitherCause + noUserName },
  { kind: 'mosquitto', version: 5, wrong: eitherCause, anonymous: eitherCause + noUserName },
];

async function refused(
  broker: FaultBroker,
  version: 4 | 5,
  username: string | undefined,
  password: string | undefined,
): Promise<{ shown: string; errors: ReportedError[] }> {
  const errors: ReportedError[] = [];
  const root = await fixture<HTMLElement>(html`
    <div @mqtt-error=${recordErrorsInto(errors)}>
      <mqtt-connection
        url=${broker.wsUrl}
        .username=${username}
        .password=${password}
        protocol-version=${version}
      >
        <mqtt-status></mqtt-status>
      </mqtt-connection>
    </div>
  `);
  const connection = root.querySelector<MqttConnection>('mqtt-connection')!;
  const status = root.querySelector<MqttStatus>('mqtt-status')!;
  await until(
    () => connection.status === 'error' && statusText(status).includes('refused'),
    () => statusText(status),
  );
  return { shown: statusText(status), errors };
}

describe('the words of a refused login', function () {
  this.timeout(60_000);
  after(cleanupFaults);

  for (const { kind, version, wrong, anonymous } of cases) {
    describe(`${kind}, MQTT ${version === 5 ? '5' : '3.1.1'}`, () => {
      let broker: FaultBroker;
      before(async () => {
        broker = await startFaultBroker(kind, 'secured');
      });

      it('a wrong password', async () => {
        const { shown, errors } = await refused(broker, version, testUser.username, 'wrong');
        expect(shown).to.include(`The broker refused the connection: ${wrong}`);
        expect(shown).to.not.include('No user name was sent');
        expect(errors.map((e) => [e.code, e.message])).to.deep.equal([
          ['auth', `The broker refused the connection: ${wrong}`],
        ]);
      });

      it('no user name at all', async () => {
        const { shown, errors } = await refused(broker, version, undefined, undefined);
        expect(shown).to.include(`The broker refused the connection: ${anonymous}`);
        expect(errors.map((e) => e.code)).to.deep.equal(['auth']);
      });
    });
  }
});

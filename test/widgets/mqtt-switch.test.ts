import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/mqtt-switch/define.js';
import type { MqttSwitch } from '../../src/elements/mqtt-switch/mqtt-switch.js';
import type { MqttConnection } from '../../src/index.js';
import { uniqueTopic } from '../support/brokers.js';
import { closeDevices, FakeDevice } from './fake-device.js';
import { errorsOf, mountWidget, part, until } from './widget-fixture.js';

const control = (el: MqttSwitch) => part<HTMLButtonElement>(el, 'control');
const ariaChecked = (el: MqttSwitch) => control(el).getAttribute('aria-checked');
const stateText = (el: MqttSwitch) => part(el, 'state').textContent;
/** Inactive the accessible way: `aria-disabled`, so a focused switch keeps focus. */
const inactive = (el: MqttSwitch) => control(el).getAttribute('aria-disabled') === 'true';

describe('<mqtt-switch>', () => {
  afterEach(closeDevices);

  it('shows the state the device reports, and a switch role with aria-checked', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, 'ON');
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
      ></mqtt-switch>`,
    );
    await until(() => el.checked === true, 'the switch to show on');
    await el.updateComplete;
    expect(control(el).getAttribute('role')).to.equal('switch');
    expect(ariaChecked(el)).to.equal('true');
    expect(stateText(el)).to.equal('On');
    expect(el.hasAttribute('on')).to.equal(true);
    await device.report(`${topic}/state`, 'OFF');
    await until(
      () => ariaChecked(el) === 'false',
      () => `aria-checked="false", got ${ariaChecked(el)}`,
    );
    expect(stateText(el)).to.equal('Off');
    await expect(el).to.be.accessible();
  });

  it('publishes a command on click, is pending until the device confirms, then shows the confirmed state', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, 'OFF');
    // The device answers only when told to, so the pending state can be seen.
    let answer = false;
    await device.listen(`${topic}/set`, {
      answerOn: `${topic}/state`,
      answer: (c) => (answer ? c : undefined),
    });
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
      ></mqtt-switch>`,
    );
    await until(() => el.checked === false, 'the switch to show off');

    control(el).click();
    const [command] = await device.heard(1);
    expect(command.text).to.equal('ON');
    expect(command.retain).to.equal(false);
    await until(() => el.hasAttribute('pending'), 'the pending state');
    expect(el.checked, 'shows where it is going while pending').to.equal(true);
    expect(stateText(el)).to.equal('On…');

    answer = true;
    control(el).click(); // now OFF, and the device confirms it
    await device.heard(2);
    expect(device.commands[1].text).to.equal('OFF');
    await until(() => !el.hasAttribute('pending') && el.checked === false, 'the confirmed off state');
    expect(el.hasAttribute('error')).to.equal(false);
  });

  it('rolls back with an error when the device does not confirm within confirm-timeout', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, 'OFF');
    await device.listen(`${topic}/set`); // hears, never answers
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        confirm-timeout="300ms"
      ></mqtt-switch>`,
    );
    const errors = errorsOf(el);
    await until(() => el.checked === false, 'the switch to show off');
    // The button is enabled by a render, which a busy machine may not have done yet.
    await el.updateComplete;
    control(el).click();
    // Checked at once: a busy machine may not paint the state before a 300 ms timeout ends it.
    expect(el.pending).to.equal(true);
    expect(el.checked).to.equal(true);
    await until(() => el.hasAttribute('error'), 'the error state after the timeout');
    expect(el.checked, 'rolled back to the reported state').to.equal(false);
    expect(el.hasAttribute('pending')).to.equal(false);
    expect(errors.map((e) => e.code)).to.deep.equal(['timeout']);
    expect(errors[0].message).to.include('300 ms').and.include(`${topic}/set`);
    await el.updateComplete;
    expect(part(el, 'message').textContent).to.include('No confirmation');
    await device.heard(1);
  });

  it('is optimistic without a state topic: shows what it sent at once', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch label="Fan" command-topic="${topic}/set" qos="1" retain></mqtt-switch>`,
    );
    expect(el.checked, 'starts off').to.equal(false);
    await until(() => !inactive(el), 'the switch to be enabled');
    await el.turn(true);
    expect(el.checked).to.equal(true);
    const [command] = await device.heard(1);
    expect(command).to.include({ text: 'ON', qos: 1 });
    await until(() => !el.hasAttribute('pending'), 'no pending state once published');
    await el.toggle();
    expect(el.checked).to.equal(false);
    expect((await device.heard(2))[1].text).to.equal('OFF');

    // `retain`: a client subscribing later still gets the last command.
    const late = await FakeDevice.connect();
    await late.listen(`${topic}/set`);
    const [retained] = await late.heard(1);
    expect(retained).to.include({ text: 'OFF', retain: true });
    await late.report(`${topic}/set`, ''); // clear the retained command
  });

  it('shows "banana" as unknown (not off), with the error state, a message and mqtt-error', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, 'OFF');
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
      ></mqtt-switch>`,
    );
    const errors = errorsOf(el);
    await until(() => el.checked === false, 'off');
    // Rendered, so that the `unknown` of the state before "OFF" is no longer reflected.
    await el.updateComplete;
    expect(el.hasAttribute('unknown')).to.equal(false);
    await device.report(`${topic}/state`, 'banana');
    await until(() => el.hasAttribute('unknown'), 'the unknown state');
    await el.updateComplete;
    expect(el.checked).to.equal(undefined);
    expect(ariaChecked(el)).to.equal('mixed');
    expect(stateText(el)).to.equal('Unknown');
    expect(el.hasAttribute('error')).to.equal(true);
    expect(el.hasAttribute('on')).to.equal(false);
    expect(errors).to.have.length(1);
    expect(errors[0].code).to.equal('payload');
    expect(errors[0].message).to.include('"banana"').and.include('state-on');
    expect(part(el, 'message').textContent).to.include('banana');
    await expect(el).to.be.accessible();

    await device.report(`${topic}/state`, 'ON');
    await until(() => el.checked === true && !el.hasAttribute('error'), 'recovery on a good state');
  });

  it('reads a JSON state with select and custom state-on/state-off; a missing field is an error, not a crash', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    await device.report(`${topic}/state`, JSON.stringify({ power: 'running' }));
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Pump"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        select="power"
        state-on="running"
        state-off="stopped"
        payload-on="1"
        payload-off="0"
      ></mqtt-switch>`,
    );
    const errors = errorsOf(el);
    await until(() => el.checked === true, 'on from {"power":"running"}');
    await device.report(`${topic}/state`, JSON.stringify({ temperature: 40 }));
    await until(() => el.hasAttribute('error'), 'the error state');
    expect(errors[0].message).to.include('"power" is not in the message');
    await el.updateComplete;
    expect(part(el, 'message').textContent).to.include('power');

    await el.turn(false);
    expect((await device.heard(1))[0].text).to.equal('0');
  });

  it('operates from the keyboard: focusable, Space and Enter toggle', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch label="Lamp" command-topic="${topic}/set"></mqtt-switch>`,
    );
    await until(() => !inactive(el), 'enabled');
    el.focus();
    expect(el.shadowRoot!.activeElement, 'focus goes to the switch inside').to.equal(control(el));
    await sendKeys({ press: 'Space' });
    await until(() => el.checked === true, 'on after Space');
    await sendKeys({ press: 'Enter' });
    await until(() => el.checked === false, 'off after Enter');
    const commands = await device.heard(2);
    expect(commands.map((c) => c.text)).to.deep.equal(['ON', 'OFF']);
  });

  it('is unavailable and disabled while the availability topic says offline', async () => {
    const topic = uniqueTopic('switch');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/availability`, 'offline');
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        command-topic="${topic}/set"
        availability-topic="${topic}/availability"
      ></mqtt-switch>`,
    );
    await until(() => el.hasAttribute('unavailable'), 'the unavailable state');
    await el.updateComplete;
    expect(inactive(el)).to.equal(true);
    expect(part(el, 'message').textContent).to.equal('Unavailable');
    await expect(el).to.be.accessible();
    await device.report(`${topic}/availability`, 'online');
    await until(() => !el.hasAttribute('unavailable') && !inactive(el), 'available again');

    // Custom payloads.
    el.payloadNotAvailable = 'dead';
    await device.report(`${topic}/availability`, 'dead');
    await until(() => el.hasAttribute('unavailable'), 'unavailable on "dead"');
  });

  it('is offline and disabled without a connection', async () => {
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch label="Lamp" command-topic="x/set"></mqtt-switch>`,
    );
    await (el.parentElement as MqttConnection).disconnect();
    await until(() => el.hasAttribute('offline'), 'the offline state');
    await el.updateComplete;
    expect(inactive(el)).to.equal(true);
  });

  it('reports a command topic with a wildcard and sends nothing', async () => {
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch label="Lamp" command-topic="home/+/set"></mqtt-switch>`,
    );
    const errors = errorsOf(el);
    let failure: unknown;
    await el.turn(true).catch((err: unknown) => (failure = err));
    expect(failure).to.be.instanceOf(Error);
    expect(errors[0].code).to.equal('topic');
    await until(() => el.hasAttribute('error'), 'the error state');
    expect(el.checked, 'nothing sent, nothing shown').to.equal(false);
  });
});

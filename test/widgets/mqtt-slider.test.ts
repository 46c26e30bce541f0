import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/mqtt-slider/define.js';
import type { MqttSlider } from '../../src/elements/mqtt-slider/mqtt-slider.js';
import type { MqttSubscribe } from '../../src/index.js';
import { MqttPublishEvent } from '../../src/events.js';
import { uniqueTopic } from '../support/brokers.js';
import { closeDevices, FakeDevice } from './fake-device.js';
import { shown } from '../support/shown.js';
import { errorsOf, mountWidget, part, until } from './widget-fixture.js';

const input = (el: MqttSlider) => part<HTMLInputElement>(el, 'input');
/** Inactive the accessible way: `aria-disabled`, so a focused slider keeps focus. */
const inactive = (el: MqttSlider) => input(el).getAttribute('aria-disabled') === 'true';

/** What a user's drag does to the native range input: input events while moving, change on release. */
function drag(el: MqttSlider, value: number): void {
  input(el).value = String(value);
  input(el).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
function release(el: MqttSlider): void {
  input(el).dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<mqtt-slider>', () => {
  afterEach(closeDevices);

  it('shows the reported value on the thumb and as text, with min and max', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '42');
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Brightness"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        unit=" %"
      ></mqtt-slider>`,
    );
    await until(() => el.value === 42, 'the value 42');
    await el.updateComplete;
    expect(input(el).value).to.equal('42');
    expect(shown(el)).to.equal('42 %');
    expect(input(el).getAttribute('aria-valuetext')).to.equal('42 %');
    expect(part(el, 'min').textContent).to.equal('0 %');
    expect(part(el, 'max').textContent).to.equal('100 %');
    await expect(el).to.be.accessible();
  });

  it('publishes on release, is pending until the device reports it, and follows later reports', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '10');
    await device.listen(`${topic}/set`, { answerOn: `${topic}/state` });
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
      ></mqtt-slider>`,
    );
    await until(() => el.value === 10, 'the value 10');
    drag(el, 30);
    drag(el, 60);
    release(el);
    expect(el.pending).to.equal(true);
    const [command] = await device.heard(1);
    expect(command.text).to.equal('60');
    await until(() => !el.pending && el.value === 60, 'the confirmed value 60');
    // The slider's commands reach the device in the order they were sent, and the device has answered
    // the release's: a command sent while dragging would be in this list, before it.
    expect(
      device.commands.map((c) => c.text),
      'one command, sent on release; nothing while dragging',
    ).to.deep.equal(['60']);
    await device.report(`${topic}/state`, '75');
    await until(
      () => input(el).value === '75' && shown(el) === '75',
      () => `the thumb to follow to 75, it is at ${input(el).value}`,
    );
  });

  it('never moves the thumb while the user drags, whatever the device reports', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '20');
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider label="Level" state-topic="${topic}/state" command-topic="${topic}/set"></mqtt-slider>
        <mqtt-subscribe topic="${topic}/state"></mqtt-subscribe>`,
    );
    // A subscriber on the same connection: once it shows a report, the slider has had it too.
    const witness = el.parentElement!.querySelector<MqttSubscribe>('mqtt-subscribe')!;
    await until(() => el.value === 20, 'the value 20');
    drag(el, 70);
    await device.report(`${topic}/state`, '35');
    await until(() => witness.text === '35', 'the report of 35 to arrive');
    await el.updateComplete;
    expect(el.hasAttribute('dragging')).to.equal(true);
    expect(input(el).value, 'the thumb stays under the finger').to.equal('70');
    expect(shown(el)).to.equal('70');
    release(el);
    expect((await device.heard(1))[0].text).to.equal('70');
    expect(el.hasAttribute('dragging')).to.equal(false);
  });

  it('with publish-on="input", publishes the resting value while dragging and does not repeat it on release', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        command-topic="${topic}/set"
        publish-on="input"
        debounce="50"
      ></mqtt-slider>`,
    );
    const sent: string[] = [];
    el.addEventListener(MqttPublishEvent.eventName, (e) => sent.push((e as MqttPublishEvent).detail.payload));
    await until(() => !inactive(el), 'enabled');
    drag(el, 10);
    drag(el, 20);
    drag(el, 30);
    const [first] = await device.heard(1);
    expect(first.text, 'one debounced publish of where the thumb rests').to.equal('30');
    expect(sent).to.deep.equal(['30']);
    release(el);
    expect(sent, 'the release sends nothing new').to.deep.equal(['30']);
    drag(el, 40);
    release(el);
    expect(sent).to.deep.equal(['30', '40']);
    expect((await device.heard(2))[1].text).to.equal('40');
  });

  it('fills payload-template and rounds to the step', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Set point"
        command-topic="${topic}/set"
        min="5"
        max="30"
        step="0.1"
        payload-template='{"target": {{value}}}'
      ></mqtt-slider>`,
    );
    await until(() => !inactive(el), 'enabled');
    await el.publish(0.1 + 0.2 + 20);
    expect((await device.heard(1))[0].text).to.equal('{"target": 20.3}');
    expect(el.value, 'optimistic: shows what it sent').to.equal(20.3);
  });

  it('rolls back with an error when the device does not confirm within confirm-timeout', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '50');
    await device.listen(`${topic}/set`);
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        confirm-timeout="0.3"
      ></mqtt-slider>`,
    );
    const errors = errorsOf(el);
    await until(() => el.value === 50, 'the value 50');
    drag(el, 80);
    release(el);
    // Checked at once: a busy machine may not paint the state before a 300 ms timeout ends it.
    expect(el.pending).to.equal(true);
    expect(el.value).to.equal(80);
    await until(() => el.hasAttribute('error') && !el.pending, 'the error state after the timeout');
    await el.updateComplete;
    expect(el.value).to.equal(50);
    expect(input(el).value, 'the thumb is back at the reported value').to.equal('50');
    expect(errors[0].code).to.equal('timeout');
    expect(errors[0].message).to.include('last reported 50');
  });

  it('shows a report that is not a number as unknown, with a message and mqtt-error', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '40');
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
      ></mqtt-slider>`,
    );
    const errors = errorsOf(el);
    await until(() => el.value === 40, 'the value 40');
    await device.report(`${topic}/state`, 'high');
    await until(() => el.hasAttribute('error'), 'the error state');
    await el.updateComplete;
    expect(el.value).to.equal(undefined);
    expect(el.hasAttribute('unknown')).to.equal(true);
    expect(shown(el)).to.equal('—');
    expect(errors[0].message).to.include('"high"').and.include('not a number');
    expect(part(el, 'message').textContent).to.include('not a number');
    await expect(el).to.be.accessible();
  });

  it('selects a field from JSON; a JSON without it is an error, not a crash', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, JSON.stringify({ brightness: 64 }));
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        select="brightness"
      ></mqtt-slider>`,
    );
    const errors = errorsOf(el);
    await until(() => el.value === 64, 'the value 64');
    await device.report(`${topic}/state`, JSON.stringify({ state: 'ON' }));
    await until(() => el.hasAttribute('error'), 'the error state');
    expect(errors[0].message).to.include('"brightness" is not in the message');
    expect(el.value, 'the last good value stays').to.equal(64);
  });

  it('operates from the keyboard: arrow keys publish one step', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '50');
    await device.listen(`${topic}/set`, { answerOn: `${topic}/state` });
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        step="5"
      ></mqtt-slider>`,
    );
    await until(() => el.value === 50 && !inactive(el), 'the value 50');
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    await sendKeys({ press: 'ArrowRight' });
    expect((await device.heard(1))[0].text).to.equal('55');
    await until(() => el.value === 55 && !el.pending, 'the confirmed 55');
  });

  it('is unavailable and disabled while the availability topic says offline', async () => {
    const topic = uniqueTopic('slider');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/availability`, 'offline');
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        command-topic="${topic}/set"
        availability-topic="${topic}/availability"
      ></mqtt-slider>`,
    );
    await until(() => el.hasAttribute('unavailable'), 'the unavailable state');
    await el.updateComplete;
    expect(inactive(el)).to.equal(true);
    await expect(el).to.be.accessible();
    await device.report(`${topic}/availability`, 'online');
    await until(() => !inactive(el), 'enabled again');
  });

  it('reports a range with min not below max', async () => {
    const el = await fixture<MqttSlider>(html`<mqtt-slider label="Level" min="10" max="10"></mqtt-slider>`);
    await el.updateComplete;
    expect(el.hasAttribute('error')).to.equal(true);
    expect(el.error!.message).to.include('min less than max');
    expect(part(el, 'message').textContent).to.include('min less than max');
  });
});

import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/mqtt-gauge/define.js';
import { parseZones, resolveZones, zoneColor } from '../../src/elements/mqtt-gauge/gauge-zones.js';
import type { MqttGauge } from '../../src/elements/mqtt-gauge/mqtt-gauge.js';
import { uniqueTopic } from '../support/brokers.js';
import { closeDevices, FakeDevice } from './fake-device.js';
import { errorsOf, mountWidget, part, until } from './widget-fixture.js';

const meter = (el: MqttGauge) => part(el, 'base');
const valueText = (el: MqttGauge) => part(el, 'value').textContent!.replace(/\s+/g, '');
/** Where the needle points, in degrees clockwise from 12 o'clock (the dial spans -120…120). */
function needleAngle(el: MqttGauge): number {
  const needle = part<SVGLineElement>(el, 'needle');
  const dx = needle.x2.baseVal.value - needle.x1.baseVal.value;
  const dy = needle.y2.baseVal.value - needle.y1.baseVal.value;
  return (Math.atan2(dx, -dy) * 180) / Math.PI;
}

describe('<mqtt-gauge>', () => {
  afterEach(closeDevices);

  it('shows a value as a meter with aria-valuenow, min, max and valuetext', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, '21.46');
    const el = await mountWidget<MqttGauge>(
      html`<mqtt-gauge
        topic=${topic}
        label="Temperature"
        min="10"
        max="35"
        decimals="1"
        unit=" °C"
      ></mqtt-gauge>`,
    );
    await until(() => el.value === 21.46, 'the value 21.46');
    await el.updateComplete;
    expect(meter(el).getAttribute('role')).to.equal('meter');
    expect(meter(el).getAttribute('aria-valuenow')).to.equal('21.46');
    expect(meter(el).getAttribute('aria-valuemin')).to.equal('10');
    expect(meter(el).getAttribute('aria-valuemax')).to.equal('35');
    expect(meter(el).getAttribute('aria-valuetext')).to.equal('21.5 °C');
    expect(valueText(el)).to.equal('21.5°C');
    expect(needleAngle(el)).to.be.closeTo(-120 + ((21.46 - 10) / 25) * 240, 0.5);
    expect(part(el, 'label').textContent!.trim()).to.equal('Temperature');
    await expect(el).to.be.accessible();
  });

  it('clamps out-of-range values visibly: needle at the end, the real number in the text', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, '130');
    const el = await mountWidget<MqttGauge>(
      html`<mqtt-gauge topic=${topic} label="Speed" max="100"></mqtt-gauge>`,
    );
    await until(() => el.hasAttribute('out-of-range'), 'the out-of-range state');
    await el.updateComplete;
    expect(valueText(el)).to.equal('130');
    expect(needleAngle(el)).to.be.closeTo(120, 0.5);
    expect(meter(el).getAttribute('aria-valuenow')).to.equal('100');
    expect(meter(el).getAttribute('aria-valuetext')).to.include('130').and.include('above the maximum');

    await device.report(topic, '-20');
    await until(() => el.value === -20, 'the value -20');
    await el.updateComplete;
    expect(needleAngle(el)).to.be.closeTo(-120, 0.5);
    expect(el.hasAttribute('out-of-range')).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="bar"]'), 'no arc below the minimum').to.equal(null);

    await device.report(topic, '50');
    await until(() => !el.hasAttribute('out-of-range'), 'back in range');
    await expect(el).to.be.accessible();
  });

  it('alone on a wide page, stays gauge-sized and keeps the needle inside its box', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, '50');
    const el = await mountWidget<MqttGauge>(html`<mqtt-gauge topic=${topic} label="Level"></mqtt-gauge>`);
    el.parentElement!.style.inlineSize = '1600px';
    await until(() => el.value === 50, 'the value 50');
    await el.updateComplete;
    const dial = part(el, 'dial').getBoundingClientRect();
    const fontSize = parseFloat(getComputedStyle(el).fontSize);
    expect(dial.width, 'the dial is no wider than 16em').to.be.at.most(16 * fontSize + 0.5);
    // Straight up, the needle reaches furthest out of the arc.
    const needle = part(el, 'needle').getBoundingClientRect();
    expect(needleAngle(el)).to.be.closeTo(0, 0.5);
    expect(needle.top, 'the needle starts inside the dial').to.be.at.least(dial.top);
    expect(needle.left).to.be.at.least(dial.left);
    expect(needle.right).to.be.at.most(dial.right);
  });

  it('keeps the last good value on a text payload, with the error state, a message and mqtt-error', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, '42');
    const el = await mountWidget<MqttGauge>(html`<mqtt-gauge topic=${topic} label="Level"></mqtt-gauge>`);
    const errors = errorsOf(el);
    await until(() => el.value === 42, 'the value 42');
    await device.report(topic, 'sensor fault');
    await until(() => el.hasAttribute('error'), 'the error state');
    await el.updateComplete;
    expect(el.value).to.equal(42);
    expect(valueText(el)).to.equal('42');
    expect(part(el, 'needle')).to.be.instanceOf(Element);
    expect(errors[0].code).to.equal('payload');
    expect(errors[0].message).to.include('"sensor fault"').and.include('not a number');
    expect(part(el, 'message').textContent).to.include('not a number');
    await expect(el).to.be.accessible();

    await device.report(topic, '43');
    await until(() => el.value === 43 && !el.hasAttribute('error'), 'recovery');
  });

  it('reports a JSON without the selected field, and draws nothing wrong before any value', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, JSON.stringify({ humidity: 40 }));
    const el = await mountWidget<MqttGauge>(
      html`<mqtt-gauge topic=${topic} label="Temperature" select="temp"></mqtt-gauge>`,
    );
    const errors = errorsOf(el);
    await until(() => el.hasAttribute('error'), 'the error state');
    await el.updateComplete;
    expect(errors.length + (el.error ? 1 : 0)).to.be.greaterThan(0);
    expect(el.error!.message).to.include('"temp" is not in the message');
    expect(valueText(el)).to.equal('—');
    expect(el.shadowRoot!.querySelector('[part="needle"]')).to.equal(null);
    expect(meter(el).getAttribute('aria-valuetext')).to.equal('No value yet');
    await expect(el).to.be.accessible();
  });

  it('colours the value arc by zone, from "from:colour" pairs or JSON', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(topic, '70');
    const el = await mountWidget<MqttGauge>(
      html`<mqtt-gauge
        topic=${topic}
        label="Load"
        zones="0:#2a9d8f,60:rgb(233, 196, 106),80:#e76f51"
      ></mqtt-gauge>`,
    );
    await until(() => el.value === 70, 'the value 70');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="zone"]')).to.have.length(3);
    expect(part<SVGPathElement>(el, 'bar').style.stroke).to.equal('rgb(233, 196, 106)');

    el.zones = '[{"from":0,"to":50,"color":"green"},{"from":50,"color":"red"}]';
    await device.report(topic, '20');
    await until(() => el.value === 20, 'the value 20');
    await el.updateComplete;
    expect(part<SVGPathElement>(el, 'bar').style.stroke).to.equal('green');
  });

  it('reports bad zones clearly and still draws the dial', async () => {
    const el = await fixture<MqttGauge>(
      html`<mqtt-gauge label="Load" zones="0:#2a9d8f,60:notacolour"></mqtt-gauge>`,
    );
    await el.updateComplete;
    expect(el.hasAttribute('error')).to.equal(true);
    expect(el.error!.message).to.include('"notacolour" is not a CSS colour');
    expect(part(el, 'track')).to.be.instanceOf(Element);
    expect(el.shadowRoot!.querySelectorAll('[part="zone"]')).to.have.length(0);

    const errors = errorsOf(el);
    el.zones = '[{"from":"x"}]';
    await el.updateComplete;
    // This gauge has no connection on purpose, and says so too; the zones mistake is its own event.
    expect(errors.filter((e) => e.code === 'config').map((e) => e.message)[0]).to.include('entry 1');
    el.zones = '0:#000';
    el.min = 10;
    el.max = 5;
    await el.updateComplete;
    expect(el.error!.message).to.include('min less than max');
  });

  it('is unavailable while the availability topic says offline', async () => {
    const topic = uniqueTopic('gauge');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/availability`, 'offline');
    const el = await mountWidget<MqttGauge>(
      html`<mqtt-gauge topic=${topic} label="Speed" availability-topic="${topic}/availability"></mqtt-gauge>`,
    );
    await until(() => el.hasAttribute('unavailable'), 'the unavailable state');
    await el.updateComplete;
    expect(part(el, 'message').textContent).to.equal('Unavailable');
    await device.report(`${topic}/availability`, 'online');
    await until(() => !el.hasAttribute('unavailable'), 'available again');
  });

  it('parses zones', () => {
    expect(parseZones('60:red, 0:#2a9d8f', () => true)).to.deep.equal([
      { from: 0, color: '#2a9d8f' },
      { from: 60, color: 'red' },
    ]);
    expect(() => parseZones('0-red', () => true)).to.throw('"0-red" is not "from:colour"');
    expect(() => parseZones('[1,', () => true)).to.throw('not valid JSON');
    const zones = parseZones('[{"from":-10,"color":"a"},{"from":50,"to":70,"color":"b"}]', () => true);
    expect(resolveZones(zones, 0, 100)).to.deep.equal([
      { from: 0, to: 50, color: 'a' },
      { from: 50, to: 70, color: 'b' },
    ]);
    expect(zoneColor(zones, 20)).to.equal('a');
    expect(zoneColor(zones, 60)).to.equal('b');
    expect(zoneColor(zones, 80), 'past the last band').to.equal(undefined);
  });
});

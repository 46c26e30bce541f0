// What a screen-reader and keyboard user meets in the live states axe never sees on a static page:
// unknown, pending, stale, unavailable and error, in both looks; what is announced and how often;
// and focus that survives a device going away.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { MqttGauge, MqttSlider, MqttStatus, MqttSubscribe, MqttSwitch } from '../../src/index.js';
import type { MqttConnection } from '../../src/index.js';
import { uniqueTopic } from '../support/brokers.js';
import { cleanupFaults, killBroker, startFaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';
import { closeDevices, FakeDevice } from '../widgets/fake-device.js';
import { mountWidget, part } from '../widgets/widget-fixture.js';

/** The live region an element announces through. */
const region = (el: Element) => el.shadowRoot!.querySelector('[role="status"]')!;
const spoken = (el: Element) => region(el).textContent!.trim();

/** Relative luminance and contrast ratio as WCAG 2.2 defines them. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: number[], b: number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
/** A computed colour (`rgb(…)`, `#rrggbb`) as [r, g, b]. */
function channels(color: string): number[] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16));
  const rgb = /rgba?\(([^)]+)\)/.exec(color);
  if (!rgb) throw new Error(`not a colour: ${color}`);
  return rgb[1]!.split(/[ ,]+/).slice(0, 3).map(Number);
}
/** The widget's surface colour: the `--_bg` token its look resolves to. */
const surfaceOf = (el: Element) => channels(getComputedStyle(el).getPropertyValue('--_bg'));

for (const look of ['light', 'dark'] as const) {
  describe(`live states in the ${look} look`, () => {
    afterEach(async () => {
      document.body.style.background = '';
      document.body.style.color = '';
      await closeDevices();
    });

    /** Mounts `widget` in a container that picks the look. */
    async function mountIn<T extends HTMLElement>(widget: ReturnType<typeof html>): Promise<T> {
      const el = await mountWidget<T>(widget);
      el.parentElement!.setAttribute('data-mqtt-theme', look);
      // A page in that look: inline readouts inherit the page's text colour.
      document.body.style.background = look === 'dark' ? '#171b24' : '#ffffff';
      document.body.style.color = look === 'dark' ? '#e6e9ef' : '#1d2330';
      return el;
    }

    it('a switch: unknown is a tri-state "mixed", never read as off; each state passes axe with words', async () => {
      const topic = uniqueTopic('a11y');
      const device = await FakeDevice.connect();
      await device.listen(`${topic}/set`); // hears commands but never confirms them
      await device.report(`${topic}/availability`, 'online');
      const el = await mountIn<MqttSwitch>(
        html`<mqtt-switch
          label="Lamp"
          state-topic="${topic}/state"
          command-topic="${topic}/set"
          availability-topic="${topic}/availability"
          expire-after="1"
          confirm-timeout="20s"
        ></mqtt-switch>`,
      );
      const control = part<HTMLButtonElement>(el, 'control');

      // Unknown: nothing reported yet.
      await el.updateComplete;
      expect(control.getAttribute('role')).to.equal('checkbox');
      expect(control.getAttribute('aria-checked')).to.equal('mixed');
      await expect(el).to.be.accessible();

      // Known, then stale: said in words in the description, in a colour with 4.5:1.
      await device.report(`${topic}/state`, 'OFF');
      await until(() => el.checked === false, 'off');
      await el.updateComplete;
      expect(control.getAttribute('role')).to.equal('switch');
      await until(() => el.hasAttribute('stale'), 'stale after a second');
      await el.updateComplete;
      const message = part(el, 'message');
      expect(message.textContent).to.match(/^Stale: last update/);
      expect(control.getAttribute('aria-describedby')).to.contain('message');
      expect(contrast(channels(getComputedStyle(message).color), surfaceOf(el))).to.be.at.least(4.5);
      expect(getComputedStyle(part(el, 'track')).opacity, 'stale is not told by fading').to.equal('1');
      await expect(el).to.be.accessible();

      // Pending: busy, and said in the description.
      control.click();
      await until(() => el.pending, 'pending');
      await el.updateComplete;
      expect(control.getAttribute('aria-busy')).to.equal('true');
      expect(el.shadowRoot!.getElementById('state-words')!.textContent).to.contain('Waiting for the device');
      await expect(el).to.be.accessible();

      // Confirmed: said once.
      await device.report(`${topic}/state`, 'ON');
      await until(() => !el.pending, 'confirmed');
      await until(
        () => spoken(el) === 'Lamp: On',
        () => `"Lamp: On" announced, got "${spoken(el)}"`,
      );

      // Error: a state that is neither on nor off.
      await device.report(`${topic}/state`, 'BLINK');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      await until(() => spoken(el).startsWith('Lamp: '), 'the error announced');
      expect(spoken(el)).to.contain('neither on');
      await expect(el).to.be.accessible();

      // Unavailable.
      await device.report(`${topic}/availability`, 'offline');
      await until(() => el.hasAttribute('unavailable'), 'unavailable');
      await el.updateComplete;
      await until(
        () => spoken(el) === 'Lamp: Unavailable',
        () => `unavailability announced, got "${spoken(el)}"`,
      );
      expect(control.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('a slider: unknown, stale, pending and unavailable in words, each passing axe', async () => {
      const topic = uniqueTopic('a11y');
      const device = await FakeDevice.connect();
      await device.listen(`${topic}/set`); // never confirms
      await device.report(`${topic}/availability`, 'online');
      const el = await mountIn<MqttSlider>(
        html`<mqtt-slider
          label="Level"
          state-topic="${topic}/state"
          command-topic="${topic}/set"
          availability-topic="${topic}/availability"
          expire-after="1"
          confirm-timeout="20s"
        ></mqtt-slider>`,
      );
      const input = part<HTMLInputElement>(el, 'input');
      await el.updateComplete;
      expect(input.getAttribute('aria-valuetext')).to.contain('unknown');
      await expect(el).to.be.accessible();
      await device.report(`${topic}/state`, '30');
      await until(() => el.hasAttribute('stale'), 'stale');
      await el.updateComplete;
      expect(part(el, 'message').textContent).to.match(/^Stale/);
      await expect(el).to.be.accessible();
      void el.publish(60);
      await until(() => el.pending, 'pending');
      await el.updateComplete;
      expect(input.getAttribute('aria-busy')).to.equal('true');
      expect(input.getAttribute('aria-valuetext')).to.contain('waiting for the device');
      await expect(el).to.be.accessible();
      await device.report(`${topic}/availability`, 'offline');
      await until(() => el.hasAttribute('unavailable'), 'unavailable');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('a readout says stale and error in words, marked by shape rather than fading', async () => {
      const topic = uniqueTopic('a11y');
      const device = await FakeDevice.connect();
      await device.report(`${topic}/t`, '{"t": 21.5}');
      const el = await mountIn<MqttSubscribe>(
        html`<mqtt-subscribe topic="${topic}/t" select="t" expire-after="1"></mqtt-subscribe>`,
      );
      await until(() => el.hasAttribute('stale'), 'stale');
      await el.updateComplete;
      const value = part(el, 'value');
      expect(getComputedStyle(value).opacity).to.equal('1');
      expect(getComputedStyle(value).textDecorationStyle).to.equal('dotted');
      expect(el.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.contain('stale');
      await expect(el).to.be.accessible();
      await device.report(`${topic}/t`, 'not json at all');
      await until(() => el.hasAttribute('error'), 'the error state');
      await el.updateComplete;
      // In words in the element: written out when it is the page's mistake, else for screen readers.
      expect(el.shadowRoot!.textContent).to.contain('is not in the message');
      await expect(el).to.be.accessible();
    });

    it('the switch off track and the slider track keep 3:1 against the surface', async () => {
      const el = await mountIn<MqttSwitch>(
        html`<mqtt-switch label="Lamp" command-topic="${uniqueTopic('a11y')}/set"></mqtt-switch>`,
      );
      await el.updateComplete;
      const track = getComputedStyle(part(el, 'track')).backgroundColor;
      expect(contrast(channels(track), surfaceOf(el))).to.be.at.least(3);
      const slider = document.createElement('mqtt-slider');
      slider.label = 'Level';
      el.after(slider);
      await slider.updateComplete;
      const rest = getComputedStyle(slider).getPropertyValue('--_rest');
      const probe = document.createElement('span');
      probe.style.color = rest;
      document.body.append(probe);
      const restColour = getComputedStyle(probe).color;
      probe.remove();
      expect(contrast(channels(restColour), surfaceOf(slider))).to.be.at.least(3);
    });

    it('a gauge that is unavailable or stale keeps its text readable and passes axe', async () => {
      const topic = uniqueTopic('a11y');
      const device = await FakeDevice.connect();
      await device.report(`${topic}/t`, '21.5');
      await device.report(`${topic}/availability`, 'online');
      const el = await mountIn<MqttGauge>(
        html`<mqtt-gauge
          label="Temperature"
          topic="${topic}/t"
          availability-topic="${topic}/availability"
          expire-after="1"
        ></mqtt-gauge>`,
      );
      await until(() => el.hasAttribute('stale'), 'stale');
      await el.updateComplete;
      expect(part(el, 'message').textContent).to.match(/^Stale/);
      await expect(el).to.be.accessible();
      await device.report(`${topic}/availability`, 'offline');
      await until(() => el.hasAttribute('unavailable'), 'unavailable');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });
}

describe('focus and keyboard while a device goes away', () => {
  afterEach(closeDevices);

  it('a focused switch keeps focus when its device becomes unavailable, and ignores keys until it is back', async () => {
    const topic = uniqueTopic('a11y');
    const device = await FakeDevice.connect();
    await device.listen(`${topic}/set`);
    await device.report(`${topic}/availability`, 'online');
    const el = await mountWidget<MqttSwitch>(
      html`<mqtt-switch
        label="Lamp"
        command-topic="${topic}/set"
        availability-topic="${topic}/availability"
      ></mqtt-switch>`,
    );
    el.focus();
    const control = part<HTMLButtonElement>(el, 'control');
    expect(el.shadowRoot!.activeElement).to.equal(control);
    await device.report(`${topic}/availability`, 'offline');
    await until(() => el.hasAttribute('unavailable'), 'unavailable');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus stays on the switch').to.equal(control);
    expect(document.activeElement).to.equal(el);
    await sendKeys({ press: 'Space' });
    await device.report(`${topic}/availability`, 'online');
    await until(() => !el.hasAttribute('unavailable'), 'available again');
    await sendKeys({ press: 'Space' });
    const heard = await device.heard(1);
    // Only the press after the device came back was sent.
    expect(heard.map((c) => c.text)).to.deep.equal(['ON']);
  });

  it('a focused slider keeps focus when its device becomes unavailable, and arrow keys do not move it', async () => {
    const topic = uniqueTopic('a11y');
    const device = await FakeDevice.connect();
    await device.report(`${topic}/state`, '40');
    await device.report(`${topic}/availability`, 'online');
    const el = await mountWidget<MqttSlider>(
      html`<mqtt-slider
        label="Level"
        state-topic="${topic}/state"
        command-topic="${topic}/set"
        availability-topic="${topic}/availability"
      ></mqtt-slider>`,
    );
    await until(() => el.value === 40, 'the reported 40');
    el.focus();
    const input = part<HTMLInputElement>(el, 'input');
    await device.report(`${topic}/availability`, 'offline');
    await until(() => el.hasAttribute('unavailable'), 'unavailable');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus stays on the slider').to.equal(input);
    expect(input.getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(input.valueAsNumber).to.equal(40);
    expect(el.value).to.equal(40);
  });
});

describe('<mqtt-status> while a broker is gone', () => {
  afterEach(cleanupFaults);

  it('announces the loss once, not the countdown of every attempt', async () => {
    const broker = await startFaultBroker('mosquitto');
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${broker.wsUrl} reconnect-period="1000" max-reconnect-period="2000"
        ><mqtt-status></mqtt-status
      ></mqtt-connection>`,
    );
    const status = connection.querySelector<MqttStatus>('mqtt-status')!;
    await until(() => connection.status === 'connected', 'connected');
    await until(() => spoken(status) === 'Connected', 'connected announced');
    const changes: string[] = [];
    const observer = new MutationObserver(() => changes.push(spoken(status)));
    observer.observe(region(status), { childList: true, characterData: true, subtree: true });
    const reasons = new Set<string>();
    const watchReason = setInterval(() => reasons.add(status.reason), 200);
    await killBroker(broker);
    // Long enough for several attempts and countdown steps.
    await until(
      () => reasons.size >= 4,
      () => `the visible reason to change a few times (${reasons.size})`,
    );
    clearInterval(watchReason);
    observer.disconnect();
    expect(changes.filter((text, i) => text !== changes[i - 1])).to.deep.equal([
      'Connection lost, reconnecting',
    ]);
  });
});

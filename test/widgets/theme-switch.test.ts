import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/elements/mqtt-gauge/define.js';
import '../../src/elements/mqtt-switch/define.js';
import type { MqttGauge } from '../../src/elements/mqtt-gauge/mqtt-gauge.js';

/** The text colour a widget resolves for itself, from the shared theme tokens. */
const textColor = (el: Element) => getComputedStyle(el).getPropertyValue('--_fg').trim();
const lightText = '#1d2330';
const darkText = '#e6e9ef';

describe('light and dark looks', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows the system setting when no container chooses', async () => {
    const el = await fixture<MqttGauge>(html`<mqtt-gauge label="Load"></mqtt-gauge>`);
    await emulateMedia({ colorScheme: 'light' });
    expect(textColor(el)).to.equal(lightText);
    await emulateMedia({ colorScheme: 'dark' });
    expect(textColor(el)).to.equal(darkText);
  });

  it('is switched by class="mqtt-dark|mqtt-light" or data-mqtt-theme on any container, also against the system', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <section class="mqtt-dark"><mqtt-gauge label="A"></mqtt-gauge></section>
        <section data-mqtt-theme="dark">
          <div><mqtt-switch label="B"></mqtt-switch></div>
        </section>
        <section class="mqtt-dark">
          <div class="mqtt-light"><mqtt-gauge label="C"></mqtt-gauge></div>
        </section>
      </div>`,
    );
    const [a, b, c] = page.querySelectorAll('mqtt-gauge, mqtt-switch');
    expect([textColor(a), textColor(b), textColor(c)]).to.deep.equal([darkText, darkText, lightText]);
    await emulateMedia({ colorScheme: 'dark' });
    expect(textColor(c), 'an explicit light container beats a dark system').to.equal(lightText);
    // Switching at run time, as a page's theme toggle does.
    page.querySelector('section')!.classList.replace('mqtt-dark', 'mqtt-light');
    expect(textColor(a)).to.equal(lightText);
  });

  it("never overrides the page's own --mqtt-* values", async () => {
    const el = await fixture<HTMLElement>(
      html`<div class="mqtt-dark" style="--mqtt-text: rgb(1, 2, 3)">
        <mqtt-gauge label="A"></mqtt-gauge>
      </div>`,
    );
    expect(textColor(el.firstElementChild!)).to.equal('rgb(1, 2, 3)');
  });
});

// The CDN bundle on a page with a strict Content-Security-Policy (scripts from the page's own origin
// only, no inline script, no eval, Trusted Types required for every HTML and script sink): it must connect, show data, stamp templates, bind and publish with
// no violation reported. That proves nothing in it evaluates strings. The pages come from
// test/brokers/strict-csp-plugin.mjs with the policy as an HTTP header; `npm run build:cdn` (run before
// the browser tests) makes the bundle.
import { expect, waitUntil } from '@open-wc/testing';
import type { MqttStatus, MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { NodeClient, cleanupFaults } from '../support/fault-control.js';

const timeout = 15_000;
const strictPolicy =
  "script-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

interface CspWindow extends Window {
  cspViolations?: { directive: string; blocked: string; sample: string; source: string }[];
  inlineScriptRan?: boolean;
  innerHtmlWritten?: boolean;
}

async function openFrame(src: string): Promise<{ frame: HTMLIFrameElement; win: CspWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.title = 'page under a strict CSP';
  frame.style.width = '800px';
  frame.style.height = '400px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = src;
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as CspWindow, doc: frame.contentDocument! };
}

describe('strict Content-Security-Policy', function () {
  this.timeout(60_000);
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove();
  });
  after(cleanupFaults);

  it('the control page proves the policy is enforced and violations are seen', async () => {
    const response = await fetch('/strict-csp/control.html');
    expect(response.headers.get('content-security-policy')).to.equal(strictPolicy);
    const { frame, win } = await openFrame('/strict-csp/control.html');
    frames.push(frame);
    await waitUntil(() => (win.cspViolations?.length ?? 0) > 0, 'the inline script is reported', { timeout });
    expect(win.inlineScriptRan, 'the inline script was blocked').to.equal(undefined);
    expect(win.cspViolations![0].directive).to.match(/^script-src/);
  });

  it('the Trusted Types control page proves a string written to innerHTML is refused and seen', async () => {
    const { frame, win } = await openFrame('/strict-csp/trusted-types-control.html');
    frames.push(frame);
    await waitUntil(() => win.innerHtmlWritten !== undefined, 'the probe ran', { timeout });
    expect(win.innerHtmlWritten, 'innerHTML accepted a plain string').to.equal(false);
    await waitUntil(() => (win.cspViolations?.length ?? 0) > 0, 'the violation is reported', { timeout });
    expect(win.cspViolations![0].directive).to.equal('require-trusted-types-for');
  });

  for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
    for (const bundle of ['module', 'global'] as const) {
      it(`cdn/mqtt-elements${bundle === 'global' ? '.global' : ''}.js connects, shows, stamps, binds and publishes with no violation, ${kind}`, async () => {
        const url = await brokerUrl(kind);
        const topic = uniqueTopic(`csp-${kind}`);
        const publisher = await NodeClient.open(kind);
        await publisher.subscribe(`${topic}/lamp/set`, 1);
        await publisher.publish(`${topic}/temp`, { payload: JSON.stringify({ value: 21.46 }), retain: true });
        await publisher.publish(`${topic}/rooms/kitchen`, { payload: 'on', retain: true });

        const src = `/strict-csp/page.html?keepalive=2&bundle=${bundle}&url=${encodeURIComponent(url)}&topic=${encodeURIComponent(topic)}`;
        const { frame, win, doc } = await openFrame(src);
        frames.push(frame);
        expect(win.cspViolations, 'the recorder ran').to.deep.equal([]);

        const temp = () => doc.querySelector<MqttSubscribe>('#temp');
        await waitUntil(
          () => temp()?.shadowRoot?.querySelector('[part="value"]')?.textContent === '21.5 °C',
          'the value shown',
          {
            timeout,
          },
        );
        const status = doc.querySelector<MqttStatus>('mqtt-status')!;
        await waitUntil(
          () => status.shadowRoot?.textContent?.includes('Connected') === true,
          'status connected',
          { timeout },
        );
        await waitUntil(() => doc.querySelector('progress')?.value === 21.46, 'bound to the progress bar', {
          timeout,
        });
        await waitUntil(() => doc.querySelector('.room')?.textContent === 'kitchen: on', 'template stamped', {
          timeout,
        });

        doc.querySelector<HTMLButtonElement>('#lamp button')!.click();
        await waitUntil(
          async () => (await publisher.receivedCount()).count === 1,
          'published from the page',
          { timeout },
        );
        const { messages } = await publisher.received(`${topic}/lamp/set`);
        expect(JSON.parse(messages[0].text)).to.deep.equal({ state: 'ON' });

        // A retained value published after the page loaded, and a cleared one: still no violation.
        await publisher.publish(`${topic}/temp`, { payload: JSON.stringify({ value: 22 }), retain: true });
        await waitUntil(
          () => temp()!.shadowRoot!.querySelector('[part="value"]')!.textContent === '22.0 °C',
          'updated',
          { timeout },
        );
        await publisher.publish(`${topic}/temp`, { payload: '', retain: true });
        await publisher.publish(`${topic}/rooms/kitchen`, { payload: '', retain: true });
        await waitUntil(
          () => temp()!.shadowRoot!.querySelector('[part="value"]')!.textContent === '—',
          'cleared',
          { timeout },
        );

        // The keep-alive runs on timers: with keepalive="2" the broker drops a silent client after 3 s,
        // so staying connected for 7 s proves the pings go out under this policy too.
        const drops: string[] = [];
        doc
          .querySelector('mqtt-connection')!
          .addEventListener('mqtt-status', (e) => drops.push(e.detail.status));
        await new Promise((r) => setTimeout(r, 7000));
        expect(drops, 'status changes while idle with keepalive="2"').to.deep.equal([]);

        expect(win.cspViolations, 'CSP violations').to.deep.equal([]);
      });
    }
  }
});

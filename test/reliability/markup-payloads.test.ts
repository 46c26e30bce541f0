// Payloads and topics full of markup and script, sent through both real brokers, must render as
// inert text wherever the page puts them: no script runs and no element appears anywhere in the
// document (watched by a MutationObserver on the whole page and on every shadow root).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { MqttConnection, MqttPublish, MqttSubscribe } from '../../src/index.js';
import { uniqueTopic, type BrokerName } from '../support/brokers.js';
import { NodeClient, cleanupFaults, startFaultBroker, type FaultBroker } from '../support/fault-control.js';
import { until } from '../support/until.js';

declare global {
  interface Window {
    __markupRan?: string[];
  }
}

const timeout = 10_000;
const run = (id: string) => `(window.__markupRan=window.__markupRan||[]).push('${id}')`;

/** Each tries a different way for text to become markup or code. */
const hostile = [
  `<img src=x onerror="${run('img')}">`,
  `<script>${run('script')}</script>`,
  `</template><img src=x onerror="${run('template-escape')}">`,
  `"><svg onload="${run('attribute-escape')}">`,
  `<iframe srcdoc="<script>parent.${run('srcdoc')}</script>"></iframe>`,
  `{{constructor.constructor('${run('template-expression')}')()}}`,
  '${alert(1)} {{value}} {{topic}} {{1}} {{__proto__}}',
  `javascript:${run('javascript-url')}`,
  `<style>*{display:none}</style><link rel=import href=x>`,
];

/** Elements a page never creates by itself here; any of them appearing means markup was parsed. */
const injected = new Set([
  'img',
  'script',
  'svg',
  'iframe',
  'style',
  'link',
  'object',
  'embed',
  'base',
  'meta',
  'form',
]);

function watchForInjectedElements(roots: Node[]): { found: string[]; stop: () => void } {
  const found: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof Element)) continue;
        for (const element of [node, ...Array.from(node.querySelectorAll('*'))]) {
          if (injected.has(element.localName)) found.push(element.outerHTML.slice(0, 80));
        }
      }
    }
  });
  for (const root of roots) observer.observe(root, { subtree: true, childList: true });
  return { found, stop: () => observer.disconnect() };
}

for (const kind of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`markup and script in payloads and topics, ${kind}`, function () {
    this.timeout(60_000);
    let broker: FaultBroker;
    let publisher: NodeClient;

    before(async () => {
      broker = await startFaultBroker(kind);
      publisher = await NodeClient.open(broker);
    });
    beforeEach(() => {
      delete window.__markupRan;
    });
    after(cleanupFaults);

    it('renders every hostile payload as text: shown, selected, stamped, bound; nothing runs, nothing is created', async () => {
      const prefix = uniqueTopic(`markup-${kind}`);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl}>
          <mqtt-subscribe id="shown" topic="${prefix}/shown" as="text"></mqtt-subscribe>
          <mqtt-subscribe id="selected" topic="${prefix}/selected" select="device.name"></mqtt-subscribe>
          <mqtt-subscribe id="stamped" topic="${prefix}/rows/+">
            <template
              ><p class="row" title="{{value}}">
                <a href="{{value}}">{{1}}</a> <span>{{value}}</span> {{topic}}
              </p></template
            >
          </mqtt-subscribe>
          <mqtt-subscribe id="text" topic="${prefix}/bound" bind="text"><output></output></mqtt-subscribe>
          <mqtt-subscribe id="attr" topic="${prefix}/bound" bind="attr:title"
            ><span class="bound"></span
          ></mqtt-subscribe>
          <mqtt-subscribe id="value" topic="${prefix}/bound" bind="value"
            ><input aria-label="bound"
          /></mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const elements = Array.from(connection.querySelectorAll<MqttSubscribe>('mqtt-subscribe'));
      const watch = watchForInjectedElements([
        document.documentElement,
        ...elements.map((e) => e.shadowRoot!),
      ]);

      for (const [i, payload] of hostile.entries()) {
        const sends = async () => {
          await publisher.publish(`${prefix}/shown`, { payload });
          await publisher.publish(`${prefix}/selected`, {
            payload: JSON.stringify({ device: { name: payload } }),
          });
          await publisher.publish(`${prefix}/rows/${i}`, { payload });
          await publisher.publish(`${prefix}/bound`, { payload });
        };
        const shown = (id: string) =>
          connection.querySelector(`#${id}`)!.shadowRoot!.querySelector('[part="value"]')?.textContent;
        await until(
          async () => {
            await sends();
            return (
              shown('shown') === payload &&
              shown('selected') === payload &&
              connection.querySelector('#text output')!.textContent === payload &&
              connection.querySelector('.bound')!.getAttribute('title') === payload &&
              connection.querySelector<HTMLInputElement>('#value input')!.value === payload &&
              connection.querySelectorAll('#stamped .row').length === i + 1
            );
          },
          () => `payload ${i} shown everywhere as text`,
        );
      }
      const rows = Array.from(connection.querySelectorAll<HTMLElement>('#stamped .row'));
      expect(rows.map((r) => r.querySelector('span')!.textContent)).to.deep.equal(hostile);
      expect(rows.map((r) => r.title)).to.deep.equal(hostile);
      for (const link of rows.map((r) => r.querySelector('a')!))
        expect(link.protocol).to.not.equal('javascript:');
      // A stamped {{value}} holding "{{topic}}" stays that text: placeholders are filled once.
      expect(rows[6].querySelector('span')!.textContent).to.equal(hostile[6]);

      // Event handlers of images that failed to load run a little later: give them the time.
      await new Promise((r) => setTimeout(r, 500));
      watch.stop();
      expect(watch.found, 'elements created from payloads').to.deep.equal([]);
      expect(window.__markupRan, 'scripts that ran').to.equal(undefined);
    });

    it('topics made of markup are stamped as text through {{1}} and {{topic}}', async () => {
      const prefix = uniqueTopic(`markup-topics-${kind}`);
      // MQTT allows any character but + and # (and NUL) in a topic level.
      // (A "/" would start a new level, so no closing tags here.)
      const levels = [
        `<img src=x onerror="${run('topic-img')}">`,
        `<svg onload="${run('topic-svg')}">`,
        '"><b>bold',
        '{{value}}',
      ];
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl}>
          <mqtt-subscribe id="rows" topic="${prefix}/+/state">
            <template><li class="row" data-name="{{1}}">{{1}} = {{value}} ({{topic}})</li></template>
          </mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const element = connection.querySelector<MqttSubscribe>('#rows')!;
      const watch = watchForInjectedElements([document.documentElement, element.shadowRoot!]);
      await until(async () => {
        for (const level of levels) await publisher.publish(`${prefix}/${level}/state`, { payload: 'on' });
        return element.querySelectorAll('.row').length === levels.length;
      }, 'a row per topic');
      const rows = Array.from(element.querySelectorAll<HTMLElement>('.row'));
      expect(rows.map((r) => r.dataset.name)).to.deep.equal(levels);
      expect(rows.map((r) => r.textContent)).to.deep.equal(
        levels.map((l) => `${l} = on (${prefix}/${l}/state)`),
      );
      await new Promise((r) => setTimeout(r, 500));
      watch.stop();
      expect(watch.found).to.deep.equal([]);
      expect(window.__markupRan).to.equal(undefined);
    });

    it("a control value full of markup and JSON tricks keeps the payload template's shape", async () => {
      const prefix = uniqueTopic(`markup-publish-${kind}`);
      const counter = await NodeClient.open(broker);
      await counter.subscribe(`${prefix}/#`);
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl}>
          <mqtt-publish topic="${prefix}/set" payload-template='{"name": "{{value}}", "level": {{value}}}'>
            <input aria-label="name" />
          </mqtt-publish>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const tricks = [
        '", "admin": true, "x": "',
        '}</script><img src=x onerror=alert(1)>',
        '{{value}}',
        '\\"}, {"evil": 1',
      ];
      const input = connection.querySelector('input')!;
      for (const trick of tricks) {
        input.value = trick;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
      await until(
        async () => (await counter.receivedCount(prefix)).count === tricks.length,
        'every value published',
      );
      const { messages } = await counter.received(prefix);
      for (const [i, message] of messages.entries()) {
        const parsed = JSON.parse(message.text) as Record<string, unknown>;
        expect(Object.keys(parsed), `the shape of ${message.text}`).to.deep.equal(['name', 'level']);
        expect(parsed.name).to.equal(tricks[i]);
        expect(parsed.level).to.equal(tricks[i]);
      }
      expect(connection.querySelector<MqttPublish>('mqtt-publish')!.hasAttribute('error')).to.equal(false);
    });

    it('bind="text" into a <script> or <style> the page put there never runs or applies the payload', async () => {
      const prefix = uniqueTopic(`markup-script-${kind}`);
      const errors: string[] = [];
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection
          url=${broker.wsUrl}
          @mqtt-error=${(e: HTMLElementEventMap['mqtt-error']) => errors.push(e.detail.message)}
        >
          <mqtt-subscribe id="script" topic="${prefix}/code" bind="text"></mqtt-subscribe>
          <mqtt-subscribe id="style" topic="${prefix}/style" bind="text"></mqtt-subscribe>
          <mqtt-subscribe id="canary" topic="${prefix}/canary"></mqtt-subscribe>
        </mqtt-connection>
      `);
      // Created by script, not parsed: an empty script element inserted this way runs whatever text it
      // receives later, which is exactly the hazard.
      const script = document.createElement('script');
      connection.querySelector('#script')!.append(script);
      const style = document.createElement('style');
      connection.querySelector('#style')!.append(style);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const canary = connection.querySelector<MqttSubscribe>('#canary')!;
      await until(
        async () => {
          await publisher.publish(`${prefix}/code`, { payload: run('bound-script') });
          await publisher.publish(`${prefix}/style`, {
            payload: 'mqtt-subscribe { display: none !important; }',
          });
          await publisher.publish(`${prefix}/canary`, { payload: 'visible' });
          return canary.shadowRoot!.textContent!.includes('visible') && errors.length >= 2;
        },
        () => `the canary shown and both bindings refused (errors: ${JSON.stringify(errors)})`,
      );
      expect(window.__markupRan, 'script that ran').to.equal(undefined);
      expect(getComputedStyle(canary).display, 'the payload did not become a style sheet').to.not.equal(
        'none',
      );
      expect(script.textContent).to.equal('');
      expect(style.textContent).to.equal('');
      for (const id of ['script', 'style']) {
        expect(
          connection.querySelector(`#${id}`)!.hasAttribute('error'),
          `#${id} in the error state`,
        ).to.equal(true);
      }
      expect(errors.filter((m) => /bind="text" skips a <(script|style)>/.test(m))).to.have.length(2);
    });

    it('a {{value}} inside a <script> or <style> of a stamped template is never filled', async () => {
      const prefix = uniqueTopic(`markup-template-code-${kind}`);
      // Kept on one line: the formatter would rewrite the placeholders inside <script> as JavaScript.
      // prettier-ignore
      const connection = await fixture<MqttConnection>(html`
        <mqtt-connection url=${broker.wsUrl}>
          <mqtt-subscribe id="rows" topic="${prefix}/+">
            <template><div class="row"><style>.row { color: {{value}}; }</style><script>{{value}}</script>{{value}}</div></template>
          </mqtt-subscribe>
        </mqtt-connection>
      `);
      await waitUntil(() => connection.status === 'connected', 'connected', { timeout });
      const element = connection.querySelector<MqttSubscribe>('#rows')!;
      await until(async () => {
        await publisher.publish(`${prefix}/a`, {
          payload: `red; } mqtt-subscribe { display: none; } .x { ${run('template-script')}`,
        });
        return element.querySelector('.row')?.lastChild?.textContent?.startsWith('red;') === true;
      }, 'the row stamped');
      await new Promise((r) => setTimeout(r, 300));
      expect(window.__markupRan, 'script that ran').to.equal(undefined);
      expect(element.querySelector('.row script')!.textContent, 'script text').to.not.include('red');
      expect(element.querySelector('.row style')!.textContent, 'style text').to.not.include('red');
      expect(getComputedStyle(element).display).to.not.equal('none');
    });
  });
}

// A payload is never interpreted as HTML or code: whatever arrives on a topic reaches the page as text
// (or as a property value), whether the element shows it, stamps it into a template or binds it.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { MqttSubscribe } from '../../src/index.js';
import { brokerUrl, uniqueTopic } from '../support/brokers.js';
import {
  connectedFixture,
  uniqueClientId,
  until,
  untilShown,
  untilSubscribed,
} from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const hostilePayloads = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '</template><img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"></svg>',
  '{{constructor}}',
  '{{topic}} {{1}} {{__proto__}}',
  '"><img src=x onerror="window.__pwned=1">',
];

/** URLs that would run code (or load a document made of the payload) if a link or frame followed them. */
const codeUrls = [
  'javascript:alert(1)',
  '  JavaScript:window.__pwned=1',
  'java\tscript:window.__pwned=1',
  'java\nscript:window.__pwned=1',
  '\u0001javascript:window.__pwned=1',
  'vbscript:msgbox(1)',
  'data:text/html,<script>window.__pwned=1</script>',
];
const codeSchemes = ['javascript:', 'vbscript:', 'data:'];

describe('payload safety', function () {
  this.timeout(30_000);

  let url: string;
  let topic: string;
  let pub: MqttClient;

  before(async () => {
    url = await brokerUrl();
  });
  beforeEach(async () => {
    topic = uniqueTopic('safety');
    pub = await testClient();
    delete window.__pwned;
  });
  afterEach(closeTestClients);

  /** No element the payload could have smuggled in, anywhere in `root` or the shadow roots below it. */
  function expectNoInjectedElements(root: Element | ShadowRoot): void {
    const all = [root, ...Array.from(root.querySelectorAll('*'))];
    for (const node of all) {
      const scope = node instanceof Element && node.shadowRoot ? node.shadowRoot : node;
      expect(
        scope.querySelectorAll('img, script, svg, iframe').length,
        'elements created from a payload',
      ).to.equal(0);
    }
  }

  describe('shown as text', () => {
    for (const payload of hostilePayloads) {
      it(`shows ${JSON.stringify(payload)} as inert text`, async () => {
        const clientId = uniqueClientId('safety');
        const connection = await connectedFixture(
          html`<mqtt-connection url=${url} client-id=${clientId}
            ><mqtt-subscribe topic=${topic} as="text"></mqtt-subscribe
          ></mqtt-connection>`,
        );
        const el = connection.querySelector('mqtt-subscribe')!;
        // Published only once the broker holds the subscription, or a busy machine loses the race.
        await untilSubscribed(clientId, topic);
        await publish(pub, topic, payload);
        await untilShown(el, payload);
        expectNoInjectedElements(connection);
        expect(window.__pwned).to.equal(undefined);
      });
    }

    it('shows a selected string field holding markup as text', async () => {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-subscribe topic=${topic} select="name"></mqtt-subscribe
        ></mqtt-connection>`,
      );
      const el = connection.querySelector('mqtt-subscribe')!;
      await publish(pub, topic, JSON.stringify({ name: '<b onmouseover="window.__pwned=1">bold</b>' }));
      await untilShown(el, '<b onmouseover="window.__pwned=1">bold</b>');
      expect(el.shadowRoot!.querySelector('b')).to.equal(null);
    });
  });

  describe('stamped into a template', () => {
    async function mountTemplate(template: ReturnType<typeof html>): Promise<MqttSubscribe> {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-subscribe topic=${`${topic}/+`}>${template}</mqtt-subscribe></mqtt-connection
        >`,
      );
      return connection.querySelector('mqtt-subscribe')!;
    }

    it('fills {{value}} as text and as attribute text, never as markup', async () => {
      const el = await mountTemplate(
        html`<template
          ><p class="row" title="{{value}}" data-topic="{{topic}}">{{1}}: <span>{{value}}</span></p></template
        >`,
      );
      for (const [i, payload] of hostilePayloads.entries()) await publish(pub, `${topic}/${i}`, payload);
      await until(() => el.querySelectorAll('.row').length === hostilePayloads.length, 'a row per payload');
      await until(
        () => el.querySelector('.row:last-child span')?.textContent === hostilePayloads.at(-1),
        'the last row to be filled',
      );
      const rows = Array.from(el.querySelectorAll<HTMLElement>('.row'));
      expect(rows.map((r) => r.querySelector('span')!.textContent)).to.deep.equal(hostilePayloads);
      expect(rows.map((r) => r.title)).to.deep.equal(hostilePayloads);
      expectNoInjectedElements(el);
      expect(window.__pwned).to.equal(undefined);
    });

    it('fills names that only Object.prototype knows ({{constructor}}, {{toString}}, {{__proto__}}) with nothing', async () => {
      const el = await mountTemplate(
        html`<template
          ><p class="row">
            [{{constructor}}][{{toString}}][{{__proto__}}][{{hasOwnProperty}}]{{value}}
          </p></template
        >`,
      );
      await publish(pub, `${topic}/a`, 'v');
      await until(() => el.querySelector('.row')?.textContent?.trim().endsWith('v') === true, 'the row');
      expect(el.querySelector('.row')!.textContent!.trim()).to.equal('[][][][]v');
    });

    for (const bad of codeUrls) {
      it(`blocks href="{{value}}" fed ${JSON.stringify(bad)}`, async () => {
        const el = await mountTemplate(html`<template><a class="link" href="{{value}}">open</a></template>`);
        await publish(pub, `${topic}/a`, bad);
        await until(() => el.querySelector('.link') !== null, 'the stamped link');
        const link = el.querySelector<HTMLAnchorElement>('.link')!;
        expect(codeSchemes, `href became ${JSON.stringify(link.getAttribute('href'))}`).not.to.include(
          link.protocol,
        );
      });
    }

    it('keeps an ordinary https or relative link from a payload', async () => {
      const el = await mountTemplate(html`<template><a class="link" href="{{value}}">open</a></template>`);
      await publish(pub, `${topic}/a`, 'https://example.com/device?id=1&x=2');
      await publish(pub, `${topic}/b`, 'details/lamp-1');
      await until(() => el.querySelectorAll('.link').length === 2, 'two links');
      await until(
        () => el.querySelector('.link')!.getAttribute('href') !== '{{value}}',
        'the links to be filled',
      );
      const links = Array.from(el.querySelectorAll<HTMLAnchorElement>('.link'));
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://example.com/device?id=1&x=2',
        'details/lamp-1',
      ]);
    });

    it('keeps a scheme the template itself wrote: a payload after it cannot change it', async () => {
      const el = await mountTemplate(
        html`<template
          ><p class="row">
            <a class="link" href="https://example.com/devices/{{value}}">device</a
            ><img class="snap" alt="snapshot" src="data:image/png;base64,{{value}}" /></p
        ></template>`,
      );
      await publish(pub, `${topic}/a`, 'javascript:window.__pwned=1');
      await until(() => el.querySelector('.row') !== null, 'the stamped row');
      await until(
        () => !el.querySelector('.link')!.getAttribute('href')!.includes('{{'),
        'the link to be filled',
      );
      const link = el.querySelector<HTMLAnchorElement>('.link')!;
      expect(link.protocol).to.equal('https:');
      expect(link.getAttribute('href')).to.equal('https://example.com/devices/javascript:window.__pwned=1');
      expect(el.querySelector('.snap')!.getAttribute('src')).to.equal(
        'data:image/png;base64,javascript:window.__pwned=1',
      );
    });

    it('never fills an event handler attribute or an iframe srcdoc from a payload', async () => {
      const el = await mountTemplate(
        html`<template
          ><div class="row">
            <button class="b" onclick="{{value}}">go</button
            ><iframe title="preview" srcdoc="{{value}}"></iframe></div
        ></template>`,
      );
      const payload = '<script>parent.__pwned=1</script>';
      await publish(pub, `${topic}/a`, payload);
      await until(() => el.querySelector('.row') !== null, 'the stamped row');
      const button = el.querySelector<HTMLButtonElement>('.b')!;
      expect(button.hasAttribute('onclick')).to.equal(false);
      button.click();
      const frame = el.querySelector('iframe')!;
      expect(frame.getAttribute('srcdoc') ?? '', 'the payload as the frame document').not.to.contain(
        '<script',
      );
      expect(window.__pwned).to.equal(undefined);
    });
  });

  describe('bound to other elements', () => {
    async function mountBound(bind: string, child: ReturnType<typeof html>): Promise<MqttSubscribe> {
      const connection = await connectedFixture(
        html`<mqtt-connection url=${url}
          ><mqtt-subscribe topic=${topic} bind=${bind}>${child}</mqtt-subscribe></mqtt-connection
        >`,
      );
      return connection.querySelector('mqtt-subscribe')!;
    }

    it('bind="text" writes markup as text', async () => {
      const el = await mountBound('text', html`<span class="out"></span>`);
      await publish(pub, topic, hostilePayloads[0]);
      await until(() => el.querySelector('.out')!.textContent === hostilePayloads[0], 'the text');
      expectNoInjectedElements(el);
    });

    for (const property of ['innerHTML', 'outerHTML']) {
      it(`bind="${property}" is refused with an error, and no markup is parsed`, async () => {
        const el = await mountBound(property, html`<div class="out"></div>`);
        await publish(pub, topic, '<img src=x onerror="window.__pwned=1">');
        await until(() => el.hasAttribute('error'), 'the error state');
        expectNoInjectedElements(el);
        expect(window.__pwned).to.equal(undefined);
      });
    }

    it('bind="attr:onclick" is refused: a payload never becomes an event handler', async () => {
      const el = await mountBound('attr:onclick', html`<button class="out">go</button>`);
      await publish(pub, topic, 'window.__pwned=1');
      await until(() => el.hasAttribute('error'), 'the error state');
      const button = el.querySelector<HTMLButtonElement>('.out')!;
      expect(button.hasAttribute('onclick')).to.equal(false);
      button.click();
      expect(window.__pwned).to.equal(undefined);
    });

    for (const bind of ['attr:href', 'href']) {
      it(`bind="${bind}" on a link blocks a javascript: URL and keeps an https one`, async () => {
        const el = await mountBound(bind, html`<a class="out" href="#">open</a>`);
        const link = el.querySelector<HTMLAnchorElement>('.out')!;
        await publish(pub, topic, 'https://example.com/ok');
        await until(() => link.href === 'https://example.com/ok', 'the https link');
        await publish(pub, topic, 'java\tscript:window.__pwned=1');
        await until(() => el.message?.text.startsWith('java') === true, 'the second message');
        await el.updateComplete;
        expect(codeSchemes).not.to.include(link.protocol);
      });
    }
  });
});

// The sink policy as a table: every sink a payload or a topic could use to run script, navigate, load a
// resource or restyle the page, each tried in template form ({{value}} in a <template>) and in bind form
// (`bind` on a child or a `target`), through both real brokers. A refused sink puts the element in the
// error state with the reason and never holds the payload; a URL or CSS sink holds only a checked value.
import { expect, fixture, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import type { MqttConnection, MqttSubscribe } from '../../src/index.js';
import {
  blockedUrl,
  isAllowedUrl,
  isInertCss,
  refusedElement,
  sinkVerdict,
} from '../../src/elements/mqtt-subscribe/payload-sinks.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { until, whenConnected } from '../support/element-fixtures.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';

declare global {
  interface Window {
    __sinkRan?: boolean;
  }
}

const script = 'javascript:window.__sinkRan=true';
const foreign = 'https://evil.example/x';
const cssOverlay = 'red; position:fixed; inset:0; background:red; z-index:9';
const cssFetch = `url(${foreign})`;

/**
 * What a case expects: the element refuses the sink, or writes a checked value in place of the payload
 * (`renamed`: a name or id given the payload prefix, which is the policy at work and not reported).
 */
type Outcome = { refused: true } | { refused: false; holds: string | null; renamed?: boolean };

interface SinkCase {
  name: string;
  payload: string;
  /** Where the payload would land: a selector inside the case's markup and the attribute to read. */
  probe: [selector: string, attribute: string];
  outcome: Outcome;
}

interface TemplateCase extends SinkCase {
  template: string;
  /** Publish on a topic level below the filter `<topic>/+`, and use `{{1}}` in the template. */
  viaTopic?: boolean;
}

interface BindCase extends SinkCase {
  bind: string;
  /** Markup next to the element (with `target`) or inside it (without). */
  markup: string;
  target?: string;
}

const refused = { refused: true } as const;
const holds = (value: string | null): Outcome => ({ refused: false, holds: value });
const renamed = (value: string): Outcome => ({ refused: false, holds: value, renamed: true });

const smil = ['values', 'to', 'from', 'by'];

const templateCases: TemplateCase[] = [
  ...smil.map((attribute): TemplateCase => ({
    name: `SMIL <animate ${attribute}> setting a link's href`,
    template: `<svg><a><text>open</text><animate attributeName="href" ${attribute}="{{value}}" dur="0.1s" fill="freeze"/></a></svg>`,
    payload: script,
    probe: ['animate', attribute],
    outcome: refused,
  })),
  {
    name: 'SMIL <set to> setting a link href',
    template: `<svg><a><text>open</text><set attributeName="href" to="{{value}}"/></a></svg>`,
    payload: script,
    probe: ['set', 'to'],
    outcome: refused,
  },
  {
    name: 'SMIL attributeName chosen by the payload',
    template: `<svg><a href="#"><text>open</text><animate attributeName="{{value}}" to="#x"/></a></svg>`,
    payload: 'href',
    probe: ['animate', 'attributeName'],
    outcome: refused,
  },
  {
    name: 'style attribute',
    template: `<p class="row" style="color: {{value}}">row</p>`,
    payload: cssOverlay,
    probe: ['.row', 'style'],
    outcome: refused,
  },
  {
    name: 'style attribute from a topic level',
    template: `<p class="row" style="color: {{1}}">row</p>`,
    viaTopic: true,
    payload: cssOverlay,
    probe: ['.row', 'style'],
    outcome: refused,
  },
  {
    name: '<meta http-equiv="refresh"> content',
    template: `<meta http-equiv="refresh" content="{{value}}">`,
    payload: `0;url=${foreign}`,
    probe: ['meta', 'content'],
    outcome: refused,
  },
  {
    name: '<base href>',
    template: `<base href="{{value}}">`,
    payload: foreign,
    probe: ['base', 'href'],
    outcome: refused,
  },
  {
    name: '<link rel="stylesheet" href>',
    template: `<link rel="stylesheet" href="{{value}}">`,
    payload: foreign,
    probe: ['link', 'href'],
    outcome: refused,
  },
  {
    name: '<iframe src>',
    template: `<iframe src="{{value}}"></iframe>`,
    payload: foreign,
    probe: ['iframe', 'src'],
    outcome: refused,
  },
  {
    name: '<iframe srcdoc>',
    template: `<iframe srcdoc="{{value}}"></iframe>`,
    payload: '<script>parent.__sinkRan=true</script>',
    probe: ['iframe', 'srcdoc'],
    outcome: refused,
  },
  {
    name: '<object data>',
    template: `<object data="{{value}}"></object>`,
    payload: foreign,
    probe: ['object', 'data'],
    outcome: refused,
  },
  {
    name: '<embed src>',
    template: `<embed src="{{value}}">`,
    payload: foreign,
    probe: ['embed', 'src'],
    outcome: refused,
  },
  {
    name: 'an onclick handler',
    template: `<button onclick="{{value}}">go</button>`,
    payload: 'window.__sinkRan=true',
    probe: ['button', 'onclick'],
    outcome: refused,
  },
  {
    name: '<form action> with javascript:',
    template: `<form action="{{value}}"></form>`,
    payload: script,
    probe: ['form', 'action'],
    outcome: holds(blockedUrl),
  },
  {
    name: '<form action> with https:',
    template: `<form action="{{value}}"></form>`,
    payload: foreign,
    probe: ['form', 'action'],
    outcome: holds(foreign),
  },
  {
    name: '<button formaction> with javascript:',
    template: `<button formaction="{{value}}">go</button>`,
    payload: script,
    probe: ['button', 'formaction'],
    outcome: holds(blockedUrl),
  },
  {
    name: '<a href> with javascript:',
    template: `<a href="{{value}}">open</a>`,
    payload: script,
    probe: ['a', 'href'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'SVG <a href> with javascript:',
    template: `<svg><a href="{{value}}"><text>open</text></a></svg>`,
    payload: script,
    probe: ['a', 'href'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'SVG <a xlink:href> with javascript:',
    template: `<svg><a xlink:href="{{value}}"><text>open</text></a></svg>`,
    payload: script,
    probe: ['a', 'xlink:href'],
    outcome: holds(blockedUrl),
  },
  {
    name: "a template's own javascript: URL",
    template: `<a href="javascript:show('{{value}}')">open</a>`,
    payload: "');window.__sinkRan=true;('",
    probe: ['a', 'href'],
    outcome: refused,
  },
  {
    name: 'SVG fill with url()',
    template: `<svg><rect width="4" height="4" fill="{{value}}"/></svg>`,
    payload: cssFetch,
    probe: ['rect', 'fill'],
    outcome: holds(''),
  },
  {
    name: 'SVG fill with a colour',
    template: `<svg><rect width="4" height="4" fill="{{value}}"/></svg>`,
    payload: 'rgb(10, 20, 30)',
    probe: ['rect', 'fill'],
    outcome: holds('rgb(10, 20, 30)'),
  },
  {
    name: '<script> text',
    template: `<span>x</span><script>{{value}}</script>`,
    payload: 'window.__sinkRan=true',
    probe: ['script', 'text'],
    outcome: refused,
  },
  {
    name: '<style> text',
    template: `<span>x</span><style>{{value}}</style>`,
    payload: '* { display: none }',
    probe: ['style', 'text'],
    outcome: refused,
  },
  {
    // Unprefixed, <img name="cookie"> would shadow document.cookie for every script of the page.
    name: '<img name> (DOM clobbering of document.cookie)',
    template: `<img name="{{value}}" alt="">`,
    payload: 'cookie',
    probe: ['img', 'name'],
    outcome: renamed('user-content-cookie'),
  },
  {
    name: 'id from a topic level (DOM clobbering of a window global)',
    template: `<span id="{{1}}">x</span>`,
    payload: '__sinkRan',
    viaTopic: true,
    probe: ['span', 'id'],
    outcome: renamed('user-content-__sinkRan'),
  },
  {
    name: 'headers: each referenced id prefixed',
    template: `<table><tr><td headers="{{value}}">1</td></tr></table>`,
    payload: 'total  unit',
    probe: ['td', 'headers'],
    outcome: renamed('user-content-total user-content-unit'),
  },
  {
    name: 'data-* and aria-* attributes',
    template: `<span data-level="{{value}}" aria-label="{{value}}">x</span>`,
    payload: cssOverlay,
    probe: ['span', 'data-level'],
    outcome: holds(cssOverlay),
  },
];

const animation = `<svg><a id="link"><text>open</text><animate id="anim" attributeName="href" dur="0.1s" fill="freeze"/></a></svg>`;

const bindCases: BindCase[] = [
  ...smil.map((attribute): BindCase => ({
    name: `attr:${attribute} on an SVG <animate>`,
    bind: `attr:${attribute}`,
    markup: animation,
    target: '#anim',
    payload: script,
    probe: ['#anim', attribute],
    outcome: refused,
  })),
  {
    name: 'attr:attributeName on an SVG <animate>',
    bind: 'attr:attributeName',
    markup: animation,
    target: '#anim',
    payload: 'fill',
    probe: ['#anim', 'attributeName'],
    outcome: refused,
  },
  {
    name: 'attr:style',
    bind: 'attr:style',
    markup: `<span class="probe">x</span>`,
    payload: cssFetch,
    probe: ['.probe', 'style'],
    outcome: refused,
  },
  {
    name: 'the style property',
    bind: 'style',
    markup: `<span class="probe">x</span>`,
    payload: cssOverlay,
    probe: ['.probe', 'style'],
    outcome: refused,
  },
  {
    name: 'attr:content on <meta http-equiv="refresh">',
    bind: 'attr:content',
    markup: `<meta http-equiv="refresh" id="refresh">`,
    target: '#refresh',
    payload: `0;url=${foreign}`,
    probe: ['#refresh', 'content'],
    outcome: refused,
  },
  {
    name: 'attr:href on <base>',
    bind: 'attr:href',
    markup: `<base id="base-probe">`,
    target: '#base-probe',
    payload: foreign,
    probe: ['#base-probe', 'href'],
    outcome: refused,
  },
  {
    name: 'attr:href on <link rel="stylesheet">',
    bind: 'attr:href',
    markup: `<link rel="stylesheet" id="sheet">`,
    target: '#sheet',
    payload: foreign,
    probe: ['#sheet', 'href'],
    outcome: refused,
  },
  {
    name: 'attr:src on <iframe>',
    bind: 'attr:src',
    markup: `<iframe class="probe"></iframe>`,
    payload: foreign,
    probe: ['.probe', 'src'],
    outcome: refused,
  },
  {
    name: 'the srcdoc property',
    bind: 'srcdoc',
    markup: `<iframe class="probe"></iframe>`,
    payload: '<script>parent.__sinkRan=true</script>',
    probe: ['.probe', 'srcdoc'],
    outcome: refused,
  },
  {
    name: 'attr:data on <object>',
    bind: 'attr:data',
    markup: `<object class="probe"></object>`,
    payload: foreign,
    probe: ['.probe', 'data'],
    outcome: refused,
  },
  {
    name: 'attr:src on <embed>',
    bind: 'attr:src',
    markup: `<embed class="probe">`,
    payload: foreign,
    probe: ['.probe', 'src'],
    outcome: refused,
  },
  {
    name: 'attr:onclick',
    bind: 'attr:onclick',
    markup: `<button class="probe">go</button>`,
    payload: 'window.__sinkRan=true',
    probe: ['.probe', 'onclick'],
    outcome: refused,
  },
  {
    name: 'the onclick property',
    bind: 'onclick',
    markup: `<button class="probe">go</button>`,
    payload: 'window.__sinkRan=true',
    probe: ['.probe', 'onclick'],
    outcome: refused,
  },
  {
    name: 'the innerHTML property',
    bind: 'innerHTML',
    markup: `<span class="probe">x</span>`,
    payload: '<img src=x onerror="window.__sinkRan=true">',
    probe: ['.probe', 'text'],
    outcome: refused,
  },
  {
    name: 'attr:action on <form> with javascript:',
    bind: 'attr:action',
    markup: `<form class="probe"></form>`,
    payload: script,
    probe: ['.probe', 'action'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'the formAction property with javascript:',
    bind: 'formAction',
    markup: `<button class="probe">go</button>`,
    payload: script,
    probe: ['.probe', 'formaction'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'attr:href on <a> with javascript:',
    bind: 'attr:href',
    markup: `<a class="probe">open</a>`,
    payload: script,
    probe: ['.probe', 'href'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'the href property with javascript:',
    bind: 'href',
    markup: `<a class="probe">open</a>`,
    payload: script,
    probe: ['.probe', 'href'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'attr:href on an SVG <a> with javascript:',
    bind: 'attr:href',
    markup: `<svg><a id="svg-link"><text>open</text></a></svg>`,
    target: '#svg-link',
    payload: script,
    probe: ['#svg-link', 'href'],
    outcome: holds(blockedUrl),
  },
  {
    name: 'attr:href on <a> with https:',
    bind: 'attr:href',
    markup: `<a class="probe">open</a>`,
    payload: foreign,
    probe: ['.probe', 'href'],
    outcome: holds(foreign),
  },
  {
    name: 'attr:fill on SVG with url()',
    bind: 'attr:fill',
    markup: `<svg><rect id="swatch" width="4" height="4"/></svg>`,
    target: '#swatch',
    payload: cssFetch,
    probe: ['#swatch', 'fill'],
    outcome: holds(''),
  },
  {
    name: 'text into a <script>',
    bind: 'text',
    markup: `<script class="probe"></script>`,
    payload: 'window.__sinkRan=true',
    probe: ['.probe', 'text'],
    outcome: refused,
  },
  {
    name: 'text into a <style>',
    bind: 'text',
    markup: `<style class="probe"></style>`,
    payload: '* { display: none }',
    probe: ['.probe', 'text'],
    outcome: refused,
  },
  {
    name: 'the url property of an <mqtt-connection>',
    bind: 'url',
    markup: `<mqtt-connection id="other-connection"></mqtt-connection>`,
    target: '#other-connection',
    payload: 'wss://evil.example/mqtt',
    probe: ['#other-connection', 'url'],
    outcome: refused,
  },
  {
    name: 'css:--level with url()',
    bind: 'css:--level',
    markup: `<span class="probe">x</span>`,
    payload: cssFetch,
    probe: ['.probe', '--level'],
    outcome: holds(''),
  },
  {
    name: 'css:--level with a length',
    bind: 'css:--level',
    markup: `<span class="probe">x</span>`,
    payload: '40%',
    probe: ['.probe', '--level'],
    outcome: holds('40%'),
  },
  {
    name: 'attr:id (DOM clobbering of a window global)',
    bind: 'attr:id',
    markup: `<span class="probe">x</span>`,
    payload: '__sinkRan',
    probe: ['.probe', 'id'],
    outcome: renamed('user-content-__sinkRan'),
  },
  {
    name: "attr:form aiming an input at the page's own form",
    bind: 'attr:form',
    markup: `<input class="probe">`,
    payload: 'login',
    probe: ['.probe', 'form'],
    outcome: renamed('user-content-login'),
  },
  {
    name: 'the id property',
    bind: 'id',
    markup: `<span class="probe">x</span>`,
    payload: 'config',
    probe: ['.probe', 'id'],
    outcome: renamed('user-content-config'),
  },
  {
    name: 'attr:bad name (not an attribute name)',
    bind: 'attr:bad name',
    markup: `<span class="probe">x</span>`,
    payload: 'x',
    probe: ['.probe', 'bad'],
    outcome: refused,
  },
];

/** What a probe reads: an attribute, the text, a property (for `url`) or a custom property (`--x`). */
function read(root: ParentNode, [selector, attribute]: [string, string]): string | null {
  const element = root.querySelector(selector);
  if (!element) throw new Error(`the case's markup has no ${selector}`);
  if (attribute === 'text') return element.textContent;
  if (attribute === 'url') return (element as MqttConnection).url;
  if (attribute.startsWith('--')) return (element as HTMLElement).style.getPropertyValue(attribute);
  return element.getAttribute(attribute);
}

describe('sink policy: what a payload may reach', () => {
  it('refuses elements that run, load, navigate or animate other attributes', () => {
    for (const name of ['script', 'style', 'meta', 'base', 'link', 'iframe', 'object', 'embed']) {
      expect(refusedElement(name), name).to.be.a('string');
    }
    for (const name of ['animate', 'set', 'animateMotion', 'animateTransform', 'mqtt-connection']) {
      expect(refusedElement(name), name).to.be.a('string');
    }
    for (const name of ['span', 'output', 'input', 'progress', 'a', 'img', 'rect', 'form']) {
      expect(refusedElement(name), name).to.equal(undefined);
    }
  });

  it('sorts attributes into refused, URL-checked, CSS-checked and free', () => {
    const verdicts = Object.fromEntries(
      [
        ['span', 'onclick'],
        ['span', 'style'],
        ['iframe', 'srcdoc'],
        ['span', 'innerHTML'],
        ['animate', 'values'],
        ['a', 'href'],
        ['a', 'xlink:href'],
        ['form', 'action'],
        ['button', 'formAction'],
        ['img', 'srcset'],
        ['rect', 'fill'],
        ['span', 'data-level'],
        ['span', 'aria-label'],
        ['input', 'value'],
        ['span', 'id'],
        ['img', 'name'],
        ['label', 'htmlFor'],
        ['button', 'popovertarget'],
        ['span', 'aria-labelledby'],
      ].map(([element, name]) => {
        const verdict = sinkVerdict(element, name);
        return [`${element} ${name}`, verdict.allowed ? verdict.check : 'refused'];
      }),
    );
    expect(verdicts).to.deep.equal({
      'span onclick': 'refused',
      'span style': 'refused',
      'iframe srcdoc': 'refused',
      'span innerHTML': 'refused',
      'animate values': 'refused',
      'a href': 'url',
      'a xlink:href': 'url',
      'form action': 'url',
      'button formAction': 'url',
      'img srcset': 'url',
      'rect fill': 'css',
      'span data-level': 'none',
      'span aria-label': 'none',
      'input value': 'none',
      'span id': 'name',
      'img name': 'name',
      'label htmlFor': 'name',
      'button popovertarget': 'name',
      'span aria-labelledby': 'name',
    });
  });

  it('lets only http(s), mailto, tel, sms and relative URLs through, read as the browser reads them', () => {
    const allowed = ['https://a.example/x', 'http://a', '/relative', 'page?x=1', '#frag', 'mailto:a@b', ''];
    const blocked = [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://a.example/1',
      'about:blank',
    ];
    expect(
      allowed.filter((url) => !isAllowedUrl(url)),
      'refused by mistake',
    ).to.deep.equal([]);
    expect(
      blocked.filter((url) => isAllowedUrl(url)),
      'let through',
    ).to.deep.equal([]);
  });

  it('lets only inert CSS values through', () => {
    expect(['red', '40%', 'rgb(1, 2, 3)', '#fa0', '1.5em', 'calc(1px + 2%)'].every(isInertCss)).to.equal(
      true,
    );
    const blocked = [cssFetch, 'u\\72l(x)', 'red; position:fixed', 'image-set("a.png" 1x)', 'red}body{x:y'];
    expect(blocked.filter(isInertCss), 'let through').to.deep.equal([]);
  });
});

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`sink policy through ${broker}`, function () {
    this.timeout(20_000);
    let url: string;
    let pub: MqttClient;

    before(async () => {
      url = await brokerUrl(broker);
    });
    beforeEach(async () => {
      pub = await testClient(broker);
      delete window.__sinkRan;
    });
    afterEach(closeTestClients);

    /**
     * Mounts `subscribe` (with its children) and `beside` inside a live connection, publishes
     * `payload` to `topic`, and waits until the element has handled it.
     */
    async function run(
      configure: (subscribe: MqttSubscribe, topic: string) => void,
      beside: string,
      sink: SinkCase,
      publishTo = (topic: string) => topic,
    ): Promise<{ subscribe: MqttSubscribe; errors: { code: string; message: string }[]; root: Element }> {
      const topic = uniqueTopic(`sink-${broker}`);
      const connection = await fixture<MqttConnection>(html`<mqtt-connection url=${url}></mqtt-connection>`);
      const errors: { code: string; message: string }[] = [];
      const subscribe = document.createElement('mqtt-subscribe');
      subscribe.addEventListener('mqtt-error', (e) => errors.push(e.detail));
      configure(subscribe, topic);
      const aside = document.createElement('div');
      // The test's own markup, written by the test: this is the page author's side, not a payload.
      aside.innerHTML = beside;
      connection.append(subscribe, aside);
      await whenConnected(connection);
      const seen = new Promise<void>((resolve) =>
        subscribe.addEventListener('mqtt-message', () => resolve(), { once: true }),
      );
      await until(async () => {
        await publish(pub, publishTo(topic), sink.payload);
        return Promise.race([seen.then(() => true), new Promise<boolean>((r) => setTimeout(r, 300, false))]);
      }, `the payload to reach <mqtt-subscribe topic="${subscribe.topic}">`);
      await subscribe.updateComplete;
      await subscribe.updateComplete;
      return { subscribe, errors, root: connection };
    }

    function expectOutcome(
      sink: SinkCase,
      { subscribe, errors, root }: Awaited<ReturnType<typeof run>>,
    ): void {
      const landed = read(root, sink.probe);
      if (sink.outcome.refused) {
        expect(landed ?? '', 'what the sink holds').not.to.include(sink.payload);
        expect(subscribe.hasAttribute('error'), 'the element is in the error state').to.equal(true);
        expect(
          errors.some((e) => e.code === 'config' && /refused|skips|removed|left empty/.test(e.message)),
          `an mqtt-error saying what was refused; got ${JSON.stringify(errors)}`,
        ).to.equal(true);
      } else {
        expect(landed, 'what the sink holds').to.equal(sink.outcome.holds);
        const blocked = !sink.outcome.renamed && sink.outcome.holds !== sink.payload;
        expect(
          errors.some((e) => e.code === 'payload'),
          blocked ? 'the blocked value is reported' : 'nothing reported',
        ).to.equal(blocked);
      }
      expect(window.__sinkRan, 'script from the payload ran').to.equal(undefined);
    }

    describe('template form', () => {
      for (const sink of templateCases) {
        it(`${sink.name}: ${sink.outcome.refused ? 'refused' : 'checked'}`, async () => {
          const result = await run(
            (subscribe, topic) => {
              subscribe.topic = sink.viaTopic ? `${topic}/+` : topic;
              subscribe.innerHTML = `<template>${sink.template}</template>`;
            },
            '',
            sink,
            sink.viaTopic ? (topic) => `${topic}/${sink.payload}` : undefined,
          );
          expectOutcome(sink, result);
        });
      }
    });

    it('target="#" (not a selector) is an error on the element, not an exception on every update', async () => {
      const sink: SinkCase = {
        name: 'bad selector',
        payload: '42',
        probe: ['.probe', 'text'],
        outcome: refused,
      };
      const result = await run(
        (subscribe, topic) => {
          subscribe.topic = topic;
          subscribe.bind = 'text';
          subscribe.target = '#';
        },
        '<span class="probe">x</span>',
        sink,
      );
      expect(result.subscribe.hasAttribute('error')).to.equal(true);
      expect(result.errors.map((e) => e.message).join(' ')).to.include(
        'target="#" is not a valid CSS selector',
      );
      expect(read(result.root, sink.probe)).to.equal('x');
    });

    describe('bind form', () => {
      for (const sink of bindCases) {
        it(`${sink.name}: ${sink.outcome.refused ? 'refused' : 'checked'}`, async () => {
          const result = await run(
            (subscribe, topic) => {
              subscribe.topic = topic;
              subscribe.bind = sink.bind;
              if (sink.target) subscribe.target = sink.target;
              else subscribe.innerHTML = sink.markup;
            },
            sink.target ? sink.markup : '',
            sink,
          );
          expectOutcome(sink, result);
        });
      }
    });
  });
}

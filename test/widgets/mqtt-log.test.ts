// <mqtt-log> against the embedded broker: what a row shows, the order and the cap, pause, filter,
// payload formats, and that payloads never become markup.
import { expect, html } from '@open-wc/testing';
import type { MqttClient } from 'mqtt';
import { MqttErrorEvent } from '../../src/events.js';
import { formatSize, hexDump, viewPayload } from '../../src/elements/mqtt-log/payload-view.js';
import type { MqttLog } from '../../src/index.js';
import { uniqueTopic } from '../support/brokers.js';
import { closeTestClients, publish, testClient } from '../support/test-clients.js';
import { mountWidget, part, until } from './widget-fixture.js';

describe('<mqtt-log>', function () {
  this.timeout(30_000);

  let topic: string;
  let pub: MqttClient;

  beforeEach(async () => {
    topic = uniqueTopic('log');
    pub = await testClient();
  });
  afterEach(closeTestClients);

  const rows = (log: MqttLog) => Array.from(log.shadowRoot!.querySelectorAll<HTMLElement>('[part~="row"]'));
  const payloads = (log: MqttLog) =>
    rows(log).map((row) => row.querySelector('[part~="payload"]')!.textContent);
  const untilRows = (log: MqttLog, count: number) =>
    until(
      () => rows(log).length === count,
      () => `${count} rows, got ${JSON.stringify(payloads(log))}`,
    );

  async function mountLog(
    attributes: Partial<Record<'max-rows' | 'format' | 'truncate' | 'qos', string>> = {},
  ) {
    const log = await mountWidget<MqttLog>(
      html`<mqtt-log
        topic=${`${topic}/#`}
        qos=${attributes.qos ?? '0'}
        max-rows=${attributes['max-rows'] ?? '200'}
        format=${attributes.format ?? 'auto'}
        truncate=${attributes.truncate ?? '500'}
      ></mqtt-log>`,
    );
    return log;
  }

  /** Hands messages to the page in one task, as a burst off one WebSocket frame is. */
  function burst(log: MqttLog, texts: string[]): void {
    const client = log.closest('mqtt-connection')!.client!;
    for (const text of texts) {
      client.emit(
        'message',
        `${topic}/burst`,
        new TextEncoder().encode(text) as never,
        {
          cmd: 'publish',
          topic: `${topic}/burst`,
          qos: 0,
          retain: false,
          dup: false,
        } as never,
      );
    }
  }

  it('shows time, topic, QoS, the retained flag and the payload of each message, newest first', async () => {
    await publish(pub, `${topic}/door`, 'open', { retain: true, qos: 1 });
    const log = await mountLog({ qos: '1' });
    await untilRows(log, 1);
    await publish(pub, `${topic}/temp`, '21.5', { qos: 1 });
    await untilRows(log, 2);

    const [newest, oldest] = rows(log);
    expect(newest.querySelector('[part~="topic"]')!.textContent).to.equal(`${topic}/temp`);
    expect(newest.querySelector('[part~="payload"]')!.textContent).to.equal('21.5');
    expect(newest.querySelector('[part~="qos"]')!.textContent).to.equal('QoS 1');
    expect(newest.querySelector('[part~="retained"]')).to.equal(null);
    expect(newest.querySelector('time')!.textContent).to.match(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(oldest.querySelector('[part~="topic"]')!.textContent).to.equal(`${topic}/door`);
    expect(oldest.querySelector('[part~="retained"]')!.textContent).to.equal('Retained');
    expect(log.messages.map((m) => m.text)).to.deep.equal(['21.5', 'open']);
  });

  it('keeps at most max-rows messages', async () => {
    const log = await mountLog({ 'max-rows': '3' });
    for (let i = 1; i <= 5; i++) await publish(pub, `${topic}/n`, String(i), { qos: 1 });
    await until(
      () => payloads(log)[0] === '5',
      () => JSON.stringify(payloads(log)),
    );
    expect(payloads(log)).to.deep.equal(['5', '4', '3']);
    expect(part(log, 'count').textContent).to.equal('3 messages');
  });

  it('renders a burst once, capped, with the newest on top', async () => {
    const log = await mountLog({ 'max-rows': '20' });
    await log.updateComplete;
    let renders = 0;
    const target = log as unknown as { update(changed: unknown): void };
    const update = target.update.bind(log);
    target.update = (changed) => {
      renders++;
      update(changed);
    };
    burst(
      log,
      Array.from({ length: 100 }, (_, i) => `m${i}`),
    );
    await log.updateComplete;
    expect(renders).to.equal(1);
    expect(rows(log)).to.have.length(20);
    expect(payloads(log)[0]).to.equal('m99');
    expect(payloads(log)[19]).to.equal('m80');
  });

  it('holds messages back while paused, counts them, and shows them on resume', async () => {
    const log = await mountLog();
    await publish(pub, `${topic}/a`, 'before', { qos: 1 });
    await untilRows(log, 1);

    const pause = part<HTMLButtonElement>(log, 'pause-button');
    pause.click();
    await log.updateComplete;
    expect(pause.getAttribute('aria-pressed')).to.equal('true');
    expect(log.hasAttribute('paused')).to.equal(true);

    await publish(pub, `${topic}/a`, 'while 1', { qos: 1 });
    await publish(pub, `${topic}/a`, 'while 2', { qos: 1 });
    await until(
      () => log.pending === 2,
      () => `2 pending, got ${log.pending}`,
    );
    await log.updateComplete;
    expect(payloads(log)).to.deep.equal(['before']);
    expect(part(log, 'count').textContent).to.contain('paused, 2 new');
    expect(pause.textContent!.trim(), 'the toggle keeps its name').to.equal('Pause');

    pause.click();
    await log.updateComplete;
    expect(payloads(log)).to.deep.equal(['while 2', 'while 1', 'before']);
    expect(log.pending).to.equal(0);
    expect(pause.textContent!.trim()).to.equal('Pause');
  });

  it('filters by topic or payload text, in any case', async () => {
    const log = await mountLog();
    await publish(pub, `${topic}/kitchen/temp`, '21', { qos: 1 });
    await publish(pub, `${topic}/door`, '{"state":"OPEN"}', { qos: 1 });
    await publish(pub, `${topic}/hall/temp`, '19', { qos: 1 });
    await untilRows(log, 3);

    const input = part<HTMLInputElement>(log, 'filter');
    input.value = 'TEMP';
    input.dispatchEvent(new Event('input'));
    await log.updateComplete;
    expect(payloads(log)).to.deep.equal(['19', '21']);
    expect(part(log, 'count').textContent).to.equal('2 of 3');

    log.filter = 'open';
    await log.updateComplete;
    expect(rows(log).map((r) => r.querySelector('[part~="topic"]')!.textContent)).to.deep.equal([
      `${topic}/door`,
    ]);

    log.filter = 'nothing like this';
    await log.updateComplete;
    expect(part(log, 'empty').textContent).to.equal('No message matches the filter');
  });

  it('clears every row with the clear button', async () => {
    const log = await mountLog();
    await publish(pub, `${topic}/a`, 'x', { qos: 1 });
    await untilRows(log, 1);
    part<HTMLButtonElement>(log, 'clear-button').click();
    await log.updateComplete;
    expect(rows(log)).to.have.length(0);
    expect(part(log, 'empty').textContent).to.equal('No messages yet');
  });

  describe('formats', () => {
    const binary = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]);

    it('auto: JSON pretty-printed, text as it is, binary as hex', async () => {
      const log = await mountLog();
      await publish(pub, `${topic}/json`, '{"a":1,"b":[true]}', { qos: 1 });
      await publish(pub, `${topic}/text`, 'plain words', { qos: 1 });
      await publish(pub, `${topic}/bin`, binary, { qos: 1 });
      await untilRows(log, 3);
      const [bin, text, json] = payloads(log);
      expect(json).to.equal('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
      expect(text).to.equal('plain words');
      // Offset, bytes padded to the width of a full line, then the printable ASCII: like `hexdump -C`.
      expect(bin).to.equal(`${'00000000  de ad be ef 00 41'.padEnd(60)}|.....A|`);
    });

    it('hex shows every payload as a hex dump, text shows JSON unformatted', async () => {
      const log = await mountLog({ format: 'hex' });
      await publish(pub, `${topic}/t`, '{"a":1}', { qos: 1 });
      await untilRows(log, 1);
      expect(payloads(log)[0]).to.equal(`${'00000000  7b 22 61 22 3a 31 7d'.padEnd(60)}|{"a":1}|`);
      log.format = 'text';
      await log.updateComplete;
      expect(payloads(log)[0]).to.equal('{"a":1}');
      log.format = 'json';
      await log.updateComplete;
      expect(payloads(log)[0]).to.equal('{\n  "a": 1\n}');
    });

    it('marks an empty payload', async () => {
      const log = await mountLog();
      await publish(pub, `${topic}/t`, '', { qos: 1 });
      await untilRows(log, 1);
      expect(payloads(log)[0]).to.equal('(empty payload)');
    });
  });

  it('cuts long payloads, with a button that shows the rest', async () => {
    const log = await mountLog({ truncate: '20' });
    const long = 'x'.repeat(50);
    await publish(pub, `${topic}/long`, long, { qos: 1 });
    await untilRows(log, 1);
    expect(payloads(log)[0]).to.equal(`${'x'.repeat(20)}…`);
    const expand = part<HTMLButtonElement>(log, 'expand');
    expect(expand.getAttribute('aria-expanded')).to.equal('false');
    expect(expand.getAttribute('aria-controls')).to.equal(part(log, 'payload').id);

    expand.click();
    await log.updateComplete;
    expect(payloads(log)[0]).to.equal(long);
    expect(expand.getAttribute('aria-expanded')).to.equal('true');
    expect(expand.textContent!.trim()).to.equal('Show less');
  });

  it('shows payloads and topics that look like markup as text only', async () => {
    const log = await mountLog();
    const markup = '<img src=x onerror="window.__logInjected=1"><script>window.__logInjected=2</script>';
    await publish(pub, `${topic}/<b>bold</b>`, markup, { qos: 1 });
    await untilRows(log, 1);
    expect(log.shadowRoot!.querySelector('img, script, b')).to.equal(null);
    expect(payloads(log)[0]).to.equal(markup);
    expect((window as { __logInjected?: number }).__logInjected).to.equal(undefined);
  });

  it('an invalid topic filter is an error with the reason', async () => {
    // The error comes while the fixture connects, before the element is in the test's hands.
    const errors: string[] = [];
    const record = (event: Event) => void errors.push((event as MqttErrorEvent).detail.message);
    document.addEventListener(MqttErrorEvent.eventName, record);
    try {
      const log = await mountWidget<MqttLog>(html`<mqtt-log topic="a/#/b"></mqtt-log>`);
      await until(() => log.hasAttribute('error'), 'the error state');
      await log.updateComplete;
      expect(part(log, 'message').textContent).to.include('"#" must be the last level');
      expect(errors.some((message) => message.includes('"#" must be the last level'))).to.equal(true);
    } finally {
      document.removeEventListener(MqttErrorEvent.eventName, record);
    }
  });

  it('is accessible with messages, paused and filtered', async () => {
    const log = await mountWidget<MqttLog>(
      html`<mqtt-log topic=${`${topic}/#`} label="Traffic" truncate="10"></mqtt-log>`,
    );
    await publish(pub, `${topic}/a`, '{"reading": 21.5, "unit": "C"}', { qos: 1, retain: true });
    await publish(pub, `${topic}/b`, 'short', { qos: 1 });
    await untilRows(log, 2);
    expect(part(log, 'list').getAttribute('aria-label')).to.equal('Traffic, newest first');
    await expect(log).to.be.accessible();
    log.pause();
    log.filter = 'a';
    await log.updateComplete;
    await expect(log).to.be.accessible();
  });
});

describe('log payload view', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('auto leaves numbers and text alone and pretty-prints objects and arrays', () => {
    expect(viewPayload(bytes('21.5'), 'auto')).to.deep.equal({ kind: 'text', text: '21.5' });
    expect(viewPayload(bytes('[1]'), 'auto')).to.deep.equal({ kind: 'json', text: '[\n  1\n]' });
    expect(viewPayload(bytes('{broken'), 'auto')).to.deep.equal({ kind: 'text', text: '{broken' });
    expect(viewPayload(new Uint8Array(), 'auto').kind).to.equal('empty');
  });

  it('auto shows invalid UTF-8 and control characters as hex', () => {
    expect(viewPayload(new Uint8Array([0xff, 0xfe]), 'auto').kind).to.equal('hex');
    expect(viewPayload(bytes('a\u0001b'), 'auto').kind).to.equal('hex');
    expect(viewPayload(bytes('line 1\n\tline 2'), 'auto').kind).to.equal('text');
  });

  it('hex dumps 16 bytes a line and stops at the limit', () => {
    const dump = hexDump(bytes('hello world, this is a long payload'), 20);
    expect(dump.split('\n')).to.deep.equal([
      '00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|',
      `${'00000010  73 20 69 73'.padEnd(60)}|s is|`,
      '… 15 more bytes',
    ]);
  });

  it('sizes read as bytes, kB and MB', () => {
    expect([formatSize(999), formatSize(2400), formatSize(1_100_000)]).to.deep.equal([
      '999 B',
      '2.4 kB',
      '1.1 MB',
    ]);
  });
});

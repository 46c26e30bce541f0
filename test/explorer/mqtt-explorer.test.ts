// <mqtt-explorer> against both real brokers: the tree after a retained flood, live updates, search,
// publishing only with allow-publish, keyboard navigation, large and binary payloads, and bad input.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/explorer.js';
import type { MqttExplorer } from '../../src/explorer.js';
import type { MqttConnection } from '../../src/index.js';
import { formatSize } from '../../src/elements/mqtt-log/payload-view.js';
import { chunkChars } from '../../src/internal/chunked-text.js';
import { MqttErrorEvent } from '../../src/events.js';
import { brokerUrl, uniqueTopic, type BrokerName } from '../support/brokers.js';
import { uniqueClientId, untilSubscribed, whenConnected } from '../support/element-fixtures.js';
import { closeTestClients, collect, publish, receivedCount, testClient } from '../support/test-clients.js';
import { until } from '../support/until.js';

const part = (explorer: MqttExplorer, name: string) =>
  explorer.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (explorer: MqttExplorer, name: string) =>
  Array.from(explorer.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`));
const rows = (explorer: MqttExplorer) => parts(explorer, 'row');
const rowOf = (explorer: MqttExplorer, topic: string) =>
  rows(explorer).find((row) => row.dataset.topic === topic);
/** What the rows say, as the user reads them: names with their level. */
const outline = (explorer: MqttExplorer) =>
  rows(explorer).map((row) => `${row.getAttribute('aria-level')} ${part2(row, 'name')}`);
const part2 = (row: HTMLElement, name: string) => row.querySelector(`[part~="${name}"]`)?.textContent ?? '';
const countText = (explorer: MqttExplorer) => part(explorer, 'count')?.textContent ?? '';
const tree = (explorer: MqttExplorer) => part(explorer, 'tree')!;

for (const broker of ['aedes', 'mosquitto'] as BrokerName[]) {
  describe(`<mqtt-explorer> on ${broker}`, function () {
    this.timeout(60_000);

    let prefix: string;
    beforeEach(() => {
      prefix = uniqueTopic('explorer');
    });
    afterEach(closeTestClients);

    async function mount(attributes: { topic?: string; allowPublish?: boolean } = {}) {
      const url = await brokerUrl(broker);
      const clientId = uniqueClientId('explorer');
      const topic = attributes.topic ?? `${prefix}/#`;
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${url} client-id=${clientId}>
          <mqtt-explorer
            topic=${topic}
            ?allow-publish=${attributes.allowPublish ?? false}
            style="--mqtt-explorer-height: 300px"
          ></mqtt-explorer>
        </mqtt-connection>`,
      );
      await whenConnected(connection);
      // Messages published from here on reach the explorer.
      await untilSubscribed(clientId, topic, broker);
      return connection.querySelector('mqtt-explorer')!;
    }

    /** Waits until the explorer holds `topics` topics, and says what it shows instead when not. */
    const untilTopics = (explorer: MqttExplorer, topics: number) =>
      until(
        () =>
          explorer.tree.topicCount === topics &&
          countText(explorer).startsWith(`${topics.toLocaleString()} topic`),
        () => `${topics} topics; the explorer shows "${countText(explorer)}"`,
        20_000,
      );

    it('shows every retained topic after a flood, drawing only the rows in view', async () => {
      const pub = await testClient(broker);
      const total = 300;
      await Promise.all(
        Array.from({ length: total }, (_, i) =>
          publish(pub, `${prefix}/dev/${i}/state`, `{"n":${i}}`, { retain: true, qos: 1 }),
        ),
      );
      const explorer = await mount();
      await untilTopics(explorer, total);
      expect(countText(explorer)).to.equal(`${total} topics · ${total} messages`);

      explorer.expandAll(prefix);
      await until(() => rows(explorer).length > 10, 'rows after expanding everything');
      // Every level is in the tree, but only those near the visible area are in the DOM.
      const drawn = rows(explorer).length;
      expect(drawn, 'rows in the DOM').to.be.lessThan(60);
      const devices = rowOf(explorer, `${prefix}/dev`)!;
      expect(part2(devices, 'counts')).to.equal(`(${total} topics, ${total} messages)`);

      // Levels sort by number: 0, 1, 2 … 299, each with its state below it.
      tree(explorer).scrollTop = tree(explorer).scrollHeight;
      await until(
        () => rowOf(explorer, `${prefix}/dev/299/state`) !== undefined,
        () =>
          `the last topic drawn after scrolling to the end; drawn: ${outline(explorer).slice(-3).join(', ')}`,
      );
      const last = rowOf(explorer, `${prefix}/dev/299/state`)!;
      expect(part2(last, 'preview')).to.equal('{"n":299}');
      expect(part2(last, 'retained')).to.equal('R');
      expect(rows(explorer).length).to.be.lessThan(60);

      // Selecting a topic far down, in the same task that opened its levels (before the tree grew on
      // screen), still brings its row into view.
      explorer.collapseAll();
      await explorer.updateComplete;
      explorer.expandAll(prefix);
      explorer.select(`${prefix}/dev/250/state`);
      await until(
        () => rowOf(explorer, `${prefix}/dev/250/state`) !== undefined,
        () => `the selected row drawn; drawn: ${outline(explorer).slice(-2).join(', ')}`,
      );
      const selected = rowOf(explorer, `${prefix}/dev/250/state`)!.getBoundingClientRect();
      const view = tree(explorer).getBoundingClientRect();
      expect(selected.top, 'row top within the tree').to.be.at.least(view.top - 1);
      expect(selected.bottom, 'row bottom within the tree').to.be.at.most(view.bottom + 1);
      // Its JSON payload as a tree, each leaf as the reader sees it (no white space of the template).
      await until(() => part(explorer, 'json-leaf') !== null, 'the JSON tree');
      expect(parts(explorer, 'json-leaf').map((leaf) => leaf.textContent)).to.deep.equal(['n: 250']);
    });

    it('offers "Expand all" while every level is closed and "Collapse all" while any is open', async () => {
      const explorer = await mount();
      const button = () => part(explorer, 'expand-button') as HTMLButtonElement;
      const says = () => `the button says "${button().textContent!.trim()}", disabled: ${button().disabled}`;
      await explorer.updateComplete;
      expect(button().textContent!.trim(), 'an empty tree: nothing to open').to.equal('Expand all');
      expect(button().disabled).to.equal(true);

      const pub = await testClient(broker);
      await publish(pub, `${prefix}/room/temp`, '21');
      await untilTopics(explorer, 1);
      await until(() => button().textContent!.trim() === 'Expand all' && !button().disabled, says);
      expect(rows(explorer).length, 'every level closed: the first level only').to.equal(1);

      button().click();
      await until(() => rowOf(explorer, `${prefix}/room/temp`) !== undefined, 'every level open');
      await until(() => button().textContent!.trim() === 'Collapse all' && !button().disabled, says);

      button().click();
      await until(
        () => rows(explorer).length === 1,
        () => `every level closed; shows ${outline(explorer)}`,
      );
      await until(() => button().textContent!.trim() === 'Expand all', says);

      // Opened and closed by its row, not the button: the button follows the tree all the same.
      const toggle = () => rows(explorer)[0].querySelector<HTMLElement>('[part~="toggle"]')!;
      toggle().click();
      await until(
        () => rows(explorer).length === 2,
        () => `the first level open; shows ${outline(explorer)}`,
      );
      await until(() => button().textContent!.trim() === 'Collapse all', says);
      toggle().click();
      await until(
        () => rows(explorer).length === 1,
        () => `the first level closed; shows ${outline(explorer)}`,
      );
      await until(() => button().textContent!.trim() === 'Expand all', says);
    });

    it('updates counts, payload and age live, and flashes the row', async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      await publish(pub, `${prefix}/room/temp`, '21.5');
      await untilTopics(explorer, 1);
      explorer.expandAll();
      const topic = `${prefix}/room/temp`;
      await until(
        () => part2(rowOf(explorer, topic) ?? tree(explorer), 'preview') === '21.5',
        'the first value',
      );
      await publish(pub, topic, '22.25');
      await until(
        () => part2(rowOf(explorer, topic)!, 'preview') === '22.25',
        () => `the new value; the row shows ${part2(rowOf(explorer, topic)!, 'preview')}`,
      );
      expect(rowOf(explorer, topic)!.hasAttribute('data-flash'), 'flashing').to.equal(true);
      expect(part2(rowOf(explorer, topic)!, 'counts')).to.equal('(2)');
      expect(part2(rowOf(explorer, `${prefix}/room`)!, 'counts')).to.equal('(1 topic, 2 messages)');
      // The flash fades by itself, with no further message.
      await until(() => !rowOf(explorer, topic)!.hasAttribute('data-flash'), 'the flash to end');
    });

    it('filters by a piece of the topic or by a topic filter', async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      for (const room of ['kitchen', 'hall', 'garage'])
        for (const what of ['temp', 'humidity']) await publish(pub, `${prefix}/${room}/${what}`, '1');
      await untilTopics(explorer, 6);
      const search = part(explorer, 'search') as HTMLInputElement;

      search.value = 'KITCH';
      search.dispatchEvent(new Event('input'));
      await until(() => rowOf(explorer, `${prefix}/kitchen/temp`) !== undefined, 'kitchen rows');
      const leaves = () => rows(explorer).filter((row) => row.getAttribute('aria-expanded') === null);
      expect(leaves().map((row) => row.dataset.topic)).to.deep.equal([
        `${prefix}/kitchen/humidity`,
        `${prefix}/kitchen/temp`,
      ]);

      search.value = `${prefix}/+/temp`;
      search.dispatchEvent(new Event('input'));
      await until(
        () => leaves().length === 3,
        () => `3 temp rows, got ${outline(explorer).join(', ')}`,
      );
      expect(leaves().map((row) => row.dataset.topic)).to.deep.equal(
        ['garage', 'hall', 'kitchen'].map((room) => `${prefix}/${room}/temp`),
      );

      search.value = `${prefix}/#/temp`;
      search.dispatchEvent(new Event('input'));
      await until(() => part(explorer, 'search-error') !== null, 'the search error');
      expect(part(explorer, 'search-error')!.textContent).to.match(/"#" must be the last level/);
      expect(part(explorer, 'empty')!.textContent!.trim()).to.equal('No topic matches the search');
    });

    it('publishes only with allow-publish, with the selected topic filled in', async () => {
      const closed = await mount();
      const pub = await testClient(broker);
      await publish(pub, `${prefix}/lamp`, 'OFF');
      await untilTopics(closed, 1);
      expect(part(closed, 'publish'), 'no publish panel without allow-publish').to.equal(null);
      closed.select(`${prefix}/lamp`);
      await until(() => part(closed, 'detail-topic') !== null, 'the details');
      expect(parts(closed, 'button').map((b) => b.textContent!.trim())).to.not.include('Clear retained');

      const watcher = await testClient(broker);
      const received = await collect(watcher, `${prefix}/lamp/set`, 1);
      closed.allowPublish = true;
      closed.select(`${prefix}/lamp`);
      await until(() => part(closed, 'publish') !== null, 'the publish panel');
      const form = part(closed, 'publish') as HTMLFormElement;
      const topicField = form.querySelector<HTMLInputElement>('[name="topic"]')!;
      expect(topicField.value).to.equal(`${prefix}/lamp`);
      topicField.value = `${prefix}/lamp/set`;
      topicField.dispatchEvent(new Event('input'));
      form.querySelector<HTMLTextAreaElement>('[name="payload"]')!.value = 'ON';
      form.querySelector<HTMLSelectElement>('[name="qos"]')!.value = '1';
      form.querySelector<HTMLButtonElement>('[part~="publish-button"]')!.click();
      await receivedCount(received, 1);
      expect(received.map((m) => [m.topic, m.text, m.qos])).to.deep.equal([[`${prefix}/lamp/set`, 'ON', 1]]);
      await until(
        () => part(closed, 'status')?.textContent?.includes('Published') === true,
        'the confirmation',
      );
    });

    it('clears a retained topic only after a confirmation', async () => {
      const pub = await testClient(broker);
      const topic = `${prefix}/door`;
      await publish(pub, topic, 'open', { retain: true, qos: 1 });
      const explorer = await mount({ allowPublish: true });
      await untilTopics(explorer, 1);
      explorer.select(topic);
      const clearButton = () =>
        parts(explorer, 'button').find((b) => b.textContent!.trim() === 'Clear retained');
      await until(() => clearButton() !== undefined, 'the Clear retained button');
      clearButton()!.click();
      await until(() => part(explorer, 'confirm') !== null, 'the confirmation');
      // Cancel leaves it.
      parts(explorer, 'button')
        .find((b) => b.textContent!.trim() === 'Cancel')!
        .click();
      await until(() => part(explorer, 'confirm') === null, 'the question to go');
      expect(explorer.tree.topicCount).to.equal(1);

      clearButton()!.click();
      await until(() => part(explorer, 'confirm-clear') !== null, 'the confirmation');
      part(explorer, 'confirm-clear')!.click();
      // The broker sends the empty retained message back: the topic leaves the tree.
      await untilTopics(explorer, 0);
      const late = await testClient(broker);
      const retained = await collect(late, topic);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(retained, 'retained messages a new subscriber gets').to.deep.equal([]);
    });

    it('moves through the tree with the keyboard, as the WAI-ARIA tree pattern says', async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      for (const topic of ['a/x', 'a/y', 'b']) await publish(pub, `${prefix}/${topic}`, '1');
      await untilTopics(explorer, 3);
      const activeRow = () => {
        const id = tree(explorer).getAttribute('aria-activedescendant');
        return id ? explorer.shadowRoot!.getElementById(id) : null;
      };
      const activeTopic = () => activeRow()?.dataset.topic;
      const press = async (key: string) => {
        await sendKeys({ press: key });
        await explorer.updateComplete;
      };
      tree(explorer).focus();
      await until(
        () => activeTopic() === 'test',
        () => `the first row active, got ${activeTopic()}`,
      );
      // Open every level down to the prefix.
      for (let depth = 0; depth < prefix.split('/').length - 1; depth++) {
        await press('ArrowRight');
        expect(activeRow()!.getAttribute('aria-expanded')).to.equal('true');
        await press('ArrowRight');
      }
      expect(activeTopic()).to.equal(prefix);
      await press('ArrowRight');
      await press('ArrowDown');
      expect(activeTopic()).to.equal(`${prefix}/a`);
      expect(activeRow()!.getAttribute('aria-expanded')).to.equal('false');
      await press('ArrowRight');
      expect(activeRow()!.getAttribute('aria-expanded')).to.equal('true');
      await press('ArrowRight');
      expect(activeTopic()).to.equal(`${prefix}/a/x`);
      expect(activeRow()!.getAttribute('aria-level')).to.equal(String(prefix.split('/').length + 2));
      expect(activeRow()!.getAttribute('aria-selected')).to.equal('true');
      expect(part(explorer, 'detail-topic')!.textContent).to.equal(`${prefix}/a/x`);
      await press('ArrowDown');
      expect(activeTopic()).to.equal(`${prefix}/a/y`);
      expect([
        activeRow()!.getAttribute('aria-posinset'),
        activeRow()!.getAttribute('aria-setsize'),
      ]).to.deep.equal(['2', '2']);
      await press('ArrowLeft');
      expect(activeTopic(), 'Left on a leaf goes to the parent').to.equal(`${prefix}/a`);
      await press('ArrowLeft');
      expect(activeRow()!.getAttribute('aria-expanded')).to.equal('false');
      await press('End');
      expect(activeTopic()).to.equal(`${prefix}/b`);
      await press('Home');
      expect(activeTopic()).to.equal('test');
      await expect(explorer).to.be.accessible();
    });

    it('moves to the next level starting with a typed character (type-ahead)', async () => {
      // Levels of its own, named so that no row above the four names starts with "b" or "z" (the
      // random part of a unique topic could, and would then be one more match).
      const base = `test/typeahead-${Math.random().toString(36).slice(2, 8)}`;
      const explorer = await mount({ topic: `${base}/#` });
      const pub = await testClient(broker);
      for (const name of ['alpha', 'beta', 'bravo', 'Boiler']) await publish(pub, `${base}/${name}`, '1');
      await untilTopics(explorer, 4);
      explorer.expandAll();
      const activeTopic = () => {
        const id = tree(explorer).getAttribute('aria-activedescendant');
        return id ? explorer.shadowRoot!.getElementById(id)?.dataset.topic : undefined;
      };
      tree(explorer).focus();
      await until(
        () => activeTopic() === 'test',
        () => `the first row active, got ${activeTopic()}`,
      );
      // The same character again goes on to the next name starting with it, in any case, and wraps
      // (levels sort by code point: "Boiler" before "alpha").
      const seen: (string | undefined)[] = [];
      for (let i = 0; i < 4; i++) {
        await sendKeys({ press: 'b' });
        await explorer.updateComplete;
        seen.push(activeTopic());
      }
      expect(seen).to.deep.equal(['Boiler', 'beta', 'bravo', 'Boiler'].map((name) => `${base}/${name}`));
      expect(part(explorer, 'detail-topic')!.textContent).to.equal(`${base}/Boiler`);
      // A character no visible name starts with leaves the focus where it is.
      await sendKeys({ press: 'z' });
      await explorer.updateComplete;
      expect(activeTopic()).to.equal(`${base}/Boiler`);
    });

    // Debian's Mosquitto 2.0.11 stops writing to a WebSocket client once a message over about 20 KB is
    // queued (see test/reliability/bad-input.test.ts), so through it the payload is 19 KB: still cut.
    const size = broker === 'aedes' ? 1_000_000 : 19_000;
    it(`shows a ${formatSize(size)} payload cut, and all of it a piece per frame on request`, async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      const topic = `${prefix}/big`;
      const big = 'x'.repeat(size);
      await publish(pub, topic, big);
      await untilTopics(explorer, 1);
      explorer.select(topic);
      const payload = () => part(explorer, 'payload')?.textContent ?? '';
      await until(() => payload().length > 0, 'the payload');
      expect(payload().length, 'characters shown at first').to.be.lessThan(20_000);
      expect(part(explorer, 'detail')!.textContent).to.include(`Show all (${formatSize(size)})`);
      const lengths: number[] = [];
      const watch = () => {
        lengths.push(payload().length);
        if (payload().length < big.length) requestAnimationFrame(watch);
      };
      part(explorer, 'show-all')!.click();
      requestAnimationFrame(watch);
      await until(
        () => payload() === big,
        () => `the whole payload; ${payload().length} characters shown`,
        20_000,
      );
      // Written by the chunked writer, a piece per task, each piece laid out on its own.
      const pieces = Array.from(
        part(explorer, 'payload')!.querySelectorAll('.chunk'),
        (c) => c.textContent!.length,
      );
      expect(pieces.length, 'pieces').to.equal(Math.ceil(size / chunkChars));
      expect(Math.max(...pieces)).to.be.at.most(chunkChars);
      // It grew over several frames rather than in one long task.
      if (size > 500_000) {
        expect(new Set(lengths).size, `lengths seen frame by frame: ${lengths.join(', ')}`).to.be.greaterThan(
          3,
        );
      }
    });

    // As above, Mosquitto's WebSocket listener limits what can pass through it.
    const binarySize = broker === 'aedes' ? 262_144 : 16_384;
    it(`shows a ${formatSize(binarySize)} binary payload as a cut hex dump, and all of it in pieces`, async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      const topic = `${prefix}/blob`;
      const blob = new Uint8Array(binarySize).map((_, i) => (i * 7 + 3) & 0xff);
      await publish(pub, topic, blob);
      await untilTopics(explorer, 1);
      explorer.select(topic);
      const payload = () => part(explorer, 'payload')?.textContent ?? '';
      await until(
        () => payload().startsWith('00000000  03 0a 11'),
        () => `the hex dump; got ${payload().slice(0, 40)}`,
      );
      const lines = () =>
        payload()
          .split('\n')
          .filter((line) => /^[0-9a-f]{8} /.test(line));
      expect(lines().length, 'lines of 16 bytes before Show all').to.equal(4096 / 16);
      // Drawn in blocks that each start with a whole line (a line cut between two would show as two).
      const pieceStarts = () =>
        Array.from(part(explorer, 'payload')!.querySelectorAll('.chunk'), (c) => c.textContent!.slice(0, 10));
      expect(pieceStarts().length, 'blocks before Show all').to.be.greaterThan(1);
      expect(pieceStarts().filter((start) => !/^[0-9a-f]{8} {2}$/.test(start))).to.deep.equal([]);
      expect(part(explorer, 'detail')!.textContent).to.include(`Show all (${formatSize(binarySize)})`);
      part(explorer, 'show-all')!.click();
      const last = (binarySize - 16).toString(16).padStart(8, '0');
      await until(
        () => payload().includes(`\n${last}  `),
        () => `the last line of the dump (${last}); ${payload().length} characters shown`,
        20_000,
      );
      expect(lines().length).to.equal(binarySize / 16);
      expect(pieceStarts().length, 'pieces').to.equal(Math.ceil(payload().length / chunkChars));
      expect(pieceStarts().filter((start) => !/^[0-9a-f]{8} {2}$/.test(start))).to.deep.equal([]);
    });

    it('shows a binary payload as hex, and markup as text', async () => {
      const explorer = await mount();
      const pub = await testClient(broker);
      await publish(pub, `${prefix}/bin`, new Uint8Array([0xde, 0xad, 0x00, 0xbe, 0xef, 0x41]));
      await publish(pub, `${prefix}/html`, '<img src=x onerror="window.__pwned=1"><b>bold</b>');
      await untilTopics(explorer, 2);
      explorer.expandAll();
      await until(() => rowOf(explorer, `${prefix}/bin`) !== undefined, 'the binary row');
      expect(part2(rowOf(explorer, `${prefix}/bin`)!, 'preview')).to.equal('0x de ad 00 be ef 41');
      explorer.select(`${prefix}/bin`);
      await until(() => part(explorer, 'payload') !== null, 'the hex dump');
      expect(part(explorer, 'payload')!.textContent).to.equal(
        '00000000  de ad 00 be ef 41                                 |.....A|',
      );
      explorer.select(`${prefix}/html`);
      await until(
        () => part(explorer, 'payload')?.textContent?.includes('<img') === true,
        'the markup as text',
      );
      expect(explorer.shadowRoot!.querySelector('img, b')).to.equal(null);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });
  });
}

describe('<mqtt-explorer> on mosquitto with MQTT 5', function () {
  this.timeout(30_000);
  afterEach(closeTestClients);

  it('shows the MQTT 5 properties of a message: request/response, content type, expiry, format, user properties', async () => {
    const prefix = uniqueTopic('explorer5');
    const url = await brokerUrl('mosquitto');
    const clientId = uniqueClientId('explorer5');
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${url} client-id=${clientId} protocol-version="5"
        ><mqtt-explorer topic=${`${prefix}/#`}></mqtt-explorer
      ></mqtt-connection>`,
    );
    await whenConnected(connection);
    await untilSubscribed(clientId, `${prefix}/#`, 'mosquitto');
    const explorer = connection.querySelector('mqtt-explorer')!;
    const pub = await testClient('mosquitto', { protocolVersion: 5 });
    await pub.publishAsync(`${prefix}/request`, '{"get":"state"}', {
      properties: {
        responseTopic: `${prefix}/reply`,
        correlationData: new TextEncoder().encode('req-42') as never,
        contentType: 'application/json',
        payloadFormatIndicator: true,
        messageExpiryInterval: 3600,
        userProperties: { site: 'north', via: ['gateway-1', 'gateway-2'] },
      },
    });
    await until(() => explorer.tree.topicCount === 1, 'the request');
    explorer.select(`${prefix}/request`);
    await until(() => part(explorer, 'meta') !== null, 'the details');
    const meta = Array.from(part(explorer, 'meta')!.querySelectorAll('dt'), (dt) => [
      dt.textContent,
      dt.nextElementSibling!.textContent,
    ]);
    expect(meta).to.deep.include(['Response topic', `${prefix}/reply`]);
    expect(meta).to.deep.include(['Correlation data', 'req-42']);
    expect(meta).to.deep.include(['Content type', 'application/json']);
    expect(meta).to.deep.include(['Payload format', 'UTF-8 text']);
    // The broker counts the expiry down while it holds the message: at most what was sent.
    const expiry = meta.find(([label]) => label === 'Expires in')?.[1] ?? '';
    expect(expiry).to.match(/^\d+ s /);
    expect(Number.parseInt(expiry)).to.be.within(3590, 3600);
    const user = Array.from(part(explorer, 'meta')!.querySelectorAll('dt.user-property'), (dt) => [
      dt.textContent,
      dt.nextElementSibling!.textContent,
    ]);
    expect(user).to.deep.equal([
      ['site', 'north'],
      ['via', 'gateway-1'],
      ['via', 'gateway-2'],
    ]);
  });
});

describe('<mqtt-explorer> in the dark look, with the chart entry', function () {
  this.timeout(30_000);
  afterEach(closeTestClients);

  it('draws a numeric topic as a chart and stays readable (axe) in the dark look', async () => {
    await import('../../src/chart.js');
    const prefix = uniqueTopic('explorer-dark');
    const url = await brokerUrl('aedes');
    const clientId = uniqueClientId('explorer-dark');
    const connection = await fixture<MqttConnection>(
      html`<div class="mqtt-dark" style="background: #171b24; padding: 8px">
        <mqtt-connection url=${url} client-id=${clientId}
          ><mqtt-explorer topic=${`${prefix}/#`}></mqtt-explorer
        ></mqtt-connection>
      </div>`,
    ).then((wrapper) => wrapper.querySelector('mqtt-connection')!);
    await whenConnected(connection);
    await untilSubscribed(clientId, `${prefix}/#`);
    const explorer = connection.querySelector('mqtt-explorer')!;
    const pub = await testClient();
    await publish(pub, `${prefix}/room/temp`, '21.5');
    await until(() => explorer.tree.topicCount === 1, 'the topic');
    explorer.select(`${prefix}/room/temp`);
    await until(() => part(explorer, 'chart') !== null, 'the chart of the numeric topic');
    expect(part(explorer, 'chart')!.localName).to.equal('mqtt-chart');
    expect(part(explorer, 'chart')!.getAttribute('topic')).to.equal(`${prefix}/room/temp`);
    await expect(explorer).to.be.accessible();
  });
});

describe('<mqtt-explorer> bad input', function () {
  this.timeout(30_000);
  afterEach(closeTestClients);

  it('says on the element, in an mqtt-error event and once in the console when the topic is not a filter', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const url = await brokerUrl('aedes');
      const errors: string[] = [];
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection
          url=${url}
          @mqtt-error=${(event: MqttErrorEvent) => errors.push(event.detail.message)}
          ><mqtt-explorer topic="a/#/b"></mqtt-explorer
        ></mqtt-connection>`,
      );
      await whenConnected(connection);
      const explorer = connection.querySelector('mqtt-explorer')!;
      await until(() => explorer.hasAttribute('error'), 'the error state');
      expect(part(explorer, 'message')!.textContent).to.match(/"a\/#\/b" is not a valid topic filter/);
      expect(errors.some((m) => /not a valid topic filter/.test(m))).to.equal(true);
      explorer.requestUpdate();
      await explorer.updateComplete;
      expect(warnings.filter((w) => w.includes('a/#/b'))).to.have.length(1);
    } finally {
      console.warn = warn;
    }
  });

  it('says which numeric attribute is wrong, on the element, as mqtt-error and once in the console, and uses the default', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const prefix = uniqueTopic('explorer-bad');
      const url = await brokerUrl('aedes');
      const clientId = uniqueClientId('explorer-bad');
      const errors: string[] = [];
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection
          url=${url}
          client-id=${clientId}
          @mqtt-error=${(event: MqttErrorEvent) => errors.push(event.detail.message)}
          ><mqtt-explorer
            topic=${`${prefix}/#`}
            history-size="lots"
            qos="7"
            payload-limit="-5"
          ></mqtt-explorer
        ></mqtt-connection>`,
      );
      await whenConnected(connection);
      const explorer = connection.querySelector('mqtt-explorer')!;
      await until(() => explorer.hasAttribute('error'), 'the error state');
      const shown = part(explorer, 'message')!.textContent!;
      expect(shown).to.include('history-size="lots" is not a number');
      expect(shown).to.include('qos="7" is not allowed');
      expect(shown).to.include('payload-limit="-5" is not allowed');
      expect(errors.filter((m) => m.includes('history-size="lots"'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('history-size="lots"'))).to.have.length(1);
      // The rest works with the defaults: 20 messages kept per topic, subscribed at QoS 0.
      expect(explorer.tree.historySize).to.equal(20);
      await untilSubscribed(clientId, `${prefix}/#`);
      const pub = await testClient();
      await publish(pub, `${prefix}/t`, '1');
      await until(() => explorer.tree.topicCount === 1, 'the message');
      // Fixed: the error goes.
      explorer.setAttribute('history-size', '5');
      explorer.setAttribute('qos', '1');
      explorer.setAttribute('payload-limit', '1000');
      await until(() => !explorer.hasAttribute('error'), 'the error to clear');
      expect(explorer.tree.historySize).to.equal(5);
      expect(part(explorer, 'message')!.textContent).to.equal('');
    } finally {
      console.warn = warn;
    }
  });

  it('reports a publish to an invalid topic and keeps working', async () => {
    const url = await brokerUrl('aedes');
    const connection = await fixture<MqttConnection>(
      html`<mqtt-connection url=${url}
        ><mqtt-explorer allow-publish topic="none/#"></mqtt-explorer
      ></mqtt-connection>`,
    );
    await whenConnected(connection);
    const explorer = connection.querySelector('mqtt-explorer')!;
    await explorer.updateComplete;
    const errors: string[] = [];
    explorer.addEventListener('mqtt-error', (event) => errors.push(event.detail.message));
    const form = part(explorer, 'publish') as HTMLFormElement;
    const topicField = form.querySelector<HTMLInputElement>('[name="topic"]')!;
    topicField.value = 'bad/+/topic';
    topicField.dispatchEvent(new Event('input'));
    form.querySelector<HTMLButtonElement>('[part~="publish-button"]')!.click();
    await until(() => part(explorer, 'status')?.classList.contains('problem') === true, 'the publish error');
    expect(part(explorer, 'status')!.textContent).to.match(/wildcard|\+/);
    expect(errors).to.have.length(1);
  });
});

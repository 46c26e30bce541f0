// The explorer's model without a browser's DOM or a broker: counts, history, removal, limits, the rows
// a view shows, search, JSON diffs and payload previews.
import { expect } from '@open-wc/testing';
import { MqttMessage } from '../../src/core/message.js';
import { describeChange, diffJson } from '../../src/explorer/json-diff.js';
import { propertyLines } from '../../src/explorer/message-properties.js';
import { MessageRing } from '../../src/explorer/message-ring.js';
import { formatAge, isBinary, payloadKind, previewPayload } from '../../src/explorer/payload-preview.js';
import { parseTopicSearch } from '../../src/explorer/topic-search.js';
import { TopicTree } from '../../src/explorer/topic-tree.js';
import { TreeRows } from '../../src/explorer/tree-rows.js';
import { RowWindow } from '../../src/explorer/row-window.js';
import { TypeAhead } from '../../src/explorer/type-ahead.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const message = (topic: string, text: string, retained = false) =>
  new MqttMessage(topic, bytes(text), retained, 0);

/** What the rows say, as `level name` lines, the way a screen reader would walk them. */
const outline = (rows: TreeRows) => rows.rows().map((row) => `${row.level} ${row.node.name}`);

describe('explorer model', () => {
  describe('TopicTree', () => {
    it('counts topics and messages at every level', () => {
      const tree = new TopicTree();
      tree.add(message('home/kitchen/temp', '21'));
      tree.add(message('home/kitchen/temp', '22'));
      tree.add(message('home/kitchen/humidity', '40'));
      tree.add(message('home/hall/temp', '19'));
      tree.add(message('garden/rain', '0'));
      expect(tree.topicCount).to.equal(4);
      expect(tree.messageCount).to.equal(5);
      const home = tree.find('home')!;
      expect([home.topicCount, home.messageCount]).to.deep.equal([3, 4]);
      const kitchen = tree.find('home/kitchen')!;
      expect([kitchen.topicCount, kitchen.messageCount]).to.deep.equal([2, 3]);
      expect(kitchen.isTopic).to.equal(false);
      expect(tree.find('home/kitchen/temp')!.last!.text).to.equal('22');
    });

    it('keeps a level that is also a topic, and empty level names', () => {
      const tree = new TopicTree();
      tree.add(message('a', '1'));
      tree.add(message('a/b', '2'));
      tree.add(message('a//c', '3'));
      tree.add(message('/lead', '4'));
      expect(tree.find('a')!.isTopic).to.equal(true);
      expect(tree.find('a')!.topicCount).to.equal(3);
      expect(tree.find('a/')!.name).to.equal('');
      expect(tree.find('a//c')!.topic).to.equal('a//c');
      expect(tree.find('/lead')!.depth).to.equal(2);
    });

    it('keeps the last history-size messages of a topic, oldest first', () => {
      const tree = new TopicTree({ historySize: 3 });
      for (let i = 1; i <= 5; i++) tree.add(message('t', String(i)));
      const texts = () =>
        tree
          .find('t')!
          .history!.toArray()
          .map((m) => m.text);
      expect(texts()).to.deep.equal(['3', '4', '5']);
      tree.historySize = 2;
      expect(texts()).to.deep.equal(['4', '5']);
      expect(tree.find('t')!.messageCount).to.equal(5);
    });

    it('does not count a message handed to it twice (a cache replay)', () => {
      const tree = new TopicTree();
      const m = message('x/y', '1');
      tree.add(m);
      tree.add(m);
      expect(tree.messageCount).to.equal(1);
    });

    it('removes a topic on an empty payload, and the levels left with nothing below', () => {
      const tree = new TopicTree();
      tree.add(message('a/b/c', '1'));
      tree.add(message('a/b/c', '2'));
      tree.add(message('a/x', '3'));
      tree.add(message('a/b/c', ''));
      expect(tree.find('a/b')).to.equal(undefined);
      expect(
        tree
          .find('a')!
          .children()
          .map((n) => n.name),
      ).to.deep.equal(['x']);
      expect([tree.topicCount, tree.messageCount]).to.deep.equal([1, 1]);
      // A level that is a topic itself keeps its own message when a child goes.
      tree.add(message('a/x/y', '4'));
      tree.add(message('a/x/y', ''));
      expect([tree.find('a/x')!.topicCount, tree.find('a/x')!.messageCount]).to.deep.equal([1, 1]);
    });

    it('stops keeping new topics at max-topics, counting what it did not keep', () => {
      const tree = new TopicTree({ maxTopics: 2 });
      tree.add(message('a', '1'));
      tree.add(message('b', '1'));
      expect(tree.add(message('c', '1'))).to.equal(undefined);
      tree.add(message('a', '2'));
      expect([tree.topicCount, tree.messageCount, tree.droppedMessages]).to.deep.equal([2, 3, 1]);
    });

    it('sorts levels numerically when they are numbers, then by name', () => {
      const tree = new TopicTree();
      for (const name of ['10', 'b', '2', 'A', '1', 'a']) tree.add(message(`s/${name}`, '1'));
      expect(
        tree
          .find('s')!
          .children()
          .map((n) => n.name),
      ).to.deep.equal(['1', '2', '10', 'A', 'a', 'b']);
    });

    it('marks when each level last changed', () => {
      let now = 100;
      const tree = new TopicTree({ now: () => now });
      tree.add(message('a/b', '1'));
      now = 200;
      tree.add(message('a/c', '1'));
      expect([tree.find('a/b')!.changedAt, tree.find('a')!.changedAt]).to.deep.equal([100, 200]);
    });

    it('rejects a history size below 1 with a message that says so', () => {
      expect(() => new TopicTree({ historySize: 0 })).to.throw(
        /historySize must be a whole number of at least 1/,
      );
    });
  });

  describe('TreeRows', () => {
    function sample() {
      const tree = new TopicTree();
      for (const topic of ['home/kitchen/temp', 'home/kitchen/humidity', 'home/hall/temp', 'garden/rain'])
        tree.add(message(topic, '1'));
      return { tree, rows: new TreeRows(tree) };
    }

    it('shows the first level, then what is expanded, with level, position and set size', () => {
      const { tree, rows } = sample();
      expect(outline(rows)).to.deep.equal(['1 garden', '1 home']);
      rows.setExpanded(tree.find('home')!, true);
      expect(outline(rows)).to.deep.equal(['1 garden', '1 home', '2 hall', '2 kitchen']);
      const kitchen = rows.rows()[3];
      expect([kitchen.position, kitchen.siblings]).to.deep.equal([2, 2]);
      rows.expandAll(tree.root);
      expect(outline(rows)).to.deep.equal([
        '1 garden',
        '2 rain',
        '1 home',
        '2 hall',
        '3 temp',
        '2 kitchen',
        '3 humidity',
        '3 temp',
      ]);
      expect(rows.indexOf(tree.find('home/kitchen/temp')!)).to.equal(7);
    });

    it('is rebuilt only when a new level becomes visible', () => {
      const { tree, rows } = sample();
      rows.rows();
      tree.add(message('home/kitchen/light', 'on'));
      expect(rows.stale, 'a level under a closed level').to.equal(false);
      tree.add(message('home/kitchen/temp', '2'));
      expect(rows.stale, 'a new value').to.equal(false);
      tree.add(message('cellar', '1'));
      expect(rows.stale, 'a new first level').to.equal(true);
      expect(outline(rows)).to.deep.equal(['1 cellar', '1 garden', '1 home']);
    });

    it('searches by a piece of the topic in any case, opening the way to each match', () => {
      const { tree, rows } = sample();
      rows.setSearch('TEMP');
      expect(outline(rows)).to.deep.equal(['1 home', '2 hall', '3 temp', '2 kitchen', '3 temp']);
      // Closing a level during a search hides what is below it.
      rows.setExpanded(tree.find('home/kitchen')!, false);
      expect(outline(rows)).to.deep.equal(['1 home', '2 hall', '3 temp', '2 kitchen']);
      // New matching topics join the search as they arrive.
      tree.add(message('garage/temp', '5'));
      expect(outline(rows)[0]).to.equal('1 garage');
      rows.setSearch('');
      expect(outline(rows)).to.deep.equal(['1 garage', '1 garden', '1 home']);
    });

    it('searches with topic filter syntax', () => {
      const { rows } = sample();
      rows.setSearch('home/+/temp');
      expect(outline(rows)).to.deep.equal(['1 home', '2 hall', '3 temp', '2 kitchen', '3 temp']);
      rows.setSearch('garden/#');
      expect(outline(rows)).to.deep.equal(['1 garden', '2 rain']);
    });

    it('says why a search that looks like a filter is not one', () => {
      const { rows } = sample();
      const search = rows.setSearch('home/#/temp');
      expect(search.error).to.match(/"#" must be the last level/);
      expect(outline(rows)).to.deep.equal([]);
    });

    it('drops removed topics from the rows', () => {
      const { tree, rows } = sample();
      rows.expandAll(tree.root);
      tree.add(message('garden/rain', ''));
      expect(outline(rows)).to.not.include('1 garden');
    });

    it('expands every sibling with expandSiblings (the * key)', () => {
      const { tree, rows } = sample();
      rows.setExpanded(tree.find('home')!, true);
      rows.expandSiblings(tree.find('home/hall')!);
      expect(outline(rows)).to.deep.equal([
        '1 garden',
        '1 home',
        '2 hall',
        '3 temp',
        '2 kitchen',
        '3 humidity',
        '3 temp',
      ]);
    });
  });

  describe('parseTopicSearch', () => {
    it('tells substrings from filters', () => {
      expect(parseTopicSearch('  ').kind).to.equal('all');
      expect(parseTopicSearch('kit').matches('home/Kitchen')).to.equal(true);
      expect(parseTopicSearch('+/kitchen').matches('home/kitchen')).to.equal(true);
      expect(parseTopicSearch('+/kitchen').matches('home/kitchen/temp')).to.equal(false);
      expect(parseTopicSearch('#').matches('$SYS/broker')).to.equal(false);
    });
  });

  describe('MessageRing', () => {
    it('keeps the newest items up to its capacity', () => {
      const ring = new MessageRing<number>(3);
      expect(ring.newest()).to.equal(undefined);
      for (let i = 1; i <= 7; i++) ring.push(i);
      expect(ring.toArray()).to.deep.equal([5, 6, 7]);
      expect([ring.size, ring.newest()]).to.deep.equal([3, 7]);
      expect(ring.resized(5).toArray()).to.deep.equal([5, 6, 7]);
    });

    it('holds one item, then many, at every capacity', () => {
      for (const capacity of [1, 2, 3, 20]) {
        const ring = new MessageRing<number>(capacity);
        ring.push(1);
        expect([ring.size, ring.newest(), ring.toArray()], `capacity ${capacity}, one item`).to.deep.equal([
          1,
          1,
          [1],
        ]);
        for (let i = 2; i <= 25; i++) {
          ring.push(i);
          const kept = Array.from(
            { length: Math.min(i, capacity) },
            (_, k) => i - Math.min(i, capacity) + 1 + k,
          );
          expect(
            [ring.size, ring.newest(), ring.toArray()],
            `capacity ${capacity}, ${i} items`,
          ).to.deep.equal([kept.length, i, kept]);
        }
      }
    });
  });

  describe('diffJson', () => {
    it('lists added, removed and changed paths', () => {
      const changes = diffJson(
        { temp: 21.5, mode: 'eco', readings: [1, 2], nested: { a: 1 } },
        { temp: 21.7, readings: [1, 3, 4], nested: { a: 1, b: true }, fan: 'on' },
      ).map(describeChange);
      expect(changes).to.deep.equal([
        '~ temp: 21.5 → 21.7',
        '~ readings[1]: 2 → 3',
        '+ readings[2]: 4',
        '+ nested.b: true',
        '+ fan: "on"',
        '- mode: "eco"',
      ]);
      expect(diffJson({ a: 1 }, { a: 1 })).to.deep.equal([]);
      expect(diffJson(1, 'x').map(describeChange)).to.deep.equal(['~ (value): 1 → "x"']);
    });

    it('stops at the limit', () => {
      const before = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
      const after = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i + 1]));
      expect(diffJson(before, after, 10)).to.have.length(10);
    });
  });

  describe('payload previews', () => {
    it('tells JSON, text, binary and empty apart', () => {
      expect(payloadKind(bytes('{"a":1}'), '{"a":1}')).to.equal('json');
      expect(payloadKind(bytes('{not json'), '{not json')).to.equal('text');
      expect(payloadKind(bytes('21.5'), '21.5')).to.equal('text');
      expect(payloadKind(new Uint8Array([0, 1, 2, 0xff]))).to.equal('binary');
      expect(payloadKind(new Uint8Array())).to.equal('empty');
    });

    it('does not call text binary when the sample cuts a character in two', () => {
      const text = 'é'.repeat(400); // 800 bytes; the 512-byte sample ends on a whole character
      expect(isBinary(bytes(`x${text}`))).to.equal(false);
    });

    it('shortens a row preview to one line and shows binary as hex', () => {
      expect(previewPayload(bytes('{\n  "a": 1\n}'))).to.equal('{ "a": 1 }');
      const long = previewPayload(bytes('x'.repeat(1_000_000)));
      expect(long).to.have.length(120);
      expect(long.endsWith('…')).to.equal(true);
      expect(previewPayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).to.equal('0x de ad be ef');
    });

    it('says ages in few words', () => {
      expect([formatAge(10), formatAge(12_000), formatAge(300_000), formatAge(3 * 3600_000)]).to.deep.equal([
        'now',
        '12 s',
        '5 min',
        '3 h',
      ]);
    });
  });
  describe('TypeAhead', () => {
    const names = ['alpha', 'beta', 'Bravo', 'charlie', 'beacon'];
    const at = (i: number) => names[i];

    it('moves to the next name starting with a typed character, wrapping around, in any case', () => {
      const typeAhead = new TypeAhead();
      expect(typeAhead.type('b', 0, names.length, 0, at)).to.equal(1);
      // The same character again cycles through the names starting with it.
      expect(typeAhead.type('b', 100, names.length, 1, at)).to.equal(2);
      expect(typeAhead.type('B', 200, names.length, 2, at)).to.equal(4);
      expect(typeAhead.type('b', 300, names.length, 4, at)).to.equal(1);
    });

    it('adds characters typed quickly into one prefix, and starts again after a pause', () => {
      const typeAhead = new TypeAhead(500);
      expect(typeAhead.type('b', 0, names.length, 0, at)).to.equal(1);
      // "be" still matches the row it is on before looking further.
      expect(typeAhead.type('e', 100, names.length, 1, at)).to.equal(1);
      expect(typeAhead.type('a', 200, names.length, 1, at)).to.equal(4);
      expect(typeAhead.typed).to.equal('bea');
      expect(typeAhead.type('x', 300, names.length, 4, at), 'no name starts with "beax"').to.equal(-1);
      // After a pause, a character is a new search.
      expect(typeAhead.type('c', 2000, names.length, 4, at)).to.equal(3);
      expect(typeAhead.active(2100)).to.equal(true);
      expect(typeAhead.active(2600)).to.equal(false);
    });
  });

  describe('RowWindow', () => {
    it('draws the rows in view plus a margin, and moves only when the view nears its edge', () => {
      const window = new RowWindow(10, 3);
      // 20 rows of 10 px in a 100 px view, at the top.
      expect(window.place(0, 100, 10, 1000)).to.deep.equal({ first: 0, end: 20 });
      // Scrolled by 3 rows: still covered (the view ends at row 13, the window at 20 with 3 to spare).
      expect(window.covers(30, 100, 10, 1000)).to.equal(true);
      expect(window.place(30, 100, 10, 1000)).to.deep.equal({ first: 0, end: 20 });
      // By 8 rows the view (rows 8–18) comes within 3 rows of the end: the window moves.
      expect(window.covers(80, 100, 10, 1000)).to.equal(false);
      expect(window.place(80, 100, 10, 1000)).to.deep.equal({ first: 0, end: 28 });
      // Fewer rows than before (a level closed): never beyond the last row.
      expect(window.place(80, 100, 10, 12)).to.deep.equal({ first: 0, end: 12 });
    });
  });

  describe('propertyLines', () => {
    it('lists each MQTT 5 property present, user properties last and in order', () => {
      const lines = propertyLines({
        userProperties: { unit: 'C', via: ['gateway-1', 'gateway-2'] },
        contentType: 'application/json',
        payloadFormatIndicator: true,
        messageExpiryInterval: 60,
        responseTopic: 'replies/1',
        correlationData: bytes('req-42'),
      });
      expect(lines.map((line) => [line.label, line.value, line.user])).to.deep.equal([
        ['Content type', 'application/json', false],
        ['Payload format', 'UTF-8 text', false],
        ['Expires in', '60 s (when the broker sent it)', false],
        ['Response topic', 'replies/1', false],
        ['Correlation data', 'req-42', false],
        ['unit', 'C', true],
        ['via', 'gateway-1', true],
        ['via', 'gateway-2', true],
      ]);
      expect(propertyLines({ correlationData: new Uint8Array([0, 1, 0xff]) })[0].value).to.equal(
        '0x 00 01 ff',
      );
      expect(propertyLines(undefined)).to.deep.equal([]);
    });
  });
});

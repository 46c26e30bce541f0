// The MQTT topic rules of section 4.7 (MQTT 3.1.1 and 5.0), checked against the spec's own examples.
import { expect } from '@open-wc/testing';
import {
  hasWildcard,
  publishTopicError,
  topicFilterError,
  topicMatchesFilter,
  wildcardValues,
} from '../../src/core/topic.js';

/** Quotes a topic for a test title, shortening the very long ones. */
function forTitle(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 20)}… (${text.length} chars)` : text);
}

/** [topic, filter, whether the topic matches the filter] */
type MatchCase = [string, string, boolean];

const specMatches: MatchCase[] = [
  // 4.7.1.2 multi-level wildcard
  ['sport/tennis/player1', 'sport/tennis/player1/#', true],
  ['sport/tennis/player1/ranking', 'sport/tennis/player1/#', true],
  ['sport/tennis/player1/score/wimbledon', 'sport/tennis/player1/#', true],
  ['sport/tennis/player2', 'sport/tennis/player1/#', false],
  ['sport', 'sport/#', true],
  ['sport', '#', true],
  ['sport/tennis', '#', true],
  // 4.7.1.3 single-level wildcard
  ['sport/tennis/player1', 'sport/tennis/+', true],
  ['sport/tennis/player2', 'sport/tennis/+', true],
  ['sport/tennis/player1/ranking', 'sport/tennis/+', false],
  ['sport', 'sport/+', false],
  ['sport/', 'sport/+', true],
  ['sport/tennis/player1', 'sport/+/player1', true],
  ['sport/tennis/player1/ranking', '+/tennis/#', true],
  ['/finance', '+/+', true],
  ['/finance', '/+', true],
  ['/finance', '+', false],
  // 4.7.2 topics beginning with $
  ['$SYS/monitor/Clients', '#', false],
  ['$SYS/monitor/Clients', '+/monitor/Clients', false],
  ['$SYS/monitor/Clients', '$SYS/#', true],
  ['$SYS/monitor/Clients', '$SYS/monitor/+', true],
  ['$SYS', '$SYS/#', true],
  ['$SYS', '+', false],
  // 4.7.3 topic semantics: case, spaces and a leading "/" all matter
  ['ACCOUNTS', 'Accounts', false],
  ['Accounts payable', 'Accounts payable', true],
  ['Accounts payable', '+', true],
  ['/finance', 'finance', false],
  ['finance', '/finance', false],
];

const edgeMatches: MatchCase[] = [
  // empty levels are levels like any other
  ['a//b', 'a/+/b', true],
  ['a//b', 'a/b', false],
  ['a//b', 'a//b', true],
  ['/', '/', true],
  ['/', '+/+', true],
  ['/', '+', false],
  ['/', '#', true],
  ['/', '/#', true],
  ['', '+', true],
  // trailing "/" adds an empty last level
  ['a/', 'a', false],
  ['a', 'a/', false],
  ['a/', 'a/', true],
  ['a/', 'a/#', true],
  ['a/', '+/+', true],
  // "#" needs a level boundary: it is not a prefix match
  ['ab', 'a/#', false],
  ['a/b/c', 'a/#', true],
  ['a/b/c', 'a/+', false],
  ['a/b/c', 'a/+/#', true],
  ['a/b', 'a/+/#', true],
  ['a', 'a/+/#', false],
  ['a/bc', 'a/b', false],
  ['a/b', 'a/bc', false],
  // "$" only matters at the start of the topic, and a "$" filter level is literal
  ['a/$SYS', 'a/+', true],
  ['$SYS', '$SYS', true],
  ['$', '$', true],
  ['$share/x', '#', false],
  ['x$/y', '+/y', true],
  // unicode, including characters outside the BMP
  ['家/温度', '家/+', true],
  ['家/温度', '+/温度', true],
  ['家/温度', '家/湿度', false],
  ['sensor/🌡️/value', 'sensor/+/value', true],
  ['café', 'cafe\u0301', false],
];

describe('topicMatchesFilter', () => {
  for (const [topic, filter, expected] of [...specMatches, ...edgeMatches]) {
    it(`${JSON.stringify(filter)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(topic)}`, () => {
      expect(topicFilterError(filter), 'the test filter itself is valid').to.equal(undefined);
      expect(topicMatchesFilter(topic, filter)).to.equal(expected);
      expect(wildcardValues(topic, filter) !== undefined).to.equal(expected);
    });
  }
});

describe('wildcardValues', () => {
  const cases: [string, string, string[] | undefined][] = [
    ['home/kitchen/temp', 'home/+/temp', ['kitchen']],
    ['home/kitchen/temp', '+/+/+', ['home', 'kitchen', 'temp']],
    ['a/b/c/d', '+/b/#', ['a', 'c/d']],
    ['a/b', 'a/#', ['b']],
    ['a', 'a/#', ['']],
    ['a/', 'a/+', ['']],
    ['a//c', 'a/+/+', ['', 'c']],
    ['x/y/z', '#', ['x/y/z']],
    ['a', 'a', []],
    ['sensor/🌡️/value', 'sensor/+/value', ['🌡️']],
    ['a/b', 'a/c/#', undefined],
    ['$SYS/x', '+/x', undefined],
    ['a', 'a/+', undefined],
  ];
  for (const [topic, filter, expected] of cases) {
    it(`of ${JSON.stringify(filter)} for ${JSON.stringify(topic)} is ${JSON.stringify(expected)}`, () => {
      expect(wildcardValues(topic, filter)).to.deep.equal(expected);
    });
  }
});

describe('hasWildcard', () => {
  it('is true for filters with "+" or "#" and false for plain topics', () => {
    expect(hasWildcard('a/+/c')).to.equal(true);
    expect(hasWildcard('a/#')).to.equal(true);
    expect(hasWildcard('#')).to.equal(true);
    expect(hasWildcard('a/b/c')).to.equal(false);
    expect(hasWildcard('$SYS/broker')).to.equal(false);
    expect(hasWildcard('/')).to.equal(false);
  });
});

describe('topicFilterError', () => {
  const valid = [
    '#',
    '+',
    '+/+',
    '/+',
    '/',
    '//',
    'a/',
    'sport/tennis/#',
    'sport/tennis/player1/#',
    'sport/+',
    'sport/+/player1',
    '+/tennis/#',
    '+/monitor/Clients',
    '$SYS/#',
    '$SYS/monitor/+',
    'Accounts payable',
    '家/温度/+',
    'sensor/🌡️/#',
    'a'.repeat(65535),
    '€'.repeat(21845),
    '🌡'.repeat(16383) + 'abc',
  ];
  for (const filter of valid) {
    it(`accepts ${forTitle(filter)}`, () => {
      expect(topicFilterError(filter)).to.equal(undefined);
    });
  }

  /** [filter, parts the message must contain] */
  const invalid: [string, string[]][] = [
    ['', ['cannot be empty', '"#"']],
    ['sport/tennis#', ['"sport/tennis#"', '"#" must fill a whole level', 'Did you mean "sport/tennis/#"?']],
    [
      'sport/tennis/#/ranking',
      ['"sport/tennis/#/ranking"', 'last level', '"sport/tennis/#"', '"sport/tennis/+/ranking"'],
    ],
    ['#/a', ['"#/a"', 'last level', '("#")', '"+/a"']],
    ['sport+', ['"sport+"', '"+" must fill a whole level', 'as in "a/+/c"', 'level 1 is "sport+"']],
    ['a/b+', ['"a/b+"', '"+" must fill a whole level, as in "a/+/c"', 'level 2 is "b+"']],
    ['a/+b/c', ['"a/+b/c"', '"+" must fill a whole level', 'level 2 is "+b"']],
    ['a/#b', ['"a/#b"', '"#" must fill a whole level', 'level 2 is "#b"']],
    ['a/b#/c', ['"a/b#/c"', '"#" must fill a whole level']],
    ['##', ['"##"', '"#" must fill a whole level']],
    ['++', ['"++"', '"+" must fill a whole level']],
    ['a\u0000b', ['"a\\u0000b"', 'NUL', 'remove it']],
    ['\u0000', ['NUL']],
    ['a'.repeat(65536), ['65536 bytes', 'at most 65535', 'shorter topic filter', '…"']],
    ['€'.repeat(21846), ['65538 bytes', 'at most 65535']],
    ['🌡'.repeat(16384), ['65536 bytes', 'at most 65535']],
  ];
  for (const [filter, parts] of invalid) {
    it(`rejects ${forTitle(filter)} saying what is wrong and how to fix it`, () => {
      const message = topicFilterError(filter);
      expect(message).to.be.a('string');
      for (const part of parts) expect(message).to.contain(part);
    });
  }

  it('keeps the message short for a very long filter', () => {
    expect(topicFilterError('x/'.repeat(40000))!.length).to.be.below(300);
  });

  it('does not hide the first error behind a later one', () => {
    expect(topicFilterError('a+/#/b')).to.contain('level 1 is "a+"');
  });
});

describe('publishTopicError', () => {
  const valid = [
    'home/lamp/set',
    '/',
    'a//b',
    'a/',
    '$SYS/custom',
    'Accounts payable',
    '家/温度',
    'sensor/🌡️',
    'a'.repeat(65535),
  ];
  for (const topic of valid) {
    it(`accepts ${forTitle(topic)}`, () => {
      expect(publishTopicError(topic)).to.equal(undefined);
    });
  }

  const invalid: [string, string[]][] = [
    ['', ['cannot be empty', 'such as']],
    ['home/+/set', ['"home/+/set"', 'contains "+"', 'only for subscribing', 'one exact topic']],
    ['home/#', ['"home/#"', 'contains "#"', 'only for subscribing']],
    ['sport+', ['"sport+"', 'only for subscribing']],
    ['a#b', ['"a#b"', 'only for subscribing']],
    ['a/\u0000', ['"a/\\u0000"', 'NUL', 'remove it']],
    ['a'.repeat(65536), ['65536 bytes', 'at most 65535', 'shorter publish topic']],
  ];
  for (const [topic, parts] of invalid) {
    it(`rejects ${forTitle(topic)} saying what is wrong and how to fix it`, () => {
      const message = publishTopicError(topic);
      expect(message).to.be.a('string');
      for (const part of parts) expect(message).to.contain(part);
    });
  }
});

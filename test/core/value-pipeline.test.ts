// The value pipeline: what a payload becomes on its way from the broker to the text an element shows.
import { expect } from '@open-wc/testing';
import {
  PayloadError,
  decodePayload,
  formatValue,
  mapValue,
  parseDuration,
  parseSelectPath,
  parseValueMap,
  selectValue,
} from '../../src/core/value-pipeline.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const TOPIC = 'home/temp';

function payloadError(run: () => unknown): PayloadError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(PayloadError);
    return error as PayloadError;
  }
  throw new Error('expected a PayloadError');
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  throw new Error('expected an Error');
}

describe('decodePayload', () => {
  describe('auto', () => {
    it('reads JSON when the payload is JSON', () => {
      expect(decodePayload(bytes('{"temp":21.5}'), 'auto', TOPIC)).to.deep.equal({ temp: 21.5 });
      expect(decodePayload(bytes(' [1,2] '), 'auto', TOPIC)).to.deep.equal([1, 2]);
      expect(decodePayload(bytes('21.5'), 'auto', TOPIC)).to.equal(21.5);
      expect(decodePayload(bytes('true'), 'auto', TOPIC)).to.equal(true);
      expect(decodePayload(bytes('null'), 'auto', TOPIC)).to.equal(null);
      expect(decodePayload(bytes('"quoted"'), 'auto', TOPIC)).to.equal('quoted');
    });

    it('falls back to text when the payload is not JSON', () => {
      expect(decodePayload(bytes('ON'), 'auto', TOPIC)).to.equal('ON');
      expect(decodePayload(bytes('{broken'), 'auto', TOPIC)).to.equal('{broken');
      expect(decodePayload(bytes('12 apples'), 'auto', TOPIC)).to.equal('12 apples');
      expect(decodePayload(bytes('truest'), 'auto', TOPIC)).to.equal('truest');
    });

    it('gives an empty string for an empty payload (a cleared retained message)', () => {
      expect(decodePayload(new Uint8Array(0), 'auto', TOPIC)).to.equal('');
      expect(decodePayload(new Uint8Array(0), 'text', TOPIC)).to.equal('');
    });
  });

  describe('text', () => {
    it('keeps emoji and non-Latin scripts intact', () => {
      const text = 'Température 🌡️ 温度 температура حرارة तापमान 👨‍👩‍👧';
      expect(decodePayload(bytes(text), 'text', TOPIC)).to.equal(text);
      expect(decodePayload(bytes(JSON.stringify({ name: text })), 'auto', TOPIC)).to.deep.equal({
        name: text,
      });
    });

    it('decodes invalid UTF-8 with replacement characters instead of failing', () => {
      const binary = new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0xc3, 0x28, 0x21]);
      const text = decodePayload(binary, 'text', TOPIC) as string;
      expect(text.startsWith('Hi')).to.equal(true);
      expect(text).to.include('\uFFFD');
      expect(text.endsWith('(!')).to.equal(true);
      expect(decodePayload(binary, 'auto', TOPIC)).to.equal(text);
    });

    it('decodes a 1 MiB payload', () => {
      const size = 1024 * 1024;
      const big = new Uint8Array(size).fill(0x61);
      const text = decodePayload(big, 'text', TOPIC) as string;
      expect(text.length).to.equal(size);
      const json = bytes(JSON.stringify({ data: 'x'.repeat(size) }));
      expect((decodePayload(json, 'auto', TOPIC) as { data: string }).data.length).to.equal(size);
      expect((decodePayload(big, 'hex', TOPIC) as string).length).to.equal(size * 3 - 1);
      expect((decodePayload(big, 'base64', TOPIC) as string).length).to.equal(Math.ceil(size / 3) * 4);
    });
  });

  describe('json', () => {
    it('parses JSON', () => {
      expect(decodePayload(bytes('{"a":[1,{"b":null}]}'), 'json', TOPIC)).to.deep.equal({
        a: [1, { b: null }],
      });
    });

    it('says which topic sent invalid JSON and what to do', () => {
      const error = payloadError(() => decodePayload(bytes('abc'), 'json', TOPIC));
      expect(error.step).to.equal('decode');
      expect(error.topic).to.equal(TOPIC);
      expect(error.message).to.match(
        /^Payload on "home\/temp" is not valid JSON \(.+\): check the publisher, or set as="text"\.$/,
      );
    });

    it('rejects an empty payload and binary data', () => {
      expect(payloadError(() => decodePayload(new Uint8Array(0), 'json', TOPIC)).message).to.include(
        'it is empty',
      );
      payloadError(() => decodePayload(new Uint8Array([0xff, 0x00, 0x80]), 'json', TOPIC));
    });

    it('keeps a long payload out of the message', () => {
      const error = payloadError(() => decodePayload(bytes('x'.repeat(10_000)), 'json', TOPIC));
      expect(error.message.length).to.be.lessThan(200);
    });
  });

  describe('number', () => {
    it('reads numeric text and trims it', () => {
      expect(decodePayload(bytes('21.5'), 'number', TOPIC)).to.equal(21.5);
      expect(decodePayload(bytes('  -3\n'), 'number', TOPIC)).to.equal(-3);
      expect(decodePayload(bytes('1e3'), 'number', TOPIC)).to.equal(1000);
      expect(decodePayload(bytes('.5'), 'number', TOPIC)).to.equal(0.5);
      expect(decodePayload(bytes('+7'), 'number', TOPIC)).to.equal(7);
    });

    it('rejects text that is not a plain decimal number', () => {
      const error = payloadError(() => decodePayload(bytes('banana'), 'number', 'home/x'));
      expect(error.step).to.equal('decode');
      expect(error.message).to.include('"banana" is not a number');
      expect(error.message).to.include('home/x');
      for (const bad of ['', '  ', '0x1f', 'Infinity', 'NaN', '1,5', '12 apples', '\u0661\u0662']) {
        payloadError(() => decodePayload(bytes(bad), 'number', TOPIC));
      }
      payloadError(() => decodePayload(new Uint8Array([0x31, 0xff]), 'number', TOPIC));
    });
  });

  describe('boolean', () => {
    it('accepts true/false, 1/0, on/off, yes/no in any case', () => {
      for (const word of ['true', 'TRUE', '1', 'on', 'On', 'yes', ' YES\n']) {
        expect(decodePayload(bytes(word), 'boolean', TOPIC), word).to.equal(true);
      }
      for (const word of ['false', 'False', '0', 'off', 'OFF', 'no', 'No']) {
        expect(decodePayload(bytes(word), 'boolean', TOPIC), word).to.equal(false);
      }
    });

    it('rejects anything else', () => {
      const error = payloadError(() => decodePayload(bytes('maybe'), 'boolean', TOPIC));
      expect(error.message).to.include('"maybe" is not a boolean');
      payloadError(() => decodePayload(bytes('2'), 'boolean', TOPIC));
      payloadError(() => decodePayload(new Uint8Array(0), 'boolean', TOPIC));
    });
  });

  describe('hex and base64', () => {
    it('gives lowercase spaced hex', () => {
      expect(decodePayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a]), 'hex', TOPIC)).to.equal(
        'de ad be ef 00 0a',
      );
      expect(decodePayload(new Uint8Array(0), 'hex', TOPIC)).to.equal('');
    });

    it('gives padded base64 equal to the browser encoder for every length', () => {
      const all = new Uint8Array(256).map((_, i) => i);
      for (let length = 0; length <= 10; length++) {
        const slice = all.subarray(250 - length, 250);
        expect(decodePayload(slice, 'base64', TOPIC)).to.equal(btoa(String.fromCharCode(...slice)));
      }
      expect(decodePayload(all, 'base64', TOPIC)).to.equal(btoa(String.fromCharCode(...all)));
      expect(decodePayload(bytes('hi 👋'), 'base64', TOPIC)).to.equal('aGkg8J+Riw==');
    });
  });

  it('rejects an unknown format from untyped callers', () => {
    const error = payloadError(() => decodePayload(bytes('x'), 'xml' as never, TOPIC));
    expect(error.message).to.include('Unknown payload format "xml"');
  });
});

describe('parseSelectPath', () => {
  it('reads dotted paths with brackets', () => {
    expect(parseSelectPath('temp')).to.deep.equal(['temp']);
    expect(parseSelectPath('data.readings[0].value')).to.deep.equal(['data', 'readings', 0, 'value']);
    expect(parseSelectPath('matrix[1][2]')).to.deep.equal(['matrix', 1, 2]);
    expect(parseSelectPath("['key with.dot'].x")).to.deep.equal(['key with.dot', 'x']);
    expect(parseSelectPath('a["say \\"hi\\""]')).to.deep.equal(['a', 'say "hi"']);
    expect(parseSelectPath('温度.値')).to.deep.equal(['温度', '値']);
    expect(parseSelectPath('$.data.temp')).to.deep.equal(['data', 'temp']);
    expect(parseSelectPath('$[0]')).to.deep.equal([0]);
  });

  it('reads JSON Pointers with ~0 and ~1 escapes', () => {
    expect(parseSelectPath('/data/readings/0/value')).to.deep.equal(['data', 'readings', '0', 'value']);
    expect(parseSelectPath('/a~1b/m~0n/~01')).to.deep.equal(['a/b', 'm~n', '~1']);
    expect(parseSelectPath('/')).to.deep.equal(['']);
  });

  it('selects the whole value for an empty path', () => {
    expect(parseSelectPath('')).to.deep.equal([]);
    expect(parseSelectPath('  ')).to.deep.equal([]);
    expect(parseSelectPath('$')).to.deep.equal([]);
  });

  it('points at the mistake in a malformed path', () => {
    for (const bad of ['a..b', 'a.', '.a', 'a[', 'a[x]', "a['x", "a['x'", 'a[0]b', '/a/~2']) {
      expect(thrown(() => parseSelectPath(bad)).message, bad).to.include('select=');
    }
  });
});

describe('selectValue', () => {
  const message = {
    data: { readings: [{ value: 21.5 }, { value: 22 }], 'key with.dot': 'dot' },
    ok: true,
    zero: 0,
  };

  it('follows a parsed path', () => {
    expect(selectValue(message, parseSelectPath('data.readings[1].value'), TOPIC)).to.equal(22);
    expect(selectValue(message, parseSelectPath("data['key with.dot']"), TOPIC)).to.equal('dot');
    expect(selectValue(message, parseSelectPath('/data/readings/0/value'), TOPIC)).to.equal(21.5);
    expect(selectValue(message, parseSelectPath('zero'), TOPIC)).to.equal(0);
    expect(selectValue(message, [], TOPIC)).to.equal(message);
  });

  it('accepts a path string for one-off calls', () => {
    expect(selectValue(message, 'data.readings[0].value', TOPIC)).to.equal(21.5);
  });

  it('returns falsy and null fields rather than treating them as missing', () => {
    expect(selectValue({ a: null, b: false, c: '' }, 'a', TOPIC)).to.equal(null);
    expect(selectValue({ a: null, b: false, c: '' }, 'b', TOPIC)).to.equal(false);
    expect(selectValue({ a: null, b: false, c: '' }, 'c', TOPIC)).to.equal('');
  });

  it('lists the available keys when a field is missing', () => {
    const error = payloadError(() =>
      selectValue({ data: { humidity: 40, pressure: 1013 } }, 'data.temp', 'home/x'),
    );
    expect(error.step).to.equal('select');
    expect(error.message).to.equal(
      '"data.temp" is not in the message on "home/x" ("data" has: humidity, pressure)',
    );
    const top = payloadError(() => selectValue({ humidity: 40, pressure: 1013 }, 'temp', 'home/x'));
    expect(top.message).to.equal('"temp" is not in the message on "home/x" (it has: humidity, pressure)');
  });

  it('explains a missing field under a list, a number, null or plain text', () => {
    expect(payloadError(() => selectValue({ r: [1, 2, 3] }, 'r[3]', TOPIC)).message).to.include(
      '"r" is a list of 3 items',
    );
    expect(payloadError(() => selectValue({ t: 5 }, 't.c', TOPIC)).message).to.include('"t" is a number');
    expect(payloadError(() => selectValue({ t: null }, 't.c', TOPIC)).message).to.include('"t" is null');
    expect(payloadError(() => selectValue('hello', 'temp', TOPIC)).message).to.include(
      'the message is text, not JSON',
    );
    expect(payloadError(() => selectValue({}, 'temp', TOPIC)).message).to.include('it is an empty object');
  });

  it('shortens a long list of keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    expect(payloadError(() => selectValue(wide, 'temp', TOPIC)).message).to.include('…and 18 more');
  });

  it('never reaches Object.prototype through __proto__, constructor or toString', () => {
    for (const path of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '__proto__.polluted',
      'constructor.prototype',
    ]) {
      expect(payloadError(() => selectValue({ a: 1 }, path, TOPIC)).step, path).to.equal('select');
    }
    payloadError(() => selectValue([1, 2], 'constructor', TOPIC));
    payloadError(() => selectValue({ a: 1 }, '/__proto__', TOPIC));
    payloadError(() => selectValue({ a: 1 }, "['__proto__']", TOPIC));
  });

  it('reads fields named __proto__ or constructor when the message itself has them', () => {
    const parsed = decodePayload(bytes('{"__proto__":{"x":1},"constructor":"mine"}'), 'json', TOPIC);
    expect(selectValue(parsed, '__proto__.x', TOPIC)).to.equal(1);
    expect(selectValue(parsed, 'constructor', TOPIC)).to.equal('mine');
    expect(({} as Record<string, unknown>)['x']).to.equal(undefined);
  });

  it('indexes arrays only with whole numbers in range', () => {
    payloadError(() => selectValue([1, 2], '/01', TOPIC));
    payloadError(() => selectValue([1, 2], '/-1', TOPIC));
    expect(selectValue([1, 2], '/1', TOPIC)).to.equal(2);
  });
});

describe('parseValueMap and mapValue', () => {
  it('maps values by their text', () => {
    const map = parseValueMap('{"1": "open", "0": "closed", "true": "yes", "ON": "💡 on", "null": "—"}');
    expect(mapValue(1, map)).to.equal('open');
    expect(mapValue('0', map)).to.equal('closed');
    expect(mapValue(true, map)).to.equal('yes');
    expect(mapValue('ON', map)).to.equal('💡 on');
    expect(mapValue(null, map)).to.equal('—');
  });

  it('passes unmapped values, objects and arrays through unchanged', () => {
    const map = parseValueMap('{"1": "open"}');
    expect(mapValue(2, map)).to.equal(2);
    expect(mapValue('on', map)).to.equal('on');
    const object = { 1: 'x' };
    expect(mapValue(object, map)).to.equal(object);
    const list = [1];
    expect(mapValue(list, map)).to.equal(list);
  });

  it('maps to any JSON value', () => {
    const map = parseValueMap('{"a": 1, "b": null, "c": {"d": true}}');
    expect(mapValue('a', map)).to.equal(1);
    expect(mapValue('b', map)).to.equal(null);
    expect(mapValue('c', map)).to.deep.equal({ d: true });
  });

  it('has no inherited entries', () => {
    const map = parseValueMap('{"1": "open"}');
    expect(mapValue('constructor', map)).to.equal('constructor');
    expect(mapValue('__proto__', map)).to.equal('__proto__');
    expect(mapValue('toString', map)).to.equal('toString');
    const own = parseValueMap('{"__proto__": "proto", "constructor": "ctor"}');
    expect(mapValue('__proto__', own)).to.equal('proto');
    expect(mapValue('constructor', own)).to.equal('ctor');
    expect(({} as Record<string, unknown>)['proto']).to.equal(undefined);
  });

  it('explains bad JSON and non-objects', () => {
    expect(thrown(() => parseValueMap('{1: "open"}')).message).to.match(/^The value map is not valid JSON/);
    expect(thrown(() => parseValueMap('[1, 2]')).message).to.include('it is a list');
    expect(thrown(() => parseValueMap('null')).message).to.include('it is null');
    expect(thrown(() => parseValueMap('"x"')).message).to.include('it is a string');
  });
});

describe('formatValue', () => {
  it('formats numbers for the locale', () => {
    expect(formatValue(1234.5, { locale: 'en-US' })).to.equal('1,234.5');
    expect(formatValue(1234.5, { locale: 'de-DE' })).to.equal('1.234,5');
    expect(formatValue(0.1 + 0.2, { locale: 'en-US' })).to.equal('0.30000000000000004');
    expect(formatValue(21.456, { locale: 'en-US', decimals: 1 })).to.equal('21.5');
    expect(formatValue(21, { locale: 'en-US', decimals: 2 })).to.equal('21.00');
    expect(formatValue(21.5, { locale: 'en-US', decimals: 0 })).to.equal('22');
    expect(formatValue(21.5, { locale: 'de-DE', decimals: 2 })).to.equal('21,50');
  });

  it('uses the locale digits of non-Latin scripts', () => {
    expect(formatValue(12.5, { locale: 'ar-EG', decimals: 1 })).to.equal('١٢٫٥');
    expect(formatValue(3, { locale: 'hi-IN-u-nu-deva' })).to.equal('३');
  });

  it('does not show negative zero', () => {
    expect(formatValue(-0.04, { locale: 'en-US', decimals: 1 })).to.equal('0.0');
    expect(formatValue(-0, { locale: 'en-US' })).to.equal('0');
    expect(formatValue(-1.25, { locale: 'en-US', decimals: 1 })).to.equal('-1.3');
  });

  it('applies decimals to numeric strings and leaves other strings alone', () => {
    expect(formatValue('21.456', { locale: 'en-US', decimals: 1 })).to.equal('21.5');
    expect(formatValue(' 7 ', { locale: 'en-US', decimals: 2 })).to.equal('7.00');
    expect(formatValue('21.456', { locale: 'en-US' })).to.equal('21.456');
    expect(formatValue('ON', { decimals: 1 })).to.equal('ON');
    expect(formatValue('1234', { locale: 'en-US' })).to.equal('1234');
  });

  it('formats other values', () => {
    expect(formatValue(true)).to.equal('true');
    expect(formatValue(false)).to.equal('false');
    expect(formatValue(null, { unit: ' °C' })).to.equal('');
    expect(formatValue(undefined)).to.equal('');
    expect(formatValue({ a: [1, 'é'], b: null })).to.equal('{"a":[1,"é"],"b":null}');
    expect(formatValue([1, 2])).to.equal('[1,2]');
    expect(formatValue('<b>bold</b>')).to.equal('<b>bold</b>');
    expect(formatValue('温度 🌡️')).to.equal('温度 🌡️');
  });

  it('appends the unit as given', () => {
    expect(formatValue(21.5, { locale: 'en-US', unit: ' °C' })).to.equal('21.5 °C');
    expect(formatValue(50, { locale: 'en-US', unit: '%' })).to.equal('50%');
    expect(formatValue('', { unit: ' °C' })).to.equal('');
    expect(formatValue(true, { unit: '!' })).to.equal('true!');
  });

  it('rejects invalid decimals and locales with a clear message', () => {
    expect(() => formatValue(1, { decimals: -1 })).to.throw(
      RangeError,
      'decimals must be a whole number from 0 to 20',
    );
    expect(() => formatValue(1, { decimals: 1.5 })).to.throw(RangeError);
    expect(() => formatValue(1, { decimals: 21 })).to.throw(RangeError);
    expect(() => formatValue(1, { locale: 'not a locale!' })).to.throw(
      RangeError,
      'is not a valid language tag',
    );
  });

  it('formats many messages quickly', () => {
    const start = performance.now();
    let text = '';
    for (let i = 0; i < 100_000; i++)
      text = formatValue(i / 7, { locale: 'en-US', decimals: 2, unit: ' °C' });
    expect(text).to.match(/ °C$/);
    // A fresh Intl.NumberFormat per call takes several seconds for this many; the cache keeps it well under.
    expect(performance.now() - start).to.be.lessThan(2000);
  });
});

describe('parseDuration', () => {
  it('reads durations with units', () => {
    expect(parseDuration('500ms')).to.equal(500);
    expect(parseDuration('30s')).to.equal(30_000);
    expect(parseDuration('10m')).to.equal(600_000);
    expect(parseDuration('2h')).to.equal(7_200_000);
    expect(parseDuration('1d')).to.equal(86_400_000);
    expect(parseDuration(' 1.5s ')).to.equal(1500);
    expect(parseDuration('10 S')).to.equal(10_000);
    expect(parseDuration('0ms')).to.equal(0);
  });

  it('reads a bare number as seconds', () => {
    expect(parseDuration('30')).to.equal(30_000);
    expect(parseDuration('0.25')).to.equal(250);
  });

  it('explains what it cannot read', () => {
    for (const bad of ['', 'soon', '-5s', '5 minutes', '1w', 's', '1e3s', '1.2.3s', `${'9'.repeat(400)}s`]) {
      expect(thrown(() => parseDuration(bad)).message, bad).to.include('is not a duration');
    }
  });
});

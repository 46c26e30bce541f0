// fillPayloadTemplate: a value placed into a JSON template is data, so the result is always the JSON the
// template's author meant, whatever characters the value holds.
import { expect } from '@open-wc/testing';
import { fillPayloadTemplate, payloadTemplateProblem } from '../../src/core/payload-template.js';

const awkward = 'say "hi" \\ {{value}} \n\t</script> ✓ \u2028';

describe('fillPayloadTemplate', () => {
  const jsonCases: [template: string, value: unknown, expected: unknown][] = [
    ['{"brightness": {{value}}}', 128, { brightness: 128 }],
    ['{"brightness": {{ value }}}', 0.5, { brightness: 0.5 }],
    ['{"on": {{value}}}', true, { on: true }],
    ['{"name": {{value}}}', awkward, { name: awkward }],
    ['{"name": "{{value}}"}', awkward, { name: awkward }],
    ['{"name": "{{value}}"}', 5, { name: '5' }],
    ['{"msg": "Lamp: {{value}} now", "n": 1}', awkward, { msg: `Lamp: ${awkward} now`, n: 1 }],
    ['{"a\\"{{value}}": {{value}}}', 1, { 'a"1': 1 }],
    ['[{{value}}, "{{value}}"]', 'x', ['x', 'x']],
    ['{"fields": {{value}}}', { a: [1, '"'] }, { fields: { a: [1, '"'] } }],
    ['{"missing": {{value}}, "text": "{{value}}"}', undefined, { missing: null, text: '' }],
    ['{"keep": "{x} {{other}}"}', 1, { keep: '{x} {{other}}' }],
  ];
  for (const [template, value, expected] of jsonCases) {
    it(`${template} with ${JSON.stringify(value)} gives valid JSON`, () => {
      const text = fillPayloadTemplate(template, value);
      expect(JSON.parse(text), text).to.deep.equal(expected);
    });
  }

  it('fills a text template with the value as text, every placeholder once', () => {
    expect(fillPayloadTemplate('level={{value}};again={{ value }}', 3)).to.equal('level=3;again=3');
    expect(fillPayloadTemplate('state: {{value}}', { on: true })).to.equal('state: {"on":true}');
    expect(fillPayloadTemplate('v={{value}}', undefined)).to.equal('v=');
    // Opening with a placeholder does not make it JSON.
    expect(fillPayloadTemplate('{{value}} %', 'ON')).to.equal('ON %');
  });

  it('does not expand placeholders that arrive inside the value', () => {
    expect(fillPayloadTemplate('{{value}}!', '{{value}}')).to.equal('{{value}}!');
    expect(JSON.parse(fillPayloadTemplate('{"v": "{{value}}"}', '{{value}}'))).to.deep.equal({
      v: '{{value}}',
    });
  });
});

describe('fillPayloadTemplate conversions and named values', () => {
  it('sends numbers unquoted whatever their source (zigbee2mqtt brightness, Tasmota Dimmer)', () => {
    expect(JSON.parse(fillPayloadTemplate('{"brightness": {{value|int}}}', '127.6'))).to.deep.equal({
      brightness: 128,
    });
    expect(JSON.parse(fillPayloadTemplate('{"t": {{value|float}}}', ' 21.5 '))).to.deep.equal({ t: 21.5 });
    expect(fillPayloadTemplate('{{value|int}}', 40.2)).to.equal('40');
  });

  it('turns on/off words into JSON booleans (Shelly RPC)', () => {
    const template = '{"method":"Switch.Set","params":{"id":0,"on":{{value|bool}}}}';
    expect(JSON.parse(fillPayloadTemplate(template, 'ON')).params.on).to.equal(true);
    expect(JSON.parse(fillPayloadTemplate(template, false)).params.on).to.equal(false);
  });

  it('fills other named values, such as a request id, and leaves unknown names alone', () => {
    const text = fillPayloadTemplate('{"id":{{id}},"src":"{{src}}","v":{{value}},"x":"{{other}}"}', 1, {
      id: 42,
      src: 'page-1',
    });
    expect(JSON.parse(text)).to.deep.equal({ id: 42, src: 'page-1', v: 1, x: '{{other}}' });
  });

  it('parses text as JSON with |json, and makes text of anything with |string', () => {
    expect(JSON.parse(fillPayloadTemplate('{"p": {{value|json}}}', '{"a":[1]}'))).to.deep.equal({
      p: { a: [1] },
    });
    expect(JSON.parse(fillPayloadTemplate('{"p": {{value|string}}}', 5))).to.deep.equal({ p: '5' });
  });

  it('refuses a value its conversion cannot take, saying which and why', () => {
    expect(() => fillPayloadTemplate('{"b": {{value|int}}}', 'dim')).to.throw(
      /\{\{value\|int\}\} cannot use "dim": it is not a number/,
    );
    expect(() => fillPayloadTemplate('{"b": {{value|int}}}', '')).to.throw(/it is empty/);
    expect(() => fillPayloadTemplate('{"on": {{value|bool}}}', 'maybe')).to.throw(/none of true\/false/);
    expect(() => fillPayloadTemplate('{"p": {{value|json}}}', '{oops')).to.throw(/not JSON/);
  });

  it('finds unknown conversions when the template is set', () => {
    expect(payloadTemplateProblem('{"b": {{value|int}}}')).to.equal(undefined);
    expect(payloadTemplateProblem('{"b": {{value|integer}}}')).to.match(/unknown conversion "integer"/);
    expect(payloadTemplateProblem('{"b": {{value | round(1)}}}')).to.match(/is not a placeholder/);
  });
});

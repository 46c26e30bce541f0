// fillPayloadTemplate: a value placed into a JSON template is data, so the result is always the JSON the
// template's author meant, whatever characters the value holds.
import { expect } from '@open-wc/testing';
import { fillPayloadTemplate } from '../../src/core/payload-template.js';

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

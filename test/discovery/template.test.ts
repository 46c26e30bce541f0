// The template evaluator as a table: template, payload, what Home Assistant renders.
import { expect } from '@open-wc/testing';
import { compileTemplate, payloadVariables, TemplateError } from '../../src/discovery/index.js';

const render = (template: string, payload: string, extra?: Record<string, unknown>) =>
  compileTemplate(template).render(payloadVariables(payload, extra));

const cases: [template: string, payload: string, result: string][] = [
  // Reading the payload.
  ['{{ value }}', 'ON', 'ON'],
  ['{{value}}', ' 21.5 ', ' 21.5 '],
  ['{{ value_json.temperature }}', '{"temperature": 21.5}', '21.5'],
  ['{{ value_json.a.b.c }}', '{"a":{"b":{"c":"deep"}}}', 'deep'],
  ["{{ value_json['x-y'] }}", '{"x-y": 3}', '3'],
  ['{{ value_json["with space"] }}', '{"with space": "ok"}', 'ok'],
  ['{{ value_json.list[1] }}', '{"list":[10,20,30]}', '20'],
  ['{{ value_json.list[-1] }}', '{"list":[10,20,30]}', '30'],
  ['{{ value_json.list.0 }}', '{"list":[10,20,30]}', '10'],
  ['{{ value_json[0].v }}', '[{"v":"first"}]', 'first'],
  ['{{ value_json.missing }}', '{}', ''],
  ['{{ value_json.on }}', '{"on":true}', 'True'],
  ['{{ value_json.off }}', '{"off":false}', 'False'],
  ['{{ value_json.nothing }}', '{"nothing":null}', 'None'],
  ['{{ value_json.obj }}', '{"obj":{"a":[1,"x"]}}', '{"a":[1,"x"]}'],
  ['{{ value_json }}', 'not json', ''],
  // Filters.
  ['{{ value | float }}', '21.5', '21.5'],
  ['{{ value | float * 2 }}', '21.5', '43'],
  ['{{ value | float(0) }}', 'n/a', '0'],
  ['{{ value | int }}', '21.9', '21'],
  ['{{ value | int }}', '-3.7', '-3'],
  ['{{ value | int(-1) }}', 'x', '-1'],
  ['{{ value | int(0, 16) }}', '0x1f', '31'],
  ['{{ value | round }}', '2.5', '3'],
  ['{{ value | round(1) }}', '2.25', '2.3'],
  ['{{ value | round(2) }}', '2.675', '2.68'],
  ["{{ value | round(0, 'floor') }}", '2.9', '2'],
  ["{{ value | round(0, 'ceil') }}", '2.1', '3'],
  ["{{ value | round(1, 'half') }}", '2.3', '2.5'],
  ['{{ (value | float / 10) | round(1) }}', '235', '23.5'],
  ['{{ value_json.x | default("n/a") }}', '{}', 'n/a'],
  ['{{ value_json.x | d("n/a") }}', '{}', 'n/a'],
  ['{{ value_json.x | default("n/a") }}', '{"x":""}', ''],
  ['{{ value_json.x | default("n/a", true) }}', '{"x":""}', 'n/a'],
  ['{{ value | lower }}', 'ON', 'on'],
  ['{{ value | upper }}', 'on', 'ON'],
  ['{{ value_json.b | lower }}', '{"b":true}', 'true'],
  ['{{ value_json.x | is_defined }}', '{"x":5}', '5'],
  ['{{ value | trim | capitalize }}', '  hello WORLD ', 'Hello world'],
  ['{{ value | title }}', 'living room', 'Living Room'],
  ['{{ value | replace("_", " ") }}', 'a_b_c', 'a b c'],
  ['{{ value_json.l | length }}', '{"l":[1,2,3]}', '3'],
  ['{{ value_json.l | join(", ") }}', '{"l":[1,2,3]}', '1, 2, 3'],
  ['{{ value_json.l | first }}-{{ value_json.l | last }}', '{"l":[1,2,3]}', '1-3'],
  ['{{ value_json.l | max }}', '{"l":[4,9,2]}', '9'],
  ['{{ value_json | tojson }}', '{"a":1}', '{"a":1}'],
  ['{{ (value | from_json).a }}', '{"a":7}', '7'],
  ['{{ value | abs }}', '-4', '4'],
  ['{{ value | bool }}', 'on', 'True'],
  ['{{ value | is_number }}', '12.5', 'True'],
  ['{{ value | string ~ "!" }}', 'x', 'x!'],
  // Arithmetic and comparison.
  ['{{ 7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }}', '', '3 2 1024 3.5'],
  ['{{ 1 + 2 * 3 - 4 }}', '', '3'],
  ['{{ (1 + 2) * 3 }}', '', '9'],
  ['{{ -value_json.x }}', '{"x":4}', '-4'],
  ['{{ "a" ~ 1 ~ true }}', '', 'a1True'],
  ['{{ "ab" + "cd" }}', '', 'abcd'],
  ['{{ "ab" * 3 }}', '', 'ababab'],
  ['{{ value_json.t > 20 }}', '{"t":21}', 'True'],
  ['{{ 1 < value_json.t <= 30 }}', '{"t":21}', 'True'],
  ['{{ value == "ON" }}', 'ON', 'True'],
  ['{{ value != "ON" }}', 'ON', 'False'],
  ['{{ value_json.s in ["a", "b"] }}', '{"s":"b"}', 'True'],
  ['{{ "temp" in value_json }}', '{"temp":1}', 'True'],
  ['{{ "x" not in value_json }}', '{"temp":1}', 'True'],
  ['{{ "ell" in value }}', 'hello', 'True'],
  ['{{ true == 1 }}', '', 'True'],
  ['{{ value_json.a and value_json.b }}', '{"a":1,"b":2}', '2'],
  ['{{ value_json.a or "fallback" }}', '{"a":0}', 'fallback'],
  ['{{ not value_json.a }}', '{"a":[]}', 'True'],
  // Tests.
  ['{{ value_json.x is defined }}', '{"x":1}', 'True'],
  ['{{ value_json.y is not defined }}', '{"x":1}', 'True'],
  ['{{ value_json.x is number }}', '{"x":1}', 'True'],
  ['{{ value_json.x is string }}', '{"x":1}', 'False'],
  ['{{ value_json.x is none }}', '{"x":null}', 'True'],
  ['{{ value_json.x is mapping }}', '{"x":{}}', 'True'],
  ['{{ value_json.x is even }}', '{"x":4}', 'True'],
  ['{{ value_json.x is eq 4 }}', '{"x":4}', 'True'],
  // Conditions.
  ["{{ 'on' if value_json.power > 0 else 'off' }}", '{"power":5}', 'on'],
  ["{{ 'on' if value_json.power > 0 else 'off' }}", '{"power":0}', 'off'],
  ["{{ 'on' if value_json.power > 0 }}", '{"power":0}', ''],
  ['{% if value_json.state == "ON" %}on{% else %}off{% endif %}', '{"state":"ON"}', 'on'],
  [
    '{% if value_json.t < 0 %}frost{% elif value_json.t < 20 %}cool{% else %}warm{% endif %}',
    '{"t":12}',
    'cool',
  ],
  [
    '{% if value_json.t < 0 %}frost{% elif value_json.t < 20 %}cool{% else %}warm{% endif %}',
    '{"t":25}',
    'warm',
  ],
  ['{% if value_json.a %}{% if value_json.b %}ab{% else %}a{% endif %}{% endif %}', '{"a":1,"b":0}', 'a'],
  ['a {%- if true %} b {% endif -%} c', '', 'a b c'],
  ['x{# a comment #}y', '', 'xy'],
  // Functions and methods.
  ['{{ float(value) + 1 }}', '1.5', '2.5'],
  ['{{ int(value_json.x, 0) }}', '{"x":"?"}', '0'],
  ['{{ min(3, 1, 2) }} {{ max([3, 1, 2]) }}', '', '1 3'],
  ["{{ iif(value_json.on, 'yes', 'no') }}", '{"on":false}', 'no'],
  ['{{ value.split(",")[1] }}', 'a,b,c', 'b'],
  ['{{ value.split()[0] }}', ' first  second ', 'first'],
  ['{{ value.lower() }}/{{ value.upper() }}', 'Ab', 'ab/AB'],
  ['{{ value.strip() }}', '  x  ', 'x'],
  ["{{ value.startswith('ab') }}", 'abc', 'True'],
  ["{{ value_json.get('x', 'none') }}", '{}', 'none'],
  ["{{ value_json.get('x') }}", '{"x":3}', '3'],
  // Text around outputs.
  ['Power: {{ value_json.p }} W', '{"p":12}', 'Power: 12 W'],
  ['{"state": "{{ value }}"}', 'ON', '{"state": "ON"}'],
];

describe('template evaluator: template → payload → result', () => {
  for (const [template, payload, result] of cases) {
    it(`${template} with ${JSON.stringify(payload)} gives ${JSON.stringify(result)}`, () => {
      expect(render(template, payload)).to.equal(result);
    });
  }

  it('gives command templates their variables', () => {
    expect(compileTemplate('{"brightness": {{ value | int }}}').render({ value: 127.6 })).to.equal(
      '{"brightness": 127}',
    );
    expect(compileTemplate('{{ position }}').render({ position: 40 })).to.equal('40');
  });

  it('knows when a template only reads one field, for a widget to select it', () => {
    expect(compileTemplate('{{ value }}').fieldPath).to.deep.equal([]);
    expect(compileTemplate('{{ value_json.a.b }}').fieldPath).to.deep.equal(['a', 'b']);
    expect(compileTemplate(" {{ value_json['x-y'][0] }} ").fieldPath).to.deep.equal(['x-y', 0]);
    expect(compileTemplate('{{ value_json.a | float }}').fieldPath).to.equal(undefined);
    expect(compileTemplate('{{ value_json[value] }}').fieldPath).to.equal(undefined);
    expect(compileTemplate('T: {{ value_json.a }}').fieldPath).to.equal(undefined);
  });

  const failures: [template: string, payload: string, message: RegExp][] = [
    ['{{ value | float }}', 'abc', /float: text "abc" is not a number, and no default was given/],
    ['{{ value | int }}', '', /int: text "" is not a whole number/],
    ['{{ value_json.a.b }}', '{}', /value_json.a is not defined, so value_json.a.b cannot be read/],
    ['{{ value_json.a | float }}', '{}', /\|float: value_json.a is not defined/],
    ['{{ value_json.a | is_defined }}', '{}', /is_defined: value_json.a is not defined/],
    ['{{ value + 1 }}', '5', /"\+" needs numbers, not text "5" \(convert it with \|float or \|int\)/],
    ['{{ 1 / 0 }}', '', /Division by zero/],
    ['{{ value_json.a < "x" }}', '{"a":1}', /Cannot compare number 1 with text "x"/],
    ['{{ value', '', /"{{" at character 1 is never closed with "}}"/],
    ['{{ "abc }}', '', /never closed/],
    ['{% if value %}x', '', /never closed with "{% endif %}"/],
    ['{% endif %}', '', /has no "{% if %}" before it/],
    ['{% if 1 %}a{% else %}b{% elif 2 %}c{% endif %}', '', /must be the last branch/],
    ['{{ value ) }}', '', /Unexpected "\)"/],
    ['{{ }}', '', /ends too early/],
    ['{{ value $ 1 }}', '', /Unexpected character "\$"/],
  ];
  for (const [template, payload, message] of failures) {
    it(`${template} with ${JSON.stringify(payload)} fails saying why`, () => {
      expect(() => render(template, payload)).to.throw(TemplateError, message);
    });
  }

  const unsupported: [template: string, part: string][] = [
    ['{% for x in value_json %}{{ x }}{% endfor %}', '{% for %}'],
    ['{% set x = 1 %}{{ x }}', '{% set %}'],
    ['{% macro m() %}{% endmacro %}', '{% macro %}'],
    ['{{ value | regex_replace("a", "b") }}', '|regex_replace'],
    ['{{ value | timestamp_local }}', '|timestamp_local'],
    ['{{ now() }}', 'now()'],
    ['{{ states("sensor.x") }}', 'states()'],
    ['{{ value_json.items() }}', '.items()'],
    ['{{ {"a": 1} }}', 'dict literal'],
    ['{{ value[1:3] }}', 'slice'],
    ['{{ (1, 2) }}', 'tuple'],
    ['{{ value is divisibleby 3 }}', 'is divisibleby'],
    ['{{ value | float(default=0) }}', 'keyword argument'],
  ];
  for (const [template, part] of unsupported) {
    it(`${template} is refused, naming ${part}`, () => {
      try {
        render(template, '{"a":1}');
        expect.fail('rendered');
      } catch (err) {
        expect(err).to.be.instanceOf(TemplateError);
        expect((err as TemplateError).unsupported).to.equal(part);
        expect((err as TemplateError).message).to.contain('not supported');
      }
    });
  }
});

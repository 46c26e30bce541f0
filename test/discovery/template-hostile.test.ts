// Templates written to escape or to exhaust: none reaches an object's internals, a function or a global,
// and each one stops within its bounds with a TemplateError.
import { expect } from '@open-wc/testing';
import {
  compileTemplate,
  payloadVariables,
  templateLimits,
  TemplateError,
} from '../../src/discovery/index.js';

const render = (template: string, payload = '{}') =>
  compileTemplate(template).render(payloadVariables(payload));

describe('template evaluator: hostile templates', () => {
  it('never reads a prototype, a constructor or a dunder name', () => {
    expect(render('{{ value_json.constructor }}')).to.equal('');
    expect(render("{{ value_json['constructor'] }}")).to.equal('');
    expect(render('{{ value_json.toString }}')).to.equal('');
    expect(render("{{ value_json['hasOwnProperty'] }}")).to.equal('');
    expect(render("{{ value['constructor'] }}", '"x"')).to.equal('');
    expect(render('{{ value.length }}', 'abc')).to.equal('');
    expect(render("{{ value_json.l['map'] }}", '{"l":[1]}')).to.equal('');
    for (const template of ['{{ value.__class__ }}', '{{ value_json.__proto__ }}', '{{ x.__globals__ }}']) {
      expect(() => render(template), template).to.throw(
        TemplateError,
        /names starting with "__" are not readable/,
      );
    }
    // A JSON key called __proto__ is plain data, read only with bracket syntax.
    expect(render("{{ value_json['__proto__'].a }}", '{"__proto__":{"a":"data"}}')).to.equal('data');
  });

  it('calls nothing but its own whitelist', () => {
    for (const template of [
      '{{ constructor("return 1")() }}',
      '{{ value_json.constructor.constructor("alert(1)")() }}',
      '{{ eval("1") }}',
      '{{ Function("x") }}',
      '{{ value.constructor() }}',
      '{{ value_json.toString() }}',
      '{{ value_json.hasOwnProperty("a") }}',
      '{{ value.valueOf() }}',
      '{{ (value | lower)() }}',
      '{{ cycler() }}',
      '{{ range(10) }}',
    ]) {
      expect(() => render(template, '{"a":1}'), template).to.throw(TemplateError);
    }
    expect(() => render('{{ value | constructor }}')).to.throw(
      TemplateError,
      /"\|constructor" is not supported/,
    );
    expect(() => render('{{ value is constructor }}')).to.throw(
      TemplateError,
      /"is constructor" is not supported/,
    );
  });

  it('refuses a template longer than the limit before reading it', () => {
    const long = `{{ value }}${' '.repeat(templateLimits.maxLength)}`;
    expect(() => compileTemplate(long)).to.throw(TemplateError, /characters long; at most 4096/);
  });

  it('refuses nesting deeper than the limit, in brackets, in blocks and in chains', () => {
    const brackets = `{{ ${'('.repeat(200)}1${')'.repeat(200)} }}`;
    expect(() => compileTemplate(brackets)).to.throw(TemplateError, /nested more than 32 deep/);
    const nots = `{{ ${'not '.repeat(100)}1 }}`;
    expect(() => compileTemplate(nots)).to.throw(TemplateError, /nested more than/);
    const blocks = `${'{% if 1 %}'.repeat(40)}x${'{% endif %}'.repeat(40)}`;
    expect(() => compileTemplate(blocks)).to.throw(TemplateError, /Blocks are nested more than 32 deep/);
    const chain = `{{ ${Array(1000).fill('1').join(' + ')} }}`;
    expect(() => compileTemplate(chain)).to.throw(TemplateError, /nested more than 128 levels/);
    const lists = `{{ ${'['.repeat(100)}${']'.repeat(100)} }}`;
    expect(() => compileTemplate(lists)).to.throw(TemplateError, /nested more than/);
  });

  it('bounds the size of what a template builds', () => {
    expect(() => render('{{ "x" * 100000000 }}')).to.throw(TemplateError, /longer than 65536 characters/);
    expect(() => render('{{ ("ab" * 30000) ~ ("ab" * 30000) }}')).to.throw(TemplateError, /longer than/);
    const big = JSON.stringify({ s: 'y'.repeat(40000) });
    expect(() => render('{{ value_json.s }}{{ value_json.s }}', big)).to.throw(TemplateError, /longer than/);
    expect(() => render('{{ value.replace("y", "yyyyyyyyyy") }}', 'y'.repeat(20000))).to.throw(TemplateError);
    expect(() => render('{{ value | replace("", "x") }}', 'abc')).to.throw(
      TemplateError,
      /must not be empty/,
    );
  });

  it('bounds the steps of one evaluation', () => {
    // Within the length limit, many short outputs each cost steps; the limit stops none of the
    // supported templates above, and stops work that would be unbounded if loops existed.
    const outputs = '{{1}}'.repeat(800);
    expect(render(outputs)).to.equal('1'.repeat(800));
    expect(templateLimits.maxSteps).to.be.greaterThan(800 * 2);
  });

  it('treats markup in payloads as text', () => {
    expect(render('{{ value_json.n }}', '{"n":"<img src=x onerror=alert(1)>"}')).to.equal(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('survives payloads that are not JSON, huge numbers and odd characters', () => {
    expect(render('{{ value_json | default("none") }}', '{not json')).to.equal('none');
    expect(() => render('{{ value_json.a }}', '{not json')).to.throw(
      TemplateError,
      /the payload is not JSON/,
    );
    expect(render('{{ value | float * 10 }}', '1e308')).to.equal('inf');
    expect(render('{{ value | lower }}', '\u0000\uffff')).to.equal('\u0000\uffff');
  });
});

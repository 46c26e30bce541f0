// Configs from anyone who can publish: each problem stays with its entity, bounded and explained.
import { expect } from '@open-wc/testing';
import { configLimits, EntityTable } from '../../src/discovery/index.js';

function applyOne(topic: string, payload: string) {
  const table = new EntityTable();
  table.apply(topic, payload);
  return { table, entity: table.entities[0]! };
}

describe('EntityTable: hostile configs', () => {
  it('reports a payload that is not JSON or not an object, on that entity', () => {
    expect(applyOne('homeassistant/sensor/a/config', '{nope').entity.problems[0]).to.match(/not JSON/);
    expect(applyOne('homeassistant/sensor/a/config', '[1,2]').entity.problems[0]).to.match(
      /must be a JSON object/,
    );
    expect(applyOne('homeassistant/device/d/config', '"x"').entity.problems[0]).to.match(
      /must be a JSON object/,
    );
  });

  it('keeps __proto__ and constructor keys as plain data, touching no prototype', () => {
    const { entity } = applyOne(
      'homeassistant/sensor/a/config',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"stat_t":"s","name":"x"}',
    );
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.getPrototypeOf(entity.options)).to.equal(null);
    expect(entity.options.state_topic).to.equal('s');
    expect(entity.problems).to.deep.equal([]);
  });

  it('refuses absurdly large and deeply nested configs', () => {
    const big = JSON.stringify({ stat_t: 's', name: 'x'.repeat(configLimits.maxPayloadBytes) });
    expect(applyOne('homeassistant/sensor/a/config', big).entity.problems[0]).to.match(
      /at most 65536 are read/,
    );
    const deep = `{"stat_t":"s","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(applyOne('homeassistant/sensor/a/config', deep).entity.problems[0]).to.match(
      /nested more than 16 levels/,
    );
  });

  it('clips long names and keeps markup as text', () => {
    const { entity } = applyOne(
      'homeassistant/sensor/a/config',
      JSON.stringify({ stat_t: 's', name: `<img src=x onerror=alert(1)>${'n'.repeat(500)}` }),
    );
    expect(entity.name.startsWith('<img src=x onerror=alert(1)>')).to.equal(true);
    expect(entity.name.length).to.equal(configLimits.maxNameLength + 1);
  });

  it('reports wildcards and bad topics where one topic is required', () => {
    const { entity } = applyOne(
      'homeassistant/switch/a/config',
      JSON.stringify({ stat_t: 'home/+/state', cmd_t: 'home/#', avty_t: 'x/+' }),
    );
    expect(entity.problems.join('\n')).to.match(/state_topic "home\/\+\/state": a wildcard is not allowed/);
    expect(entity.problems.join('\n')).to.match(/command_topic "home\/#"/);
    expect(entity.problems.join('\n')).to.match(/availability topic "x\/\+"/);
    const untyped = applyOne('homeassistant/sensor/b/config', JSON.stringify({ stat_t: 42 })).entity;
    expect(untyped.problems).to.include('state_topic must be a topic.');
  });

  it('reports a missing required option and both availability forms at once', () => {
    expect(applyOne('homeassistant/sensor/a/config', '{"name":"x"}').entity.problems).to.include(
      'state_topic is required for a sensor.',
    );
    expect(
      applyOne('homeassistant/sensor/a/config', '{"stat_t":"s","avty_t":"a","avty":[{"t":"b"}]}').entity
        .problems,
    ).to.include('availability_topic and availability are both set; Home Assistant allows only one of them.');
  });

  it('reports a template outside the subset, naming the part, on that entity only', () => {
    const table = new EntityTable();
    table.apply('homeassistant/sensor/a/config', JSON.stringify({ stat_t: 's', val_tpl: '{{ now() }}' }));
    table.apply('homeassistant/sensor/b/config', JSON.stringify({ stat_t: 's', val_tpl: '{{ value }}' }));
    expect(table.get('sensor//a')!.problems).to.deep.equal([
      'value_template: The function "now()" is not supported.',
    ]);
    expect(table.get('sensor//b')!.problems).to.deep.equal([]);
  });

  it('stops at its entity limit and counts what it left out', () => {
    const table = new EntityTable();
    const components: Record<string, unknown> = {};
    for (let i = 0; i < configLimits.maxComponents; i++)
      components[`c${i}`] = { p: 'sensor', stat_t: `s/${i}` };
    const devices = Math.ceil(configLimits.maxEntities / configLimits.maxComponents) + 1;
    for (let d = 0; d < devices; d++) {
      table.apply(
        `homeassistant/device/d${d}/config`,
        JSON.stringify({ dev: { ids: `d${d}` }, cmps: components }),
      );
    }
    expect(table.size).to.equal(configLimits.maxEntities);
    expect(table.dropped).to.equal(devices * configLimits.maxComponents - configLimits.maxEntities);
  });

  it('refuses a device config with more components than allowed, or none', () => {
    const components: Record<string, unknown> = {};
    for (let i = 0; i <= configLimits.maxComponents; i++) components[`c${i}`] = { p: 'sensor', stat_t: 's' };
    expect(
      applyOne('homeassistant/device/d/config', JSON.stringify({ cmps: components })).entity.problems[0],
    ).to.match(/at most 256 are read/);
    expect(applyOne('homeassistant/device/d/config', '{"dev":{"ids":"d"}}').entity.problems[0]).to.match(
      /needs "components"/,
    );
    expect(
      applyOne('homeassistant/device/d/config', '{"cmps":{"x":{"stat_t":"s"}}}').entity.problems[0],
    ).to.match(/has no platform/);
  });
});

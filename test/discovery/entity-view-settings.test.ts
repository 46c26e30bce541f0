// The small decisions between a config and a widget: which templates become a widget's `select`, how
// payloads compare, and which entities a filter keeps.
import { expect } from '@open-wc/testing';
import { EntityTable } from '../../src/discovery/index.js';
import { entityFilter } from '../../src/elements/mqtt-discovery/entity-filter.js';
import { selectFor, widgetText } from '../../src/elements/mqtt-discovery-entity/widget-settings.js';

describe('selectFor: templates a widget can follow itself', () => {
  const cases: [template: unknown, select: string | undefined | null][] = [
    [undefined, undefined],
    ['', undefined],
    ['{{ value }}', ''],
    ['{{ value_json.state }}', '/state'],
    ["{{value_json['ENERGY']['Power']}}", '/ENERGY/Power'],
    ['{{ value_json["a/b"]["c~d"] }}', '/a~1b/c~0d'],
    ['{{ value_json.list[2] }}', '/list/2'],
    ['{{ value_json.state | lower }}', null],
    ["{{ 'ON' if value_json.on else 'OFF' }}", null],
    ['{% if value_json.x %}on{% endif %}', null],
  ];
  for (const [template, select] of cases) {
    it(`${JSON.stringify(template)} → ${JSON.stringify(select)}`, () => {
      expect(selectFor(template)).to.equal(select);
    });
  }

  it('compares payloads as a widget reads a selected JSON value', () => {
    expect(widgetText(true)).to.equal('true');
    expect(widgetText('ON')).to.equal('ON');
    expect(widgetText(1)).to.equal('1');
    expect(widgetText({ state: 'ON' })).to.equal('{"state":"ON"}');
  });
});

describe('entityFilter', () => {
  const table = new EntityTable();
  const add = (topic: string, config: object) => table.apply(topic, JSON.stringify(config));
  add('homeassistant/sensor/a/t/config', {
    stat_t: 's',
    uniq_id: 'a_temp',
    dev: { ids: 'kitchen-1', name: 'Kitchen' },
  });
  add('homeassistant/switch/a/p/config', {
    cmd_t: 'c',
    uniq_id: 'a_plug',
    dev: { ids: 'kitchen-1', name: 'Kitchen' },
  });
  add('homeassistant/sensor/b/t/config', {
    stat_t: 's',
    uniq_id: 'b_temp',
    dev: { ids: 'hall-2', name: 'Hall' },
  });
  add('homeassistant/button/b/r/config', { cmd_t: 'c', dev: { ids: 'hall-2', name: 'Hall' } });
  const kept = (settings: Parameters<typeof entityFilter>[0]) =>
    table.entities.filter(entityFilter(settings)).map((e) => e.uniqueId ?? e.key);

  it('keeps everything without settings', () => {
    expect(kept({})).to.have.length(4);
  });
  it('by components, separated by spaces or commas', () => {
    expect(kept({ component: 'switch, button' })).to.deep.equal(['button/b/r', 'a_plug']);
  });
  it('by device name or identifier, case-insensitive, with wildcards', () => {
    expect(kept({ device: 'kitchen' })).to.deep.equal(['a_plug', 'a_temp']);
    expect(kept({ device: 'HALL-*' })).to.deep.equal(['button/b/r', 'b_temp']);
  });
  it('by a unique-id pattern; entities without one never match it', () => {
    expect(kept({ uniqueId: '*_temp' })).to.deep.equal(['b_temp', 'a_temp']);
    expect(kept({ uniqueId: '?_plug' })).to.deep.equal(['a_plug']);
    expect(kept({ uniqueId: 'a.plug' }), 'a dot is literal').to.deep.equal([]);
  });
});

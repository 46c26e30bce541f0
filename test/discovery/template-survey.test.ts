// The evaluator against every template site of zigbee2mqtt's, Tasmota's and ESPHome's discovery code:
// each supported one renders what Home Assistant renders, each other one fails naming what it uses.
import { expect } from '@open-wc/testing';
import { compileTemplate, payloadVariables, TemplateError } from '../../src/discovery/index.js';
import { surveyedTemplates, type SurveyedTemplate } from './fixtures/surveyed-templates.js';

function render(entry: SurveyedTemplate): string {
  const variables =
    entry.payload !== undefined ? payloadVariables(entry.payload, entry.variables) : (entry.variables ?? {});
  return compileTemplate(entry.template).render(variables).trim();
}

describe('template survey: zigbee2mqtt, Tasmota and ESPHome discovery templates', () => {
  for (const entry of surveyedTemplates) {
    if (entry.unsupported) {
      it(`${entry.project} ${entry.where}: refused, naming ${entry.unsupported}`, () => {
        let error: unknown;
        try {
          render(entry);
        } catch (err) {
          error = err;
        }
        expect(error).to.be.instanceOf(TemplateError);
        expect((error as TemplateError).unsupported).to.equal(entry.unsupported);
        expect((error as TemplateError).message).to.contain('not supported');
      });
    } else {
      it(`${entry.project} ${entry.where}: renders ${JSON.stringify(entry.result)}`, () => {
        expect(render(entry)).to.equal(entry.result);
      });
    }
  }

  it('reports the share of template sites the subset handles, per project', () => {
    const lines: string[] = [];
    for (const project of ['zigbee2mqtt', 'Tasmota', 'ESPHome', undefined] as const) {
      const sites = surveyedTemplates.filter((entry) => !project || entry.project === project);
      const handled = sites.filter((entry) => !entry.unsupported).length;
      lines.push(
        `${project ?? 'all'}: ${handled}/${sites.length} (${Math.round((100 * handled) / sites.length)} %)`,
      );
    }
    console.log(`Template survey: ${lines.join(', ')}`);
    expect(surveyedTemplates.length).to.be.greaterThan(50);
  });
});

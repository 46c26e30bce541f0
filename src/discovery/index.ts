// Home Assistant MQTT discovery, without a DOM: configs, the entity table and the template evaluator.
export { entityAbbreviations, deviceAbbreviations, originAbbreviations } from './abbreviations.js';
export {
  componentDefaults,
  isSupportedComponent,
  supportedComponents,
  type SupportedComponent,
} from './component-defaults.js';
export { configLimits } from './config-limits.js';
export { configFilters, parseConfigTopic, type ConfigTopic } from './discovery-topic.js';
export {
  decodeConfigPayload,
  payloadText,
  readEntity,
  type Availability,
  type AvailabilitySource,
  type DeviceInfo,
  type DiscoveredEntity,
  type Options,
} from './entity-config.js';
export { EntityTable, type DeviceGroup, type TableChange } from './entity-table.js';
export {
  compileTemplate,
  payloadVariables,
  templateLimits,
  TemplateError,
  templateProblem,
  type CompiledTemplate,
  type TemplateVariables,
} from './template/template.js';

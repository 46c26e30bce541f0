// Reads one discovery config as Home Assistant reads it: JSON object, abbreviations expanded (also in
// `device`, `origin` and each `availability` entry), `~` replaced in topic options, component defaults
// filled in, topics and templates checked. What is wrong is collected per entity, never thrown.
import { topicFilterError, publishTopicError } from '../core/topic.js';
import { deviceAbbreviations, entityAbbreviations, originAbbreviations } from './abbreviations.js';
import {
  componentDefaults,
  isSupportedComponent,
  requiredOptions,
  type SupportedComponent,
} from './component-defaults.js';
import { configLimits } from './config-limits.js';
import { templateProblem } from './template/template.js';

/** A config's options by full key. Created without a prototype, so no key (`__proto__` …) is special. */
export type Options = Readonly<Record<string, unknown>>;

export interface DeviceInfo {
  /** What groups entities: the first identifier, else the first connection, else the config's node. */
  readonly key: string;
  readonly name: string;
  readonly manufacturer: string | undefined;
  readonly model: string | undefined;
  readonly swVersion: string | undefined;
  readonly suggestedArea: string | undefined;
}

export interface AvailabilitySource {
  readonly topic: string;
  readonly payloadAvailable: string;
  readonly payloadNotAvailable: string;
  readonly template: string | undefined;
}

export interface Availability {
  readonly sources: readonly AvailabilitySource[];
  /** `latest` (the last message on any source decides), `all` or `any`. */
  readonly mode: 'latest' | 'all' | 'any';
}

/** One discovered entity, ready to be shown. */
export interface DiscoveredEntity {
  /** Identity within the table: the discovery id (component, node and object, or device and component). */
  readonly key: string;
  readonly configTopic: string;
  readonly component: string;
  readonly supported: boolean;
  readonly uniqueId: string | undefined;
  readonly name: string;
  readonly device: DeviceInfo;
  /** Every option, by full key, with the component's defaults under it. */
  readonly options: Options;
  readonly availability: Availability;
  /** What is wrong with this config; a non-empty list shows the entity as an error. */
  readonly problems: readonly string[];
}

export interface ConfigSource {
  configTopic: string;
  component: string;
  /** The discovery id that identifies the entity in the table. */
  key: string;
  /** The node id (or device id) of the topic, used to group entities that name no device. */
  nodeId: string | undefined;
  objectId: string;
}

/** A payload decoded to a plain object of full keys, or the reason it cannot be. */
export function decodeConfigPayload(text: string): { config: Options } | { problem: string } {
  if (text.length > configLimits.maxPayloadBytes) {
    return {
      problem: `The config is ${text.length} bytes; at most ${configLimits.maxPayloadBytes} are read.`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { problem: `The config is not JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  if (!isPlainObject(parsed)) return { problem: 'The config must be a JSON object.' };
  if (nestingOf(parsed) > configLimits.maxNesting) {
    return { problem: `The config is nested more than ${configLimits.maxNesting} levels deep.` };
  }
  return { config: expandKeys(parsed, entityAbbreviations) };
}

/** A copy of `object` with short keys replaced by full ones (a full key written too wins). */
export function expandKeys(
  object: Record<string, unknown>,
  table: Readonly<Record<string, string>>,
): Options {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(object)) {
    const full = Object.hasOwn(table, key) ? table[key]! : key;
    if (full !== key && Object.hasOwn(object, full)) continue;
    out[full] = object[key];
  }
  return out;
}

/** Reads an entity's options (already expanded) into a DiscoveredEntity. */
export function readEntity(options: Options, source: ConfigSource): DiscoveredEntity {
  const problems: string[] = [];
  const component = source.component;
  const supported = isSupportedComponent(component);
  const withBase = replaceBaseTopic(options);
  const merged: Record<string, unknown> = Object.create(null);
  if (supported) Object.assign(merged, componentDefaults[component]);
  for (const key of Object.keys(withBase)) merged[key] = withBase[key];

  const device = readDevice(merged.device, source, problems);
  if (isPlainObject(merged.origin)) merged.origin = expandKeys(merged.origin, originAbbreviations);
  const uniqueId = optionalText(merged.unique_id, 'unique_id', problems);
  const availability = readAvailability(merged, problems);

  if (supported) {
    checkRequired(component, merged, problems);
    checkTopics(merged, problems);
    checkTemplates(merged, problems);
    if (component === 'select' && merged.options !== undefined && !isTextList(merged.options)) {
      problems.push('options must be a list of texts.');
    }
    if (component === 'light' && !['default', 'json', 'basic', 'template'].includes(String(merged.schema))) {
      problems.push(`schema "${String(merged.schema)}" is not a light schema (default, json or template).`);
    }
    if (component === 'light' && merged.schema === 'template') {
      problems.push('Lights with schema "template" are not supported yet.');
    }
  }
  return {
    key: source.key,
    configTopic: source.configTopic,
    component,
    supported,
    uniqueId,
    name: entityName(merged, device, source),
    device,
    options: merged,
    availability,
    problems,
  };
}

function readDevice(value: unknown, source: ConfigSource, problems: string[]): DeviceInfo {
  const fallbackKey = `node:${source.nodeId ?? source.objectId}`;
  if (value === undefined) {
    return {
      key: fallbackKey,
      name: source.nodeId ?? 'Other entities',
      manufacturer: undefined,
      model: undefined,
      swVersion: undefined,
      suggestedArea: undefined,
    };
  }
  if (!isPlainObject(value)) {
    problems.push('device must be an object.');
    return {
      key: fallbackKey,
      name: source.nodeId ?? 'Other entities',
      manufacturer: undefined,
      model: undefined,
      swVersion: undefined,
      suggestedArea: undefined,
    };
  }
  const device = expandKeys(value, deviceAbbreviations);
  const identifiers = Array.isArray(device.identifiers) ? device.identifiers : [device.identifiers];
  const identifier = identifiers.find((id) => typeof id === 'string' || typeof id === 'number');
  const connection =
    Array.isArray(device.connections) && Array.isArray(device.connections[0])
      ? (device.connections[0] as unknown[]).map(String).join(':')
      : undefined;
  const key =
    identifier !== undefined ? `id:${String(identifier)}` : connection ? `cn:${connection}` : fallbackKey;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? clip(String(v)) : undefined);
  return {
    key,
    name:
      text(device.name) ??
      (identifier !== undefined ? clip(String(identifier)) : (source.nodeId ?? 'Other entities')),
    manufacturer: text(device.manufacturer),
    model: text(device.model),
    swVersion: text(device.sw_version),
    suggestedArea: text(device.suggested_area),
  };
}

/**
 * The entity's name as Home Assistant forms it: its `name`; with `name: null`, the device's name; with no
 * name, its device class, else its object id.
 */
function entityName(options: Options, device: DeviceInfo, source: ConfigSource): string {
  if (typeof options.name === 'string' && options.name.trim() !== '') return clip(options.name);
  if (options.name === null) return device.name;
  if (typeof options.device_class === 'string') return clip(humanize(options.device_class));
  return clip(humanize(source.objectId));
}

function readAvailability(options: Record<string, unknown>, problems: string[]): Availability {
  const mode = options.availability_mode;
  const validMode = mode === 'all' || mode === 'any' || mode === 'latest' ? mode : 'latest';
  if (mode !== undefined && mode !== validMode) {
    problems.push(`availability_mode "${String(mode)}" is not one of latest, all, any.`);
  }
  const defaults = {
    payloadAvailable: textOr(options.payload_available, 'online'),
    payloadNotAvailable: textOr(options.payload_not_available, 'offline'),
  };
  const sources: AvailabilitySource[] = [];
  if (options.availability_topic !== undefined && options.availability !== undefined) {
    problems.push(
      'availability_topic and availability are both set; Home Assistant allows only one of them.',
    );
  }
  if (typeof options.availability_topic === 'string') {
    sources.push({
      topic: options.availability_topic,
      ...defaults,
      template: optionalText(options.availability_template, 'availability_template', problems),
    });
  } else if (options.availability_topic !== undefined) {
    problems.push('availability_topic must be a topic.');
  }
  if (options.availability !== undefined) {
    if (!Array.isArray(options.availability)) {
      problems.push('availability must be a list of {topic, payload_available, …}.');
    } else {
      for (const [i, entry] of options.availability.entries()) {
        if (!isPlainObject(entry)) {
          problems.push(`availability[${i}] must be an object.`);
          continue;
        }
        const full = replaceBaseTopic(expandKeys(entry, entityAbbreviations), options['~']);
        if (typeof full.topic !== 'string') {
          problems.push(`availability[${i}] has no topic.`);
          continue;
        }
        sources.push({
          topic: full.topic,
          payloadAvailable: textOr(full.payload_available, defaults.payloadAvailable),
          payloadNotAvailable: textOr(full.payload_not_available, defaults.payloadNotAvailable),
          template: optionalText(full.value_template, `availability[${i}].value_template`, problems),
        });
      }
    }
  }
  for (const source of sources) {
    const problem = topicFilterError(source.topic) ?? wildcardProblem(source.topic);
    if (problem) problems.push(`availability topic "${source.topic}": ${problem}`);
    if (source.template) {
      const templateError = templateProblem(source.template);
      if (templateError) problems.push(`availability template: ${templateError.message}`);
    }
  }
  return { sources, mode: validMode };
}

/** Replaces a leading or trailing `~` in every `…topic` option with the base topic, as Home Assistant does. */
function replaceBaseTopic(options: Options, inheritedBase?: unknown): Options {
  const base = typeof options['~'] === 'string' ? options['~'] : inheritedBase;
  if (typeof base !== 'string') return options;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (key.endsWith('topic') && typeof value === 'string') {
      let topic = value;
      if (topic.startsWith('~')) topic = base + topic.slice(1);
      if (topic.endsWith('~')) topic = topic.slice(0, -1) + base;
      out[key] = topic;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function checkRequired(component: SupportedComponent, options: Options, problems: string[]): void {
  for (const key of requiredOptions[component]) {
    if (options[key] === undefined || options[key] === null)
      problems.push(`${key} is required for a ${component}.`);
  }
  if (component === 'cover' && !options.command_topic && !options.set_position_topic) {
    problems.push('A cover needs command_topic or set_position_topic.');
  }
}

/** Command topics must be plain topics; state topics single topics too (a wildcard would mix devices). */
function checkTopics(options: Options, problems: string[]): void {
  for (const key of Object.keys(options)) {
    if (!key.endsWith('_topic') || key === 'availability_topic') continue;
    const topic = options[key];
    if (topic === undefined || topic === null) continue;
    if (typeof topic !== 'string' || topic === '') {
      problems.push(`${key} must be a topic.`);
      continue;
    }
    const problem =
      key.includes('command') || key.startsWith('set_')
        ? publishTopicError(topic)
        : (topicFilterError(topic) ?? wildcardProblem(topic));
    if (problem) problems.push(`${key} "${topic}": ${problem}`);
  }
}

function wildcardProblem(topic: string): string | undefined {
  return /[+#]/.test(topic)
    ? "a wildcard is not allowed here: an entity follows one topic. Name the device's own topic."
    : undefined;
}

function checkTemplates(options: Options, problems: string[]): void {
  for (const key of Object.keys(options)) {
    if (!key.endsWith('_template') || key === 'availability_template') continue;
    const template = options[key];
    if (template === undefined || template === null) continue;
    if (typeof template !== 'string') {
      problems.push(`${key} must be text.`);
      continue;
    }
    const problem = templateProblem(template);
    if (problem) problems.push(`${key}: ${problem.message}`);
  }
}

function optionalText(value: unknown, key: string, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  problems.push(`${key} must be text.`);
  return undefined;
}

/** Payloads as Home Assistant reads them: configs may give `true` or `1`, which it compares as text. */
export function payloadText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function textOr(value: unknown, fallback: string): string {
  return value === undefined || value === null ? fallback : payloadText(value);
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How deeply a parsed JSON value nests; iterative, so a hostile config cannot exhaust the stack. */
function nestingOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > configLimits.maxNesting) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function clip(text: string): string {
  return text.length > configLimits.maxNameLength ? `${text.slice(0, configLimits.maxNameLength)}…` : text;
}

function humanize(id: string): string {
  const words = id.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

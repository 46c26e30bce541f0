// The live table of discovered entities: fed every config message, it adds, replaces and removes
// entities as Home Assistant does, and lists them grouped by device in a stable order.
import { configLimits } from './config-limits.js';
import { parseConfigTopic } from './discovery-topic.js';
import {
  decodeConfigPayload,
  expandKeys,
  isPlainObject,
  readEntity,
  type DeviceInfo,
  type DiscoveredEntity,
  type Options,
} from './entity-config.js';
import { entityAbbreviations } from './abbreviations.js';

export interface TableChange {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly removed: readonly string[];
}

export interface DeviceGroup {
  readonly device: DeviceInfo;
  readonly entities: readonly DiscoveredEntity[];
}

const noChange: TableChange = { added: [], replaced: [], removed: [] };

/** Device-level keys that are not shared with the components of a device config. */
const deviceOnlyKeys = new Set(['device', 'origin', 'components', 'migrate_discovery']);

export class EntityTable {
  readonly prefix: string;
  readonly #entities = new Map<string, DiscoveredEntity>();
  /** Per config topic: the payload last applied and the keys it produced. */
  readonly #topics = new Map<string, { text: string; keys: string[] }>();
  #sorted: DiscoveredEntity[] | undefined;
  #dropped = 0;

  constructor(prefix = 'homeassistant') {
    this.prefix = prefix;
  }

  /** Entities grouped by device: devices by name, entities by name within a device; ties by key. */
  get entities(): readonly DiscoveredEntity[] {
    this.#sorted ??= [...this.#entities.values()].sort(compareEntities);
    return this.#sorted;
  }

  get devices(): readonly DeviceGroup[] {
    const groups: DeviceGroup[] = [];
    for (const entity of this.entities) {
      const last = groups.at(-1);
      if (last && last.device.key === entity.device.key) (last.entities as DiscoveredEntity[]).push(entity);
      else groups.push({ device: entity.device, entities: [entity] });
    }
    return groups;
  }

  get size(): number {
    return this.#entities.size;
  }

  /** Configs left out because the table was full (`configLimits.maxEntities`). */
  get dropped(): number {
    return this.#dropped;
  }

  get(key: string): DiscoveredEntity | undefined {
    return this.#entities.get(key);
  }

  /**
   * Applies one message on a config topic. An empty payload removes what that topic described; the same
   * payload again changes nothing (a broker resends retained configs on every reconnect).
   */
  apply(topic: string, text: string): TableChange {
    const parsed = parseConfigTopic(topic, this.prefix);
    if (!parsed) return noChange;
    const previous = this.#topics.get(topic);
    if (previous && previous.text === text) return noChange;
    const entities = text === '' ? [] : this.#read(topic, parsed, text);

    const added: string[] = [];
    const replaced: string[] = [];
    const removed: string[] = [];
    const keys = new Set(entities.map((entity) => entity.key));
    for (const key of previous?.keys ?? []) {
      if (!keys.has(key)) {
        this.#entities.delete(key);
        removed.push(key);
      }
    }
    const kept: string[] = [];
    for (const entity of entities) {
      if (this.#entities.has(entity.key)) {
        replaced.push(entity.key);
      } else if (this.#entities.size >= configLimits.maxEntities) {
        this.#dropped++;
        continue;
      } else {
        added.push(entity.key);
      }
      this.#entities.set(entity.key, entity);
      kept.push(entity.key);
    }
    if (text === '') this.#topics.delete(topic);
    else this.#topics.set(topic, { text, keys: kept });
    if (added.length + replaced.length + removed.length > 0) this.#sorted = undefined;
    return { added, replaced, removed };
  }

  #read(
    topic: string,
    parsed: NonNullable<ReturnType<typeof parseConfigTopic>>,
    text: string,
  ): DiscoveredEntity[] {
    const decoded = decodeConfigPayload(text);
    if (parsed.kind === 'entity') {
      const source = {
        configTopic: topic,
        component: parsed.component,
        key: `${parsed.component}/${parsed.nodeId ?? ''}/${parsed.objectId}`,
        nodeId: parsed.nodeId,
        objectId: parsed.objectId,
      };
      if ('problem' in decoded) return [brokenEntity(source, decoded.problem)];
      return [readEntity(decoded.config, source)];
    }
    const deviceSource = {
      configTopic: topic,
      component: 'device',
      key: `device/${parsed.deviceId}`,
      nodeId: parsed.deviceId,
      objectId: parsed.deviceId,
    };
    if ('problem' in decoded) return [brokenEntity(deviceSource, decoded.problem)];
    return readDeviceComponents(decoded.config, deviceSource);
  }
}

/** The entities of a device config: each entry of `components`, with the shared options under its own. */
function readDeviceComponents(
  config: Options,
  source: { configTopic: string; key: string; nodeId: string; objectId: string; component: string },
): DiscoveredEntity[] {
  const components = config.components;
  if (!isPlainObject(components)) {
    return [
      brokenEntity(source, 'A device config needs "components" (cmps): an object of component configs.'),
    ];
  }
  const ids = Object.keys(components);
  if (ids.length > configLimits.maxComponents) {
    return [
      brokenEntity(
        source,
        `The device config has ${ids.length} components; at most ${configLimits.maxComponents} are read.`,
      ),
    ];
  }
  const shared: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(config)) if (!deviceOnlyKeys.has(key)) shared[key] = config[key];
  const entities: DiscoveredEntity[] = [];
  for (const id of ids) {
    const entry = components[id];
    const componentSource = { ...source, key: `device/${source.nodeId}/${id}`, objectId: id };
    if (!isPlainObject(entry)) {
      entities.push(brokenEntity(componentSource, `Component "${id}" must be an object.`));
      continue;
    }
    const own = expandKeys(entry, entityAbbreviations);
    const platform = own.platform;
    if (typeof platform !== 'string' || platform === '') {
      entities.push(
        brokenEntity(componentSource, `Component "${id}" has no platform (p), such as "sensor".`),
      );
      continue;
    }
    // A component with nothing but its platform is how a device config removes it.
    if (Object.keys(own).length === 1) continue;
    const options: Record<string, unknown> = Object.create(null);
    Object.assign(options, shared, own);
    options.device = config.device;
    options.origin = config.origin;
    entities.push(readEntity(options, { ...componentSource, component: platform }));
  }
  return entities;
}

function brokenEntity(
  source: {
    configTopic: string;
    key: string;
    component: string;
    nodeId: string | undefined;
    objectId: string;
  },
  problem: string,
): DiscoveredEntity {
  return {
    key: source.key,
    configTopic: source.configTopic,
    component: source.component,
    supported: false,
    uniqueId: undefined,
    name: source.objectId,
    device: {
      key: `node:${source.nodeId ?? source.objectId}`,
      name: source.nodeId ?? 'Other entities',
      manufacturer: undefined,
      model: undefined,
      swVersion: undefined,
      suggestedArea: undefined,
    },
    options: Object.create(null),
    availability: { sources: [], mode: 'latest' },
    problems: [problem],
  };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareEntities(a: DiscoveredEntity, b: DiscoveredEntity): number {
  return (
    collator.compare(a.device.name, b.device.name) ||
    compareText(a.device.key, b.device.key) ||
    collator.compare(a.name, b.name) ||
    compareText(a.key, b.key)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

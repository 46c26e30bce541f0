// Reads a discovery config topic: `<prefix>/<component>/[<node_id>/]<object_id>/config`, or the device
// form `<prefix>/device/<object_id>/config` whose payload lists its components.

export type ConfigTopic =
  | { kind: 'entity'; component: string; nodeId: string | undefined; objectId: string }
  | { kind: 'device'; deviceId: string };

/** Home Assistant's rule for component, node and object ids: letters, digits, `_` and `-`. */
const idPattern = /^[a-zA-Z0-9_-]+$/;

/** The parts of a config topic under `prefix`, or undefined when the topic is not one. */
export function parseConfigTopic(topic: string, prefix: string): ConfigTopic | undefined {
  if (!topic.startsWith(`${prefix}/`) || !topic.endsWith('/config')) return undefined;
  const parts = topic.slice(prefix.length + 1, -'/config'.length).split('/');
  if (!parts.every((part) => idPattern.test(part))) return undefined;
  if (parts.length === 2 && parts[0] === 'device') return { kind: 'device', deviceId: parts[1]! };
  if (parts.length === 2)
    return { kind: 'entity', component: parts[0]!, nodeId: undefined, objectId: parts[1]! };
  if (parts.length === 3)
    return { kind: 'entity', component: parts[0]!, nodeId: parts[1]!, objectId: parts[2]! };
  return undefined;
}

/** The filters that cover every config topic under `prefix` (the device form matches the first). */
export function configFilters(prefix: string): string[] {
  return [`${prefix}/+/+/config`, `${prefix}/+/+/+/config`];
}

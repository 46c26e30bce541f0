// Which discovered entities a page wants shown: by component, by device, by a pattern over unique ids.
import type { DiscoveredEntity } from '../../discovery/index.js';

export interface EntityFilterSettings {
  /** Component names separated by spaces or commas: `sensor binary_sensor`. */
  component?: string | undefined;
  /** A device's name or identifier, case-insensitive; `*` matches any run of characters. */
  device?: string | undefined;
  /** A pattern over unique ids; `*` matches any run of characters, `?` one character. */
  uniqueId?: string | undefined;
}

/** A predicate for the settings; everything passes when none is set. */
export function entityFilter(settings: EntityFilterSettings): (entity: DiscoveredEntity) => boolean {
  const components = new Set(
    (settings.component ?? '')
      .split(/[\s,]+/)
      .map((name) => name.trim())
      .filter(Boolean),
  );
  const device = settings.device?.trim() ? globPattern(settings.device.trim()) : undefined;
  const uniqueId = settings.uniqueId?.trim() ? globPattern(settings.uniqueId.trim()) : undefined;
  return (entity) =>
    (components.size === 0 || components.has(entity.component)) &&
    (!device || device.test(entity.device.name) || device.test(entity.device.key.replace(/^\w+:/, ''))) &&
    (!uniqueId || (entity.uniqueId !== undefined && uniqueId.test(entity.uniqueId)));
}

/** `*` and `?` as wildcards; every other character literal. Whole-text, case-insensitive match. */
function globPattern(glob: string): RegExp {
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

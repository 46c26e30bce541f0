// How much a discovery config may hold: configs come from anyone who can publish on the broker.
export const configLimits = {
  /** Bytes of one config payload. */
  maxPayloadBytes: 64 * 1024,
  /** Nesting of objects and lists inside one config. */
  maxNesting: 16,
  /** Components in one device config (`cmps`). */
  maxComponents: 256,
  /** Entities one discovery element keeps; configs beyond it are reported and not shown. */
  maxEntities: 5000,
  /** Characters of a name shown on the page. */
  maxNameLength: 200,
} as const;

// The event <mqtt-discovery> fires when its set of entities changes.

export interface DiscoveryChangeDetail {
  /** Discovery ids (`entity.key`) of entities that appeared, were replaced, or went away. */
  added: readonly string[];
  replaced: readonly string[];
  removed: readonly string[];
  /** How many entities are known now (before filtering). */
  size: number;
}

/** Fired by `<mqtt-discovery>` once per render in which entities were added, replaced or removed. */
export class MqttDiscoveryChangeEvent extends Event {
  static readonly eventName = 'mqtt-discovery-change';
  constructor(readonly detail: DiscoveryChangeDetail) {
    super(MqttDiscoveryChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'mqtt-discovery-change': MqttDiscoveryChangeEvent;
  }
}

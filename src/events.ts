// Typed events fired by the elements; each is registered in HTMLElementEventMap.
import type { StatusInfo } from './core/connection-status.js';
import type { MqttElementsError } from './core/errors.js';
import type { MqttMessage } from './core/message.js';
import type { Reply } from './core/request-reply.js';

const bubbling = { bubbles: true, composed: true } as const;

/** Fired by `<mqtt-connection>` each time the broker accepts the connection. */
export class MqttConnectEvent extends Event {
  static readonly eventName = 'mqtt-connect';
  constructor(readonly detail: { url: string; clientId: string }) {
    super(MqttConnectEvent.eventName, bubbling);
  }
}

/**
 * Fired by `<mqtt-connection shared>` when the tab cannot use the shared worker and uses a client of its
 * own instead: `reason` says why, `clientId` is the id that client uses.
 */
export class MqttSharedFallbackEvent extends Event {
  static readonly eventName = 'mqtt-shared-fallback';
  constructor(readonly detail: { reason: string; clientId: string }) {
    super(MqttSharedFallbackEvent.eventName, bubbling);
  }
}

/** Fired by `<mqtt-connection>` on every status change. */
export class MqttStatusEvent extends Event {
  static readonly eventName = 'mqtt-status';
  constructor(readonly detail: StatusInfo) {
    super(MqttStatusEvent.eventName, bubbling);
  }
}

/** Fired by any element when something went wrong; `detail.message` says what and what to do. */
export class MqttErrorEvent extends Event {
  static readonly eventName = 'mqtt-error';
  readonly detail: { message: string; code: string; cause: unknown };
  constructor(error: MqttElementsError) {
    super(MqttErrorEvent.eventName, bubbling);
    this.detail = { message: error.message, code: error.code, cause: error.cause ?? error };
  }
}

export interface MqttMessageDetail {
  message: MqttMessage;
  topic: string;
  /** The value after decode, select and map, before formatting. */
  value: unknown;
}

/** Fired by subscribing elements for each message; cancel it to skip the built-in rendering. */
export class MqttMessageEvent extends Event {
  static readonly eventName = 'mqtt-message';
  constructor(readonly detail: MqttMessageDetail) {
    super(MqttMessageEvent.eventName, { ...bubbling, cancelable: true });
  }
}

/** Fired by `<mqtt-publish>` before sending; cancel it to stop the publish. */
export class MqttPublishEvent extends Event {
  static readonly eventName = 'mqtt-publish';
  constructor(readonly detail: { topic: string; payload: string }) {
    super(MqttPublishEvent.eventName, { ...bubbling, cancelable: true });
  }
}

/** Fired by `<mqtt-publish>` once the broker acknowledged the message (QoS 0: once written). */
export class MqttPublishedEvent extends Event {
  static readonly eventName = 'mqtt-published';
  constructor(readonly detail: { topic: string; payload: string; qos: number; retain: boolean }) {
    super(MqttPublishedEvent.eventName, bubbling);
  }
}

/**
 * Fired by an element with an availability topic when the device's availability changes.
 * `state`: `available`, `unavailable`, or `unknown` (no availability message yet, shown as unavailable).
 */
export class MqttAvailabilityEvent extends Event {
  static readonly eventName = 'mqtt-availability';
  constructor(readonly detail: { state: 'available' | 'unavailable' | 'unknown'; reason: string }) {
    super(MqttAvailabilityEvent.eventName, bubbling);
  }
}

/** Fired by `<mqtt-publish response-topic>` when the reply to one of its requests arrives. */
export class MqttReplyEvent extends Event {
  static readonly eventName = 'mqtt-reply';
  constructor(readonly detail: Reply) {
    super(MqttReplyEvent.eventName, bubbling);
  }
}

declare global {
  interface HTMLElementEventMap {
    'mqtt-reply': MqttReplyEvent;
    'mqtt-availability': MqttAvailabilityEvent;
    'mqtt-connect': MqttConnectEvent;
    'mqtt-shared-fallback': MqttSharedFallbackEvent;
    'mqtt-status': MqttStatusEvent;
    'mqtt-error': MqttErrorEvent;
    'mqtt-message': MqttMessageEvent;
    'mqtt-publish': MqttPublishEvent;
    'mqtt-published': MqttPublishedEvent;
  }
}

// The one context key through which elements find their <mqtt-connection>.
import { createContext } from '@lit/context';
import type { Connection } from '../core/connection.js';

/**
 * Keyed by `Symbol.for` so that two copies of the library on one page (a CDN bundle and an npm build)
 * still find each other's connections.
 */
export const connectionContext = createContext<Connection | undefined>(
  Symbol.for('mqtt-elements/connection'),
);

/**
 * Dispatched on `document` by every `<mqtt-connection>` that joins the page, so that elements naming
 * one by id (`connection="…"`) before it existed can look again. Listeners go by the event's name,
 * which every copy of the library on the page shares, never by its class.
 */
export class ConnectionAddedEvent extends Event {
  static readonly eventName = 'mqtt-elements:connection-added';
  constructor(readonly connectionId: string) {
    super(ConnectionAddedEvent.eventName);
  }
}

declare global {
  interface DocumentEventMap {
    'mqtt-elements:connection-added': ConnectionAddedEvent;
  }
}

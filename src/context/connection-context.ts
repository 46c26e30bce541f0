// The one context key through which elements find their <mqtt-connection>.
import { createContext } from '@lit/context';
import type { ConnectionCore } from '../core/connection-core.js';

/**
 * Keyed by `Symbol.for` so that two copies of the library on one page (a CDN bundle and an npm build)
 * still find each other's connections.
 */
export const connectionContext = createContext<ConnectionCore | undefined>(Symbol.for('mqtt-elements/connection'));

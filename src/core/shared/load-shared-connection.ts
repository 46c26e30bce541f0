// Loads the tab's side of `<mqtt-connection shared>` on first use, so a page that never shares a
// connection does not carry it. The CDN build replaces this module (rollup.config.mjs) with one that
// imports cdn/mqtt-shared.js from next to the bundle that defined the element.
import type { SharedConnection } from './shared-connection.js';

export async function loadSharedConnection(): Promise<typeof SharedConnection> {
  return (await import('./shared-connection.js')).SharedConnection;
}

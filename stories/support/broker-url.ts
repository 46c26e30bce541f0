// The broker every story connects to: the toolbar's "Broker URL", which starts as the embedded broker
// that `npm run storybook` runs, so a visitor can point every story at a broker of their own.

/** The embedded broker (dev/broker.mjs) on its default WebSocket port. */
export const DEFAULT_BROKER_URL = 'ws://localhost:8083/mqtt';

/**
 * A URL where no broker listens, for the "broker gone" stories. The port lies above the range Linux
 * hands out for outgoing connections and is not on Chromium's list of blocked ports, so nothing is
 * there and the browser does try.
 */
export const NOWHERE_URL = 'ws://localhost:65123/mqtt';

/** The toolbar's broker URL from a story's context. */
export function brokerUrl(context: { globals: Record<string, unknown> }): string {
  const url = context.globals.brokerUrl;
  return typeof url === 'string' && url.trim() !== '' ? url : DEFAULT_BROKER_URL;
}

// The MQTT.js the CDN bundles carry: its client and connect() from its own modules, with browser-native
// stand-ins for the Node modules it imports (rollup.config.mjs maps them), instead of its prebuilt
// browser bundle, which includes Node's stream, buffer, url and process polyfills whole. Store is the
// client's own message store, which the connection core creates itself (see connection-core.ts).
import connect, { connectAsync } from 'mqtt/lib/connect/index';
import Store from 'mqtt/lib/store';

export { connect, connectAsync, Store };
export default { connect, connectAsync, Store };

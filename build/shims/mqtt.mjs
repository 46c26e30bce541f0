// The MQTT.js the CDN bundles carry: its client and connect() from its own modules, with browser-native
// stand-ins for the Node modules it imports (rollup.config.mjs maps them), instead of its prebuilt
// browser bundle, which includes Node's stream, buffer, url and process polyfills whole.
import connect, { connectAsync } from 'mqtt/lib/connect/index';

export { connect, connectAsync };
export default { connect, connectAsync };

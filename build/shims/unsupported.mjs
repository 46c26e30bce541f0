// Stands in for what a browser cannot use (TCP, TLS, SOCKS, `ws` and mini-program sockets): MQTT.js
// only reaches them outside a browser, so the CDN bundles leave them out.
export default {};

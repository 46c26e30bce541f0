// The little of Node's `process` that MQTT.js and mqtt-packet read in a browser: `nextTick` (a microtask
// keeps their packet pump inside the task that received the data), `env` and `browser`.

export function nextTick(callback, ...args) {
  queueMicrotask(args.length === 0 ? callback : () => callback(...args));
}

export default { nextTick, env: {}, browser: true, versions: {} };

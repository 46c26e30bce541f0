// A small EventEmitter with Node's semantics for what MQTT.js and mqtt-packet do with one: listen, listen
// once, stop listening, emit (an unheard 'error' throws, as in Node). MQTT.js mixes the prototype into
// its client without calling the constructor, so the listener table is created on first use.

export default class EventEmitter {
  constructor() {
    this._events = undefined;
  }

  on(type, listener) {
    return add(this, type, listener, false);
  }

  prependListener(type, listener) {
    return add(this, type, listener, true);
  }

  once(type, listener) {
    return add(this, type, onceWrapper(this, type, listener), false);
  }

  prependOnceListener(type, listener) {
    return add(this, type, onceWrapper(this, type, listener), true);
  }

  removeListener(type, listener) {
    const list = this._events?.get(type);
    if (!list) return this;
    // The most recently added match goes first, as in Node.
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        if (list.length === 1) this._events.delete(type);
        else this._events.set(type, [...list.slice(0, i), ...list.slice(i + 1)]);
        if (this._events.has('removeListener')) this.emit('removeListener', type, listener);
        break;
      }
    }
    return this;
  }

  removeAllListeners(type) {
    if (type === undefined) this._events = undefined;
    else this._events?.delete(type);
    return this;
  }

  emit(type, ...args) {
    const list = this._events?.get(type);
    if (!list) {
      if (type === 'error')
        throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${args[0]}`);
      return false;
    }
    // The array is replaced, never changed, when listeners come and go, so this walk sees a snapshot.
    for (const listener of list) listener.apply(this, args);
    return true;
  }

  listeners(type) {
    return (this._events?.get(type) ?? []).map((l) => l.listener ?? l);
  }

  rawListeners(type) {
    return [...(this._events?.get(type) ?? [])];
  }

  listenerCount(type) {
    return this._events?.get(type)?.length ?? 0;
  }

  eventNames() {
    return [...(this._events?.keys() ?? [])];
  }

  // Node warns about possible leaks past a limit; nothing here needs the limit.
  setMaxListeners() {
    return this;
  }

  getMaxListeners() {
    return Infinity;
  }
}

EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
// `require('events').EventEmitter`, as mqtt-packet spells it.
EventEmitter.EventEmitter = EventEmitter;

function add(emitter, type, listener, first) {
  if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be a function');
  const table = emitter._events ?? (emitter._events = new Map());
  if (table.has('newListener')) emitter.emit('newListener', type, listener.listener ?? listener);
  const list = table.get(type);
  table.set(type, list ? (first ? [listener, ...list] : [...list, listener]) : [listener]);
  return emitter;
}

function onceWrapper(emitter, type, listener) {
  const wrapper = function (...args) {
    emitter.removeListener(type, wrapper);
    return listener.apply(this, args);
  };
  wrapper.listener = listener;
  return wrapper;
}

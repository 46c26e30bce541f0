// The least-recently-used map MQTT.js keeps its outgoing topic aliases in, over a Map (which keeps
// insertion order, so re-inserting on use keeps the least recently used entry first).

export class LRUCache {
  #map = new Map();

  constructor({ max }) {
    this.max = max;
  }

  get size() {
    return this.#map.size;
  }

  get(key) {
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key);
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  has(key) {
    return this.#map.has(key);
  }

  set(key, value) {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value);
    return this;
  }

  delete(key) {
    return this.#map.delete(key);
  }

  clear() {
    this.#map.clear();
  }

  /** Most recently used first, as lru-cache orders them. */
  *keys() {
    yield* [...this.#map.keys()].reverse();
  }
}

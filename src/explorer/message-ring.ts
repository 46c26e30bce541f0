// A ring of the latest messages of one topic: memory per topic stays bounded however many messages
// arrive, adding one costs the same whether the ring is full or not, and a topic that got one message
// holds one slot, not `capacity` (100,000 topics that each sent a message once are the common case).

export class MessageRing<T> {
  /**
   * The only item, until a second one comes: most topics get one message (a retained value), and an
   * array, however short, costs more than the item itself.
   */
  #only: T | undefined;
  #items: T[] | undefined;
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`A message ring needs a capacity of at least 1, got ${capacity}.`);
    }
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `item` as the newest, dropping the oldest when full. */
  push(item: T): void {
    if (this.#items === undefined) {
      if (this.#size === 0) {
        this.#only = item;
        this.#size = 1;
        return;
      }
      this.#items = [this.#only as T];
      this.#only = undefined;
      this.#next = 1 % this.capacity;
    }
    if (this.#items.length < this.capacity) {
      // Still growing: oldest first from index 0, so the wrap-around below starts at 0.
      this.#items.push(item);
      this.#size++;
      this.#next = this.#items.length % this.capacity;
      return;
    }
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The newest item, if any. */
  newest(): T | undefined {
    if (this.#items === undefined) return this.#only;
    return this.#size === 0 ? undefined : this.#items[(this.#next - 1 + this.capacity) % this.capacity];
  }

  /** The items, oldest first. */
  toArray(): T[] {
    if (this.#items === undefined) return this.#size === 0 ? [] : [this.#only as T];
    const out: T[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(start + i) % this.capacity] as T);
    return out;
  }

  /** A ring of another capacity with the newest items of this one. */
  resized(capacity: number): MessageRing<T> {
    const ring = new MessageRing<T>(capacity);
    for (const item of this.toArray().slice(-capacity)) ring.push(item);
    return ring;
  }
}

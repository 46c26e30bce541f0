// Counts what a page received of a numbered stream: every delivery, the distinct messages, repeats,
// and, against what the broker acknowledged to the publisher, the messages that never came.

export class SequenceTally {
  /** @type {Map<number, number>} how many times each sequence number was delivered */
  #seen = new Map();
  /** @type {Map<number, number[]>} when each repeated message arrived, every time */
  #repeats = new Map();
  #firstAt = new Map();
  #last = -1;
  deliveries = 0;
  /** Deliveries with a lower number than the one before (a resend after a reconnect, or reordering). */
  backwards = 0;

  /** `at`: when it arrived (ms), to set a repeat beside the faults of the moment. */
  record(seq, at = Date.now()) {
    this.deliveries++;
    const count = (this.#seen.get(seq) ?? 0) + 1;
    this.#seen.set(seq, count);
    if (count === 1) this.#firstAt.set(seq, at);
    else this.#repeats.set(seq, [...(this.#repeats.get(seq) ?? [this.#firstAt.get(seq)]), at]);
    if (seq < this.#last) this.backwards++;
    this.#last = seq;
  }

  has(seq) {
    return this.#seen.has(seq);
  }

  /**
   * @param {{ published: number, acknowledged: Set<number> }} stream what the publisher sent
   */
  summary(stream) {
    const lost = [...stream.acknowledged].filter((seq) => !this.#seen.has(seq)).sort((a, b) => a - b);
    let duplicates = 0;
    let duplicatedMessages = 0;
    const strangers = [];
    for (const [seq, count] of this.#seen) {
      if (count > 1) {
        duplicates += count - 1;
        duplicatedMessages++;
      }
      if (seq >= stream.published || !Number.isInteger(seq) || seq < 0) strangers.push(seq);
    }
    return {
      published: stream.published,
      acknowledged: stream.acknowledged.size,
      shown: this.#seen.size,
      deliveries: this.deliveries,
      lost: lost.length,
      lostFirst: lost.slice(0, 20),
      duplicates,
      duplicatedMessages,
      // The first repeated messages, with the time of every arrival.
      repeated: [...this.#repeats].slice(0, 20).map(([seq, times]) => ({ seq, at: times })),
      backwards: this.backwards,
      // Numbers the publisher never sent: a corrupted payload, or a message from another run.
      strangers: strangers.length,
    };
  }
}

// Type-ahead in a tree, as the WAI-ARIA tree pattern asks: typing a character moves to the next visible
// node whose name starts with it; characters typed in quick succession add up to one longer prefix.
// No DOM and no timers: the caller passes each key's time, so the rule is testable as it stands.

/** Typed characters further apart than this (ms) start a new search. */
export const typeAheadResetMs = 500;

export class TypeAhead {
  #typed = '';
  #lastAt = -Infinity;

  constructor(readonly resetMs = typeAheadResetMs) {}

  /** What has been typed so far, lower case. */
  get typed(): string {
    return this.#typed;
  }

  /** Whether a search is under way (a space then belongs to it rather than toggling a level). */
  active(now: number): boolean {
    return this.#typed !== '' && now - this.#lastAt <= this.resetMs;
  }

  /**
   * Adds `character`, typed at `now` (ms), and returns the index of the row to move to, or -1 when no
   * name matches. `names(i)` is row i's name; `current` the focused row (-1 for none).
   */
  type(
    character: string,
    now: number,
    count: number,
    current: number,
    names: (index: number) => string,
  ): number {
    if (!this.active(now)) this.#typed = '';
    this.#lastAt = now;
    this.#typed += character.toLowerCase();
    // The same character again and again cycles through the names starting with it, as in a file list.
    const repeated = [...this.#typed].every((c) => c === this.#typed[0]);
    const prefix = repeated ? this.#typed[0] : this.#typed;
    // One character looks from the next row on; a longer prefix may still match the current row.
    const start = repeated ? current + 1 : Math.max(current, 0);
    for (let step = 0; step < count; step++) {
      const index = (start + step) % count;
      if (names(index).toLowerCase().startsWith(prefix)) return index;
    }
    return -1;
  }

  reset(): void {
    this.#typed = '';
    this.#lastAt = -Infinity;
  }
}

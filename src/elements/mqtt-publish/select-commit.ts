// Tells a <select>'s committed choice from keyboard browsing. Chromium fires `change` on every arrow
// key of a closed select, so publishing on `change` would send each option passed on the way (two
// thermostat modes for ArrowDown twice). A choice made by keys is committed with Enter or by leaving
// the select; one made with the pointer, or in the open picker, is committed at once.

/** Keys that move a closed select's choice without committing it (letters move by type-ahead). */
const browsingKeys = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

export class SelectCommitTracker {
  readonly #host: HTMLElement;
  readonly #commit: (select: HTMLSelectElement) => void;
  /** A browsing key is down on this select: the `change` it causes is not a commit. */
  readonly #browsing = new WeakSet<HTMLSelectElement>();
  /** The select's value changed by browsing and awaits Enter or blur. */
  readonly #uncommitted = new WeakSet<HTMLSelectElement>();

  constructor(host: HTMLElement, commit: (select: HTMLSelectElement) => void) {
    this.#host = host;
    this.#commit = commit;
  }

  connect(): void {
    this.#host.addEventListener('keydown', this.#onKeyDown);
    this.#host.addEventListener('keyup', this.#onKeyUp);
    this.#host.addEventListener('focusout', this.#onFocusOut);
  }

  disconnect(): void {
    this.#host.removeEventListener('keydown', this.#onKeyDown);
    this.#host.removeEventListener('keyup', this.#onKeyUp);
    this.#host.removeEventListener('focusout', this.#onFocusOut);
  }

  /** Whether this `change` of `select` came from browsing with keys, and must wait for a commit. */
  defers(select: HTMLSelectElement): boolean {
    if (!this.#browsing.has(select)) return false;
    this.#uncommitted.add(select);
    return true;
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement)) return;
    if (event.key === 'Enter' && this.#uncommitted.has(select)) {
      this.#settle(select);
      return;
    }
    const typeAhead = event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey;
    if ((browsingKeys.has(event.key) && !event.altKey) || typeAhead) this.#browsing.add(select);
  };

  readonly #onKeyUp = (event: KeyboardEvent): void => {
    if (event.target instanceof HTMLSelectElement) this.#browsing.delete(event.target);
  };

  readonly #onFocusOut = (event: FocusEvent): void => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && this.#uncommitted.has(select)) this.#settle(select);
  };

  #settle(select: HTMLSelectElement): void {
    this.#uncommitted.delete(select);
    this.#browsing.delete(select);
    this.#commit(select);
  }
}

// Speaks state transitions to screen readers through one polite live region per element, and keeps
// everything else silent: values, countdowns and re-renders never reach the region unless asked.
import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export interface AnnouncerControllerOptions {
  /**
   * The shortest time between two announcements of the same text, in milliseconds (default 2 s):
   * a state that flaps does not make a screen reader repeat itself.
   */
  repeatAfterMs?: number;
}

/**
 * A live region the host renders with `render()` and fills with `announce()`. The region exists
 * from the first render, empty, so the first announcement is read (a region that appears together
 * with its text often is not), and so nothing is read when the page loads.
 *
 * Announcements are transitions said once ("Lamp: unavailable"), never a value that keeps changing:
 * a screen reader reads every change of a live region and queues what it has not finished.
 */
export class AnnouncerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #repeatAfterMs: number;
  #text = '';
  #spokenAt = new Map<string, number>();
  /** Alternates so that the same words said again are a change of the region's content. */
  #parity = false;

  constructor(host: ReactiveControllerHost, options: AnnouncerControllerOptions = {}) {
    this.#host = host;
    this.#repeatAfterMs = options.repeatAfterMs ?? 2000;
    host.addController(this);
  }

  /** What the region says now ('' before the first announcement). */
  get text(): string {
    return this.#text;
  }

  /** Says `text` once, politely (after what the screen reader is reading). Empty text is ignored. */
  announce(text: string): void {
    const words = text.trim();
    if (!words) return;
    const now = Date.now();
    const last = this.#spokenAt.get(words);
    if (last !== undefined && now - last < this.#repeatAfterMs) return;
    this.#spokenAt.set(words, now);
    // Forget old texts so a long-lived element does not collect every message it ever said.
    if (this.#spokenAt.size > 20) this.#spokenAt.delete(this.#spokenAt.keys().next().value!);
    this.#parity = !this.#parity;
    this.#text = words;
    this.#host.requestUpdate();
  }

  hostConnected(): void {}

  /** The region: visually hidden, read by assistive technology. Style it with `announcerStyles`. */
  render(): TemplateResult {
    // A no-break space at the end on every other announcement makes repeated words a new change.
    return html`<span class="announcer" role="status" aria-live="polite" aria-atomic="true"
      >${this.#text}${this.#parity ? '\u00a0' : ''}</span
    >`;
  }
}

/**
 * Hides the region (and any `.visually-hidden` text) visually while keeping it in the accessibility
 * tree; add to the host's styles.
 */
export const announcerStyles = css`
  .announcer,
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

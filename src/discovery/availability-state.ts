// Whether an entity is available, from its availability sources and mode, as Home Assistant decides:
// unavailable until a source says otherwise; `latest` follows the last message, `all` needs every
// source available, `any` one of them. A payload that is neither value is ignored.
import type { Availability } from './entity-config.js';
import { compileTemplate, payloadVariables, TemplateError } from './template/template.js';

export class AvailabilityState {
  readonly #availability: Availability;
  /** Per source topic: what it said last. */
  readonly #said = new Map<string, boolean>();
  #latest: boolean | undefined;
  #error: string | undefined;

  constructor(availability: Availability) {
    this.#availability = availability;
  }

  /** The distinct topics to follow. */
  get topics(): string[] {
    return [...new Set(this.#availability.sources.map((source) => source.topic))];
  }

  get available(): boolean {
    const { sources, mode } = this.#availability;
    if (sources.length === 0) return true;
    if (mode === 'latest') return this.#latest === true;
    const states = sources.map((source) => this.#said.get(source.topic) === true);
    return mode === 'all' ? states.every(Boolean) : states.some(Boolean);
  }

  /** Whether any source has spoken yet: before that, "unavailable" means "not known yet". */
  get known(): boolean {
    return this.#said.size > 0;
  }

  /** The last availability template that failed, with its reason. */
  get error(): string | undefined {
    return this.#error;
  }

  /** Takes one message; returns true when `available` (or the error) changed. */
  receive(topic: string, text: string): boolean {
    const before = this.available;
    const errorBefore = this.#error;
    for (const source of this.#availability.sources) {
      if (source.topic !== topic) continue;
      let said: string;
      try {
        said = source.template
          ? compileTemplate(source.template).render(payloadVariables(text)).trim()
          : text.trim();
        this.#error = undefined;
      } catch (err) {
        this.#error = `availability template: ${err instanceof TemplateError ? err.message : String(err)}`;
        continue;
      }
      // A cleared retained message: nobody vouches for the device any more.
      const state =
        text === ''
          ? false
          : said === source.payloadAvailable
            ? true
            : said === source.payloadNotAvailable
              ? false
              : undefined;
      if (state === undefined) continue;
      this.#said.set(topic, state);
      this.#latest = state;
    }
    return before !== this.available || errorBefore !== this.#error;
  }
}

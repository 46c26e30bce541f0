// The base class of every element: safe registration, per-frame rendering, and states visible to CSS.
import { LitElement } from 'lit';
import { settingProblem, type SettingRule } from '../core/attribute-values.js';
import { MqttElementsError } from '../core/errors.js';
import { MqttErrorEvent } from '../events.js';
import { adoptThemeSwitch } from './theme.js';
import { PayloadError } from '../core/value-pipeline.js';

let frame: Promise<void> | undefined;

/** Longest wait for a frame: hidden tabs get no animation frames, but updates must still settle. */
const hiddenTabDelayMs = 250;

/** One animation frame shared by every element that wants to render, instead of one callback each. */
function nextFrame(): Promise<void> {
  frame ??= new Promise<void>((resolve) => {
    // A background tab renders a few times a second at most, and `updateComplete` never hangs.
    const timer = setTimeout(() => settle(), hiddenTabDelayMs);
    const frameRequest = requestAnimationFrame(() => settle());
    function settle() {
      clearTimeout(timer);
      cancelAnimationFrame(frameRequest);
      frame = undefined;
      resolve();
    }
  });
  return frame;
}

/** Distinct console warnings per element. */
const maxWarnings = 20;

/**
 * A mistake in the page's markup, which its author should see while writing it: an invalid topic, a
 * setting that cannot be used, no connection to use, a `select` that names no field of the message.
 */
export function isMarkupMistake(error: MqttElementsError): boolean {
  if (error.code === 'config' || error.code === 'topic' || error.code === 'no-connection') return true;
  return error instanceof PayloadError && error.step === 'select';
}

export class MqttElement extends LitElement {
  /** Registers the element under `tag`, warning (not throwing) when another version holds the tag. */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag);
    if (existing === undefined) {
      registry.define(tag, this);
    } else if (existing !== this) {
      console.warn(
        `<${tag}> is already defined by another copy of mqtt-elements; this copy's version is not used. ` +
          `Load the library once (either the CDN script or the npm package).`,
      );
    }
  }

  protected readonly internals: ElementInternals = this.attachInternals();

  override connectedCallback(): void {
    super.connectedCallback();
    // Here rather than at import, so that importing a class has no effect on the page.
    adoptThemeSwitch(this);
  }

  /**
   * Renders at most once per animation frame: an element that receives many messages in one frame
   * draws once, before the frame is painted.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated && typeof requestAnimationFrame === 'function') await nextFrame();
    super.scheduleUpdate();
  }

  /** Turns a state on or off both as a CSS custom state (`:state(stale)`) and as an attribute. */
  protected toggleState(name: string, on: boolean): void {
    try {
      if (on) this.internals.states.add(name);
      else this.internals.states.delete(name);
    } catch {
      // Older browsers without CustomStateSet still get the attribute.
    }
    this.toggleAttribute(name, on);
  }

  /**
   * Fires `mqtt-error`. A mistake in the page's markup (see `isMarkupMistake`) is also written to the
   * console once; what the broker or a device does is the page's to show, not the console's.
   */
  protected reportError(error: MqttElementsError): void {
    this.dispatchEvent(new MqttErrorEvent(error));
    if (isMarkupMistake(error)) this.#warnOnce(error);
  }

  readonly #warned = new Set<string>();
  #settingsMessage: string | undefined;

  /**
   * Checks settings against their rules (`[property, attribute, rule]`) and returns the problem, naming
   * each bad attribute, its value as written and what is allowed. A new problem is reported once.
   */
  protected checkSettings(
    checks: readonly (readonly [property: string, attribute: string, rule: SettingRule])[],
    consequence = 'The default is used instead.',
  ): MqttElementsError | undefined {
    const problems: string[] = [];
    for (const [property, attribute, rule] of checks) {
      const value = (this as unknown as Record<string, unknown>)[property];
      const problem = settingProblem(attribute, value, rule, this.getAttribute(attribute));
      if (problem) problems.push(problem);
    }
    if (problems.length === 0) {
      this.#settingsMessage = undefined;
      return undefined;
    }
    const error = new MqttElementsError('config', `${problems.join(' ')} ${consequence}`);
    if (error.message !== this.#settingsMessage) {
      this.#settingsMessage = error.message;
      this.reportMarkupMistake(error);
    }
    return error;
  }

  /**
   * Reports a mistake in the page's markup or settings: `mqtt-error`, plus one `console.warn` per
   * distinct message, so the author sees it while a repeating cause does not flood the console.
   */
  protected reportMarkupMistake(error: MqttElementsError): void {
    this.dispatchEvent(new MqttErrorEvent(error));
    this.#warnOnce(error);
  }

  #warnOnce(error: MqttElementsError): void {
    // Bounded: a select failing on every topic of a wide wildcard must not grow it without end.
    if (this.#warned.has(error.message) || this.#warned.size >= maxWarnings) return;
    this.#warned.add(error.message);
    console.warn(`<${this.localName}>: ${error.message}`);
  }
}

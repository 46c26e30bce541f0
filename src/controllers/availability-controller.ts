// Follows a device's availability (Home Assistant style) on one or more topics: `online` / `offline` by
// default, a JSON field, a list of "not available" payloads or a strict mode, combined by a mode.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  AvailabilityTracker,
  availabilityModes,
  parseList,
  type AvailabilityMode,
  type AvailabilityRule,
  type AvailabilityState,
} from '../core/availability.js';
import { settingProblem } from '../core/attribute-values.js';
import type { Connection } from '../core/connection.js';
import { errorMessage, MqttElementsError } from '../core/errors.js';
import type { MqttMessage } from '../core/message.js';
import { parseSelectPath } from '../core/value-pipeline.js';
import type { ConnectionController } from './connection-controller.js';

/** One availability topic and how to read it (Home Assistant's `availability` list entry). */
export interface AvailabilitySource extends AvailabilityRule {
  topic: string;
}

export interface AvailabilityControllerOptions {
  connection: ConnectionController;
  /**
   * The availability topic, or several: an array, or text holding a JSON array or topics separated by
   * whitespace. Without one the device counts as available.
   */
  topic: () => string | readonly string[] | null | undefined;
  /** The payload meaning available; default `online`. */
  payloadAvailable?: () => string | null | undefined;
  /** The payload meaning not available; default `offline`. Text holding a JSON array gives several. */
  payloadNotAvailable?: () => string | readonly string[] | null | undefined;
  /** Anything but the available payload means not available. */
  strict?: () => boolean | undefined;
  /** A field of a JSON availability payload, in `select` syntax (zigbee2mqtt 2.x: `state`). */
  select?: () => string | null | undefined;
  /** Reads the text to compare from a message (a template evaluator); wins over `select`. */
  read?: (message: MqttMessage) => string | undefined;
  /** How several topics combine: `latest` (default), `all`, `any`. */
  mode?: () => string | null | undefined;
  /**
   * Per-topic rules, for callers that have them (Home Assistant discovery): when given and non-empty,
   * these replace `topic` and the shared payload settings.
   */
  sources?: () => readonly AvailabilitySource[] | null | undefined;
  /** A setting that cannot be used, or a subscription the broker refused. */
  onError?: (error: MqttElementsError) => void;
  /** The availability changed (the host is asked to update as well). */
  onChange?: (state: AvailabilityState) => void;
}

/**
 * Follows availability for an element. Before any topic has given a verdict the state is `unknown`,
 * and `available` is false, as in Home Assistant: firmware publishes availability retained, so the
 * verdict normally arrives with the subscription. A cleared (empty retained) availability message
 * means unavailable.
 */
export class AvailabilityController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: AvailabilityControllerOptions;
  readonly #tracker = new AvailabilityTracker();
  #sources: AvailabilitySource[] = [];
  #subscribed = new Map<string, () => void>();
  #core: Connection | undefined;
  #key = '';
  #attached = false;
  #configError: MqttElementsError | undefined;
  #subscribeError: MqttElementsError | undefined;
  /** The last verdict-giving message, for the reason text. */
  #last: { topic: string; text: string } | undefined;
  #state: AvailabilityState = 'unknown';

  constructor(host: ReactiveControllerHost, options: AvailabilityControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** False while the device is reported unavailable or no verdict has come yet; true without topics. */
  get available(): boolean {
    return this.#sources.length === 0 || this.#state === 'available';
  }

  /** `available`, `unavailable` or `unknown` (no verdict yet); `available` without topics. */
  get state(): AvailabilityState {
    return this.#sources.length === 0 ? 'available' : this.#state;
  }

  /** The topics followed. */
  get topics(): readonly string[] {
    return this.#sources.map((s) => s.topic);
  }

  /** A bad setting, or a refused subscription. */
  get error(): MqttElementsError | undefined {
    return this.#configError ?? this.#subscribeError;
  }

  /** Why the device counts as unavailable, in a sentence for a title or an event; empty when available. */
  get reason(): string {
    const state = this.state;
    if (state === 'available') return '';
    const topics = this.topics.map((t) => `"${t}"`).join(', ');
    if (state === 'unknown') {
      return `No availability message yet on ${topics}: the device counts as unavailable until one says it is available.`;
    }
    const last = this.#last;
    const said = last
      ? last.text === ''
        ? ` ("${last.topic}" was cleared)`
        : ` ("${last.topic}" says ${JSON.stringify(last.text.length > 60 ? `${last.text.slice(0, 60)}…` : last.text)})`
      : '';
    return `The device is unavailable${said}.`;
  }

  hostConnected(): void {
    this.#attached = true;
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#attached = false;
    this.#unsubscribeAll();
    this.#core = undefined;
    this.#key = '';
  }

  /** Reads the options and (re)subscribes when topics, rules or the connection changed. */
  #sync(): void {
    const { sources, error } = this.#readSources();
    const core = this.#attached ? this.#options.connection.core : undefined;
    const key =
      JSON.stringify(sources, (_k, v: unknown) => (typeof v === 'function' ? 'fn' : v)) +
      '|' +
      this.#options.mode?.();
    if (core === this.#core && key === this.#key) return;
    const settingsChanged = key !== this.#key;
    this.#key = key;
    if (settingsChanged) {
      if (error?.message !== this.#configError?.message && error) this.#options.onError?.(error);
      this.#configError = error;
      this.#tracker.mode = this.#readMode();
    }
    this.#unsubscribeAll();
    this.#core = core;
    this.#sources = sources;
    if (settingsChanged) {
      this.#tracker.reset();
      this.#last = undefined;
    }
    this.#subscribeError = undefined;
    for (const source of sources) {
      if (!core || this.#subscribed.has(source.topic)) continue;
      try {
        const stop = core.subscribe(source.topic, (message) => this.#receive(source, message), {
          qos: 1,
          onError: (err) => this.#failSubscribe(err),
        });
        this.#subscribed.set(source.topic, stop);
      } catch (err) {
        this.#failSubscribe(
          err instanceof MqttElementsError
            ? new MqttElementsError(err.code, `availability-topic: ${err.message}`, { cause: err })
            : new MqttElementsError('topic', String(err), { cause: err }),
        );
      }
    }
    this.#updateState();
  }

  #readSources(): { sources: AvailabilitySource[]; error: MqttElementsError | undefined } {
    const given = this.#options.sources?.();
    if (given && given.length > 0) return { sources: [...given], error: undefined };
    let error: MqttElementsError | undefined;
    const fail = (what: string, err: unknown) => {
      error ??= new MqttElementsError('config', `${what}: ${errorMessage(err)}`, {
        cause: err,
      });
    };
    let topics: string[] = [];
    try {
      topics = listOf(this.#options.topic(), true);
    } catch (err) {
      fail('availability-topic', err);
    }
    let notAvailable: string[] | undefined;
    try {
      const list = listOf(this.#options.payloadNotAvailable?.(), false);
      notAvailable = list.length > 0 ? list : undefined;
    } catch (err) {
      fail('payload-not-available', err);
    }
    const select = this.#options.select?.() || undefined;
    if (select) {
      try {
        parseSelectPath(select);
      } catch (err) {
        fail('availability-select', err);
      }
    }
    const rule: AvailabilityRule = {
      payloadAvailable: this.#options.payloadAvailable?.() || undefined,
      payloadsNotAvailable: notAvailable,
      strict: this.#options.strict?.() ?? false,
      select: error ? undefined : select,
      read: this.#options.read,
    };
    return { sources: [...new Set(topics)].map((topic) => ({ topic, ...rule })), error };
  }

  #readMode(): AvailabilityMode {
    const mode = this.#options.mode?.()?.trim() || 'latest';
    const problem = settingProblem('availability-mode', mode, { kind: 'choice', values: availabilityModes });
    if (!problem) return mode as AvailabilityMode;
    const error = new MqttElementsError('config', `${problem} Using latest.`);
    this.#configError ??= error;
    this.#options.onError?.(error);
    return 'latest';
  }

  #receive(source: AvailabilitySource, message: MqttMessage): void {
    if (this.#tracker.receive(message, source, source.topic) !== undefined) {
      this.#last = { topic: message.topic, text: message.text };
    }
    this.#updateState();
  }

  #updateState(): void {
    const state = this.#tracker.stateOf(this.#sources.map((s) => s.topic));
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onChange?.(state);
    this.#host.requestUpdate();
  }

  #failSubscribe(error: MqttElementsError): void {
    this.#subscribeError = error;
    this.#options.onError?.(error);
    this.#host.requestUpdate();
  }

  #unsubscribeAll(): void {
    for (const stop of this.#subscribed.values()) stop();
    this.#subscribed.clear();
  }
}

/** The availability attributes an element carries (the same names on every element). */
export interface AvailabilityAttributes {
  availabilityTopic?: string | undefined;
  availabilityMode?: string | undefined;
  availabilitySelect?: string | undefined;
  availabilityStrict?: boolean | undefined;
  payloadAvailable?: string | undefined;
  payloadNotAvailable?: string | undefined;
}

/** The controller options that read an element's availability attributes. */
export function availabilityOptionsOf(
  element: AvailabilityAttributes,
): Pick<
  AvailabilityControllerOptions,
  'topic' | 'mode' | 'select' | 'strict' | 'payloadAvailable' | 'payloadNotAvailable'
> {
  return {
    topic: () => element.availabilityTopic,
    mode: () => element.availabilityMode,
    select: () => element.availabilitySelect,
    strict: () => element.availabilityStrict,
    payloadAvailable: () => element.payloadAvailable,
    payloadNotAvailable: () => element.payloadNotAvailable,
  };
}

function listOf(value: string | readonly string[] | null | undefined, split: boolean): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'string') return value.filter((v) => v !== '');
  return parseList(value, { split });
}

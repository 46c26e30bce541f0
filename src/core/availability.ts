// Whether a device is reachable, from one or more availability topics, the way Home Assistant decides
// it: each topic's latest verdict, combined by a mode (`all`, `any`, `latest`). Plain TypeScript: the
// availability controller, the discovery dashboard and a user's own code share it.
import type { MqttMessage } from './message.js';
import { parseSelectPath, selectValue, type SelectPath } from './value-pipeline.js';

/**
 * - `latest`: the last verdict on any topic decides (Home Assistant's default).
 * - `all`: available only while every topic says available (unknown while one has not spoken yet).
 * - `any`: available while at least one topic says available.
 */
export type AvailabilityMode = 'all' | 'any' | 'latest';
export const availabilityModes: readonly AvailabilityMode[] = ['all', 'any', 'latest'];

/**
 * `unknown`: no topic has given a verdict yet (nothing retained, nothing received). Elements show it as
 * unavailable, as Home Assistant does, and say why in their title.
 */
export type AvailabilityState = 'available' | 'unavailable' | 'unknown';

/** How to read one availability topic. */
export interface AvailabilityRule {
  /** The payload (after `read`/`select`) that means available; default `online`. */
  payloadAvailable?: string | undefined;
  /** The payloads that mean not available; default `offline`. Ignored when `strict`. */
  payloadsNotAvailable?: readonly string[] | undefined;
  /** Anything but `payloadAvailable` means not available (Homie's `$state`: only `ready` is). */
  strict?: boolean | undefined;
  /**
   * A field of a JSON payload to compare, in `select` syntax (`state`, `/state`): zigbee2mqtt 2.x
   * sends `{"state":"online"}`. A payload without that field is no verdict.
   */
  select?: string | undefined;
  /**
   * Reads the text to compare from a message, for conventions that need more than a field (the
   * discovery dashboard passes its template evaluator here). Wins over `select`. Return `undefined`
   * for "no verdict".
   */
  read?: ((message: MqttMessage) => string | undefined) | undefined;
}

export const defaultPayloadAvailable = 'online';
export const defaultPayloadsNotAvailable: readonly string[] = ['offline'];

/** What one message says: true (available), false (not), undefined (neither: keep the last verdict). */
export function availabilityVerdict(
  message: MqttMessage,
  rule: AvailabilityRule,
  selectPath?: SelectPath,
): boolean | undefined {
  // A cleared retained availability means nobody vouches for the device any more.
  if (message.isClear) return false;
  let text: string | undefined;
  if (rule.read) {
    text = rule.read(message);
  } else if (selectPath) {
    text = selectedText(message, selectPath);
  } else {
    text = message.text;
  }
  if (text === undefined) return undefined;
  text = text.trim();
  if (text === (rule.payloadAvailable ?? defaultPayloadAvailable)) return true;
  if (rule.strict) return false;
  return (rule.payloadsNotAvailable ?? defaultPayloadsNotAvailable).includes(text) ? false : undefined;
}

function selectedText(message: MqttMessage, path: SelectPath): string | undefined {
  const json = message.json;
  if (json === undefined) return undefined;
  try {
    const value = selectValue(json, path, message.topic);
    if (value === undefined || value === null) return undefined;
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return undefined;
  }
}

/**
 * The availability of one device over any number of topics. Feed it every message of its topics with
 * `receive`; `state` combines their verdicts by `mode`.
 */
export class AvailabilityTracker {
  mode: AvailabilityMode;
  /** Each topic's latest verdict. */
  readonly #verdicts = new Map<string, boolean>();
  #latest: boolean | undefined;
  readonly #paths = new Map<string, SelectPath>();

  constructor(mode: AvailabilityMode = 'latest') {
    this.mode = mode;
  }

  /**
   * Takes one message and returns its verdict (undefined: it said neither, and changed nothing). `key`
   * names the source it came from (default its topic; a wildcard source passes its filter).
   */
  receive(message: MqttMessage, rule: AvailabilityRule = {}, key = message.topic): boolean | undefined {
    const verdict = availabilityVerdict(message, rule, this.#pathOf(rule.select));
    if (verdict === undefined) return undefined;
    this.#verdicts.set(key, verdict);
    this.#latest = verdict;
    return verdict;
  }

  /** Forgets one topic (it is no longer followed); returns whether `state` may have changed. */
  forget(topic: string): boolean {
    const before = this.state;
    this.#verdicts.delete(topic);
    if (this.#verdicts.size === 0) this.#latest = undefined;
    return this.state !== before;
  }

  /** Forgets every verdict. */
  reset(): void {
    this.#verdicts.clear();
    this.#latest = undefined;
  }

  /** The verdict of one topic, if it gave one. */
  verdictOf(topic: string): boolean | undefined {
    return this.#verdicts.get(topic);
  }

  /**
   * Combines the verdicts. `topics` are the topics followed (for `all`, a topic that has not spoken
   * keeps the device from being available); without them, the topics heard so far.
   */
  stateOf(topics?: readonly string[]): AvailabilityState {
    const heard = topics ? topics.map((t) => this.#verdicts.get(t)) : [...this.#verdicts.values()];
    if (!heard.some((v) => v !== undefined)) return 'unknown';
    switch (this.mode) {
      case 'all':
        // A topic that has not spoken yet leaves the answer open, unless another already said no.
        if (heard.some((v) => v === false)) return 'unavailable';
        return heard.every((v) => v === true) ? 'available' : 'unknown';
      case 'any':
        return heard.some((v) => v === true) ? 'available' : 'unavailable';
      default:
        return this.#latest ? 'available' : 'unavailable';
    }
  }

  get state(): AvailabilityState {
    return this.stateOf();
  }

  /** Throws (a PayloadError saying why) when `select` is not a valid path. */
  #pathOf(select: string | undefined): SelectPath | undefined {
    if (!select) return undefined;
    let path = this.#paths.get(select);
    if (!path) {
      path = parseSelectPath(select);
      this.#paths.set(select, path);
    }
    return path;
  }
}

/**
 * Reads a list attribute: a JSON array (`["init","lost"]`), else, with `split`, words separated by
 * whitespace (topic lists), or without it the whole text as one item (payload lists, where a payload
 * may hold spaces). Throws on a malformed JSON array.
 */
export function parseList(text: string | null | undefined, { split = false } = {}): string[] {
  if (text === undefined || text === null) return [];
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error(`${trimmed} is not a JSON array: write it as ["a","b"] with double quotes.`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${trimmed} is not a JSON array.`);
    return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return split ? trimmed.split(/\s+/) : [trimmed];
}

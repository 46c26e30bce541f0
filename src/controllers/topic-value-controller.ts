// The value pipeline of a subscribing element: subscription, decode → select → map, freshness and
// error states. Widgets reuse it so each of them is a thin view.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import type { MqttMessage } from '../core/message.js';
import {
  decodePayload,
  mapValue,
  parseSelectPath,
  parseValueMap,
  selectValue,
  splitSelectList,
  type PayloadFormat,
  type SelectPath,
} from '../core/value-pipeline.js';
import { errorMessage, MqttElementsError } from '../core/errors.js';
import type { ConnectionController } from './connection-controller.js';
import { SubscriptionController } from './subscription-controller.js';

export interface ValueSettings {
  as?: PayloadFormat | undefined;
  select?: string | undefined;
  map?: string | undefined;
  /** Seconds without a message after which the value is stale. */
  expireAfter?: number | undefined;
  historySize?: number | undefined;
  /**
   * `select` lists several paths separated by commas (`temp, humidity`): each message then gives one
   * entry per path, the value or the MqttElementsError saying why that path has none (see `valueOf`).
   */
  selectList?: boolean | undefined;
}

export interface TopicValueControllerOptions {
  connection: ConnectionController;
  topic: () => string | null | undefined;
  qos?: () => QoS;
  /** With `persist`: keep every topic the filter brings, not only a shown exact topic. */
  keep?: () => boolean;
  settings: () => ValueSettings;
  /**
   * Called for each message with its value. Return `false` to keep the previous value on display
   * (the element's `mqtt-message` event was cancelled).
   */
  onValue?: (message: MqttMessage, value: unknown) => boolean | void;
  /** A subscription, configuration or payload problem, for the element to report. */
  onError?: (error: MqttElementsError) => void;
}

export class TopicValueController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TopicValueControllerOptions;
  readonly subscription: SubscriptionController;
  #value: unknown;
  #message: MqttMessage | undefined;
  #payloadError: MqttElementsError | undefined;
  #configError: MqttElementsError | undefined;
  #stale = false;
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  #history: MqttMessage[] = [];
  // Parsed settings, kept until their source text changes, so no message re-parses them.
  #selectSource: string | undefined;
  #selectList: boolean | undefined;
  #selectPath: SelectPath | undefined;
  /** With `selectList`: the paths as written, and parsed. */
  #selectSources: string[] = [];
  #selectPaths: SelectPath[] = [];
  #mapSource: string | undefined;
  #map: Map<string, unknown> | undefined;

  constructor(host: ReactiveControllerHost, options: TopicValueControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.subscription = new SubscriptionController(host, {
      connection: options.connection,
      topic: options.topic,
      ...(options.qos && { qos: options.qos }),
      ...(options.keep && { keep: options.keep }),
      onMessage: (message) => this.#receive(message),
      onError: (error) => {
        options.onError?.(error);
        host.requestUpdate();
      },
    });
  }

  /** The latest value after decode, select and map; undefined before the first message. */
  get value(): unknown {
    return this.#value;
  }

  get message(): MqttMessage | undefined {
    return this.#message;
  }

  /** The last `historySize` messages, oldest first. */
  get history(): readonly MqttMessage[] {
    return this.#history;
  }

  get hasValue(): boolean {
    return this.#value !== undefined;
  }

  get stale(): boolean {
    return this.#stale;
  }

  /** The value shown was kept on the device from an earlier visit (`persist`) and no live one came yet. */
  get restored(): boolean {
    return this.#message?.restored ?? false;
  }

  /** Whatever keeps the element from showing a correct, current value (topic, settings or payload). */
  get error(): MqttElementsError | undefined {
    return (
      this.subscription.error ?? this.#configError ?? this.#payloadError ?? this.#options.connection.error
    );
  }

  /** A `select` or `map` that cannot be used. */
  get settingsError(): MqttElementsError | undefined {
    this.#parseSettings();
    return this.#configError;
  }

  /** With `selectList`: the paths of `select` as written, one per entry of each value. */
  get selectSources(): readonly string[] {
    this.#parseSettings();
    return this.#selectSources;
  }

  get offline(): boolean {
    return !this.#options.connection.connected;
  }

  hostUpdate(): void {
    this.#parseSettings();
  }

  hostDisconnected(): void {
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
  }

  /**
   * Runs decode → select → map on one message; throws a PayloadError when a step fails. With
   * `selectList`, returns an array with one entry per path (one entry without `select`): the value, or
   * the MqttElementsError saying why that path has none; only a payload that cannot be decoded throws.
   */
  valueOf(message: MqttMessage): unknown {
    const settings = this.#options.settings();
    this.#parseSettings();
    const decoded = decodePayload(message.payload, settings.as ?? 'auto', message.topic);
    if (!this.#selectList) return this.#selectAndMap(decoded, this.#selectPath, message.topic);
    if (this.#selectPaths.length === 0) return [this.#readPath(decoded, undefined, message.topic)];
    return this.#selectPaths.map((path) => this.#readPath(decoded, path, message.topic));
  }

  #readPath(decoded: unknown, path: SelectPath | undefined, topic: string): unknown {
    try {
      return this.#selectAndMap(decoded, path, topic);
    } catch (err) {
      return err instanceof MqttElementsError
        ? err
        : new MqttElementsError('payload', errorMessage(err), { cause: err });
    }
  }

  #selectAndMap(decoded: unknown, path: SelectPath | undefined, topic: string): unknown {
    let value = path ? selectValue(decoded, path, topic) : decoded;
    if (this.#map) value = mapValue(value, this.#map);
    return value;
  }

  #receive(message: MqttMessage): void {
    const settings = this.#options.settings();
    const size = settings.historySize ?? 0;
    if (size > 0) {
      this.#history.push(message);
      if (this.#history.length > size) this.#history.splice(0, this.#history.length - size);
    }
    this.#restartStaleTimer(settings.expireAfter, message.receivedAt);

    if (message.isClear) {
      // An empty retained payload clears the value: back to the placeholder.
      this.#message = message;
      this.#value = undefined;
      this.#payloadError = undefined;
      this.#options.onValue?.(message, undefined);
      this.#host.requestUpdate();
      return;
    }
    let value: unknown;
    try {
      value = this.valueOf(message);
    } catch (err) {
      // The last good value stays on display; the reason goes to the title and the event.
      this.#payloadError =
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('payload', errorMessage(err), { cause: err });
      this.#options.onError?.(this.#payloadError);
      this.#host.requestUpdate();
      return;
    }
    this.#payloadError = undefined;
    this.#message = message;
    if (this.#options.onValue?.(message, value) !== false) this.#value = value;
    this.#host.requestUpdate();
  }

  /** Counts from when the message first arrived: a value restored from an earlier visit may be stale at once. */
  #restartStaleTimer(expireAfter: number | undefined, receivedAt: number): void {
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    this.#stale = false;
    if (!expireAfter || expireAfter <= 0) return;
    this.#staleTimer = setTimeout(
      () => {
        this.#stale = true;
        this.#host.requestUpdate();
      },
      Math.max(0, receivedAt + expireAfter * 1000 - Date.now()),
    );
  }

  #parseSettings(): void {
    const { select, map, selectList } = this.#options.settings();
    if (select === this.#selectSource && map === this.#mapSource && selectList === this.#selectList) return;
    this.#selectSource = select;
    this.#mapSource = map;
    this.#selectList = selectList;
    this.#configError = undefined;
    this.#selectPath = undefined;
    this.#selectSources = selectList && select ? splitSelectList(select) : [];
    this.#selectPaths = [];
    this.#map = undefined;
    const problems: string[] = [];
    try {
      if (selectList) this.#selectPaths = this.#selectSources.map((source) => parseSelectPath(source));
      else this.#selectPath = select ? parseSelectPath(select) : undefined;
    } catch (err) {
      problems.push(errorMessage(err));
    }
    try {
      this.#map = map ? parseValueMap(map) : undefined;
    } catch (err) {
      problems.push(errorMessage(err));
    }
    if (problems.length > 0) {
      this.#configError = new MqttElementsError('config', problems.join(' '));
      this.#options.onError?.(this.#configError);
    }
  }
}

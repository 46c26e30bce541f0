// The two-way logic of a control that commands a device and follows what the device reports (the
// Home Assistant model): a state topic, a command topic, optimistic mode, confirmation, rollback and
// availability. Widgets such as <mqtt-switch> and <mqtt-slider> are views over one of these.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import { errorMessage, MqttElementsError } from '../core/errors.js';
import type { MqttMessage } from '../core/message.js';
import { publishTopicError } from '../core/topic.js';
import { parseDuration } from '../core/value-pipeline.js';
import { MqttPublishedEvent, MqttPublishEvent } from '../events.js';
import { AvailabilityController } from './availability-controller.js';
import type { ConnectionController } from './connection-controller.js';
import { TopicValueController, type ValueSettings } from './topic-value-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

/** How long a sent command waits for the device to report it, unless `confirmTimeout` says otherwise. */
export const defaultConfirmTimeoutMs = 5000;

export interface CommandControllerOptions<T> {
  connection: ConnectionController;
  /** Where the device reports its state. Without one the control is optimistic: it shows what it sent. */
  stateTopic: () => string | null | undefined;
  /** Where commands are published. */
  commandTopic: () => string | null | undefined;
  /** QoS for the state subscription and the commands. */
  qos?: () => QoS;
  /** Publish commands with the retain flag. */
  retain?: () => boolean;
  /** Seconds (a number or numeric text) or a duration such as `"500ms"`; default 5 s. */
  confirmTimeout?: () => string | number | null | undefined;
  /** `as`, `select`, `map`, `expireAfter` for the state topic. */
  settings?: () => ValueSettings;
  /**
   * The availability the element already follows (a widget's own); its errors are the element's to
   * report. Without one the controller follows `availabilityTopic` itself.
   */
  availability?: AvailabilityController;
  availabilityTopic?: () => string | null | undefined;
  payloadAvailable?: () => string | undefined;
  payloadNotAvailable?: () => string | undefined;
  /**
   * Reads a reported value (after decode, select and map) as the control's value. Throw (ideally a
   * `PayloadError` or `MqttElementsError` saying what was expected) when it cannot be read: the control
   * then shows an unknown state with that reason, never a guess.
   */
  readState: (value: unknown, message: MqttMessage) => T;
  /** The payload text to publish for a value. */
  payloadFor: (value: T) => string;
  /** Whether a reported value confirms a sent one; default `Object.is`. */
  confirms?: (reported: T, sent: T) => boolean;
  /** What an optimistic control shows before it has sent anything. */
  initial?: () => T | undefined;
  /** How to name a value in messages, e.g. `"ON"`; default its payload in quotes. */
  describe?: (value: T) => string;
  /** Every problem, once, for the element to report (usually as an `mqtt-error` event). */
  onError?: (error: MqttElementsError) => void;
}

/**
 * Holds the value a two-way control shows and sends commands for it.
 *
 * - With a state topic, `send()` publishes and the control shows the sent value as `pending` until
 *   the device reports a value that `confirms` it. If none comes within the confirm timeout, or the
 *   broker refuses the message, the control rolls back to the last reported value and gets an error.
 * - Without one it is optimistic: the sent value is shown at once, and rolled back only if the
 *   publish fails.
 * - A reported value that `readState` cannot read makes the value unknown (`undefined`) with the
 *   reason in `error`.
 */
export class CommandController<T> implements ReactiveController {
  readonly #host: Host;
  readonly #options: CommandControllerOptions<T>;
  /** The state topic's subscription and value pipeline. */
  readonly state: TopicValueController;
  readonly availability: AvailabilityController;

  #reported: T | undefined;
  #readError: MqttElementsError | undefined;
  /** What was sent and awaits the device's confirmation. */
  #target: { value: T } | undefined;
  /** Without a state topic: what was sent last. */
  #optimistic: { value: T } | undefined;
  #publishing = 0;
  #sequence = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #commandError: MqttElementsError | undefined;
  // Settings checked when their source text changes, so a bad one is reported once, not per render.
  #timeoutSource: string | number | null | undefined = null;
  #timeoutMs = defaultConfirmTimeoutMs;
  #timeoutError: MqttElementsError | undefined;
  #commandTopicSource: string | null | undefined = null;
  #commandTopicError: MqttElementsError | undefined;

  constructor(host: Host, options: CommandControllerOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.state = new TopicValueController(host, {
      connection: options.connection,
      topic: options.stateTopic,
      ...(options.qos && { qos: options.qos }),
      settings: options.settings ?? (() => ({})),
      onValue: (message, value) => this.#receive(message, value),
      onError: (error) => options.onError?.(error),
    });
    this.availability =
      options.availability ??
      new AvailabilityController(host, {
        connection: options.connection,
        topic: options.availabilityTopic ?? (() => undefined),
        ...(options.payloadAvailable && { payloadAvailable: options.payloadAvailable }),
        ...(options.payloadNotAvailable && { payloadNotAvailable: options.payloadNotAvailable }),
        onError: (error) => options.onError?.(error),
      });
  }

  /** The value to show: a value awaiting confirmation, else the reported (or, optimistic, last sent) one. */
  get value(): T | undefined {
    if (this.#target) return this.#target.value;
    if (this.optimistic) return this.#optimistic ? this.#optimistic.value : this.#options.initial?.();
    return this.#reported;
  }

  /** The last value the device reported; undefined before the first report, or when unreadable. */
  get reported(): T | undefined {
    return this.#reported;
  }

  /** True without a state topic: the control shows what it sent. */
  get optimistic(): boolean {
    return !this.#options.stateTopic();
  }

  /** A command was sent and its confirmation (or, optimistic, its acknowledgement) is awaited. */
  get pending(): boolean {
    return this.#target !== undefined || this.#publishing > 0;
  }

  /** False while the availability topic says the device is offline. */
  get available(): boolean {
    return this.availability.available;
  }

  /** The connection is not connected. */
  get offline(): boolean {
    return this.state.offline;
  }

  /** No state report for longer than `expireAfter`. */
  get stale(): boolean {
    return this.state.stale;
  }

  /** The state shown was kept on the device from an earlier visit (`persist`); no live report yet. */
  get restored(): boolean {
    return this.state.restored;
  }

  /** When the latest state report arrived (`Date.now()` time); undefined before the first. */
  get receivedAt(): number | undefined {
    return this.state.message?.receivedAt;
  }

  /** A command can be sent now: connected, and the device is not reported unavailable. */
  get ready(): boolean {
    return !this.offline && this.available;
  }

  /** Whatever is wrong now: settings, topics, the latest report, or the last command. */
  get error(): MqttElementsError | undefined {
    return (
      this.#timeoutError ??
      this.#commandTopicError ??
      this.state.error ??
      this.#readError ??
      this.availability.error ??
      this.#commandError
    );
  }

  hostUpdate(): void {
    this.#checkSettings();
  }

  hostDisconnected(): void {
    // A control taken out of the page stops waiting; it does not report a failure nobody sees.
    this.#settle();
  }

  /**
   * Publishes `value` to the command topic. Resolves once the broker accepted it (with a state topic,
   * `pending` stays on until the device confirms); rejects with the reason, which has also been
   * reported, when it cannot be sent.
   */
  async send(value: T): Promise<void> {
    this.#checkSettings();
    const problem = this.#sendProblem();
    if (problem) throw this.#failCommand(problem);
    const core = this.#options.connection.core!;
    const topic = this.#options.commandTopic()!;
    let payload: string;
    try {
      payload = this.#options.payloadFor(value);
    } catch (err) {
      // A payload template that cannot take the value ({{value|bool}} with "TOGGLE"): nothing is sent.
      throw this.#failCommand(
        new MqttElementsError(
          'config',
          `payload-template: ${err instanceof Error ? err.message : String(err)}`,
          {
            cause: err,
          },
        ),
      );
    }
    if (!this.#host.dispatchEvent(new MqttPublishEvent({ topic, payload }))) return;

    const qos = this.#options.qos?.() ?? 0;
    const retain = this.#options.retain?.() ?? false;
    const sequence = ++this.#sequence;
    const rollbackTo = this.#optimistic;
    this.#commandError = undefined;
    this.#publishing++;
    if (this.optimistic) {
      this.#optimistic = { value };
    } else {
      this.#target = { value };
      this.#startTimer(value, payload, topic);
    }
    this.#host.requestUpdate();
    try {
      await core.publish(topic, payload, { qos, retain });
      this.#host.dispatchEvent(new MqttPublishedEvent({ topic, payload, qos, retain }));
    } catch (err) {
      const error =
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('publish', String(err), { cause: err });
      // Only the latest command rolls back: an older one failing must not undo a newer one.
      if (sequence === this.#sequence) {
        if (this.optimistic) this.#optimistic = rollbackTo;
        this.#settle();
      }
      throw this.#failCommand(error);
    } finally {
      this.#publishing--;
      this.#host.requestUpdate();
    }
  }

  #sendProblem(): MqttElementsError | undefined {
    const topic = this.#options.commandTopic();
    if (!topic) {
      return new MqttElementsError(
        'config',
        'Nothing to publish to: set command-topic to the topic the device listens on.',
      );
    }
    if (this.#commandTopicError) return this.#commandTopicError;
    if (!this.#options.connection.core) {
      return new MqttElementsError(
        'no-connection',
        'Not inside an <mqtt-connection>, and no connection="…" names one: the command cannot be sent.',
      );
    }
    if (!this.available) {
      return new MqttElementsError(
        'not-connected',
        `The device is unavailable (its availability topic says so): "${topic}" was not sent.`,
      );
    }
    return undefined;
  }

  #receive(message: MqttMessage, value: unknown): boolean {
    if (message.isClear) {
      // A cleared retained state: nobody vouches for any state any more.
      this.#reported = undefined;
      this.#readError = undefined;
      return true;
    }
    let reported: T;
    try {
      reported = this.#options.readState(value, message);
    } catch (err) {
      this.#reported = undefined;
      this.#readError =
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('payload', errorMessage(err), {
              cause: err,
            });
      this.#options.onError?.(this.#readError);
      return true;
    }
    this.#reported = reported;
    this.#readError = undefined;
    const target = this.#target;
    // A report that differs may predate the command (a periodic report crossing it): keep waiting.
    if (target && this.#confirms(reported, target.value)) {
      this.#commandError = undefined;
      this.#settle();
    }
    return true;
  }

  #confirms(reported: T, sent: T): boolean {
    return this.#options.confirms ? this.#options.confirms(reported, sent) : Object.is(reported, sent);
  }

  #startTimer(value: T, payload: string, commandTopic: string): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const stateTopic = this.#options.stateTopic() ?? '';
      const name = this.#options.describe?.(value) ?? JSON.stringify(payload);
      const last =
        this.#reported === undefined ? '' : ` (it last reported ${this.#describe(this.#reported)})`;
      this.#settle();
      this.#failCommand(
        new MqttElementsError(
          'timeout',
          `No confirmation of ${name} on "${stateTopic}" within ${formatMs(this.#timeoutMs)} after publishing to ` +
            `"${commandTopic}"${last}: showing the reported state again. Check that the device is listening ` +
            `on the command topic, or raise confirm-timeout.`,
        ),
      );
    }, this.#timeoutMs);
  }

  #describe(value: T): string {
    return this.#options.describe?.(value) ?? JSON.stringify(this.#options.payloadFor(value));
  }

  /** Stops waiting for a confirmation; the reported value shows again. */
  #settle(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#target = undefined;
    this.#host.requestUpdate();
  }

  #failCommand(error: MqttElementsError): MqttElementsError {
    this.#commandError = error;
    this.#options.onError?.(error);
    this.#host.requestUpdate();
    return error;
  }

  #checkSettings(): void {
    const timeout = this.#options.confirmTimeout?.();
    if (timeout !== this.#timeoutSource) {
      this.#timeoutSource = timeout;
      this.#timeoutError = undefined;
      this.#timeoutMs = defaultConfirmTimeoutMs;
      if (timeout !== undefined && timeout !== null && timeout !== '') {
        try {
          this.#timeoutMs = parseDuration(String(timeout));
        } catch (err) {
          this.#timeoutError = new MqttElementsError(
            'config',
            `confirm-timeout: ${errorMessage(err)} Using ${formatMs(defaultConfirmTimeoutMs)}.`,
          );
          this.#options.onError?.(this.#timeoutError);
        }
      }
    }
    const topic = this.#options.commandTopic();
    if (topic !== this.#commandTopicSource) {
      this.#commandTopicSource = topic;
      const problem = topic ? publishTopicError(topic) : undefined;
      this.#commandTopicError = problem
        ? new MqttElementsError('topic', `command-topic: ${problem}`)
        : undefined;
      if (this.#commandTopicError) this.#options.onError?.(this.#commandTopicError);
    }
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

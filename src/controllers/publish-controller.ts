// Publishing for an element: checks the topic, builds the payload (a fixed one, or a value put
// through a payload template), fires the cancelable `mqtt-publish` and the `mqtt-published` events,
// and keeps the pending and error states. <mqtt-publish> is a view over one of these, and a user's own
// Lit element can publish the same way.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import { MqttElementsError } from '../core/errors.js';
import { fillPayloadTemplate, PayloadTemplateError } from '../core/payload-template.js';
import type { Reply } from '../core/request-reply.js';
import { publishTopicError } from '../core/topic.js';
import { MqttPublishedEvent, MqttPublishEvent } from '../events.js';
import type { ConnectionController } from './connection-controller.js';
import type { RequestReplyController, RequestValues } from './request-reply-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

export interface PublishControllerOptions {
  connection: ConnectionController;
  /** The topic to publish to (no wildcards). */
  topic: () => string | null | undefined;
  qos?: () => QoS;
  retain?: () => boolean;
  /** Published when `publish()` is given no value. */
  payload?: () => string | null | undefined;
  /** Text or JSON around the value, e.g. `{"brightness": {{value}}}`. */
  payloadTemplate?: () => string | null | undefined;
  /** Where `request()` sends requests and waits for replies. */
  requests?: RequestReplyController;
  /** Every problem, once, for the element to report (usually as an `mqtt-error` event). */
  onError?: (error: MqttElementsError) => void;
  /**
   * `pending` or `error` changed. Called at once, for a host that shows them before its next render
   * (the host is asked to update as well).
   */
  onChange?: () => void;
}

export class PublishController implements ReactiveController {
  readonly #host: Host;
  readonly #options: PublishControllerOptions;
  #error: MqttElementsError | undefined;
  /** Publishes at QoS 1 or 2 awaiting their acknowledgement, and requests awaiting their reply. */
  #awaiting = 0;
  #checkedTopic: string | null | undefined = null;

  constructor(host: Host, options: PublishControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** A QoS 1/2 publish awaits its acknowledgement, or a request its reply. */
  get pending(): boolean {
    return this.#awaiting > 0;
  }

  /** The topic is invalid, or the last publish failed. */
  get error(): MqttElementsError | undefined {
    return this.#error;
  }

  hostUpdate(): void {
    // A bad topic is reported when it is set, not first when someone clicks.
    const topic = this.#options.topic();
    if (topic === this.#checkedTopic) return;
    this.#checkedTopic = topic;
    const problem = topic ? publishTopicError(topic) : undefined;
    if (problem) this.#fail(new MqttElementsError('topic', problem));
    else if (this.#error?.code === 'topic') this.#setError(undefined);
  }

  /**
   * Publishes `value` (through the payload template, if any), or the fixed payload when none is given.
   * Resolves once the broker acknowledged it, or when a listener cancelled the `mqtt-publish` event;
   * rejects with the reason, which has also been reported, when it was not published.
   */
  async publish(value?: unknown): Promise<void> {
    const topic = this.#options.topic() ?? '';
    const topicProblem = publishTopicError(topic);
    if (topicProblem) throw this.#fail(new MqttElementsError('topic', topicProblem));
    let payload: string | undefined;
    try {
      payload = this.#payloadFor(value);
    } catch (err) {
      throw this.#fail(err as MqttElementsError);
    }
    if (payload === undefined) throw this.#fail(this.#nothingToPublish(topic));
    const core = this.#options.connection.core;
    if (!core) {
      throw this.#fail(
        this.#options.connection.error ??
          new MqttElementsError(
            'no-connection',
            `Cannot publish to "${topic}": not inside an <mqtt-connection>, and no connection="…" names one.`,
          ),
      );
    }
    if (!this.#host.dispatchEvent(new MqttPublishEvent({ topic, payload }))) return;

    const qos = this.#options.qos?.() ?? 0;
    const retain = this.#options.retain?.() ?? false;
    if (qos > 0) this.#awaiting++;
    this.#changed();
    try {
      await core.publish(topic, payload, { qos, retain });
      this.#setError(undefined);
      this.#host.dispatchEvent(new MqttPublishedEvent({ topic, payload, qos, retain }));
    } catch (err) {
      throw this.#fail(
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('publish', String(err), { cause: err }),
      );
    } finally {
      if (qos > 0) this.#awaiting--;
      this.#changed();
    }
  }

  /**
   * Sends `value` (or the fixed payload) as a request through the `requests` controller and resolves
   * with its reply. The template may use the request's `{{id}}`, `{{client_id}}` and
   * `{{response_topic}}`. A reply carrying a JSON-RPC `error` resolves too, and sets `error`.
   */
  async request(value?: unknown): Promise<Reply> {
    const requests = this.#options.requests;
    const topic = this.#options.topic() ?? '';
    const topicProblem = publishTopicError(topic);
    if (topicProblem) throw this.#fail(new MqttElementsError('topic', topicProblem));
    if (!requests) throw this.#fail(new MqttElementsError('config', 'This element cannot wait for replies.'));
    const qos = this.#options.qos?.() ?? 0;
    const retain = this.#options.retain?.() ?? false;
    let sent = '';
    this.#awaiting++;
    this.#changed();
    try {
      const reply = await requests.request(
        topic,
        (values) => {
          const payload = this.#payloadFor(value, values);
          if (payload === undefined) throw this.#nothingToPublish(topic);
          if (!this.#host.dispatchEvent(new MqttPublishEvent({ topic, payload }))) {
            throw new MqttElementsError(
              'config',
              `The request to "${topic}" was cancelled by an mqtt-publish listener.`,
            );
          }
          sent = payload;
          return payload;
        },
        { qos, retain },
      );
      this.#host.dispatchEvent(new MqttPublishedEvent({ topic, payload: sent, qos, retain }));
      if (reply.error !== undefined && reply.error !== null) {
        this.#fail(
          new MqttElementsError(
            'reply',
            `The device answered with an error: ${JSON.stringify(reply.error)}.`,
            {
              cause: reply,
            },
          ),
        );
      } else {
        this.#setError(undefined);
      }
      return reply;
    } catch (err) {
      // The requests controller has reported it already.
      this.#setError(err instanceof MqttElementsError ? err : new MqttElementsError('publish', String(err)));
      throw err;
    } finally {
      this.#awaiting--;
      this.#changed();
    }
  }

  /** The text to send, or undefined when there is none; throws a `config` error when the template refuses the value. */
  #payloadFor(value: unknown, values?: RequestValues): string | undefined {
    const raw = value !== undefined ? value : (this.#options.payload?.() ?? undefined);
    const template = this.#options.payloadTemplate?.();
    // A template that does not use the value (a fixed RPC call with only {{id}}) needs none.
    if (raw === undefined && !(template && !/\{\{\s*value\b/.test(template))) return undefined;
    if (template) {
      try {
        return fillPayloadTemplate(template, raw, { ...values });
      } catch (err) {
        if (!(err instanceof PayloadTemplateError)) throw err;
        throw new MqttElementsError('config', `payload-template: ${err.message}`, { cause: err });
      }
    }
    return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  }

  #nothingToPublish(topic: string): MqttElementsError {
    return new MqttElementsError(
      'config',
      `<${this.#host.localName} topic="${topic}"> has nothing to publish: set its payload attribute, or ` +
        `give the button a value attribute.`,
    );
  }

  #fail(error: MqttElementsError): MqttElementsError {
    this.#setError(error);
    this.#options.onError?.(error);
    return error;
  }

  #setError(error: MqttElementsError | undefined): void {
    this.#error = error;
    this.#changed();
  }

  #changed(): void {
    this.#options.onChange?.();
    this.#host.requestUpdate();
  }
}

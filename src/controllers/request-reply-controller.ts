// Publishes requests and waits for their replies on a response topic, matched by MQTT 5 correlation
// data or by a JSON `id` (Shelly Gen2 RPC). The element (or a user's own) builds the payload; this
// subscribes to the response topic, numbers the requests and times them out.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QoS } from '../core/connection-core.js';
import { MqttElementsError } from '../core/errors.js';
import {
  correlationDataOf,
  newRequestId,
  ReplyMatcher,
  replyMatches,
  type Reply,
  type ReplyMatch,
} from '../core/request-reply.js';
import { topicFilterError } from '../core/topic.js';
import { parseDuration, settingProblem } from '../core/attribute-values.js';
import type { ConnectionController } from './connection-controller.js';
import { SubscriptionController } from './subscription-controller.js';

/** How long a request waits for its reply unless `timeout` says otherwise. */
export const defaultReplyTimeoutMs = 5000;

/** What a payload template may use besides `{{value}}` when it builds a request. */
export interface RequestValues {
  /** The request's id (a number), also its correlation data as text. */
  id: number;
  /** The connection's client id: Shelly Gen2 answers on `<src>/rpc`, so `src` is often this. */
  client_id: string;
  /** The response topic, with `{{client_id}}` filled in. */
  response_topic: string;
}

export interface RequestReplyControllerOptions {
  connection: ConnectionController;
  /** Where replies arrive; `{{client_id}}` is replaced by the connection's client id. Empty: no replies awaited. */
  responseTopic: () => string | null | undefined;
  /** `correlation-data` or `json-id`; default correlation data on an MQTT 5 connection, else the JSON id. */
  match?: () => string | null | undefined;
  /** Seconds (a number or numeric text) or a duration such as `"2s"`; default 5 s. */
  timeout?: () => string | number | null | undefined;
  /** A reply arrived for one of this controller's requests. */
  onReply?: (reply: Reply) => void;
  onError?: (error: MqttElementsError) => void;
}

export class RequestReplyController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: RequestReplyControllerOptions;
  readonly #matchers = new Map<ReplyMatch, ReplyMatcher>();
  readonly subscription: SubscriptionController;
  #reply: Reply | undefined;

  constructor(host: ReactiveControllerHost, options: RequestReplyControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.subscription = new SubscriptionController(host, {
      connection: options.connection,
      topic: () => this.responseTopic,
      qos: () => 1,
      onMessage: (message) => {
        for (const matcher of this.#matchers.values()) {
          const reply = matcher.receive(message, message.properties?.correlationData);
          if (reply) {
            this.#reply = reply;
            options.onReply?.(reply);
            host.requestUpdate();
          }
        }
      },
      onError: (error) => options.onError?.(error),
    });
  }

  /** The response topic with `{{client_id}}` filled in, or undefined without one. */
  get responseTopic(): string | undefined {
    const template = this.#options.responseTopic()?.trim();
    if (!template) return undefined;
    const clientId = this.#options.connection.core?.config?.clientId ?? '';
    return template.replace(/\{\{\s*client_id\s*\}\}/g, clientId);
  }

  /** True while at least one request waits for its reply. */
  get pending(): boolean {
    for (const matcher of this.#matchers.values()) if (matcher.pending > 0) return true;
    return false;
  }

  /** The latest reply. */
  get reply(): Reply | undefined {
    return this.#reply;
  }

  hostDisconnected(): void {
    for (const matcher of this.#matchers.values()) {
      matcher.cancelAll(new MqttElementsError('config', 'The element left the page before the reply came.'));
    }
  }

  /**
   * Publishes one request to `topic` and resolves with its reply. `build` makes the payload from the
   * request's values (id, client id, response topic). Rejects, with a reason that has also gone to
   * `onError`, when the request cannot be sent or no reply comes in time.
   */
  async request(
    topic: string,
    build: (values: RequestValues) => string,
    options: { qos?: QoS; retain?: boolean; describe?: string } = {},
  ): Promise<Reply> {
    try {
      return await this.#request(topic, build, options);
    } catch (err) {
      const error =
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('publish', String(err), { cause: err });
      this.#options.onError?.(error);
      throw error;
    } finally {
      this.#host.requestUpdate();
    }
  }

  async #request(
    topic: string,
    build: (values: RequestValues) => string,
    options: { qos?: QoS; retain?: boolean; describe?: string },
  ): Promise<Reply> {
    const core = this.#options.connection.core;
    if (!core) {
      throw new MqttElementsError(
        'no-connection',
        'Not inside an <mqtt-connection>, and no connection="…" names one: the request cannot be sent.',
      );
    }
    const responseTopic = this.responseTopic;
    if (!responseTopic) {
      throw new MqttElementsError('config', 'Set response-topic to the topic the device answers on.');
    }
    const problem = topicFilterError(responseTopic);
    if (problem) throw new MqttElementsError('topic', `response-topic: ${problem}`);
    const v5 = core.config?.protocolVersion === 5;
    const match = this.#match(v5);
    const timeoutMs = this.#timeoutMs();
    const id = newRequestId();
    const payload = build({ id, client_id: core.config?.clientId ?? '', response_topic: responseTopic });

    let matcher = this.#matchers.get(match);
    if (!matcher) this.#matchers.set(match, (matcher = new ReplyMatcher(match)));
    // The reply must not come before the response topic is subscribed.
    await core.whenSubscribed(responseTopic, timeoutMs);
    const what = options.describe ?? `the request to "${topic}"`;
    const reply = matcher.expect(
      id,
      timeoutMs,
      () => `${what} (id ${id}, reply expected on "${responseTopic}")`,
    );
    this.#host.requestUpdate();
    try {
      await core.publish(topic, payload, {
        qos: options.qos ?? 0,
        retain: options.retain ?? false,
        ...(match === 'correlation-data' && { responseTopic, correlationData: correlationDataOf(id) }),
      });
    } catch (err) {
      matcher.fail(
        id,
        err instanceof MqttElementsError
          ? err
          : new MqttElementsError('publish', String(err), { cause: err }),
      );
    }
    return reply;
  }

  #match(v5: boolean): ReplyMatch {
    const asked = this.#options.match?.()?.trim();
    if (!asked) return v5 ? 'correlation-data' : 'json-id';
    if (!(replyMatches as readonly string[]).includes(asked)) {
      throw new MqttElementsError(
        'config',
        `reply-match="${asked}" is not a way to match replies: use correlation-data (MQTT 5) or json-id.`,
      );
    }
    if (asked === 'correlation-data' && !v5) {
      throw new MqttElementsError(
        'config',
        'reply-match="correlation-data" needs MQTT 5: set protocol-version="5" on the <mqtt-connection>, or ' +
          'use reply-match="json-id" when the device echoes a JSON "id".',
      );
    }
    return asked as ReplyMatch;
  }

  #timeoutMs(): number {
    const given = this.#options.timeout?.();
    if (given === undefined || given === null || given === '') return defaultReplyTimeoutMs;
    let ms = NaN;
    try {
      ms = typeof given === 'number' ? given * 1000 : parseDuration(String(given), 's');
    } catch {
      // Reported below, with what is allowed.
    }
    const problem = settingProblem(
      'reply-timeout',
      ms,
      { kind: 'number', min: 1, duration: 'ms' },
      String(given),
    );
    if (problem) throw new MqttElementsError('config', `${problem} Nothing was sent.`);
    return ms;
  }
}

// The message object every subscriber receives: raw bytes plus lazily decoded text and JSON.

const utf8 = new TextDecoder('utf-8');

/** MQTT 5 properties a message may carry. */
export interface MessageProperties {
  /** Where the sender wants an answer. */
  responseTopic?: string;
  /** Data the answer must echo, so the asker can match it to its request. */
  correlationData?: Uint8Array;
  /** The sender's name/value pairs; a name sent more than once has all its values, in order. */
  userProperties?: Record<string, string | string[]>;
  /** What the payload is, as the sender describes it (often a MIME type). */
  contentType?: string;
  /** Seconds the message had left to live when the broker sent it. */
  messageExpiryInterval?: number;
  /** true: the sender says the payload is UTF-8 text; false: unspecified bytes. */
  payloadFormatIndicator?: boolean;
}

const propertyNames = [
  'responseTopic',
  'correlationData',
  'userProperties',
  'contentType',
  'messageExpiryInterval',
  'payloadFormatIndicator',
] as const;

/**
 * The properties of a received PUBLISH (as MQTT.js gives them) that a subscriber may use, if any. Most
 * messages carry none of them (an MQTT 5 subscription identifier alone is the common case), and then
 * nothing is allocated.
 */
export function messageProperties(received: MessageProperties | undefined): MessageProperties | undefined {
  let properties: Record<string, unknown> | undefined;
  if (received) {
    for (const name of propertyNames) {
      const value = received[name];
      // Correlation data is copied: MQTT.js's Buffer may be a view on a larger packet buffer.
      if (value !== undefined)
        (properties ??= {})[name] = value instanceof Uint8Array ? new Uint8Array(value) : value;
    }
  }
  return properties as MessageProperties | undefined;
}

/** What a subscriber gets for each MQTT message. `text` and `json` are decoded on first use. */
export class MqttMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly retained: boolean;
  readonly qos: 0 | 1 | 2;
  /** `Date.now()` when the message arrived in the page. */
  readonly receivedAt: number;
  /** MQTT 5 properties, when the message carried any (never on MQTT 3.1.1). */
  readonly properties: MessageProperties | undefined;
  /**
   * Kept on this device from an earlier visit (`persist` on the connection) rather than received on
   * the current connection; a live message on the topic replaces it.
   */
  readonly restored: boolean;
  #text?: string;
  #json?: { value: unknown } | null;

  constructor(
    topic: string,
    payload: Uint8Array,
    retained: boolean,
    qos: 0 | 1 | 2,
    receivedAt = Date.now(),
    properties?: MessageProperties,
    restored = false,
  ) {
    this.topic = topic;
    this.payload = payload;
    this.retained = retained;
    this.qos = qos;
    this.receivedAt = receivedAt;
    this.properties = properties;
    this.restored = restored;
  }

  /** The payload as UTF-8 text; bytes that are not UTF-8 become U+FFFD rather than throwing. */
  get text(): string {
    this.#text ??= utf8.decode(this.payload);
    return this.#text;
  }

  /** The payload parsed as JSON, or `undefined` when it is not JSON. */
  get json(): unknown {
    if (this.#json === undefined) {
      try {
        this.#json = { value: JSON.parse(this.text) };
      } catch {
        this.#json = null;
      }
    }
    return this.#json?.value;
  }

  /** An empty retained payload is how MQTT clears a retained value. */
  get isClear(): boolean {
    return this.payload.length === 0;
  }

  toJSON(): object {
    return {
      topic: this.topic,
      text: this.text,
      retained: this.retained,
      qos: this.qos,
      receivedAt: this.receivedAt,
      ...(this.restored && { restored: true }),
    };
  }
}

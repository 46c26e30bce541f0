// What the broker allows this connection, read from its CONNACK (MQTT 5 announces limits there;
// MQTT 3.1.1 has none, so the protocol's own bounds apply), and the checks a publish must pass first.
import type { IConnackPacket } from 'mqtt';
import type { QoS } from './connection-config.js';
import { MqttElementsError } from './errors.js';

/** The publish properties whose size counts (what the core sends: request/reply). */
interface PublishProperties {
  responseTopic?: string | undefined;
  correlationData?: Uint8Array | undefined;
}

/** The broker's limits for the current connection. A property it leaves out takes MQTT 5's default. */
export interface ServerLimits {
  /**
   * QoS 1 and 2 publishes the broker accepts unacknowledged at once (Receive Maximum); 65,535 when an
   * MQTT 5 broker sets none. MQTT 3.1.1 has no way to say: the page then sends them one at a time.
   */
  readonly receiveMaximum: number;
  /** The largest packet, in bytes, the broker accepts (Maximum Packet Size); `undefined` when it sets none. */
  readonly maximumPacketSize: number | undefined;
  /** The highest QoS the broker accepts in a PUBLISH (Maximum QoS). */
  readonly maximumQoS: QoS;
  /** Whether the broker keeps retained messages (Retain Available). */
  readonly retainAvailable: boolean;
  /** Topic aliases the broker accepts from this client (Topic Alias Maximum); 0: none. */
  readonly topicAliasMaximum: number;
  /** The keep-alive, in seconds, the broker imposes instead of the one asked for (Server Keep Alive). */
  readonly serverKeepAlive: number | undefined;
  /** Whether SUBSCRIBE may carry subscription identifiers (always false under MQTT 3.1.1). */
  readonly subscriptionIdentifiersAvailable: boolean;
  /** Whether filters may contain `+` and `#`. */
  readonly wildcardSubscriptionAvailable: boolean;
  /** Whether `$share/…` filters are supported. */
  readonly sharedSubscriptionAvailable: boolean;
}

/**
 * QoS 1/2 publishes in flight at once when the broker cannot say how many it takes (MQTT 3.1.1): one
 * at a time, as MQTT.js sends the messages it kept across a reconnect. Brokers do have a window, and
 * overrunning it loses messages without a word: Mosquitto 2.0 acknowledges a QoS 2 publish beyond
 * its 20 (`max_inflight_messages`) with PUBREC and drops it (a burst of 100 delivered 20), and Aedes
 * 1.2 loses QoS 2 copies for a persistent-session subscriber once 3 or more publishes of one client
 * overlap (86 of 100 arrived), while 2 at a time delivered all in five runs.
 */
export const assumedReceiveMaximum = 1;

/**
 * The limits a CONNACK announces. MQTT 3.1.1 announces none: the protocol's own bounds apply, and
 * the receive maximum is `assumedReceiveMaximum`.
 */
export function readServerLimits(connack: IConnackPacket, protocolVersion: 4 | 5): ServerLimits {
  const p = protocolVersion === 5 ? (connack.properties ?? {}) : {};
  return Object.freeze({
    receiveMaximum: protocolVersion === 5 ? (p.receiveMaximum ?? 65_535) : assumedReceiveMaximum,
    maximumPacketSize: p.maximumPacketSize,
    maximumQoS: (p.maximumQoS ?? 2) as QoS,
    retainAvailable: p.retainAvailable ?? true,
    topicAliasMaximum: p.topicAliasMaximum ?? 0,
    serverKeepAlive: p.serverKeepAlive,
    subscriptionIdentifiersAvailable: protocolVersion === 5 && (p.subscriptionIdentifiersAvailable ?? true),
    wildcardSubscriptionAvailable: p.wildcardSubscriptionAvailable ?? true,
    sharedSubscriptionAvailable: p.sharedSubscriptionAvailable ?? true,
  });
}

/**
 * The size on the wire of a PUBLISH as this library sends it: fixed header, topic, packet id for
 * QoS 1/2, and under MQTT 5 an empty property list (the core sends no properties with a publish).
 */
export function publishPacketSize(
  topicBytes: number,
  payloadBytes: number,
  qos: QoS,
  protocolVersion: 4 | 5,
  propertyBytes = 0,
): number {
  const properties = protocolVersion === 5 ? varintLength(propertyBytes) + propertyBytes : 0;
  const remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + properties + payloadBytes;
  return 1 + varintLength(remaining) + remaining;
}

/** The bytes the MQTT 5 properties this library sends with a publish take (request/reply only). */
export function publishPropertyBytes(properties: PublishProperties | undefined): number {
  if (!properties) return 0;
  let bytes = 0;
  if (properties.responseTopic !== undefined) bytes += 1 + 2 + utf8Length(properties.responseTopic);
  if (properties.correlationData !== undefined) bytes += 1 + 2 + properties.correlationData.length;
  return bytes;
}

function varintLength(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
}

/**
 * Whether a publish can go to this broker as asked. Returns the error to report when it cannot (too
 * large, retain not available), or the QoS to send it with: a QoS above the broker's maximum goes out
 * at the maximum, which the broker would otherwise answer by closing the connection.
 */
export function fitPublish(
  limits: ServerLimits,
  topic: string,
  payload: string | Uint8Array,
  qos: QoS,
  retain: boolean,
  protocolVersion: 4 | 5,
  properties?: PublishProperties,
): { error: MqttElementsError } | { qos: QoS; downgraded: boolean } {
  if (retain && !limits.retainAvailable) {
    return {
      error: new MqttElementsError(
        'not-supported',
        `Not published to "${topic}": this broker does not keep retained messages (it announced Retain ` +
          `Available 0), and a retained publish would make it close the connection. Publish without retain.`,
      ),
    };
  }
  const sentQos = qos > limits.maximumQoS ? limits.maximumQoS : qos;
  if (limits.maximumPacketSize !== undefined) {
    const size = publishPacketSize(
      utf8Length(topic),
      typeof payload === 'string' ? utf8Length(payload) : payload.length,
      sentQos,
      protocolVersion,
      publishPropertyBytes(properties),
    );
    if (size > limits.maximumPacketSize) {
      return {
        error: new MqttElementsError(
          'too-large',
          `Not published to "${topic}": the message is ${size} bytes as a packet, and this broker accepts ` +
            `at most ${limits.maximumPacketSize} bytes (its Maximum Packet Size). Send a smaller payload, or ` +
            `raise the broker's limit.`,
        ),
      };
    }
  }
  return { qos: sentQos, downgraded: sentQos !== qos };
}

const encoder = new TextEncoder();

function utf8Length(text: string): number {
  // Cheap for the usual ASCII topic; exact for everything else.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).length;
  return text.length;
}

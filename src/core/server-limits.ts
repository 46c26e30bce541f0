// What the broker allows this connection, read from its CONNACK (MQTT 5 announces limits there;
// MQTT 3.1.1 has none, so the protocol's own bounds apply), and the checks a publish must pass first.
import type { IConnackPacket } from 'mqtt';
import type { QoS } from './connection-core.js';
import { MqttElementsError } from './errors.js';

/** The broker's limits for the current connection. A property it leaves out takes MQTT 5's default. */
export interface ServerLimits {
  /** QoS 1 and 2 publishes the broker accepts unacknowledged at once (Receive Maximum); 65,535 when unset. */
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

/** The limits a CONNACK announces; under MQTT 3.1.1 only the protocol's own. */
export function readServerLimits(connack: IConnackPacket, protocolVersion: 4 | 5): ServerLimits {
  const p = protocolVersion === 5 ? (connack.properties ?? {}) : {};
  return Object.freeze({
    receiveMaximum: p.receiveMaximum ?? 65_535,
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
): number {
  const remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + (protocolVersion === 5 ? 1 : 0) + payloadBytes;
  const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
  return 1 + lengthBytes + remaining;
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

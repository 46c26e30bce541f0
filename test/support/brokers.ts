// What browser tests know about the brokers the test runner started (see test/brokers/).
import { executeServerCommand } from '@web/test-runner-commands';
import { until } from './until.js';

export type BrokerName = 'aedes' | 'mosquitto';
export interface BrokerInfo {
  wsUrl: string;
  tcpUrl: string;
}
export interface BrokerPacket {
  type: 'subscribe' | 'unsubscribe';
  clientId: string;
  topic: string;
  qos?: number;
}

let info: Promise<Record<BrokerName, BrokerInfo>> | undefined;

/** Both test brokers: `aedes` (MQTT 3.1.1) and `mosquitto` (3.1.1 and 5). */
export function brokers(): Promise<Record<BrokerName, BrokerInfo>> {
  info ??= executeServerCommand('brokers');
  return info;
}

export async function brokerUrl(name: BrokerName = 'aedes'): Promise<string> {
  return (await brokers())[name].wsUrl;
}

/** The SUBSCRIBE/UNSUBSCRIBE packets the broker received from one client, in order. */
export function brokerPackets(broker: BrokerName, clientId: string): Promise<BrokerPacket[]> {
  return executeServerCommand('broker-packets', { broker, clientId });
}

/** A unique topic prefix, so tests that share a broker never see each other's messages. */
export function uniqueTopic(name = 't'): string {
  return `test/${name}/${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Waits until the broker has received a SUBSCRIBE for `filter` from `clientId`, so that a message
 * published from now on reaches the element.
 */
export async function untilSubscribed(
  clientId: string,
  filter: string,
  broker: BrokerName = 'aedes',
): Promise<void> {
  await until(
    async () =>
      (await brokerPackets(broker, clientId)).some((p) => p.type === 'subscribe' && p.topic === filter),
    `${clientId} to subscribe to ${filter}`,
  );
}

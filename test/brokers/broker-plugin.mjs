// A web-test-runner plugin that starts both test brokers (embedded Aedes and Mosquitto) when the
// runner starts and stops them when it ends. Tests reach them through server commands
// (see test/support/brokers.ts): where to connect, and the SUBSCRIBE/UNSUBSCRIBE packets seen.
import { startBroker } from '../../dev/broker.mjs';
import { startMosquitto } from './mosquitto.mjs';

export function brokerPlugin() {
  /** @type {Record<string, Awaited<ReturnType<typeof startBroker>>>} */
  const brokers = {};
  return {
    name: 'mqtt-test-brokers',
    async serverStart() {
      brokers.aedes = await startBroker({ wsPort: 0, tcpPort: 0 });
      brokers.mosquitto = await startMosquitto();
    },
    async serverStop() {
      await Promise.all(Object.values(brokers).map((b) => b.close()));
    },
    async executeCommand({ command, payload }) {
      if (command === 'brokers') {
        return Object.fromEntries(
          Object.entries(brokers).map(([name, b]) => [name, { wsUrl: b.wsUrl, tcpUrl: b.tcpUrl }]),
        );
      }
      if (command === 'broker-packets') {
        const { broker, clientId } = payload;
        return brokers[broker].packetLog.filter((p) => p.clientId === clientId);
      }
      return undefined;
    },
  };
}

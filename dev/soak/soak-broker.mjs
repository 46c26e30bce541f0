// The soak's Mosquitto: persistent sessions, a password file and nothing anonymous, a TCP listener
// for the Node publisher and a WebSocket one for the page, stopped and started again on the same
// ports whenever the soak says.
import { startMosquitto } from '../../test/brokers/mosquitto.mjs';

/**
 * A stop is SIGTERM, never SIGKILL: on SIGTERM Mosquitto writes every session, with the QoS 1/2
 * messages it still owes, to its database before it exits, as it does when a service manager
 * restarts it for an upgrade. SIGKILL loses whatever it had not saved yet, so a message lost across
 * it would be the broker's loss, not one the page could have prevented.
 *
 * @param {{ passwordFile: string, logFile?: string }} options `logFile`: the broker's debug log, every
 *   packet to and from every client, for finding out where a message went.
 */
export async function startSoakBroker({ passwordFile, logFile }) {
  const mosquitto = await startMosquitto({
    persistence: true,
    // Saved on SIGTERM only: a full write of the database on each of twenty messages a second would
    // load the machine and is not how a broker is run.
    saveOnEveryChange: false,
    logConnections: true,
    logConnacks: logFile !== undefined,
    logFile,
    extraConfig: [
      'allow_anonymous false',
      `password_file ${passwordFile}`,
      // The default, 1000 queued messages per client, is reached by the QoS 1 stream in the longest
      // outage the soak makes (a 40 s black hole, then the page's backoff): the broker would then
      // drop messages by its own rule, and the soak would measure that instead of the page.
      'max_queued_messages 100000',
    ].join('\n'),
  });
  let restarts = 0;
  let startedAt = Date.now();
  // Restarts and reloads one after another: a SIGHUP while the broker is down would be lost, and one
  // in the instant between its ports opening and its signal handlers being set would end it.
  let queue = Promise.resolve();
  const serially = (task) => (queue = queue.then(task, task));

  return {
    wsPort: mosquitto.wsPort,
    tcpUrl: mosquitto.tcpUrl,
    connectLog: mosquitto.connectLog,
    packetLog: mosquitto.packetLog,
    get pid() {
      return mosquitto.pid;
    },
    get restarts() {
      return restarts;
    },
    /** SIGTERM, wait for the exit (the database is written by then), start again on the same ports. */
    restart: () =>
      serially(async () => {
        await mosquitto.stop();
        await mosquitto.start();
        startedAt = Date.now();
        restarts++;
      }),
    /** Reads the password file again (a stopped broker reads it when it starts). */
    reload: () =>
      serially(async () => {
        const settle = startedAt + 1_000 - Date.now();
        if (settle > 0) await new Promise((resolve) => setTimeout(resolve, settle));
        mosquitto.reload();
      }),
    /** Settles once the restarts and reloads asked for so far are done. */
    idle: () => queue,
    async close() {
      await queue;
      await mosquitto.stop();
      await mosquitto.close();
    },
  };
}

// Serves one tab's requests from a connection core: the subscriptions it holds (one listener per
// filter, whatever the number of its elements), its publishes, status and errors. The SharedWorker
// runs one per tab on the core the tabs share; a tab without the worker runs one on a core of its own.
import type { ConnectionCore } from '../connection-core.js';
import type { QoS } from '../connection-config.js';
import { asMqttError } from '../errors.js';
import { toWire, type TabReply, type TabRequest, type WireMessage } from './wire.js';

/**
 * How long a tab waits to hear that a filter is subscribed before it is told so regardless, as
 * `whenSubscribed` does: it only orders a request behind the subscription that hears the answer.
 */
const grantWaitMs = 30_000;

export interface TabService {
  handle(request: TabRequest): void;
  /** Releases everything the tab held. */
  dispose(): void;
}

export function serveTab(core: ConnectionCore, post: (reply: TabReply) => void): TabService {
  const held = new Map<string, { qos: QoS; id: number; stop: () => void }>();
  // Messages go in batches, one post per task: a burst costs one structured clone, not one per message.
  let batch: WireMessage[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    post({ t: 'msgs', batch: messages });
  };
  const send = (reply: TabReply) => {
    flush();
    post(reply);
  };
  const status = () =>
    send({
      t: 'status',
      info: core.statusInfo,
      error: core.error && toWire(core.error),
      limits: core.serverLimits,
      clientId: core.config?.clientId,
    });
  const stops = [core.onStatus(status), core.onError((error) => send({ t: 'error', error: toWire(error) }))];
  // After the caller has its handle: the tab answers the first status by sending its subscriptions.
  queueMicrotask(status);

  const subscribe = (filter: string, qos: QoS, id: number) => {
    const had = held.get(filter);
    if (had && had.qos >= qos && had.id === id) return;
    try {
      const stop = core.subscribe(
        filter,
        (m) => {
          if (batch.length === 0) queueMicrotask(flush);
          batch.push({
            id,
            topic: m.topic,
            payload: m.payload,
            retained: m.retained,
            qos: m.qos,
            receivedAt: m.receivedAt,
            properties: m.properties,
            restored: m.restored,
          });
        },
        { qos, onError: (error) => send({ t: 'suberr', filter, error: toWire(error) }) },
      );
      held.set(filter, { qos, id, stop });
    } catch (err) {
      send({ t: 'suberr', filter, error: toWire(asMqttError(err, 'topic')) });
    }
    // Replaced after the new listener joined, so the filter is never released in between.
    had?.stop();
  };

  return {
    handle(request) {
      switch (request.t) {
        case 'sub': {
          subscribe(request.filter, request.qos, request.id);
          void core
            .whenSubscribed(request.filter, grantWaitMs)
            .then(() => send({ t: 'granted', filter: request.filter }));
          return;
        }
        case 'unsub':
          held.get(request.filter)?.stop();
          held.delete(request.filter);
          send({ t: 'unsubbed', filter: request.filter });
          return;
        case 'pub': {
          const { n } = request;
          core.publish(request.topic, request.payload, request.options).then(
            () => send({ t: 'done', n }),
            (err: unknown) => send({ t: 'done', n, error: toWire(asMqttError(err, 'publish')) }),
          );
          return;
        }
        case 'resume':
          core.resumeHint();
          return;
        case 'clear':
          void core.clearPersisted().then(() => send({ t: 'done', n: request.n }));
          return;
      }
    },
    dispose() {
      for (const stop of stops) stop();
      for (const { stop } of held.values()) stop();
      held.clear();
      batch = [];
    },
  };
}

// The SharedWorker behind `<mqtt-connection shared>`: one connection core per broker URL and user,
// shared by every tab of the origin that asks for it. Each tab's port is served like a page's own
// elements are by a core (see serve-tab.ts): the core counts the tabs' subscriptions, so a filter
// costs one SUBSCRIBE however many tabs want it, and its last-message cache answers a new tab at once.
import { ConnectionCore } from '../core/connection-core.js';
import type { ConnectionConfig, Credentials } from '../core/connection-config.js';
import { serveTab, type TabService } from '../core/shared/serve-tab.js';
import {
  fromWire,
  missedPings,
  pingMs,
  wireVersion,
  type TabReply,
  type TabRequest,
  type WireConfig,
} from '../core/shared/wire.js';

/** DISCONNECT with no reason code and no properties. */
const disconnectPacket = new Uint8Array([0xe0, 0x00]);

/** How long a tab's credentials function may take before another tab is asked. */
const credentialsWaitMs = 10_000;

interface Group {
  key: string;
  core: ConnectionCore;
  tabs: Map<MessagePort, Tab>;
  /** The settings the shared client runs with: the first tab's, or the last a tab changed to. */
  config: WireConfig;
}

interface Tab {
  port: MessagePort;
  group: Group;
  service: TabService;
  /** Whether the tab has a credentials function to ask. */
  credentials: boolean;
  /** Pings in a row the tab has not answered; undefined when its Web Lock tells when it is gone. */
  missed: number | undefined;
}

const groups = new Map<string, Group>();
const tabs = new Map<MessagePort, Tab>();
/** Credentials asked of a tab and not answered yet, by request number. */
const asked = new Map<
  number,
  { tab: Tab; answer: (reply: Extract<TabRequest, { t: 'creds' }> | undefined) => void }
>();
let nextAsk = 1;

/**
 * Held while the worker lives. The browser may run the worker in a tab's process, and a crash there
 * ends it without a word: the tabs wait for this lock and join a new worker when they are granted it.
 */
const workerLock = `mqtt-elements-worker-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
const workerLockHeld = new Promise<void>((held) => {
  void navigator.locks?.request(workerLock, () => {
    held();
    return new Promise<void>(() => undefined);
  });
  if (!navigator.locks) held();
});

(self as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (event) => {
  const port = event.ports[0]!;
  // A port queues what the tab sends until it is listened to.
  void workerLockHeld.then(() => {
    port.onmessage = (message: MessageEvent<TabRequest>) => receive(port, message.data);
  });
};

// Without Web Locks nothing tells the worker that a tab crashed: it pings the tabs that joined without
// a lock, and one that leaves `missedPings` pings in a row unanswered is let go as if it had left. A
// hidden tab answers (its messages are not throttled); a frozen one cannot, and once it runs again it
// is told so by its next request (`released`) and joins again. The tabs take the pings as the sign
// that the worker lives.
setInterval(() => {
  for (const [port, tab] of tabs) {
    if (tab.missed === undefined) continue;
    if (tab.missed++ < missedPings) post(port, { t: 'ping' });
    else leave(port);
  }
}, pingMs);

function receive(port: MessagePort, request: TabRequest): void {
  const tab = tabs.get(port);
  if (tab?.missed) tab.missed = 0;
  switch (request.t) {
    case 'join':
      if (request.v !== wireVersion) {
        post(port, {
          t: 'refused',
          reason: `the shared worker is of another version of mqtt-elements (load the library and its worker from one place)`,
        });
        return;
      }
      join(port, request.key, request.config, request.lock);
      return;
    case 'leave':
      leave(port);
      return;
    case 'configure':
      // A tab changed its settings: the shared client restarts with them, for every tab.
      if (tab) tab.group.core.configure(coreConfig((tab.group.config = request.config), tab.group));
      return;
    case 'connect':
      if (tab && ['idle', 'error', 'closed'].includes(tab.group.core.status)) tab.group.core.connect();
      return;
    case 'creds': {
      const question = asked.get(request.n);
      asked.delete(request.n);
      question?.answer(request);
      return;
    }
    default:
      if (tab) tab.service.handle(request);
      else post(port, { t: 'released' });
  }
}

function join(port: MessagePort, key: string, config: WireConfig, lock: string | undefined): void {
  leave(port);
  const existing = groups.get(key);
  const group: Group = existing ?? { key, core: new ConnectionCore(), tabs: new Map(), config };
  const tab: Tab = {
    port,
    group,
    credentials: config.credentials,
    missed: lock ? undefined : 0,
    service: serveTab(group.core, (reply) => post(port, reply)),
  };
  group.tabs.set(port, tab);
  tabs.set(port, tab);
  // A later tab does not restart the client its others use: it is told which of its settings are not
  // in force (its client id never is, nor which tab answers for credentials).
  const differing = existing ? settingsDiffering(existing.config, config) : [];
  if (differing.length > 0) post(port, { t: 'differs', settings: differing });
  if (!existing) {
    // After the tab joined: connecting may ask it for credentials at once.
    groups.set(key, group);
    group.core.configure(coreConfig(config, group));
    group.core.connect();
  }
  // Granted once the tab's own hold on this lock ends: it closed, navigated away or crashed.
  if (lock) {
    void navigator.locks.request(lock, () => {
      if (tabs.get(port) === tab) leave(port);
    });
  }
}

function leave(port: MessagePort): void {
  const tab = tabs.get(port);
  if (!tab) return;
  tabs.delete(port);
  tab.service.dispose();
  const group = tab.group;
  group.tabs.delete(port);
  for (const [n, question] of asked) {
    if (question.tab !== tab) continue;
    asked.delete(n);
    question.answer(undefined);
  }
  if (group.tabs.size > 0) return;
  // The last tab is gone: DISCONNECT, so the broker does not publish the will. The browser ends a
  // worker without pages moments later, so the packet (two bytes in MQTT 3.1.1 and 5 alike) is written
  // at once rather than after the client's own orderly shutdown, which takes some turns of the loop.
  groups.delete(group.key);
  const client = group.core.client;
  if (client?.connected) client.stream.write(disconnectPacket);
  void group.core.disconnect();
}

function settingsDiffering(inForce: WireConfig, asked: WireConfig): string[] {
  return Object.keys({ ...inForce, ...asked }).filter(
    (name) =>
      !['clientId', 'credentials', 'settingsError'].includes(name) &&
      JSON.stringify(inForce[name as keyof WireConfig]) !== JSON.stringify(asked[name as keyof WireConfig]),
  );
}

function coreConfig(config: WireConfig, group: Group): ConnectionConfig {
  return {
    ...config,
    settingsError: config.settingsError && fromWire(config.settingsError),
    credentials: config.credentials ? () => askCredentials(group) : undefined,
  };
}

/** Asks the tabs that have a credentials function, one after another, until one answers. */
async function askCredentials(group: Group): Promise<Credentials> {
  for (const tab of [...group.tabs.values()].reverse()) {
    if (!tab.credentials) continue;
    const answer = await new Promise<Extract<TabRequest, { t: 'creds' }> | undefined>((resolve) => {
      const n = nextAsk++;
      const timer = setTimeout(() => {
        asked.delete(n);
        resolve(undefined);
      }, credentialsWaitMs);
      asked.set(n, {
        tab,
        answer: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      post(tab.port, { t: 'creds?', n });
    });
    if (answer?.error !== undefined) throw new Error(answer.error);
    if (answer) return answer.value ?? {};
  }
  throw new Error(
    `no open page using this connection answered within ${credentialsWaitMs / 1000} s (the pages with a ` +
      `credentials function were closed, or it did not settle)`,
  );
}

function post(port: MessagePort, reply: TabReply): void {
  port.postMessage(reply.t === 'status' && navigator.locks ? { ...reply, workerLock } : reply);
}

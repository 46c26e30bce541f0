// Connection cores that tests start on their own (no element), and a listener that records what it
// gets; `closeCores()` in afterEach ends every core a test started.
import { ConnectionCore, defaultConfig, type ConnectionConfig } from '../../src/core/connection-core.js';
import type { MqttMessage } from '../../src/core/message.js';

const openCores = new Set<ConnectionCore>();

/** A client ID nobody else uses, so the broker's packet log holds only this test's packets. */
export function uniqueCoreClientId(name = 'core'): string {
  return `test_${name}_${Math.random().toString(36).slice(2, 10)}`;
}

/** A ConnectionCore configured for `url`, not started yet (so listeners can be added first). */
export function createCore(url: string, overrides: Partial<ConnectionConfig> = {}): ConnectionCore {
  const core = new ConnectionCore();
  core.configure({ ...defaultConfig, url, clientId: uniqueCoreClientId(), ...overrides });
  openCores.add(core);
  return core;
}

/** A ConnectionCore configured for `url` and started; wait for `connected` yourself. */
export function startCore(url: string, overrides: Partial<ConnectionConfig> = {}): ConnectionCore {
  const core = createCore(url, overrides);
  core.connect();
  return core;
}

export interface Recorder {
  (message: MqttMessage): void;
  readonly messages: MqttMessage[];
  /** The payloads received so far, as text, in order. */
  texts(): string[];
}

/** A message listener that keeps every message it is given, to count deliveries. */
export function recorder(): Recorder {
  const messages: MqttMessage[] = [];
  const record = (message: MqttMessage) => void messages.push(message);
  return Object.assign(record, { messages, texts: () => messages.map((m) => m.text) });
}

/** Disconnects every core made through this module. */
export async function closeCores(): Promise<void> {
  const cores = [...openCores];
  openCores.clear();
  await Promise.all(cores.map((core) => core.disconnect()));
}

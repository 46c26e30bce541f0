// The messages between a tab's `SharedConnection` and the connection core serving it: in a
// SharedWorker over a MessagePort, or in the page itself when the tab has a client of its own.
// Everything here survives structured clone: errors travel as code and message and are rebuilt.
import type { ConnectionConfig, Credentials, PublishOptions, QoS } from '../connection-config.js';
import type { StatusInfo } from '../connection-status.js';
import { MqttElementsError, type MqttErrorCode } from '../errors.js';
import type { MessageProperties } from '../message.js';
import type { ServerLimits } from '../server-limits.js';

/** Raised whenever a message changes shape, so a tab and a worker of different versions never mix. */
export const wireVersion = 2;

/**
 * Without Web Locks (a page not served over https or from localhost) the worker pings each tab this
 * often, and the tab answers from its port's message handler: browsers throttle a hidden tab's timers
 * (Chromium: once a second, once a minute after five minutes) but deliver its messages at once.
 */
export const pingMs = 5_000;
/**
 * Pings a tab may leave unanswered before the worker lets it go as if it had left (it crashed, or its
 * page is frozen), and pings a tab may miss before it takes the worker for dead and starts a new one.
 */
export const missedPings = 3;

export interface WireError {
  code: MqttErrorCode;
  message: string;
}

export const toWire = (error: MqttElementsError): WireError => ({ code: error.code, message: error.message });
export const fromWire = (error: WireError): MqttElementsError =>
  new MqttElementsError(error.code, error.message);

/** A configuration without its functions: `credentials` says whether the tab can be asked for them. */
export type WireConfig = Omit<ConnectionConfig, 'credentials' | 'settingsError'> & {
  credentials: boolean;
  settingsError?: WireError | undefined;
};

export function wireConfig(config: ConnectionConfig): WireConfig {
  const { credentials, settingsError, ...rest } = config;
  return { ...rest, credentials: !!credentials, settingsError: settingsError && toWire(settingsError) };
}

/** One message for one of the tab's subscriptions (`id` is the tab's identifier for the filter). */
export interface WireMessage {
  id: number;
  topic: string;
  payload: Uint8Array;
  retained: boolean;
  qos: QoS;
  receivedAt: number;
  properties: MessageProperties | undefined;
  restored: boolean;
}

/** Tab → connection. `n` numbers a request that is answered with `done`. */
export type TabRequest =
  | { t: 'join'; v: number; key: string; config: WireConfig; lock: string | undefined }
  | { t: 'leave' }
  | { t: 'configure'; config: WireConfig }
  | { t: 'connect' }
  /** The tab's page heard that the network may work again (see `ConnectionCore.resumeHint`). */
  | { t: 'resume' }
  | { t: 'sub'; filter: string; qos: QoS; id: number }
  | { t: 'unsub'; filter: string }
  | { t: 'pub'; n: number; topic: string; payload: string | Uint8Array; options: PublishOptions }
  | { t: 'clear'; n: number }
  | { t: 'creds'; n: number; value?: Credentials; error?: string }
  /** The answer to `ping`. */
  | { t: 'pong' };

/** Connection → tab. */
export type TabReply =
  | {
      t: 'status';
      info: StatusInfo;
      error: WireError | undefined;
      limits: ServerLimits | undefined;
      clientId: string | undefined;
      /** A Web Lock the worker holds while it lives: a tab waiting for it learns when the worker died. */
      workerLock?: string;
    }
  | { t: 'error'; error: WireError }
  | { t: 'msgs'; batch: WireMessage[] }
  | { t: 'granted'; filter: string }
  | { t: 'suberr'; filter: string; error: WireError }
  | { t: 'unsubbed'; filter: string }
  | { t: 'done'; n: number; error?: WireError }
  | { t: 'creds?'; n: number }
  | { t: 'refused'; reason: string }
  /** Sent to a tab joined without a Web Lock (see `pingMs`). */
  | { t: 'ping' }
  /** A request came from a tab the worker let go of (it missed its pings): it joins again. */
  | { t: 'released' }
  /** The settings of a joining tab (names in `ConnectionConfig`) that the shared client does not use. */
  | { t: 'differs'; settings: string[] };

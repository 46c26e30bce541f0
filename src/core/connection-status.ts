// The states a connection can be in, and the record of why it is in one.

/**
 * - `idle`: not configured or not started yet.
 * - `connecting`: the first connection attempt is under way.
 * - `connected`: CONNACK received; subscriptions are (re)established.
 * - `reconnecting`: the connection was lost or refused for a reason that may pass; a retry is scheduled.
 * - `offline`: the browser reports no network; the next attempt waits until it returns.
 * - `error`: a problem that retrying will not fix (bad URL, wrong credentials, not authorized).
 * - `closed`: `disconnect()` was called or the element left the page.
 */
export type ConnectionStatus =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error' | 'closed';

export interface StatusInfo {
  status: ConnectionStatus;
  /** Why the connection is in this state, in words, when there is something to say. */
  reason?: string;
  /** Reconnect attempt number while `reconnecting` (1 for the first retry). */
  attempt?: number;
  /** `Date.now()` at which the next attempt starts, while `reconnecting`. */
  retryAt?: number;
  /** The broker URL in use or being tried, without user name, password or query string. */
  url?: string;
  /** How many times credentials were renewed before they expired, on this connection. */
  renewals?: number;
  /** Things that may be wrong but do not stop the attempt (for example a URL without a path). */
  warnings: readonly string[];
}

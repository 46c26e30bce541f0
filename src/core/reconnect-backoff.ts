// Reconnect delays: exponential backoff with full jitter between a floor and a ceiling, so a
// page full of clients does not hammer a broker that just came back.

export interface BackoffOptions {
  /** First delay in ms (the `reconnect-period` attribute). */
  initial: number;
  /** Largest delay in ms (the `max-reconnect-period` attribute). */
  max: number;
  /** Source of randomness in [0, 1); replaceable in tests. */
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (1-based): between initial and min(max, initial·2^(n−1)). */
export function reconnectDelay(
  attempt: number,
  { initial, max, random = Math.random }: BackoffOptions,
): number {
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  if (ceiling <= initial) return Math.min(initial, max);
  return Math.round(initial + (ceiling - initial) * random());
}

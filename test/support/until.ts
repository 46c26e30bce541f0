// The one way the tests wait: for a condition, never for a fixed time, with a failure message built at
// the moment it fails, so it can say what was seen instead (waitUntil takes its message before waiting).
// No side effects, so the CDN tests can use it too.
import { waitUntil } from '@open-wc/testing';

/** Generous: two cores are shared with other test runs. */
export const defaultTimeout = 10_000;

export async function until(
  check: () => unknown,
  what: string | (() => string),
  timeout = defaultTimeout,
  interval = 50,
): Promise<void> {
  try {
    await waitUntil(async () => Boolean(await check()), undefined, { timeout, interval });
  } catch {
    throw new Error(`Timed out after ${timeout} ms waiting for ${typeof what === 'string' ? what : what()}`);
  }
}

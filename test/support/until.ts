// Waiting for a condition with a failure message built at the moment it fails, so the message can
// say what was seen instead (waitUntil takes its message before waiting).
import { waitUntil } from '@open-wc/testing';

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeout = 10_000,
  interval = 50,
): Promise<void> {
  try {
    await waitUntil(check, undefined, { timeout, interval });
  } catch {
    throw new Error(`Timed out after ${timeout} ms waiting for ${typeof what === 'string' ? what : what()}`);
  }
}

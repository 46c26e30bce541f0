// When credentials from the `credentials` function expire, and when to renew them before they do.
import { MqttElementsError } from './errors.js';

/** Not renewed sooner than this after connecting, so that very short lifetimes cannot make a loop. */
const shortestRenewalMs = 1_000;

/**
 * The expiry time in epoch milliseconds, `undefined` when none was given; an error when it is not a
 * time or has already passed (renewing from it could never work).
 */
export function expiryOf(expiresAt: Date | number | undefined, now = Date.now()): number | undefined {
  if (expiresAt === undefined) return undefined;
  const at = +expiresAt;
  // Also false for NaN, which is not a time either.
  if (at > now) return at;
  // A JWT's exp is in seconds: taken as milliseconds it lies in January 1970.
  const seconds = at < 1e11 ? ' A token\'s "exp" is in seconds: multiply it by 1000.' : '';
  throw new MqttElementsError(
    'auth',
    `The credentials function returned credentials that expired (expiresAt ${at ? new Date(at).toISOString() : String(expiresAt)}): ` +
      `return fresh ones, with expiresAt a Date or epoch milliseconds in the future.${seconds}`,
  );
}

/**
 * Milliseconds from `now` until the credentials expiring at `expiresAt` should be renewed: after
 * about 85 % of their remaining lifetime, and at least 5 s (half a short lifetime) before they expire.
 */
export function renewalDelay(expiresAt: number, now = Date.now()): number {
  const remaining = expiresAt - now;
  const lead = Math.max(remaining * 0.15, Math.min(5_000, remaining / 2));
  return Math.max(shortestRenewalMs, remaining - lead);
}

// The one error type the library reports, with a machine-readable code and a message for people.

export type MqttErrorCode =
  | 'url'
  | 'auth'
  | 'refused'
  | 'protocol'
  | 'socket'
  | 'timeout'
  | 'client-id-taken'
  | 'topic'
  | 'subscribe'
  | 'publish'
  | 'queue-full'
  | 'too-large'
  | 'not-supported'
  | 'not-connected'
  | 'payload'
  | 'config'
  | 'limit'
  | 'no-connection'
  /** A device answered a request with an error (a JSON-RPC `error` member). */
  | 'reply';

/** An error with a message that says what happened and what to do about it. */
export class MqttElementsError extends Error {
  readonly code: MqttErrorCode;

  constructor(code: MqttErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MqttElementsError';
    this.code = code;
  }
}

/** The message of anything thrown, for a sentence that goes on to explain it. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `err` as the library's error: itself when it already is one, else wrapped with `code`. */
export function asMqttError(err: unknown, code: MqttErrorCode): MqttElementsError {
  return err instanceof MqttElementsError
    ? err
    : new MqttElementsError(code, errorMessage(err), { cause: err });
}

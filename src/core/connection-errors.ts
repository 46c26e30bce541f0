// How the broker's and the socket's failures become errors that say what happened and what to do.
import { MqttElementsError } from './errors.js';
import { connackReason, pubackReason, subackReason } from './reason-codes.js';

/**
 * A refused CONNACK, classified: `final` when retrying cannot help (wrong credentials, not
 * authorised, a protocol version the broker does not speak), so the connection stops with it.
 */
export function connackRefusal(
  code: number,
  version: 4 | 5,
  cause: unknown,
  anonymous = false,
): { error: MqttElementsError; final: boolean } {
  const reason = connackReason(code, version);
  const authProblem =
    version === 5 ? code === 0x86 || code === 0x87 || code === 0x8c : code === 4 || code === 5;
  // A broker that speaks only MQTT 3.1.1 answers an MQTT 5 CONNECT with the 3.1.1 code 1.
  const protocolProblem = version === 5 ? code === 0x84 || code === 1 : code === 1;
  if (authProblem || protocolProblem) {
    const hint =
      protocolProblem && version === 5
        ? ' Set protocol-version="4": this broker speaks MQTT 3.1.1 only.'
        : authProblem && anonymous
          ? ' No user name was sent: this broker wants one (set username and password, or credentials).'
          : '';
    return {
      error: new MqttElementsError(
        authProblem ? 'auth' : 'protocol',
        `The broker refused the connection: ${reason}.${hint}`,
        { cause },
      ),
      final: true,
    };
  }
  return {
    error: new MqttElementsError('refused', `The broker refused the connection: ${reason}.`, { cause }),
    final: false,
  };
}

/**
 * What a SUBACK (or MQTT.js's subscribe callback) means for `filter`: `'granted'`, `'lost'` with the
 * connection (the next CONNACK restores it), or the broker's refusal as an error.
 */
export function subscribeOutcome(
  filter: string,
  err: Error | null | undefined,
  grantedCode: number | undefined,
): 'granted' | 'lost' | MqttElementsError {
  const refused = grantedCode !== undefined && grantedCode >= 0x80;
  if (!err && !refused) return 'granted';
  if (err && !refused && /connection closed|client disconnecting/i.test(err.message)) return 'lost';
  const numeric = refused ? grantedCode : (err as { code?: number } | null)?.code;
  const why = numeric !== undefined ? subackReason(numeric) : (err?.message ?? 'refused');
  return new MqttElementsError(
    'subscribe',
    `The broker refused the subscription to "${filter}": ${why}. Check the broker's access rules for this client.`,
    { cause: err },
  );
}

/** A publish the broker did not acknowledge as accepted. */
export function publishRefusal(topic: string, err: Error): MqttElementsError {
  const code = (err as { code?: number }).code;
  const why = code !== undefined && code >= 0x80 ? pubackReason(code) : err.message;
  return new MqttElementsError('publish', `The broker did not accept the message on "${topic}": ${why}`, {
    cause: err,
  });
}

/** Why the broker at `url` (as shown: without credentials) could not be reached, with what to check. */
export function describeSocketError(err: Error | undefined, url: string): string {
  const { protocol, host, hostname } = new URL(url);
  const detail = err?.message && !/^WebSocket error|isTrusted/i.test(err.message) ? ` (${err.message})` : '';
  // The browser does not say that a TLS handshake failed; a self-signed or mismatched certificate is
  // the usual cause with wss://, and opening the address in a tab shows the browser's own reason.
  const tls =
    protocol === 'wss:'
      ? ` For wss://, also check that the broker's TLS certificate is valid for ${hostname} and trusted by ` +
        `this browser: opening https://${host}/ in a tab shows why not.`
      : '';
  return (
    `Cannot reach the broker at ${url}${detail}. Check that the broker is running, that it serves ` +
    `MQTT over WebSocket on that port and path, and that nothing (a firewall, a proxy) blocks it.${tls}`
  );
}

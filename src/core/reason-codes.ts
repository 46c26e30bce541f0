// Words for the reason codes an MQTT broker sends back, so that a refusal reads as a cause and a next step.
//
// Every function returns a lowercase phrase without a final period, sometimes followed by "; " and a hint,
// ready to follow "The broker refused the connection: ". Known codes do not repeat the number; unknown
// codes read "reason code 0x42", so that nothing the broker said is lost.

type Table = ReadonlyMap<number, string>;

/** `0x86`, as the MQTT specification writes reason codes. */
function hex(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code > 0xff) return String(code);
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

function lookup(table: Table, code: number): string {
  return table.get(code) ?? `reason code ${hex(code)}`;
}

// Brokers answer a wrong password either way: with "bad user name or password" (Aedes, EMQX) or with
// "not authorized" (Mosquitto), so the second must not claim to know which it is.
const connectNotAuthorized =
  'not authorized; the user name or password is wrong (some brokers, Mosquitto among them, do not say ' +
  "which) or this user may not connect: check both, and the broker's access rules";

// MQTT 3.1.1 CONNACK return codes (section 3.2.2.3).
const CONNACK_311: Table = new Map([
  [0, 'connection accepted'],
  [1, 'unacceptable protocol version; the broker does not speak this MQTT version'],
  [2, 'client identifier rejected; use a different client ID, or leave it empty so one is generated'],
  [3, 'server unavailable; the broker is up but its MQTT service is not, try again later'],
  [4, 'bad user name or password; check the username and password'],
  [5, connectNotAuthorized],
]);

// Reason codes that mean the same in several MQTT 5 packets (section 2.4); each packet table adds its own.
const COMMON_5: [number, string][] = [
  [0x80, 'unspecified error; the broker gave no reason, its log may say more'],
  [0x81, 'malformed packet'],
  [0x82, 'protocol error'],
  [0x83, "implementation specific error; the broker's log may say more"],
  [0x87, "not authorized; check the broker's access rules for this user"],
  [0x90, 'topic name invalid'],
  [0x95, "packet too large; a packet was larger than the broker's maximum packet size"],
  [0x97, 'quota exceeded; this client or account has used its allowance of connections or messages'],
  [0x99, 'payload format invalid; the payload does not match its declared format (UTF-8)'],
  [0x9a, 'retain not supported by the broker'],
  [0x9b, 'QoS not supported by the broker; use a lower QoS'],
  [0x9c, 'use another server; the broker sends its clients elsewhere, for now'],
  [0x9d, 'server moved; the broker has moved for good, update the URL'],
  [0x9f, 'connection rate exceeded; too many connection attempts, wait before reconnecting'],
];

// MQTT 5 CONNACK (section 3.2.2.2).
const CONNACK_5: Table = new Map([
  ...COMMON_5,
  [0x00, 'success'],
  [0x84, 'unsupported protocol version; the broker does not speak MQTT 5'],
  [0x85, 'client identifier not valid; use a different client ID, or leave it empty so one is generated'],
  [0x86, 'bad user name or password; check the username and password'],
  [0x87, connectNotAuthorized],
  [0x88, 'server unavailable; try again later'],
  [0x89, 'server busy; try again later'],
  [0x8a, 'banned; the broker refuses this client, ask its administrator'],
  [0x8c, 'bad authentication method; the broker does not support the authentication method asked for'],
  [0x90, 'topic name invalid; the will topic is not a valid topic name'],
  [0x95, 'packet too large; the CONNECT packet (with its will message) is larger than the broker accepts'],
  [0x99, 'payload format invalid; the will payload does not match its declared format'],
  [0x9a, 'retain not supported; the will message asks for retain, which the broker does not offer'],
  [0x9b, 'QoS not supported; the will message asks for a QoS the broker does not offer'],
]);

// MQTT 5 DISCONNECT sent by the broker (section 3.14.2.1).
const DISCONNECT_5: Table = new Map([
  ...COMMON_5,
  [0x00, 'normal disconnection'],
  [0x04, 'disconnect with will message'],
  [0x89, 'server busy; try again later'],
  [0x8b, 'server shutting down'],
  [
    0x8d,
    'keep alive timeout; nothing arrived from the client in time, the network may be slow or the tab was asleep',
  ],
  [
    0x8e,
    'session taken over; another client connected with the same client ID, give each page or tab its own client ID',
  ],
  [0x8f, 'topic filter invalid'],
  [0x93, 'receive maximum exceeded; the client sent more unacknowledged messages than the broker allows'],
  [0x94, 'topic alias invalid'],
  [0x96, 'message rate too high; publish less often'],
  [0x98, 'administrative action; an administrator disconnected this client'],
  [0x9e, 'shared subscriptions not supported by the broker'],
  [0xa0, 'maximum connect time reached; the broker limits how long a client may stay connected'],
  [0xa1, 'subscription identifiers not supported by the broker'],
  [0xa2, 'wildcard subscriptions not supported by the broker; subscribe to exact topics'],
]);

// SUBACK: MQTT 3.1.1 knows only 0x80 (failure); MQTT 5 gives the reason (section 3.9.3).
const SUBACK: Table = new Map([
  [0x00, 'granted QoS 0'],
  [0x01, 'granted QoS 1'],
  [0x02, 'granted QoS 2'],
  [0x80, 'unspecified error; the broker refused without a reason, often for lack of permission'],
  [0x83, "implementation specific error; the broker's log may say more"],
  [0x87, 'not authorized'],
  [0x8f, 'topic filter invalid'],
  [0x91, 'packet identifier in use'],
  [0x97, 'quota exceeded; too many subscriptions for this client'],
  [0x9e, 'shared subscriptions ($share/…) not supported by the broker'],
  [0xa1, 'subscription identifiers not supported by the broker'],
  [0xa2, 'wildcard subscriptions not supported by the broker; subscribe to exact topics'],
]);

// MQTT 5 PUBACK and PUBREC (sections 3.4.2.1 and 3.5.2.1).
const PUBACK: Table = new Map([
  [0x00, 'success'],
  [0x10, 'no matching subscribers; the broker accepted the message, but no client subscribes to this topic'],
  [0x80, 'unspecified error; the broker gave no reason, its log may say more'],
  [0x83, "implementation specific error; the broker's log may say more"],
  [0x87, "not authorized; this user may not publish to this topic, check the broker's access rules"],
  [0x90, 'topic name invalid'],
  [0x91, 'packet identifier in use'],
  [0x97, 'quota exceeded; this client or account has used its allowance of messages'],
  [0x99, 'payload format invalid; the payload does not match its declared format (UTF-8)'],
]);

/**
 * Why the broker answered CONNECT as it did. With MQTT 5, codes 1–5 are read as 3.1.1 return codes: a
 * broker that speaks only 3.1.1 answers an MQTT 5 CONNECT that way (MQTT 5, section 3.2.2.2).
 */
export function connackReason(code: number, protocolVersion: 4 | 5): string {
  if (protocolVersion === 5 && !(code >= 1 && code <= 5)) return lookup(CONNACK_5, code);
  return lookup(CONNACK_311, code);
}

/** Why the broker ended the connection with an MQTT 5 DISCONNECT packet. */
export function disconnectReason(code: number): string {
  return lookup(DISCONNECT_5, code);
}

/** What the broker granted or refused for one topic filter in a SUBACK (MQTT 3.1.1 and 5). */
export function subackReason(code: number): string {
  return lookup(SUBACK, code);
}

/** What the broker said about a published message in an MQTT 5 PUBACK or PUBREC. */
export function pubackReason(code: number): string {
  return lookup(PUBACK, code);
}

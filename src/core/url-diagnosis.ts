// Checks a broker URL before connecting, so that the usual mistakes read as a fix rather than a socket error.
//
// A browser reports a failed WebSocket with no reason at all, so everything that can be known from the URL
// alone is said here. Each message is one or more full sentences: callers join several with a space.

/** The outcome of {@link diagnoseBrokerUrl}. */
export interface UrlDiagnosis {
  /** The normalized URL to connect to; present only when there are no errors. */
  url?: string;
  /** Problems that make the connection impossible; do not connect while there are any. */
  errors: string[];
  /** Likely mistakes that may still work; show them, and connect anyway. */
  warnings: string[];
}

const EXAMPLE = 'wss://broker.example.com:8084/mqtt';

// Ports people copy from a broker's MQTT-over-TCP settings into a WebSocket URL.
const TCP_PORTS = new Set(['1883', '8883']);

const TCP_SCHEMES = new Set(['mqtt', 'mqtts', 'tcp', 'ssl', 'tls']);
const SECURE_TCP_SCHEMES = new Set(['mqtts', 'ssl', 'tls']);
const KNOWN_SCHEMES = new Set(['ws', 'wss', 'http', 'https', ...TCP_SCHEMES]);

/**
 * Diagnoses a broker URL. `pageProtocol` is the page's `location.protocol` (e.g. `'https:'`); without it
 * the mixed-content check is skipped. Surrounding whitespace is ignored.
 */
export function diagnoseBrokerUrl(url: string, pageProtocol?: string): UrlDiagnosis {
  // Every message below quotes the URL or a fix made from it: they read the URL without its user
  // name and password, so that no status line, title, event or log ever shows a password.
  const shown = withoutCredentials(url.trim());
  const diagnosis = diagnose(shown, pageProtocol);
  if (shown === url.trim()) return diagnosis;
  diagnosis.warnings.unshift(
    'The broker URL contains a user name or password, which every visitor can read in the page: set the ' +
      'username and password attributes or properties, or use credentials, instead. It is never shown.',
  );
  if (diagnosis.url !== undefined) {
    // The connection itself uses what the page wrote; MQTT.js reads the user name and password from it.
    const full = new URL(url.trim());
    full.hash = '';
    diagnosis.url = full.href;
  }
  return diagnosis;
}

/**
 * `url` without a `user:password@` part, for showing: `wss://me:secret@host/mqtt` becomes
 * `wss://host/mqtt`, and `me:secret@host:8083` (no scheme) becomes `host:8083`.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/?#@\s]*@/i, '$1');
}

/**
 * `url` for showing when it may carry a signature or a token (a presigned URL, an authorizer's query
 * string): without user name, password, query string or fragment.
 */
export function withoutSecrets(url: string): string {
  return withoutCredentials(url.trim()).replace(/[?#].*$/s, '');
}

function diagnose(url: string, pageProtocol?: string): UrlDiagnosis {
  const errors: string[] = [];
  const warnings: string[] = [];
  const done = (normalized?: string): UrlDiagnosis =>
    errors.length === 0 && normalized !== undefined
      ? { url: normalized, errors, warnings }
      : { errors, warnings };
  const securePage = pageProtocol === 'https:';
  const text = url.trim();

  if (text === '') {
    errors.push(`No broker URL is set: give the broker's WebSocket address, e.g. url="${EXAMPLE}".`);
    return done();
  }

  const scheme = schemeOf(text);
  if (scheme === undefined) {
    const rest = text.replace(/^\/\//, '');
    const suggested = `${securePage || /:(8084|443)(\/|$)/.test(rest) ? 'wss' : 'ws'}://${rest}`;
    errors.push(
      `The broker URL "${text}" has no scheme: write ${suggested} (ws:// for plain WebSocket, wss:// for TLS).`,
    );
    return done();
  }

  if (TCP_SCHEMES.has(scheme)) {
    const secure = securePage || SECURE_TCP_SCHEMES.has(scheme);
    const host = hostOf(text) || 'broker.example.com';
    const suggested = secure ? `wss://${host}:8084/mqtt` : `ws://${host}:8083/mqtt`;
    errors.push(
      `${scheme}:// is MQTT over TCP, which a browser cannot open: browsers only speak WebSocket. ` +
        `Use ws:// or wss:// with the broker's WebSocket port, e.g. ${suggested} ` +
        `(EMQX listens on 8083 for ws and 8084 for wss; Mosquitto on 9001 or whichever port its websockets listener is configured on).`,
    );
    return done();
  }

  if (scheme === 'http' || scheme === 'https') {
    const suggested = text.replace(/^https?/i, scheme === 'https' ? 'wss' : 'ws');
    errors.push(`MQTT in a browser runs over WebSocket, not ${scheme}://: write ${suggested}.`);
    return done();
  }

  if (scheme !== 'ws' && scheme !== 'wss') {
    errors.push(
      `The broker URL scheme "${scheme}://" is not one a browser can connect with: use ws:// or wss://, e.g. ${EXAMPLE}.`,
    );
    return done();
  }

  // Checked here because browsers differ: Chromium's URL parser escapes a space in a host name as %20.
  if (/\s/.test(text)) {
    errors.push(`The broker URL "${text}" contains a space: remove it, e.g. ${EXAMPLE}.`);
    return done();
  }

  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    errors.push(
      `"${text}" is not a valid URL: check the host name and port (no spaces; a port from 1 to 65535), e.g. ${EXAMPLE}.`,
    );
    return done();
  }
  if (parsed.hostname === '' || parsed.hostname.includes('%')) {
    errors.push(`The broker URL "${text}" has no valid host name: write e.g. ${EXAMPLE}.`);
    return done();
  }

  if (parsed.protocol === 'ws:' && securePage) {
    const fixed = withScheme(parsed, 'wss', parsed.port === '8083' ? '8084' : parsed.port);
    if (isLoopback(parsed.hostname)) {
      warnings.push(
        `This page is served over https and the broker URL uses unencrypted ws://; browsers allow that for this machine (${parsed.hostname}) only, and some (Safari) not even then: use ${fixed} if the broker offers TLS.`,
      );
    } else {
      errors.push(
        `This page is served over https, so the browser blocks the unencrypted ws:// connection (mixed content): use wss://, e.g. ${fixed}, with the broker's TLS WebSocket port (8084 on EMQX).`,
      );
    }
  }

  const port = parsed.port;
  if (parsed.protocol === 'wss:' && port === '8083') {
    warnings.push(
      'wss:// on port 8083 is unusual: brokers such as EMQX serve plain ws on 8083 and TLS wss on 8084. Check that the port and the scheme belong together.',
    );
  } else if (parsed.protocol === 'ws:' && port === '8084') {
    warnings.push(
      'ws:// on port 8084 is unusual: brokers such as EMQX serve TLS wss on 8084 and plain ws on 8083. Check that the port and the scheme belong together.',
    );
  } else if (parsed.protocol === 'ws:' && port === '443') {
    warnings.push('ws:// on port 443 is unusual: 443 is the TLS port, so try wss://.');
  } else if (TCP_PORTS.has(port)) {
    warnings.push(
      `Port ${port} is MQTT's TCP port, which usually does not accept WebSocket: use the broker's WebSocket port instead (8083/8084 on EMQX, 9001 on Mosquitto when configured).`,
    );
  }

  if (parsed.pathname === '' || parsed.pathname === '/') {
    warnings.push(
      `The broker URL has no path: most brokers (EMQX, HiveMQ, VerneMQ…) serve MQTT over WebSocket at /mqtt, e.g. ${withPath(parsed, '/mqtt')}. Mosquitto accepts any path, so leave it as it is for Mosquitto.`,
    );
  }

  if (parsed.hash !== '') {
    // A WebSocket URL has no use for a fragment, and older browsers refuse one outright.
    warnings.push(
      `The fragment "${parsed.hash}" in the broker URL means nothing to a WebSocket and is left out.`,
    );
    parsed.hash = '';
  }

  return done(parsed.href);
}

/**
 * The scheme, lowercased, or undefined when the text has none. `broker.emqx.io:8083/mqtt` would parse as
 * scheme `broker.emqx.io`, so a name counts as a scheme only when `//` follows or it is one we know.
 */
function schemeOf(text: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(text);
  if (!match) return undefined;
  const name = match[1].toLowerCase();
  if (match[2] !== undefined || KNOWN_SCHEMES.has(name)) return name;
  return undefined;
}

/** The host of a URL whose scheme `URL` may not parse the usual way (mqtt://, tcp://…). */
function hostOf(text: string): string {
  const authority = text.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '').split(/[/?#]/)[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

function withScheme(url: URL, scheme: string, port: string): string {
  const host = port === '' ? url.hostname : `${url.hostname}:${port}`;
  return `${scheme}://${host}${url.pathname}${url.search}`;
}

function withPath(url: URL, path: string): string {
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

// Browsers treat these as potentially trustworthy, so ws:// to them is not blocked as mixed content.
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]'
  );
}

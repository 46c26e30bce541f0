// A loopback TCP proxy that a test puts between the browser and a broker to fake network faults
// without touching the broker: cut every connection, black-hole it (sockets stay open, bytes vanish,
// as on a dead Wi-Fi link or a stalled NAT), refuse new connections, and restore.
import { createConnection, createServer } from 'node:net';

/**
 * Modes:
 * - `forward`: pass bytes both ways (the normal state).
 * - `blackhole`: keep every socket open, including new ones, but forward nothing. Neither side gets
 *   an error; only a keep-alive can notice.
 * - `refuse`: close every new connection at once, as a host with nothing listening would.
 * `drop()` cuts the connections that are open now, whatever the mode.
 *
 * @param {{ targetPort: number, targetHost?: string }} options
 */
export async function startTcpProxy({ targetPort, targetHost = '127.0.0.1' }) {
  /** @type {'forward' | 'blackhole' | 'refuse'} */
  let mode = 'forward';
  /** @type {Set<{ client: import('node:net').Socket, upstream: import('node:net').Socket, stalled: boolean }>} */
  const links = new Set();
  let accepted = 0;

  const server = createServer((client) => {
    accepted++;
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const link = {
      client,
      upstream: createConnection(targetPort, targetHost),
      stalled: mode === 'blackhole',
    };
    links.add(link);
    const close = () => {
      links.delete(link);
      link.client.destroy();
      link.upstream.destroy();
    };
    // Bytes are forwarded by hand rather than piped so that a stalled link can swallow them
    // without applying back-pressure, exactly like packets lost on the wire.
    client.on('data', (chunk) => {
      if (!link.stalled) link.upstream.write(chunk);
    });
    link.upstream.on('data', (chunk) => {
      if (!link.stalled) link.client.write(chunk);
    });
    for (const socket of [client, link.upstream]) {
      socket.on('error', close);
      // A stalled link hides a peer's FIN too: a black hole says nothing, not even goodbye.
      socket.on('end', () => {
        if (!link.stalled) close();
      });
      socket.on('close', () => {
        if (!link.stalled) close();
      });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  const destroyAll = () => {
    for (const link of links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    links.clear();
  };

  return {
    port,
    get mode() {
      return mode;
    },
    /** How many TCP connections the proxy accepted so far (each WebSocket attempt is one). */
    get accepted() {
      return accepted;
    },
    get open() {
      return links.size;
    },
    /** @param {'forward' | 'blackhole' | 'refuse'} next */
    setMode(next) {
      if (next === 'forward' && mode === 'blackhole') {
        // Links that lost bytes cannot carry a protocol on: end them, as a real stall ends once the
        // peers' own timers notice. Links opened from now on work.
        destroyAll();
      }
      mode = next;
      for (const link of links) link.stalled = next === 'blackhole';
    },
    /** Cuts every connection open now; new ones follow the mode. */
    drop() {
      destroyAll();
    },
    async close() {
      destroyAll();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

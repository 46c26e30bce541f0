// The embedded development broker: Aedes serving MQTT over WebSocket and plain TCP on loopback.
// Used by `npm start`, Storybook and the test runner, so all three talk to the same broker code.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

/** Thrown when a port the broker needs is taken, with a message that says what to do. */
export class PortInUseError extends Error {
  constructor(port, what) {
    super(
      `Port ${port} (${what}) is already in use. Stop whatever is listening there ` +
        `(\`lsof -i :${port}\` shows it) or choose another port.`,
    );
    this.port = port;
  }
}

function listen(server, port, host, what) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, what) : err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Aedes writes each packet in parts (header, length, topic, payload) to a corked stream; `ws` would send
 * every part as a WebSocket message of its own, five per PUBLISH. Sending the parts written together as
 * one message is what other brokers do, and what a browser reads fastest.
 */
function packetPerMessage(stream) {
  stream._writev = (chunks, callback) =>
    stream._write(Buffer.concat(chunks.map(({ chunk }) => chunk)), 'buffer', callback);
  return stream;
}

/**
 * Starts Aedes. `wsPort`/`tcpPort` of 0 pick free ports; `tcpPort: null` skips the TCP listener.
 * Returns the URLs, the Aedes instance, a log of SUBSCRIBE/UNSUBSCRIBE packets per client (tests count
 * them), and `close()`.
 */
export async function startBroker({
  host = '127.0.0.1',
  wsPort = 8083,
  wsPath = '/mqtt',
  tcpPort = 1883,
  authenticate,
  authorizeSubscribe,
  authorizePublish,
  persistence,
} = {}) {
  const aedes = await Aedes.createBroker({
    ...(authenticate && { authenticate }),
    ...(authorizeSubscribe && { authorizeSubscribe }),
    ...(authorizePublish && { authorizePublish }),
    // Passing the storage of a closed broker on to a new one keeps its sessions across a restart.
    ...(persistence && { persistence }),
  });

  const packetLog = [];
  aedes.on('subscribe', (subscriptions, client) => {
    for (const s of subscriptions) {
      packetLog.push({ type: 'subscribe', clientId: client?.id, topic: s.topic, qos: s.qos });
    }
  });
  aedes.on('unsubscribe', (topics, client) => {
    for (const topic of topics) packetLog.push({ type: 'unsubscribe', clientId: client?.id, topic });
  });

  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const httpServer = createHttpServer((req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end(`This is an MQTT-over-WebSocket endpoint: connect to ws://${host}:<port>${wsPath}\n`);
  });
  httpServer.on('connection', track);
  let boundWsPort;
  try {
    boundWsPort = await listen(httpServer, wsPort, host, 'MQTT over WebSocket');
  } catch (err) {
    // Aedes runs heartbeat timers from creation on; left open they keep the process alive.
    aedes.close();
    throw err;
  }
  // Attached only once listening: a WebSocketServer re-emits its HTTP server's errors, and an
  // EADDRINUSE re-emitted with no listener would crash the process instead of rejecting above.
  const wss = new WebSocketServer({ server: httpServer, path: wsPath });
  wss.on('connection', (websocket, req) =>
    aedes.handle(packetPerMessage(createWebSocketStream(websocket)), req),
  );

  let tcpServer;
  let boundTcpPort = null;
  if (tcpPort !== null) {
    tcpServer = createTcpServer(aedes.handle);
    tcpServer.on('connection', track);
    try {
      boundTcpPort = await listen(tcpServer, tcpPort, host, 'MQTT over TCP');
    } catch (err) {
      httpServer.close();
      aedes.close();
      throw err;
    }
  }

  const displayHost = host === '127.0.0.1' ? 'localhost' : host;
  return {
    aedes,
    packetLog,
    wsPort: boundWsPort,
    tcpPort: boundTcpPort,
    wsUrl: `ws://${displayHost}:${boundWsPort}${wsPath}`,
    tcpUrl: boundTcpPort === null ? null : `mqtt://${displayHost}:${boundTcpPort}`,
    /** Closes listeners and drops every open connection at once (a hard stop, as a crash would). */
    async close() {
      for (const socket of sockets) socket.destroy();
      for (const client of wss.clients) client.terminate();
      await Promise.all([
        new Promise((r) => wss.close(() => r())),
        new Promise((r) => httpServer.close(() => r())),
        tcpServer ? new Promise((r) => tcpServer.close(() => r())) : undefined,
        new Promise((r) => aedes.close(() => r())),
      ]);
    },
  };
}

// MQTT.js's browser transport, for the CDN bundles: the stream its client reads packets from and writes
// them to, directly over a WebSocket. MQTT.js builds the same thing from readable-stream's Transform and
// Duplex; this keeps the behaviour its client relies on (ordered writes, one frame per packet, writes
// held until the socket opens, 'drain', 'error' and 'close') without a stream library.
import { Buffer } from './buffer.mjs';
import EventEmitter from './events.mjs';
import { nextTick } from './process.mjs';

/** Beyond this many bytes waiting to be sent, `write()` returns false and 'drain' follows later. */
const highWaterMark = 16 * 1024;
const encoder = new TextEncoder();

class WebSocketStream extends EventEmitter {
  constructor(socket, options) {
    super();
    this.socket = socket;
    this.destroyed = false;
    this.writable = true;
    this.readable = true;
    this._open = socket.readyState === socket.OPEN;
    this._chunks = [];
    this._bytes = 0;
    this._corked = 0;
    this._needDrain = false;
    this._retryTimer = undefined;
    this._bufferSize = options.browserBufferSize || 512 * 1024;
    this._bufferTimeout = options.browserBufferTimeout || 1000;

    this._onOpen = () => {
      this._open = true;
      this.emit('connect');
      this._flush();
    };
    this._onMessage = (event) => this._receive(event.data);
    this._onClose = () => this.destroy();
    this._onError = (event) => {
      const error = new Error('WebSocket error');
      error.event = event;
      this.destroy(error);
    };
    listen(socket, 'open', this._onOpen);
    listen(socket, 'message', this._onMessage);
    listen(socket, 'close', this._onClose);
    listen(socket, 'error', this._onError);
  }

  /** MQTT.js pipes the stream into its packet parser. */
  pipe(destination) {
    this.on('data', (chunk) => destination.write(chunk));
    this.once('end', () => destination.end());
    return destination;
  }

  _receive(data) {
    if (this.destroyed || !this.writable) return;
    if (data instanceof ArrayBuffer) this.emit('data', Buffer.from(data));
    else if (typeof data === 'string') this.emit('data', Buffer.from(data, 'utf8'));
    // A Blob, from a socket made by `createWebsocket` that ignores binaryType.
    else void new Response(data).arrayBuffer().then((bytes) => this._receive(bytes));
  }

  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') callback = encoding;
    if (this.destroyed || !this.writable) {
      if (callback) nextTick(callback, new Error('write after end'));
      return false;
    }
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this._chunks.push(bytes);
    this._bytes += bytes.length;
    if (callback) this._chunks.push(callback);
    if (this._corked === 0) this._flush();
    if (this._bytes < highWaterMark) return true;
    this._needDrain = true;
    return false;
  }

  /** mqtt-packet corks while it writes the parts of one packet, so the packet goes out as one frame. */
  cork() {
    this._corked++;
  }

  uncork() {
    if (this._corked > 0 && --this._corked === 0) this._flush();
  }

  _flush() {
    if (!this._open || this.destroyed || (this._bytes === 0 && this._chunks.length === 0)) return;
    if (this.socket.bufferedAmount > this._bufferSize) {
      // The browser is still sending earlier frames: wait instead of piling more onto them.
      this._retryTimer ??= setTimeout(() => {
        this._retryTimer = undefined;
        this._flush();
      }, this._bufferTimeout);
      return;
    }
    const parts = this._chunks;
    this._chunks = [];
    const frame = new Uint8Array(this._bytes);
    this._bytes = 0;
    const callbacks = [];
    let offset = 0;
    for (const part of parts) {
      if (typeof part === 'function') {
        callbacks.push(part);
      } else {
        frame.set(part, offset);
        offset += part.length;
      }
    }
    try {
      if (frame.length > 0) this.socket.send(frame);
    } catch (err) {
      this.destroy(err);
      for (const callback of callbacks) nextTick(callback, err);
      return;
    }
    for (const callback of callbacks) nextTick(callback);
    if (this._needDrain) {
      this._needDrain = false;
      nextTick(() => this.emit('drain'));
    }
    if (this._ending) this._close();
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (callback) this.once('finish', callback);
    if (this._ending || this.destroyed) return this;
    this._ending = true;
    this.writable = false;
    // Unsent writes go out first when the socket is open; a socket that never opened has nothing to say.
    if (this._open && this._chunks.length > 0) this._flush();
    else this._close();
    return this;
  }

  _close() {
    this.socket.close();
    nextTick(() => {
      this.emit('finish');
      this.destroy();
    });
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.writable = false;
    this.readable = false;
    clearTimeout(this._retryTimer);
    this._chunks = [];
    this._bytes = 0;
    const socket = this.socket;
    unlisten(socket, 'open', this._onOpen);
    unlisten(socket, 'message', this._onMessage);
    unlisten(socket, 'close', this._onClose);
    unlisten(socket, 'error', this._onError);
    if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close();
    nextTick(() => {
      if (err) this.emit('error', err);
      this.emit('close');
    });
    return this;
  }
}

function listen(socket, type, handler) {
  if (typeof socket.addEventListener === 'function') socket.addEventListener(type, handler);
  else socket[`on${type}`] = handler;
}

function unlisten(socket, type, handler) {
  if (typeof socket.removeEventListener === 'function') socket.removeEventListener(type, handler);
  else if (socket[`on${type}`] === handler) socket[`on${type}`] = null;
}

function socketUrl(options, client) {
  if (!options.port) options.port = options.protocol === 'wss' ? 443 : 80;
  if (!options.path) options.path = '/';
  if (!options.hostname) options.hostname = options.host;
  if (!options.hostname) {
    if (typeof document === 'undefined') throw new Error('Could not determine host. Specify host manually.');
    const page = new URL(document.URL);
    options.hostname = page.hostname;
    if (!options.port) options.port = Number(page.port);
  }
  const url = `${options.protocol}://${options.hostname}:${options.port}${options.path}`;
  return typeof options.transformWsUrl === 'function' ? options.transformWsUrl(url, options, client) : url;
}

/** MQTT.js calls this for every (re)connection over `ws:` or `wss:` and reads and writes the stream it returns. */
export function browserStreamBuilder(client, options) {
  const url = socketUrl(options, client);
  const subprotocol = options.protocolId === 'MQIsdp' && options.protocolVersion === 3 ? 'mqttv3.1' : 'mqtt';
  const socket = options.createWebsocket
    ? options.createWebsocket(url, [subprotocol], options)
    : new WebSocket(url, [subprotocol]);
  socket.binaryType = 'arraybuffer';
  return new WebSocketStream(socket, options);
}

// Outside a browser MQTT.js would use the `ws` package; the CDN bundles only ever run in one.
export const streamBuilder = browserStreamBuilder;

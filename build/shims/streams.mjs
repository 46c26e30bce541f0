// The two stream classes MQTT.js's client uses once its WebSocket stream is our own (see
// mqtt-websocket.mjs): a Writable that feeds received bytes to the packet parser one chunk at a time,
// and the Readable its message store replays unacknowledged packets through. `readable-stream` is the
// largest part of MQTT.js's browser bundle; these keep only the behaviour those two callers rely on.
import EventEmitter from './events.mjs';
import { nextTick } from './process.mjs';

/**
 * Calls `_write(chunk, encoding, done)` for one chunk at a time, in order: MQTT.js handles the packets of
 * a chunk over several ticks and calls `done` only after the last one, and the next chunk must wait.
 */
export class Writable extends EventEmitter {
  constructor(options = {}) {
    super();
    this.destroyed = false;
    this.writable = true;
    this._pending = [];
    this._busy = false;
    this._ending = undefined;
    if (options.write) this._write = options.write;
  }

  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (this.destroyed || this._ending) {
      if (callback) nextTick(callback, new Error('write after end'));
      return false;
    }
    this._pending.push({ chunk, encoding, callback });
    if (!this._busy) this.#drain();
    return true;
  }

  /** A loop, not recursion: `_write` often calls `done` at once, and a long backlog must not grow the stack. */
  #drain() {
    this._busy = true;
    while (this._pending.length > 0 && !this.destroyed) {
      const { chunk, encoding, callback } = this._pending.shift();
      let finished = false;
      let sync = true;
      this._write(chunk, encoding ?? 'buffer', (err) => {
        finished = true;
        if (err) this.destroy(err);
        if (callback) nextTick(callback, err);
        // Finished later: pick up the backlog from here.
        if (!sync) this.#drain();
      });
      sync = false;
      if (!finished) return; // still busy; the callback resumes the loop
    }
    this._busy = false;
    if (this._ending && this._pending.length === 0) this.#finish();
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (callback) this.once('finish', callback);
    if (this._ending) return this;
    this._ending = true;
    this.writable = false;
    if (!this._busy) this.#finish();
    return this;
  }

  #finish() {
    nextTick(() => {
      if (this.destroyed) return;
      this.emit('finish');
      this.destroy();
    });
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.writable = false;
    this._pending.length = 0;
    nextTick(() => {
      if (err) this.emit('error', err);
      this.emit('close');
    });
    return this;
  }

  _write(_chunk, _encoding, done) {
    done(new Error('_write() is not implemented'));
  }
}

/**
 * A pull-based object stream: `read()` returns the next item (asking `_read` for more when empty) or
 * null, 'readable' says that more arrived after a `read()` came back empty, and 'end' follows the last
 * item once it has been read.
 */
export class Readable extends EventEmitter {
  constructor() {
    super();
    this.destroyed = false;
    this._items = [];
    this._ended = false;
    this._endEmitted = false;
    this._waiting = false;
  }

  push(item) {
    if (item === null) {
      this._ended = true;
      this.#maybeEnd();
      return false;
    }
    this._items.push(item);
    if (this._waiting) {
      this._waiting = false;
      nextTick(() => this.emit('readable'));
    }
    return true;
  }

  read() {
    if (this._items.length === 0 && !this._ended && !this.destroyed) this._read(1);
    if (this._items.length > 0) return this._items.shift();
    this._waiting = true;
    this.#maybeEnd();
    return null;
  }

  #maybeEnd() {
    if (!this._ended || this._items.length > 0 || this._endEmitted) return;
    this._endEmitted = true;
    nextTick(() => {
      if (!this.destroyed) this.emit('end');
    });
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    nextTick(() => {
      if (err) this.emit('error', err);
      this.emit('close');
    });
    return this;
  }

  _read() {}
}

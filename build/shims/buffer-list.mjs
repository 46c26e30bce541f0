// What mqtt-packet's parser needs from `bl`: a list of received chunks read as one buffer without
// joining them. (`bl` itself is a full stream class, and pulls a stream library into the bundle.)
import { Buffer } from './buffer.mjs';

class BufferList {
  constructor() {
    this.chunks = [];
    this.length = 0;
  }

  append(chunk) {
    if (chunk.length > 0) {
      this.chunks.push(
        chunk instanceof Buffer ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
      );
      this.length += chunk.length;
    }
    return this;
  }

  /** Drops the first `count` bytes. */
  consume(count) {
    count = Math.min(count, this.length);
    this.length -= count;
    while (count > 0) {
      const first = this.chunks[0];
      if (count >= first.length) {
        this.chunks.shift();
        count -= first.length;
      } else {
        this.chunks[0] = first.subarray(count);
        count = 0;
      }
    }
    return this;
  }

  readUInt8(offset) {
    for (const chunk of this.chunks) {
      if (offset < chunk.length) return chunk[offset];
      offset -= chunk.length;
    }
    return undefined;
  }

  readUInt16BE(offset) {
    return (this.readUInt8(offset) << 8) | this.readUInt8(offset + 1);
  }

  readUInt32BE(offset) {
    return this.readUInt16BE(offset) * 0x10000 + this.readUInt16BE(offset + 2);
  }

  /** The bytes from `start` to `end`: a view when they lie in one chunk (the usual case), else a copy. */
  slice(start = 0, end = this.length) {
    end = Math.min(end, this.length);
    if (start >= end) return Buffer.alloc(0);
    let offset = start;
    let index = 0;
    while (offset >= this.chunks[index].length) offset -= this.chunks[index++].length;
    const first = this.chunks[index];
    if (offset + (end - start) <= first.length) return first.subarray(offset, offset + end - start);
    const result = Buffer.allocUnsafe(end - start);
    let written = 0;
    for (; written < result.length; index++, offset = 0) {
      const part = this.chunks[index].subarray(offset, offset + result.length - written);
      result.set(part, written);
      written += part.length;
    }
    return result;
  }

  toString(encoding, start, end) {
    return this.slice(start, end).toString(encoding);
  }
}

export default function bl() {
  return new BufferList();
}

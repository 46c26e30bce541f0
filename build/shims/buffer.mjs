// The part of Node's Buffer that MQTT.js and mqtt-packet use, as a Uint8Array subclass, for the CDN
// bundles: the `buffer` package carries every encoding and legacy method, most of which a browser
// MQTT client never calls.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return fromString(value, encodingOrOffset);
    if (value instanceof ArrayBuffer) {
      // Node shares the memory of an ArrayBuffer instead of copying it.
      const offset = encodingOrOffset ?? 0;
      return new Buffer(value, offset, length ?? value.byteLength - offset);
    }
    if (ArrayBuffer.isView(value)) {
      const copy = new Buffer(value.byteLength);
      copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return copy;
    }
    return new Buffer(value);
  }

  static alloc(size, fill) {
    const buffer = new Buffer(size);
    if (fill !== undefined) buffer.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill);
    return buffer;
  }

  static allocUnsafe(size) {
    return new Buffer(size);
  }

  static isBuffer(value) {
    return value instanceof Buffer;
  }

  static isEncoding(encoding) {
    return typeof encoding === 'string' && normalize(encoding) !== undefined;
  }

  static byteLength(value, encoding) {
    if (typeof value !== 'string') return value.byteLength;
    switch (normalize(encoding)) {
      case 'latin1':
        return value.length;
      case 'hex':
        return value.length >>> 1;
      case 'base64':
        return fromBase64(value).length;
      default:
        return utf8Length(value);
    }
  }

  static concat(list, totalLength) {
    const total = totalLength ?? list.reduce((sum, item) => sum + item.length, 0);
    const result = new Buffer(total);
    let offset = 0;
    for (const item of list) {
      if (offset >= total) break;
      const part = offset + item.length > total ? item.subarray(0, total - offset) : item;
      result.set(part, offset);
      offset += part.length;
    }
    return result;
  }

  toString(encoding, start = 0, end = this.length) {
    const bytes = start === 0 && end >= this.length ? this : this.subarray(start, end);
    switch (normalize(encoding)) {
      case 'latin1':
        return toLatin1(bytes);
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return btoa(toLatin1(bytes));
      default:
        return decoder.decode(bytes);
    }
  }

  /** Writes `text` at `offset`; returns the number of bytes written. */
  write(text, offset = 0, length = this.length - offset, encoding) {
    if (typeof length === 'string') [encoding, length] = [length, this.length - offset];
    if (typeof offset === 'string') [encoding, offset, length] = [offset, 0, this.length];
    const target = this.subarray(offset, offset + length);
    if (normalize(encoding) === 'utf8') return encoder.encodeInto(text, target).written;
    const bytes = fromString(text, encoding).subarray(0, target.length);
    target.set(bytes);
    return bytes.length;
  }

  /** As in Node, a slice shares memory with the buffer it was cut from. */
  slice(start, end) {
    return this.subarray(start, end);
  }

  copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    const bytes = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart));
    target.set(bytes, targetStart);
    return bytes.length;
  }

  equals(other) {
    if (this.length !== other.length) return false;
    for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
    return true;
  }

  readUInt8(offset = 0) {
    return this[offset];
  }

  readUInt16BE(offset = 0) {
    return (this[offset] << 8) | this[offset + 1];
  }

  readUInt32BE(offset = 0) {
    return this[offset] * 0x1000000 + ((this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3]);
  }

  writeUInt8(value, offset = 0) {
    this[offset] = value;
    return offset + 1;
  }

  writeUInt16BE(value, offset = 0) {
    this[offset] = value >>> 8;
    this[offset + 1] = value;
    return offset + 2;
  }

  writeUInt32BE(value, offset = 0) {
    this[offset] = value >>> 24;
    this[offset + 1] = value >>> 16;
    this[offset + 2] = value >>> 8;
    this[offset + 3] = value;
    return offset + 4;
  }

  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  }
}

// Aliases some code spells the Node way.
Buffer.prototype.readUint8 = Buffer.prototype.readUInt8;
Buffer.prototype.readUint16BE = Buffer.prototype.readUInt16BE;
Buffer.prototype.readUint32BE = Buffer.prototype.readUInt32BE;
Buffer.prototype.writeUint8 = Buffer.prototype.writeUInt8;
Buffer.prototype.writeUint16BE = Buffer.prototype.writeUInt16BE;
Buffer.prototype.writeUint32BE = Buffer.prototype.writeUInt32BE;

function normalize(encoding) {
  switch (encoding === undefined ? 'utf8' : String(encoding).toLowerCase()) {
    case 'utf8':
    case 'utf-8':
      return 'utf8';
    case 'latin1':
    case 'binary':
    case 'ascii':
      return 'latin1';
    case 'hex':
      return 'hex';
    case 'base64':
      return 'base64';
    default:
      return undefined;
  }
}

function fromString(text, encoding) {
  switch (normalize(encoding)) {
    case 'latin1':
      return Buffer.from(Array.from(text, (c) => c.charCodeAt(0)));
    case 'hex': {
      const bytes = new Buffer(text.length >>> 1);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
      return bytes;
    }
    case 'base64':
      return fromBase64(text);
    default: {
      const encoded = encoder.encode(text);
      return new Buffer(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    }
  }
}

function toLatin1(bytes) {
  // In slices: spreading a large buffer into one call would overflow the stack.
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x2000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return text;
}

function fromBase64(text) {
  const binary = atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .replace(/[^A-Za-z0-9+/]/g, ''),
  );
  return fromString(binary, 'latin1');
}

/** The UTF-8 length of `text`, counted without encoding it: mqtt-packet asks for every topic it writes. */
function utf8Length(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

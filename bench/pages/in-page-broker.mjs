// A broker inside the page, for measuring without a network: MQTT.js gets a WebSocket-like object (through
// its `createWebsocket` option) that answers CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ and delivers
// PUBLISH packets made here, one per 'message' event, as a browser delivers one WebSocket frame. Both
// benchmark pages take the same stream from it, so what differs between them is only what runs above
// MQTT.js's socket.

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export class InPageBroker {
  sockets = new Set();
  /** Topic filters subscribed, minus those unsubscribed, over every socket. */
  subscriptions = 0;
  subscribePackets = 0;
  /** Handed to MQTT.js as its `createWebsocket` option. */
  createWebsocket = () => new PageSocket(this);

  /** Delivers one PUBLISH (QoS 0) to every open socket. */
  publish(topicBytes, payloadText) {
    const packet = publishPacket(topicBytes, payloadText);
    for (const socket of this.sockets) socket.deliver(packet);
  }
}

/** The WebSocket interface MQTT.js uses, and nothing more. */
class PageSocket extends EventTarget {
  CONNECTING = CONNECTING;
  OPEN = OPEN;
  CLOSING = 2;
  CLOSED = CLOSED;
  readyState = CONNECTING;
  binaryType = 'arraybuffer';
  bufferedAmount = 0;
  protocol = 'mqtt';
  #broker;
  #replies = [];

  constructor(broker) {
    super();
    this.#broker = broker;
    broker.sockets.add(this);
    setTimeout(() => {
      this.readyState = OPEN;
      this.dispatchEvent(new Event('open'));
    });
  }

  send(data) {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // A frame may hold several packets: MQTT.js writes what it has in one go.
    for (let offset = 0; offset < bytes.length;) {
      const type = bytes[offset] >> 4;
      let length = 0;
      let shift = 0;
      let cursor = offset + 1;
      for (;;) {
        const digit = bytes[cursor++];
        length += (digit & 0x7f) * 2 ** shift;
        shift += 7;
        if (digit < 0x80) break;
      }
      this.#handle(type, bytes.subarray(cursor, cursor + length));
      offset = cursor + length;
    }
  }

  #handle(type, body) {
    switch (type) {
      case 1: // CONNECT
        this.#reply([0x20, 2, 0, 0]);
        break;
      case 8: {
        // SUBSCRIBE: granted QoS 0 for each filter in it.
        let filters = 0;
        for (let at = 2; at < body.length; at += 2 + ((body[at] << 8) | body[at + 1]) + 1) filters++;
        this.#broker.subscriptions += filters;
        this.#broker.subscribePackets++;
        this.#reply([0x90, ...varint(2 + filters), body[0], body[1], ...new Array(filters).fill(0)]);
        break;
      }
      case 10: {
        let filters = 0;
        for (let at = 2; at < body.length; at += 2 + ((body[at] << 8) | body[at + 1])) filters++;
        this.#broker.subscriptions -= filters;
        this.#reply([0xb0, 2, body[0], body[1]]);
        break;
      }
      case 12: // PINGREQ
        this.#reply([0xd0, 0]);
        break;
      case 14: // DISCONNECT
        this.close();
        break;
      default:
      // PUBLISH from the page and acknowledgements: nothing to answer at QoS 0.
    }
  }

  /** Replies arrive in a later task, as from a network, all that were made in one task together. */
  #reply(bytes) {
    if (this.#replies.length === 0) {
      setTimeout(() => {
        const replies = this.#replies;
        this.#replies = [];
        for (const reply of replies) this.deliver(new Uint8Array(reply).buffer);
      });
    }
    this.#replies.push(bytes);
  }

  deliver(buffer) {
    if (this.readyState === OPEN) this.dispatchEvent(new MessageEvent('message', { data: buffer }));
  }

  close() {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#broker.sockets.delete(this);
    setTimeout(() => this.dispatchEvent(new CloseEvent('close', { code: 1000 })));
  }
}

function varint(value) {
  const bytes = [];
  do {
    let digit = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) digit |= 0x80;
    bytes.push(digit);
  } while (value > 0);
  return bytes;
}

/** A fresh buffer per message, as the browser hands each WebSocket frame its own ArrayBuffer. */
function publishPacket(topicBytes, payloadText) {
  const remaining = 2 + topicBytes.length + payloadText.length;
  const length = remaining < 128 ? [remaining] : varint(remaining);
  const bytes = new Uint8Array(1 + length.length + remaining);
  bytes[0] = 0x30;
  bytes.set(length, 1);
  let at = 1 + length.length;
  bytes[at++] = topicBytes.length >> 8;
  bytes[at++] = topicBytes.length & 0xff;
  bytes.set(topicBytes, at);
  at += topicBytes.length;
  // Payloads here are ASCII (digits, or the letters of a large payload).
  for (let i = 0; i < payloadText.length; i++) bytes[at++] = payloadText.charCodeAt(i);
  return bytes.buffer;
}

// Reason codes: what a person reads when the broker refuses a connection, subscription or message.
import { expect } from '@open-wc/testing';
import { connackReason, disconnectReason, pubackReason, subackReason } from '../../src/core/reason-codes.js';

describe('connackReason', () => {
  it('reads MQTT 3.1.1 return codes', () => {
    expect(connackReason(0, 4)).to.equal('connection accepted');
    expect(connackReason(1, 4)).to.match(/^unacceptable protocol version/);
    expect(connackReason(2, 4)).to.match(/^client identifier rejected/);
    expect(connackReason(3, 4)).to.match(/^server unavailable/);
    expect(connackReason(4, 4)).to.equal('bad user name or password; check the username and password');
    expect(connackReason(5, 4)).to.match(/^not authorized/);
  });

  it('reads MQTT 5 reason codes', () => {
    const expected: [number, RegExp][] = [
      [0x00, /^success$/],
      [0x80, /^unspecified error/],
      [0x84, /^unsupported protocol version/],
      [0x85, /^client identifier not valid/],
      [0x86, /^bad user name or password; check the username and password$/],
      [0x87, /^not authorized/],
      [0x88, /^server unavailable/],
      [0x89, /^server busy/],
      [0x8a, /^banned/],
      [0x8c, /^bad authentication method/],
      [0x95, /^packet too large/],
      [0x97, /^quota exceeded/],
      [0x9c, /^use another server/],
      [0x9d, /^server moved/],
      [0x9f, /^connection rate exceeded/],
    ];
    for (const [code, pattern] of expected)
      expect(connackReason(code, 5), code.toString(16)).to.match(pattern);
  });

  it('reads 3.1.1 codes sent in answer to an MQTT 5 CONNECT by a 3.1.1-only broker', () => {
    expect(connackReason(1, 5)).to.match(/^unacceptable protocol version/);
    expect(connackReason(4, 5)).to.match(/^bad user name or password/);
  });

  it('names unknown codes by number', () => {
    expect(connackReason(0x42, 5)).to.equal('reason code 0x42');
    expect(connackReason(0x86, 4)).to.equal('reason code 0x86');
    expect(connackReason(9, 4)).to.equal('reason code 0x09');
    expect(connackReason(-1, 4)).to.equal('reason code -1');
  });
});

describe('disconnectReason', () => {
  it('explains why the broker closed the connection', () => {
    expect(disconnectReason(0x00)).to.equal('normal disconnection');
    expect(disconnectReason(0x04)).to.equal('disconnect with will message');
    expect(disconnectReason(0x8b)).to.equal('server shutting down');
    expect(disconnectReason(0x8d)).to.match(/^keep alive timeout/);
    expect(disconnectReason(0x8e)).to.match(
      /^session taken over; another client connected with the same client ID/,
    );
    expect(disconnectReason(0x87)).to.match(/^not authorized/);
    expect(disconnectReason(0x98)).to.match(/^administrative action/);
    expect(disconnectReason(0x9c)).to.match(/^use another server/);
    expect(disconnectReason(0xa2)).to.match(/^wildcard subscriptions not supported/);
    expect(disconnectReason(0xee)).to.equal('reason code 0xEE');
  });
});

describe('subackReason', () => {
  it('reads granted QoS and refusals', () => {
    expect(subackReason(0)).to.equal('granted QoS 0');
    expect(subackReason(2)).to.equal('granted QoS 2');
    expect(subackReason(0x80)).to.match(/^unspecified error/);
    expect(subackReason(0x87)).to.equal('not authorized');
    expect(subackReason(0x8f)).to.equal('topic filter invalid');
    expect(subackReason(0x91)).to.equal('packet identifier in use');
    expect(subackReason(0x97)).to.match(/^quota exceeded/);
    expect(subackReason(0x9e)).to.match(/^shared subscriptions/);
    expect(subackReason(0xa1)).to.match(/^subscription identifiers not supported/);
    expect(subackReason(0xa2)).to.match(/^wildcard subscriptions not supported/);
    expect(subackReason(0x03)).to.equal('reason code 0x03');
  });
});

describe('pubackReason', () => {
  it('reads what the broker said about a message', () => {
    expect(pubackReason(0)).to.equal('success');
    expect(pubackReason(0x10)).to.match(/^no matching subscribers; the broker accepted the message/);
    expect(pubackReason(0x80)).to.match(/^unspecified error/);
    expect(pubackReason(0x83)).to.match(/^implementation specific error/);
    expect(pubackReason(0x87)).to.match(/^not authorized/);
    expect(pubackReason(0x90)).to.equal('topic name invalid');
    expect(pubackReason(0x97)).to.match(/^quota exceeded/);
    expect(pubackReason(0x99)).to.match(/^payload format invalid/);
    expect(pubackReason(0x12)).to.equal('reason code 0x12');
  });
});

describe('reason texts', () => {
  it('are lowercase phrases without a final period, ready to follow a colon', () => {
    const all = [
      ...[0, 1, 2, 3, 4, 5].map((code) => connackReason(code, 4)),
      ...Array.from({ length: 256 }, (_, code) => [
        connackReason(code, 5),
        disconnectReason(code),
        subackReason(code),
        pubackReason(code),
      ]).flat(),
    ];
    for (const text of all) {
      expect(text, text).not.to.match(/\.$/);
      expect(text, text).to.match(/^[a-z]|^QoS/);
    }
  });
});

// ReplyMatcher: a reply settles the request it belongs to (by JSON id or by correlation data), other
// replies are ignored, and a request without a reply times out with a message that says where it waited.
import { expect } from '@open-wc/testing';
import { MqttMessage } from '../../src/core/message.js';
import { correlationDataOf, newRequestId, ReplyMatcher } from '../../src/core/request-reply.js';

const message = (text: string) => new MqttMessage('page/rpc', new TextEncoder().encode(text), false, 1);

describe('reply matching', () => {
  it('settles a request by the JSON id of its reply (Shelly Gen2 RPC), with result or error', async () => {
    const matcher = new ReplyMatcher('json-id');
    const first = matcher.expect(7, 5000, () => 'request 7');
    const second = matcher.expect('b', 5000, () => 'request b');
    expect(matcher.pending).to.equal(2);
    expect(matcher.receive(message('{"id":99,"result":{}}'))).to.equal(undefined);
    expect(matcher.receive(message('not json'))).to.equal(undefined);
    matcher.receive(message('{"id":"b","src":"shelly","error":{"code":-103,"message":"Missing on"}}'));
    matcher.receive(message('{"id":7,"src":"shelly","result":{"was_on":false}}'));
    const [a, b] = await Promise.all([first, second]);
    expect(a.value).to.deep.equal({ id: 7, src: 'shelly', result: { was_on: false } });
    expect(a.error).to.equal(undefined);
    expect(b.error).to.deep.equal({ code: -103, message: 'Missing on' });
    expect(matcher.pending).to.equal(0);
  });

  it('settles a request by MQTT 5 correlation data, whatever the payload', async () => {
    const matcher = new ReplyMatcher('correlation-data');
    const id = newRequestId();
    const reply = matcher.expect(id, 5000, () => `request ${id}`);
    expect(matcher.receive(message('{"id":1}'))).to.equal(undefined);
    expect(matcher.receive(message('42'), correlationDataOf(id + 1))).to.equal(undefined);
    matcher.receive(message('42'), correlationDataOf(id));
    expect((await reply).value).to.equal(42);
  });

  it('times out with the reason, and ignores the late reply', async () => {
    const matcher = new ReplyMatcher('json-id');
    const reply = matcher.expect(1, 50, () => 'Switch.Set on "dev/rpc" (reply expected on "page/rpc")');
    const error = await reply.then(
      () => undefined,
      (e: Error & { code: string }) => e,
    );
    expect(error?.code).to.equal('timeout');
    expect(error?.message).to.match(
      /^No reply to Switch.Set on "dev\/rpc" \(reply expected on "page\/rpc"\) within 50 ms/,
    );
    expect(matcher.receive(message('{"id":1}'))).to.equal(undefined);
  });

  it('gives ids that differ from one request to the next', () => {
    const a = newRequestId();
    expect(newRequestId()).to.not.equal(a);
  });
});

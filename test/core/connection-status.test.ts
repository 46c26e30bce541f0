// The connection core's status as code without any element sees it: each state with its reason,
// in the order a page would show them.
import { expect, waitUntil } from '@open-wc/testing';
import { ConnectionCore } from '../../src/core/connection-core.js';
import type { StatusInfo } from '../../src/core/connection-status.js';
import { MqttElementsError } from '../../src/core/errors.js';
import { brokerUrl } from '../support/brokers.js';
import { closeCores, createCore, startCore } from '../support/core-fixtures.js';

const patience = { timeout: 8000 };

/** A core whose every status change and error is recorded from the very first. */
function watchedCore(url: string, overrides: Parameters<typeof createCore>[1] = {}) {
  const seen: StatusInfo[] = [];
  const errors: MqttElementsError[] = [];
  const core = createCore(url, overrides);
  core.onStatus((info) => seen.push(info));
  core.onError((error) => errors.push(error));
  core.connect();
  return { core, seen, errors };
}

describe('connection status', () => {
  afterEach(closeCores);

  it('is idle, with no client, until connect() is called', () => {
    const core = new ConnectionCore();
    expect(core.status).to.equal('idle');
    expect(core.client).to.equal(undefined);
    expect(() => core.connect()).to.throw(MqttElementsError, 'set the url first');
  });

  it('goes connecting → connected, without a reason', async () => {
    const { core, seen } = watchedCore(await brokerUrl());
    await waitUntil(() => core.status === 'connected', 'connected', patience);
    expect(seen.map((s) => s.status)).to.deep.equal(['connecting', 'connected']);
    expect(seen.every((s) => s.reason === undefined)).to.equal(true);
    expect(core.error).to.equal(undefined);
  });

  it('ws:// from an https: page is an error before any socket is opened, with the wss:// to use', () => {
    const { core, seen, errors } = watchedCore('ws://broker.example.com:8083/mqtt', {
      pageProtocol: 'https:',
    });
    expect(core.status).to.equal('error');
    expect(core.client).to.equal(undefined);
    expect(seen.at(-1)!.reason).to.include('blocks the unencrypted ws:// connection');
    expect(seen.at(-1)!.reason).to.include('wss://broker.example.com:8084/mqtt');
    expect(errors.at(-1)!.code).to.equal('url');
  });

  it('reconnecting counts its attempts and says when the next one starts', async () => {
    const { core, seen, errors } = watchedCore('ws://127.0.0.1:65535/mqtt', {
      reconnectPeriod: 100,
      maxReconnectPeriod: 200,
    });
    await waitUntil(
      () => seen.filter((s) => s.status === 'reconnecting').length >= 3,
      'three attempts',
      patience,
    );
    const retries = seen.filter((s) => s.status === 'reconnecting');
    expect(retries.slice(0, 3).map((s) => s.attempt)).to.deep.equal([1, 2, 3]);
    for (const retry of retries) {
      expect(retry.retryAt).to.be.a('number');
      expect(retry.reason).to.include('Cannot reach the broker at ws://127.0.0.1:65535/mqtt');
    }
    expect(errors.every((e) => e.code === 'socket')).to.equal(true);
    expect(core.error?.code).to.equal('socket');
  });

  it('disconnect() is closed, with nothing left scheduled', async () => {
    const { core, seen } = watchedCore('ws://127.0.0.1:65535/mqtt', { reconnectPeriod: 100 });
    await waitUntil(() => core.status === 'reconnecting', 'reconnecting', patience);
    await core.disconnect();
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(core.status).to.equal('closed');
    expect(seen.length, 'no attempt after disconnect()').to.equal(count);
  });

  it('a status listener that stopped listening hears nothing more', async () => {
    const core = startCore(await brokerUrl());
    const heard: string[] = [];
    const stop = core.onStatus((info) => heard.push(info.status));
    stop();
    await waitUntil(() => core.status === 'connected', 'connected', patience);
    expect(heard).to.deep.equal([]);
  });
});

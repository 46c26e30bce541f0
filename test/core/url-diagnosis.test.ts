// Broker URL diagnosis: the mistakes people make in url="…" and the fix each message suggests.
import { expect } from '@open-wc/testing';
import { withoutCredentials, withoutSecrets, diagnoseBrokerUrl } from '../../src/core/url-diagnosis.js';

function errorOf(url: string, pageProtocol?: string): string {
  const diagnosis = diagnoseBrokerUrl(url, pageProtocol);
  expect(diagnosis.url, 'no URL when there is an error').to.equal(undefined);
  expect(diagnosis.errors).to.have.length(1);
  return diagnosis.errors[0]!;
}

describe('diagnoseBrokerUrl', () => {
  it('accepts a well-formed URL without remarks', () => {
    expect(diagnoseBrokerUrl('wss://broker.emqx.io:8084/mqtt', 'https:')).to.deep.equal({
      url: 'wss://broker.emqx.io:8084/mqtt',
      errors: [],
      warnings: [],
    });
    expect(diagnoseBrokerUrl('ws://broker.emqx.io:8083/mqtt', 'http:').url).to.equal(
      'ws://broker.emqx.io:8083/mqtt',
    );
    expect(diagnoseBrokerUrl('ws://localhost:9001/mqtt').errors).to.deep.equal([]);
  });

  it('normalizes the URL', () => {
    const diagnosis = diagnoseBrokerUrl('  WSS://Broker.Example.COM:8084/mqtt?x=1  ');
    expect(diagnosis.url).to.equal('wss://broker.example.com:8084/mqtt?x=1');
    expect(diagnosis.warnings).to.deep.equal([]);
  });

  it('accepts international host names', () => {
    const diagnosis = diagnoseBrokerUrl('wss://müller.example:8084/mqtt');
    expect(diagnosis.errors).to.deep.equal([]);
    expect(diagnosis.url).to.equal('wss://xn--mller-kva.example:8084/mqtt');
  });

  it('asks for a URL when it is empty', () => {
    expect(errorOf('')).to.include('No broker URL');
    expect(errorOf('   ')).to.include('e.g. url="wss://');
  });

  it('suggests ws:// when the scheme is missing', () => {
    expect(errorOf('broker.emqx.io:8083/mqtt')).to.include('write ws://broker.emqx.io:8083/mqtt');
    expect(errorOf('localhost:9001')).to.include('write ws://localhost:9001');
    expect(errorOf('broker.example.com')).to.include('write ws://broker.example.com');
    expect(errorOf('//broker.example.com:8083/mqtt')).to.include('write ws://broker.example.com:8083/mqtt');
  });

  it('suggests wss:// when the scheme is missing on an https page or a TLS port', () => {
    expect(errorOf('broker.emqx.io:8083/mqtt', 'https:')).to.include('write wss://broker.emqx.io:8083/mqtt');
    expect(errorOf('broker.emqx.io:8084/mqtt')).to.include('write wss://broker.emqx.io:8084/mqtt');
  });

  for (const scheme of ['mqtt', 'tcp']) {
    it(`explains that browsers cannot open ${scheme}://`, () => {
      const message = errorOf(`${scheme}://broker.emqx.io:1883`);
      expect(message).to.include(`${scheme}:// is MQTT over TCP`);
      expect(message).to.include('only speak WebSocket');
      expect(message).to.include('ws://broker.emqx.io:8083/mqtt');
      expect(message).to.include('8084');
      expect(message).to.include('9001');
    });
  }

  for (const scheme of ['mqtts', 'ssl']) {
    it(`suggests wss:// with the TLS WebSocket port for ${scheme}://`, () => {
      const message = errorOf(`${scheme}://user@broker.emqx.io:8883`);
      expect(message).to.include('wss://broker.emqx.io:8084/mqtt');
      expect(message).not.to.include('user');
    });
  }

  it('suggests wss:// for mqtt:// on an https page', () => {
    expect(errorOf('mqtt://broker.emqx.io', 'https:')).to.include('wss://broker.emqx.io:8084/mqtt');
  });

  it('suggests ws:// or wss:// for http(s)://', () => {
    expect(errorOf('http://broker.emqx.io:8083/mqtt')).to.include('write ws://broker.emqx.io:8083/mqtt');
    expect(errorOf('HTTPS://broker.emqx.io:8084/mqtt')).to.include('write wss://broker.emqx.io:8084/mqtt');
  });

  it('rejects an unknown scheme', () => {
    expect(errorOf('ftp://broker.example.com/mqtt')).to.include(
      '"ftp://" is not one a browser can connect with',
    );
  });

  it('rejects a URL that does not parse', () => {
    expect(errorOf('ws://broker example.com/mqtt')).to.include('contains a space');
    expect(errorOf('ws://broker%20example.com/mqtt')).to.satisfy((m: string) =>
      /not a valid URL|no valid host name/.test(m),
    );
    expect(errorOf('ws://broker.example.com:99999/mqtt')).to.include('is not a valid URL');
    expect(errorOf('ws://')).to.satisfy((m: string) => /not a valid URL|no valid host name/.test(m));
  });

  it('refuses ws:// from an https page', () => {
    const message = errorOf('ws://broker.emqx.io:8083/mqtt', 'https:');
    expect(message).to.include('the browser blocks');
    expect(message).to.include('wss://broker.emqx.io:8084/mqtt');
  });

  it('only warns about ws:// to this machine from an https page', () => {
    const diagnosis = diagnoseBrokerUrl('ws://localhost:9001/mqtt', 'https:');
    expect(diagnosis.errors).to.deep.equal([]);
    expect(diagnosis.url).to.equal('ws://localhost:9001/mqtt');
    expect(diagnosis.warnings.join(' ')).to.include('Safari');
    expect(diagnoseBrokerUrl('ws://127.0.0.1:9001/mqtt', 'https:').errors).to.deep.equal([]);
  });

  it('allows ws:// from an http page and when the page protocol is unknown', () => {
    expect(diagnoseBrokerUrl('ws://broker.emqx.io:8083/mqtt', 'http:').errors).to.deep.equal([]);
    expect(diagnoseBrokerUrl('ws://broker.emqx.io:8083/mqtt', 'file:').errors).to.deep.equal([]);
    expect(diagnoseBrokerUrl('ws://broker.emqx.io:8083/mqtt').errors).to.deep.equal([]);
  });

  it('warns when the usual ports are swapped', () => {
    const wss = diagnoseBrokerUrl('wss://broker.emqx.io:8083/mqtt');
    expect(wss.url).to.equal('wss://broker.emqx.io:8083/mqtt');
    expect(wss.warnings).to.have.length(1);
    expect(wss.warnings[0]).to.include('wss:// on port 8083');
    const ws = diagnoseBrokerUrl('ws://broker.emqx.io:8084/mqtt');
    expect(ws.warnings).to.have.length(1);
    expect(ws.warnings[0]).to.include('ws:// on port 8084');
  });

  it('warns about the MQTT TCP ports', () => {
    expect(diagnoseBrokerUrl('ws://broker.emqx.io:1883/mqtt').warnings[0]).to.include(
      "Port 1883 is MQTT's TCP port",
    );
    expect(diagnoseBrokerUrl('wss://broker.emqx.io:8883/mqtt').warnings[0]).to.include('Port 8883');
  });

  it('warns when there is no path', () => {
    for (const url of ['ws://broker.emqx.io:8083', 'ws://broker.emqx.io:8083/']) {
      const diagnosis = diagnoseBrokerUrl(url);
      expect(diagnosis.url).to.equal('ws://broker.emqx.io:8083/');
      expect(diagnosis.warnings).to.have.length(1);
      expect(diagnosis.warnings[0]).to.include('/mqtt');
      expect(diagnosis.warnings[0]).to.include('ws://broker.emqx.io:8083/mqtt');
      expect(diagnosis.warnings[0]).to.include('Mosquitto accepts any path');
    }
  });

  it('warns about credentials in the URL, and keeps them out of other messages', () => {
    const diagnosis = diagnoseBrokerUrl('wss://alice:s3cret@broker.example.com:8084/mqtt');
    expect(diagnosis.errors).to.deep.equal([]);
    expect(diagnosis.url).to.equal('wss://alice:s3cret@broker.example.com:8084/mqtt');
    expect(diagnosis.warnings).to.have.length(1);
    expect(diagnosis.warnings[0]).to.include('every visitor');
    expect(diagnosis.warnings[0]).to.include('username and password');
    expect(diagnosis.warnings[0]).to.include('credentials');
    expect(diagnosis.warnings[0]).not.to.include('s3cret');
    expect(errorOf('ws://alice:s3cret@broker.example.com:8083/mqtt', 'https:')).not.to.include('s3cret');
  });

  it('never quotes a password, also in fixes it suggests', () => {
    for (const url of [
      'alice:s3cret@broker.example.com:8083',
      'mqtt://alice:s3cret@broker.example.com:1883',
      'https://alice:s3cret@broker.example.com/mqtt',
      'ws://alice:s3cret@broker.example.com:8083',
      'ws://alice:s3cret@broker example.com:8083/mqtt',
    ]) {
      const { errors, warnings } = diagnoseBrokerUrl(url, 'https:');
      expect([...errors, ...warnings].join(' '), url).not.to.include('s3cret');
      expect([...errors, ...warnings].join(' '), url).not.to.include('alice');
      expect(warnings[0], url).to.include('never shown');
    }
    expect(withoutCredentials('wss://a:b@host:1/x?y#z')).to.equal('wss://host:1/x?y#z');
    expect(withoutCredentials('a:b@host:8083')).to.equal('host:8083');
    expect(withoutCredentials('wss://host/p@q')).to.equal('wss://host/p@q');
  });

  it('shows a signed URL without its query string (a SigV4 signature, an authorizer token)', () => {
    expect(
      withoutSecrets(
        ' wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=f00 ',
      ),
    ).to.equal('wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt');
    expect(withoutSecrets('wss://me:pw@host:8884/mqtt?token=t#x')).to.equal('wss://host:8884/mqtt');
    expect(withoutSecrets('ws://host/mqtt#frag')).to.equal('ws://host/mqtt');
  });

  it('drops a fragment with a warning', () => {
    const diagnosis = diagnoseBrokerUrl('wss://broker.example.com:8084/mqtt#main');
    expect(diagnosis.url).to.equal('wss://broker.example.com:8084/mqtt');
    expect(diagnosis.warnings[0]).to.include('"#main"');
  });

  it('ends every message with a full stop, so that several can be joined', () => {
    const samples = [
      diagnoseBrokerUrl(''),
      diagnoseBrokerUrl('broker:8083'),
      diagnoseBrokerUrl('mqtt://b'),
      diagnoseBrokerUrl('http://b'),
      diagnoseBrokerUrl('foo://b'),
      diagnoseBrokerUrl('ws://b c'),
      diagnoseBrokerUrl('ws://u:p@b:8084', 'https:'),
      diagnoseBrokerUrl('wss://b:8083#x'),
      diagnoseBrokerUrl('ws://b:1883/mqtt'),
    ];
    for (const message of samples.flatMap((d) => [...d.errors, ...d.warnings])) {
      expect(message, message).to.match(/\.$/);
    }
  });
});

// A page that loads the CDN bundles from different URLs, as happens with a CDN's unversioned URL that
// redirects to a versioned one: the classic script, the module bundle under another URL, and the chart,
// explorer and discovery scripts, whose own import of `./mqtt-elements.js` names a third URL. The
// browser fetches and runs each URL's module, but the library inside must run once: every tag defined
// once, no "already defined" warning, and every entry built on the same classes as the rest. Its own
// file: it registers the tags.
import { expect } from '@open-wc/testing';
import { brokers, uniqueTopic } from '../support/brokers.js';
import { until } from '../support/until.js';

type Library = Record<string, unknown> & { MqttElement: CustomElementConstructor };

const warnings: string[] = [];
const originalWarn = console.warn;

function loadClassicScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const element = document.createElement('script');
    element.src = src;
    element.onload = () => resolve();
    element.onerror = () => reject(new Error(`${src} failed to load: run \`npm run build:cdn\` first.`));
    document.head.append(element);
  });
}

describe('CDN bundles loaded from several URLs', () => {
  let moduleCopy: Library;

  before(async () => {
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      originalWarn.apply(console, args);
    };
    await loadClassicScript('/cdn/mqtt-elements.global.js');
    // Variables, so that TypeScript does not look for the files: they are built, not checked in.
    const otherUrl = '/cdn/mqtt-elements.js?as-if=unversioned';
    moduleCopy = (await import(otherUrl)) as Library;
    // Every separately loaded entry: each imports ./mqtt-elements.js, a URL no script tag named.
    for (const entry of ['mqtt-chart', 'mqtt-explorer', 'mqtt-discovery']) {
      const url = `/cdn/${entry}.js?as-if=unversioned`;
      await import(url);
    }
  });

  after(() => {
    console.warn = originalWarn;
  });

  it('runs the library once: no tag is defined twice', () => {
    expect(warnings).to.deep.equal([]);
    const classic = (window as unknown as { MqttElements: Library }).MqttElements;
    expect(moduleCopy.MqttConnection).to.equal(classic.MqttConnection);
    expect(customElements.get('mqtt-connection')).to.equal(classic.MqttConnection);
    for (const tag of ['mqtt-chart', 'mqtt-explorer', 'mqtt-discovery']) {
      expect(customElements.get(tag)?.prototype, `<${tag}>`).to.be.instanceOf(classic.MqttElement);
    }
  });

  it('plots a value in a chart inside a connection from the classic script', async () => {
    const topic = uniqueTopic('one-copy');
    const connection = document.createElement('mqtt-connection') as HTMLElement & {
      status: string;
      publish(topic: string, payload: string, options?: { qos?: 0 | 1 | 2; retain?: boolean }): Promise<void>;
      disconnect(): Promise<void>;
    };
    connection.setAttribute('url', (await brokers()).aedes.wsUrl);
    const chart = document.createElement('mqtt-chart');
    chart.setAttribute('topic', topic);
    connection.append(chart);
    document.body.append(connection);
    try {
      await until(() => connection.status === 'connected', () => `connected (status ${connection.status})`);
      // Retained, so it arrives whether or not the chart's SUBSCRIBE has gone out yet.
      await connection.publish(topic, '21.5', { qos: 1, retain: true });
      await until(
        () => chart.series.length === 1 && chart.series[0].values[0] === 21.5,
        () => `the point 21.5 (series: ${JSON.stringify(chart.series)})`,
      );
      await connection.publish(topic, '', { qos: 1, retain: true });
    } finally {
      await connection.disconnect();
      connection.remove();
    }
  });
});

// <mqtt-status>: the words and colours a visitor sees for each connection state, the reason when
// something is wrong, the page's own words through slots, and what assistive technology announces.
import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/define.js';
import { connectionContext } from '../../src/context/connection-context.js';
import type { ConnectionCore } from '../../src/core/connection-core.js';
import type { ConnectionStatus, StatusInfo } from '../../src/core/connection-status.js';
import type { MqttConnection, MqttStatus } from '../../src/index.js';
import { brokerUrl } from '../support/brokers.js';
import { until, whenConnected } from '../support/element-fixtures.js';
import { cleanupFaults, setProxy, startProxy } from '../support/fault-control.js';

/**
 * A stand-in for a connection that can be put in any state at once, including those a real broker
 * only reaches after seconds (a late reconnect attempt) or never in a test (the browser offline).
 */
class StateDouble {
  statusInfo: StatusInfo = { status: 'idle', warnings: [] };
  readonly #listeners = new Set<(info: StatusInfo) => void>();

  get status(): ConnectionStatus {
    return this.statusInfo.status;
  }

  onStatus(listener: (info: StatusInfo) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(info: Partial<StatusInfo> & { status: ConnectionStatus }): void {
    this.statusInfo = { warnings: [], ...info };
    for (const listener of this.#listeners) listener(this.statusInfo);
  }
}

/** An `<mqtt-status>` inside a plain element that provides `double` as its connection. */
async function statusOn(double: StateDouble, content = html``, attributes: { hideReason?: boolean } = {}) {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  new ContextProvider(host, {
    context: connectionContext,
    initialValue: double as unknown as ConnectionCore,
  });
  const status = document.createElement('mqtt-status');
  status.hideReason = attributes.hideReason ?? false;
  render(content, status);
  host.append(status);
  await status.updateComplete;
  return status;
}

function part(status: MqttStatus, name: string): HTMLElement | null {
  return status.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
}

/** The label a visitor sees: the page's slotted words for this state if any, else the built-in label. */
function label(status: MqttStatus): string {
  const slot = part(status, 'label')!.querySelector('slot')!;
  const assigned = slot.assignedNodes({ flatten: true });
  const nodes = assigned.length > 0 ? assigned : Array.from(slot.childNodes);
  return nodes
    .map((n) => n.textContent)
    .join('')
    .trim();
}

function reason(status: MqttStatus): string {
  return part(status, 'reason')?.textContent?.trim() ?? '';
}

async function settled(status: MqttStatus): Promise<void> {
  // Renders wait for the next animation frame; two updates cover a status change made meanwhile.
  await status.updateComplete;
  await status.updateComplete;
}

const labels: [ConnectionStatus, string][] = [
  ['idle', 'Not connected'],
  ['connecting', 'Connecting…'],
  ['connected', 'Connected'],
  ['reconnecting', 'Reconnecting'],
  ['offline', 'Offline'],
  ['error', 'Error'],
  ['closed', 'Disconnected'],
];

describe('<mqtt-status>', () => {
  afterEach(cleanupFaults);

  describe('states', () => {
    for (const [state, text] of labels) {
      it(`${state}: shows "${text}" and reflects status="${state}"`, async () => {
        const double = new StateDouble();
        const status = await statusOn(double);
        double.set({
          status: state,
          ...(state === 'reconnecting' && { attempt: 1, retryAt: Date.now() + 1000 }),
        });
        await settled(status);
        expect(label(status)).to.equal(text);
        expect(status.getAttribute('status')).to.equal(state);
        expect(status.status).to.equal(state);
      });
    }

    it('follows every change of its connection', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      expect(label(status)).to.equal('Not connected');
      for (const [state, text] of labels) {
        double.set({ status: state });
        await settled(status);
        expect(label(status)).to.equal(text);
      }
    });

    it('shows "Not connected" outside any connection', async () => {
      const status = await fixture<MqttStatus>(html`<mqtt-status></mqtt-status>`);
      expect(label(status)).to.equal('Not connected');
      expect(status.getAttribute('status')).to.equal('idle');
      expect(reason(status)).to.equal('');
    });
  });

  describe('reason', () => {
    it('while reconnecting: what failed, then "Reconnecting in N s (attempt K)", counting down', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({
        status: 'reconnecting',
        reason: 'Cannot reach the broker at ws://example.test:8083/mqtt.',
        attempt: 3,
        retryAt: Date.now() + 3900,
      });
      await settled(status);
      expect(reason(status)).to.equal(
        'Cannot reach the broker at ws://example.test:8083/mqtt. Reconnecting in 4 s (attempt 3).',
      );
      await until(() => reason(status).includes('Reconnecting in 3 s (attempt 3)'), 'the countdown to tick');
    });

    it('says "Reconnecting now" once the moment has come', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({ status: 'reconnecting', attempt: 2, retryAt: Date.now() - 10 });
      await settled(status);
      expect(reason(status)).to.equal('Reconnecting now (attempt 2).');
    });

    it('on error and offline: the reason in words', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({ status: 'error', reason: 'The broker refused the connection: not authorized.' });
      await settled(status);
      expect(reason(status)).to.equal('The broker refused the connection: not authorized.');
      double.set({ status: 'offline', reason: 'The browser is offline.' });
      await settled(status);
      expect(reason(status)).to.equal('The browser is offline.');
    });

    it('warnings are shown in every state, after what failed', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      const warning = 'The broker URL has no path: most brokers serve MQTT over WebSocket at /mqtt.';
      double.set({ status: 'connected', warnings: [warning] });
      await settled(status);
      expect(reason(status)).to.equal(warning);
      double.set({
        status: 'reconnecting',
        reason: 'Cannot reach the broker.',
        attempt: 1,
        retryAt: Date.now() + 1900,
        warnings: [warning],
      });
      await settled(status);
      expect(reason(status)).to.equal(`Cannot reach the broker. ${warning} Reconnecting in 2 s (attempt 1).`);
    });

    it('no reason part when all is well', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({ status: 'connected' });
      await settled(status);
      expect(part(status, 'reason')).to.equal(null);
      expect(part(status, 'base')!.hasAttribute('title')).to.equal(false);
    });

    it('the reason is also the tooltip, and hide-reason shows only dot and label', async () => {
      const double = new StateDouble();
      const status = await statusOn(double, html``, { hideReason: true });
      double.set({ status: 'error', reason: 'The broker URL has no scheme.' });
      await settled(status);
      expect(part(status, 'reason')).to.equal(null);
      expect(label(status)).to.equal('Error');

      status.hideReason = false;
      await settled(status);
      expect(reason(status)).to.equal('The broker URL has no scheme.');
      expect(part(status, 'base')!.title).to.equal('The broker URL has no scheme.');
    });

    it('renders a reason as text, never as markup', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({ status: 'error', reason: '<img src=x onerror="window.__pwned = true">' });
      await settled(status);
      expect(reason(status)).to.equal('<img src=x onerror="window.__pwned = true">');
      expect(status.shadowRoot!.querySelector('img')).to.equal(null);
    });
  });

  describe('slots', () => {
    it('a slot named after each state replaces the built-in label in that state', async () => {
      const double = new StateDouble();
      const status = await statusOn(
        double,
        html`<span slot="connected">Live</span><span slot="reconnecting">Trying again…</span
          ><b slot="error">Broken</b>`,
      );
      double.set({ status: 'connected' });
      await settled(status);
      expect(label(status)).to.equal('Live');
      double.set({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 1000 });
      await settled(status);
      expect(label(status)).to.equal('Trying again…');
      double.set({ status: 'error' });
      await settled(status);
      expect(label(status)).to.equal('Broken');
      // A state without words of the page's own keeps the built-in label.
      double.set({ status: 'closed' });
      await settled(status);
      expect(label(status)).to.equal('Disconnected');
    });

    it('every state has a slot of its name', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      for (const [state] of labels) {
        double.set({ status: state });
        await settled(status);
        expect(part(status, 'label')!.querySelector('slot')!.name).to.equal(state);
      }
    });
  });

  describe('styling', () => {
    it('exposes the parts base, dot, label and reason', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      double.set({ status: 'error', reason: 'Why.' });
      await settled(status);
      for (const name of ['base', 'dot', 'label', 'reason'])
        expect(part(status, name), name).not.to.equal(null);
      expect(part(status, 'base')!.contains(part(status, 'dot'))).to.equal(true);
    });

    it('colours the dot with --mqtt-status-* custom properties', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      status.style.setProperty('--mqtt-status-connected', 'rgb(1, 2, 3)');
      status.style.setProperty('--mqtt-status-error', 'rgb(4, 5, 6)');
      double.set({ status: 'connected' });
      await settled(status);
      expect(getComputedStyle(part(status, 'dot')!).backgroundColor).to.equal('rgb(1, 2, 3)');
      double.set({ status: 'error' });
      await settled(status);
      expect(getComputedStyle(part(status, 'dot')!).backgroundColor).to.equal('rgb(4, 5, 6)');
    });
  });

  describe('accessibility', () => {
    it('announces transitions through a status region of its own, not its visible text', async () => {
      const double = new StateDouble();
      const status = await statusOn(double);
      const region = status.shadowRoot!.querySelector('[role="status"]')!;
      expect(region, 'a live region').to.not.equal(null);
      expect(status.hasAttribute('role'), 'the visible text (with its countdown) is not live').to.equal(
        false,
      );
      double.set({ status: 'connected' });
      await settled(status);
      expect(region.textContent!.trim()).to.equal('Connected');
      double.set({
        status: 'reconnecting',
        reason: 'Cannot reach the broker.',
        attempt: 1,
        retryAt: Date.now() + 3000,
      });
      await settled(status);
      expect(region.textContent!.trim()).to.equal('Connection lost, reconnecting');
      expect(part(status, 'reason')!.textContent, 'the countdown is still shown').to.match(
        /Reconnecting in \d s/,
      );
    });

    it('hides the decorative dot from assistive technology', async () => {
      const status = await fixture<MqttStatus>(html`<mqtt-status></mqtt-status>`);
      expect(part(status, 'dot')!.getAttribute('aria-hidden')).to.equal('true');
    });

    for (const state of ['connected', 'reconnecting', 'error'] as const) {
      it(`passes an axe check while ${state}`, async () => {
        const double = new StateDouble();
        const status = await statusOn(double);
        double.set({
          status: state,
          reason: 'Cannot reach the broker.',
          attempt: 2,
          retryAt: Date.now() + 3000,
        });
        await settled(status);
        await expect(status).to.be.accessible();
      });
    }

    it('passes an axe check inside a live connection', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${await brokerUrl()}>
          <mqtt-status></mqtt-status>
        </mqtt-connection>`,
      );
      await whenConnected(connection);
      const status = connection.querySelector('mqtt-status')!;
      await settled(status);
      await expect(status).to.be.accessible();
    });
  });

  describe('with a real connection', () => {
    it('shows not connected, connecting, connected and disconnected as the connection goes', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection><mqtt-status></mqtt-status></mqtt-connection>`,
      );
      const status = connection.querySelector('mqtt-status')!;
      expect(label(status)).to.equal('Not connected');
      // Through a link that swallows every byte the attempt stays in "connecting" long enough to see.
      const stalled = await startProxy('aedes');
      await setProxy(stalled, 'blackhole');
      connection.url = stalled.wsUrl;
      await until(() => label(status) === 'Connecting…', 'the Connecting… label');
      connection.url = await brokerUrl();
      await whenConnected(connection);
      await until(() => label(status) === 'Connected', 'the Connected label');
      await connection.disconnect();
      await until(() => label(status) === 'Disconnected', 'the Disconnected label');
    });

    it('connection="<id>" shows the state of that connection', async () => {
      const id = `status-${Math.random().toString(36).slice(2, 8)}`;
      const host = await fixture(
        html`<div>
          <mqtt-status connection=${id}></mqtt-status>
          <mqtt-connection id=${id} url="mqtt://nowhere.example"></mqtt-connection>
        </div>`,
      );
      const status = host.querySelector('mqtt-status')!;
      await until(() => label(status) === 'Error', 'the Error label');
      expect(reason(status)).to.include('browsers only speak WebSocket');
    });

    it('connection="<id>" naming nothing: the error state, saying what is missing, and an mqtt-error event', async () => {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const errors: string[] = [];
      host.addEventListener('mqtt-error', (e) => errors.push(e.detail.message));
      const status = document.createElement('mqtt-status');
      status.connection = 'no-such-connection';
      host.append(status);
      await settled(status);
      expect(label(status)).to.equal('Error');
      expect(reason(status)).to.include(
        'connection="no-such-connection" names no <mqtt-connection id="no-such-connection">',
      );
      expect(errors).to.have.length(1);
    });

    it('offline while the browser has no network, and back when it returns', async () => {
      const connection = await fixture<MqttConnection>(
        html`<mqtt-connection url=${await brokerUrl()} reconnect-period="100">
          <mqtt-status></mqtt-status>
        </mqtt-connection>`,
      );
      await whenConnected(connection);
      const status = connection.querySelector('mqtt-status')!;
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        connection.client!.stream.destroy();
        await until(() => label(status) === 'Offline', 'the Offline label');
        expect(reason(status)).to.include('The browser is offline.');
        await new Promise((r) => setTimeout(r, 300));
        expect(connection.status, 'no attempt while offline').to.equal('offline');
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
      }
      window.dispatchEvent(new Event('online'));
      await until(() => label(status) === 'Connected', 'the Connected label again');
    });
  });
});

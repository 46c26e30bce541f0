// Finds the connection an element belongs to (by context, or by id) and follows its status.
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectionAddedEvent, connectionContext } from '../context/connection-context.js';
import type { Connection } from '../core/connection.js';
import type { StatusInfo } from '../core/connection-status.js';
import { MqttElementsError } from '../core/errors.js';

type Host = ReactiveControllerHost & HTMLElement;

export interface ConnectionControllerOptions {
  /** The `connection` attribute: the id of an `<mqtt-connection>` elsewhere on the page. */
  connectionId?: () => string | null | undefined;
  /** Called when the element cannot find its connection. */
  onError?: (error: MqttElementsError) => void;
}

const idle: StatusInfo = { status: 'idle', warnings: [] };

export class ConnectionController implements ReactiveController {
  readonly #host: Host;
  readonly #options: ConnectionControllerOptions;
  readonly #consumer: ContextConsumer<typeof connectionContext, Host>;
  #byId: Connection | undefined;
  #resolvedId: string | null | undefined;
  #stopStatus: (() => void) | undefined;
  #followed: Connection | undefined;
  #missing: MqttElementsError | undefined;

  constructor(host: Host, options: ConnectionControllerOptions = {}) {
    this.#host = host;
    this.#options = options;
    this.#consumer = new ContextConsumer(host, {
      context: connectionContext,
      subscribe: true,
      callback: () => this.#follow(),
    });
    host.addController(this);
  }

  /** The connection this element uses, once found. */
  get core(): Connection | undefined {
    const id = this.#options.connectionId?.();
    return id ? this.#byId : this.#consumer.value;
  }

  get status(): StatusInfo {
    return this.core?.statusInfo ?? idle;
  }

  /**
   * Why no connection was found: `connection="id"` names no `<mqtt-connection>` on the page, or the
   * element is neither inside one nor names one.
   */
  get error(): MqttElementsError | undefined {
    return this.core ? undefined : this.#missing;
  }

  get connected(): boolean {
    return this.core?.status === 'connected';
  }

  hostConnected(): void {
    this.#follow();
    // A provider above answers at once; one that upgrades later (the CDN build's context root
    // replays the request) is still an ancestor. Checked after the current task, when the page's
    // markup has been parsed and upgraded.
    setTimeout(() => this.#checkOrphan());
  }

  hostUpdate(): void {
    // The `connection` attribute may have changed since the last render.
    if (this.#options.connectionId?.() !== this.#resolvedId) this.#follow();
  }

  hostDisconnected(): void {
    document.removeEventListener(ConnectionAddedEvent.eventName, this.#lookAgain);
    this.#stopStatus?.();
    this.#stopStatus = undefined;
    this.#followed = undefined;
  }

  #follow(): void {
    const id = this.#options.connectionId?.() ?? null;
    this.#resolvedId = id;
    if (id) this.#byId = this.#findById(id);
    const core = this.core;
    if (core === this.#followed) return;
    this.#stopStatus?.();
    this.#followed = core;
    this.#stopStatus = core?.onStatus(() => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  #findById(id: string): Connection | undefined {
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    const element = (root.getElementById?.(id) ?? document.getElementById(id)) as
      (HTMLElement & { core?: Connection }) | null;
    if (element?.core) {
      this.#missing = undefined;
      document.removeEventListener(ConnectionAddedEvent.eventName, this.#lookAgain);
      return element.core;
    }
    if (element && element.localName === 'mqtt-connection') {
      // Found but not upgraded yet: try again once the tag is defined.
      void customElements.whenDefined('mqtt-connection').then(() => this.#follow());
      return undefined;
    }
    if (this.#missing?.cause !== id) {
      this.#missing = new MqttElementsError(
        'no-connection',
        `connection="${id}" names no <mqtt-connection id="${id}"> on this page. Add one, or put this ` +
          `element inside an <mqtt-connection>.`,
        { cause: id },
      );
      this.#options.onError?.(this.#missing);
      // It may be added later (for example by a framework rendering out of order).
      document.addEventListener(ConnectionAddedEvent.eventName, this.#lookAgain);
    }
    return undefined;
  }

  /** Neither inside an `<mqtt-connection>` nor naming one: say so, once, instead of "not connected". */
  #checkOrphan(): void {
    if (!this.#host.isConnected || this.core || this.#options.connectionId?.()) return;
    if (hasConnectionAncestor(this.#host)) return;
    if (this.#missing?.cause === orphan) return;
    this.#missing = new MqttElementsError(
      'no-connection',
      `<${this.#host.localName}> is not inside an <mqtt-connection>, and no connection="…" names one, so it ` +
        `cannot connect. Put it inside <mqtt-connection url="…">, or give it connection="id" of one.`,
      { cause: orphan },
    );
    this.#options.onError?.(this.#missing);
    this.#host.requestUpdate();
  }

  // The new connection's element may not have upgraded yet; #findById waits for that too.
  readonly #lookAgain = (): void => this.#follow();
}

/** Marks the error of an element that is inside no connection and names none. */
const orphan = Symbol('no connection around this element');

/** Whether an `<mqtt-connection>` encloses `element`, also across shadow roots. */
function hasConnectionAncestor(element: Element): boolean {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof Element && node.localName === 'mqtt-connection') return true;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return false;
}

// <mqtt-discovery>: every device that announces itself by Home Assistant MQTT discovery, live, drawn
// with the library's widgets. The configs live in an EntityTable (plain TypeScript, src/discovery/);
// this element subscribes to them, filters, groups by device and keeps one entity element per entity.
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ConnectQueryController } from '../../controllers/connect-query-controller.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { SubscriptionController } from '../../controllers/subscription-controller.js';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { topicFilterError } from '../../core/topic.js';
import { configFilters, configLimits, EntityTable, type DiscoveredEntity } from '../../discovery/index.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { MqttDiscoveryChangeEvent } from './discovery-events.js';
import { entityFilter } from './entity-filter.js';
import { MqttDiscoveryEntity } from '../mqtt-discovery-entity/mqtt-discovery-entity.js';
import { discoveryStyles } from './mqtt-discovery.styles.js';

/**
 * Subscribes to Home Assistant discovery configs under `prefix` (`<prefix>/<component>/[<node_id>/]
 * <object_id>/config` and the device form `<prefix>/device/<id>/config`) and shows every entity they
 * describe, grouped by device, following them live: a new config adds an entity, a changed one
 * replaces it, an empty retained payload removes it.
 *
 * Sensors, binary sensors, switches, lights (on/off and brightness; default and JSON schema), numbers,
 * selects, buttons and covers are drawn with `<mqtt-subscribe>`, `<mqtt-switch>`, `<mqtt-slider>` and
 * `<mqtt-publish>`; any other component is listed with "not supported yet". Value, command and
 * availability templates run in a small Jinja subset (no code is ever evaluated); an entity whose
 * config or template has a problem shows it, and the rest of the dashboard goes on.
 *
 * Each entity is an `<mqtt-discovery-entity>` child of this element (in the page's DOM, so page CSS
 * and scripts can find it) with `data-unique-id`, `data-component` and `data-device` attributes.
 *
 * @summary A live dashboard of every device on the broker, from Home Assistant MQTT discovery.
 *
 * @tagname mqtt-discovery
 *
 * @fires mqtt-discovery-change - Entities were added, replaced or removed (once per render).
 *   `detail: {added, replaced, removed, size}`.
 * @fires mqtt-error - The prefix is not a valid topic level, or the broker refused the subscription;
 *   each entity reports its own problems too. `detail: {message, code, cause}`.
 *
 * @csspart base - The frame around everything.
 * @csspart device - One device's group.
 * @csspart device-header - A device's heading: name, then manufacturer and model.
 * @csspart device-name - The device's name.
 * @csspart device-model - Manufacturer and model.
 * @csspart empty - Shown until the first entity arrives (or when the filters match none).
 * @csspart message - Why the element is in the `error` state, or how many configs were left out.
 *
 * @cssproperty --mqtt-discovery-columns - The minimum width of a device card (default 18rem).
 * @cssproperty --mqtt-widget-background - A device card's background.
 * @cssproperty --mqtt-widget-border - A device card's border.
 * @cssproperty --mqtt-accent - The accent colour of every widget.
 *
 * @cssstate error - The prefix or the subscription has a problem.
 * @cssstate empty - No entity (after filtering) to show.
 * @cssstate offline - Its connection is not connected.
 */
export class MqttDiscovery extends MqttElement {
  static override styles = discoveryStyles;

  /**
   * The discovery prefix Home Assistant and the devices use (attribute `prefix`; the property has a
   * longer name because `Element.prefix` is taken by the DOM).
   */
  @property({ attribute: 'prefix' }) discoveryPrefix = 'homeassistant';

  /** Show only these components, separated by spaces or commas: `sensor binary_sensor`. */
  @property() component?: string;

  /** Show only the device with this name or identifier; `*` matches any run of characters. */
  @property() device?: string;

  /** Show only entities whose unique id matches this pattern (`*` any run, `?` one character). */
  @property({ attribute: 'unique-id' }) uniqueId?: string;

  /**
   * Publish `online` to `<prefix>/status` each time the connection comes up, as Home Assistant's birth
   * message: zigbee2mqtt and Tasmota answer it by publishing their configs and states again, so devices
   * that do not retain their state show it without waiting for their next report.
   */
  @property({ type: Boolean, attribute: 'birth-message' }) birthMessage = false;

  /** The id of the `<mqtt-connection>` to use, when this element is not inside it. */
  @property() connection?: string;

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  #table = new EntityTable(this.discoveryPrefix);
  readonly #elements = new Map<string, MqttDiscoveryEntity>();
  #change = { added: [] as string[], replaced: [] as string[], removed: [] as string[] };
  #prefixError: MqttElementsError | undefined;
  #subscriptionError: MqttElementsError | undefined;

  constructor() {
    super();
    new ConnectQueryController(this, {
      connection: this.#connection,
      topic: () => (this.birthMessage && !this.#prefixError ? `${this.discoveryPrefix}/status` : undefined),
      payload: () => 'online',
      // After the config subscriptions are in force: the answer includes the configs again.
      after: () => configFilters(this.discoveryPrefix),
      onError: (error) => this.reportError(error),
    });
    for (const index of [0, 1]) {
      new SubscriptionController(this, {
        connection: this.#connection,
        topic: () => (this.#prefixError ? undefined : configFilters(this.discoveryPrefix)[index]),
        qos: () => 1,
        onMessage: (message) => this.#receive(message),
        onError: (error) => {
          this.#subscriptionError = error;
          this.reportError(error);
          this.requestUpdate();
        },
      });
    }
  }

  /** Every entity discovered (before filtering), grouped by device in display order. Read-only. */
  get entities(): readonly DiscoveredEntity[] {
    return this.#table.entities;
  }

  /** The element drawing the entity with this unique id, if it is shown. */
  entityElement(uniqueId: string): MqttDiscoveryEntity | undefined {
    for (const element of this.#elements.values()) if (element.entity?.uniqueId === uniqueId) return element;
    return undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('discoveryPrefix')) {
      const problem = prefixProblem(this.discoveryPrefix);
      this.#prefixError = problem ? new MqttElementsError('config', problem) : undefined;
      if (this.#prefixError) this.reportMarkupMistake(this.#prefixError);
    }
    this.#followPrefix();
  }

  /** A new prefix is a new dashboard: what the old one found goes away. */
  #followPrefix(): void {
    if (this.#table.prefix === this.discoveryPrefix) return;
    const removed = this.#table.entities.map((entity) => entity.key);
    this.#table = new EntityTable(this.discoveryPrefix);
    this.#change.removed.push(...removed);
  }

  #receive(message: MqttMessage): void {
    this.#followPrefix();
    const change = this.#table.apply(message.topic, message.text);
    if (change.added.length + change.replaced.length + change.removed.length === 0) return;
    this.#change.added.push(...change.added);
    this.#change.replaced.push(...change.replaced);
    this.#change.removed.push(...change.removed);
    this.requestUpdate();
  }

  protected override render() {
    const groups = this.#visibleGroups();
    const error = this.#prefixError ?? this.#subscriptionError ?? this.#connection.error;
    const dropped = this.#table.dropped;
    const message = error
      ? error.message
      : dropped > 0
        ? `${dropped} configs were left out: one dashboard shows at most ${configLimits.maxEntities} entities. Narrow it with component, device or unique-id.`
        : '';
    return html`<div part="base">
      ${
        groups.length === 0
          ? html`<p part="empty">
              ${
                this.#table.size === 0
                  ? `Waiting for discovery configs under "${this.discoveryPrefix}/…".`
                  : 'No discovered entity matches the filters.'
              }
            </p>`
          : nothing
      }
      ${groups.map(
        ({ device }, index) =>
          html`<section part="device" aria-label=${device.name}>
            <header part="device-header">
              <span part="device-name">${device.name}</span>
              ${
                device.manufacturer || device.model
                  ? html`<span part="device-model"
                      >${[device.manufacturer, device.model].filter(Boolean).join(' · ')}</span
                    >`
                  : nothing
              }
            </header>
            <slot name=${`device-${index}`}></slot>
          </section>`,
      )}
      <p part="message">${message}</p>
    </div>`;
  }

  protected override updated(): void {
    const groups = this.#visibleGroups();
    this.#placeEntities(groups);
    this.toggleState('error', !!(this.#prefixError ?? this.#subscriptionError ?? this.#connection.error));
    this.toggleState('empty', groups.length === 0);
    this.toggleState('offline', !this.#connection.connected);
    const { added, replaced, removed } = this.#change;
    if (added.length + replaced.length + removed.length > 0) {
      this.#change = { added: [], replaced: [], removed: [] };
      this.dispatchEvent(new MqttDiscoveryChangeEvent({ added, replaced, removed, size: this.#table.size }));
    }
  }

  #visibleGroups(): { device: DiscoveredEntity['device']; entities: DiscoveredEntity[] }[] {
    const keep = entityFilter({ component: this.component, device: this.device, uniqueId: this.uniqueId });
    const groups: { device: DiscoveredEntity['device']; entities: DiscoveredEntity[] }[] = [];
    for (const entity of this.#table.entities) {
      if (!keep(entity)) continue;
      const last = groups.at(-1);
      if (last && last.device.key === entity.device.key) last.entities.push(entity);
      else groups.push({ device: entity.device, entities: [entity] });
    }
    return groups;
  }

  /** One entity element per visible entity, in display order, each in its device's slot. */
  #placeEntities(groups: { entities: DiscoveredEntity[] }[]): void {
    const wanted: MqttDiscoveryEntity[] = [];
    const keys = new Set<string>();
    groups.forEach(({ entities }, index) => {
      for (const entity of entities) {
        keys.add(entity.key);
        let element = this.#elements.get(entity.key);
        if (!element) {
          element = document.createElement('mqtt-discovery-entity') as MqttDiscoveryEntity;
          this.#elements.set(entity.key, element);
        }
        if (element.entity !== entity) {
          element.entity = entity;
          setData(element, 'unique-id', entity.uniqueId);
          setData(element, 'component', entity.component);
          setData(element, 'device', entity.device.name);
        }
        if (element.connection !== this.connection) element.connection = this.connection;
        const slot = `device-${index}`;
        if (element.slot !== slot) element.slot = slot;
        wanted.push(element);
      }
    });
    for (const [key, element] of this.#elements) {
      if (keys.has(key)) continue;
      element.remove();
      this.#elements.delete(key);
    }
    // Move elements only when the order changed: moving one re-runs its connection callbacks.
    let child = this.firstElementChild;
    let inOrder = true;
    for (const element of wanted) {
      while (child && !(child instanceof MqttDiscoveryEntity)) child = child.nextElementSibling;
      if (child !== element) {
        inOrder = false;
        break;
      }
      child = child.nextElementSibling;
    }
    if (!inOrder) this.append(...wanted);
  }
}

function setData(element: HTMLElement, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(`data-${name}`);
  else element.setAttribute(`data-${name}`, value);
}

/** A prefix is one or more topic levels without wildcards. */
function prefixProblem(prefix: string): string | undefined {
  if (prefix.trim() === '')
    return 'prefix is empty: set it to the discovery prefix, usually "homeassistant".';
  if (/[+#]/.test(prefix)) {
    return `prefix="${prefix}" contains a wildcard; write the prefix itself, e.g. "homeassistant".`;
  }
  const problem = topicFilterError(`${prefix}/+/+/config`);
  return problem ? `prefix="${prefix}": ${problem}` : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-discovery': MqttDiscovery;
  }
}

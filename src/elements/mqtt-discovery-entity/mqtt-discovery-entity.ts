// <mqtt-discovery-entity>: one discovered entity, drawn with the library's widgets. <mqtt-discovery>
// creates these; a page rarely makes one itself.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import {
  AvailabilityController,
  type AvailabilitySource,
} from '../../controllers/availability-controller.js';
import { ConnectionController } from '../../controllers/connection-controller.js';
import { MqttElementsError } from '../../core/errors.js';
import {
  compileTemplate,
  payloadVariables,
  TemplateError,
  type DiscoveredEntity,
} from '../../discovery/index.js';
import type { MqttPublishEvent } from '../../events.js';
import { MqttElement } from '../../internal/mqtt-element.js';
import { readoutNeeded, renderComponent, type ViewContext } from './component-views.js';
import { entityStyles } from './mqtt-discovery-entity.styles.js';
import { TemplateValueController } from './template-value-controller.js';

/**
 * One entity found by Home Assistant MQTT discovery, shown with the widget that fits its component:
 * `<mqtt-subscribe>` for a sensor, `<mqtt-switch>` for a switch or light, `<mqtt-slider>` for a number,
 * a brightness or a cover position, `<mqtt-publish>` around buttons and selects. Templates that read
 * one field become the widget's `select`; others are rendered here by the template evaluator. While
 * the device is unavailable (any availability form Home Assistant knows) the controls are inert.
 *
 * @summary One discovered Home Assistant entity, drawn with the library's widgets.
 *
 * @tagname mqtt-discovery-entity
 *
 * @fires mqtt-error - The config has a problem, a template failed, or a command could not be sent.
 *   `detail: {message, code, cause}`.
 *
 * @csspart entity - The frame of the entity.
 * @csspart name - The entity's name (components whose widget shows its own label have none).
 * @csspart value - A value rendered from a template, or a select's or binary sensor's state.
 * @csspart widget - The library widget inside: `<mqtt-subscribe>`, `<mqtt-switch>` or `<mqtt-slider>`.
 * @csspart controls - The buttons, selects and boxes that send commands.
 * @csspart message - Why the entity is in the `error`, `unavailable` or `unsupported` state.
 *
 * @cssstate unavailable - The device is unavailable, or no availability message came yet.
 * @cssstate error - The config or a template has a problem; `message` says which.
 * @cssstate unsupported - The component is not one the dashboard draws yet.
 * @cssstate stale - No state for longer than the config's `expire_after`.
 * @cssstate restored - The state it reads itself (`value` part) was kept from an earlier visit (`persist`
 *   on the connection) and no live one came yet; the widgets inside mark their own restored values.
 */
export class MqttDiscoveryEntity extends MqttElement {
  static override styles = entityStyles;

  /** The entity to show, from `<mqtt-discovery>`'s table. */
  @property({ attribute: false }) entity?: DiscoveredEntity;

  /** The id of the `<mqtt-connection>` to use, when this element is not inside it. */
  @property() connection?: string;

  readonly #connection = new ConnectionController(this, {
    connectionId: () => this.connection,
    onError: (error) => this.reportError(error),
  });

  /** The state of components whose template needs more than a field, and of selects and binary sensors. */
  readonly #readout = new TemplateValueController(this, {
    connection: this.#connection,
    topic: () => this.#readoutTopic(),
    template: () => this.#readoutTemplate(),
    qos: () => this.#qos(),
    expireAfter: () => numberOrUndefined(this.entity?.options.expire_after),
    onError: (error) => this.reportError(error),
  });

  readonly #availability = new AvailabilityController(this, {
    connection: this.#connection,
    topic: () => undefined,
    sources: () => this.#availabilitySources,
    mode: () => this.entity?.availability.mode,
    onError: (error) => this.reportError(error),
  });

  #availabilitySources: AvailabilitySource[] = [];
  #commandError: MqttElementsError | undefined;
  #reportedProblems: readonly string[] | undefined;

  /** Whether the device counts as available (always true for an entity without availability). */
  get available(): boolean {
    return this.#availability.available;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('entity')) return;
    const entity = this.entity;
    this.#commandError = undefined;
    this.#availabilitySources = (entity?.availability.sources ?? []).map((source) => ({
      topic: source.topic,
      payloadAvailable: source.payloadAvailable,
      payloadsNotAvailable: [source.payloadNotAvailable],
      read: source.template ? availabilityReader(source.template) : undefined,
    }));
    if (entity && entity.problems.length > 0 && entity.problems !== this.#reportedProblems) {
      this.#reportedProblems = entity.problems;
      this.reportError(new MqttElementsError('config', this.#problemText(entity)));
    }
  }

  protected override updated(): void {
    const entity = this.entity;
    const broken = !!entity && entity.problems.length > 0;
    this.toggleState(
      'error',
      broken || this.#commandError !== undefined || this.#readout.error !== undefined,
    );
    this.toggleState('unsupported', !!entity && !entity.supported && !broken);
    this.toggleState('unavailable', !!entity && !this.#availability.available);
    this.toggleState('stale', this.#readout.stale);
    this.toggleState('restored', this.#readout.restored);
  }

  protected override render() {
    const entity = this.entity;
    if (!entity) return nothing;
    if (entity.problems.length > 0) {
      return this.#frame(html`<span part="name">${entity.name}</span>`, this.#problemText(entity));
    }
    if (!entity.supported) {
      return this.#frame(
        html`<span part="name">${entity.name}</span>`,
        `${entity.component}: not supported yet`,
      );
    }
    const context: ViewContext = {
      entity,
      connection: this.connection,
      readout: this.#readout,
      onCommand: (templateKey, variable) => this.#commandTemplate(templateKey, variable),
    };
    const unavailable = !this.#availability.available;
    const message = unavailable
      ? this.#availability.reason
      : ((this.#commandError ?? this.#readout.error ?? this.#availability.error)?.message ??
        (this.#readout.restored ? 'Restored from an earlier visit; waiting for a live value' : undefined));
    return this.#frame(renderComponent(context), message, unavailable);
  }

  #frame(body: TemplateResult, message: string | undefined, inert = false): TemplateResult {
    return html`<div part="entity">
      <div class="body" ?inert=${inert}>${body}</div>
      <div part="message" title=${message ?? nothing}>${message ?? ''}</div>
    </div>`;
  }

  #problemText(entity: DiscoveredEntity): string {
    return `${entity.configTopic}: ${entity.problems.join(' ')}`;
  }

  #readoutTopic(): string | undefined {
    const entity = this.entity;
    if (!entity || !entity.supported || entity.problems.length > 0 || !readoutNeeded(entity))
      return undefined;
    const topic = entity.options.state_topic;
    return typeof topic === 'string' ? topic : undefined;
  }

  #readoutTemplate(): string | undefined {
    const options = this.entity?.options;
    const template = options?.value_template ?? options?.state_value_template;
    return typeof template === 'string' ? template : undefined;
  }

  #qos(): 0 | 1 | 2 {
    const qos = this.entity?.options.qos;
    return qos === 1 || qos === 2 ? qos : 0;
  }

  /**
   * A listener for a widget's `mqtt-publish` event that sends the config's command template instead of
   * the widget's own payload (the template's `value`, or `variable`, is the widget's value).
   */
  #commandTemplate(templateKey: string, variable: string): ((event: MqttPublishEvent) => void) | undefined {
    const template = this.entity?.options[templateKey];
    if (typeof template !== 'string' || template === '') return undefined;
    return (event: MqttPublishEvent) => {
      event.preventDefault();
      const value = numericOrText(event.detail.payload);
      const core = this.#connection.core;
      try {
        const payload = compileTemplate(template).render({ value, [variable]: value });
        if (!core)
          throw new MqttElementsError(
            'no-connection',
            'Not connected to a broker: the command was not sent.',
          );
        core
          .publish(event.detail.topic, payload, {
            qos: this.#qos(),
            retain: this.entity?.options.retain === true,
          })
          .catch((err: unknown) => this.#failCommand(err));
        this.#commandError = undefined;
      } catch (err) {
        this.#failCommand(err);
      }
      this.requestUpdate();
    };
  }

  #failCommand(err: unknown): void {
    const text = err instanceof Error ? err.message : String(err);
    this.#commandError =
      err instanceof MqttElementsError
        ? err
        : new MqttElementsError(
            err instanceof TemplateError ? 'config' : 'publish',
            `Command template: ${text}`,
            {
              cause: err,
            },
          );
    this.reportError(this.#commandError);
    this.requestUpdate();
  }
}

function availabilityReader(template: string) {
  return (message: { text: string }): string | undefined => {
    try {
      return compileTemplate(template).render(payloadVariables(message.text)).trim();
    } catch {
      // No verdict from a payload the template cannot read (Home Assistant logs and ignores it).
      return undefined;
    }
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A widget's payload as a template's `value`: numbers as numbers, so `{{ value | int }}` and arithmetic work. */
function numericOrText(payload: string): unknown {
  const trimmed = payload.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : payload;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-discovery-entity': MqttDiscoveryEntity;
  }
}

// The base class of two-way widgets (switch, slider): the attributes of a device that reports its
// state on one topic and takes commands on another, and the CommandController options they give.
import { numberAttribute } from '../core/attribute-values.js';
import { property } from 'lit/decorators.js';
import type { AvailabilityState } from '../core/availability.js';
import type { QoS } from '../core/connection-core.js';
import type { CommandControllerOptions } from '../controllers/command-controller.js';
import { ConnectQueryController } from '../controllers/connect-query-controller.js';
import { MqttWidget } from './mqtt-widget.js';

/** The part of a CommandController's options that every command widget fills the same way. */
export type SharedCommandOptions = Pick<
  CommandControllerOptions<unknown>,
  | 'connection'
  | 'stateTopic'
  | 'commandTopic'
  | 'qos'
  | 'retain'
  | 'confirmTimeout'
  | 'settings'
  | 'availability'
  | 'onError'
>;

/**
 * What switch and slider have in common; not an element of its own. A subclass makes its
 * CommandController with `{...this.commandOptions(), readState, payloadFor, …}`.
 */
export class MqttCommandWidget extends MqttWidget {
  /** Where the device reports its state. Without it the control is optimistic: it shows what it sent. */
  @property({ attribute: 'state-topic' }) stateTopic = '';

  /** Where the control publishes its commands. */
  @property({ attribute: 'command-topic' }) commandTopic = '';

  /** QoS for the state subscription and the commands (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /** Publish commands with the retain flag. */
  @property({ type: Boolean }) retain = false;

  /** How long a command waits for the device to report it: seconds, or a duration such as `"500ms"`; default 5 s. */
  @property({ attribute: 'confirm-timeout' }) confirmTimeout?: string;

  /** Disable the control regardless of the device. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /**
   * Where to ask the device for its state, for devices that do not retain it: published on every
   * connection (after the state subscription is in force) and whenever the device becomes available
   * again. Tasmota: `cmnd/<topic>/POWER`; zigbee2mqtt: `<name>/get`; Shelly Gen2: `<id>/command/switch:0`.
   */
  @property({ attribute: 'query-topic' }) queryTopic?: string;

  /** The query's payload; default empty (Tasmota). zigbee2mqtt: `{"state":""}`; Shelly Gen2: `status_update`. */
  @property({ attribute: 'query-payload' }) queryPayload?: string;

  /** Asks the device for its state (see `query-topic`). */
  protected readonly stateQuery = new ConnectQueryController(this, {
    connection: this.connectionController,
    topic: () => this.queryTopic,
    payload: () => this.queryPayload ?? '',
    qos: () => this.qos,
    after: () => [this.stateTopic],
    onError: (error) => this.reportError(error),
  });

  #lastAvailability: AvailabilityState = 'unknown';

  protected override availabilityChanged(state: AvailabilityState): void {
    // A device back from a reboot or a network loss may hold another state than it last reported.
    // (Coming from `unknown`, on page load, the query on connect has gone out already.)
    if (state === 'available' && this.#lastAvailability === 'unavailable') this.stateQuery.queryNow();
    this.#lastAvailability = state;
  }

  /** The options every command widget passes to its CommandController. */
  protected commandOptions(): SharedCommandOptions {
    return {
      connection: this.connectionController,
      stateTopic: () => this.stateTopic,
      commandTopic: () => this.commandTopic,
      qos: () => this.qos,
      retain: () => this.retain,
      confirmTimeout: () => this.confirmTimeout,
      settings: () => this.valueSettings(),
      availability: this.availability,
      onError: (error) => this.reportError(error),
    };
  }
}

// The base class of two-way widgets (switch, slider): the attributes of a device that reports its
// state on one topic and takes commands on another, and the CommandController options they give.
import { numberAttribute } from '../core/attribute-values.js';
import { property } from 'lit/decorators.js';
import type { QoS } from '../core/connection-core.js';
import type { CommandControllerOptions } from '../controllers/command-controller.js';
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

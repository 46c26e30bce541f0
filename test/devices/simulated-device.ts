// Browser-side handle on a simulated firmware device (dev/devices/) that the test runner runs on the
// Node side against a real broker: it behaves as its firmware does (retained state or not, what it
// answers, its will), so a test drives the page the way a real device would.
import { executeServerCommand } from '@web/test-runner-commands';
import type { BrokerName } from '../support/brokers.js';
import type { FaultBroker } from '../support/fault-control.js';

export type DeviceKind = 'zigbee2mqtt' | 'tasmota' | 'shelly-gen2' | 'homie' | 'esphome' | 'ha-switch';

export class SimulatedDevice {
  private constructor(readonly id: number) {}

  static async start(
    kind: DeviceKind,
    broker: BrokerName | FaultBroker,
    options: Record<string, unknown> = {},
  ): Promise<SimulatedDevice> {
    const { id } = (await executeServerCommand('device-start', {
      kind,
      broker: typeof broker === 'string' ? broker : broker.id,
      options,
    })) as { id: number };
    return new SimulatedDevice(id);
  }

  /** The device's own view of its state (what the firmware holds). */
  state<T = Record<string, unknown>>(): Promise<T> {
    return executeServerCommand('device', { id: this.id, action: 'state' }) as Promise<T>;
  }

  /** Someone pressed the device's button (Tasmota, Shelly). */
  press(): Promise<unknown> {
    return executeServerCommand('device', { id: this.id, action: 'press' });
  }

  /** zigbee2mqtt: the bulb loses or regains power. */
  setReachable(online: boolean): Promise<unknown> {
    return executeServerCommand('device', { id: this.id, action: 'setReachable', arg: online });
  }

  /** Homie: `$state` becomes `sleeping`, `alert`, `ready`… */
  setLifecycle(state: string): Promise<unknown> {
    return executeServerCommand('device', { id: this.id, action: 'setLifecycle', arg: state });
  }

  /** A clean stop (the device says goodbye), or a crash (the broker publishes its will). */
  stop({ crash = false } = {}): Promise<unknown> {
    return executeServerCommand('device', { id: this.id, action: crash ? 'crash' : 'stop' });
  }
}

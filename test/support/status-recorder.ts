// Records what a page's <mqtt-connection> went through (statuses with their time, errors) so a
// fault test can assert the sequence a user would have seen, and how long each step took.
import type { MqttConnection } from '../../src/index.js';

export interface StatusStep {
  status: string;
  reason: string | undefined;
  at: number;
}

export class StatusRecorder {
  readonly steps: StatusStep[] = [];
  readonly errors: { message: string; code: string; at: number }[] = [];
  readonly #stop: () => void;

  constructor(readonly connection: MqttConnection) {
    const onStatus = (event: HTMLElementEventMap['mqtt-status']) => {
      if (event.target !== connection) return;
      this.steps.push({ status: event.detail.status, reason: event.detail.reason, at: performance.now() });
    };
    const onError = (event: HTMLElementEventMap['mqtt-error']) => {
      if (event.target !== connection) return;
      this.errors.push({ message: event.detail.message, code: event.detail.code, at: performance.now() });
    };
    connection.addEventListener('mqtt-status', onStatus);
    connection.addEventListener('mqtt-error', onError);
    this.#stop = () => {
      connection.removeEventListener('mqtt-status', onStatus);
      connection.removeEventListener('mqtt-error', onError);
    };
  }

  /** The statuses in order, with repeats of the same status (reconnect attempts) collapsed. */
  get sequence(): string[] {
    const out: string[] = [];
    for (const step of this.steps) if (out.at(-1) !== step.status) out.push(step.status);
    return out;
  }

  /** The time of the first step with `status` at or after `since`. */
  firstAt(status: string, since = -Infinity): number | undefined {
    return this.steps.find((s) => s.status === status && s.at >= since)?.at;
  }

  clear(): void {
    this.steps.length = 0;
    this.errors.length = 0;
  }

  stop(): void {
    this.#stop();
  }
}

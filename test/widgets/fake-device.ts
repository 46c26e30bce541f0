// A device played by a plain MQTT.js client: it reports states, hears commands, and can answer a
// command by reporting it as its new state, the way a real relay or dimmer does.
import { waitUntil } from '@open-wc/testing';
import mqtt from 'mqtt';
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import { brokerUrl } from '../support/brokers.js';

export interface HeardCommand {
  text: string;
  qos: number;
  retain: boolean;
}

const devices = new Set<FakeDevice>();

export class FakeDevice {
  readonly #client: MqttClient;
  readonly #retained = new Set<string>();
  /** Every command heard, oldest first. */
  readonly commands: HeardCommand[] = [];

  private constructor(client: MqttClient) {
    this.#client = client;
  }

  /** Connects; MQTT.js never gives up by itself when the broker is unreachable, so this does. */
  static async connect(timeoutMs = 8000): Promise<FakeDevice> {
    const url = await brokerUrl();
    const client = mqtt.connect(url, { reconnectPeriod: 0 });
    const device = new FakeDevice(client);
    devices.add(device);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake device: no CONNACK from ${url}`)), timeoutMs);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return device;
  }

  /**
   * Listens on `commandTopic` (SUBACK awaited). With `answerOn`, each command is reported back on that
   * topic, through `answer` when given (return undefined to stay silent).
   */
  async listen(
    commandTopic: string,
    options: { answerOn?: string; answer?: (command: string) => string | undefined } = {},
  ): Promise<void> {
    this.#client.on('message', (topic, payload, packet) => {
      if (topic !== commandTopic) return;
      const text = new TextDecoder().decode(payload);
      this.commands.push({ text, qos: packet.qos, retain: packet.retain });
      if (options.answerOn) {
        const state = options.answer ? options.answer(text) : text;
        if (state !== undefined) void this.report(options.answerOn, state);
      }
    });
    await this.#client.subscribeAsync(commandTopic, { qos: 1 });
  }

  /** Publishes a state, retained by default as devices do; retained topics are cleared by closeDevices(). */
  async report(
    topic: string,
    payload: string,
    options: IClientPublishOptions = { retain: true },
  ): Promise<void> {
    if (options.retain) this.#retained.add(topic);
    await this.#client.publishAsync(topic, payload, options);
  }

  /** Waits until `count` commands were heard. */
  async heard(count: number): Promise<HeardCommand[]> {
    await waitUntil(
      () => this.commands.length >= count,
      `the device heard ${this.commands.length} of ${count} command(s)`,
      {
        timeout: 8000,
      },
    );
    return this.commands;
  }

  async close(): Promise<void> {
    devices.delete(this);
    if (this.#client.connected) {
      await Promise.all(
        Array.from(this.#retained, (t) =>
          this.#client.publishAsync(t, '', { retain: true }).catch(() => undefined),
        ),
      );
    }
    await this.#client.endAsync(true).catch(() => undefined);
  }
}

/** Closes every device a test opened, clearing the retained states they left. For afterEach. */
export async function closeDevices(): Promise<void> {
  await Promise.all(Array.from(devices, (d) => d.close()));
}

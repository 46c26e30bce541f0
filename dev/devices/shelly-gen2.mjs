// A Shelly Plus 1PM (Gen2 firmware 1.x) over MQTT with "RPC status notifications" and "Generic status
// update" both enabled, as its MQTT documentation describes:
//
//   <id>/online                   true | false (birth; will: false), retained
//   <id>/status/switch:0          {"id":0,"source":"MQTT","output":true,"apower":…,"voltage":…,…}, not retained,
//                                 on every change and on request
//   <id>/events/rpc               {"src":<id>,"dst":"<id>/events","method":"NotifyStatus","params":{…}}
//   <id>/command/switch:0         on | off | toggle | status_update
//   <id>/command                  status_update (every component's status)
//   <id>/rpc                      {"id":1,"src":"<client>","method":"Switch.Set","params":{"id":0,"on":true}}
//                                 → <client>/rpc {"id":1,"src":<id>,"dst":"<client>","result":{"was_on":false}}
//                                 or {"id":1,"src":<id>,"dst":"<client>","error":{"code":-103,"message":"…"}}
//
// RPC methods: Switch.Set {id,on}, Switch.Toggle {id}, Switch.GetStatus {id}, Shelly.GetStatus.
// Requests without `src` are ignored (a Shelly has nowhere to answer). A real Shelly speaks MQTT 3.1.1;
// with `protocolVersion: 5` (Mosquitto only: Aedes has no MQTT 5) the simulated one also answers on a
// request's MQTT 5 response topic with its correlation data, as any MQTT 5 responder does.
import { commandText, connectDevice, endDevice, jsonOf } from './device-client.mjs';

/**
 * @param {string} url
 * @param {{ id?: string, clientId?: string, protocolVersion?: 4 | 5 }} options
 */
export async function startShellyGen2(
  url,
  { id = 'shellyplus1pm-a8032ab1c2d3', clientId = id, protocolVersion = 4 } = {},
) {
  const state = { output: false, source: 'init', apower: 0 };
  const online = `${id}/online`;

  const client = await connectDevice(url, {
    clientId,
    protocolVersion,
    will: { topic: online, payload: 'false' },
    birth: { topic: online, payload: 'true' },
    onConnect: (c) => c.subscribe([`${id}/command`, `${id}/command/switch:0`, `${id}/rpc`], { qos: 1 }),
  });

  const switchStatus = () => ({
    id: 0,
    source: state.source,
    output: state.output,
    apower: state.output ? 41.7 : 0,
    voltage: 231.2,
    current: state.output ? 0.18 : 0,
    aenergy: { total: 1520.3 },
    temperature: { tC: 41.2, tF: 106.2 },
  });
  const publishStatus = () => client.publish(`${id}/status/switch:0`, JSON.stringify(switchStatus()));
  const setOutput = (on, source) => {
    const wasOn = state.output;
    state.output = on;
    state.source = source;
    publishStatus();
    client.publish(
      `${id}/events/rpc`,
      JSON.stringify({
        src: id,
        dst: `${id}/events`,
        method: 'NotifyStatus',
        params: { ts: Date.now() / 1000, 'switch:0': { id: 0, output: on, source } },
      }),
    );
    return wasOn;
  };

  const call = (method, params) => {
    switch (method) {
      case 'Switch.Set':
        if (params?.id !== 0)
          return { error: { code: -105, message: `Argument 'id', value ${params?.id} not found!` } };
        if (typeof params.on !== 'boolean')
          return { error: { code: -103, message: "Missing required argument 'on'!" } };
        return { result: { was_on: setOutput(params.on, 'MQTT') } };
      case 'Switch.Toggle':
        if (params?.id !== 0)
          return { error: { code: -105, message: `Argument 'id', value ${params?.id} not found!` } };
        return { result: { was_on: setOutput(!state.output, 'MQTT') } };
      case 'Switch.GetStatus':
        return { result: switchStatus() };
      case 'Shelly.GetStatus':
        return { result: { 'switch:0': switchStatus() } };
      default:
        return { error: { code: 404, message: `No handler for ${method}` } };
    }
  };

  client.on('message', (topic, payload, packet) => {
    const text = commandText(payload);
    if (text === undefined) return;
    if (topic === `${id}/rpc`) {
      const request = jsonOf(text);
      const responseTopic = packet.properties?.responseTopic;
      if (!request || request.id === undefined || (typeof request.src !== 'string' && !responseTopic)) return;
      const reply = { id: request.id, src: id, dst: request.src, ...call(request.method, request.params) };
      const correlationData = packet.properties?.correlationData;
      client.publish(responseTopic ?? `${request.src}/rpc`, JSON.stringify(reply), {
        qos: 1,
        ...(correlationData && { properties: { correlationData } }),
      });
      return;
    }
    const command = text.trim();
    if (command === 'status_update') {
      publishStatus();
    } else if (topic.endsWith('/switch:0')) {
      if (command === 'on') setOutput(true, 'MQTT');
      else if (command === 'off') setOutput(false, 'MQTT');
      else if (command === 'toggle') setOutput(!state.output, 'MQTT');
    }
  });

  return {
    id,
    state,
    client,
    /** Someone pressed the switch wired to the device's input. */
    press() {
      setOutput(!state.output, 'button');
    },
    async stop({ crash = false } = {}) {
      await endDevice(client, { crash, goodbye: { topic: online, payload: 'false' } });
    },
  };
}

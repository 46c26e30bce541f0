// What Home Assistant assumes for options a config leaves out, per component, as its MQTT integration
// documents them. Only the options the dashboard reads are listed.

export const supportedComponents = [
  'sensor',
  'binary_sensor',
  'switch',
  'light',
  'number',
  'select',
  'button',
  'cover',
] as const;

export type SupportedComponent = (typeof supportedComponents)[number];

export function isSupportedComponent(component: string): component is SupportedComponent {
  return (supportedComponents as readonly string[]).includes(component);
}

const common = { qos: 0, retain: false, encoding: 'utf-8', availability_mode: 'latest' };
const onOff = { payload_on: 'ON', payload_off: 'OFF' };

export const componentDefaults: Readonly<Record<SupportedComponent, Readonly<Record<string, unknown>>>> = {
  sensor: { ...common, expire_after: 0 },
  binary_sensor: { ...common, ...onOff, expire_after: 0 },
  switch: { ...common, ...onOff },
  light: { ...common, ...onOff, schema: 'default', brightness_scale: 255, on_command_type: 'last' },
  number: { ...common, min: 1, max: 100, step: 1, mode: 'auto', payload_reset: 'None' },
  select: { ...common },
  button: { ...common, payload_press: 'PRESS' },
  cover: {
    ...common,
    payload_open: 'OPEN',
    payload_close: 'CLOSE',
    payload_stop: 'STOP',
    state_open: 'open',
    state_opening: 'opening',
    state_closed: 'closed',
    state_closing: 'closing',
    state_stopped: 'stopped',
    position_open: 100,
    position_closed: 0,
  },
};

/** The keys of a component's config that must be present for it to work at all. */
export const requiredOptions: Readonly<Record<SupportedComponent, readonly string[]>> = {
  sensor: ['state_topic'],
  binary_sensor: ['state_topic'],
  switch: ['command_topic'],
  light: ['command_topic'],
  number: ['command_topic'],
  select: ['command_topic', 'options'],
  button: ['command_topic'],
  cover: [],
};

// How each supported component is drawn: which of the library's widgets, with which settings from
// the config. Plain functions of the entity; the state they cannot leave to a widget comes in `readout`.
import { html, nothing, type TemplateResult } from 'lit';
import { payloadText, type DiscoveredEntity } from '../../discovery/index.js';
import type { MqttPublishEvent } from '../../events.js';
import { binarySensorWords } from './binary-sensor-words.js';
import type { TemplateValueController } from './template-value-controller.js';
import { numberOption, selectFor, textOption, unitSuffix, widgetText } from './widget-settings.js';

export interface ViewContext {
  entity: DiscoveredEntity;
  connection: string | undefined;
  readout: TemplateValueController;
  /** A listener that sends a command template in place of a widget's payload; undefined without one. */
  onCommand: (templateKey: string, variable: string) => ((event: MqttPublishEvent) => void) | undefined;
}

/** Whether the entity's state is read by the template evaluator here rather than by its widget. */
export function readoutNeeded(entity: DiscoveredEntity): boolean {
  const options = entity.options;
  switch (entity.component) {
    case 'binary_sensor':
    case 'select':
    case 'cover':
      return true;
    case 'sensor':
    case 'switch':
    case 'number':
      return selectFor(options.value_template) === null;
    case 'light':
      return options.schema !== 'json' && selectFor(options.state_value_template) === null;
    default:
      return false;
  }
}

export function renderComponent(context: ViewContext): TemplateResult {
  switch (context.entity.component) {
    case 'sensor':
      return sensor(context);
    case 'binary_sensor':
      return binarySensor(context);
    case 'switch':
      return onOff(context, context.entity.options.value_template);
    case 'light':
      return light(context);
    case 'number':
      return numberView(context);
    case 'select':
      return selectView(context);
    case 'button':
      return button(context);
    case 'cover':
      return cover(context);
    default:
      return html`<span part="name">${context.entity.name}</span>`;
  }
}

const name = (entity: DiscoveredEntity) => html`<span part="name">${entity.name}</span>`;

function readoutText(context: ViewContext, suffix?: string): TemplateResult {
  const text = context.readout.text;
  return html`<span part="value"
    >${text === undefined || text === '' ? '—' : `${text}${suffix ?? ''}`}</span
  >`;
}

function sensor(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const select = selectFor(options.value_template);
  if (select === null)
    return html`${name(entity)}${readoutText(context, unitSuffix(options.unit_of_measurement))}`;
  const precision = numberOption(options.suggested_display_precision, NaN);
  return html`${name(entity)}<mqtt-subscribe
      part="widget"
      topic=${options.state_topic as string}
      select=${select || nothing}
      unit=${unitSuffix(options.unit_of_measurement) ?? nothing}
      decimals=${Number.isFinite(precision) ? precision : nothing}
      expire-after=${numberOption(options.expire_after, 0) || nothing}
      qos=${qosOf(entity)}
      connection=${context.connection ?? nothing}
    ></mqtt-subscribe>`;
}

function binarySensor(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const text = context.readout.text;
  const [onWord, offWord] = binarySensorWords(options.device_class);
  const state =
    text === undefined
      ? '—'
      : text === payloadText(options.payload_on)
        ? onWord
        : text === payloadText(options.payload_off)
          ? offWord
          : `Unknown (${text})`;
  return html`${name(entity)}<span
      part="value"
      data-state=${state === onWord ? 'on' : state === offWord ? 'off' : 'unknown'}
      >${state}</span
    >`;
}

/** A switch, or a light's on/off: `<mqtt-switch>` when the state is one field; else a readout and buttons. */
function onOff(context: ViewContext, stateTemplate: unknown, jsonSchema = false): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const commandTopic = options.command_topic as string;
  if (jsonSchema) {
    return html`<mqtt-switch
      part="widget"
      label=${entity.name}
      state-topic=${textOption(options.state_topic) ?? nothing}
      select=${textOption(options.state_topic) ? 'state' : nothing}
      command-topic=${commandTopic}
      payload-on='{"state":"ON"}'
      payload-off='{"state":"OFF"}'
      state-on="ON"
      state-off="OFF"
      qos=${qosOf(entity)}
      ?retain=${options.retain === true}
      connection=${context.connection ?? nothing}
    ></mqtt-switch>`;
  }
  const select = selectFor(stateTemplate);
  const payloadOn = widgetText(options.payload_on);
  const payloadOff = widgetText(options.payload_off);
  if (select === null) {
    return html`${name(entity)}${readoutText(context)}
      <span part="controls">
        <mqtt-publish
          topic=${commandTopic}
          payload=${payloadOn}
          qos=${qosOf(entity)}
          connection=${context.connection ?? nothing}
          ><button type="button">On</button></mqtt-publish
        >
        <mqtt-publish
          topic=${commandTopic}
          payload=${payloadOff}
          qos=${qosOf(entity)}
          connection=${context.connection ?? nothing}
          ><button type="button">Off</button></mqtt-publish
        >
      </span>`;
  }
  return html`<mqtt-switch
    part="widget"
    label=${entity.name}
    state-topic=${textOption(options.state_topic) ?? nothing}
    select=${select || nothing}
    command-topic=${commandTopic}
    payload-on=${payloadOn}
    payload-off=${payloadOff}
    state-on=${options.state_on !== undefined ? widgetText(options.state_on) : payloadOn}
    state-off=${options.state_off !== undefined ? widgetText(options.state_off) : payloadOff}
    qos=${qosOf(entity)}
    ?retain=${options.retain === true}
    connection=${context.connection ?? nothing}
  ></mqtt-switch>`;
}

function light(context: ViewContext): TemplateResult {
  const options = context.entity.options;
  const json = options.schema === 'json';
  const scale = numberOption(options.brightness_scale, 255);
  let brightness: TemplateResult | typeof nothing = nothing;
  if (json && (options.brightness === true || includesBrightness(options.supported_color_modes))) {
    brightness = html`<mqtt-slider
      part="widget"
      label="Brightness"
      state-topic=${textOption(options.state_topic) ?? nothing}
      select=${textOption(options.state_topic) ? 'brightness' : nothing}
      command-topic=${options.command_topic as string}
      payload-template='{"state":"ON","brightness":{{value}}}'
      min="0"
      max=${scale}
      qos=${qosOf(context.entity)}
      connection=${context.connection ?? nothing}
    ></mqtt-slider>`;
  } else if (!json && typeof options.brightness_command_topic === 'string') {
    const select = selectFor(options.brightness_value_template);
    brightness = html`<mqtt-slider
      part="widget"
      label="Brightness"
      state-topic=${select === null ? nothing : (textOption(options.brightness_state_topic) ?? nothing)}
      select=${select || nothing}
      command-topic=${options.brightness_command_topic}
      min="0"
      max=${scale}
      qos=${qosOf(context.entity)}
      connection=${context.connection ?? nothing}
      @mqtt-publish=${context.onCommand('brightness_command_template', 'value') ?? nothing}
    ></mqtt-slider>`;
  }
  return html`${onOff(context, options.state_value_template, json)}${brightness}`;
}

function numberView(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const select = selectFor(options.value_template);
  const min = numberOption(options.min, 1);
  const max = numberOption(options.max, 100);
  const step = numberOption(options.step, 1);
  const onCommand = context.onCommand('command_template', 'value') ?? nothing;
  if (options.mode === 'box') {
    return html`${name(entity)}${readoutOrSubscribe(context, select)}
      <mqtt-publish
        part="controls"
        topic=${options.command_topic as string}
        qos=${qosOf(entity)}
        connection=${context.connection ?? nothing}
        @mqtt-publish=${onCommand}
        ><input type="number" aria-label=${entity.name} min=${min} max=${max} step=${step}
      /></mqtt-publish>`;
  }
  return html`<mqtt-slider
    part="widget"
    label=${entity.name}
    state-topic=${select === null ? nothing : (textOption(options.state_topic) ?? nothing)}
    select=${select || nothing}
    command-topic=${options.command_topic as string}
    min=${min}
    max=${max}
    step=${step}
    unit=${unitSuffix(options.unit_of_measurement) ?? nothing}
    qos=${qosOf(entity)}
    ?retain=${options.retain === true}
    connection=${context.connection ?? nothing}
    @mqtt-publish=${onCommand}
  ></mqtt-slider>`;
}

function readoutOrSubscribe(context: ViewContext, select: string | undefined | null): TemplateResult {
  const options = context.entity.options;
  if (select === null || typeof options.state_topic !== 'string') return readoutText(context);
  return html`<mqtt-subscribe
    topic=${options.state_topic}
    select=${select || nothing}
    unit=${unitSuffix(options.unit_of_measurement) ?? nothing}
    connection=${context.connection ?? nothing}
  ></mqtt-subscribe>`;
}

function selectView(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const choices = Array.isArray(options.options) ? (options.options as string[]) : [];
  const current = context.readout.text;
  return html`${name(entity)}
    <mqtt-publish
      part="controls"
      topic=${options.command_topic as string}
      qos=${qosOf(entity)}
      connection=${context.connection ?? nothing}
      @mqtt-publish=${context.onCommand('command_template', 'value') ?? nothing}
    >
      <select aria-label=${entity.name}>
        ${
          current === undefined || !choices.includes(current)
            ? html`<option value="" disabled selected>${current ?? '—'}</option>`
            : nothing
        }
        ${choices.map((choice) => html`<option value=${choice} ?selected=${choice === current}>${choice}</option>`)}
      </select>
    </mqtt-publish>`;
}

function button(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  return html`<mqtt-publish
    part="controls"
    topic=${options.command_topic as string}
    payload=${widgetText(options.payload_press)}
    qos=${qosOf(entity)}
    connection=${context.connection ?? nothing}
    @mqtt-publish=${context.onCommand('command_template', 'value') ?? nothing}
    ><button type="button">${entity.name}</button></mqtt-publish
  >`;
}

function cover(context: ViewContext): TemplateResult {
  const { entity } = context;
  const options = entity.options;
  const commandTopic = textOption(options.command_topic);
  const buttons: [label: string, payload: unknown][] = [
    ['Open', options.payload_open],
    ['Stop', options.payload_stop],
    ['Close', options.payload_close],
  ];
  const state = typeof options.state_topic === 'string' ? readoutText(context) : nothing;
  const setPosition = textOption(options.set_position_topic);
  const positionSelect = selectFor(options.position_template);
  return html`${name(entity)}${state}
  ${
    commandTopic
      ? html`<span part="controls"
          >${buttons
            .filter(([, payload]) => payload !== null && payload !== undefined)
            .map(
              ([label, payload]) =>
                html`<mqtt-publish
                  topic=${commandTopic}
                  payload=${widgetText(payload)}
                  qos=${qosOf(entity)}
                  connection=${context.connection ?? nothing}
                  ><button type="button">${label}</button></mqtt-publish
                >`,
            )}</span
        >`
      : nothing
  }
  ${
    setPosition
      ? html`<mqtt-slider
          part="widget"
          label="Position"
          state-topic=${positionSelect === null ? nothing : (textOption(options.position_topic) ?? nothing)}
          select=${positionSelect || nothing}
          command-topic=${setPosition}
          min=${numberOption(options.position_closed, 0)}
          max=${numberOption(options.position_open, 100)}
          unit=" %"
          qos=${qosOf(entity)}
          connection=${context.connection ?? nothing}
          @mqtt-publish=${context.onCommand('set_position_template', 'position') ?? nothing}
        ></mqtt-slider>`
      : nothing
  }`;
}

function includesBrightness(modes: unknown): boolean {
  return Array.isArray(modes) && modes.some((mode) => mode !== 'onoff');
}

function qosOf(entity: DiscoveredEntity): number {
  const qos = entity.options.qos;
  return qos === 1 || qos === 2 ? qos : 0;
}

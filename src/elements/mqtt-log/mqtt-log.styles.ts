// The look of <mqtt-log>: its parts, states and custom properties.
import { css } from 'lit';

export const mqttLogStyles = css`
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    /* The accent toned towards the text colour: readable on the striped rows in both looks. */
    --_link: color-mix(in srgb, var(--_accent) 80%, var(--_fg));
    --_mono: var(
      --mqtt-log-font,
      ui-monospace,
      'SFMono-Regular',
      Menlo,
      Consolas,
      'Liberation Mono',
      monospace
    );
  }
  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em 0.5em;
  }
  [part~='label'] {
    margin-inline-end: auto;
  }
  [part~='filter'] {
    flex: 1 1 10em;
    min-inline-size: 0;
    max-inline-size: 22em;
    padding: 0.35em 0.6em;
    font: inherit;
    font-size: 0.9em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
  }
  :is([part~='filter'], [part~='expand'], [part~='list']):focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  [part~='count'] {
    font-size: 0.8em;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [part~='list'] {
    margin: 0;
    padding: 0;
    list-style: none;
    max-block-size: var(--mqtt-log-height, 320px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_bg);
  }
  [part~='row'] {
    padding: 0.45em 0.7em;
    border-block-end: 1px solid color-mix(in srgb, var(--_border) 70%, transparent);
  }
  [part~='row']:last-child {
    border-block-end: none;
  }
  [part~='row']:nth-child(even) {
    background: var(--mqtt-log-row-background, color-mix(in srgb, var(--_track) 35%, transparent));
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.15em 0.6em;
    font-size: 0.8em;
  }
  [part~='time'] {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [part~='topic'] {
    font-family: var(--_mono);
    font-weight: 600;
    color: var(--_link);
    overflow-wrap: anywhere;
  }
  [part~='qos'],
  [part~='retained'],
  [part~='restored'] {
    padding: 0 0.45em;
    font-size: 0.9em;
    border-radius: 999px;
    color: var(--_muted);
    border: 1px solid var(--_border);
  }
  [part~='retained'] {
    color: var(--_fg);
    background: color-mix(in srgb, var(--_warn) 25%, transparent);
    border-color: color-mix(in srgb, var(--_warn) 60%, transparent);
  }
  [part~='restored'] {
    font-style: italic;
  }
  [part~='size'] {
    margin-inline-start: auto;
    color: var(--_muted);
  }
  [part~='payload'] {
    margin: 0.25em 0 0;
    font-family: var(--_mono);
    font-size: 0.85em;
    line-height: 1.4;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='payload'].empty {
    color: var(--_muted);
    font-style: italic;
  }
  [part~='payload'].hex {
    white-space: pre;
    overflow-x: auto;
  }
  [part~='expand'] {
    margin-block-start: 0.2em;
    padding: 0;
    font: inherit;
    font-size: 0.8em;
    color: var(--_link);
    background: none;
    border: none;
    cursor: pointer;
    text-decoration: underline;
  }
  [part~='empty'] {
    padding: 1.2em;
    text-align: center;
    color: var(--_muted);
    font-size: 0.9em;
  }
`;

// The look of <mqtt-gauge>: its parts, states and custom properties.
import { css } from 'lit';

export const mqttGaugeStyles = css`
  :host {
    --_bar: var(--mqtt-gauge-color, var(--_accent));
    --_thickness: var(--mqtt-gauge-thickness, 14);
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
  }
  [part='dial'] {
    display: block;
    inline-size: 100%;
    /* Alone on a page a gauge would otherwise grow to the page's width. */
    max-inline-size: var(--mqtt-gauge-max-size, 16em);
    block-size: auto;
  }
  [part='track'] {
    fill: none;
    stroke: var(--mqtt-gauge-track-color, var(--_track));
    stroke-width: var(--_thickness);
    stroke-linecap: round;
  }
  [part='zone'] {
    fill: none;
    stroke-width: var(--_thickness);
    /* Zones tint the track; the value arc over them carries the full colour. */
    opacity: 0.35;
  }
  [part='bar'] {
    fill: none;
    stroke: var(--_bar);
    stroke-width: var(--_thickness);
    stroke-linecap: round;
    transition: stroke 0.3s ease;
  }
  .halo {
    /* Separates the needle from the arc under it, in both looks. */
    stroke: var(--_bg);
    stroke-width: 8;
    stroke-linecap: round;
  }
  [part='needle'] {
    stroke: var(--mqtt-gauge-needle-color, var(--_fg));
    stroke-width: 4;
    stroke-linecap: round;
  }
  [part='value'] {
    fill: currentColor;
    font-weight: 650;
    font-variant-numeric: tabular-nums;
  }
  .unit {
    font-weight: 500;
    fill: var(--_muted);
  }
  :is([part='min'], [part='max']) {
    fill: var(--_muted);
    font-size: 15px;
    font-variant-numeric: tabular-nums;
  }
  [part='label'] {
    margin-block-start: 0.1em;
  }
  :host([out-of-range]) [part='value'] {
    fill: var(--_error-text);
  }
  /* Stale, error and unavailable are said in words in the message part. The arc and needle may dim
     as an extra cue; text never fades below 4.5:1: it turns to the muted colour instead. */
  :host(:is([error], [stale])) :is([part='bar'], [part='needle']) {
    opacity: var(--mqtt-stale-opacity, 0.6);
  }
  :host(:is([error], [stale], [unavailable], [offline])) [part='value'] {
    fill: var(--_muted);
  }
  :host(:is([unavailable], [offline])) :is([part='track'], [part='zone'], [part='bar'], [part='needle']) {
    opacity: 0.45;
  }
  @media (prefers-reduced-motion: reduce) {
    [part='bar'] {
      transition: none;
    }
  }
`;

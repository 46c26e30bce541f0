// The look of <mqtt-slider>: its parts, states and custom properties.
import { css } from 'lit';

export const mqttSliderStyles = css`
  :host {
    --_fill: var(--mqtt-slider-fill-color, var(--_accent));
    /* The unfilled track is a control's boundary: the muted colour keeps 3:1 against the surface. */
    --_rest: var(--mqtt-slider-track-color, var(--_muted));
    --_thumb: var(--mqtt-slider-thumb-color, #ffffff);
    --_thumb-size: var(--mqtt-slider-thumb-size, 1.25em);
    --_track-height: var(--mqtt-slider-track-height, 0.4em);
  }
  .head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.75em;
  }
  [part='label'] {
    min-inline-size: 0;
  }
  [part='value'] {
    flex: none;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    font-size: 1.1em;
  }
  :host([pending]) [part='value'] {
    color: var(--_muted);
  }
  [part='input'] {
    -webkit-appearance: none;
    appearance: none;
    display: block;
    box-sizing: border-box;
    inline-size: 100%;
    /* Tall enough to grab on a phone; the visible track is drawn inside. */
    block-size: 2.5rem;
    margin: 0;
    background: transparent;
    cursor: pointer;
    touch-action: pan-y;
  }
  [part='input'][aria-disabled='true'] {
    cursor: not-allowed;
  }
  /* A 2 px ring in the text colour (far above 3:1 in both looks) around the whole control. */
  [part='input']:focus-visible {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
    border-radius: calc(var(--_radius) * 0.6);
  }
  [part='input']::-webkit-slider-runnable-track {
    block-size: var(--_track-height);
    border-radius: var(--_track-height);
    background: linear-gradient(to right, var(--_fill) var(--_pos), var(--_rest) var(--_pos));
  }
  [part='input']::-moz-range-track {
    block-size: var(--_track-height);
    border-radius: var(--_track-height);
    background: var(--_rest);
  }
  [part='input']::-moz-range-progress {
    block-size: var(--_track-height);
    border-radius: var(--_track-height);
    background: var(--_fill);
  }
  [part='input']::-webkit-slider-thumb {
    -webkit-appearance: none;
    appearance: none;
    inline-size: var(--_thumb-size);
    block-size: var(--_thumb-size);
    margin-block-start: calc((var(--_track-height) - var(--_thumb-size)) / 2);
    border-radius: 50%;
    background: var(--_thumb);
    border: 2px solid var(--_fill);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
    transition: transform 0.12s ease;
  }
  [part='input']::-moz-range-thumb {
    box-sizing: border-box;
    inline-size: var(--_thumb-size);
    block-size: var(--_thumb-size);
    border-radius: 50%;
    background: var(--_thumb);
    border: 2px solid var(--_fill);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
  }
  [part='input']:focus-visible::-webkit-slider-thumb {
    box-shadow: 0 0 0 2px var(--_fg);
  }
  [part='input']:focus-visible::-moz-range-thumb {
    box-shadow: 0 0 0 2px var(--_fg);
  }
  :host([dragging]) [part='input']::-webkit-slider-thumb {
    transform: scale(1.15);
  }
  :host([pending]) [part='input']::-webkit-slider-thumb {
    animation: pulse 0.9s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      box-shadow: 0 0 0 0.3em color-mix(in srgb, var(--_fill) 35%, transparent);
    }
  }
  :host([unknown]) [part='input'] {
    opacity: 0.6;
  }
  :host(:is([unavailable], [offline])) [part='input'],
  :host([disabled]) [part='input'] {
    opacity: 0.45;
  }
  /* Stale is said in words in the message part; the fade is an extra cue, off by default. */
  :host([stale]) :is([part='input'], [part='value']) {
    opacity: var(--mqtt-stale-opacity, 1);
  }
  .scale {
    display: flex;
    justify-content: space-between;
    font-size: 0.75em;
    color: var(--_muted);
    margin-block-start: -0.5rem;
    font-variant-numeric: tabular-nums;
  }
  @media (prefers-reduced-motion: reduce) {
    [part='input']::-webkit-slider-thumb {
      transition: none;
    }
    :host([pending]) [part='input']::-webkit-slider-thumb {
      animation: none;
    }
  }
`;

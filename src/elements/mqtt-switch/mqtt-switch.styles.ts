// The look of <mqtt-switch>: its parts, states and custom properties.
import { css } from 'lit';

export const mqttSwitchStyles = css`
  :host {
    --_size: var(--mqtt-switch-size, 1.6em);
    --_on: var(--mqtt-switch-on-color, var(--_accent));
    /* The muted text colour: at least 3:1 against the surface in both looks, as a control's state needs. */
    --_off: var(--mqtt-switch-off-color, var(--_muted));
    --_thumb: var(--mqtt-switch-thumb-color, #ffffff);
  }
  [part='control'] {
    all: unset;
    box-sizing: border-box;
    display: flex;
    align-items: center;
    gap: 0.75em;
    inline-size: 100%;
    min-block-size: 2.75rem; /* a comfortable touch target */
    cursor: pointer;
    border-radius: calc(var(--_radius) * 0.6);
    -webkit-tap-highlight-color: transparent;
  }
  [part='control']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 3px;
  }
  [part='control'][aria-disabled='true'] {
    cursor: not-allowed;
  }
  .text {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-inline-size: 0;
  }
  [part='state'] {
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part='track'] {
    position: relative;
    flex: none;
    box-sizing: border-box;
    inline-size: calc(var(--_size) * 1.75);
    block-size: var(--_size);
    border-radius: var(--_size);
    background: var(--_off);
    box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--_fg) 10%, transparent);
    transition: background-color 0.18s ease;
  }
  [part='thumb'] {
    position: absolute;
    inset-block-start: 50%;
    inset-inline-start: calc(var(--_size) * 0.125);
    inline-size: calc(var(--_size) * 0.75);
    block-size: calc(var(--_size) * 0.75);
    border-radius: 50%;
    background: var(--_thumb);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
    transform: translate(0, -50%);
    transition: transform 0.18s ease;
  }
  :host([on]) [part='track'] {
    background: var(--_on);
  }
  :host([on]) [part='thumb'] {
    transform: translate(calc(var(--_size) * 0.75), -50%);
  }
  :host(:dir(rtl)[on]) [part='thumb'] {
    transform: translate(calc(var(--_size) * -0.75), -50%);
  }
  /* Unknown: thumb in the middle, neither colour, so it cannot be read as off. */
  :host([unknown]) [part='track'] {
    background: repeating-linear-gradient(
      135deg,
      var(--_off) 0 0.3em,
      color-mix(in srgb, var(--_muted) 35%, var(--_off)) 0.3em 0.6em
    );
  }
  :host([unknown]) [part='thumb'] {
    transform: translate(calc(var(--_size) * 0.375), -50%);
  }
  :host(:dir(rtl)[unknown]) [part='thumb'] {
    transform: translate(calc(var(--_size) * -0.375), -50%);
  }
  :host([pending]) [part='thumb'] {
    animation: pulse 0.9s ease-in-out infinite alternate;
  }
  :host([pending]) [part='control'] {
    cursor: progress;
  }
  @keyframes pulse {
    to {
      box-shadow: 0 0 0 0.3em color-mix(in srgb, var(--_on) 35%, transparent);
    }
  }
  :host(:is([unavailable], [offline])) [part='track'],
  :host([disabled]) [part='track'] {
    opacity: 0.45;
  }
  /* Stale is said in words in the message part; the fade is an extra cue, off by default (set
     --mqtt-stale-opacity to dim stale tracks). */
  :host([stale]) [part='track'] {
    opacity: var(--mqtt-stale-opacity, 1);
  }
  :host([error]) [part='state'] {
    color: var(--_error-text);
  }
  @media (prefers-reduced-motion: reduce) {
    [part='track'],
    [part='thumb'] {
      transition: none;
    }
    :host([pending]) [part='thumb'] {
      animation: none;
      opacity: 0.7;
    }
  }
`;

// The look of one discovered entity: a row with its name, its widget or value, and a message line.
import { css } from 'lit';
import { themeStyles } from '../../internal/theme.js';

export const entityStyles = [
  themeStyles,
  css`
    :host {
      display: block;
      min-inline-size: 0;
      color: var(--_fg);
    }
    [part='entity'] {
      display: flex;
      flex-direction: column;
      gap: 0.25em;
      padding-block: 0.4em;
    }
    .body {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35em 0.75em;
    }
    .body > mqtt-switch,
    .body > mqtt-slider {
      flex: 1 1 100%;
    }
    [part='name'] {
      /* Shrinks before the value wraps to a line of its own. */
      flex: 1 1 0;
      min-inline-size: 0;
      overflow-wrap: anywhere;
    }
    [part='value'],
    mqtt-subscribe {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    [part='controls'] {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0.4em;
    }
    button,
    select,
    input {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.6);
      padding: 0.3em 0.7em;
      min-block-size: 2.25rem;
    }
    button {
      cursor: pointer;
    }
    button:focus-visible,
    select:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    [part='message'] {
      font-size: 0.8em;
      color: var(--_error-text);
      overflow-wrap: anywhere;
    }
    [part='message']:empty {
      display: none;
    }
    :host([unavailable]) [part='message'],
    :host([unsupported]) [part='message'],
    :host([restored]:not([error])) [part='message'] {
      color: var(--_muted);
    }
    :host([unavailable]) .body {
      opacity: 0.55;
    }
    :host([stale]) [part='value'] {
      color: var(--_muted);
    }
  `,
];

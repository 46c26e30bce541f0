// The look of the discovery dashboard: a grid of device cards that adapts to the width it gets.
import { css } from 'lit';
import { themeStyles } from '../../internal/theme.js';

export const discoveryStyles = [
  themeStyles,
  css`
    :host {
      display: block;
      color: var(--_fg);
      line-height: 1.3;
    }
    [part='base'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--mqtt-discovery-columns, 18rem)), 1fr));
      gap: 1rem;
      align-items: start;
    }
    [part='device'] {
      box-sizing: border-box;
      min-inline-size: 0;
      background: var(--mqtt-widget-background, var(--_bg));
      border: var(--mqtt-widget-border, 1px solid var(--_border));
      border-radius: var(--_radius);
      padding: 0.75rem 1rem;
    }
    [part='device-header'] {
      display: flex;
      flex-direction: column;
      margin-block-end: 0.25rem;
    }
    [part='device-name'] {
      font-weight: 700;
      overflow-wrap: anywhere;
    }
    [part='device-model'] {
      font-size: 0.8em;
      color: var(--_muted);
      overflow-wrap: anywhere;
    }
    ::slotted(mqtt-discovery-entity:not(:last-of-type)) {
      border-block-end: 1px solid var(--_border);
    }
    [part='empty'] {
      grid-column: 1 / -1;
      color: var(--_muted);
      margin: 0;
    }
    [part='message'] {
      grid-column: 1 / -1;
      margin: 0;
      font-size: 0.85em;
      color: var(--_error-text);
    }
    [part='message']:empty {
      display: none;
    }
  `,
];

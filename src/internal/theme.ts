// Design tokens shared by every widget: custom properties with light defaults, a dark look that
// follows `prefers-color-scheme`, and an explicit switch by class or attribute on any container.
import { css } from 'lit';

/**
 * Include first in a widget's `styles`. A page picks a look with `class="mqtt-dark"` /
 * `class="mqtt-light"` or `data-mqtt-theme="dark|light"` on a container; otherwise the system
 * setting decides. Every token can be overridden with the custom property of the same name.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--mqtt-surface, #ffffff);
    --_fg: var(--mqtt-text, #1d2330);
    --_muted: var(--mqtt-muted, #667085);
    --_border: var(--mqtt-border, #d9dee7);
    --_accent: var(--mqtt-accent, #2f6fdb);
    --_ok: var(--mqtt-ok, #2e9d5b);
    --_warn: var(--mqtt-warn, #d8a019);
    --_error: var(--mqtt-error-color, #d64545);
    --_track: var(--mqtt-track, #e7eaf0);
    --_radius: var(--mqtt-radius, 10px);
    --_font: var(--mqtt-font, inherit);
    color: var(--_fg);
    font-family: var(--_font);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not(:is(.mqtt-light *, [data-mqtt-theme='light'] *, .mqtt-light, [data-mqtt-theme='light']))) {
      --_bg: var(--mqtt-surface, #171b24);
      --_fg: var(--mqtt-text, #e6e9ef);
      --_muted: var(--mqtt-muted, #9aa3b2);
      --_border: var(--mqtt-border, #2c3342);
      --_accent: var(--mqtt-accent, #6ea0ff);
      --_track: var(--mqtt-track, #2a3140);
    }
  }
  :host(:is(.mqtt-dark *, [data-mqtt-theme='dark'] *, .mqtt-dark, [data-mqtt-theme='dark'])) {
    --_bg: var(--mqtt-surface, #171b24);
    --_fg: var(--mqtt-text, #e6e9ef);
    --_muted: var(--mqtt-muted, #9aa3b2);
    --_border: var(--mqtt-border, #2c3342);
    --_accent: var(--mqtt-accent, #6ea0ff);
    --_track: var(--mqtt-track, #2a3140);
  }
  :host([hidden]) {
    display: none !important;
  }
`;

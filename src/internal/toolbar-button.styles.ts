// The look of the small text buttons in a widget's toolbar (log, chart, explorer): one place, so
// their size, focus ring and pressed contrast cannot drift apart. Include before the element's own
// styles, which may adjust the size.
import { css } from 'lit';

export const toolbarButtonStyles = css`
  [part~='button'] {
    padding: 0.35em 0.8em;
    font: inherit;
    font-size: 0.9em;
    color: var(--_fg);
    background: var(--_track);
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.6);
    cursor: pointer;
    white-space: nowrap;
  }
  [part~='button']:hover {
    border-color: var(--_border);
  }
  [part~='button']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  /* A pressed toggle: the surface colour on the accent keeps 4.5:1 in both looks (white on the dark
     accent does not). */
  [part~='button'][aria-pressed='true'] {
    color: var(--_bg);
    background: var(--_accent);
  }
`;

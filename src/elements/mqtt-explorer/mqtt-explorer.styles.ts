// The look of <mqtt-explorer>'s frame: the toolbar with the search box, the panes side by side, and the
// custom properties the other style files use; every colour from the shared theme tokens. --_row-muted
// is muted text that keeps 4.5:1 on a selected or flashing row too. A disabled button (nothing to
// expand) reads muted. (Comments stay out of the CSS
// itself, which ships as it is written.)
import { css } from 'lit';

export const explorerStyles = css`
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    --_mono: var(
      --mqtt-explorer-font,
      ui-monospace,
      'SFMono-Regular',
      Menlo,
      Consolas,
      'Liberation Mono',
      monospace
    );
    --_row-height: var(--mqtt-explorer-row-height, 28px);
    --_flash: var(--mqtt-explorer-flash, color-mix(in srgb, var(--_accent) 16%, transparent));
    --_selected: color-mix(in srgb, var(--_accent) 14%, var(--_bg));
    --_row-muted: color-mix(in srgb, var(--_muted) 65%, var(--_fg));
  }
  [part~='button']:disabled {
    color: var(--_muted);
    cursor: default;
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
  [part~='search'],
  [part~='field'] {
    padding: 0.35em 0.6em;
    font: inherit;
    font-size: 0.9em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    min-inline-size: 0;
  }
  [part~='search'] {
    flex: 1 1 12em;
    max-inline-size: 26em;
  }
  [part~='search']:focus-visible,
  [part~='field']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  [part~='count'],
  [part~='search-error'] {
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='search-error'] {
    color: var(--_error-text);
    flex-basis: 100%;
  }
  [part~='panes'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
`;

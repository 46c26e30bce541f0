// The look of <mqtt-explorer>: a toolbar, the tree beside the selected topic's details, the publish
// panel; every colour from the shared theme tokens.
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
    /* Muted text that keeps 4.5:1 on a selected or flashing row too. */
    --_row-muted: color-mix(in srgb, var(--_muted) 65%, var(--_fg));
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
  [part~='tree'] {
    flex: 1 1 22em;
    position: relative;
    block-size: var(--mqtt-explorer-height, 420px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_bg);
    font-size: 0.9em;
    /* Scrolling repaints only the tree. */
    contain: strict;
    min-inline-size: 16em;
  }
  [part~='tree']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .sizer {
    position: absolute;
    inset-block-start: 0;
    inline-size: 1px;
  }
  [part~='row'] {
    position: absolute;
    inset-inline: 0;
    block-size: var(--_row-height);
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding-inline-end: 0.5em;
    white-space: nowrap;
    overflow: hidden;
    box-sizing: border-box;
    cursor: default;
    /* A row's text changing never lays out or repaints anything outside it. */
    contain: strict;
  }
  /* No transition: on a busy broker dozens of rows flash at once, and fading each would repaint them
     every frame. */
  [part~='row'][data-flash] {
    background-color: var(--_flash);
  }
  [part~='row'][aria-selected='true'] {
    background-color: var(--_selected);
  }
  [part~='row'].active {
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='row'][data-flash]:not([aria-selected='true']) {
      background-color: transparent;
    }
  }
  [part~='toggle'] {
    flex: none;
    inline-size: 1.2em;
    text-align: center;
    color: var(--_row-muted);
  }
  [part~='name'] {
    font-weight: 600;
  }
  [part~='name'].empty {
    font-style: italic;
    font-weight: 400;
    color: var(--_muted);
  }
  [part~='counts'],
  [part~='age'] {
    color: var(--_row-muted);
    font-size: 0.85em;
  }
  [part~='retained'] {
    font-size: 0.75em;
    padding: 0 0.35em;
    border: 1px solid var(--_border);
    border-radius: 0.3em;
    color: var(--_row-muted);
  }
  [part~='preview'] {
    font-family: var(--_mono);
    font-size: 0.9em;
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
    flex: 1 1 auto;
  }
  [part~='empty'] {
    padding: 1.2em;
    color: var(--_muted);
    text-align: center;
  }
  [part~='detail'] {
    flex: 1 1 22em;
    min-inline-size: 0;
    max-block-size: var(--mqtt-explorer-height, 420px);
    overflow: auto;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  [part~='detail-topic'] {
    font-family: var(--_mono);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
  }
  [part~='meta'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.15em 0.8em;
    margin: 0;
    font-size: 0.85em;
  }
  [part~='meta'] dt {
    color: var(--_muted);
  }
  [part~='meta'] dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  [part~='payload'],
  [part~='json'] {
    font-family: var(--_mono);
    font-size: 0.85em;
    margin: 0;
    padding: 0.5em;
    background: var(--_track);
    border-radius: calc(var(--_radius) * 0.5);
    overflow: auto;
    max-block-size: 18em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='json'] {
    white-space: normal;
  }
  /* Each piece of a large payload is its own block, so adding one lays out only that one. */
  [part~='payload'] > .chunk {
    contain: content;
  }
  [part~='json-leaf'] {
    white-space: pre-wrap;
  }
  [part~='json-children'] {
    padding-inline-start: 1.2em;
  }
  [part~='json-key'] {
    color: var(--_accent);
  }
  [part~='json-count'] {
    color: var(--_muted);
  }
  [part~='history'] {
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 0.85em;
  }
  [part~='history-entry'] {
    padding: 0.3em 0;
    border-block-start: 1px solid var(--_border);
  }
  [part~='history-payload'],
  [part~='diff'] {
    font-family: var(--_mono);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0.2em 0 0;
  }
  [part~='diff'] {
    color: var(--_muted);
  }
  h3 {
    font-size: 0.9em;
    margin: 0.4em 0 0;
  }
  [part~='publish'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.4em 0.6em;
    align-items: center;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    padding: 0.6em;
    margin: 0;
  }
  [part~='publish'] legend {
    font-weight: 600;
    padding: 0 0.3em;
  }
  [part~='publish'] textarea {
    font-family: var(--_mono);
    min-block-size: 4em;
    resize: vertical;
  }
  [part~='publish'] .options {
    display: flex;
    gap: 1em;
    align-items: center;
    flex-wrap: wrap;
  }
  [part~='confirm'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
    font-size: 0.9em;
  }
  [part~='status'] {
    font-size: 0.85em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  [part~='status'].problem {
    color: var(--_error-text);
  }
  [part~='chart'] {
    display: block;
    block-size: 140px;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

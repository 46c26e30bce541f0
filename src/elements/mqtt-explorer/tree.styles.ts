// The look of the explorer's tree: a contained scroller of fixed-height rows placed by transform, so a
// row's text changing or a scroll never lays out or repaints anything outside it. A flashing row has no
// transition: on a busy broker dozens of rows flash at once, and fading each would repaint them every frame.
import { css } from 'lit';

export const treeStyles = css`
  [part~='tree'] {
    flex: 1 1 22em;
    position: relative;
    block-size: var(--mqtt-explorer-height, 420px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_bg);
    font-size: 0.9em;
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
    contain: strict;
  }
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
`;

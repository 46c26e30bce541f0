// The look of the explorer's details: the selected topic, its properties, payload (text, hex dump or
// JSON tree), chart and history. The panel scrolls as a whole: its parts keep their height (a payload
// box squeezed by a long history would show nothing).
import { css } from 'lit';

export const detailsStyles = css`
  [part~='detail'] {
    flex: 1 1 22em;
    min-inline-size: 0;
    max-block-size: var(--mqtt-explorer-height, 420px);
    overflow: auto;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  [part~='detail'] > * {
    flex-shrink: 0;
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
  [part~='note'] {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='meta'] dt.user-property {
    font-style: italic;
  }
`;

// The look of the explorer's publish panel.
import { css } from 'lit';

export const publishStyles = css`
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
`;

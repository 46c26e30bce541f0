// The look of <mqtt-chart>: its parts, states and custom properties.
// Notes kept out of the CSS, which ships as written:
// - Stale and unavailable are said in words in the message part; the canvas (its axis labels are text)
//   does not fade unless the page sets --mqtt-stale-opacity.
// - In forced colours the canvas keeps its colours; the live-data marker takes the system's text
//   colour, to stay visible on the system's background.
import { css } from 'lit';

export const mqttChartStyles = css`
  :host {
    --_series-1: var(--mqtt-chart-color-1, var(--_accent));
    --_series-2: var(--mqtt-chart-color-2, #e07b39);
    --_series-3: var(--mqtt-chart-color-3, #2e9d8f);
    --_series-4: var(--mqtt-chart-color-4, #c74f8a);
    --_series-5: var(--mqtt-chart-color-5, #8a6fdf);
    --_series-6: var(--mqtt-chart-color-6, #d1a52e);
    --_series-7: var(--mqtt-chart-color-7, #3f9bd1);
    --_series-8: var(--mqtt-chart-color-8, #7d8b99);
    --_axis: var(--mqtt-chart-axis, var(--_muted));
    --_grid: var(--mqtt-chart-grid, color-mix(in srgb, var(--_border) 70%, transparent));
    --_line-width: var(--mqtt-chart-line-width, 2);
    --_axis-font-size: var(--mqtt-chart-font-size, 11);
    --_restored-opacity: var(--mqtt-chart-restored-opacity, 0.35);
    --_live-marker: var(--mqtt-chart-live-marker, var(--_muted));
  }
  @media (forced-colors: active) {
    :host {
      --_live-marker: var(--mqtt-chart-live-marker, CanvasText);
    }
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: 0.4em;
  }
  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5em;
  }
  [part~='toolbar'] {
    display: inline-flex;
    gap: 0.3em;
    margin-inline-start: auto;
  }
  /* Smaller than the log's: they sit beside the chart's label. */
  [part~='button'] {
    padding: 0.15em 0.6em;
    font-size: 0.8em;
  }
  .table-scroll:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  [part~='plot'][hidden] {
    display: none;
  }
  .table-scroll {
    max-block-size: var(--mqtt-chart-height, 220px);
    overflow: auto;
  }
  [part~='table'] {
    inline-size: 100%;
    border-collapse: collapse;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  [part~='table'] caption {
    text-align: start;
    color: var(--_muted);
    padding-block-end: 0.3em;
  }
  [part~='table'] :is(th, td) {
    padding: 0.2em 0.5em;
    text-align: end;
    border-block-end: 1px solid var(--_border);
  }
  [part~='table'] th:first-child {
    text-align: start;
    font-weight: 500;
  }
  [part~='restored-row'] .restored-mark {
    font-weight: normal;
    font-style: italic;
  }
  [part~='plot'] {
    position: relative;
    block-size: var(--mqtt-chart-height, 220px);
    min-inline-size: 0;
  }
  .canvas {
    position: absolute;
    inset: 0;
    overflow: hidden;
  }
  :host([stale]) .canvas,
  :host([unavailable]) .canvas {
    opacity: var(--mqtt-stale-opacity, 1);
  }
  [part~='empty'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--_muted);
    font-size: 0.9em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  [part~='tooltip'] {
    position: absolute;
    z-index: 1;
    inline-size: max-content;
    max-inline-size: 18em;
    pointer-events: none;
    display: grid;
    grid-template-columns: auto auto auto;
    align-items: center;
    gap: 0.15em 0.45em;
    padding: 0.4em 0.6em;
    font-size: 0.8em;
    line-height: 1.25;
    white-space: nowrap;
    color: var(--_fg);
    background: color-mix(in srgb, var(--_bg) 94%, transparent);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.12);
  }
  .tooltip-time {
    grid-column: 1 / -1;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [part~='legend'] {
    display: flex;
    flex-wrap: wrap;
    min-inline-size: 0;
    gap: 0.25em 0.4em;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
  }
  [part~='legend'] > li {
    /* Long names shrink with an ellipsis instead of pushing the legend out of a narrow card. */
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  [part~='legend-item'] {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-inline-size: 0;
    max-inline-size: 100%;
    padding: 0.2em 0.55em 0.2em 0.4em;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: 999px;
    cursor: pointer;
  }
  [part~='legend-item']:hover {
    border-color: var(--_border);
  }
  [part~='legend-item']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  /* Hidden: struck through in the muted colour (4.5:1), not faded. */
  [part~='legend-item'][aria-pressed='false'] {
    color: var(--_muted);
  }
  [part~='legend-item'][aria-pressed='false'] [part~='swatch'] {
    opacity: 0.5;
  }
  [part~='legend-item'][aria-pressed='false'] [part~='series-label'] {
    text-decoration: line-through;
  }
  [part~='swatch'] {
    flex: none;
    inline-size: 1.6em;
    block-size: 0.55em;
  }
  [part~='series-label'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='series-value'] {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [part~='tooltip'] [part~='series-value'] {
    text-align: end;
  }
`;

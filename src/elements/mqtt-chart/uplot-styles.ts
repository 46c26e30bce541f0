// The layout rules uPlot's DOM needs, adopted inside the chart's shadow root (a page stylesheet cannot
// reach it, and uPlot's own CSS file cannot be imported as a module). Only what this chart uses:
// canvases, axes, the cursor lines and points; the legend is the chart's own.
import { css } from 'lit';

export const uplotStyles = css`
  .uplot,
  .uplot *,
  .uplot *::before,
  .uplot *::after {
    box-sizing: border-box;
  }
  .uplot {
    line-height: 1.5;
    inline-size: min-content;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under,
  .u-axis {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .uplot canvas {
    display: block;
    position: relative;
    inline-size: 100%;
    block-size: 100%;
  }
  .u-select {
    position: absolute;
    pointer-events: none;
    background: color-mix(in srgb, var(--_fg) 8%, transparent);
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    inset-inline-start: 0;
    inset-block-start: 0;
    pointer-events: none;
    will-change: transform;
  }
  /* uPlot positions these with transforms in physical pixels, so physical properties on purpose. */
  .u-hz .u-cursor-x {
    height: 100%;
    border-right: 1px dashed var(--mqtt-chart-cursor, var(--_muted));
  }
  .u-hz .u-cursor-y {
    width: 100%;
    border-bottom: 1px dashed var(--mqtt-chart-cursor, var(--_muted));
  }
  .u-cursor-pt {
    position: absolute;
    top: 0;
    left: 0;
    border-radius: 50%;
    border: 0 solid;
    pointer-events: none;
    will-change: transform;
    /* uPlot sets an inline background shorthand; the clip must survive it. */
    background-clip: padding-box !important;
  }
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`;

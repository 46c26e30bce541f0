// The chart's colours and font, read from its custom properties for the canvas, which CSS cannot reach.

/** How many `--mqtt-chart-color-N` properties the palette has before it repeats. */
export const paletteSize = 8;

/** Colours and font read from the element's custom properties. */
export interface CanvasTheme {
  /** Identifies the values, to tell whether they changed since the last read. */
  key: string;
  palette: string[];
  text: string;
  muted: string;
  grid: string;
  font: string;
  lineWidth: number;
  /** How opaque a line is over its points restored from an earlier visit (0–1). */
  restoredAlpha: number;
  /** The marker where live data begins after restored points. */
  liveMarker: string;
}

/**
 * Reads the theme from `element`'s computed style (the private `--_*` properties its styles derive
 * from the public ones). Cheap enough to do on every render, which is when the chart draws anyway.
 */
export function readCanvasTheme(element: Element): CanvasTheme {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(name).trim();
  const palette = Array.from({ length: paletteSize }, (_, i) => normalizeColor(read(`--_series-${i + 1}`)));
  const size = Number(read('--_axis-font-size')) || 11;
  const lineWidth = Number(read('--_line-width'));
  const restoredAlpha = parseFloat(read('--_restored-opacity'));
  const theme = {
    lineWidth: Number.isFinite(lineWidth) && lineWidth > 0 ? lineWidth : 2,
    restoredAlpha: restoredAlpha >= 0 && restoredAlpha <= 1 ? restoredAlpha : 0.35,
    liveMarker: normalizeColor(read('--_live-marker')),
    palette,
    text: normalizeColor(read('--_fg')),
    muted: normalizeColor(read('--_axis')),
    grid: normalizeColor(read('--_grid')),
    font: `${size}px ${style.fontFamily || 'system-ui, sans-serif'}`,
  };
  return { key: JSON.stringify(theme), ...theme };
}

/** The colour of the series at `index`. */
export function colorAt(theme: CanvasTheme, index: number): string {
  return theme.palette[index % theme.palette.length];
}

/** The theme's font scaled to device pixels, as the canvas measures text. */
export function canvasFont(theme: CanvasTheme, ratio: number): string {
  return theme.font.replace(/^(\d+(?:\.\d+)?)px/, (_, size: string) => `${Number(size) * ratio}px`);
}

let colorProbe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as the canvas reads it (`#rrggbb` or `rgba(…)`), so it can be given transparency. */
function normalizeColor(color: string): string {
  colorProbe ??= document.createElement('canvas').getContext('2d');
  if (!colorProbe || color === '') return color || '#888888';
  colorProbe.fillStyle = '#888888';
  colorProbe.fillStyle = color;
  return String(colorProbe.fillStyle);
}

/** `color` (as `normalizeColor` gives it) with its opacity multiplied by `alpha`. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,\s*([\d.]+))?\)$/.exec(color);
  if (rgba)
    return `rgba(${rgba[1].trim()}, ${rgba[2].trim()}, ${rgba[3].trim()}, ${alpha * Number(rgba[4] ?? 1)})`;
  return color;
}

// <mqtt-chart>: a live time series of MQTT values, drawn with uPlot. Shipped as its own entry
// (src/chart.ts) so that pages without charts never load uPlot.
import { numberAttribute } from '../../core/attribute-values.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import uPlot from 'uplot';
import type { QoS } from '../../core/connection-core.js';
import { MqttElementsError } from '../../core/errors.js';
import type { MqttMessage } from '../../core/message.js';
import { readNumber } from '../../core/numeric-value.js';
import { hasWildcard, wildcardValues } from '../../core/topic.js';
import {
  formatValue,
  mapValue,
  parseDuration,
  parseSelectPath,
  parseValueMap,
  selectValue,
  type SelectPath,
} from '../../core/value-pipeline.js';
import { TopicValueController } from '../../controllers/topic-value-controller.js';
import { MqttMessageEvent } from '../../events.js';
import { MqttWidget, widgetFrameStyles } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import {
  alignSeries,
  appendPoint,
  nearestPoint,
  splitSelectList,
  trimSeries,
  type ChartSeries,
} from './time-series.js';
import { uplotStyles } from './uplot-styles.js';

export type { ChartSeries } from './time-series.js';

const defaultPoints = 300;
const defaultHistorySize = 10_000;
const defaultMaxSeries = 16;
const paletteSize = 8;

/** Colours and font read from the element's custom properties, for the canvas (which CSS cannot reach). */
interface CanvasTheme {
  key: string;
  palette: string[];
  text: string;
  muted: string;
  grid: string;
  font: string;
  lineWidth: number;
}

/** Where the pointer is over the plot, for the tooltip. */
interface CursorPosition {
  left: number;
  top: number;
  idx: number;
}

/**
 * A live line chart of one or more MQTT values over time, built on uPlot.
 *
 * Each message adds a point to a series; the chart draws at most once per animation frame but keeps
 * every point. There is one series per matching topic when `topic` has wildcards, and one per path
 * when `select` lists several (`select="temp,humidity"`). The window is the last `points` points of
 * each series, or with `duration` the points of the last `"10m"`; `history-size` bounds the memory
 * either way.
 *
 * A retained message replayed after a reconnect (or when the chart re-subscribes) adds no point when
 * its payload is the one the chart already plotted for that topic. Values must be numbers, numeric
 * text or booleans (1/0); JSON `null` leaves a gap. Anything else puts the chart in the `error` state
 * with the reason, and the rest of the data stays.
 *
 * Import `mqtt-elements/chart.js` (or load `cdn/mqtt-chart.js`) to register it: the main bundle leaves
 * uPlot out.
 *
 * @summary A live time-series chart of MQTT values.
 *
 * @tagname mqtt-chart
 *
 * @slot - The chart's label, instead of the `label` attribute.
 *
 * @fires mqtt-message - A message adds points. `detail: {message, topic, value}` where `value` is the
 *   plotted number, or an array of them when `select` lists several paths. Cancelable:
 *   `preventDefault()` leaves the point out.
 * @fires mqtt-error - The filter is invalid or refused, a setting is invalid, or a payload has no
 *   plottable value (a JSON message without the selected field, text that is not a number).
 *   `detail: {message, code, cause}`.
 *
 * @csspart base - The frame around everything.
 * @csspart header - The row holding the label.
 * @csspart label - The label.
 * @csspart plot - The drawing area (`role="img"`, its accessible name summarises the latest values).
 * @csspart empty - The text shown before the first point.
 * @csspart tooltip - The values under the pointer.
 * @csspart legend - The list of series.
 * @csspart legend-item - One series' button in the legend: toggles the series.
 * @csspart swatch - A series' colour mark, in the legend and the tooltip.
 * @csspart series-label - A series' name, in the legend and the tooltip.
 * @csspart series-value - A series' latest value in the legend, or its value under the pointer.
 * @csspart message - Why the chart is in the `error`, `unavailable` or `offline` state.
 *
 * @cssproperty --mqtt-chart-height - The height of the drawing area (default `220px`).
 * @cssproperty --mqtt-chart-color-1 - The first series' colour (default: the accent colour); up to
 *   `--mqtt-chart-color-8`, then the palette repeats.
 * @cssproperty --mqtt-chart-color-2 - The second series' colour.
 * @cssproperty --mqtt-chart-color-3 - The third series' colour.
 * @cssproperty --mqtt-chart-color-4 - The fourth series' colour.
 * @cssproperty --mqtt-chart-color-5 - The fifth series' colour.
 * @cssproperty --mqtt-chart-color-6 - The sixth series' colour.
 * @cssproperty --mqtt-chart-color-7 - The seventh series' colour.
 * @cssproperty --mqtt-chart-color-8 - The eighth series' colour.
 * @cssproperty --mqtt-chart-line-width - Line width in CSS pixels (default `2`).
 * @cssproperty --mqtt-chart-grid - The grid lines' colour (default: the border colour).
 * @cssproperty --mqtt-chart-axis - The axis labels' colour (default: the muted text colour).
 * @cssproperty --mqtt-chart-cursor - The pointer line's colour.
 * @cssproperty --mqtt-chart-font-size - The axis labels' size in pixels (default `11`).
 * @cssproperty --mqtt-widget-background - The frame's background (default none).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 *
 * @cssstate stale - No message for longer than `expire-after`.
 * @cssstate error - The filter, a setting or the latest payload of some topic has a problem.
 * @cssstate offline - The connection is not connected.
 * @cssstate unavailable - The availability topic says the device is offline.
 */
export class MqttChart extends MqttWidget {
  static override styles = [
    themeStyles,
    widgetFrameStyles,
    uplotStyles,
    css`
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
      }
      [part~='base'] {
        display: flex;
        flex-direction: column;
        gap: 0.4em;
      }
      [part~='header'] {
        display: flex;
        align-items: baseline;
        gap: 0.5em;
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
        opacity: var(--mqtt-stale-opacity, 0.5);
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
        gap: 0.25em 0.4em;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.85em;
      }
      [part~='legend-item'] {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
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
      [part~='legend-item'][aria-pressed='false'] {
        opacity: 0.45;
      }
      [part~='legend-item'][aria-pressed='false'] [part~='series-label'] {
        text-decoration: line-through;
      }
      [part~='swatch'] {
        flex: none;
        inline-size: 0.75em;
        block-size: 0.75em;
        border-radius: 3px;
        background: var(--_swatch);
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
    `,
  ];

  /** The topic filter; with `+` or `#` each matching topic gets its own series. */
  @property() topic = '';

  /** The QoS to subscribe with (0, 1 or 2). */
  @property({ converter: numberAttribute(0) }) qos: QoS = 0;

  /**
   * Paths into a JSON payload, comma-separated, one series each: `temp`, `temp,humidity`,
   * `data.readings[0].value`.
   */
  @property() override select?: string;

  /** Series names, comma-separated, in the order of the `select` paths (default: the paths, or the topics). */
  @property() labels?: string;

  /** Digits after the decimal point in the legend, tooltip and accessible summary. */
  @property({ converter: numberAttribute() }) decimals?: number;

  /** Text appended to values and to the value axis, e.g. `" °C"`. */
  @property() unit?: string;

  /** The locale for numbers and times (default: the page's). */
  @property() locale?: string;

  /** The window: how many of the latest points each series shows (ignored when `duration` is set). */
  @property({ converter: numberAttribute(defaultPoints) }) points = defaultPoints;

  /** The window as a time span instead of a count: `"30s"`, `"10m"`, `"2h"`. */
  @property() duration?: string;

  /** The most points kept per series whatever the window; bounds memory when `duration` is long. */
  @property({ attribute: 'history-size', converter: numberAttribute(defaultHistorySize) }) historySize =
    defaultHistorySize;

  /** The most series; topics beyond it are reported once and not drawn. */
  @property({ attribute: 'max-series', converter: numberAttribute(defaultMaxSeries) }) maxSeries =
    defaultMaxSeries;

  /** The bottom of the value axis (default: fitted to the data). */
  @property({ attribute: 'y-min', converter: numberAttribute() }) yMin?: number;

  /** The top of the value axis (default: fitted to the data). */
  @property({ attribute: 'y-max', converter: numberAttribute() }) yMax?: number;

  /** Shown in the drawing area before the first point. */
  @property() placeholder = 'Waiting for data…';

  readonly #value = new TopicValueController(this, {
    connection: this.connectionController,
    topic: () => this.topic,
    qos: () => this.qos,
    // Selection and mapping happen here, once per path; the controller decodes and keeps time.
    settings: () => ({ as: this.as, expireAfter: this.expireAfter }),
    onValue: (message, value) => {
      this.#receive(message, value);
      return true;
    },
    onError: (error) => this.reportError(error),
  });

  #series: ChartSeries[] = [];
  readonly #seriesByKey = new Map<string, ChartSeries>();
  /** The message behind each topic's latest points, to recognise a replay of it. */
  readonly #plotted = new Map<string, MqttMessage>();
  /** The latest unplottable payload per topic; a good message on that topic clears its entry. */
  readonly #payloadErrors = new Map<string, MqttElementsError>();
  #configError: MqttElementsError | undefined;
  #formatError: MqttElementsError | undefined;
  #tooManySeriesReported = false;
  /** Strictly increasing, so two messages in one millisecond still make two points. */
  #clock = 0;

  // Parsed settings, kept until their source text changes: a message may arrive before the first
  // update (the connection replays cached messages as soon as the chart subscribes).
  #settingsSource: string | undefined;
  #paths: (SelectPath | undefined)[] = [undefined];
  #pathSources: (string | undefined)[] = [undefined];
  #labelList: string[] = [];
  #valueMap: Map<string, unknown> | undefined;
  #durationMs: number | undefined;

  // Drawing.
  #plot: uPlot | undefined;
  #data: uPlot.AlignedData = [[]];
  #dirty = false;
  #resizeObserver: ResizeObserver | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #theme: CanvasTheme | undefined;
  #themeChanged = false;
  #cursor: CursorPosition | undefined;
  #colorScheme: MediaQueryList | undefined;
  readonly #onColorScheme = () => this.requestUpdate();

  /**
   * The series and their points, oldest first, within the window. Read-only: the chart appends to
   * them as messages arrive.
   */
  get series(): readonly Readonly<ChartSeries>[] {
    this.#trimAll(Date.now());
    return this.#series;
  }

  /** The columns last handed to uPlot: `[times, valuesOfSeries1, valuesOfSeries2, …]`. */
  get data(): uPlot.AlignedData {
    return this.#data;
  }

  /** The uPlot instance while the chart is on the page, for anything the attributes do not cover. */
  get uplot(): uPlot | undefined {
    return this.#plot;
  }

  /** Why the chart cannot show everything it was sent, if anything stops it. */
  get error(): MqttElementsError | undefined {
    return this.#value.error ?? this.#configError ?? this.#latestPayloadError() ?? this.#formatError;
  }

  /** Removes every point and series; new messages start a fresh chart. */
  clear(): void {
    this.#series = [];
    this.#seriesByKey.clear();
    this.#plotted.clear();
    this.#payloadErrors.clear();
    this.#tooManySeriesReported = false;
    this.#dirty = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#colorScheme ??= matchMedia('(prefers-color-scheme: dark)');
    this.#colorScheme.addEventListener('change', this.#onColorScheme);
    // The plot was destroyed when the chart left the page; draw it again with the points it kept.
    if (this.hasUpdated) {
      this.#dirty = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#colorScheme?.removeEventListener('change', this.#onColorScheme);
    this.#stopTicker();
    this.#destroyPlot();
  }

  // ---- messages → points ----

  #receive(message: MqttMessage, decoded: unknown): void {
    const topic = message.topic;
    if (message.isClear) {
      // The retained value is gone; whatever comes next is news, even the same payload again.
      this.#plotted.delete(topic);
      return;
    }
    if (this.#isReplay(message)) return;
    this.#parseSettings();
    if (this.#configError) return;

    const values: (number | null | undefined)[] = [];
    let problem: MqttElementsError | undefined;
    for (let i = 0; i < this.#paths.length; i++) {
      try {
        values.push(this.#plotValue(decoded, this.#paths[i], topic));
      } catch (err) {
        values.push(undefined);
        problem ??=
          err instanceof MqttElementsError
            ? err
            : new MqttElementsError('payload', err instanceof Error ? err.message : String(err), {
                cause: err,
              });
      }
    }
    this.#payloadErrors.delete(topic);
    if (problem) {
      // Bounded like the series: a wildcard over many broken topics must not grow it without end.
      if (this.#payloadErrors.size >= this.#maxSeries())
        this.#payloadErrors.delete(this.#payloadErrors.keys().next().value!);
      this.#payloadErrors.set(topic, problem);
      this.reportError(problem);
    }
    if (values.every((v) => v === undefined)) return;

    const eventValue = values.length === 1 ? values[0] : values;
    if (!this.dispatchEvent(new MqttMessageEvent({ message, topic, value: eventValue }))) return;

    const time = (this.#clock = Math.max(message.receivedAt, this.#clock + 0.001));
    const cap = this.#capacity();
    // Trimming in batches keeps a full series from shifting its arrays on every message.
    const slack = Math.max(16, cap >> 3);
    let plotted = false;
    values.forEach((value, i) => {
      // A series starts with its first plottable value, so a field that never comes draws nothing.
      const series = value === undefined ? undefined : this.#seriesFor(topic, i);
      if (!series) return;
      appendPoint(series, time, value!);
      if (series.times.length > cap + slack) trimSeries(series, cap);
      plotted = true;
    });
    // Only topics with a series are remembered, which bounds the map by max-series.
    if (plotted) this.#plotted.set(topic, message);
    this.#dirty = true;
  }

  /**
   * A message the chart has already plotted: the same object handed out again from the connection's
   * cache (after re-subscribing), or a retained copy the broker replays after a reconnect whose payload
   * is the one behind the topic's latest points.
   */
  #isReplay(message: MqttMessage): boolean {
    const last = this.#plotted.get(message.topic);
    if (!last) return false;
    return last === message || (message.retained && sameBytes(last.payload, message.payload));
  }

  #seriesFor(topic: string, pathIndex: number): ChartSeries | undefined {
    const key = `${pathIndex}\u0000${topic}`;
    let series = this.#seriesByKey.get(key);
    if (series) return series;
    if (this.#seriesByKey.size >= this.#maxSeries()) {
      if (!this.#tooManySeriesReported) {
        this.#tooManySeriesReported = true;
        this.reportError(
          new MqttElementsError(
            'config',
            `"${this.topic}" matches more topics than max-series="${this.maxSeries}" lets the chart draw; ` +
              `"${topic}" and later ones are left out. Narrow the topic filter or raise max-series.`,
          ),
        );
      }
      return undefined;
    }
    series = {
      key,
      topic,
      select: this.#pathSources[pathIndex],
      label: this.#seriesLabel(topic, pathIndex),
      times: [],
      values: [],
      visible: true,
    };
    this.#seriesByKey.set(key, series);
    this.#series.push(series);
    return series;
  }

  #seriesLabel(topic: string, pathIndex: number): string {
    const given = this.#labelList[pathIndex];
    const path = this.#pathSources[pathIndex];
    const several = this.#paths.length > 1;
    if (!hasWildcard(this.topic)) return given || path || topic;
    // With a wildcard, what tells the series apart is what the wildcards matched.
    const matched =
      (wildcardValues(topic, this.topic) ?? []).filter((level) => level !== '').join('/') || topic;
    return several ? `${matched} · ${given || path}` : matched;
  }

  #plotValue(decoded: unknown, path: SelectPath | undefined, topic: string): number | null {
    let value = path ? selectValue(decoded, path, topic) : decoded;
    if (this.#valueMap) value = mapValue(value, this.#valueMap);
    if (value === null) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return readNumber(value, topic);
  }

  #latestPayloadError(): MqttElementsError | undefined {
    let latest: MqttElementsError | undefined;
    for (const error of this.#payloadErrors.values()) latest = error;
    return latest;
  }

  #maxSeries(): number {
    return positiveWhole(this.maxSeries, defaultMaxSeries);
  }

  #capacity(): number {
    const history = positiveWhole(this.historySize, defaultHistorySize);
    return this.#durationMs !== undefined
      ? history
      : Math.min(positiveWhole(this.points, defaultPoints), history);
  }

  #trimAll(now: number): boolean {
    const cap = this.#capacity();
    const since = this.#durationMs !== undefined ? now - this.#durationMs : -Infinity;
    let trimmed = false;
    for (const series of this.#series) trimmed = trimSeries(series, cap, since) || trimmed;
    return trimmed;
  }

  // ---- settings ----

  protected override willUpdate(changed: PropertyValues<this>): void {
    const sourceChanged =
      (changed.has('topic') && changed.get('topic') !== undefined) ||
      (changed.has('select') && changed.get('select') !== undefined);
    if (sourceChanged) this.clear();
    this.#parseSettings();
    if (changed.has('decimals') || changed.has('locale') || changed.has('unit'))
      this.#formatError = undefined;
    if (changed.has('duration')) this.#stopTicker();
    if (changed.has('points') || changed.has('historySize') || changed.has('duration')) this.#dirty = true;
    if (changed.has('yMin') || changed.has('yMax') || changed.has('unit') || changed.has('locale'))
      this.#dirty = true;
    this.#themeChanged = this.#readTheme() || this.#themeChanged;
  }

  #parseSettings(): void {
    const source = JSON.stringify([this.select, this.map, this.labels, this.duration]);
    if (source === this.#settingsSource) return;
    this.#settingsSource = source;
    this.#configError = undefined;
    const problems: string[] = [];
    const sources = this.select ? splitSelectList(this.select) : [];
    this.#pathSources = sources.length > 0 ? sources : [undefined];
    this.#paths = this.#pathSources.map((source) => {
      if (source === undefined) return undefined;
      try {
        return parseSelectPath(source);
      } catch (err) {
        problems.push(err instanceof Error ? err.message : String(err));
        return undefined;
      }
    });
    this.#labelList = this.labels ? this.labels.split(',').map((label) => label.trim()) : [];
    for (const series of this.#series) {
      const pathIndex = Number(series.key.slice(0, series.key.indexOf('\u0000')));
      series.label = this.#seriesLabel(series.topic, pathIndex);
    }
    try {
      this.#valueMap = this.map ? parseValueMap(this.map) : undefined;
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    this.#durationMs = undefined;
    if (this.duration) {
      try {
        this.#durationMs = parseDuration(this.duration);
      } catch (err) {
        problems.push(`duration: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (problems.length > 0) {
      this.#configError = new MqttElementsError('config', problems.join(' '));
      this.reportError(this.#configError);
    }
  }

  // ---- rendering ----

  protected override render() {
    const hasPoints = this.#series.some((s) => s.times.length > 0);
    const theme = this.#theme;
    const message = this.statusMessage(this.error);
    return html`<div part="base">
      ${this.#hasLabel() ? html`<div part="header"><span part="label">${this.renderLabel()}</span></div>` : nothing}
      <div part="plot" role="img" aria-label=${this.#summary()}>
        <div class="canvas"></div>
        ${hasPoints ? nothing : html`<div part="empty">${this.placeholder}</div>`}
        ${hasPoints ? this.#renderTooltip() : nothing}
      </div>
      ${
        this.#series.length > 0
          ? html`<ul part="legend" aria-label="Series">
              ${this.#series.map(
                (series, i) =>
                  html`<li>
                    <button
                      type="button"
                      part="legend-item"
                      aria-pressed=${series.visible ? 'true' : 'false'}
                      title=${series.visible ? 'Hide this series' : 'Show this series'}
                      @click=${() => this.#toggleSeries(i)}
                    >
                      <span
                        part="swatch"
                        style=${styleMap({ '--_swatch': theme ? colorAt(theme, i) : 'currentColor' })}
                      ></span>
                      <span part="series-label">${series.label}</span>
                      <span part="series-value">${this.#latestText(series)}</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div part="message" role="status" title=${message || nothing}>${message}</div>
    </div>`;
  }

  #renderTooltip() {
    const cursor = this.#cursor;
    const plot = this.#plot;
    const times = this.#data[0];
    if (!cursor || !plot || cursor.idx < 0 || cursor.idx >= times.length) return nothing;
    const time = times[cursor.idx];
    const theme = this.#theme;
    const over = plot.over;
    const width = over.clientWidth;
    const height = over.clientHeight;
    const x = over.offsetLeft + cursor.left;
    const y = over.offsetTop + cursor.top;
    // Keep the box on the side of the pointer with more room, so it stays inside the chart.
    const style = {
      left: `${x}px`,
      top: `${y}px`,
      transform: `translate(${cursor.left > width / 2 ? 'calc(-100% - 12px)' : '12px'}, ${
        cursor.top > height / 2 ? 'calc(-100% - 12px)' : '12px'
      })`,
    };
    return html`<div part="tooltip" style=${styleMap(style)} aria-hidden="true">
      <span class="tooltip-time">${this.#timeText(time)}</span>
      ${this.#series.map((series, i) => {
        if (!series.visible) return nothing;
        const at = nearestPoint(series.times, time);
        if (at < 0) return nothing;
        return html`<span
            part="swatch"
            style=${styleMap({ '--_swatch': theme ? colorAt(theme, i) : 'currentColor' })}
          ></span>
          <span part="series-label">${series.label}</span>
          <span part="series-value">${this.#valueText(series.values[at])}</span>`;
      })}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.reflectWidgetStates({ error: this.error, stale: this.#value.stale });
    this.#syncPlot();
    this.#syncTicker();
  }

  #syncPlot(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (!target || !this.isConnected) return;
    const themeChanged = this.#themeChanged;
    this.#themeChanged = false;
    if (themeChanged && this.#plot && this.#plot.series[1]?.width !== this.#theme!.lineWidth)
      this.#destroyPlot();
    if (this.#series.length === 0) {
      this.#destroyPlot();
      this.#data = [[]];
      this.#dirty = false;
      return;
    }
    const now = Date.now();
    if (this.#trimAll(now) || this.#durationMs !== undefined) this.#dirty = true;
    if (this.#plot && this.#plot.series.length !== this.#series.length + 1) this.#destroyPlot();
    if (!this.#plot) {
      this.#data = alignSeries(this.#series);
      this.#dirty = false;
      this.#plot = new uPlot(this.#options(target), this.#data, target);
      this.#observeSize(target);
      return;
    }
    if (this.#dirty) {
      this.#dirty = false;
      this.#data = alignSeries(this.#series);
      this.#plot.setData(this.#data);
    } else if (themeChanged) {
      this.#plot.redraw(false, true);
    }
  }

  #options(target: HTMLElement): uPlot.Options {
    const axis = (): uPlot.Axis => ({
      stroke: () => this.#theme!.muted,
      font: this.#theme!.font,
      grid: { stroke: () => this.#theme!.grid, width: 1 },
      ticks: { stroke: () => this.#theme!.grid, width: 1, size: 4 },
      border: { show: false },
    });
    const single = this.#series.length === 1;
    return {
      width: Math.max(1, target.clientWidth),
      height: Math.max(1, target.clientHeight),
      ms: 1,
      // The legend and tooltip are the chart's own, rendered by Lit as text. (uPlot 1.6 writes its
      // legend labels with textContent too, but series names come from topics, so no markup path
      // into the page is left to chance.)
      legend: { show: false },
      padding: [10, 8, 0, 0],
      cursor: {
        y: false,
        drag: { x: false, y: false, setScale: false },
        points: { size: 7, width: 2 },
      },
      scales: {
        x: { time: true, range: (_u, min, max) => this.#timeRange(min, max) },
        y: { range: (_u, min, max) => this.#valueRange(min, max) },
      },
      axes: [
        {
          ...axis(),
          space: 70,
          size: 28,
          values: (_u, splits, _axis, _space, step) => this.#timeTicks(splits, step),
        },
        {
          ...axis(),
          space: 28,
          gap: 6,
          values: (_u, splits, _axis, _space, step) => this.#valueTicks(splits, step),
          size: (u, values) => this.#valueAxisSize(u, values),
        },
      ],
      series: [
        {},
        ...this.#series.map((s, i): uPlot.Series => ({
          label: s.label,
          show: s.visible,
          spanGaps: true,
          stroke: () => colorAt(this.#theme!, i),
          width: this.#theme!.lineWidth,
          points: { size: 5 },
          ...(single && { fill: (u: uPlot) => this.#areaFill(u, 0) }),
        })),
      ],
      hooks: {
        setCursor: [(u) => this.#onCursor(u)],
      },
    };
  }

  #observeSize(target: HTMLElement): void {
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0 && this.#plot) this.#plot.setSize({ width, height });
    });
    this.#resizeObserver.observe(target);
  }

  #destroyPlot(): void {
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
    this.#plot?.destroy();
    this.#plot = undefined;
    this.#cursor = undefined;
  }

  #onCursor(u: uPlot): void {
    const { left, top, idx } = u.cursor;
    const next: CursorPosition | undefined =
      left === undefined || left < 0 || idx === undefined || idx === null
        ? undefined
        : { left, top: top ?? 0, idx };
    const current = this.#cursor;
    if (next?.left === current?.left && next?.top === current?.top && next?.idx === current?.idx) return;
    this.#cursor = next;
    this.requestUpdate();
  }

  #toggleSeries(index: number): void {
    const series = this.#series[index];
    series.visible = !series.visible;
    this.#plot?.setSeries(index + 1, { show: series.visible });
    this.requestUpdate();
  }

  /** With a `duration`, the window slides with the clock even when no message comes. */
  #syncTicker(): void {
    const sliding = this.#durationMs !== undefined && this.#series.length > 0 && this.isConnected;
    if (!sliding) {
      this.#stopTicker();
      return;
    }
    if (this.#ticker !== undefined) return;
    // About one pixel's worth of time on a typical chart, but no more often than 4 times a second.
    const period = Math.min(1000, Math.max(250, this.#durationMs! / 600));
    this.#ticker = setInterval(() => {
      this.#dirty = true;
      this.requestUpdate();
    }, period);
  }

  #stopTicker(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  // ---- scales, ticks and colours ----

  #timeRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    if (this.#durationMs !== undefined) {
      const now = Math.max(Date.now(), max ?? 0);
      return [now - this.#durationMs, now];
    }
    if (min === null || max === null) return [Date.now() - 60_000, Date.now()];
    // One point (or a burst within a millisecond) still gets a readable span around it.
    return max - min < 1000 ? [min - 30_000, max + 30_000] : [min, max];
  }

  #valueRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    let low = min ?? this.yMin ?? 0;
    let high = max ?? this.yMax ?? 1;
    [low, high] = uPlot.rangeNum(low, high, 0.1, true) as [number, number];
    if (this.yMin !== undefined && Number.isFinite(this.yMin)) low = this.yMin;
    if (this.yMax !== undefined && Number.isFinite(this.yMax)) high = this.yMax;
    return low < high ? [low, high] : [low, low + 1];
  }

  #timeTicks(splits: number[], step: number): string[] {
    const kind = step < 60_000 ? 'second' : step < 86_400_000 ? 'minute' : 'day';
    const format = dateFormat(this.locale, kind);
    return splits.map((t) => format.format(t));
  }

  #valueTicks(splits: number[], step: number): string[] {
    const digits = Math.min(20, decimalsOf(step));
    const format = numberFormat(this.locale, digits);
    const unit = this.unit ?? '';
    return splits.map((v) => format.format(v) + unit);
  }

  #valueAxisSize(u: uPlot, values: string[] | null): number {
    let longest = '';
    for (const v of values ?? []) if (v.length > longest.length) longest = v;
    const ratio = devicePixelRatio || 1;
    u.ctx.font = canvasFont(this.#theme!, ratio);
    // The tick labels' width, plus the tick, the gap and a little air.
    return Math.ceil(u.ctx.measureText(longest).width / ratio) + 4 + 6 + 6;
  }

  #areaFill(u: uPlot, index: number): CanvasGradient | string {
    const color = colorAt(this.#theme!, index);
    const { top, height } = u.bbox;
    if (!(height > 0)) return 'transparent';
    const gradient = u.ctx.createLinearGradient(0, top, 0, top + height);
    gradient.addColorStop(0, withAlpha(color, 0.22));
    gradient.addColorStop(1, withAlpha(color, 0));
    return gradient;
  }

  /**
   * The canvas cannot use custom properties, so their current values are read here on each render
   * (when the element draws anyway). Returns whether they changed.
   */
  #readTheme(): boolean {
    const style = getComputedStyle(this);
    const read = (name: string) => style.getPropertyValue(name).trim();
    const palette = Array.from({ length: paletteSize }, (_, i) => normalizeColor(read(`--_series-${i + 1}`)));
    const size = Number(read('--_axis-font-size')) || 11;
    const lineWidth = Number(read('--_line-width'));
    const theme = {
      lineWidth: Number.isFinite(lineWidth) && lineWidth > 0 ? lineWidth : 2,
      palette,
      text: normalizeColor(read('--_fg')),
      muted: normalizeColor(read('--_axis')),
      grid: normalizeColor(read('--_grid')),
      font: `${size}px ${style.fontFamily || 'system-ui, sans-serif'}`,
    };
    const key = JSON.stringify(theme);
    if (key === this.#theme?.key) return false;
    this.#theme = { key, ...theme };
    return true;
  }

  // ---- text ----

  #hasLabel(): boolean {
    return this.label.trim() !== '' || this.#slottedLabel() !== '';
  }

  #slottedLabel(): string {
    return (this.textContent ?? '').trim();
  }

  #latestText(series: ChartSeries): string {
    const n = series.values.length;
    return n === 0 ? '–' : this.#valueText(series.values[n - 1]);
  }

  #valueText(value: number | null | undefined): string {
    if (value === null || value === undefined) return '–';
    try {
      return formatValue(value, { decimals: this.decimals, unit: this.unit, locale: this.locale });
    } catch (err) {
      if (!this.#formatError) {
        this.#formatError = new MqttElementsError(
          'config',
          `Cannot format values with decimals="${this.decimals ?? ''}" locale="${this.locale ?? ''}": ${
            err instanceof Error ? err.message : String(err)
          }. Use decimals from 0 to 20 and a locale such as "en-US".`,
          { cause: err },
        );
        this.reportError(this.#formatError);
      }
      return formatValue(value, { unit: this.unit });
    }
  }

  #timeText(time: number): string {
    try {
      return dateFormat(this.locale, 'second').format(time);
    } catch {
      return new Date(time).toLocaleTimeString();
    }
  }

  /** The accessible name of the drawing: what it shows and the latest value of each series. */
  #summary(): string {
    const name = this.#slottedLabel() || this.label.trim() || `Chart of ${this.topic || 'no topic'}`;
    const withPoints = this.#series.filter((s) => s.values.length > 0);
    if (withPoints.length === 0) return `${name}: no data yet`;
    const latest = withPoints.map((s) => `${s.label} ${this.#latestText(s)}`).join(', ');
    return `${name}, latest: ${latest}`;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function positiveWhole(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

function colorAt(theme: CanvasTheme, index: number): string {
  return theme.palette[index % theme.palette.length];
}

function canvasFont(theme: CanvasTheme, ratio: number): string {
  return theme.font.replace(/^(\d+(?:\.\d+)?)px/, (_, size: string) => `${Number(size) * ratio}px`);
}

/** Decimal places of a tick step such as 0.25 (2), ignoring float noise such as 0.30000000000000004. */
function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const text = String(Number(step.toPrecision(12)));
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

// Formatters are costly to create and the axis asks for one on every draw; a page uses a handful.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string | undefined, digits: number): Intl.NumberFormat {
  const key = `n|${locale ?? ''}|${digits}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      // A bad locale is reported by the value text; the axis still draws.
      format = new Intl.NumberFormat(undefined, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    }
    formatters.set(key, format);
  }
  return format;
}

function dateFormat(locale: string | undefined, kind: 'second' | 'minute' | 'day'): Intl.DateTimeFormat {
  const key = `d|${locale ?? ''}|${kind}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    // A 24-hour clock keeps the labels of a crowded time axis short (no AM/PM) at any locale.
    const options: Intl.DateTimeFormatOptions =
      kind === 'second'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
        : kind === 'minute'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : { month: 'short', day: 'numeric' };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat(undefined, options);
    }
    formatters.set(key, format);
  }
  return format;
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

function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,\s*([\d.]+))?\)$/.exec(color);
  if (rgba)
    return `rgba(${rgba[1].trim()}, ${rgba[2].trim()}, ${rgba[3].trim()}, ${alpha * Number(rgba[4] ?? 1)})`;
  return color;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-chart': MqttChart;
  }
}

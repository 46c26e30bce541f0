// <mqtt-chart>: a live time series of MQTT values, drawn with uPlot. Shipped as its own entry
// (src/chart.ts) so that pages without charts never load uPlot.
import { html, nothing, svg, type PropertyValues } from 'lit';
import { numberAttribute } from '../../core/attribute-values.js';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import uPlot from 'uplot';
import type { QoS } from '../../core/connection-core.js';
import { asMqttError, errorMessage, MqttElementsError } from '../../core/errors.js';
import { numberFormat } from '../../core/intl-formats.js';
import type { MqttMessage } from '../../core/message.js';
import { readNumber } from '../../core/numeric-value.js';
import { defaultPersistPoints, SeriesPersistence } from '../../core/persist/series-persistence.js';
import { hasWildcard, wildcardValues } from '../../core/topic.js';
import { formatValue, parseDuration } from '../../core/value-pipeline.js';
import { TopicValueController } from '../../controllers/topic-value-controller.js';
import { MqttMessageEvent } from '../../events.js';
import { MqttWidget, widgetFrameStyles, type SettingCheck } from '../../internal/mqtt-widget.js';
import { themeStyles } from '../../internal/theme.js';
import { toolbarButtonStyles } from '../../internal/toolbar-button.styles.js';
import { colorAt, readCanvasTheme, type CanvasTheme } from './canvas-theme.js';
import { dashAt, dashName, describeChart } from './chart-summary.js';
import { mqttChartStyles } from './mqtt-chart.styles.js';
import { SeriesStore, type AddPointsOptions } from './series-store.js';
import { alignSeries, nearestPoint, type ChartSeries } from './time-series.js';
import { chartOptions, timeText, type ChartView } from './uplot-options.js';
import { uplotStyles } from './uplot-styles.js';

export type { ChartSeries } from './time-series.js';

const defaultPoints = 300;
const defaultHistorySize = 10_000;
const defaultMaxSeries = 16;
const defaultTableRows = 50;
/** Under reduced motion a time window moves in steps this far apart instead of sliding. */
const reducedMotionStepMs = 10_000;

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
 * For people who cannot see it, the drawing's accessible name summarises each series (latest value,
 * range and trend), series differ by line pattern as well as colour, and the Table button shows the
 * points as a data table. Pause stops the drawing (messages are still collected); under
 * `prefers-reduced-motion` a `duration` window moves in steps of ten seconds instead of sliding.
 *
 * Under a connection with `persist`, the chart keeps the newest `persist-points` points of each series
 * on the user's device (with the connection's storage key, under the chart's `id`, or its topic and
 * `select` when it has none: give charts an `id` when two show the same topic) and draws them again
 * when the page loads, without waiting for the broker. Until a live point arrives the chart is
 * in the `restored` state and says so; the table marks the restored rows and the drawing's accessible
 * name says up to when the points are restored. On the drawing, each line is faded over its restored
 * points, and a dashed vertical line marks where live data begins.
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
 * @csspart header - The row holding the label and the toolbar.
 * @csspart toolbar - The Pause and Table toggles.
 * @csspart pause-button - Stops and resumes drawing (`aria-pressed` while paused).
 * @csspart table-button - Shows the points as a table instead of the drawing (`aria-pressed`).
 * @csspart table - The data table: time and one column per series, newest first.
 * @csspart row - A row of the data table (also `restored-row` on rows restored from an earlier visit).
 * @csspart restored-row - A row of the data table whose points were kept from an earlier visit (`persist`).
 * @csspart label - The label.
 * @csspart plot - The drawing area (`role="img"`, its accessible name summarises every series).
 * @csspart empty - The text shown before the first point.
 * @csspart tooltip - The values under the pointer.
 * @csspart legend - The list of series.
 * @csspart legend-item - One series' button in the legend: toggles the series.
 * @csspart swatch - A series' line sample (colour and pattern), in the legend and the tooltip.
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
 * @cssproperty --mqtt-chart-restored-opacity - How opaque lines are over points restored from an
 *   earlier visit (`persist`), a number from 0 to 1 (default `0.35`).
 * @cssproperty --mqtt-chart-live-marker - The colour of the dashed line where live data begins after
 *   restored points (default: the muted text colour, `CanvasText` in forced colours; `transparent`
 *   hides it).
 * @cssproperty --mqtt-widget-background - The frame's background (default none).
 * @cssproperty --mqtt-widget-border - The frame's border (default none).
 * @cssproperty --mqtt-widget-padding - The frame's padding (default 0).
 *
 * @cssstate stale - No message for longer than `expire-after`.
 * @cssstate restored - The points shown were kept from an earlier visit (`persist` on the connection); a live point ends it.
 * @cssstate error - The filter, a setting or the latest payload of some topic has a problem.
 * @cssstate offline - The connection is not connected.
 * @cssstate unavailable - The availability topic says the device is offline.
 * @cssstate paused - Drawing is stopped; messages are still collected.
 */
export class MqttChart extends MqttWidget {
  static override styles = [
    themeStyles,
    widgetFrameStyles,
    toolbarButtonStyles,
    uplotStyles,
    mqttChartStyles,
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

  /**
   * With `persist` on the connection: how many of the newest points of each series are kept on the
   * device and drawn again on the next visit (at most the window's capacity); the oldest go first.
   * @type {number}
   * @default 500
   */
  @property({ attribute: 'persist-points', converter: numberAttribute(defaultPersistPoints) }) persistPoints =
    defaultPersistPoints;

  /** The most series; topics beyond it are reported once and not drawn. */
  @property({ attribute: 'max-series', converter: numberAttribute(defaultMaxSeries) }) maxSeries =
    defaultMaxSeries;

  /** The bottom of the value axis (default: fitted to the data). */
  @property({ attribute: 'y-min', converter: numberAttribute() }) yMin?: number;

  /** The top of the value axis (default: fitted to the data). */
  @property({ attribute: 'y-max', converter: numberAttribute() }) yMax?: number;

  /** Shown in the drawing area before the first point. */
  @property() placeholder = 'Waiting for data…';

  /** Stops drawing (the points keep being collected); the Pause button toggles it. */
  @property({ type: Boolean, reflect: true }) paused = false;

  /** Shows the points as a data table instead of the drawing; the Table button toggles it. */
  @property({ type: Boolean, reflect: true }) table = false;

  /** The most rows the table view lists, newest first. */
  @property({ attribute: 'table-rows', converter: numberAttribute(defaultTableRows) }) tableRows =
    defaultTableRows;

  readonly #value = new TopicValueController(this, {
    connection: this.connectionController,
    topic: () => this.topic,
    qos: () => this.qos,
    // One entry per select path; the chart turns each into a point.
    settings: () => ({
      as: this.as,
      select: this.select,
      map: this.map,
      expireAfter: this.expireAfter,
      selectList: true,
    }),
    onValue: (message, value) => {
      this.#receive(message, value);
      return true;
    },
    onError: (error) => this.reportError(error),
  });

  readonly #store = new SeriesStore();
  /** `persist`: where this chart's history is kept, and for which storage key and chart identity. */
  #history: SeriesPersistence | undefined;
  #historyId: string | undefined;
  /** The newest point kept from an earlier visit (0: none); older points are restored ones too. */
  #restoredThrough = 0;
  /** Restored points are shown and no live point came since. */
  #restored = false;
  /** The latest unplottable payload per topic; a good message on that topic clears its entry. */
  readonly #payloadErrors = new Map<string, MqttElementsError>();
  #configError: MqttElementsError | undefined;
  #formatError: MqttElementsError | undefined;
  #tooManySeriesReported = false;

  // Parsed settings, kept until their source text changes: a message may arrive before the first
  // update (the connection replays cached messages as soon as the chart subscribes).
  #settingsSource: string | undefined;
  #labelList: string[] = [];
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
  #reducedMotion: MediaQueryList | undefined;
  readonly #onReducedMotion = () => {
    this.#stopTicker();
    this.requestUpdate();
  };

  /**
   * The series and their points, oldest first, within the window. Read-only: the chart appends to
   * them as messages arrive.
   */
  get series(): readonly Readonly<ChartSeries>[] {
    this.#trimAll(Date.now());
    return this.#store.series;
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
  protected static override settingChecks: readonly SettingCheck[] = [
    ['decimals', 'decimals', { kind: 'number', integer: true, min: 0, max: 20 }],
    ['points', 'points', { kind: 'number', integer: true, min: 1 }],
    ['historySize', 'history-size', { kind: 'number', integer: true, min: 1 }],
    ['maxSeries', 'max-series', { kind: 'number', integer: true, min: 1 }],
    ['persistPoints', 'persist-points', { kind: 'number', integer: true, min: 1 }],
    ['yMin', 'y-min', { kind: 'number' }],
    ['yMax', 'y-max', { kind: 'number' }],
  ];

  /** `last-seen` tells the age of the latest message on any of the chart's topics. */
  protected override lastSeenMessage() {
    return this.#value.message;
  }

  get error(): MqttElementsError | undefined {
    return (
      this.settingsError ??
      this.#value.error ??
      this.#configError ??
      this.#latestPayloadError() ??
      this.#formatError
    );
  }

  /** Removes every point and series; new messages start a fresh chart. */
  clear(): void {
    this.#store.clear();
    this.#restored = false;
    this.#restoredThrough = 0;
    this.#payloadErrors.clear();
    this.#tooManySeriesReported = false;
    this.#dirty = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#colorScheme ??= matchMedia('(prefers-color-scheme: dark)');
    this.#colorScheme.addEventListener('change', this.#onColorScheme);
    this.#reducedMotion ??= matchMedia('(prefers-reduced-motion: reduce)');
    this.#reducedMotion.addEventListener('change', this.#onReducedMotion);
    // The plot was destroyed when the chart left the page; draw it again with the points it kept.
    if (this.hasUpdated) {
      this.#dirty = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#colorScheme?.removeEventListener('change', this.#onColorScheme);
    this.#reducedMotion?.removeEventListener('change', this.#onReducedMotion);
    this.#stopTicker();
    this.#destroyPlot();
    void this.#history?.flush();
  }

  // ---- messages → points ----

  /** `selected` holds one entry per select path: its value, or the error saying why it has none. */
  #receive(message: MqttMessage, selected: unknown): void {
    const topic = message.topic;
    if (message.isClear) {
      // The retained value is gone; whatever comes next is news, even the same payload again.
      this.#store.forget(topic);
      return;
    }
    if (this.#store.isReplay(message)) return;
    // The topic's last message kept by `persist`: already drawn when the chart's history holds it.
    if (message.restored && this.#store.hasPointSince(topic, message.receivedAt)) return;
    this.#parseSettings();
    if (this.#configError || this.#value.settingsError) return;

    const values: (number | null | undefined)[] = [];
    let problem: MqttElementsError | undefined;
    for (const entry of selected as unknown[]) {
      try {
        values.push(plotValue(entry, topic));
      } catch (err) {
        values.push(undefined);
        problem ??= asMqttError(err, 'payload');
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

    if (!this.#store.add(message, values, this.#addOptions())) return;
    this.#dirty = true;
    if (message.restored) {
      this.#restoredThrough = Math.max(this.#restoredThrough, this.#store.latestTime);
      this.#restored = true;
    } else {
      this.#restored = false;
      this.#history?.changed();
    }
  }

  #addOptions(): AddPointsOptions {
    return {
      capacity: this.#capacity(),
      maxSeries: this.#maxSeries(),
      label: (t, i) => this.#seriesLabel(t, i),
      select: (i) => this.#value.selectSources[i],
      onFull: (t) => this.#reportTooManySeries(t),
    };
  }

  // ---- persist ----

  /**
   * Starts keeping this chart's history once its connection has `persist`, and draws what was kept.
   * A new storage key or chart identity starts over with that one's history.
   */
  #syncHistory(): void {
    const target = this.connectionController.core?.persistStore;
    const chart = this.id || `${this.topic} ${this.select ?? ''}`.trim();
    const id = target && this.topic ? `${target.key}\u0000${chart}` : undefined;
    if (id === this.#historyId) return;
    this.#history?.dispose();
    this.#history = undefined;
    this.#historyId = id;
    if (!target || id === undefined) return;
    const history = new SeriesPersistence({
      store: target.store,
      key: target.key,
      chart,
      maxPoints: () => Math.min(positiveWhole(this.persistPoints, defaultPersistPoints), this.#capacity()),
      snapshot: () => this.#store.snapshot(),
    });
    this.#history = history;
    void history.load().then((kept) => {
      if (this.#history !== history || kept.length === 0) return;
      this.#parseSettings();
      const newest = this.#store.restore(kept, this.#addOptions());
      if (newest === 0) return;
      this.#restoredThrough = Math.max(this.#restoredThrough, newest);
      // Live points that came first stay the newest: the chart is restored only while none did.
      if (!this.#store.series.some((s) => (s.times[s.times.length - 1] ?? 0) > this.#restoredThrough))
        this.#restored = true;
      this.#dirty = true;
      this.requestUpdate();
    });
  }

  #reportTooManySeries(topic: string): void {
    if (this.#tooManySeriesReported) return;
    this.#tooManySeriesReported = true;
    this.reportError(
      new MqttElementsError(
        'config',
        `"${this.topic}" matches more topics than max-series="${this.maxSeries}" lets the chart draw; ` +
          `"${topic}" and later ones are left out. Narrow the topic filter or raise max-series.`,
      ),
    );
  }

  #seriesLabel(topic: string, pathIndex: number): string {
    const given = this.#labelList[pathIndex];
    const paths = this.#value.selectSources;
    const path = paths[pathIndex];
    const several = paths.length > 1;
    if (!hasWildcard(this.topic)) return given || path || topic;
    // With a wildcard, what tells the series apart is what the wildcards matched.
    const matched =
      (wildcardValues(topic, this.topic) ?? []).filter((level) => level !== '').join('/') || topic;
    return several ? `${matched} · ${given || path}` : matched;
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
    const since = this.#durationMs !== undefined ? now - this.#durationMs : -Infinity;
    return this.#store.trim(this.#capacity(), since);
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
    // Before rendering, so the summary and the table never speak of points the window has let go.
    if (this.#trimAll(Date.now())) this.#dirty = true;
    const theme = readCanvasTheme(this);
    if (theme.key !== this.#theme?.key) {
      this.#theme = theme;
      this.#themeChanged = true;
    }
  }

  /** The settings only the chart reads; `select` and `map` are the value controller's. */
  #parseSettings(): void {
    const source = JSON.stringify([this.select, this.labels, this.duration]);
    if (source === this.#settingsSource) return;
    this.#settingsSource = source;
    this.#configError = undefined;
    this.#labelList = this.labels ? this.labels.split(',').map((label) => label.trim()) : [];
    this.#store.relabel((topic, pathIndex) => this.#seriesLabel(topic, pathIndex));
    this.#durationMs = undefined;
    if (this.duration) {
      try {
        this.#durationMs = parseDuration(this.duration);
      } catch (err) {
        this.#configError = new MqttElementsError('config', `duration: ${errorMessage(err)}`);
        this.reportError(this.#configError);
      }
    }
  }

  // ---- rendering ----

  protected override render() {
    const hasPoints = this.#store.series.some((s) => s.times.length > 0);
    const message = this.statusMessage(this.error, {
      stale: this.#value.stale,
      receivedAt: this.#value.message?.receivedAt,
      restored: this.#restored,
    });
    return html`<div part="base">
      <div part="header">
        ${this.#hasLabel() ? html`<span part="label">${this.renderLabel()}</span>` : nothing}
        <span part="toolbar">
          <button
            type="button"
            part="button pause-button"
            aria-pressed=${this.paused ? 'true' : 'false'}
            @click=${() => (this.paused = !this.paused)}
          >
            Pause
          </button>
          <button
            type="button"
            part="button table-button"
            aria-pressed=${this.table ? 'true' : 'false'}
            @click=${() => (this.table = !this.table)}
          >
            Table
          </button>
        </span>
      </div>
      <div part="plot" role="img" aria-label=${this.#summary()} ?hidden=${this.table}>
        <div class="canvas"></div>
        ${hasPoints ? nothing : html`<div part="empty">${this.placeholder}</div>`}
        ${hasPoints ? this.#renderTooltip() : nothing}
      </div>
      ${this.table ? this.#renderTable() : nothing}
      ${
        this.#store.series.length > 0
          ? html`<ul part="legend" aria-label="Series">
              ${this.#store.series.map(
                (series, i) =>
                  html`<li>
                    <button
                      type="button"
                      part="legend-item"
                      aria-pressed=${series.visible ? 'true' : 'false'}
                      title=${series.visible ? 'Hide this series' : 'Show this series'}
                      @click=${() => this.#toggleSeries(i)}
                    >
                      ${this.#swatch(i)}
                      <span part="series-label">${series.label}</span>
                      <span class="visually-hidden">, ${dashName(i)} line</span>
                      <!-- The value changes with every message: out of the button's name, in the summary. -->
                      <span part="series-value" aria-hidden="true">${this.#latestText(series)}</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.renderMessage(message)}
    </div>`;
  }

  /** A short sample of the series' line: its colour and its pattern. */
  #swatch(index: number) {
    const theme = this.#theme;
    return html`<svg part="swatch" viewBox="0 0 24 8" aria-hidden="true" focusable="false">
      ${svg`<line x1="1" y1="4" x2="23" y2="4" stroke-width="2.5"
        stroke=${theme ? colorAt(theme, index) : 'currentColor'}
        stroke-dasharray=${dashAt(index).join(' ') || nothing}></line>`}
    </svg>`;
  }

  /** The points as a table: time and one column per visible series, newest first. */
  #renderTable() {
    const columns = this.#store.series.filter((s) => s.visible);
    const data = alignSeries(columns);
    const times = data[0];
    const rows = Math.min(times.length, positiveWhole(this.tableRows, defaultTableRows));
    const name = this.#slottedLabel() || this.label.trim() || this.topic;
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${`${name}, table`}>
      <table part="table">
        <caption>
          ${name}: the latest ${rows} of ${times.length} points, newest
          first${this.#restoredWords() && `; ${this.#restoredWords()}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            ${columns.map((s) => html`<th scope="col">${s.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${Array.from({ length: rows }, (_, k) => {
            const at = times.length - 1 - k;
            const restored = times[at]! <= this.#restoredThrough;
            return html`<tr part=${restored ? 'row restored-row' : 'row'}>
              <th scope="row">
                ${timeText(times[at]!, 'second', this.locale)}${restored ? html` <span class="restored-mark">(restored)</span>` : nothing}
              </th>
              ${columns.map((_s, c) => html`<td>${this.#valueText((data[c + 1] as (number | null)[])[at])}</td>`)}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #renderTooltip() {
    const cursor = this.#cursor;
    const plot = this.#plot;
    const times = this.#data[0];
    if (!cursor || !plot || cursor.idx < 0 || cursor.idx >= times.length) return nothing;
    const time = times[cursor.idx];
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
      <span class="tooltip-time">${timeText(time, 'second', this.locale)}</span>
      ${this.#store.series.map((series, i) => {
        if (!series.visible) return nothing;
        const at = nearestPoint(series.times, time);
        if (at < 0) return nothing;
        return html`${this.#swatch(i)}
          <span part="series-label">${series.label}</span>
          <span part="series-value">${this.#valueText(series.values[at])}</span>`;
      })}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.reflectWidgetStates({ error: this.error, stale: this.#value.stale, restored: this.#restored });
    this.#syncHistory();
    this.toggleState('paused', this.paused);
    // Paused: the points keep coming in (and are drawn on resume), the drawing stands still.
    if (!this.paused) this.#syncPlot();
    else if (changed.has('table')) this.#syncPlot();
    this.#syncTicker();
  }

  #syncPlot(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (!target || !this.isConnected) return;
    const themeChanged = this.#themeChanged;
    this.#themeChanged = false;
    if (themeChanged && this.#plot && this.#plot.series[1]?.width !== this.#theme!.lineWidth)
      this.#destroyPlot();
    if (this.#store.series.length === 0) {
      this.#destroyPlot();
      this.#data = [[]];
      this.#dirty = false;
      return;
    }
    const now = Date.now();
    if (this.#trimAll(now) || this.#durationMs !== undefined) this.#dirty = true;
    if (this.#plot && this.#plot.series.length !== this.#store.series.length + 1) this.#destroyPlot();
    if (!this.#plot) {
      this.#data = alignSeries(this.#store.series);
      this.#dirty = false;
      this.#plot = new uPlot(chartOptions(target, this.#view), this.#data, target);
      this.#observeSize(target);
      return;
    }
    if (this.#dirty) {
      this.#dirty = false;
      this.#data = alignSeries(this.#store.series);
      this.#plot.setData(this.#data);
    } else if (themeChanged) {
      this.#plot.redraw(false, true);
    }
  }

  /** What the uPlot options read from the chart whenever uPlot draws. */
  readonly #view: ChartView = {
    theme: () => this.#theme!,
    series: () => this.#store.series,
    durationMs: () => this.#durationMs,
    yMin: () => this.yMin,
    yMax: () => this.yMax,
    locale: () => this.locale,
    unit: () => this.unit,
    restoredThrough: () => this.#restoredThrough,
    onCursor: (u) => this.#onCursor(u),
  };

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
    const series = this.#store.series[index];
    series.visible = !series.visible;
    this.#plot?.setSeries(index + 1, { show: series.visible });
    this.requestUpdate();
  }

  /** With a `duration`, the window slides with the clock even when no message comes. */
  #syncTicker(): void {
    const sliding =
      this.#durationMs !== undefined && this.#store.series.length > 0 && this.isConnected && !this.paused;
    if (!sliding) {
      this.#stopTicker();
      return;
    }
    if (this.#ticker !== undefined) return;
    // About one pixel's worth of time on a typical chart, but no more often than 4 times a second.
    const period = this.#reducedMotion?.matches
      ? reducedMotionStepMs
      : Math.min(1000, Math.max(250, this.#durationMs! / 600));
    this.#ticker = setInterval(() => {
      this.#dirty = true;
      this.requestUpdate();
    }, period);
  }

  #stopTicker(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
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
      if (this.decimals === undefined) {
        const digits = legendDigits(value);
        return numberFormat(this.locale, { maximumFractionDigits: digits }).format(value) + (this.unit ?? '');
      }
      return formatValue(value, { decimals: this.decimals, unit: this.unit, locale: this.locale });
    } catch (err) {
      if (!this.#formatError) {
        this.#formatError = new MqttElementsError(
          'config',
          `Cannot format values with decimals="${this.decimals ?? ''}" locale="${this.locale ?? ''}": ${errorMessage(
            err,
          )}. Use decimals from 0 to 20 and a locale such as "en-US".`,
          { cause: err },
        );
        this.reportError(this.#formatError);
      }
      return formatValue(value, { unit: this.unit });
    }
  }

  /** The accessible name of the drawing: per series its latest value, range, trend and line pattern. */
  #summary(): string {
    const name = this.#slottedLabel() || this.label.trim() || `Chart of ${this.topic || 'no topic'}`;
    const summary = describeChart(name, this.#store.series, (value) => this.#valueText(value));
    const restored = this.#restoredWords();
    return restored ? `${summary} ${restored[0]!.toUpperCase()}${restored.slice(1)}.` : summary;
  }

  /** Says which points were kept from an earlier visit, while any of them is in the window. */
  #restoredWords(): string {
    const through = this.#restoredThrough;
    if (through === 0 || !this.#store.series.some((s) => s.times.length > 0 && s.times[0]! <= through))
      return '';
    return `points up to ${timeText(through, 'second', this.locale)} restored from an earlier visit`;
  }
}

/** A selected value as a point: a number, or null for a gap; throws, saying why, for anything else. */
function plotValue(entry: unknown, topic: string): number | null {
  if (entry instanceof MqttElementsError) throw entry;
  if (entry === null) return null;
  if (typeof entry === 'boolean') return entry ? 1 : 0;
  return readNumber(entry, topic);
}

/**
 * Fraction digits for a value shown without `decimals`: about four significant digits, never
 * rounding away whole digits, so a sensor's 21.456789123 reads 21.46 and 0.0012345 reads 0.001235.
 */
function legendDigits(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  return Math.min(20, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value)))));
}

function positiveWhole(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-chart': MqttChart;
  }
}

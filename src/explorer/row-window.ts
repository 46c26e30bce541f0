// Which rows of a long list are in the DOM: those in view plus a margin on each side. The margin is
// wide and only moved when the view comes close to its edge, so a scroll of a row or two costs no render
// at all, and a render adds a batch of rows at once instead of one in every frame. No DOM.

export interface RowRange {
  /** First row drawn. */
  readonly first: number;
  /** One past the last row drawn. */
  readonly end: number;
}

export class RowWindow {
  #first = 0;
  #end = 0;

  /**
   * @param overscan rows drawn beyond each edge of the view when the window is placed
   * @param slack rows of margin left before the window must move
   */
  constructor(
    readonly overscan = 20,
    readonly slack = 4,
  ) {}

  get range(): RowRange {
    return { first: this.#first, end: this.#end };
  }

  /** Whether the rows drawn still cover the view (plus `slack` rows) at `scrollTop`. */
  covers(scrollTop: number, viewport: number, rowHeight: number, rowCount: number): boolean {
    const { first, end } = visible(scrollTop, viewport, rowHeight, rowCount);
    const wantFirst = Math.max(0, first - this.slack);
    const wantEnd = Math.min(rowCount, end + this.slack);
    return wantFirst >= this.#first && wantEnd <= this.#end;
  }

  /** Places the window around the view at `scrollTop` unless it still covers it; returns the rows to draw. */
  place(scrollTop: number, viewport: number, rowHeight: number, rowCount: number): RowRange {
    this.#end = Math.min(this.#end, rowCount);
    this.#first = Math.min(this.#first, this.#end);
    if (!this.covers(scrollTop, viewport, rowHeight, rowCount)) {
      const { first, end } = visible(scrollTop, viewport, rowHeight, rowCount);
      this.#first = Math.max(0, first - this.overscan);
      this.#end = Math.min(rowCount, end + this.overscan);
    }
    return this.range;
  }
}

function visible(scrollTop: number, viewport: number, rowHeight: number, rowCount: number): RowRange {
  const first = Math.max(0, Math.min(rowCount, Math.floor(scrollTop / rowHeight)));
  const end = Math.max(first, Math.min(rowCount, Math.ceil((scrollTop + viewport) / rowHeight)));
  return { first, end };
}

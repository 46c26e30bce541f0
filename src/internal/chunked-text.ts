// Writing a very long text into the page a piece per task, so that "show all" on a megabyte payload
// never blocks the page: each piece is one short task, and input and rendering run in between.
import { css } from 'lit';

/**
 * Each piece its own block, laid out on its own, and skipped by rendering while off screen: a long
 * payload costs about what the visible part of it costs.
 */
export const chunkStyles = css`
  .chunk {
    display: block;
    content-visibility: auto;
    contain-intrinsic-size: auto 20em;
  }
`;

/** Characters written per task: small enough that one append and its layout stay well under 50 ms. */
export const chunkChars = 65_536;

/**
 * Replaces the content of `target` with `text`, one {@link chunkChars} piece per task. Stops by itself
 * when `target` leaves the page; the returned function stops it sooner.
 */
export function writeChunked(target: Element, text: string, onDone?: () => void): () => void {
  target.textContent = '';
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    timer = undefined;
    if (!target.isConnected && offset > 0) return;
    // A block per piece (see chunkStyles): appending to one long line of text would lay the whole line
    // out again for every piece, and the last pieces would take as long as writing it all at once.
    const end = pieceEnd(text, offset);
    const piece = document.createElement('span');
    piece.className = 'chunk';
    piece.textContent = text.slice(offset, end);
    target.append(piece);
    offset = end;
    if (offset < text.length) timer = setTimeout(step, 0);
    else onDone?.();
  };
  step();
  return () => clearTimeout(timer);
}

/**
 * Where the piece starting at `offset` ends: just after the last line break in its second half, so that
 * the break between two blocks falls where the text breaks a line anyway (a block boundary inside a
 * line would show as a line break of its own). Text with no line break there is cut at the full size.
 */
export function pieceEnd(text: string, offset: number): number {
  const end = offset + chunkChars;
  if (end >= text.length) return text.length;
  const lineBreak = text.lastIndexOf('\n', end - 1);
  return lineBreak >= offset + chunkChars / 2 ? lineBreak + 1 : end;
}

// "Show all" writes a long payload a block per task. A block boundary inside a line would show as a
// line break that is not in the payload, so blocks end where the text breaks a line when it does.
import { expect } from '@open-wc/testing';
import { chunkChars, pieceEnd, writeChunked } from '../../src/internal/chunked-text.js';
import { until } from '../support/until.js';

/** `lines` lines of `width` characters each (the last without a line break). */
function lines(count: number, width: number): string {
  return Array.from({ length: count }, (_, i) => String(i).padStart(width, '.')).join('\n');
}

describe('writing a long text in pieces', () => {
  it('ends each piece after a line break, so no line of the text is split between two blocks', async () => {
    const text = lines(3_000, 99); // 300,000 characters in lines of 100
    const pre = document.createElement('pre');
    document.body.append(pre);
    let done = false;
    writeChunked(pre, text, () => (done = true));
    await until(() => done, 'the whole text written');
    const pieces = Array.from(pre.children, (piece) => piece.textContent!);
    expect(pieces.join(''), 'nothing lost or repeated').to.equal(text);
    expect(pieces.length, 'several pieces').to.be.greaterThan(1);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.endsWith('\n'), 'a piece ends with its line').to.equal(true);
      expect(piece.length).to.be.at.most(chunkChars);
    }
    pre.remove();
  });

  it('cuts a text without line breaks at the full piece size', () => {
    const text = 'x'.repeat(chunkChars * 2 + 5);
    expect(pieceEnd(text, 0)).to.equal(chunkChars);
    expect(pieceEnd(text, chunkChars * 2)).to.equal(text.length);
  });

  it('ignores a line break in the first half of a piece: pieces stay large', () => {
    const text = `short\n${'x'.repeat(chunkChars * 2)}`;
    expect(pieceEnd(text, 0)).to.equal(chunkChars);
  });
});

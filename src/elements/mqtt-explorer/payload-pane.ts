// The selected message's payload in the explorer's details: a JSON tree, text, or a hex dump for
// binary; cut at `payload-limit`, with "Show all" writing the rest a piece per task through the shared
// chunked writer, so even a megabyte never freezes the page.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ref } from 'lit/directives/ref.js';
import type { MqttMessage } from '../../core/message.js';
import { payloadKind } from '../../explorer/payload-preview.js';
import { chunkChars, writeChunked } from '../../internal/chunked-text.js';
import { formatSize, hexDump } from '../mqtt-log/payload-view.js';
import { JsonTreeView } from './json-tree.js';

/** JSON payloads larger than this (bytes) are shown as raw text: a tree of them would cost too much. */
export const jsonTreeLimit = 65_536;
/** Bytes shown as a hex dump before "Show all": a dump is about five times the size of its bytes. */
const hexPreviewBytes = 4_096;
/** Bytes turned into hex dump text per task when a large binary payload is shown in full. */
const hexSliceBytes = 16_384;
/** Characters per block of the part shown before "Show all". */
const previewPiece = 2_048;

const numberFormat = new Intl.NumberFormat();
const lenientUtf8 = new TextDecoder('utf-8');

export class PayloadPane {
  readonly #host: ReactiveControllerHost;
  readonly #json: JsonTreeView;
  /** The message shown in full, and the writer putting it on the page. */
  #full: { message: MqttMessage; write: (element: Element | undefined) => void } | undefined;
  /** Changes with anything that alters the drawing of the same message (show all, a JSON level toggled). */
  #version = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.#json = new JsonTreeView(() => this.#changed());
  }

  /** Another message is selected: stop writing the one shown in full. */
  reset(): void {
    this.#full?.write(undefined);
    this.#full = undefined;
    this.#version++;
  }

  /**
   * The payload of `message`. Drawn again only when the message, the limit or the view changes: the
   * explorer renders ten times a second and on every scroll, and a payload costs the same each time.
   */
  render(message: MqttMessage, payloadLimit: number) {
    return guard([message, payloadLimit, this.#version], () => this.#render(message, payloadLimit));
  }

  #changed(): void {
    this.#version++;
    this.#host.requestUpdate();
  }

  #render(message: MqttMessage, payloadLimit: number): TemplateResult {
    const payload = message.payload;
    const size = payload.length;
    if (size === 0) return html`<pre part="payload">(empty payload)</pre>`;
    const big = size > payloadLimit;
    // A large payload is only sniffed here: decoding or parsing all of it waits for "Show all".
    const kind = big ? payloadKind(payload) : payloadKind(payload, message.text);
    if (kind === 'json' && size <= jsonTreeLimit && message.json !== undefined)
      return this.#json.render(message.json);
    const binary = kind === 'binary';
    const label = binary ? 'Payload, hex dump' : 'Payload';
    const note =
      kind === 'json' && size > jsonTreeLimit
        ? html`<p part="note">
            JSON of ${formatSize(size)}: larger than ${formatSize(jsonTreeLimit)}, so shown as raw text rather
            than as a tree.
          </p>`
        : nothing;
    if (this.#full?.message === message) {
      return html`${note}
        <pre part="payload" tabindex="0" aria-label=${label} ${ref(this.#full.write)}></pre>`;
    }
    const limit = binary ? Math.min(payloadLimit, hexPreviewBytes) : payloadLimit;
    const cut = size > limit;
    let shown: string;
    let amount = '';
    if (binary) {
      shown = hexDump(payload.subarray(0, Math.min(size, limit)));
      amount = formatSize(Math.min(size, limit));
    } else if (!cut) shown = message.text;
    else {
      // Only the first `limit` bytes are decoded; a character cut in two at the end is dropped.
      shown = lenientUtf8.decode(payload.subarray(0, limit)).replace(/\uFFFD$/, '');
      amount = `${numberFormat.format(shown.length)} characters`;
    }
    return html`${note}
      <pre part="payload" tabindex="0" aria-label=${label}>${inPieces(shown)}${cut ? '\n…' : ''}</pre>
      ${
        cut
          ? html`<div part="actions">
              <span part="status">Showing ${amount} of ${formatSize(size)}.</span>
              <button type="button" part="button show-all" @click=${() => this.#showAll(message, binary)}>
                Show all (${formatSize(size)})
              </button>
            </div>`
          : nothing
      }`;
  }

  #showAll(message: MqttMessage, binary: boolean): void {
    this.reset();
    let stop: (() => void) | undefined;
    const write = (element: Element | undefined) => {
      stop?.();
      stop = undefined;
      if (!element) return;
      if (!binary) {
        stop = writeChunked(element, message.text);
        return;
      }
      // The hex dump of a megabyte is about five megabytes of text: made a slice per task too.
      element.textContent = 'Preparing the hex dump…';
      let stopWriting: (() => void) | undefined;
      const stopDump = hexDumpInSlices(message.payload, (text) => {
        stopWriting = writeChunked(element, text);
      });
      stop = () => {
        stopDump();
        stopWriting?.();
      };
    };
    this.#full = { message, write };
    this.#changed();
  }
}

/**
 * Text in blocks of `previewPiece` characters (the chunked writer's blocks, see chunkStyles): the
 * browser lays out and paints only those in view, so the first 16 kB of a payload cost what a screenful does.
 */
function inPieces(text: string): string | TemplateResult[] {
  if (text.length <= previewPiece) return text;
  const pieces: TemplateResult[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + previewPiece);
    // A block ends a line: a line cut between two blocks would show as two.
    const lineEnd = text.lastIndexOf('\n', end - 1);
    if (end < text.length && lineEnd > at) end = lineEnd + 1;
    pieces.push(html`<span class="chunk">${text.slice(at, end)}</span>`);
    at = end;
  }
  return pieces;
}

/**
 * The hex dump of `bytes`, made `hexSliceBytes` at a time, one slice per task; returns a stop function.
 * The chunked writer cuts its text every `chunkChars` characters into blocks; the line that would
 * straddle a cut is padded with trailing spaces so that every block starts with a whole line.
 */
function hexDumpInSlices(bytes: Uint8Array, done: (text: string) => void): () => void {
  const parts: string[] = [];
  let length = 0;
  let at = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    const end = Math.min(bytes.length, at + hexSliceBytes);
    for (const line of hexDump(bytes.subarray(0, end), hexSliceBytes, at).split('\n')) {
      const boundary = (Math.floor(length / chunkChars) + 1) * chunkChars;
      if (length > 0 && length + line.length + 1 > boundary) {
        // Pad the line before, so that this one starts the next block.
        parts[parts.length - 1] = `${parts[parts.length - 1].slice(0, -1)}${' '.repeat(boundary - length)}\n`;
        length = boundary;
      }
      parts.push(`${line}\n`);
      length += line.length + 1;
    }
    at = end;
    if (at < bytes.length) timer = setTimeout(step, 0);
    else done(parts.join('').slice(0, -1));
  };
  timer = setTimeout(step, 0);
  return () => clearTimeout(timer);
}

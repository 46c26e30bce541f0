// The selected message's payload in the explorer's details: a JSON tree, text, or a hex dump for
// binary; cut at `payload-limit`, with "Show all" writing the rest a piece per task through the shared
// chunked writer, so even a megabyte never freezes the page.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ref } from 'lit/directives/ref.js';
import type { MqttMessage } from '../../core/message.js';
import { payloadKind } from '../../explorer/payload-preview.js';
import { writeChunked } from '../../internal/chunked-text.js';
import { formatSize, hexDump } from '../mqtt-log/payload-view.js';
import { JsonTreeView } from './json-tree.js';

/** JSON payloads larger than this (bytes) are shown as raw text: a tree of them would cost too much. */
export const jsonTreeLimit = 65_536;
/** Bytes shown as a hex dump before "Show all": a dump is about five times the size of its bytes. */
const hexPreviewBytes = 4_096;
/** Bytes turned into hex dump text per task when a large binary payload is shown in full. */
const hexSliceBytes = 65_536;

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
      <pre part="payload" tabindex="0" aria-label=${label}>${shown}${cut ? '\n…' : ''}</pre>
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

/** The hex dump of `bytes`, made `hexSliceBytes` at a time, one slice per task; returns a stop function. */
function hexDumpInSlices(bytes: Uint8Array, done: (text: string) => void): () => void {
  const lines: string[] = [];
  let at = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    const end = Math.min(bytes.length, at + hexSliceBytes);
    lines.push(hexDump(bytes.subarray(0, end), hexSliceBytes, at));
    at = end;
    if (at < bytes.length) timer = setTimeout(step, 0);
    else done(lines.join('\n'));
  };
  timer = setTimeout(step, 0);
  return () => clearTimeout(timer);
}

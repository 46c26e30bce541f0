// How a log shows a payload: as text, as pretty-printed JSON or as a hex dump, always as plain text.

/** The `format` attribute of `<mqtt-log>`. */
export type LogFormat = 'auto' | 'text' | 'json' | 'hex';

/** What the payload looks like once formatted; `kind` says which view was used (for styling). */
export interface PayloadView {
  kind: 'text' | 'json' | 'hex' | 'empty';
  text: string;
}

// Fatal, unlike the lenient decoder the value pipeline uses: here the failure is the signal that the
// payload is binary and reads better as hex.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Control characters other than tab, newline and carriage return mark a payload as binary. */
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Payloads above this size are shown as they arrived, not pretty-printed: parsing and re-indenting
 * megabytes of JSON is one long task that freezes the page.
 */
export const prettyPrintLimit = 256 * 1024;

/** Bytes per line of a hex dump: 16, the width every hex viewer uses. */
const HEX_LINE = 16;

/**
 * Formats a payload for display. `auto` shows JSON objects and arrays pretty-printed, readable text as
 * it is, and anything that is not UTF-8 text as a hex dump. `json` pretty-prints when the payload
 * parses and falls back to text. `maxHexBytes` limits how much of a large payload a hex dump covers.
 */
export function viewPayload(payload: Uint8Array, format: LogFormat, maxHexBytes = Infinity): PayloadView {
  if (payload.length === 0) return { kind: 'empty', text: '' };
  if (format === 'hex') return { kind: 'hex', text: hexDump(payload, maxHexBytes) };
  if (format === 'text') return { kind: 'text', text: lenientUtf8.decode(payload) };
  let text: string;
  try {
    text = strictUtf8.decode(payload);
  } catch {
    if (format === 'auto') return { kind: 'hex', text: hexDump(payload, maxHexBytes) };
    text = lenientUtf8.decode(payload);
  }
  if (format === 'auto' && BINARY_CONTROL.test(text))
    return { kind: 'hex', text: hexDump(payload, maxHexBytes) };
  const pretty = payload.length > prettyPrintLimit ? undefined : prettyJson(text, format === 'auto');
  return pretty === undefined ? { kind: 'text', text } : { kind: 'json', text: pretty };
}

/**
 * Pretty-prints JSON text, or returns undefined when it does not parse. With `structuredOnly`, a bare
 * number or string is left alone: `21.5` reads the same either way, and parsing it is wasted work.
 */
function prettyJson(text: string, structuredOnly: boolean): string | undefined {
  const start = text.trimStart()[0];
  if (structuredOnly && start !== '{' && start !== '[') return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * `00000000  de ad be ef …  |....|`: offset, bytes and their printable ASCII, like `hexdump -C`. `from`
 * (a multiple of 16) starts the dump further in, for showing a large payload a piece at a time.
 */
export function hexDump(bytes: Uint8Array, maxBytes = Infinity, from = 0): string {
  const end = Math.min(bytes.length, from + maxBytes);
  const lines: string[] = [];
  for (let offset = from; offset < end; offset += HEX_LINE) {
    let hex = '';
    let ascii = '';
    for (let i = offset; i < offset + HEX_LINE; i++) {
      if (i < end) {
        const byte = bytes[i];
        hex += byte.toString(16).padStart(2, '0') + ' ';
        ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
      } else {
        hex += '   ';
      }
      if (i === offset + 7) hex += ' ';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (end < bytes.length) lines.push(`… ${bytes.length - end} more bytes`);
  return lines.join('\n');
}

/** A byte count for people: `512 B`, `2.4 kB`, `1.1 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

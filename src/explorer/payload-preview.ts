// How the explorer reads a payload before showing it: what kind it is (JSON, text, binary), a one-line
// preview for a tree row, and how old a message is, in words. Work here is bounded by a few hundred
// bytes per call, whatever the payload's size, because it runs for every visible row on every frame.

export type PayloadKind = 'empty' | 'json' | 'text' | 'binary';

/** Bytes looked at to tell text from binary, and to build a row's preview. */
const sniffBytes = 512;
/** Characters in a row's preview. */
export const previewLength = 120;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Binary when the first bytes are not UTF-8 or hold control characters other than whitespace. A cut
 * in the middle of a multi-byte character at the end of the sample is not counted against it.
 */
export function isBinary(payload: Uint8Array): boolean {
  const sample = payload.subarray(0, sniffBytes);
  let text: string;
  try {
    text = strictUtf8.decode(sample);
  } catch {
    if (sample.length < payload.length) {
      try {
        text = strictUtf8.decode(sample.subarray(0, lastCharacterStart(sample)));
      } catch {
        return true;
      }
    } else return true;
  }
  return controlCharacters.test(text);
}

/** Where the last (possibly cut) UTF-8 character of `bytes` starts. */
function lastCharacterStart(bytes: Uint8Array): number {
  let at = bytes.length - 1;
  while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
  return at;
}

/** The payload's kind; JSON only for objects and arrays (a bare number reads the same as text). */
export function payloadKind(payload: Uint8Array, text?: string): PayloadKind {
  if (payload.length === 0) return 'empty';
  if (isBinary(payload)) return 'binary';
  const first = firstNonSpace(payload);
  if (first !== 0x7b && first !== 0x5b) return 'text';
  if (text === undefined) return 'json';
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return 'text';
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length && i < sniffBytes; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}

/** A short single line for a tree row: the start of the text, or of a hex dump for binary. */
export function previewPayload(payload: Uint8Array): string {
  if (payload.length === 0) return '';
  if (isBinary(payload)) {
    const shown = payload.subarray(0, 24);
    let hex = '';
    for (const byte of shown) hex += byte.toString(16).padStart(2, '0') + ' ';
    return `0x ${hex.trimEnd()}${payload.length > shown.length ? ' …' : ''}`;
  }
  const sample = payload.subarray(0, previewLength * 4);
  let text = lenientUtf8.decode(sample).replace(/\s+/g, ' ').trim();
  // A cut multi-byte character decodes to U+FFFD at the end: drop it, the ellipsis says it goes on.
  const cut = sample.length < payload.length;
  if (cut) text = text.replace(/\uFFFD$/, '');
  return text.length > previewLength || cut ? `${text.slice(0, previewLength - 1)}…` : text;
}

/** How long ago, in the fewest words: `now`, `12 s`, `5 min`, `3 h`, `2 d`. */
export function formatAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'now';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

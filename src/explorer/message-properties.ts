// The MQTT 5 properties of a message as the explorer's details list them: a label and a value as text
// for each one present, in the order a reader looks for them. No DOM.
import type { MessageProperties } from '../core/message.js';
import { isBinary, previewPayload } from './payload-preview.js';

export interface PropertyLine {
  /** What the property is, e.g. `Content type`, or a user property's own name. */
  readonly label: string;
  readonly value: string;
  /** A user property: its name is the sender's, not ours. */
  readonly user: boolean;
}

const utf8 = new TextDecoder('utf-8');

/** Every property present, user properties last (a name sent twice gives two lines, in order). */
export function propertyLines(properties: MessageProperties | undefined): PropertyLine[] {
  if (!properties) return [];
  const lines: PropertyLine[] = [];
  const add = (label: string, value: string) => lines.push({ label, value, user: false });
  if (properties.contentType !== undefined) add('Content type', properties.contentType);
  if (properties.payloadFormatIndicator !== undefined)
    add('Payload format', properties.payloadFormatIndicator ? 'UTF-8 text' : 'bytes (unspecified)');
  if (properties.messageExpiryInterval !== undefined)
    add('Expires in', `${properties.messageExpiryInterval} s (when the broker sent it)`);
  if (properties.responseTopic !== undefined) add('Response topic', properties.responseTopic);
  if (properties.correlationData !== undefined) {
    const data = properties.correlationData;
    // Usually a short id in text; otherwise its bytes in hex.
    add('Correlation data', isBinary(data) ? previewPayload(data) : utf8.decode(data));
  }
  for (const [name, value] of Object.entries(properties.userProperties ?? {})) {
    for (const one of Array.isArray(value) ? value : [value])
      lines.push({ label: name, value: one, user: true });
  }
  return lines;
}

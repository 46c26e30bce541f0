// Where in the DOM a payload may be written: never into an event handler or a place parsed as HTML, and
// never as a URL that would run code. Shared by template stamping and `bind`.

/** Attributes whose value the browser loads or navigates to (properties compare lowercased: `formAction`). */
const urlNames = new Set([
  'href',
  'xlink:href',
  'src',
  'srcset',
  'action',
  'formaction',
  'poster',
  'data',
  'background',
  'cite',
  'ping',
  'codebase',
]);

/** Attributes and properties whose text the browser parses as a document or markup. */
const markupNames = new Set(['srcdoc', 'innerhtml', 'outerhtml']);

/** What a blocked URL becomes: harmless, and visibly not what the payload said. */
export const blockedUrl = 'about:blank#blocked';

/**
 * Why a payload may never be written to the attribute or property `name`, or `undefined` when it may.
 * These are refused whatever the payload, because no check of the value can make them safe.
 */
export function forbiddenSink(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) {
    return `"${name}" is an event handler, and a payload written there would run as code`;
  }
  if (markupNames.has(lower)) {
    return `"${name}" is parsed as HTML, and a payload written there could run as code`;
  }
  return undefined;
}

/**
 * Why nothing from a payload may be written into `element` at all, or `undefined` when it may: the text
 * of a <script> runs as code (an empty one inserted by script runs whatever text it gets later) and the
 * text of a <style> applies as CSS, which can hide or restyle the whole page.
 */
export function forbiddenTarget(element: Element): string | undefined {
  const name = element.localName;
  if (name === 'script') return 'the text of a <script> runs as code';
  if (name === 'style') return 'the text of a <style> applies to the whole page as CSS';
  return undefined;
}

/**
 * `value` as it may be written to the attribute or property `name`: unchanged, except that a URL which
 * would run code (`javascript:`, `vbscript:`, `data:`) in a URL-valued place becomes {@link blockedUrl}.
 */
export function safeSinkValue<T>(name: string, value: T): T | string {
  if (!urlNames.has(name.toLowerCase())) return value;
  // A property assignment stringifies: ["javascript:…"] would become "javascript:…".
  return runsCode(String(value)) ? blockedUrl : value;
}

function runsCode(url: string): boolean {
  // Read the scheme the way the browser's URL parser does: it drops tabs and newlines anywhere, and
  // control characters and spaces in front, so "java\tscript:" and "\u0001javascript:" are javascript:.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const scheme = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return /^(?:javascript|vbscript|data):/i.test(scheme);
}

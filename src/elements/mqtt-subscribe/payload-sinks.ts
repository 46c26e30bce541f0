// The sink policy: where in the DOM a value from a payload or a topic may be written. It decides by what
// a sink can do, not by a list of bad payloads: a value may only reach places that cannot run script,
// navigate, load a resource from a URL the payload chose, or restyle anything outside the element.
// Template stamping and `bind` both ask this module and nothing else.

/**
 * Elements nothing from a payload may be written into, in any attribute, property or text. What each
 * can do with a value is the reason; the reason is quoted in the element's error.
 */
const refusedElements: Record<string, string> = {
  script: 'the text and the source of a <script> run as code',
  style: 'the text of a <style> applies to the whole page as CSS',
  meta: 'a <meta> can navigate the page (http-equiv="refresh") or change its policies',
  base: 'a <base> changes where every relative URL of the page points',
  link: 'a <link> loads stylesheets and other resources into the page',
  iframe: 'an <iframe> loads and runs a document',
  frame: 'a <frame> loads and runs a document',
  frameset: 'a <frameset> loads documents',
  object: 'an <object> loads and runs a document or plugin',
  embed: 'an <embed> loads and runs a document or plugin',
  param: 'a <param> configures what an <object> loads',
  portal: 'a <portal> loads and runs a document',
  fencedframe: 'a <fencedframe> loads and runs a document',
  // SVG animation (SMIL) sets other attributes indirectly: <animate attributeName="href" values="…">
  // turns any value into a link target, past every check on the link itself.
  animate: 'SVG animation sets other attributes, such as a link target, indirectly',
  animatemotion: 'SVG animation sets other attributes indirectly',
  animatetransform: 'SVG animation sets other attributes indirectly',
  animatecolor: 'SVG animation sets other attributes indirectly',
  set: 'an SVG <set> sets other attributes, such as a link target, indirectly',
  discard: 'an SVG <discard> removes other elements',
  'mqtt-connection': "an <mqtt-connection> holds the broker's URL and the credentials",
};

/** Attributes and properties whose value the browser loads or navigates to, compared lowercased. */
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
  'archive',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'usemap',
  'manifest',
  'icon',
  'profile',
  'classid',
  'imagesrcset',
  'attributionsrc',
]);

/** The URL schemes a value from a payload may carry; anything else (javascript:, data:, blob:…) is blocked. */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:', 'sms:']);

/**
 * SVG presentation attributes read as CSS, where `url(…)` loads a resource: a value for them may be a
 * colour or a length, never a function that fetches.
 */
const cssValuedNames = new Set([
  'fill',
  'stroke',
  'filter',
  'clip-path',
  'mask',
  'marker-start',
  'marker-mid',
  'marker-end',
  'cursor',
]);

/**
 * Attributes and properties that name an element, or point at one by its id. A payload written there
 * could clobber the page's globals (`<img name="cookie">` shadows `document.cookie`, an `id` becomes
 * `window.<id>`) or aim a control at the page's own elements (`form`, `for`, `popovertarget`,
 * `commandfor`). Values for them get {@link namePrefix}, so a payload only ever names, and points at,
 * elements that payloads named.
 */
const nameNames = new Set([
  'id',
  'name',
  'for',
  'htmlfor',
  'form',
  'list',
  'headers',
  'popovertarget',
  'commandfor',
  'interesttarget',
  'anchor',
  'itemref',
  'aria-activedescendant',
  'aria-controls',
  'aria-describedby',
  'aria-details',
  'aria-errormessage',
  'aria-flowto',
  'aria-labelledby',
  'aria-owns',
]);

/** Put before every name or id reference a payload writes (the prefix HTML sanitizers commonly use). */
export const namePrefix = 'user-content-';

/** Attributes and properties refused whatever the element, with the reason. */
function refusedName(lower: string): string | undefined {
  if (lower.startsWith('on')) return 'it is an event handler, and a value written there would run as code';
  if (lower === 'srcdoc' || lower === 'innerhtml' || lower === 'outerhtml') {
    return 'it is parsed as HTML, and a value written there could run as code';
  }
  if (lower === 'style' || lower === 'csstext') {
    return (
      'it applies CSS, which can cover the whole page or load resources; drive styling with ' +
      'bind="css:--name" (a custom property) or a class chosen through `map`'
    );
  }
  if (lower === 'attributename') return 'it picks which attribute an SVG animation sets';
  return undefined;
}

/** What a blocked URL becomes: harmless, and visibly not what the payload said. */
export const blockedUrl = 'about:blank#blocked';

/** What a blocked CSS value becomes: no value at all, so the element keeps its own style. */
export const blockedCss = '';

/**
 * How a value must be checked on its way to a sink that is allowed: `name` is not a check that can
 * fail but a rewrite (see {@link namePrefix}).
 */
export type SinkCheck = 'none' | 'url' | 'css' | 'name';

export type SinkVerdict = { allowed: true; check: SinkCheck } | { allowed: false; why: string };

/**
 * Why nothing from a payload may be written into an element named `localName` at all (its text, any
 * attribute or property), or `undefined` when it may.
 */
export function refusedElement(localName: string): string | undefined {
  const lower = localName.toLowerCase();
  return Object.hasOwn(refusedElements, lower) ? refusedElements[lower] : undefined;
}

/**
 * Whether a value from a payload may be written to the attribute or property `name` of an element named
 * `localName`, and how it must be checked on the way.
 */
export function sinkVerdict(localName: string, name: string): SinkVerdict {
  const onElement = refusedElement(localName);
  if (onElement) return { allowed: false, why: onElement };
  const lower = name.toLowerCase();
  const why = refusedName(lower);
  if (why) return { allowed: false, why };
  if (urlNames.has(lower)) return { allowed: true, check: 'url' };
  if (cssValuedNames.has(lower)) return { allowed: true, check: 'css' };
  if (nameNames.has(lower)) return { allowed: true, check: 'name' };
  return { allowed: true, check: 'none' };
}

/**
 * `value` as it may be written to a sink with the given check: unchanged when it passes, else
 * {@link blockedUrl} or {@link blockedCss}; a name or id reference always gets {@link namePrefix}.
 */
export function checkedSinkValue<T>(check: SinkCheck, value: T): T | string {
  if (check === 'none') return value;
  // A property assignment stringifies: ["javascript:…"] would become "javascript:…".
  const text = String(value);
  if (check === 'name') return prefixedNames(text);
  if (check === 'url') return isAllowedUrl(text) ? value : blockedUrl;
  return isInertCss(text) ? value : blockedCss;
}

/**
 * Each space-separated name or id in `text` (`headers` and `aria-labelledby` take several) with
 * {@link namePrefix} in front, where it is not already.
 */
export function prefixedNames(text: string): string {
  return text
    .split(/[\t\n\f\r ]+/)
    .filter(Boolean)
    .map((name) => (name.startsWith(namePrefix) ? name : namePrefix + name))
    .join(' ');
}

/**
 * Whether a URL from a payload may be loaded or followed: relative, or with one of the allowed schemes.
 * The browser's own URL parser reads the scheme, so "java\tscript:" and "\u0001javascript:" are read
 * as the browser would read them.
 */
export function isAllowedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://relative.invalid/');
  } catch {
    return false;
  }
  return allowedSchemes.has(parsed.protocol);
}

/**
 * Whether a CSS value (a custom property's or an SVG presentation attribute's) stays inside the
 * declaration it is written to and fetches nothing: no escapes (which could spell `url` in disguise),
 * no quotes, no declaration or block boundaries, no functions that load or import.
 */
export function isInertCss(value: string): boolean {
  if (/[\\;{}<>"'!@]/.test(value)) return false;
  return !/(?:url|image|image-set|cross-fade|element|src|paint|env|attr)\s*\(/i.test(value);
}

/** The custom property a `css:--name` binding sets, or `undefined` when `name` is not one. */
export function customPropertyName(name: string): string | undefined {
  return /^--[A-Za-z_][\w-]*$/.test(name) ? name : undefined;
}

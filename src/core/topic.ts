// The MQTT topic rules (MQTT 3.1.1 and 5.0, section 4.7): what makes a topic filter or a publish topic
// valid, and whether a topic matches a filter.

const PLUS = 0x2b;
const HASH = 0x23;
const DOLLAR = 0x24;

/** The MQTT string limit: a topic is sent with a two-byte length prefix. */
const MAX_TOPIC_BYTES = 65535;

/**
 * Why `filter` cannot be used to subscribe, as a message that says how to fix it, or `undefined` when it
 * is a valid topic filter.
 */
export function topicFilterError(filter: string): string | undefined {
  if (filter === '') {
    return 'A topic filter cannot be empty: name a topic such as "home/temp", or use "#" to receive every topic.';
  }
  const shown = quoteForMessage(filter);
  const tooLong = tooLongError(filter, shown, 'topic filter');
  if (tooLong) return tooLong;
  if (filter.includes('\u0000')) {
    return `${shown} is not a valid topic filter: it contains a NUL character (U+0000); remove it.`;
  }

  const levels = filter.split('/');
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index];
    const isLast = index === levels.length - 1;
    if (level === '#') {
      if (isLast) continue;
      const endingAtHash = levels.slice(0, index + 1).join('/');
      const withPlus = levels.map((other, otherIndex) => (otherIndex === index ? '+' : other)).join('/');
      return (
        `${shown} is not a valid topic filter: "#" must be the last level, because it already matches ` +
        `everything below it. End the filter there ("${endingAtHash}"), or use "+" to match just one level ` +
        `("${withPlus}").`
      );
    }
    if (level.includes('#')) {
      // "sport/tennis#" is the usual slip: the author meant "everything under sport/tennis".
      const suggestion =
        isLast && level.indexOf('#') === level.length - 1
          ? ` Did you mean "${[...levels.slice(0, index), level.slice(0, -1), '#'].join('/')}"?`
          : '';
      return (
        `${shown} is not a valid topic filter: "#" must fill a whole level and come last, as in ` +
        `"a/b/#", but level ${index + 1} is ${quoteForMessage(level)}.${suggestion}`
      );
    }
    if (level !== '+' && level.includes('+')) {
      return (
        `${shown} is not a valid topic filter: "+" must fill a whole level, as in "a/+/c", ` +
        `but level ${index + 1} is ${quoteForMessage(level)}.`
      );
    }
  }
  return undefined;
}

/**
 * Why a message cannot be published to `topic`, as a message that says how to fix it, or `undefined`
 * when it is a valid topic name.
 */
export function publishTopicError(topic: string): string | undefined {
  if (topic === '') {
    return 'A publish topic cannot be empty: name the topic to publish to, such as "home/lamp/set".';
  }
  const shown = quoteForMessage(topic);
  const tooLong = tooLongError(topic, shown, 'publish topic');
  if (tooLong) return tooLong;
  if (topic.includes('\u0000')) {
    return `${shown} is not a valid publish topic: it contains a NUL character (U+0000); remove it.`;
  }
  const wildcard = topic.includes('+') ? '+' : topic.includes('#') ? '#' : undefined;
  if (wildcard) {
    return (
      `${shown} is not a valid publish topic: it contains "${wildcard}", and wildcards ("+" and "#") are ` +
      `only for subscribing. Publish to one exact topic, such as "home/kitchen/lamp/set".`
    );
  }
  return undefined;
}

/** Whether `filter` contains a wildcard, that is, whether it can match more than one topic. */
export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/**
 * Whether a message published to `topic` is delivered to a subscription to `filter`. Both are assumed
 * valid (see `publishTopicError` and `topicFilterError`); an invalid filter matches only literally.
 */
export function topicMatchesFilter(topic: string, filter: string): boolean {
  return matchLevels(topic, filter, undefined);
}

/**
 * What each wildcard of `filter` matched in `topic`, in order: one level for each "+", and for "#" the
 * remaining levels joined by "/" (an empty string when "a/#" matches "a"). `undefined` when the topic does
 * not match. These fill the `{{1}}`, `{{2}}`… placeholders of an element's template.
 */
export function wildcardValues(topic: string, filter: string): string[] | undefined {
  const values: string[] = [];
  return matchLevels(topic, filter, values) ? values : undefined;
}

/**
 * Walks topic and filter level by level without splitting them, since matching runs for every message;
 * when `captures` is given, collects what each wildcard matched.
 */
function matchLevels(topic: string, filter: string, captures: string[] | undefined): boolean {
  // Section 4.7.2: topics starting with "$" are for the server, so wildcards at the first level skip them.
  const firstFilterChar = filter.charCodeAt(0);
  if (topic.charCodeAt(0) === DOLLAR && (firstFilterChar === PLUS || firstFilterChar === HASH)) return false;

  let topicStart = 0;
  let filterStart = 0;
  for (;;) {
    const filterEnd = levelEnd(filter, filterStart);
    const isWholeLevel = filterEnd - filterStart === 1;
    if (isWholeLevel && filter.charCodeAt(filterStart) === HASH) {
      // "#" also matches the parent level: "a/#" matches "a", where topicStart has run past the end.
      captures?.push(topicStart < topic.length ? topic.slice(topicStart) : '');
      return true;
    }
    if (topicStart > topic.length) return false; // the filter has more levels than the topic
    const topicEnd = levelEnd(topic, topicStart);
    if (isWholeLevel && filter.charCodeAt(filterStart) === PLUS) {
      captures?.push(topic.slice(topicStart, topicEnd));
    } else if (!sameLevel(topic, topicStart, topicEnd, filter, filterStart, filterEnd)) {
      return false;
    }
    if (filterEnd === filter.length) return topicEnd === topic.length;
    filterStart = filterEnd + 1;
    topicStart = topicEnd + 1;
  }
}

function levelEnd(text: string, start: number): number {
  const slash = text.indexOf('/', start);
  return slash < 0 ? text.length : slash;
}

function sameLevel(
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let offset = 0; offset < aEnd - aStart; offset++) {
    if (a.charCodeAt(aStart + offset) !== b.charCodeAt(bStart + offset)) return false;
  }
  return true;
}

function tooLongError(text: string, shown: string, what: string): string | undefined {
  // Every UTF-16 code unit takes at most 3 bytes in UTF-8, so short strings need no counting.
  if (text.length * 3 <= MAX_TOPIC_BYTES) return undefined;
  const bytes = utf8ByteLength(text);
  if (bytes <= MAX_TOPIC_BYTES) return undefined;
  return (
    `${shown} is not a valid ${what}: it is ${bytes} bytes long in UTF-8, and MQTT allows at most ` +
    `${MAX_TOPIC_BYTES}. Use a shorter ${what}.`
  );
}

/** The length `text` will have on the wire, counted without an encoder so the core needs no DOM. */
function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3; // also a lone surrogate, which an encoder replaces with U+FFFD
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Quotes a topic for a message: control characters such as NUL become visible escapes, and a very long
 * topic is cut so the message stays readable.
 */
function quoteForMessage(text: string): string {
  const limit = 80;
  return text.length > limit
    ? `${JSON.stringify(text.slice(0, limit)).slice(0, -1)}…"`
    : JSON.stringify(text);
}

// What the explorer's search box means: a topic filter when it holds `+` or `#`, otherwise a piece of
// the topic to look for, in any case.
import { topicFilterError, topicMatchesFilter } from '../core/topic.js';

export interface TopicSearch {
  /** The query as typed, trimmed. Empty means "show everything". */
  readonly query: string;
  readonly kind: 'all' | 'substring' | 'filter';
  /** Why the query cannot be used as a filter, when it looks like one but is not valid. */
  readonly error?: string;
  matches(topic: string): boolean;
}

/**
 * Reads a search query. `home/+/temp` and `home/#` are matched as MQTT filters; anything else is
 * looked for anywhere in the topic, ignoring case (`temp` finds `home/kitchen/Temp`).
 */
export function parseTopicSearch(raw: string): TopicSearch {
  const query = raw.trim();
  if (query === '') return { query, kind: 'all', matches: () => true };
  if (query.includes('+') || query.includes('#')) {
    const error = topicFilterError(query);
    if (error) return { query, kind: 'filter', error, matches: () => false };
    return { query, kind: 'filter', matches: (topic) => topicMatchesFilter(topic, query) };
  }
  const needle = query.toLowerCase();
  return { query, kind: 'substring', matches: (topic) => topic.toLowerCase().includes(needle) };
}

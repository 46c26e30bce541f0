// Maps topic filters to values and finds, for an incoming topic, every value whose filter matches it.
import { topicFilterError } from './topic.js';

const DOLLAR = 0x24;

interface Route<T> {
  readonly filter: string;
  /** Whether the filter has a wildcard. One without is found by looking the whole topic up instead. */
  readonly wild: boolean;
  value: T;
}

/** One topic level of the trie; a filter's route hangs on the node reached by its levels. */
class TrieNode<T> {
  literal: Map<string, TrieNode<T>> | undefined = undefined;
  plus: TrieNode<T> | undefined = undefined;
  /** The route of the filter that ends at this level. */
  exact: Route<T> | undefined = undefined;
  /** The route of the filter that continues with "#" after this level (kept here since "#" is always last). */
  rest: Route<T> | undefined = undefined;
  /** How many wildcard filters end at or below this node; the walk skips branches with none. */
  wildcards = 0;

  isEmpty(): boolean {
    return !this.exact && !this.rest && !this.plus && !this.literal;
  }
}

/**
 * Holds one value per topic filter and routes a topic to the values of every filter that matches it.
 *
 * The filters form a trie over topic levels, so routing a message costs in proportion to the filters that
 * share its path, not to all the filters held: a page with thousands of elements pays for a message only
 * through the elements that match it. A filter without wildcards matches one topic only, so it is found
 * by a single lookup of the whole topic, and the walk down the trie goes only where wildcard filters are:
 * on a page of mostly exact filters, a message costs about the same with ten thousand as with a hundred.
 */
export class TopicRouter<T> {
  private readonly routes = new Map<string, Route<T>>();
  private readonly root = new TrieNode<T>();
  private nodeCount = 0;
  /** At least the depth of the deepest node; it only shrinks when the router empties. */
  private deepestLevel = 0;

  /** How many filters the router holds. */
  get size(): number {
    return this.routes.size;
  }

  /**
   * How many trie nodes the filters use. Deleting every filter brings it back to 0, which is what tests
   * check to know that memory is given back.
   */
  get trieNodeCount(): number {
    return this.nodeCount;
  }

  /**
   * Sets the value for `filter`, replacing any earlier one.
   * @throws {TypeError} when `filter` is not a valid topic filter, with the reason and the fix.
   */
  set(filter: string, value: T): void {
    const existing = this.routes.get(filter);
    if (existing) {
      existing.value = value;
      return;
    }
    const error = topicFilterError(filter);
    if (error) throw new TypeError(error);

    const levels = filter.split('/');
    const endsWithHash = levels[levels.length - 1] === '#';
    const wild = endsWithHash || levels.includes('+');
    const route: Route<T> = { filter, wild, value };
    const depth = endsWithHash ? levels.length - 1 : levels.length;
    let node = this.root;
    if (wild) node.wildcards++;
    for (let index = 0; index < depth; index++) {
      node = this.childOrCreate(node, levels[index]);
      if (wild) node.wildcards++;
    }
    if (endsWithHash) node.rest = route;
    else node.exact = route;
    this.routes.set(filter, route);
    if (depth > this.deepestLevel) this.deepestLevel = depth;
  }

  /** The value for exactly `filter` (no matching), or `undefined`. */
  get(filter: string): T | undefined {
    return this.routes.get(filter)?.value;
  }

  has(filter: string): boolean {
    return this.routes.has(filter);
  }

  /** Removes `filter` and the trie nodes only it used. Returns whether it was there. */
  delete(filter: string): boolean {
    const route = this.routes.get(filter);
    if (!route) return false;
    this.routes.delete(filter);

    const levels = filter.split('/');
    const endsWithHash = levels[levels.length - 1] === '#';
    const depth = endsWithHash ? levels.length - 1 : levels.length;
    const path: TrieNode<T>[] = [this.root];
    let node = this.root;
    if (route.wild) node.wildcards--;
    for (let index = 0; index < depth; index++) {
      node = childOf(node, levels[index])!;
      if (route.wild) node.wildcards--;
      path.push(node);
    }
    if (endsWithHash) node.rest = undefined;
    else node.exact = undefined;

    for (let index = depth; index > 0 && path[index].isEmpty(); index--) {
      const parent = path[index - 1];
      const level = levels[index - 1];
      if (level === '+') {
        parent.plus = undefined;
      } else {
        parent.literal!.delete(level);
        if (parent.literal!.size === 0) parent.literal = undefined;
      }
      this.nodeCount--;
    }
    if (this.routes.size === 0) this.deepestLevel = 0;
    return true;
  }

  /** Every filter with its value, in the order the filters were first set. */
  *entries(): IterableIterator<[string, T]> {
    for (const route of this.routes.values()) yield [route.filter, route.value];
  }

  filters(): IterableIterator<string> {
    return this.routes.keys();
  }

  *values(): IterableIterator<T> {
    for (const route of this.routes.values()) yield route.value;
  }

  [Symbol.iterator](): IterableIterator<[string, T]> {
    return this.entries();
  }

  /**
   * Calls `visit` once for each filter that matches `topic`, in no particular order. This runs for every
   * message, so it allocates nothing beyond splitting the topic once, and not even that when no wildcard
   * filter is held.
   *
   * `visit` may set or delete filters; a filter deleted before its turn is not visited, and one set during
   * the walk may or may not be.
   */
  match(topic: string, visit: (value: T, filter: string) => void): void {
    const exact = this.routes.get(topic);
    if (exact !== undefined && !exact.wild) visit(exact.value, exact.filter);
    if (this.root.wildcards === 0) return;
    // No filter reaches deeper than deepestLevel, so a hostile topic with thousands of levels is split only
    // as far as some filter could look. One extra level is enough to tell "deeper than every filter".
    const levels = topic.split('/', this.deepestLevel + 1);
    if (topic.charCodeAt(0) === DOLLAR) {
      // Section 4.7.2: wildcards at the first level do not match topics starting with "$".
      const first = this.root.literal?.get(levels[0]);
      if (first !== undefined && first.wildcards > 0) visitMatches(first, levels, 1, visit);
    } else {
      visitMatches(this.root, levels, 0, visit);
    }
  }

  /** How many filters match `topic`. */
  matchCount(topic: string): number {
    let count = 0;
    this.match(topic, () => count++);
    return count;
  }

  private childOrCreate(node: TrieNode<T>, level: string): TrieNode<T> {
    let child = childOf(node, level);
    if (child) return child;
    child = new TrieNode<T>();
    this.nodeCount++;
    if (level === '+') {
      node.plus = child;
    } else {
      node.literal ??= new Map();
      node.literal.set(level, child);
    }
    return child;
  }
}

function childOf<T>(node: TrieNode<T>, level: string): TrieNode<T> | undefined {
  return level === '+' ? node.plus : node.literal?.get(level);
}

/**
 * Visits the wildcard routes under `node`, which the first `depth` levels of the topic have reached (the
 * exact route, if any, was looked up by `match`). It follows one branch in a loop and recurses only where
 * the walk forks (a literal level and "+" both match), so the stack stays shallow even for topics and
 * filters with very many levels; it leaves branches that hold no wildcard filter.
 */
function visitMatches<T>(
  node: TrieNode<T>,
  levels: readonly string[],
  depth: number,
  visit: (value: T, filter: string) => void,
): void {
  // Routes are read just before their visit, so a route that an earlier visit deleted is skipped.
  for (;;) {
    if (depth === levels.length) {
      // The topic ends here; "#" also matches its parent level, so "a/#" matches "a".
      const exact = node.exact;
      if (exact?.wild) visit(exact.value, exact.filter);
      const rest = node.rest;
      if (rest) visit(rest.value, rest.filter);
      return;
    }
    const rest = node.rest;
    if (rest) visit(rest.value, rest.filter);
    let literal = node.literal?.get(levels[depth]);
    if (literal !== undefined && literal.wildcards === 0) literal = undefined;
    let plus = node.plus;
    if (plus !== undefined && plus.wildcards === 0) plus = undefined;
    depth++;
    if (literal && plus) visitMatches(plus, levels, depth, visit);
    const next = literal ?? plus;
    if (!next) return;
    node = next;
  }
}

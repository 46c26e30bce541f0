// The rows an explorer shows: the tree flattened in display order, through expanded levels only, or,
// while searching, through the levels that lead to a match. Kept between frames and rebuilt only when
// the shape of what is visible changed, so a busy broker that only updates values costs no rebuild.
import { parseTopicSearch, type TopicSearch } from './topic-search.js';
import type { TopicNode, TopicTree } from './topic-tree.js';

/** One visible row, with what a treeitem needs to say where it is. */
export interface TreeRow {
  readonly node: TopicNode;
  /** `aria-level`: 1 for the first level. */
  readonly level: number;
  /** `aria-posinset` and `aria-setsize`: the place among the visible siblings. */
  readonly position: number;
  readonly siblings: number;
}

export class TreeRows {
  readonly tree: TopicTree;
  #search: TopicSearch = parseTopicSearch('');
  /** While searching: the nodes that match or lead to a match. */
  #shown = new Set<TopicNode>();
  /** While searching: levels the user collapsed (a search opens every level that leads to a match). */
  #searchCollapsed = new Set<TopicNode>();
  #rows: TreeRow[] = [];
  #index = new Map<TopicNode, number>();
  #stale = true;
  readonly #stop: () => void;

  constructor(tree: TopicTree) {
    this.tree = tree;
    this.#stop = tree.onShapeChange({
      added: (node) => this.#added(node),
      removed: (node) => this.#removed(node),
    });
  }

  /** Stops following the tree. */
  dispose(): void {
    this.#stop();
  }

  get search(): TopicSearch {
    return this.#search;
  }

  /** Whether the rows must be rebuilt before the next draw. */
  get stale(): boolean {
    return this.#stale;
  }

  /** Filters the rows by `query` (see `parseTopicSearch`); empty shows the whole tree again. */
  setSearch(query: string): TopicSearch {
    const search = parseTopicSearch(query);
    if (search.query === this.#search.query) return this.#search;
    this.#search = search;
    this.#shown = new Set();
    this.#searchCollapsed = new Set();
    if (search.kind !== 'all') this.#collectMatches(this.tree.root);
    this.#stale = true;
    return search;
  }

  /** The visible rows, rebuilt if the tree's visible shape changed since the last call. */
  rows(): readonly TreeRow[] {
    if (this.#stale) this.#rebuild();
    return this.#rows;
  }

  /** The row index of `node`, or -1 when it is not visible. */
  indexOf(node: TopicNode): number {
    this.rows();
    return this.#index.get(node) ?? -1;
  }

  isExpanded(node: TopicNode): boolean {
    if (!node.hasChildren) return false;
    if (this.#search.kind === 'all') return node.expanded;
    return !this.#searchCollapsed.has(node);
  }

  setExpanded(node: TopicNode, expanded: boolean): void {
    if (!node.hasChildren || this.isExpanded(node) === expanded) return;
    if (this.#search.kind === 'all') node.expanded = expanded;
    else if (expanded) this.#searchCollapsed.delete(node);
    else this.#searchCollapsed.add(node);
    this.#stale = true;
  }

  /** Expands `node` and every level below it. */
  expandAll(node: TopicNode): void {
    const stack = [node];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (!next.hasChildren) continue;
      next.expanded = true;
      this.#searchCollapsed.delete(next);
      stack.push(...next.children());
    }
    this.#stale = true;
  }

  /** Expands every sibling of `node` (the `*` key of the WAI-ARIA tree pattern). */
  expandSiblings(node: TopicNode): void {
    for (const sibling of node.parent?.children() ?? []) this.setExpanded(sibling, true);
  }

  /** Makes `node` visible by expanding the levels above it (outside a search). */
  reveal(node: TopicNode): void {
    for (let n = node.parent; n && n.parent; n = n.parent) this.setExpanded(n, true);
  }

  #visible(node: TopicNode): boolean {
    return this.#search.kind === 'all' || this.#shown.has(node);
  }

  #rebuild(): void {
    const rows: TreeRow[] = [];
    const index = new Map<TopicNode, number>();
    // Iterative, depth first: a topic can have thousands of levels in principle (up to 65,535 bytes).
    const stack: { children: readonly TopicNode[]; at: number; visible: TopicNode[] }[] = [];
    const push = (parent: TopicNode) => {
      const visible = parent.children().filter((child) => this.#visible(child));
      stack.push({ children: visible, at: 0, visible });
    };
    push(this.tree.root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.at >= top.visible.length) {
        stack.pop();
        continue;
      }
      const node = top.visible[top.at++];
      index.set(node, rows.length);
      rows.push({ node, level: node.depth, position: top.at, siblings: top.visible.length });
      if (this.isExpanded(node)) push(node);
    }
    this.#rows = rows;
    this.#index = index;
    this.#stale = false;
  }

  #collectMatches(root: TopicNode): void {
    const stack = [...root.children()];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.#search.matches(node.topic)) this.#show(node);
      stack.push(...node.children());
    }
  }

  #show(node: TopicNode): void {
    for (let n: TopicNode | undefined = node; n && n.parent && !this.#shown.has(n); n = n.parent) {
      this.#shown.add(n);
    }
  }

  #added(node: TopicNode): void {
    if (this.#search.kind !== 'all') {
      if (!this.#search.matches(node.topic)) return;
      this.#show(node);
      this.#stale = true;
      return;
    }
    // A new level matters only when every level above it is open.
    for (let n = node.parent; n && n.parent; n = n.parent) if (!n.expanded) return;
    this.#stale = true;
  }

  #removed(node: TopicNode): void {
    if (this.#index.has(node) || this.#shown.has(node)) {
      this.#stale = true;
      this.#shown.delete(node);
    }
  }
}

// The explorer's model of a broker: every topic seen, as a tree of levels, with the number of topics and
// messages below each level, each topic's latest messages, and when each level last changed. No DOM:
// the element draws it, the tests drive it directly.
import type { MqttMessage } from '../core/message.js';
import { MessageRing } from './message-ring.js';

let nextNodeId = 1;

/** One level of the tree. A node is a *topic* when a message was published to its path. */
export class TopicNode {
  readonly id = nextNodeId++;
  /** The level's own name; may be empty (`a//b` has an empty middle level). */
  readonly name: string;
  /** The full path, e.g. `home/kitchen/temp`. The root's is empty. */
  readonly topic: string;
  readonly parent: TopicNode | undefined;
  /** 0 for the root, 1 for the first level. */
  readonly depth: number;
  /** Topics at or below this node. */
  topicCount = 0;
  /** Messages received at or below this node (since it was last emptied). */
  messageCount = 0;
  /** `Date.now()`-style time of the last message at or below this node (its `receivedAt`). */
  changedAt = -Infinity;
  /** Whether the view shows the children (outside a search). */
  expanded = false;
  /** The latest messages of this topic, oldest first; undefined for a level nobody published to. */
  history: MessageRing<MqttMessage> | undefined;
  /** A number when the name is a plain integer, so `t/2` sorts before `t/10`. */
  readonly #numeric: number;
  // Both only on a level with children: most nodes are topics at the end of a path.
  #children: Map<string, TopicNode> | undefined;
  #ordered: TopicNode[] | undefined;
  #sorted = true;

  constructor(name: string, parent: TopicNode | undefined) {
    this.name = name;
    this.parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
    this.topic = !parent ? '' : parent.depth === 0 ? name : `${parent.topic}/${name}`;
    this.#numeric = /^\d{1,15}$/.test(name) ? Number(name) : NaN;
  }

  /** The latest message of this topic. */
  get last(): MqttMessage | undefined {
    return this.history?.newest();
  }

  get isTopic(): boolean {
    return this.history !== undefined;
  }

  get hasChildren(): boolean {
    return this.#ordered !== undefined && this.#ordered.length > 0;
  }

  get childCount(): number {
    return this.#ordered?.length ?? 0;
  }

  child(name: string): TopicNode | undefined {
    return this.#children?.get(name);
  }

  /**
   * The children in display order: numbers by value first, then names by code point. Sorted only when
   * asked, so levels nobody looks at cost nothing, and new children appended to a sorted run are cheap
   * to merge.
   */
  children(): readonly TopicNode[] {
    if (this.#ordered === undefined) return noNodes;
    if (!this.#sorted) {
      this.#ordered.sort(compareNodes);
      this.#sorted = true;
    }
    return this.#ordered;
  }

  /** @internal */
  addChild(node: TopicNode): void {
    this.#children ??= new Map();
    this.#children.set(node.name, node);
    this.#ordered ??= [];
    const last = this.#ordered[this.#ordered.length - 1];
    this.#ordered.push(node);
    if (last && compareNodes(last, node) > 0) this.#sorted = false;
  }

  /** @internal */
  removeChild(node: TopicNode): void {
    this.#children?.delete(node.name);
    const index = this.#ordered?.indexOf(node) ?? -1;
    if (index >= 0) this.#ordered!.splice(index, 1);
  }

  static compare(a: TopicNode, b: TopicNode): number {
    return compareNodes(a, b);
  }

  /** @internal */
  get numericName(): number {
    return this.#numeric;
  }
}

const noNodes: readonly TopicNode[] = Object.freeze([]);

function compareNodes(a: TopicNode, b: TopicNode): number {
  const x = a.numericName;
  const y = b.numericName;
  if (x === x && y === y) return x - y; // both numbers (NaN !== NaN)
  if (x === x) return -1;
  if (y === y) return 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface TopicTreeOptions {
  /** Messages kept per topic (at least 1: the last one). */
  historySize?: number;
  /** The most topics held; messages on further topics are counted in `droppedTopics` and not kept. */
  maxTopics?: number;
  /** The clock for `changedAt`; by default the message's own `receivedAt`, which costs nothing to read. */
  now?: () => number;
}

/** What changed in the tree's shape, for a view that keeps a flattened copy of it. */
export interface TreeShapeListener {
  added(node: TopicNode): void;
  removed(node: TopicNode): void;
}

export const defaultHistorySize = 20;
export const defaultMaxTopics = 200_000;

export class TopicTree {
  readonly root = new TopicNode('', undefined);
  /** Messages on topics beyond `maxTopics`, which were not kept. */
  droppedMessages = 0;
  #historySize: number;
  #maxTopics: number;
  readonly #now: (() => number) | undefined;
  readonly #byTopic = new Map<string, TopicNode>();
  readonly #listeners = new Set<TreeShapeListener>();

  constructor(options: TopicTreeOptions = {}) {
    this.#historySize = checkedSize(options.historySize ?? defaultHistorySize, 'historySize');
    this.#maxTopics = checkedSize(options.maxTopics ?? defaultMaxTopics, 'maxTopics');
    this.#now = options.now;
  }

  get topicCount(): number {
    return this.root.topicCount;
  }

  get messageCount(): number {
    return this.root.messageCount;
  }

  get historySize(): number {
    return this.#historySize;
  }

  /** Changes how many messages each topic keeps; existing histories keep their newest messages. */
  set historySize(size: number) {
    size = checkedSize(size, 'historySize');
    if (size === this.#historySize) return;
    this.#historySize = size;
    for (const node of this.#byTopic.values()) if (node.history) node.history = node.history.resized(size);
  }

  get maxTopics(): number {
    return this.#maxTopics;
  }

  set maxTopics(limit: number) {
    this.#maxTopics = checkedSize(limit, 'maxTopics');
  }

  /** The node at `topic`, if the tree has one (a topic or a level above topics). */
  find(topic: string): TopicNode | undefined {
    const known = this.#byTopic.get(topic);
    if (known) return known;
    let node: TopicNode | undefined = this.root;
    for (const level of topic.split('/')) {
      node = node.child(level);
      if (!node) return undefined;
    }
    return node;
  }

  /** Every topic node (not the levels between them), in no particular order. */
  topics(): IterableIterator<TopicNode> {
    return this.#byTopic.values();
  }

  onShapeChange(listener: TreeShapeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Records a message. An empty payload removes the topic, as it clears a retained message on the broker
   * (and as MQTT Explorer shows it). Returns the topic's node, or undefined when the message was not
   * kept (cleared, or beyond `maxTopics`).
   */
  add(message: MqttMessage): TopicNode | undefined {
    const topic = message.topic;
    let node = this.#byTopic.get(topic);
    if (message.payload.length === 0) {
      if (node) this.#removeTopic(node);
      return undefined;
    }
    const now = this.#now ? this.#now() : message.receivedAt;
    if (!node) {
      if (this.root.topicCount >= this.#maxTopics) {
        this.droppedMessages++;
        return undefined;
      }
      node = this.#path(topic);
      this.#byTopic.set(topic, node);
    }
    if (!node.history) {
      node.history = new MessageRing(this.#historySize);
      for (let n: TopicNode | undefined = node; n; n = n.parent) n.topicCount++;
    } else if (node.last === message) {
      // The same message handed again (a cache replay after re-subscribing): already counted.
      return node;
    }
    node.history.push(message);
    for (let n: TopicNode | undefined = node; n; n = n.parent) {
      n.messageCount++;
      n.changedAt = now;
    }
    return node;
  }

  /** Forgets every topic. */
  clear(): void {
    for (const child of [...this.root.children()]) this.#detach(child);
    this.#byTopic.clear();
    this.root.topicCount = 0;
    this.root.messageCount = 0;
    this.droppedMessages = 0;
  }

  #path(topic: string): TopicNode {
    let node = this.root;
    let start = 0;
    for (;;) {
      const end = topic.indexOf('/', start);
      const name = end < 0 ? topic.slice(start) : topic.slice(start, end);
      let next = node.child(name);
      if (!next) {
        next = new TopicNode(name, node);
        node.addChild(next);
        for (const listener of this.#listeners) listener.added(next);
      }
      node = next;
      if (end < 0) return node;
      start = end + 1;
    }
  }

  #removeTopic(node: TopicNode): void {
    const messages = node.messageCount - childMessages(node);
    node.history = undefined;
    this.#byTopic.delete(node.topic);
    for (let n: TopicNode | undefined = node; n; n = n.parent) {
      n.topicCount--;
      n.messageCount -= messages;
    }
    // Levels left with no topic below them go too.
    let empty: TopicNode = node;
    while (empty.parent && empty.parent !== this.root && empty.parent.topicCount === 0) empty = empty.parent;
    if (empty.topicCount === 0) this.#detach(empty);
  }

  #detach(node: TopicNode): void {
    node.parent?.removeChild(node);
    for (const listener of this.#listeners) listener.removed(node);
  }
}

function childMessages(node: TopicNode): number {
  let sum = 0;
  for (const child of node.children()) sum += child.messageCount;
  return sum;
}

function checkedSize(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${value}.`);
  }
  return Math.floor(value);
}

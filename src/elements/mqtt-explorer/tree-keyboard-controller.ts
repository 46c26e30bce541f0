// The keys of the WAI-ARIA tree pattern over TreeRows, as a reactive controller: any Lit element that
// draws TreeRows (the explorer, or a page's own tree) attaches it and passes its keydown events.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TopicNode } from '../../explorer/topic-tree.js';
import type { TreeRows } from '../../explorer/tree-rows.js';
import { TypeAhead } from '../../explorer/type-ahead.js';

export interface TreeKeyboardOptions {
  rows: TreeRows;
  /** The focused node, if any. */
  active: () => TopicNode | undefined;
  /** Focuses (and scrolls to) `node`. */
  activate: (node: TopicNode) => void;
  /** Rows in one page, for Page Up and Page Down. */
  pageSize: () => number;
}

/**
 * Arrow keys move and open or close levels, Home/End and Page Up/Down jump, `*` opens every sibling,
 * Enter and Space toggle, and typed characters move to the next visible level whose name starts with
 * them. The host draws the rows and decides what "active" looks like:
 *
 * ```ts
 * readonly #keys = new TreeKeyboardController(this, {
 *   rows: this.rows,
 *   active: () => this.active,
 *   activate: (node) => { this.active = node; },
 *   pageSize: () => 10,
 * });
 * render() { return html`<div role="tree" tabindex="0" @keydown=${this.#keys.onKeyDown}>…</div>`; }
 * ```
 */
export class TreeKeyboardController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TreeKeyboardOptions;
  readonly #typeAhead = new TypeAhead();

  constructor(host: ReactiveControllerHost, options: TreeKeyboardOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#typeAhead.reset();
  }

  /** Handles a keydown on the tree; keys it does not use are left to the page. */
  readonly onKeyDown = (event: KeyboardEvent): void => {
    const { rows: model, activate } = this.#options;
    const rows = model.rows();
    if (rows.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const active = this.#options.active();
    const index = active ? model.indexOf(active) : -1;
    const node = index >= 0 ? rows[index].node : undefined;
    const go = (to: number) => activate(rows[Math.max(0, Math.min(rows.length - 1, to))].node);
    const typing = this.#typeAhead.active(event.timeStamp);
    switch (event.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index < 0 ? 0 : index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'PageDown':
        go(index + this.#options.pageSize());
        break;
      case 'PageUp':
        go(index - this.#options.pageSize());
        break;
      case 'ArrowRight':
        if (!node) go(0);
        else if (node.hasChildren && !model.isExpanded(node)) model.setExpanded(node, true);
        else if (node.hasChildren) go(index + 1);
        break;
      case 'ArrowLeft':
        if (!node) go(0);
        else if (model.isExpanded(node)) model.setExpanded(node, false);
        else if (node.parent && node.parent.parent) activate(node.parent);
        break;
      case 'Enter':
        if (node) model.setExpanded(node, !model.isExpanded(node));
        break;
      case '*':
        if (node) model.expandSiblings(node);
        break;
      default: {
        if (event.key.length !== 1) return;
        // Space toggles a level, as Enter does, unless it is part of a name being typed.
        if (event.key === ' ' && !typing) {
          if (node) model.setExpanded(node, !model.isExpanded(node));
          break;
        }
        // Type-ahead: to the next visible node whose name starts with what was typed.
        const found = this.#typeAhead.type(
          event.key,
          event.timeStamp,
          rows.length,
          index,
          (i) => rows[i].node.name,
        );
        if (found >= 0) activate(rows[found].node);
      }
    }
    event.preventDefault();
    this.#host.requestUpdate();
  };
}

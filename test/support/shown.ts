// The text an element shows a user as its value: the `value` part in its shadow root. No side effects,
// so the CDN tests, which load the built bundles instead of the sources, can use it too.

/** The text of `element`'s `value` part; empty when it renders none (yet). */
export function shown(element: Element): string {
  return element.shadowRoot?.querySelector('[part~="value"]')?.textContent ?? '';
}

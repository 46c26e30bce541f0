// Design tokens shared by every widget: custom properties with light defaults, a dark look that
// follows `prefers-color-scheme`, and an explicit switch by class or attribute on any container.
import { css, unsafeCSS } from 'lit';

// The tokens that differ between the looks, by their public custom property. One source for both the
// shadow styles and the page-level switch below, so the two cannot drift apart.
const light = {
  '--mqtt-surface': '#ffffff',
  '--mqtt-text': '#1d2330',
  '--mqtt-muted': '#667085',
  '--mqtt-border': '#d9dee7',
  '--mqtt-accent': '#2f6fdb',
  '--mqtt-track': '#e7eaf0',
  // Darker than --mqtt-error-color so small text keeps 4.5:1 contrast on the surface.
  '--mqtt-error-text-color': '#b42318',
};
const dark: typeof light = {
  '--mqtt-surface': '#171b24',
  '--mqtt-text': '#e6e9ef',
  '--mqtt-muted': '#9aa3b2',
  '--mqtt-border': '#2c3342',
  '--mqtt-accent': '#6ea0ff',
  '--mqtt-track': '#2a3140',
  '--mqtt-error-text-color': '#ff8a80',
};

/** Private token → public property; every private token falls back to the look's default. */
const tokens: Record<string, keyof typeof light> = {
  '--_bg': '--mqtt-surface',
  '--_fg': '--mqtt-text',
  '--_muted': '--mqtt-muted',
  '--_border': '--mqtt-border',
  '--_accent': '--mqtt-accent',
  '--_track': '--mqtt-track',
  '--_error-text': '--mqtt-error-text-color',
};

const privateTokens = (look: typeof light) =>
  unsafeCSS(
    Object.entries(tokens)
      .map(([own, pub]) => `${own}: var(${pub}, ${look[pub]});`)
      .join('\n'),
  );

const declarations = (look: typeof light) =>
  Object.entries(look)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');

/**
 * Include first in a widget's `styles`. A page picks a look with `class="mqtt-dark"` /
 * `class="mqtt-light"` or `data-mqtt-theme="dark|light"` on a container; otherwise the system
 * setting decides. Every token can be overridden with the custom property of the same name.
 */
export const themeStyles = css`
  :host {
    ${privateTokens(light)}
    --_ok: var(--mqtt-ok, #2e9d5b);
    --_warn: var(--mqtt-warn, #d8a019);
    --_error: var(--mqtt-error-color, #d64545);
    --_radius: var(--mqtt-radius, 10px);
    --_font: var(--mqtt-font, inherit);
    color: var(--_fg);
    font-family: var(--_font);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${privateTokens(dark)}
    }
  }
  :host([hidden]) {
    display: none !important;
  }
`;

// Shadow styles cannot see a class on an ancestor (`:host-context()` is Chromium-only), but custom
// properties inherit into shadow roots. So the switch is a page-level rule that sets the public
// properties on the marked container. `:where()` keeps it at zero specificity: a page's own
// `--mqtt-*` values always win over it.
const switchText =
  `:where(.mqtt-dark, [data-mqtt-theme='dark']) { ${declarations(dark)} }\n` +
  `:where(.mqtt-light, [data-mqtt-theme='light']) { ${declarations(light)} }`;

// A constructed sheet can only be adopted within the document that made it: one per document.
const switchSheets = new WeakMap<Document, CSSStyleSheet>();
const switched = new WeakSet<Document | ShadowRoot>();

/**
 * Makes the `mqtt-dark` / `mqtt-light` class (and `data-mqtt-theme`) work for an element: adds the
 * switch rule, once, to the document and to the shadow root the element lives in, if any.
 */
export function adoptThemeSwitch(element: Element): void {
  const document = element.ownerDocument;
  if (!('adoptedStyleSheets' in document) || typeof CSSStyleSheet === 'undefined') return;
  const root = element.getRootNode();
  const roots: (Document | ShadowRoot)[] = [document];
  if (root instanceof ShadowRoot) roots.push(root);
  for (const target of roots) {
    if (switched.has(target)) continue;
    switched.add(target);
    let sheet = switchSheets.get(document);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(switchText);
      switchSheets.set(document, sheet);
    }
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  }
}

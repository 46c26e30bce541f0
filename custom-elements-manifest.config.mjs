// Builds custom-elements.json from the elements' JSDoc: the source of the README's element table and
// of Storybook's docs.

/**
 * The analyzer also guesses events from `dispatchEvent(new SomeEvent(...))` calls and names them after
 * variables; the documented `@fires` tags are the contract, so keep only those.
 */
const documentedEventsOnly = {
  name: 'documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (!declaration.events) continue;
        declaration.events = declaration.events.filter(
          (event) => event.name?.startsWith('mqtt-') && event.description,
        );
        if (declaration.events.length === 0) delete declaration.events;
      }
    }
  },
};

/**
 * A `@default` tag says what a reader should see; the analyzer prefers the initializer's source text,
 * which for a computed default (a random client id) is code, not documentation.
 */
const documentedDefaultsWin = {
  name: 'documented-defaults-win',
  analyzePhase({ ts, node, moduleDoc }) {
    if (!ts.isClassDeclaration(node) || !node.name) return;
    const declaration = moduleDoc.declarations?.find((d) => d.name === node.name.getText());
    if (!declaration) return;
    for (const member of node.members) {
      const tag = ts.getJSDocTags(member).find((t) => t.tagName.getText() === 'default');
      const text = tag && ts.getTextOfJSDocComment(tag.comment);
      if (!text || !member.name) continue;
      const name = member.name.getText();
      for (const documented of [
        ...(declaration.members ?? []).filter((m) => m.name === name),
        ...(declaration.attributes ?? []).filter((a) => a.fieldName === name),
      ]) {
        documented.default = text;
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  plugins: [documentedEventsOnly, documentedDefaultsWin],
};

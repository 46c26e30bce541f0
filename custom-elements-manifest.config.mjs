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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  plugins: [documentedEventsOnly],
};

// Makes every CDN bundle of one build share a single copy of the library on a page, whatever URLs the
// page loads them from.
//
// The chart bundle (and every other separately loaded entry) imports Lit, the connection core and the
// widget base from `./mqtt-elements.js` next to it. A browser keys modules by URL, so the same file
// reached by two URLs runs twice: `unpkg.com/mqtt-elements/cdn/…` redirects to `…@0.1.0/cdn/…`, and the
// chart's relative import then names the versioned URL while the page's own script tag named the
// unversioned one. Two copies define every tag twice, and the second copy's elements never meet the
// first copy's connections.
//
// So the main bundle does not rely on URLs. Its whole body runs inside a function whose result (every
// name the bundle exports) is kept on `globalThis` under a key of this build; a second copy of the same
// build finds that result and runs nothing. The other entries read the same key and import the main
// bundle only when no copy has run yet. The classic script (IIFE) is made from the main bundle, so it
// fills the same key and a classic-script page can add the chart's module script.
import { createHash } from 'node:crypto';
import MagicString from 'magic-string';

/** The `globalThis` key of one build: the version and the main bundle's export names, which the entries use. */
function libraryKey(version, mainExports) {
  const digest = createHash('sha256').update(mainExports.toSorted().join(',')).digest('hex').slice(0, 12);
  return `Symbol.for(${JSON.stringify(`mqtt-elements@${version}/cdn/${digest}`)})`;
}

/**
 * For an ES build with several entries where `main` (a chunk name) holds every module the others share
 * (see `mainBundleFirst` in rollup.config.mjs). List it before terser, so terser minifies the result.
 */
export function shareMainBundle({ main, version }) {
  const mainFile = `./${main}.js`;
  return {
    name: 'share-main-bundle',
    renderChunk(code, chunk, _options, { chunks }) {
      const mainChunk = Object.values(chunks).find((each) => each.name === main && each.isEntry);
      if (!mainChunk) this.error(`share-main-bundle: no entry chunk named "${main}".`);
      const key = libraryKey(version, mainChunk.exports);
      const ast = this.parse(code);
      const edited = new MagicString(code);
      if (chunk === mainChunk || chunk.fileName === mainChunk.fileName) {
        wrapMainBundle(ast, edited, key, (message) => this.error(message));
      } else {
        const imports = ast.body.filter(
          (node) => node.type === 'ImportDeclaration' && node.source.value === mainFile,
        );
        for (const node of imports)
          edited.overwrite(node.start, node.end, readFromLibrary(node, key, mainFile));
      }
      if (!edited.hasChanged()) return null;
      return { code: edited.toString(), map: edited.generateMap({ hires: true }) };
    },
  };
}

/** `export {a as b}` at the end becomes a frozen object returned by a function that runs once per page. */
function wrapMainBundle(ast, edited, key, fail) {
  const statements = ast.body;
  if (statements.some((node) => node.type === 'ImportDeclaration')) {
    fail('share-main-bundle: the main bundle must not import other chunks; it runs inside a function.');
  }
  const exports = statements.filter((node) => node.type.startsWith('Export'));
  if (exports.length !== 1 || exports[0].type !== 'ExportNamedDeclaration' || exports[0].declaration) {
    fail('share-main-bundle: expected the main bundle to end with a single `export { … }` list.');
  }
  const pairs = exports[0].specifiers.map(({ local, exported }) => [local.name, exported.name]);
  edited.remove(exports[0].start, exports[0].end);
  edited.prepend(`const mqttElementsLibrary = (globalThis[${key}] ??= (() => {\n`);
  edited.append(
    `\nreturn Object.freeze({ ${pairs.map(([local, name]) => `${name}: ${local}`).join(', ')} });\n})());\n` +
      `export const { ${pairs.map(([, name]) => name).join(', ')} } = mqttElementsLibrary;\n`,
  );
}

/** `import {a as b} from './main.js'` becomes a read of the copy already on the page, else that import. */
function readFromLibrary(node, key, mainFile) {
  const names = node.specifiers.map((specifier) => {
    if (specifier.type !== 'ImportSpecifier')
      throw new Error(`share-main-bundle: unexpected ${specifier.type}`);
    return `${specifier.imported.name}: ${specifier.local.name}`;
  });
  return `const { ${names.join(', ')} } = globalThis[${key}] ?? (await import(${JSON.stringify(mainFile)}));`;
}

// Turns the finished main module bundle into the classic script (IIFE) for <script src>, instead of
// bundling the sources a second time: both files then hold the same code, so a page that loads the
// classic script and a module entry such as the chart shares one copy (see share-main-bundle.mjs).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const entry = '\0classic-script';

/**
 * `bundle` is the built ES bundle (e.g. cdn/mqtt-elements.js, with its .map next to it); `publicEntry`
 * is the module whose export names the classic script's global offers (the bundle's other exports are
 * internal names the module entries import). `omit`: names of `publicEntry` the bundle leaves to a file
 * loaded on demand.
 */
export function classicScriptOf({ bundle, publicEntry, omit = [] }) {
  return {
    name: 'classic-script',
    resolveId(source) {
      if (source === entry || source === bundle) return source;
      // Packages matter only while reading `publicEntry`'s export names: none of them is bundled.
      return source.startsWith('.') ? null : { id: source, external: true };
    },
    async load(id) {
      if (id === entry) {
        const names = (await exportNames(this, resolve(publicEntry))).filter((name) => !omit.includes(name));
        return `export { ${names.join(', ')} } from ${JSON.stringify(bundle)};`;
      }
      if (id !== bundle) return null;
      const code = await readFile(bundle, 'utf8');
      const map = JSON.parse(await readFile(`${bundle}.map`, 'utf8'));
      // Rollup chains this map into the classic script's, so its sources are the TypeScript files.
      return { code: code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), map };
    },
  };
}

export const classicScriptEntry = entry;

/** The names a module exports, following `export *` (rollup lists those as `*` only). */
async function exportNames(context, id) {
  const { exportedBindings } = await context.load({ id, resolveDependencies: true });
  const names = [];
  for (const [source, bound] of Object.entries(exportedBindings)) {
    if (!bound.includes('*')) {
      names.push(...bound);
      continue;
    }
    const target = await context.resolve(source, id);
    names.push(...(await exportNames(context, target.id)));
  }
  return names;
}

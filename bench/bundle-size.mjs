// Bundle sizes: the CDN bundles as built, and how they divide into our code, Lit and MQTT.js, against
// MQTT.js's own prebuilt browser bundle and against the way the library was bundled before (with that
// prebuilt bundle inlined).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { cdnPlugins, onwarn } from '../rollup.config.mjs';

export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

async function bundle(input, { external, plugins = cdnPlugins() } = {}) {
  const build = await rollup({ input, external, plugins, onwarn: (warning) => onwarn(warning, () => {}) });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return Buffer.from(output[0].code);
}

const lit = /^(lit|lit-html|lit-element|@lit\/)/;

/** The library with only its four core elements (no widgets), as the issue's size goal counts it. */
function coreElementsEntry(root) {
  const id = '\0core-elements';
  const tags = ['mqtt-connection', 'mqtt-status', 'mqtt-subscribe', 'mqtt-publish'];
  return {
    name: 'core-elements-entry',
    resolveId: (source) => (source === id ? id : null),
    load: (source) =>
      source === id
        ? [
            `import { ContextRoot } from '@lit/context';`,
            ...tags.map(
              (tag) => `import ${JSON.stringify(resolve(root, `dist/elements/${tag}/define.js`))};`,
            ),
            `new ContextRoot().attach(document.documentElement);`,
          ].join('\n')
        : null,
    entry: id,
  };
}

export async function runBundleBenchmark({ root }) {
  const file = (path) => readFile(resolve(root, path));
  const define = resolve(root, 'dist/define.js');
  const [main, global, chart, mqttPrebuilt] = await Promise.all([
    file('cdn/mqtt-elements.js'),
    file('cdn/mqtt-elements.global.js'),
    file('cdn/mqtt-chart.js').catch(() => undefined),
    file('node_modules/mqtt/dist/mqtt.min.js'),
  ]);
  const own = await bundle(define, { external: (id) => id === 'mqtt' || lit.test(id) });
  const withLit = await bundle(define, { external: (id) => id === 'mqtt' });
  const mqttSlim = await bundle(resolve(root, 'build/shims/mqtt.mjs'));
  const core = coreElementsEntry(root);
  const coreOnly = await bundle(core.entry, { plugins: [core, ...cdnPlugins()] });
  const coreOwn = await bundle(core.entry, {
    plugins: [core, ...cdnPlugins()],
    external: (id) => id === 'mqtt' || lit.test(id),
  });
  // The library as it was bundled before: MQTT.js's prebuilt browser bundle inlined whole.
  const before = await bundle(define, {
    plugins: [
      nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'production'] }),
      terser({ format: { comments: false }, ecma: 2020, module: true }),
    ],
  });
  const sizes = {
    main: compressed(main),
    global: compressed(global),
    chart: chart && compressed(chart),
    own: compressed(own),
    coreOnly: compressed(coreOnly),
    coreOwn: compressed(coreOwn),
    ownWithLit: compressed(withLit),
    mqttSlim: compressed(mqttSlim),
    mqttPrebuilt: compressed(mqttPrebuilt),
    before: compressed(before),
  };
  return sizes;
}

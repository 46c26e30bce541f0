// The drop-in bundles in cdn/: everything inlined, minified, with source maps. They bundle what `tsc`
// emitted into dist/, so TypeScript is compiled once, by tsc.
//
// MQTT.js is built from its own modules here, not taken from its prebuilt browser bundle: that bundle
// carries Node's stream, buffer, url, process and debug modules whole, and was most of our size. The
// Node modules MQTT.js imports are mapped to small browser-native stand-ins in build/shims/ (see
// `slimMqtt`). The npm build (dist/) is unaffected and keeps importing `mqtt` as a package.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { classicScriptEntry, classicScriptOf } from './build/classic-script.mjs';
import { shareMainBundle } from './build/share-main-bundle.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const shim = (file) => resolve(root, 'build/shims', file);

/** Node built-ins and packages MQTT.js (and mqtt-packet) import, and what the CDN bundles use instead. */
const packageShims = {
  mqtt: 'mqtt.mjs',
  buffer: 'buffer.mjs',
  events: 'events.mjs',
  process: 'process.mjs',
  'process-nextick-args': 'next-tick.mjs',
  url: 'url.mjs',
  debug: 'debug.mjs',
  'readable-stream': 'streams.mjs',
  bl: 'buffer-list.mjs',
  'lru-cache': 'lru-cache.mjs',
  // Reached only outside a browser.
  ws: 'unsupported.mjs',
  net: 'unsupported.mjs',
  tls: 'unsupported.mjs',
  socks: 'unsupported.mjs',
};

/** MQTT.js's own transport modules (under build/lib/), by path without extension. */
const mqttModuleShims = {
  'connect/ws': 'mqtt-websocket.mjs',
  'connect/tcp': 'unsupported.mjs',
  'connect/tls': 'unsupported.mjs',
  'connect/socks': 'unsupported.mjs',
  // WeChat and Alipay mini-program sockets: such apps cannot load a script from a CDN.
  'connect/wx': 'unsupported.mjs',
  'connect/ali': 'unsupported.mjs',
  BufferedDuplex: 'unsupported.mjs',
};

/** Modules that use Node's globals without importing them; they get an import instead. */
const globalImports = [
  {
    file: /node_modules\/mqtt\/build\/lib\/(connect\/index|shared|is-browser)\.js$/,
    name: 'process',
    from: 'process',
  },
  { file: /node_modules\/rfdc\/index\.js$/, name: '{ Buffer }', from: 'buffer' },
];

// Rollup names modules by their real path: node_modules may be a link (a workspace, a shared install).
const mqttLib = `${realpathSync(resolve(root, 'node_modules/mqtt/build/lib'))}/`;
const mqttVersionModule = '\0mqtt-version';

export function slimMqtt() {
  return {
    name: 'slim-mqtt',
    resolveId(source, importer) {
      if (Object.hasOwn(packageShims, source)) return shim(packageShims[source]);
      if (!importer?.startsWith(mqttLib) || !source.startsWith('.')) return null;
      const target = resolve(dirname(importer), source);
      if (target.endsWith('/mqtt/package.json')) return mqttVersionModule;
      const inLib = target.startsWith(mqttLib) ? target.slice(mqttLib.length).replace(/\.js$/, '') : '';
      return Object.hasOwn(mqttModuleShims, inLib) ? shim(mqttModuleShims[inLib]) : null;
    },
    async load(id) {
      if (id !== mqttVersionModule) return null;
      const { readFile } = await import('node:fs/promises');
      const { version } = JSON.parse(await readFile(resolve(root, 'node_modules/mqtt/package.json'), 'utf8'));
      // MQTT.js reads only the version, for its default client id.
      return `export const version = ${JSON.stringify(version)};`;
    },
    transform(code, id) {
      const globals = globalImports.filter(({ file }) => file.test(id));
      if (globals.length === 0) return null;
      const prelude = globals.map(({ name, from }) => `const ${name} = require(${JSON.stringify(from)});`);
      return { code: `${prelude.join(' ')}${code}`, map: null };
    },
  };
}

/** The plugins of every CDN bundle; `minify: false` for bundles that are only looked at. */
export function cdnPlugins({ minify = true } = {}) {
  return [
    slimMqtt(),
    // `production` drops Lit's dev-mode code.
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'production'] }),
    // A shim with only a default export is what `require()` returns, as the Node module it replaces.
    commonjs({ requireReturnsDefault: 'auto' }),
    minify && minifier(),
  ].filter(Boolean);
}

const minifier = () =>
  terser({ format: { comments: false }, ecma: 2020, module: true, compress: { passes: 2 } });

export const onwarn = (warning, warn) => {
  // tsc's CommonJS output in MQTT.js keeps a top-level `this`; nothing to fix there.
  if (warning.code === 'THIS_IS_UNDEFINED' && warning.id?.includes('node_modules/mqtt/')) return;
  warn(warning);
};

const mainEntry = resolve(root, 'dist/define.js');

/** The worker file of `<mqtt-connection shared>`, next to the CDN bundles. */
const workerFile = 'mqtt-elements-worker.js';

/**
 * In the CDN bundles the shared worker is the classic script next to the bundle that defined the
 * element (the npm build's default is the module in dist/worker/, for bundlers to pick up). In the
 * classic script, rollup turns `import.meta.url` into the script's own URL, read while it loads.
 */
function cdnWorkerUrl() {
  const module = resolve(root, 'dist/core/shared/start-shared-worker.js');
  return {
    name: 'cdn-worker-url',
    load(id) {
      if (id !== module) return null;
      return `import { trustedScriptUrl } from './trusted-script-url.js';
export const sharedWorkerName = 'mqtt-elements';
export function startSharedWorker(url) {
  const script = url || new URL(${JSON.stringify(`./${workerFile}`)}, import.meta.url).href;
  return new SharedWorker(trustedScriptUrl(script), { name: sharedWorkerName });
}
`;
    },
  };
}

/** The tab's side of `<mqtt-connection shared>`, next to the CDN bundles, loaded on first use. */
const sharedFile = 'mqtt-shared.js';
const sharedModule = resolve(root, 'dist/core/shared/shared-connection.js');

/**
 * Keeps the tab's side of `shared` out of the main bundle: the element imports it from cdn/mqtt-shared.js
 * next to the bundle that defined it, the first time a connection is shared (in the classic script,
 * `import.meta.url` is the script's own URL). So the CDN bundles export `SharedConnection` only from
 * that file; the npm build keeps exporting it from the package.
 */
export function sharedOnDemand() {
  const loader = resolve(root, 'dist/core/shared/load-shared-connection.js');
  const index = resolve(root, 'dist/index.js');
  const reexport = /export \{ SharedConnection, \} from '\.\/core\/shared\/shared-connection\.js';\n/;
  return {
    name: 'shared-on-demand',
    load(id) {
      if (id !== loader) return null;
      return `export async function loadSharedConnection() {
  return (await import(new URL(${JSON.stringify(`./${sharedFile}`)}, import.meta.url).href)).SharedConnection;
}
`;
    },
    transform(code, id) {
      if (id !== index) return null;
      if (!reexport.test(code))
        this.error('shared-on-demand: dist/index.js no longer re-exports SharedConnection as expected.');
      return { code: code.replace(reexport, ''), map: null };
    },
  };
}

/** What define.js exports that the CDN main bundle leaves to a file loaded on demand. */
export const exportedOnDemand = ['SharedConnection'];

/**
 * Puts every module the main entry uses into the main bundle, so the other entries import them from
 * there instead of getting a shared chunk: cdn/mqtt-elements.js stays one file that works alone.
 */
function mainBundleFirst(id, { getModuleInfo }) {
  mainModules ??= reachableFrom(mainEntry, getModuleInfo);
  return mainModules.has(id) ? 'mqtt-elements' : undefined;
}
let mainModules;

function reachableFrom(entry, getModuleInfo) {
  const seen = new Set();
  const visit = (id) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const imported of getModuleInfo(id)?.importedIds ?? []) visit(imported);
  };
  visit(entry);
  return seen;
}

// How the bundles fit together (follow this for every new entry, e.g. an explorer or a discovery
// entry): cdn/mqtt-elements.js is the library. Every other entry is listed in `input` below, next to
// it, never built on its own: `mainBundleFirst` puts every module it shares with the main entry (Lit,
// the connection core, the widget base…) into mqtt-elements.js, and `shareMainBundle` makes the entry
// take them from the copy of the library already on the page (or import mqtt-elements.js when there is
// none). So loading the main script and any entries, from any mix of URLs, runs the library once.
// The classic script is made from the finished main bundle and shares it the same way.
const version = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;

export default [
  {
    // The chart, explorer and discovery entries are separate, so a page without them never downloads
    // uPlot, the explorer or the discovery dashboard.
    input: {
      'mqtt-elements': 'dist/define.js',
      'mqtt-chart': 'dist/chart.js',
      'mqtt-explorer': 'dist/explorer.js',
      // <mqtt-discovery> and its template evaluator, for pages that show discovered devices.
      'mqtt-discovery': 'dist/discovery.js',
      // The tab's side of `<mqtt-connection shared>`, imported by the element on first use.
      'mqtt-shared': sharedModule,
    },
    // The main bundle may export more than define.js does: the other entries import those extra names.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'cdn',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      manualChunks: mainBundleFirst,
    },
    plugins: [
      cdnWorkerUrl(),
      sharedOnDemand(),
      ...cdnPlugins({ minify: false }),
      shareMainBundle({ main: 'mqtt-elements', version }),
      minifier(),
    ],
    onwarn,
  },
  {
    // The SharedWorker of `<mqtt-connection shared>`: a classic script with its own copy of the
    // connection core and MQTT.js, loaded by the browser only on pages that use `shared`.
    input: 'dist/worker/shared-connection-worker.js',
    output: { file: `cdn/${workerFile}`, format: 'iife', sourcemap: true },
    plugins: cdnPlugins(),
    onwarn,
  },
  {
    // A classic script for <script src>, which also works from a page opened as a file:// URL; its
    // global `MqttElements` offers what define.js exports.
    input: classicScriptEntry,
    output: { file: 'cdn/mqtt-elements.global.js', format: 'iife', name: 'MqttElements', sourcemap: true },
    plugins: [
      classicScriptOf({
        bundle: 'cdn/mqtt-elements.js',
        publicEntry: 'dist/define.js',
        omit: exportedOnDemand,
      }),
      // Only the wrapper around the already minified bundle is new; `MqttElements` must keep its name.
      terser({ format: { comments: false }, ecma: 2020, compress: false }),
    ],
    onwarn,
  },
];

// The drop-in bundles in cdn/: everything inlined, minified, with source maps. They bundle what
// `tsc` emitted into dist/, so TypeScript is compiled once, by tsc.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const plugins = () => [
  // `browser` picks MQTT.js's browser build; `production` drops Lit's dev-mode code.
  nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'production'] }),
  terser({ format: { comments: false }, ecma: 2020, module: true }),
];

const onwarn = (warning, warn) => {
  // MQTT.js's browser build is already a bundle and keeps a top-level `this`; nothing to fix there.
  if (warning.code === 'THIS_IS_UNDEFINED' && warning.id?.includes('node_modules/mqtt/')) return;
  warn(warning);
};

export default [
  {
    input: 'dist/define.js',
    output: { file: 'cdn/mqtt-elements.js', format: 'es', sourcemap: true },
    plugins: plugins(),
    onwarn,
  },
  {
    input: 'dist/define.js',
    // A classic script for <script src>, which also works from a page opened as a file:// URL.
    output: { file: 'cdn/mqtt-elements.global.js', format: 'iife', name: 'MqttElements', sourcemap: true },
    plugins: plugins(),
    onwarn,
  },
];

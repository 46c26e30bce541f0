// The main browser suite once more, with every `import mqtt from 'mqtt'` (the library's and the tests'
// own clients) served the MQTT.js the CDN bundles carry: built from MQTT.js's modules with the
// stand-ins in build/shims/ (see rollup.config.mjs). The CDN tests (test/cdn/) load the bundles
// themselves; this runs everything else on the same MQTT.js, reconnects and broker restarts included.
// `npm run test:slim-mqtt`.
import { mkdirSync } from 'node:fs';
import { rollup } from 'rollup';
import base from './web-test-runner.config.mjs';
import { cdnPlugins, onwarn } from './rollup.config.mjs';

const slimMqtt = '.bench/mqtt-slim.for-tests.js';

export default {
  ...base,
  plugins: [
    {
      name: 'slim-mqtt',
      async serverStart() {
        mkdirSync('.bench', { recursive: true });
        const build = await rollup({
          input: 'build/shims/mqtt.mjs',
          plugins: cdnPlugins({ minify: false }),
          onwarn,
        });
        await build.write({ file: slimMqtt, format: 'es' });
        await build.close();
      },
      resolveImport: ({ source }) => (source === 'mqtt' ? `/${slimMqtt}` : undefined),
    },
    ...base.plugins,
  ],
};

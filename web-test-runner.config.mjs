// Browser tests: headless Chromium against real brokers (embedded Aedes and Mosquitto) that the
// runner starts on free loopback ports and stops at the end.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { brokerPlugin } from './test/brokers/broker-plugin.mjs';
import { failureListReporter } from './test/brokers/failure-list-reporter.mjs';
import { requirePrograms } from './dev/programs.mjs';
import { chromiumArgs as chromeArgs } from './dev/chromium.mjs';
import { manifestPlugin } from './test/brokers/manifest-plugin.mjs';
import { strictCspPlugin } from './test/brokers/strict-csp-plugin.mjs';

// Every program the run needs, checked before anything starts: the runner's live terminal would hide
// a plugin's message about a missing one.
const { chromium: executablePath } = requirePrograms(['chromium', 'mosquitto']);

export default {
  // *.tls.test.ts need the page served over https and nginx: web-test-runner.tls.config.mjs runs them.
  files: ['test/**/*.test.ts', '!test/**/*.tls.test.ts'],
  // `browser` picks MQTT.js's browser build; `production` silences Lit's dev-mode warning.
  nodeResolve: { exportConditions: ['browser', 'production'] },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, args: chromeArgs },
      // One window per test file: with `concurrency: 2`, a second tab in a shared window is hidden, and a
      // hidden page gets no animation frames, so elements that render once per frame would never render.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    brokerPlugin(),
    strictCspPlugin(),
    manifestPlugin(),
  ],
  concurrency: 2,
  // The failures again, in a file dev/browser-tests.mjs prints at the very end of the run.
  reporters: [defaultReporter(), failureListReporter({ file: 'test-results/browser-failures.json' })],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 30 * 60 * 1000,
};

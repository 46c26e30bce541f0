// Browser tests that need TLS: the test page itself is served over https, and nginx terminates TLS
// in front of the brokers (wss://), with one certificate made for this run. Chromium trusts exactly
// that certificate by the hash of its public key. Runs the *.tls.test.ts files; `npm run
// test:browser` runs this after the main configuration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { brokerPlugin } from './test/brokers/broker-plugin.mjs';
import { failureListReporter } from './test/brokers/failure-list-reporter.mjs';
import { requirePrograms } from './dev/programs.mjs';
import { chromiumArgs as chromeArgs } from './dev/chromium.mjs';
import { createCertificate } from './test/brokers/tls-proxy.mjs';

// Every program the run needs, checked before anything starts: the runner's live terminal would hide
// a plugin's message about a missing one.
const { chromium: executablePath } = requirePrograms(['chromium', 'mosquitto', 'nginx', 'openssl']);
const certificateDir = mkdtempSync(join(tmpdir(), 'mqtt-elements-tls-'));
process.once('exit', () => rmSync(certificateDir, { recursive: true, force: true }));
const trusted = createCertificate(certificateDir, 'trusted');
// A second self-signed certificate nobody vouches for: what a broker set up in a hurry presents.
const untrusted = createCertificate(certificateDir, 'untrusted');

export default {
  files: ['test/**/*.tls.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  protocol: 'https:',
  http2: true,
  sslKey: trusted.keyFile,
  sslCert: trusted.certFile,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        args: [...chromeArgs, `--ignore-certificate-errors-spki-list=${trusted.spkiHash}`],
      },
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    brokerPlugin({
      certificates: { trusted, untrusted },
      figuresFile: 'test-results/reliability-figures.tls.json',
    }),
  ],
  concurrency: 1,
  // The failures again, in a file dev/browser-tests.mjs prints at the very end of the run.
  reporters: [defaultReporter(), failureListReporter({ file: 'test-results/browser-failures.tls.json' })],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 5 * 60 * 1000,
};

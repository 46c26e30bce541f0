// `npm run test:browser`: the main browser suite, then the TLS suite, each whatever the other's result,
// so a failure in the first still shows what the second finds. Exits 1 when either failed. Failed
// browser tests are listed once more at the very end, where a log cut to its tail still shows them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const suites = [
  {
    name: 'browser tests against Aedes and Mosquitto',
    args: [],
    failuresFile: 'test-results/browser-failures.json',
  },
  {
    name: '<mqtt-connection shared> across tabs of one browser (Aedes and Mosquitto)',
    command: ['node', '--test', 'test/shared/'],
  },
  {
    name: "Chromium's network emulation and page lifecycle (offline/online, frozen/active) against Mosquitto",
    command: ['node', '--test', 'test/lifecycle/'],
  },
  {
    name: 'TLS tests (https: page, wss:// through nginx)',
    args: ['--config', 'web-test-runner.tls.config.mjs'],
    failuresFile: 'test-results/browser-failures.tls.json',
  },
];

const results = [];
for (const suite of suites) {
  console.log(`\n▶ ${suite.name}\n`);
  // A list left by an earlier run must not be taken for this one's.
  if (suite.failuresFile) rmSync(suite.failuresFile, { force: true });
  const [program, ...args] = suite.command ?? ['npx', 'wtr', ...suite.args];
  const run = spawnSync(program, args, { stdio: 'inherit' });
  // Ctrl-C reaches the runner too; starting the next suite would be unwelcome.
  if (run.signal) process.exit(1);
  results.push({ ...suite, passed: run.status === 0 });
}

console.log('');
for (const { name, passed, failuresFile } of results) {
  console.log(`${passed ? '✓' : '✗'} ${name}`);
  if (!passed && failuresFile) printFailures(failuresFile);
}
process.exit(results.every((r) => r.passed) ? 0 : 1);

function printFailures(file) {
  if (!existsSync(file)) {
    console.log(
      '    (the runner left no list of failed tests: it stopped before the end; see its output above)',
    );
    return;
  }
  for (const failure of JSON.parse(readFileSync(file, 'utf8'))) {
    console.log(`    ✗ ${failure.file}: ${failure.test}`);
    for (const line of failure.error.split('\n')) console.log(`        ${line}`);
  }
}

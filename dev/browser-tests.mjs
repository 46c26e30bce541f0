// `npm run test:browser`: the main browser suite, then the TLS suite, each whatever the other's result,
// so a failure in the first still shows what the second finds. Exits 1 when either failed.
import { spawnSync } from 'node:child_process';

const suites = [
  { name: 'browser tests against Aedes and Mosquitto', args: [] },
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
  },
];

const results = [];
for (const suite of suites) {
  console.log(`\n▶ ${suite.name}\n`);
  const [program, ...args] = suite.command ?? ['npx', 'wtr', ...suite.args];
  const run = spawnSync(program, args, { stdio: 'inherit' });
  // Ctrl-C reaches the runner too; starting the next suite would be unwelcome.
  if (run.signal) process.exit(1);
  results.push({ ...suite, passed: run.status === 0 });
}

console.log('');
for (const { name, passed } of results) console.log(`${passed ? '✓' : '✗'} ${name}`);
process.exit(results.every((r) => r.passed) ? 0 : 1);

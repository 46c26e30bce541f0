// `npm test` on a machine without one of the programs it needs (Chromium, Mosquitto, nginx, openssl),
// or with an override variable that names no file: a message that names the Debian package and the
// variable, and nothing left running or lying in the temporary directory. Node's own test runner
// (`npm run test:tooling`); the test runner's configurations are started for real, with fake programs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { locate } from '../../dev/programs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'mqtt-elements-tooling-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable shell script named `name` in a folder of its own; returns the folder and the path. */
function fakeProgram(name, body) {
  const dir = mkdtempSync(join(scratch, 'bin-'));
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return { dir, path };
}

/** Runs the test runner with `env` added and a temporary directory of its own, which must stay empty. */
function runTestRunner(args, env) {
  const ownTmp = mkdtempSync(join(scratch, 'tmp-'));
  const run = spawnSync('npx', ['wtr', ...args], {
    cwd: root,
    env: { ...process.env, ...env, TMPDIR: ownTmp },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...run, output: `${run.stdout}${run.stderr}`, leftInTmp: readdirSync(ownTmp) };
}

/** Processes whose command line contains `marker` (a fake program's unique sleep). */
function running(marker) {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('finding programs', () => {
  it('treats an override that names no file as an error, not as a reason to look elsewhere', () => {
    const { path, problem } = locate('nginx', { ...process.env, NGINX_PATH: join(scratch, 'no-such-nginx') });
    assert.equal(path, undefined);
    assert.match(problem, /NGINX_PATH=.*no-such-nginx names no executable file/);
    assert.match(problem, /unset NGINX_PATH/);
  });

  it('finds a program on PATH before the fixed places', () => {
    const fake = fakeProgram('nginx', 'exit 0');
    assert.equal(locate('nginx', { PATH: fake.dir }).path, fake.path);
  });

  it('names the Debian package and the variable when a program is nowhere', () => {
    const { path, problem } = locate('openssl', { PATH: join(scratch, 'empty') });
    assert.equal(path, undefined);
    assert.match(problem, /apt-get install -y openssl/);
    assert.match(problem, /OPENSSL_PATH=/);
  });
});

describe('the browser test runner without its programs', () => {
  it('stops before starting anything when NGINX_PATH names no file, and says so', () => {
    const run = runTestRunner(['--config', 'web-test-runner.tls.config.mjs'], {
      NGINX_PATH: join(scratch, 'no-such-nginx'),
    });
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /NGINX_PATH=.*names no executable file/);
    assert.deepEqual(run.leftInTmp, []);
  });

  it('stops with a message when CHROME_PATH names no file', () => {
    const run = runTestRunner(['--files', 'test/core/topic-rules.test.ts'], {
      CHROME_PATH: join(scratch, 'no-such-chrome'),
    });
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /CHROME_PATH=.*names no executable file/);
    assert.deepEqual(run.leftInTmp, []);
  });

  it('reports a Mosquitto that never comes up, and leaves no process or folder behind', () => {
    const marker = `sleep 41.${process.pid}`;
    const fake = fakeProgram('mosquitto', `exec ${marker}`);
    const run = runTestRunner(['--files', 'test/core/topic-rules.test.ts'], { MOSQUITTO_PATH: fake.path });
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /Mosquitto did not open port/);
    assert.deepEqual(running(marker), []);
    assert.deepEqual(run.leftInTmp, []);
  });
});

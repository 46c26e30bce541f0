// Checks the package as a React, Vue or Svelte user meets it: each app in examples/ installs the packed
// tarball, builds with its framework's own type checker, rejects a file of deliberate type mistakes, and
// runs in Chromium against a broker (a value arrives, a click publishes, the credentials function and the
// event handler are used), then with `shared` in two pages that must share one client through the worker
// the bundler emitted. The React app also runs on the Vite dev server with `shared`, where Vite's
// dependency pre-bundling moves the library away from its worker file.
//
//   npm run build && node dev/framework-check.mjs [react|vue|svelte …]
//
// Installs are cached by lockfile: `npm ci` runs only when an example's package-lock.json changed since
// its last install; the freshly packed tarball replaces node_modules/mqtt-elements every time.
// Environment: CHROME_PATH (default /usr/bin/chromium).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startBroker } from './broker.mjs';
import { chromiumArgs, findChromium, missingChromiumMessage } from './chromium.mjs';
import { checkSharedTabs, publishFromBroker, waitFor, watchProblems } from './framework-shared-check.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const TARBALL = join(EXAMPLES, 'mqtt-elements.tgz');

/** How each example is type-checked and built, and how its deliberate mistakes are checked. */
const frameworks = {
  react: {
    build: [['run', 'build']],
    mistakes: ['run', '--silent', 'typecheck:mistakes'],
    // One app is enough to try the dev server: the library is pre-bundled the same way in each.
    devServer: true,
  },
  vue: { build: [['run', 'build']], mistakes: ['run', '--silent', 'typecheck:mistakes'] },
  svelte: {
    build: [
      ['run', 'check'],
      ['run', 'build'],
    ],
    mistakes: ['run', '--silent', 'check:mistakes'],
  },
};

// The broker accepts only this user: a connection proves the app's `credentials` function ran.
const USERNAME = 'example';
const PASSWORD = 'example-password';

function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

function npm(cwd, args, { quiet = false } = {}) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit' });
  return result;
}

const secondsSince = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function timed(label, work) {
  const started = Date.now();
  const result = work();
  console.log(`  ${label}: ${secondsSince(started)}`);
  return result;
}

function packTarball() {
  if (!existsSync(join(ROOT, 'dist/frameworks/react.d.ts'))) {
    fail('dist/ has no framework types: run `npm run build` first.');
  }
  const destination = mkdtempSync(join(tmpdir(), 'mqtt-elements-pack-'));
  // --ignore-scripts: the build that produced dist/ has just run; packing must not build again.
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );
  writeFileSync(TARBALL, readFileSync(join(destination, filename)));
  rmSync(destination, { recursive: true, force: true });
}

/**
 * `npm ci` when the lockfile changed since the last install, then the tarball just packed into
 * node_modules/mqtt-elements. The lockfile must not pin the tarball's integrity: it changes with every
 * build, and npm would install a stale copy from its cache by that hash (or refuse a new one).
 */
function install(name, directory) {
  const lockPath = join(directory, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const entry = lock.packages['node_modules/mqtt-elements'];
  if (!entry) fail(`examples/${name}/package-lock.json does not list mqtt-elements: run npm install there.`);
  if (entry.integrity) {
    delete entry.integrity;
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(`  removed the tarball's integrity from examples/${name}/package-lock.json (commit this)`);
  }
  const lockHash = createHash('sha256').update(readFileSync(lockPath)).digest('hex');
  const stamp = join(directory, 'node_modules/.installed-from-lock');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
    timed('npm ci', () => {
      const result = npm(directory, ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
      if (result.status !== 0) fail(`npm ci failed in examples/${name}.`);
    });
    writeFileSync(stamp, lockHash);
  } else {
    console.log('  npm ci: skipped, node_modules matches package-lock.json');
  }
  const target = join(directory, 'node_modules/mqtt-elements');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', TARBALL, '-C', target, '--strip-components=1']);
  const shipped = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).dependencies ?? {};
  if (JSON.stringify(shipped) !== JSON.stringify(entry.dependencies ?? {})) {
    fail(
      `The package's dependencies changed (${JSON.stringify(shipped)}), but examples/${name}/package-lock.json ` +
        `still has ${JSON.stringify(entry.dependencies ?? {})}. Run \`npm install\` in examples/${name} after ` +
        '`node dev/framework-check.mjs` has packed the tarball, and commit the lockfile.',
    );
  }
}

/** `path:line` of each line after a MISTAKE comment in the example's src/mistakes/. */
function expectedMistakes(directory) {
  const folder = join(directory, 'src/mistakes');
  const expected = new Set();
  for (const file of readdirSync(folder)) {
    const lines = readFileSync(join(folder, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/\bMISTAKE:/.test(line)) expected.add(`src/mistakes/${file}:${index + 2}`);
    });
  }
  return expected;
}

/** `path:line` of each error in the output of tsc, vue-tsc or `svelte-check --output machine`. */
function reportedErrors(output) {
  const reported = new Set();
  for (const match of output.matchAll(
    /^((?:src|node_modules\/mqtt-elements)\/[^\s(]+)\((\d+),\d+\): error TS\d+/gm,
  )) {
    reported.add(`${match[1]}:${match[2]}`);
  }
  for (const match of output.matchAll(
    /^\d+ ERROR "((?:src|node_modules\/mqtt-elements)\/[^"]+)" (\d+):\d+ /gm,
  )) {
    reported.add(`${match[1]}:${match[2]}`);
  }
  return reported;
}

function checkMistakes(name, directory) {
  const result = npm(directory, frameworks[name].mistakes, { quiet: true });
  const output = `${result.stdout}\n${result.stderr}`;
  const expected = expectedMistakes(directory);
  const reported = reportedErrors(output);
  const missed = [...expected].filter((line) => !reported.has(line));
  const unexpected = [...reported].filter((line) => !expected.has(line));
  if (result.status === 0 || missed.length || unexpected.length) {
    console.error(output);
    fail(
      `examples/${name}: the type checker ${result.status === 0 ? 'passed' : 'failed'} on the deliberate mistakes;` +
        (missed.length ? ` no error at ${missed.join(', ')} (the types accept a mistake);` : '') +
        (unexpected.length ? ` unexpected error at ${unexpected.join(', ')};` : '') +
        ' each line after a MISTAKE comment must fail, and nothing else.',
    );
  }
  console.log(`  deliberate mistakes: ${expected.size} of ${expected.size} rejected`);
}

/** Opens the built app against the broker: a value arrives, the handler sees it, a click publishes. */
async function runInBrowser(name, directory, browser, broker) {
  const server = await startStaticServer({ root: join(directory, 'dist'), port: 0 });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  const commands = [];
  const onPublish = (packet, client) => {
    if (client && packet.topic === 'example/lamp/set') commands.push(packet.payload.toString());
  };
  broker.aedes.on('publish', onPublish);
  const appUrl = `http://127.0.0.1:${server.port}/index.html?broker=${encodeURIComponent(broker.wsUrl)}`;
  let started = Date.now();
  try {
    await page.goto(appUrl);
    await page.locator('mqtt-connection[status="connected"]').waitFor({ timeout: 15000 });
    await publishFromBroker(broker, 'example/temperature', '21.47', true);
    await waitFor('the readout shows the value', async () =>
      (await page.locator('#temperature [part="value"]').innerText()).includes('21.5 °C'),
    );
    await waitFor('the event handler shows the message', async () =>
      (await page.locator('#last-message').innerText()).includes('example/temperature = 21.47'),
    );
    await page.locator('mqtt-switch [part="control"]').click();
    await waitFor('the switch publishes its command', () => commands.length > 0);
    if (commands[0] !== 'ON') throw new Error(`The switch published "${commands[0]}", expected "ON".`);
    if (problems.length) throw new Error(`The page reported:\n  ${problems.join('\n  ')}`);
    console.log(
      '  in Chromium: connected with the credentials function, value shown, handler ran, click published ' +
        `(${secondsSince(started)})`,
    );
  } catch (error) {
    const shot = join(tmpdir(), `framework-check-${name}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    throw new Error(`examples/${name} in Chromium: ${error.message} (screenshot: ${shot})`);
  } finally {
    broker.aedes.off('publish', onPublish);
    await context.close();
  }
  started = Date.now();
  try {
    const clientId = await checkSharedTabs({
      appUrl,
      browser,
      broker,
      screenshot: join(tmpdir(), `framework-check-${name}-shared.png`),
    });
    console.log(
      `  in Chromium with shared: two pages, one client at the broker (${clientId}), value in both, ` +
        `click in the second published (${secondsSince(started)})`,
    );
  } catch (error) {
    throw new Error(`examples/${name} in Chromium with shared: ${error.message}`);
  } finally {
    await server.close();
  }
}

/**
 * The app on Vite's dev server, with `shared`: the dev server bundles dependencies into
 * node_modules/.vite/deps/, away from the package's worker file, and the worker must load all the same.
 * `force`: the package was just replaced by a new tarball, which Vite's cache key does not see.
 */
async function runOnDevServer(name, directory, browser, broker) {
  const started = Date.now();
  const vite = pathToFileURL(join(directory, 'node_modules/vite/dist/node/index.js')).href;
  const { createServer } = await import(vite);
  const server = await createServer({
    root: directory,
    logLevel: 'error',
    clearScreen: false,
    optimizeDeps: { force: true },
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false },
  });
  try {
    await server.listen();
    const origin = server.resolvedUrls.local[0];
    const clientId = await checkSharedTabs({
      appUrl: `${origin}?broker=${encodeURIComponent(broker.wsUrl)}`,
      browser,
      broker,
      screenshot: join(tmpdir(), `framework-check-${name}-dev-server.png`),
      // What a development build says about itself; the page has no icon, and the dev server says so.
      ignore: [/Lit is in dev mode/, /404 .*\/favicon\.ico\)$/],
    });
    console.log(
      `  on the Vite dev server with shared: two pages, one client (${clientId}), value in both ` +
        `(${secondsSince(started)}, with the dev server's start)`,
    );
  } catch (error) {
    throw new Error(`examples/${name} on the Vite dev server with shared: ${error.message}`);
  } finally {
    await server.close();
  }
}

async function main() {
  const requested = process.argv.slice(2);
  for (const name of requested)
    if (!frameworks[name]) fail(`Unknown example "${name}": ${Object.keys(frameworks)}.`);
  const names = requested.length ? requested : Object.keys(frameworks);
  const executablePath = findChromium();
  if (!executablePath) fail(missingChromiumMessage);

  const started = Date.now();
  timed('npm pack', packTarball);
  for (const name of names) {
    const directory = join(EXAMPLES, name);
    console.log(`\n::: examples/${name}`);
    install(name, directory);
    for (const args of frameworks[name].build) {
      timed(`npm ${args.join(' ')}`, () => {
        const result = npm(directory, args, { quiet: true });
        if (result.status !== 0) {
          console.error(`${result.stdout}\n${result.stderr}`);
          fail(`examples/${name}: npm ${args.join(' ')} failed.`);
        }
      });
    }
    timed('type check of deliberate mistakes', () => checkMistakes(name, directory));
  }

  const connectedUsers = [];
  const broker = await startBroker({
    wsPort: 0,
    tcpPort: null,
    authenticate: (client, username, password, done) => {
      const accepted = username === USERNAME && password?.toString() === PASSWORD;
      if (accepted) connectedUsers.push(username);
      done(null, accepted);
    },
  });
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  try {
    for (const name of names) {
      console.log(`\n::: examples/${name} in Chromium`);
      await runInBrowser(name, join(EXAMPLES, name), browser, broker);
      if (frameworks[name].devServer) await runOnDevServer(name, join(EXAMPLES, name), browser, broker);
    }
  } finally {
    await browser.close();
    await broker.close();
  }
  if (connectedUsers.length < names.length) fail('Not every app connected with its credentials function.');
  console.log(
    `\n${names.length} passed, 0 failed (framework check, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `${relative(ROOT, EXAMPLES)}/${names.join(', ')})`,
  );
}

main().catch((error) => fail(error.message));

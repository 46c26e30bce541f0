// Finding the programs the browser tests, checks and the soak run (Chromium, Mosquitto, nginx, openssl), and
// saying plainly which one is missing, which Debian package has it and which variable points to it.
//
// Run on its own (`node dev/programs.mjs chromium mosquitto …`) it checks the named programs, prints
// where each was found, and exits 1 with one message per missing program: `npm test` does this before
// it starts anything, because the test runner's live terminal hides what a plugin prints as it fails.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each program: what it is for, its Debian package, the variable that overrides the search, where to look. */
export const programs = {
  chromium: {
    purpose: 'Chrome or Chromium, the browser the tests run in',
    debianPackage: 'chromium',
    variable: 'CHROME_PATH',
    names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    paths: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  },
  mosquitto: {
    purpose: 'Mosquitto, the second test broker (MQTT 5)',
    debianPackage: 'mosquitto',
    variable: 'MOSQUITTO_PATH',
    names: ['mosquitto'],
    // Debian installs it in /usr/sbin, which is not on a normal user's PATH.
    paths: ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'],
  },
  mosquitto_passwd: {
    purpose: "mosquitto_passwd, which writes Mosquitto's password files",
    debianPackage: 'mosquitto',
    variable: 'MOSQUITTO_PASSWD_PATH',
    names: ['mosquitto_passwd'],
    paths: ['/usr/bin/mosquitto_passwd', '/usr/local/bin/mosquitto_passwd'],
  },
  nginx: {
    purpose: 'nginx, the TLS proxy in front of the brokers in the wss:// tests',
    debianPackage: 'nginx',
    variable: 'NGINX_PATH',
    names: ['nginx'],
    paths: ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'],
  },
  openssl: {
    purpose: 'openssl, which makes the certificate for the wss:// tests',
    debianPackage: 'openssl',
    variable: 'OPENSSL_PATH',
    names: ['openssl'],
    paths: [],
  },
};

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where program `name` is: `{ path }`, or `{ problem }` saying what is wrong and what to do. The
 * override variable, when set, is the only place looked at: a wrong value is an error, never quietly
 * replaced by another copy.
 */
export function locate(name, env = process.env) {
  const program = programs[name];
  if (!program) throw new Error(`Unknown program "${name}": one of ${Object.keys(programs).join(', ')}.`);
  const override = env[program.variable];
  if (override) {
    if (isExecutableFile(override)) return { path: override };
    return {
      problem:
        `${program.variable}=${override} names no executable file; ${program.purpose} is looked for there ` +
        `only. Correct it, or unset ${program.variable} to search PATH.`,
    };
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of onPath) {
    for (const candidate of program.names) {
      const path = join(dir, candidate);
      if (isExecutableFile(path)) return { path };
    }
  }
  const path = program.paths.find(isExecutableFile);
  if (path) return { path };
  return {
    problem:
      `${program.purpose} was not found (looked on PATH for ${program.names.join(', ')}` +
      `${program.paths.length ? `, and in ${program.paths.join(', ')}` : ''}).\n` +
      `  Debian/Ubuntu: apt-get install -y ${program.debianPackage}\n` +
      `  Elsewhere: install it, or set ${program.variable}=/path/to/${program.names[0]}`,
  };
}

/**
 * The paths of `names`; when any is missing, prints every problem at once and exits 1. For the start
 * of a command, before it has started anything that would need stopping.
 */
export function requirePrograms(names, env = process.env) {
  const found = {};
  const problems = [];
  for (const name of names) {
    const { path, problem } = locate(name, env);
    if (path) found[name] = path;
    else problems.push(problem);
  }
  if (problems.length > 0) {
    console.error(`\n${problems.map((p) => `✗ ${p}`).join('\n\n')}\n`);
    process.exit(1);
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const found = requirePrograms(names.length ? names : Object.keys(programs));
  for (const [name, path] of Object.entries(found)) console.log(`✓ ${name}: ${path}`);
}

// Passwords that expire: a new user name and password for the page every `rotateMs`, written to
// Mosquitto's password file with the real mosquitto_passwd, the previous one kept `overlapMs` longer
// so that a renewal already under way still gets in. Removing a user from the file and reloading
// the broker (SIGHUP) disconnects whoever is still connected with it: an expiry the broker enforces,
// not one the page is merely told about.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The line mosquitto_passwd writes for `username`: its own hash format, checked as in production. */
async function hashedLine(tool, username, password) {
  const scratch = await mkdtemp(join(tmpdir(), 'mqtt-elements-soak-passwd-'));
  try {
    const file = join(scratch, 'passwd');
    await run(tool, ['-c', '-b', file, username, password]);
    return (await readFile(file, 'utf8')).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * @param {{
 *   tool: string,
 *   passwordFile: string,
 *   fixedUsers: Record<string, string>,
 *   rotateMs: number,
 *   overlapMs: number,
 *   onChange: () => void,
 * }} options
 *   `fixedUsers` never expire (the Node publisher). `onChange` runs after every rewrite of the file:
 *   the broker must read it again.
 */
export async function startCredentialRotation({
  tool,
  passwordFile,
  fixedUsers,
  rotateMs,
  overlapMs,
  onChange,
}) {
  const fixedLines = await Promise.all(
    Object.entries(fixedUsers).map(([user, password]) => hashedLine(tool, user, password)),
  );
  /** @type {{ username: string, password: string, line: string, expiresAt: number }[]} */
  let valid = [];
  let generation = 0;
  let issued = 0;
  let expired = 0;
  let stopped = false;
  const timers = new Set();
  const later = (ms, task) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) void task();
    }, ms);
    timers.add(timer);
  };

  // Written whole and renamed into place: the broker never reads a half-written file.
  const writeFileNow = async () => {
    const next = `${passwordFile}.next`;
    await writeFile(next, [...fixedLines, ...valid.map((v) => v.line), ''].join('\n'), { mode: 0o600 });
    await rename(next, passwordFile);
  };

  const issue = async () => {
    generation++;
    const username = `soak-page-${generation}`;
    const password = randomBytes(12).toString('hex');
    // A password lives one rotation as the current one, then the overlap as the previous one.
    const expiresAt = Date.now() + rotateMs + overlapMs;
    valid.push({ username, password, line: await hashedLine(tool, username, password), expiresAt });
    issued++;
    await writeFileNow();
    if (generation > 1) onChange();
    later(rotateMs + overlapMs, async () => {
      valid = valid.filter((v) => v.username !== username);
      expired++;
      await writeFileNow();
      onChange();
    });
  };

  await issue();
  const rotate = async () => {
    later(rotateMs, rotate);
    await issue();
  };
  later(rotateMs, rotate);

  return {
    /** What the token service hands out: the newest user name and password, and when they stop working. */
    current() {
      const newest = valid.at(-1);
      return { username: newest.username, password: newest.password, expiresAt: newest.expiresAt };
    },
    get counts() {
      return { issued, expired };
    },
    /** Stops issuing and expiring: the password of this moment stays valid. */
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

// Where Chrome or Chromium is, and the flags it needs here: headless, as root, on a closed network.
// Shared by the browser tests, the demo and Storybook checks, and the benchmarks.
import { locate } from './programs.mjs';

/** The browser to drive, or undefined when none is installed (or CHROME_PATH names no file). */
export function findChromium() {
  return locate('chromium').path;
}

/** What to do about a missing browser: the package to install, or the CHROME_PATH that is wrong. */
export const missingChromiumMessage = locate('chromium').problem ?? '';

/**
 * Without the background-networking flags Chromium keeps trying to reach Google's servers, which a
 * closed network refuses many times a second; as root it refuses to start without --no-sandbox.
 */
export const chromiumArgs = [
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

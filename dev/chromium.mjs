// Where Chrome or Chromium is, and the flags it needs here: headless, as root, on a closed network.
// Shared by the browser tests, the demo and Storybook checks, and the benchmarks.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser to drive, or undefined when none is installed. */
export function findChromium() {
  return candidates.find((path) => path && existsSync(path));
}

export const missingChromiumMessage =
  'No Chrome or Chromium was found, and this runs in a real browser.\n' +
  '  Debian/Ubuntu: apt-get install -y chromium\n' +
  '  Elsewhere: install Chrome, or set CHROME_PATH=/path/to/chrome' +
  (process.env.CHROME_PATH ? `\n  (CHROME_PATH=${process.env.CHROME_PATH} does not exist)` : '');

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

// Finds a Chrome or Chromium for the browser tests, or stops with a message that says how to get one.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findChrome() {
  const found = candidates.find((path) => path && existsSync(path));
  if (found) return found;
  console.error(
    '\nNo Chrome or Chromium was found, and the tests run in a real browser.\n' +
      '  Debian/Ubuntu: apt-get install -y chromium\n' +
      '  Elsewhere: install Chrome, or set CHROME_PATH=/path/to/chrome\n' +
      (process.env.CHROME_PATH ? `  (CHROME_PATH=${process.env.CHROME_PATH} does not exist)\n` : ''),
  );
  process.exit(1);
}

/** Flags for headless Chromium on a closed network, as root, in CI. */
export const chromeArgs = [
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

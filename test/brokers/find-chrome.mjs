// The browser the test runner launches; stops at once, saying how to install one, when there is none.
import { chromiumArgs, findChromium, missingChromiumMessage } from '../../dev/chromium.mjs';

export function findChrome() {
  const found = findChromium();
  if (found) return found;
  console.error(`\n${missingChromiumMessage}\n`);
  process.exit(1);
}

export const chromeArgs = chromiumArgs;

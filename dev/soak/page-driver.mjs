// The page under soak in headless Chromium: opens it, collects what it recorded every second, and
// weighs its JavaScript heap after a forced garbage collection.
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium, missingChromiumMessage } from '../chromium.mjs';

/**
 * @param {{ pageUrl: string, onBatch: (batch: {
 *   deliveries: [qos: 1 | 2, seq: number, at: number][],
 *   statuses: { status: string, reason?: string, at: number }[],
 *   errors: { code: string, message: string, at: number }[],
 *   status: string,
 * }) => void }} options
 */
export async function openSoakPage({ pageUrl, onBatch }) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingChromiumMessage);
  // Playwright's own Ctrl-C handling would close the browser under the soak's feet: the soak closes it.
  const browser = await chromium.launch({
    executablePath,
    args: chromiumArgs,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const pageErrors = [];
  const consoleProblems = [];
  let collecting;
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text());
    });
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.soak !== undefined);
    const cdp = await page.context().newCDPSession(page);

    let running = true;
    const collect = async () => onBatch(await page.evaluate(() => window.soak.collect()));
    collecting = (async () => {
      while (running) {
        await collect();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })().catch((err) => {
      // A crashed or closed page: said in the report, and the soak fails on it.
      running = false;
      pageErrors.push(`Collecting from the page failed: ${err.message}`);
    });

    return {
      browserVersion: browser.version(),
      pageErrors,
      consoleProblems,
      /** Bytes of JavaScript heap in use after two forced collections (the second takes what finalisers freed). */
      async heapUsed() {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      },
      renewals: () => page.evaluate(() => window.soak.renewals()),
      /** Stops the collecting loop after one last collection. */
      async stopCollecting() {
        running = false;
        await collecting;
        await collect();
      },
      async close() {
        running = false;
        await collecting;
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

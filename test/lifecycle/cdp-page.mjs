// One page of a Chromium driven over the DevTools protocol (see test/support/cdp-browser.mjs), with
// `evaluate` taking an expression: what the lifecycle tests need of it.
import { openCdpBrowser } from '../support/cdp-browser.mjs';

/** Opens `url` in a fresh Chromium; resolves with `send` (a CDP command to the page), `evaluate` and `close`. */
export async function openCdpPage(url) {
  const browser = await openCdpBrowser();
  let tab;
  try {
    tab = await browser.newTab(url);
  } catch (err) {
    await browser.close();
    throw err;
  }
  return {
    send: tab.send,
    /** The value of `expression` in the page (awaited when it is a promise). */
    async evaluate(expression) {
      const { result, exceptionDetails } = await tab.send('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
    close: () => browser.close(),
  };
}

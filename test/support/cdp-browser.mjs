// Chromium driven over the DevTools protocol directly, for what Playwright's pages cannot show: a
// Playwright page never freezes (Page.setWebLifecycleState answers, yet timers run on and neither
// `freeze` nor `resume` fires: tried with launch, a persistent context and without its default flags)
// and is always visible. Here a tab opened behind another one in its window is hidden, as a background
// tab is, and Page.setWebLifecycleState freezes it (no timers, no messages) until it is made active
// again. Each tab has `evaluate(fn, arg)` in Playwright's form, so the helpers of test/shared/tabs.mjs
// work on it. Used by test/shared/ and test/lifecycle/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { chromiumArgs, findChromium, missingChromiumMessage } from '../../dev/chromium.mjs';

/** Starts Chromium with `args` on top of the usual flags; resolves with `newTab`, `send` and `close`. */
export async function openCdpBrowser(args = []) {
  const executable = findChromium();
  if (!executable) throw new Error(missingChromiumMessage);
  const profile = mkdtempSync(join(tmpdir(), 'mqtt-elements-cdp-'));
  const browser = spawn(
    executable,
    [...chromiumArgs, ...args, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { detached: true },
  );
  const endpoint = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${output}`)), 20_000);
    browser.stderr.on('data', (chunk) => {
      output += chunk;
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  const socket = new WebSocket(endpoint);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let lastId = 0;
  const waiting = new Map();
  /** Event listeners by `${sessionId} ${method}`. */
  const listeners = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.method) {
      for (const listener of listeners.get(`${message.sessionId} ${message.method}`) ?? [])
        listener(message.params);
      return;
    }
    const settle = waiting.get(message.id);
    waiting.delete(message.id);
    settle?.(message);
  });

  /** Sends a CDP command to the browser, or to a tab with its `sessionId`; rejects with the protocol's error. */
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      socket.send(JSON.stringify({ id, method, params, sessionId }));
    });

  return {
    send,
    /**
     * Opens `url` in a new tab. It becomes the active tab of the last window, so the tab that was
     * active there is hidden; `newWindow` gives it a window of its own. Resolves once the page loaded.
     */
    async newTab(url, { newWindow = false } = {}) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank', newWindow });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const errors = [];
      const on = (method, listener) => {
        const key = `${sessionId} ${method}`;
        listeners.set(key, [...(listeners.get(key) ?? []), listener]);
      };
      on('Runtime.exceptionThrown', (p) => errors.push(p.exceptionDetails.exception?.description ?? ''));
      await send('Runtime.enable', {}, sessionId);
      await send('Page.navigate', { url }, sessionId);
      const tab = {
        targetId,
        errors,
        send: (method, params) => send(method, params, sessionId),
        /** The value of `fn(arg)` in the page, awaited, as Playwright's `page.evaluate`. */
        async evaluate(fn, arg) {
          const { result, exceptionDetails } = await send(
            'Runtime.evaluate',
            { expression: `(${fn})(${JSON.stringify(arg)})`, returnByValue: true, awaitPromise: true },
            sessionId,
          );
          if (exceptionDetails)
            throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
          return result.value;
        },
        /** Ends the tab's renderer the way a crash does: no pagehide, no goodbye from the page. */
        async crash() {
          const crashed = new Promise((resolve) => on('Inspector.targetCrashed', resolve));
          await send('Inspector.enable', {}, sessionId);
          send('Page.crash', {}, sessionId).catch(() => undefined);
          await crashed;
        },
        close: () => send('Target.closeTarget', { targetId }).catch(() => undefined),
      };
      const end = Date.now() + 15_000;
      while (
        !(await tab.evaluate((url) => location.href === url && document.readyState === 'complete', url))
      ) {
        if (Date.now() > end) throw new Error(`${url} did not load within 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return tab;
    },
    async close() {
      socket.close();
      // The whole process group: the renderers too, which may otherwise still write into the profile.
      process.kill(-browser.pid, 'SIGTERM');
      await new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.once('exit', resolve)));
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

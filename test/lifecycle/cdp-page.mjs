// One Chromium page driven over the DevTools protocol directly, for what Playwright's pages cannot
// show: a Playwright page never freezes (Page.setWebLifecycleState answers, yet timers run on and
// neither `freeze` nor `resume` fires: tried with launch, a persistent context and without its
// default flags), while the same command sent to a page of a plain Chromium hides it, stops its
// timers and fires `freeze`, then `resume` when it is made active again.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { chromiumArgs, findChromium, missingChromiumMessage } from '../../dev/chromium.mjs';

/** Starts Chromium on `url`; resolves with `send` (a CDP command), `evaluate` and `close`. */
export async function openCdpPage(url) {
  const executable = findChromium();
  if (!executable) throw new Error(missingChromiumMessage);
  const profile = mkdtempSync(join(tmpdir(), 'mqtt-elements-cdp-'));
  const browser = spawn(
    executable,
    [...chromiumArgs, '--remote-debugging-port=0', `--user-data-dir=${profile}`, url],
    { detached: true },
  );
  const port = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${output}`)), 20_000);
    browser.stderr.on('data', (chunk) => {
      output += chunk;
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(targets.find((t) => t.type === 'page').webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let lastId = 0;
  const waiting = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const settle = waiting.get(message.id);
    if (!settle) return;
    waiting.delete(message.id);
    settle(message);
  });

  /** Sends a CDP command; rejects with the protocol's error. */
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      socket.send(JSON.stringify({ id, method, params }));
    });

  return {
    send,
    /** The value of `expression` in the page (awaited when it is a promise). */
    async evaluate(expression) {
      const { result, exceptionDetails } = await send('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
    async close() {
      socket.close();
      // The whole process group this test started: the renderers and helpers too, which otherwise
      // may still be writing into the profile when it is removed.
      process.kill(-browser.pid, 'SIGTERM');
      await new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.once('exit', resolve)));
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

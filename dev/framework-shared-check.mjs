// `<mqtt-connection shared>` in an app a bundler built from the npm package: the worker the bundler
// emitted from `new SharedWorker(new URL(…, import.meta.url))` must load and be shared. Two pages of one
// browser context (tabs of one profile, so one SharedWorker) open the app with `?shared`; each must say
// it uses the shared client, the broker must see one client for both, a value published must reach
// both, and a click in the second must publish through the shared client.
// Used by framework-check.mjs, for the production build and for the Vite dev server.

/** Collects what a page reports as wrong: uncaught errors, console errors and warnings. */
export function watchProblems(page, { ignore = [] } = {}) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    // For a resource that failed to load, the location is its URL.
    const where = message.location()?.url;
    const problem = `console.${message.type()}: ${message.text()}${where ? ` (${where})` : ''}`;
    if (!ignore.some((pattern) => pattern.test(problem))) problems.push(problem);
  });
  return problems;
}

/** Publishes as a device would, from outside the browser. */
export function publishFromBroker(broker, topic, text, retain) {
  return new Promise((resolve, reject) =>
    broker.aedes.publish(
      { cmd: 'publish', topic, payload: Buffer.from(text), qos: 0, retain, dup: false },
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}

export async function waitFor(description, condition, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the page's connection says about sharing, and the client id it uses. */
function sharingOf(page) {
  return page.evaluate(() => {
    const connection = document.querySelector('mqtt-connection');
    return {
      state: connection.sharedState,
      clientId: connection.core.config?.clientId,
      fallbacks: window.sharedFallbacks,
    };
  });
}

/**
 * Opens `appUrl` (which has `?broker=…`) with `&shared` in two pages of a new context of `browser`.
 * `ignore`: console messages that are not problems here (a dev server's notices). Throws with what
 * went wrong, after a screenshot of the last page opened to `screenshot`; returns the shared client id.
 */
export async function checkSharedTabs({ appUrl, browser, broker, screenshot, ignore = [] }) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.sharedFallbacks = [];
    document.addEventListener('mqtt-shared-fallback', (event) => window.sharedFallbacks.push(event.detail));
  });
  const clientIds = [];
  const onClient = (client) => clientIds.push(client.id);
  broker.aedes.on('client', onClient);
  const commands = [];
  const onPublish = (packet, client) => {
    if (client && packet.topic === 'example/lamp/set') commands.push(packet.payload.toString());
  };
  broker.aedes.on('publish', onPublish);
  const pages = [];
  try {
    for (let i = 0; i < 2; i++) {
      const page = await context.newPage();
      page.problems = watchProblems(page, { ignore });
      pages.push(page);
      await page.goto(`${appUrl}&shared`);
      await page.locator('mqtt-connection[status="connected"]').waitFor({ timeout: 15000 });
    }
    const sharing = await Promise.all(pages.map(sharingOf));
    sharing.forEach(({ state, fallbacks }, i) => {
      if (state?.mode !== 'shared') {
        throw new Error(
          `page ${i + 1} does not use the shared worker: sharedState ${JSON.stringify(state)}, ` +
            `mqtt-shared-fallback ${JSON.stringify(fallbacks)}`,
        );
      }
    });
    if (clientIds.length !== 1 || sharing.some(({ clientId }) => clientId !== clientIds[0])) {
      throw new Error(
        `the broker saw ${clientIds.length} client(s) (${clientIds.join(', ')}) for two pages ` +
          `using ${sharing.map(({ clientId }) => clientId).join(' and ')}; expected one, shared`,
      );
    }
    await publishFromBroker(broker, 'example/temperature', '23.04', false);
    for (const [i, page] of pages.entries()) {
      await waitFor(`page ${i + 1} shows the value published`, async () =>
        (await page.locator('#temperature [part="value"]').innerText()).includes('23.0 °C'),
      );
    }
    await pages[1].locator('mqtt-switch [part="control"]').click();
    await waitFor('the switch of page 2 publishes through the shared client', () => commands.length > 0);
    if (commands[0] !== 'ON') throw new Error(`The switch published "${commands[0]}", expected "ON".`);
    if (clientIds.length !== 1) throw new Error(`The broker saw ${clientIds.length} clients by the end.`);
    const problems = pages.flatMap((page, i) => page.problems.map((problem) => `page ${i + 1}: ${problem}`));
    if (problems.length) throw new Error(`The pages reported:\n  ${problems.join('\n  ')}`);
    return clientIds[0];
  } catch (error) {
    await pages
      .at(-1)
      ?.screenshot({ path: screenshot })
      .catch(() => {});
    throw new Error(`${error.message} (screenshot: ${screenshot})`);
  } finally {
    broker.aedes.off('client', onClient);
    broker.aedes.off('publish', onPublish);
    await context.close().catch(() => {});
  }
}

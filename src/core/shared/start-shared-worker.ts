// Starts the SharedWorker that holds the shared clients. The default URL is written the way bundlers
// (Vite, webpack 5, Parcel) recognise a worker, so an app built from the npm package gets the worker
// file emitted next to its own; the CDN build replaces this module with one that loads
// mqtt-elements-worker.js from beside the bundle (see `cdnWorkerUrl` in rollup.config.mjs).
import { trustedScriptUrl } from './trusted-script-url.js';

/** Every tab must use the same name for the same script to share one worker. */
export const sharedWorkerName = 'mqtt-elements';

/** `url`: the `worker-url` attribute, a classic script such as cdn/mqtt-elements-worker.js. */
export function startSharedWorker(url: string | undefined): SharedWorker {
  if (url) return new SharedWorker(trustedScriptUrl(url), { name: sharedWorkerName });
  const prebundled = viteDevServerWorkerUrl();
  return prebundled
    ? new SharedWorker(trustedScriptUrl(prebundled), { type: 'module', name: sharedWorkerName })
    : new SharedWorker(new URL('../../worker/shared-connection-worker.js', import.meta.url), {
        type: 'module',
        name: sharedWorkerName,
      });
}

/**
 * Vite's dev server bundles dependencies into node_modules/.vite/deps/ and, before Vite 8, leaves
 * `new URL(…, import.meta.url)` pointing from there to a file that is not there: the worker would never
 * load. The dev server also serves the package's own files from node_modules, so the worker is taken
 * from there (the same URL Vite 8 writes).
 */
function viteDevServerWorkerUrl(): string | undefined {
  // webpack writes its version for `import.meta.webpack` and then leaves out the branch not taken, whose
  // `import.meta.url` it would write as this file's path on the machine that built the app.
  return (import.meta as { webpack?: number }).webpack ? undefined : fromPrebundle(import.meta.url);
}

function fromPrebundle(moduleUrl: string | undefined): string | undefined {
  const at = moduleUrl?.indexOf('/node_modules/.vite/deps/') ?? -1;
  return at < 0
    ? undefined
    : `${moduleUrl!.slice(0, at)}/node_modules/mqtt-elements/dist/worker/shared-connection-worker.js`;
}

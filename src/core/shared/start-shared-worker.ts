// Starts the SharedWorker that holds the shared clients. The default URL is written the way bundlers
// (Vite, webpack 5, Parcel) recognise a worker, so an app built from the npm package gets the worker
// file emitted next to its own; the CDN build replaces this module with one that loads
// mqtt-elements-worker.js from beside the bundle (see `cdnWorkerUrl` in rollup.config.mjs).
import { trustedScriptUrl } from './trusted-script-url.js';

/** Every tab must use the same name for the same script to share one worker. */
export const sharedWorkerName = 'mqtt-elements';

/** `url`: the `worker-url` attribute, a classic script such as cdn/mqtt-elements-worker.js. */
export function startSharedWorker(url: string | undefined): SharedWorker {
  return url
    ? new SharedWorker(trustedScriptUrl(url), { name: sharedWorkerName })
    : new SharedWorker(new URL('../../worker/shared-connection-worker.js', import.meta.url), {
        type: 'module',
        name: sharedWorkerName,
      });
}

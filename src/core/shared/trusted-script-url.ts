// A page that requires Trusted Types refuses a plain string as a worker's script URL. The library's
// policy passes only URLs on the page's own origin, the only place a SharedWorker can come from.

interface ScriptUrlPolicy {
  createScriptURL(url: string): string;
}

let policy: ScriptUrlPolicy | undefined;

export function trustedScriptUrl(url: string): string {
  const factory = (
    globalThis as { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy } }
  ).trustedTypes;
  if (!factory) return url;
  policy ??= factory.createPolicy('mqtt-elements-worker', {
    createScriptURL: (candidate) => {
      if (new URL(candidate, location.href).origin !== location.origin)
        throw new TypeError(`${candidate} is not on this page's origin`);
      return candidate;
    },
  });
  return policy.createScriptURL(url);
}

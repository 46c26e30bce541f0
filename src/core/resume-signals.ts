// The browser's hints that a connection worth retrying now may work: the network is back
// (`online`), a hidden tab is shown again, a frozen page resumes (Chromium's page lifecycle).

/** Calls `signal` on each hint until the returned function is called. Does nothing outside a browser. */
export function onResumeSignal(signal: () => void): () => void {
  const win = typeof window === 'undefined' ? undefined : window;
  const doc = typeof document === 'undefined' ? undefined : document;
  const onVisible = () => {
    if (doc?.visibilityState === 'visible') signal();
  };
  win?.addEventListener('online', signal);
  doc?.addEventListener('visibilitychange', onVisible);
  doc?.addEventListener('resume', signal);
  return () => {
    win?.removeEventListener('online', signal);
    doc?.removeEventListener('visibilitychange', onVisible);
    doc?.removeEventListener('resume', signal);
  };
}

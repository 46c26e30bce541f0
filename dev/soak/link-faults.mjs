// Network faults between the page and the broker, at random: a cut (every open connection destroyed
// at once, as when a Wi-Fi access point reboots) or a black hole (nothing forwarded, no error either
// way, as on a stalled NAT or a Wi-Fi out of range: only the keep-alive can notice), through the
// loopback TCP proxy of the fault tests.

/**
 * @param {{
 *   proxy: Awaited<ReturnType<typeof import('../../test/brokers/tcp-proxy.mjs').startTcpProxy>>,
 *   random: ReturnType<typeof import('./random.mjs').seededRandom>,
 *   gapMs: [number, number],
 *   holeMs: [number, number],
 *   log: (line: string) => void,
 * }} options `gapMs`: the quiet time between two faults; `holeMs`: how long a black hole lasts.
 */
export function startLinkFaults({ proxy, random, gapMs, holeMs, log }) {
  const counts = { cuts: 0, blackHoles: 0, blackHoleSeconds: 0 };
  let timer;
  let stopped = false;

  const next = () => {
    if (stopped) return;
    timer = setTimeout(fault, random.between(...gapMs));
  };
  const fault = () => {
    if (stopped) return;
    if (random.next() < 0.5) {
      counts.cuts++;
      log(`cut (${proxy.open} connection${proxy.open === 1 ? '' : 's'})`);
      proxy.drop();
      next();
      return;
    }
    const duration = random.between(...holeMs);
    counts.blackHoles++;
    counts.blackHoleSeconds += duration / 1000;
    log(`black hole for ${(duration / 1000).toFixed(0)} s`);
    proxy.setMode('blackhole');
    timer = setTimeout(() => {
      proxy.setMode('forward');
      next();
    }, duration);
  };
  next();

  return {
    counts,
    /** No more faults; a black hole under way ends now. */
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (proxy.mode !== 'forward') proxy.setMode('forward');
    },
  };
}

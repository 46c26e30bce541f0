// The soak's command line: how long it runs and the knobs of its faults, each with a default that
// makes `npm run soak` the ten-minute run RELIABILITY.md reports.

const defaults = {
  /** How long the faults go on, in minutes (the drain at the end comes on top). */
  minutes: 10,
  /** Seeds the random faults, so a run that found something can be run again the same way. */
  seed: Date.now() % 1_000_000,
  /** A new password every this many seconds… */
  rotateSeconds: 20,
  /** …while the previous one still works this many seconds longer, for a renewal in flight. */
  overlapSeconds: 10,
  /** The broker is stopped and started again this often. */
  restartSeconds: 60,
  /** The page's keep-alive: a black hole must be found by it. */
  keepalive: 10,
  /** QoS 1 messages per second from the Node publisher. */
  qos1Rate: 20,
  /** QoS 2 messages per second. */
  qos2Rate: 1,
  /** The longest the end waits for the stream to arrive once the faults have stopped. */
  drainSeconds: 120,
  /** How much the page's heap may grow from start to end (after a forced GC), in KiB. */
  heapLimitKiB: 1024,
  /** Where the figures go. */
  report: 'soak-report.json',
  /**
   * Mosquitto's debug log, every packet with the time Node read it: where a lost or repeated message
   * went can be looked up afterwards (about 1.5 MB a minute). `--broker-log=` keeps none.
   */
  brokerLog: 'soak-broker.log',
};

const usage = `npm run soak -- [--minutes=10] [--seed=N] [--rotate-seconds=20] [--overlap-seconds=10]
  [--restart-seconds=60] [--keepalive=10] [--qos1-rate=20] [--qos2-rate=1] [--drain-seconds=120]
  [--heap-limit-kib=1024] [--report=soak-report.json] [--broker-log=soak-broker.log]`;

const camel = (flag) => flag.replace(/-(\w)/g, (_, c) => c.toUpperCase()).replace(/Kib$/, 'KiB');

/** Reads `--name=value` flags; an unknown flag or a value that is not a positive number is an error. */
export function parseOptions(argv) {
  const options = { ...defaults };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { help: usage };
    const match = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    const key = match && camel(match[1]);
    if (!match || !(key in defaults)) throw new Error(`Unknown option "${arg}".\n${usage}`);
    if (key === 'report' || key === 'brokerLog') {
      options[key] = match[2];
      continue;
    }
    const value = Number(match[2]);
    if (!Number.isFinite(value) || value <= 0 || (key === 'seed' && !Number.isInteger(value)))
      throw new Error(`--${match[1]} needs a positive number, not "${match[2]}".`);
    options[key] = value;
  }
  if (options.overlapSeconds >= options.rotateSeconds)
    throw new Error('--overlap-seconds must be shorter than --rotate-seconds: only two passwords at a time.');
  return options;
}

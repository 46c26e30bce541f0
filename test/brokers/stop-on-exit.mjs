// Processes and temporary folders the test runner's plugins start, stopped and removed when its
// process exits, however it exits: the runner calls `process.exit` on a failed start or a fatal error
// without waiting for the plugins' own asynchronous `serverStop`, and a broker or proxy left running
// would hold its port and its folder in the temporary directory until someone noticed.
import { rmSync } from 'node:fs';

const pending = new Set();

process.once('exit', () => {
  for (const stop of pending) {
    try {
      stop();
    } catch {
      // Exiting anyway: the others must still run.
    }
  }
});

/**
 * Registers `stop` (synchronous: only synchronous work runs at exit) and returns the function that
 * unregisters it, for when the resource was closed the normal way.
 */
export function stopOnExit(stop) {
  pending.add(stop);
  return () => pending.delete(stop);
}

/**
 * Sends `child` `signal` at exit if it is still running. SIGKILL for a single process; a program with
 * workers of its own (nginx) needs a signal it can act on, or the workers outlive it.
 */
export function killOnExit(child, signal = 'SIGKILL') {
  return stopOnExit(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

/** Removes `dir` and everything in it at exit. */
export function removeOnExit(dir) {
  return stopOnExit(() => rmSync(dir, { recursive: true, force: true }));
}

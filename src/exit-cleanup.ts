// Synchronous clean-ups that must run even when the process is ended abruptly (a second Ctrl-C runs
// them, then ends the process by the signal): a spooled copy of a capture holds its secrets in clear, and a first run's inventory
// file must not outlive a run that never committed. Registered for the span of the work only.

const pending = new Set<() => void>();
let installed = false;

/** Runs the registered clean-ups now (at exit, or before a second Ctrl-C ends the process). */
export function runExitCleanups(): void {
  for (const fn of [...pending]) {
    try {
      fn();
    } catch {
      // best effort: the process is going away
    }
  }
  pending.clear();
}

/** Runs `fn` if the process exits before the returned function is called (which unregisters it). */
export function onExit(fn: () => void): () => void {
  if (!installed) {
    process.once('exit', runExitCleanups);
    installed = true;
  }
  pending.add(fn);
  return () => void pending.delete(fn);
}

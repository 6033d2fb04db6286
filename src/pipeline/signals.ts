// Lets a Ctrl-C that arrived during synchronous work reach its handler. Node reads signals in the
// event loop's poll phase; after a long synchronous stretch that began from a poll callback (the
// last read of an input), `setImmediate` alone resumes in the same loop iteration's check phase,
// before the loop polls again, so a pending SIGINT would still be unseen. A timer first makes the
// loop go round once: timers, then poll (the signal is read and the handler runs), then check.

import { setImmediate, setTimeout } from 'node:timers/promises';

/** Resolves once every signal that was pending when it was called has reached its handler. */
export async function letSignalsIn(): Promise<void> {
  await setTimeout(0);
  await setImmediate();
}

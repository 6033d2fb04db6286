#!/usr/bin/env node
// The only place that touches the process: argv, streams, signals and the exit code.
import { runCli, runExitCleanups } from '../dist/src/cli.js';

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupts += 1;
    if (interrupts > 1) {
      // A second Ctrl-C: the open transaction dies with the process. Clean-ups first (a spooled
      // capture, a first run's inventory), then the signal's own default action, which ends the
      // process even where process.exit would wait for a read that never returns (a FIFO no one
      // writes to); the shell sees 128 + the signal, as from the first one.
      runExitCleanups();
      process.removeAllListeners(sig);
      process.kill(process.pid, sig);
      return;
    }
    controller.abort(sig); // the exit code says which signal (130 for SIGINT, 143 for SIGTERM)
  });
}

// A reader that stops early (`akto-rt endpoints | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
  signal: controller.signal,
});

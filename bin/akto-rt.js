#!/usr/bin/env node
// The only place that touches the process: argv, streams, signals and the exit code.
import os from 'node:os';
import { runCli } from '../dist/src/cli.js';

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(128 + os.constants.signals[sig]); // a second Ctrl-C: the open transaction dies with the process
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

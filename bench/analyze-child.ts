// One measured `analyze` run in its own process (node dist/bench/analyze-child.js FILE DB WORKERS):
// prints one JSON line with the run summary, wall and CPU time, and the process's peak RSS.

import { runCli } from '../src/cli.js';

export interface ChildResult {
  entries: number;
  calls: number;
  bytes: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

async function main(argv: string[]): Promise<void> {
  const [file, db, workers] = argv;
  if (!file || !db || !workers) throw new Error('usage: analyze-child FILE DB WORKERS');
  let out = '';
  let err = '';
  const started = performance.now();
  const code = await runCli(['analyze', file, '--db', db, '--workers', workers, '--force', '--format', 'json', '-q'], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`analyze exited ${code}: ${err}`);
  const s = JSON.parse(out) as { calls: number; inputs: { entries: number; bytes: number }[] };
  const usage = process.resourceUsage();
  const result: ChildResult = {
    entries: s.inputs.reduce((a, i) => a + i.entries, 0),
    calls: s.calls,
    bytes: s.inputs.reduce((a, i) => a + i.bytes, 0),
    wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMb: usage.maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`analyze-child: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

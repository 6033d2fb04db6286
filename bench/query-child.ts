// Times read commands in their own process (node dist/bench/query-child.js DB): each command once cold,
// then a few warm runs; prints one JSON line. Times are the command itself, in-process, without the
// node start-up and module loading, which are reported separately.

import { performance } from 'node:perf_hooks';

export interface QueryTiming {
  args: string[];
  coldMs: number;
  warmMs: number;
  outputChars: number;
}

export const QUERIES: string[][] = [
  ['stats', '--range', '7d'],
  ['stats', '--range', '1h'],
  ['endpoints'],
  ['endpoints', '--format', 'json'],
];

async function main(db: string): Promise<void> {
  const t0 = performance.now();
  const { runCli } = await import('../src/cli.js');
  const loadMs = performance.now() - t0;
  const timings: QueryTiming[] = [];
  for (const args of QUERIES) {
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined }, env: { NO_COLOR: '1' }, cwd: process.cwd(), now: () => Date.now() };
    const runs: number[] = [];
    for (let i = 0; i < 4; i++) {
      out = '';
      const a = performance.now();
      const code = await runCli([...args, '--db', db], io);
      runs.push(performance.now() - a);
      if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
    }
    const warm = runs.slice(1).sort((a, b) => a - b);
    timings.push({ args, coldMs: runs[0]!, warmMs: warm[Math.floor(warm.length / 2)]!, outputChars: out.length });
  }
  process.stdout.write(JSON.stringify({ loadMs, timings }) + '\n');
}

main(process.argv[2] ?? '').catch((e: unknown) => {
  process.stderr.write(`query-child: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

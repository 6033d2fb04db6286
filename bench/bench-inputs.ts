// Benchmark inputs under .tmp/bench/: generated once per (format, entries, seed) and reused, written
// under a temporary name first so an interrupted generation is never mistaken for a finished file.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GenFormat } from './gen-cli.js';

const EXT: Record<GenFormat, string> = { har: 'har', 'har-pretty': 'har', burp: 'xml', akto: 'jsonl' };

export function benchDir(root: string): string {
  const dir = `${root}/.tmp/bench`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Path of the generated input, generating it (in a child process) when absent. */
export function ensureInput(dir: string, format: GenFormat, entries: number, seed: number, log: (s: string) => void): string {
  const path = `${dir}/${format}-${entries}-s${seed}.${EXT[format]}`;
  if (existsSync(path) && statSync(path).size > 0) return path;
  log(`generating ${path} ...`);
  const gen = fileURLToPath(new URL('./gen-cli.js', import.meta.url));
  const tmp = `${path}.partial`;
  const r = spawnSync(process.execPath, [gen, '--format', format, '--entries', String(entries), '--seed', String(seed), '--out', tmp], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`generating ${path} failed (exit ${r.status})`);
  renameSync(tmp, path);
  return path;
}

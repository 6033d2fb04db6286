// Test helpers: run the real CLI in-process with captured IO, and temporary directories.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { runCli } from '../src/cli.js';

export const SAMPLES = new URL('../../shared/samples/', import.meta.url).pathname;
export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOpts {
  stdin?: Buffer | string;
  env?: Record<string, string>;
  now?: number;
  signal?: AbortSignal;
  cwd?: string;
}

export async function cli(argv: string[], o: RunOpts = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: o.stdin === undefined ? undefined : Readable.from([Buffer.from(o.stdin)]),
    env: { NO_COLOR: '1', ...o.env },
    cwd: o.cwd ?? process.cwd(),
    now: () => o.now ?? Date.parse('2026-01-01T00:00:00Z'),
    signal: o.signal,
  });
  return { code, stdout, stderr };
}

/** A fresh temp directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'akto-rt-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every stored byte of an inventory, the WAL too (should a checkpoint not have run): for leak checks. */
export function storedBytes(db: string): string {
  return ['', '-wal']
    .map((suffix) => {
      try {
        return readFileSync(db + suffix).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');
}

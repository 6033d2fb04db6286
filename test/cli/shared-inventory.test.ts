// Several processes on one inventory, as parallel CI jobs and shared machines have them: a failed first
// run never removes an inventory another process has open, two runs creating one inventory create it
// once, and a run never commits into a file that was removed while it waited.

import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb, immutableUri } from '../../src/store/db.js';
import { RunTransaction } from '../../src/store/runs.js';
import { cli, FIXTURES, SAMPLES, tempDir } from '../helpers.js';

const BIN = new URL('../../bin/akto-rt.js', import.meta.url).pathname;
const HAR = `${FIXTURES}demo-shop.har`;

interface Job {
  pid: number;
  stdin: NodeJS.WritableStream;
  done: Promise<{ code: number | null; stderr: string }>;
}

function start(args: string[]): Job {
  const child = spawn(process.execPath, [BIN, ...args, '-q'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  return { pid: child.pid!, stdin: child.stdin, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

/** Whether process `pid` holds `file` open (Linux /proc). */
function holdsOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !what(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('one inventory, several processes', () => {
  const dir = tempDir();

  it.runIf(process.platform === 'linux')('a failed first run keeps an inventory another run opened meanwhile, and that run commits', async () => {
    const db = join(dir, 'first.db');
    // Job 1 creates the inventory and waits for its input on stdin, holding the write lock.
    const one = start(['analyze', '-', '--db', db]);
    await until(() => holdsOpen(one.pid, db));
    // Job 2 opens the same new inventory and waits for the lock.
    const two = start(['analyze', HAR, '--db', db]);
    await until(() => holdsOpen(two.pid, db));
    // Job 1's input turns out not to be a capture: it fails, and must leave the file to job 2.
    one.stdin.end('not a capture\n');
    const [r1, r2] = await Promise.all([one.done, two.done]);
    expect(r1.code, r1.stderr).toBe(2);
    expect(r1.stderr).toMatch(/not a known capture format/);
    expect(r2.code, r2.stderr).toBe(0);
    const list = await cli(['endpoints', '--db', db, '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).endpoints.length).toBeGreaterThan(10);
  });

  it('a failed first run alone still leaves no inventory file', async () => {
    const db = join(dir, 'alone.db');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'not a capture\n');
    const r = await cli(['analyze', bad, '--db', db]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('alone.db'))).toEqual([]);
  });

  it('two runs creating one inventory at once both land, once each', async () => {
    // A race (it failed about one time in three when the schema was created without the write lock).
    for (let i = 0; i < 4; i++) {
      const db = join(dir, `both${i}.db`);
      const jobs = [start(['analyze', HAR, '--db', db]), start(['analyze', `${SAMPLES}har/chrome_one-post-json-cookie.har`, '--db', db])];
      const results = await Promise.all(jobs.map((j) => j.done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const d = new Database(db, { readonly: true });
      expect((d.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(2);
      d.close();
    }
  }, 60_000);

  it('a run does not commit into an inventory file that was removed or replaced while it waited', () => {
    const path = join(dir, 'moved.db');
    const db = openDb(path);
    renameSync(path, join(dir, 'elsewhere.db')); // what another process removing the file looks like
    expect(() => new RunTransaction(db, null, '2026-01-01T00:00:00Z')).toThrow(/moved\.db: the inventory file was removed or replaced while this run was waiting for it or writing it/);
    db.close();
  });

  it('reads an inventory immutable (nothing created beside it) through a URI that keeps odd path characters', async () => {
    const odd = join(dir, 'a %41 b?c#d');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(odd);
    const path = join(odd, 'inv.db');
    expect((await cli(['analyze', HAR, '--db', path])).code).toBe(0);
    const before = readdirSync(odd).sort();
    const d = new Database(immutableUri(path), { readonly: true, fileMustExist: true });
    expect((d.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(1);
    d.close();
    expect(readdirSync(odd).sort()).toEqual(before);
  });
});

// Several processes on one inventory, as parallel CI jobs and shared machines have them: a failed first
// run never removes an inventory another process has open, two runs creating one inventory create it
// once, a run never commits into a file that was removed while it waited, and a run waits its turn
// while another writes.

import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb, immutableUri } from '../../src/store/db.js';
import { RunTransaction } from '../../src/store/runs.js';
import { parseWait } from '../../src/commands/analyze.js';
import { cli, FIXTURES, SAMPLES, tempDir } from '../helpers.js';

const BIN = new URL('../../bin/akto-rt.js', import.meta.url).pathname;
const HAR = `${FIXTURES}demo-shop.har`;

interface Job {
  pid: number;
  stdin: NodeJS.WritableStream;
  /** What it wrote to stderr so far. */
  stderr: () => string;
  done: Promise<{ code: number | null; stderr: string }>;
}

function start(args: string[]): Job {
  const child = spawn(process.execPath, [BIN, ...args, '-q'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  return { pid: child.pid!, stdin: child.stdin, stderr: () => stderr, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
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

  it.runIf(process.platform === 'linux')('two first runs that both fail leave no inventory file', async () => {
    const db = join(dir, 'both-fail.db');
    const bad = join(dir, 'bad-too.txt');
    writeFileSync(bad, 'not a capture either\n');
    const one = start(['analyze', '-', '--db', db]);
    await until(() => holdsOpen(one.pid, db));
    // Job 2 finds the inventory job 1 created (schema, no run yet) and waits for the lock.
    const two = start(['analyze', bad, '--db', db]);
    await until(() => holdsOpen(two.pid, db));
    one.stdin.end('not a capture\n');
    const [r1, r2] = await Promise.all([one.done, two.done]);
    expect([r1.code, r2.code]).toEqual([2, 2]);
    expect(r2.stderr).toMatch(/bad-too\.txt: not a known capture format/);
    expect(readdirSync(dir).filter((f) => f.startsWith('both-fail.db'))).toEqual([]);
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

describe('a run that finds another run writing the inventory', () => {
  const dir = tempDir();
  const runs = (db: string): number => {
    const d = new Database(db, { readonly: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
    } finally {
      d.close();
    }
  };
  const waiting = (db: string, wait: string): string =>
    `akto-rt: ${db} is being written by another akto-rt run; waiting up to ${wait} for it to finish (--wait to change, Ctrl-C to stop)\n`;

  it('waits for it, says so once, and lands when it finishes', async () => {
    const db = join(dir, 'turns.db');
    expect((await cli(['analyze', HAR, '--db', db])).code).toBe(0);
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE'); // what a running analyze holds for its whole length
    const job = start(['analyze', HAR, '--db', db, '--force']);
    let finished = false;
    void job.done.then(() => (finished = true));
    try {
      await until(() => job.stderr() !== '');
      await new Promise((r) => setTimeout(r, 1_000)); // well past the 200 ms it sleeps per attempt
      expect(finished).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const r = await job.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(waiting(db, '10 min'));
    expect(runs(db)).toBe(2);
  }, 30_000);

  it('stops waiting on Ctrl-C: exit 130, nothing written', async () => {
    const db = join(dir, 'ctrl-c.db');
    expect((await cli(['analyze', HAR, '--db', db])).code).toBe(0);
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    try {
      const job = start(['analyze', HAR, '--db', db, '--force', '--wait', '1h']);
      await until(() => job.stderr() !== '');
      expect(job.stderr()).toBe(waiting(db, '1 h'));
      const sent = Date.now();
      process.kill(job.pid, 'SIGINT');
      const r = await job.done;
      expect(r.code).toBe(130);
      expect(Date.now() - sent).toBeLessThan(10_000); // not the hour it was given
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(runs(db)).toBe(1);
  }, 30_000);
});

describe('--wait', () => {
  it('takes seconds or a time with s, m or h', () => {
    expect(parseWait('0')).toBe(0);
    expect(parseWait('2.5')).toBe(2_500);
    expect(parseWait('30s')).toBe(30_000);
    expect(parseWait('10m')).toBe(600_000);
    expect(parseWait('1h')).toBe(3_600_000);
  });

  it('refuses anything else with a usage error', async () => {
    for (const bad of ['-1', '5x', '1d', '', 'soon', '200h']) expect(() => parseWait(bad), bad).toThrow(/^--wait takes seconds or a time like 30s, 10m or 1h/);
    const r = await cli(['analyze', HAR, '--db', join(tempDir(), 'x.db'), '--wait', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--wait takes seconds or a time like 30s, 10m or 1h (at most 7 days), got 'soon'");
  });
});

// Inputs given by a path that is not a regular file (a FIFO, `<(...)`, `/dev/stdin`): read once,
// front to back, in whatever thread count was asked for, and never hashed ahead of the real read.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();

/** A FIFO at `name` that a background `cat` fills with `file` once a reader opens it. */
function fifoOf(name: string, file: string): string {
  const fifo = join(dir, name);
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', file, fifo], { stdio: 'ignore' });
  writer.on('error', () => undefined);
  return fifo;
}

async function calls(db: string): Promise<number> {
  const r = await cli(['endpoints', '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).endpoints as { calls: number }[]).reduce((n, e) => n + e.calls, 0);
}

describe('inputs that are pipes', () => {
  const har = join(dir, 'calls.har');
  writeFileSync(har, harOf(Array.from({ length: 40 }, (_, i) => ({ method: 'GET', url: `https://api.pipe.test/v1/items/${i + 1}`, response: { id: i + 1 } }))));
  const burp = `${SAMPLES}burp/${readFileSync(`${SAMPLES}MANIFEST.md`, 'utf8').match(/`burp\/([^`]+\.xml)`/)![1]}`;

  it('are read in full with --workers 2, HAR and Burp alike (threads cannot read a pipe in segments)', async () => {
    const db = join(dir, 'workers.db');
    const r = await cli(['analyze', fifoOf('w.fifo', har), '--workers', '2', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(await calls(db)).toBe(40);

    const direct = join(dir, 'burp-direct.db');
    expect((await cli(['analyze', burp, '--db', direct, '-q'])).code).toBe(0);
    const piped = join(dir, 'burp-piped.db');
    const b = await cli(['analyze', fifoOf('b.fifo', burp), '--workers', '2', '--db', piped, '-q']);
    expect(b.code, b.stderr).toBe(0);
    expect(await calls(piped)).toBe(await calls(direct));
  });

  it('a second pipe into the same inventory is read, not taken for the first one by its size', async () => {
    const db = join(dir, 'two.db');
    expect((await cli(['analyze', fifoOf('one.fifo', har), '--db', db, '-q'])).code).toBe(0);
    const other = join(dir, 'other.har');
    writeFileSync(other, harOf([{ method: 'POST', url: 'https://api.pipe.test/v1/orders', body: { sku: 'x' }, response: { ok: true } }]));
    const r = await cli(['analyze', fifoOf('two.fifo', other), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(await calls(db)).toBe(41);
    // The real file after the piped copy is the same content: recognized as such, not counted again.
    const again = await cli(['analyze', har, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already analyzed');
    expect(await calls(db)).toBe(41);
  });
});

describe('outputs and baselines that are pipes', () => {
  const har = join(dir, 'two-hosts.har');
  writeFileSync(har, harOf([
    { method: 'GET', url: 'https://a.pipe.test/v1/things', response: { n: 1 } },
    { method: 'GET', url: 'https://b.pipe.test/v1/other', response: { n: 2 } },
  ]));
  const db = join(dir, 'out.db');

  /** A FIFO whose whole content a background `cat` collects, as `>(...)` would. */
  function sinkFifo(name: string): { path: string; text: Promise<string> } {
    const path = join(dir, name);
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const reader = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    reader.stdout.on('data', (b: Buffer) => (out += b.toString()));
    return { path, text: new Promise((resolve) => reader.on('close', () => resolve(out))) };
  }

  it('export writes to a pipe (not a temporary file beside it), and one spec only', async () => {
    expect((await cli(['analyze', har, '--db', db, '-q'])).code).toBe(0);
    const inv = sinkFifo('inv.fifo');
    const r = await cli(['export', '--inventory', inv.path, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await inv.text).endpoints).toHaveLength(2);

    const before = readdirSync(dir).sort();
    const spec = join(dir, 'spec.fifo');
    expect(spawnSync('mkfifo', [spec]).status).toBe(0);
    const many = await cli(['export', '--openapi', spec, '--db', db]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('pass --host HOST to write one spec to');
    expect(readdirSync(dir).sort()).toEqual([...before, 'spec.fifo'].sort()); // no per-host files beside a pipe
    const one = sinkFifo('spec-one.fifo');
    expect((await cli(['export', '--openapi', one.path, '--host', 'a.pipe.test', '--db', db])).code).toBe(0);
    expect(JSON.parse(await one.text).paths).toHaveProperty(['/v1/things']);
    expect(existsSync(`${one.path}.a.pipe.test`)).toBe(false);
  });

  it('diff reads a baseline from a pipe (`diff <(git show main:inventory.json) head.db`)', async () => {
    const baseline = join(dir, 'baseline.json');
    expect((await cli(['export', '--inventory', baseline, '--db', db])).code).toBe(0);
    const r = await cli(['diff', fifoOf('baseline.fifo', baseline), db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes).toEqual([]);
    const sqlite = await cli(['diff', fifoOf('db.fifo', db), db]);
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain('an inventory database cannot be read from stdin or a pipe; pass its path');
  });
});

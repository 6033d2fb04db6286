// Hostile and oversized inputs: bodies past the documented sizes (analyzed up to the body cap and
// counted as truncated, never a skipped entry or a failed run), paths too deep to template, methods
// that are not methods, busy inventories, control bytes in errors.

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

function har(bodies: { url: string; text: string }[]): string {
  return harOf(bodies.map((b) => ({ method: 'GET', url: b.url, status: 200, responseText: b.text })));
}

describe('oversized bodies', () => {
  const dir = tempDir();

  it('a body over the cap is analyzed up to it and the call counted as truncated', async () => {
    const file = `${dir}/cap.har`;
    const head = 'contact jane.doe@example.com ';
    const tail = ' card 4111 1111 1111 1111';
    writeFileSync(file, har([{ url: 'https://api.test/export', text: head + 'x'.repeat(300_000) + tail }, { url: 'https://api.test/small', text: 'ok' }]));
    const r = await cli(['analyze', file, '--db', `${dir}/cap.db`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.inputs[0]).toMatchObject({ calls: 2, skipped: 0, truncated: 1 });
    expect(s.truncated).toBe(1);
    const t = await cli(['analyze', file, '--db', `${dir}/cap2.db`]);
    expect(t.stdout).toMatch(/2 calls recorded, 1 call with a body over 256 KB or 4,096 values \(analyzed up to that\)/);
    const found = JSON.parse((await cli(['sensitive', '--db', `${dir}/cap.db`, '--format', 'json'])).stdout).findings.map((f: { type: string }) => f.type);
    expect(found).toContain('email'); // before the cap
    expect(found).not.toContain('credit-card'); // past it: not read
  });

  it('a body larger than the scanner keeps is cut, and the entry still analyzed', async () => {
    const file = `${dir}/huge.har`;
    writeFileSync(file, har([{ url: 'https://api.test/dump', text: 'a'.repeat(9 * 1024 * 1024) }, { url: 'https://api.test/after', text: 'ok' }]));
    const r = await cli(['analyze', file, '--db', `${dir}/huge.db`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.inputs[0]).toMatchObject({ entries: 2, calls: 2, skipped: 0, truncated: 1 });
  });

  it('a body with more values than are read (a long list) is counted as truncated; a page of 150 records is read whole', async () => {
    const file = `${dir}/values.har`;
    const users = Array.from({ length: 150 }, (_, i) => ({ id: i, name: `user ${i}`, plan: 'pro', ...(i >= 120 ? { ssn: `219-09-${String(1000 + i)}` } : {}) }));
    writeFileSync(file, harOf([
      { method: 'GET', url: 'https://api.values.test/v1/users', response: { users, next_cursor: 'c2', admin_contact: { email: 'admin@values.test' } } },
      { method: 'GET', url: 'https://api.values.test/v1/series', response: { points: Array.from({ length: 5000 }, (_, i) => i) } },
    ]));
    const r = await cli(['analyze', file, '--db', `${dir}/values.db`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({ calls: 2, truncated: 1 });
    const findings = JSON.parse((await cli(['sensitive', '--db', `${dir}/values.db`, '--format', 'json'])).stdout).findings as { param: string; type: string }[];
    expect(findings.map((f) => `${f.param} ${f.type}`).sort()).toEqual(['$.admin_contact.email email', '$.users[*].ssn ssn']);
  });

  it('an entry whose path is thousands of segments deep, or whose method is not a method, is skipped with a reason', async () => {
    const file = `${dir}/deep.har`;
    const deep = Array.from({ length: 100_000 }, (_, i) => `seg${i}`).join('/');
    const doc = JSON.parse(har([{ url: `https://api.test/${deep}`, text: 'x' }, { url: 'https://api.test/ok', text: 'ok' }, { url: 'https://api.test/m', text: 'm' }]));
    doc.log.entries[2].request.method = 'GET /admin HTTP/1.1';
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli(['analyze', file, '--db', `${dir}/deep.db`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout).inputs[0];
    expect(s).toMatchObject({ entries: 3, calls: 1, skipped: 2 });
    expect(s.skippedReasons).toEqual([
      { index: 0, reason: 'path has more than 128 segments' },
      { index: 2, reason: 'method is not an HTTP method token (19 characters)' },
    ]);
  });
});

describe('an --db that is not an inventory file', () => {
  it('a directory, or another program\'s SQLite file, is one line saying what to do', async () => {
    const dir = tempDir();
    const asDir = await cli(['endpoints', '--db', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toBe(`akto-rt: ${dir}: is a directory; --db takes the inventory's file path (e.g. ${dir}/akto-rt.db)\n`);
    const foreign = `${dir}/other.db`;
    const d = new Database(foreign);
    d.exec('CREATE TABLE notes (t TEXT)');
    d.close();
    const r = await cli(['endpoints', '--db', foreign]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`akto-rt: ${foreign}: not an akto-rt inventory (a SQLite file with other tables); give --db a new file\n`);
  });
});

describe('an inventory another run is writing to', () => {
  it('is a one-line error with exit 2, not an internal error', async () => {
    const dir = tempDir();
    const db = `${dir}/busy.db`;
    const file = `${dir}/one.har`;
    writeFileSync(file, har([{ url: 'https://api.test/a', text: 'ok' }]));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE'); // what a running analyze holds
    try {
      const r = await cli(['analyze', file, '--db', db, '--force', '-q', '--wait', '1.5']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `akto-rt: ${db} is being written by another akto-rt run; waiting up to 1.5 s for it to finish (--wait to change, Ctrl-C to stop)\n` +
          `akto-rt: ${db}: the inventory is in use by another akto-rt run (waited 1.5 s; retry when that run finishes, or wait longer with --wait)\n`,
      );
      const now = await cli(['analyze', file, '--db', db, '--force', '-q', '--wait', '0']);
      expect(now.code).toBe(2);
      expect(now.stderr).toBe(`akto-rt: ${db}: the inventory is in use by another akto-rt run (retry when that run finishes, or give --wait a time to wait for it)\n`);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 20_000);
});

describe('errors quoting the input', () => {
  it('never pass its control characters to the terminal', async () => {
    const dir = tempDir();
    const file = `${dir}/esc.json`;
    writeFileSync(file, JSON.stringify({ '\u001b[2J\u001b[31mowned': 1, 'a\u0000b': 2 }));
    const r = await cli(['analyze', file, '--db', `${dir}/esc.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('\\u001b[2J');
  });
});

describe('a HAR whose log.entries is not an array', () => {
  it('says so, instead of calling valid JSON invalid', async () => {
    const dir = tempDir();
    const file = `${dir}/entries-object.har`;
    writeFileSync(file, '{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":{"0":{}}}}');
    const r = await cli(['analyze', file, '--db', `${dir}/e.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/entries-object\.har: not a HAR file: log\.entries is not an array \(found '\{' at byte \d+\)\n$/);
  });
});

// Where --db points: a directory, a symlink, an empty file a script made for it.

import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.js';

const dir = tempDir();
const cut = join(dir, 'cut.har');
writeFileSync(cut, readFileSync(`${FIXTURES}demo-shop.har`).subarray(0, 2000));

describe('--db', () => {
  it('a directory is a usage error saying what to pass, for analyze as for reads', async () => {
    const d = join(dir, 'invdir');
    mkdirSync(d);
    const r = await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', d, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`akto-rt: ${d}: is a directory; --db takes the inventory's file path (e.g. ${d}/akto-rt.db)\n`);
  });

  it('through a symlink: a failed first run removes the inventory it created at the target and leaves the link', async () => {
    const target = join(dir, 'shared.db');
    const link = join(dir, 'link.db');
    symlinkSync(target, link);
    const r = await cli(['analyze', cut, '--db', link, '-q']);
    expect(r.code).toBe(2);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    for (const f of [target, `${target}-wal`, `${target}-shm`]) expect(existsSync(f), f).toBe(false);
    // and a good run through it then works
    expect((await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', link, '-q'])).code).toBe(0);
    expect(statSync(target).size).toBeGreaterThan(0);
  });

  it('an empty file made for it (`--db "$(mktemp)"`) is a new inventory, left empty when the first run fails', async () => {
    const empty = join(dir, 'made.db');
    writeFileSync(empty, '', { mode: 0o600 });
    const r = await cli(['analyze', cut, '--db', empty, '-q']);
    expect(r.code).toBe(2);
    expect(statSync(empty).size).toBe(0);
    expect(statSync(empty).mode & 0o777).toBe(0o600);
    expect(existsSync(`${empty}-wal`)).toBe(false);
    const read = await cli(['endpoints', '--db', empty]);
    expect(read.stderr).toContain('not an akto-rt inventory (no schema)');
  });
});

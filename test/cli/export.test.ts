// `akto-rt export` output errors through the real CLI: an unwritable target is a one-line error naming
// the file (exit 2), not an internal error; --host is matched as hosts are stored.

import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { harOf } from '../har-builder.js';
import { cli, FIXTURES, tempDir } from '../helpers.js';

describe('export errors', () => {
  const dir = tempDir();
  const db = `${dir}/shop.db`;

  beforeAll(async () => {
    expect((await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', db])).code).toBe(0);
    mkdirSync(`${dir}/adir`);
  });

  it('a missing directory is a one-line error naming the file (exit 2)', async () => {
    const r = await cli(['export', '--inventory', `${dir}/no/such/x.json`, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`akto-rt: ${dir}/no/such/x.json: cannot write: directory ${dir}/no/such does not exist; create it first\n`);
    const o = await cli(['export', '--openapi', `${dir}/no/such/api.json`, '--host', 'api.shop.example', '--db', db]);
    expect(o.code).toBe(2);
    expect(o.stderr).toBe(`akto-rt: ${dir}/no/such/api.json: cannot write: directory ${dir}/no/such does not exist; create it first\n`);
  });

  it('a directory as the target is a one-line error naming it (exit 2)', async () => {
    const r = await cli(['export', '--inventory', `${dir}/adir`, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`akto-rt: ${dir}/adir: cannot write: is a directory; pass a file name\n`);
  });

  it('replaces a target whole: an existing file keeps its permissions, a symlink its link, and nothing is left beside it', async () => {
    const target = `${dir}/baseline.json`;
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    symlinkSync(target, `${dir}/link.json`);
    const r = await cli(['export', '--inventory', `${dir}/link.json`, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(`${dir}/link.json`).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).endpoints.length).toBeGreaterThan(0);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('matches --host as stored (default port dropped) and rejects unknown hosts', async () => {
    const a = await cli(['export', '--inventory', '-', '--host', 'api.shop.example', '--db', db]);
    const b = await cli(['export', '--inventory', '-', '--host', 'API.shop.example:443', '--db', db]);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(b.stdout).endpoints.length).toBeGreaterThan(0);
    const r = await cli(['export', '--inventory', '-', '--host', 'nope.example', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('akto-rt: unknown host nope.example: not in the inventory; known hosts: api.shop.example, auth.example.com, internal.example:8443\n');
  });
});

describe('export --openapi servers', () => {
  const dir = tempDir();

  it('names the scheme the host was called with: http for a plain-HTTP service, both when both were seen', async () => {
    const har = `${dir}/schemes.har`;
    writeFileSync(har, harOf([
      { method: 'GET', url: 'http://legacy.example:8080/v1/items/1', response: { id: 1 } },
      { method: 'GET', url: 'https://api.example.com/v1/users/1', response: { id: 1 } },
      { method: 'GET', url: 'http://api.example.com/v1/status', response: { ok: true } },
      { method: 'GET', url: 'https://secure.example.com/v1/x', response: { ok: true } },
    ]));
    const db = `${dir}/schemes.db`;
    expect((await cli(['analyze', har, '--db', db])).code).toBe(0);
    const servers = async (host: string): Promise<string[]> =>
      (JSON.parse((await cli(['export', '--openapi', '-', '--host', host, '--db', db])).stdout) as { servers: { url: string }[] }).servers.map((s) => s.url);
    expect(await servers('legacy.example:8080')).toEqual(['http://legacy.example:8080']);
    expect(await servers('api.example.com')).toEqual(['https://api.example.com', 'http://api.example.com']);
    expect(await servers('secure.example.com')).toEqual(['https://secure.example.com']);
  });
});


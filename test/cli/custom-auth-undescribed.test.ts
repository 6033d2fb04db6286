// Custom auth schemes are known by their names in the inventory, and by where they travel only through
// the config: `export --openapi` and `endpoints --auth custom` run without the config that defined them
// (or with one that renamed them) say so, instead of exporting an authenticated endpoint as open or
// listing nothing.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

describe('custom auth schemes the config no longer defines', () => {
  const dir = tempDir();
  const db = `${dir}/c.db`;
  const config = `${dir}/with.json`;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({ auth: { custom: [{ name: 'tenant-key', in: 'header', key: 'X-Tenant-Key' }] } }));
    writeFileSync(`${dir}/c.har`, harOf([{ method: 'GET', url: 'https://api.example.com/tenant/info', headers: { 'X-Tenant-Key': 'tk-1' }, response: { ok: true } }]));
    const a = await cli(['analyze', `${dir}/c.har`, '--db', db, '--config', config]);
    expect(a.code, a.stderr).toBe(0);
  });

  it('export --openapi warns, and is quiet with the config', async () => {
    const without = await cli(['export', '--openapi', '-', '--db', db], { cwd: dir });
    expect(without.code).toBe(0);
    expect(without.stderr).toContain('warning: the inventory has custom auth scheme tenant-key that the config does not define; their endpoints are exported without that security');
    const withIt = await cli(['export', '--openapi', '-', '--db', db, '--config', config]);
    expect(withIt.stderr).toBe('');
    expect(JSON.parse(withIt.stdout).paths['/tenant/info'].get.security).toEqual([{ 'tenant-key': [] }]);
  });

  it('endpoints --auth custom warns and names the scheme to filter by', async () => {
    const r = await cli(['endpoints', '--auth', 'custom', '--db', db, '--format', 'json'], { cwd: dir });
    expect(r.stderr).toContain('--auth custom lists only the config\'s schemes: use --auth tenant-key');
    expect(JSON.parse(r.stdout).endpoints).toEqual([]);
    const by = await cli(['endpoints', '--auth', 'tenant-key', '--db', db, '--format', 'json']);
    expect(by.stderr).toBe('');
    expect(JSON.parse(by.stdout).endpoints.map((e: { path: string }) => e.path)).toEqual(['/tenant/info']);
    const listed = await cli(['endpoints', '--auth', 'custom', '--db', db, '--config', config, '--format', 'json']);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout).endpoints.map((e: { path: string }) => e.path)).toEqual(['/tenant/info']);
  });
});

// A `templates.force` entry added after earlier runs takes in the endpoints those runs recorded under
// it, as it takes every new call: no literal paths left beside the forced template for good.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const get = (path: string): { method: string; url: string; response: unknown } => ({ method: 'GET', url: `https://f.example.com${path}`, response: { ok: true } });

describe('a forced template added later', () => {
  const dir = tempDir();

  it('folds the endpoints it covers into it on the next run, and reports no change for them', async () => {
    const db = `${dir}/f.db`;
    writeFileSync(`${dir}/before.har`, harOf([get('/files'), get('/files/a'), get('/files/a/b/c/d'), get('/files/img/logo'), get('/other/x')]));
    writeFileSync(`${dir}/after.har`, harOf([get('/files/q/r')]));
    writeFileSync(`${dir}/force.json`, JSON.stringify({ templates: { force: ['/files/{path+}'] } }));
    expect((await cli(['analyze', `${dir}/before.har`, '--db', db, '-q'])).code).toBe(0);
    const r = await cli(['analyze', `${dir}/after.har`, '--db', db, '--config', `${dir}/force.json`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('merged 3 endpoints into GET f.example.com/files/{path+}: the config forces /files/{path+} (templates.force)');
    const list = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    expect(list.map((e) => `${e.path} ${e.calls}`)).toEqual(['/files 1', '/files/{path+} 4', '/other/x 1']);
    const show = JSON.parse((await cli(['show', 'GET', '/files/a', '--db', db, '--format', 'json'])).stdout).endpoint;
    expect(show.path).toBe('/files/{path+}');
    const changes = JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout).changes as { kind: string; path: string }[];
    expect(changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual(['not-seen /files', 'not-seen /other/x']);
  });
});

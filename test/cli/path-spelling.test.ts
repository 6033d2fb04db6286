// One spelling per path everywhere paths meet: a capture's `café`, `caf%C3%A9` and `caf%c3%a9` are one
// endpoint, and the same path typed by a user (show, stats, diff --ignore) or written in a spec
// (spec-diff) finds it.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harOf } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';

describe('non-ASCII and escaped paths', () => {
  const dir = tempDir();
  const db = `${dir}/wiki.db`;
  const har = `${dir}/wiki.har`;
  writeFileSync(har, harOf(['/wiki/café', '/wiki/caf%C3%A9', '/wiki/caf%c3%a9', '/~alice/%7Ebob'].map((p) => ({ method: 'GET', url: `https://w.example${p}`, response: { ok: true } }))));

  it('is one endpoint, found however the user writes it', async () => {
    expect((await cli(['analyze', har, '--db', db])).code).toBe(0);
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    expect(eps.map((e) => [e.path, e.calls])).toEqual([['/wiki/caf%C3%A9', 3], ['/~alice/~bob', 1]]);
    for (const typed of ['/wiki/café', '/wiki/caf%c3%a9', '/wiki/caf%C3%A9']) {
      const r = await cli(['show', 'GET', typed, '--db', db]);
      expect(r.code, `${typed}: ${r.stderr}`).toBe(0);
      expect((await cli(['stats', 'GET', typed, '--range', '7d', '--db', db, '--format', 'json'])).code, typed).toBe(0);
    }
    expect((await cli(['show', 'GET', '/%7ealice/~bob', '--db', db])).code).toBe(0);
  });

  it('matches a spec that writes the path unescaped, and an ignore pattern typed that way', async () => {
    const spec = `${dir}/spec.json`;
    writeFileSync(spec, JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'https://w.example' }], paths: { '/wiki/café': { get: { responses: { 200: { description: 'ok' } } } }, '/~alice/~bob': { get: { responses: { 200: { description: 'ok' } } } } } }));
    const r = await cli(['spec-diff', spec, '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const kinds = (JSON.parse(r.stdout) as { entries: { kind: string; path: string }[] }).entries.map((e) => `${e.kind} ${e.path}`);
    expect(kinds.filter((k) => k.startsWith('shadow') || k.startsWith('zombie'))).toEqual([]);
    const other = `${dir}/other.db`;
    expect((await cli(['analyze', harFile(dir), '--db', other])).code).toBe(0);
    const diff = JSON.parse((await cli(['diff', other, db, '--ignore', 'path:/wiki/café', '--format', 'json'])).stdout) as { changes: { path: string }[] };
    expect(diff.changes.map((c) => c.path)).not.toContain('/wiki/caf%C3%A9');
    expect(diff.changes.map((c) => c.path)).toContain('/~alice/~bob');
  });
});

function harFile(dir: string): string {
  const f = `${dir}/other.har`;
  writeFileSync(f, harOf([{ method: 'GET', url: 'https://w.example/other', response: { ok: true } }]));
  return f;
}

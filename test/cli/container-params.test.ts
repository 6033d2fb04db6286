// Objects and arrays in bodies are parameters like any other: `{"data": []}` and `{"data": [{...}]}`
// both have `$.data`, so a capture that only saw empty lists does not "remove" the field from one
// that saw full ones (a `diff --fail-on param-removed` gate failed on it), `required` counts every
// call that had the field, and `{"obj": {...}}` becoming `{"obj": [...]}` is a type change.

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const list = (response: unknown, ts?: string): SimpleCall => ({ method: 'GET', url: 'https://api.example.com/v1/list', response, ...(ts ? { ts } : {}) });
const FULL = { data: [{ id: 1 }, { id: 2 }], meta: { tags: ['a'], filters: { q: 'x' } } };
const EMPTY = { data: [], meta: { tags: [], filters: {} } };

interface Change {
  kind: string;
  detail: string;
}

describe('objects and arrays as parameters', () => {
  const dir = tempDir();
  const analyze = async (db: string, calls: SimpleCall[], name: string): Promise<void> => {
    writeFileSync(`${dir}/${name}.har`, harOf(calls));
    const r = await cli(['analyze', `${dir}/${name}.har`, '--db', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
  };
  const changes = async (db: string): Promise<string[]> =>
    (JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout).changes as Change[]).map((c) => `${c.kind} ${c.detail}`);
  const diff = async (base: string, head: string): Promise<string[]> => {
    const r = await cli(['diff', base, head, '--format', 'json']);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout).changes as Change[]).map((c) => `${c.kind} ${c.detail}`);
  };

  it('a run that saw only empty lists and objects after one that saw them full (and the other way) is no change', async () => {
    const full = `${dir}/full.db`;
    const empty = `${dir}/empty.db`;
    const fullThenEmpty = `${dir}/fe.db`;
    const emptyThenFull = `${dir}/ef.db`;
    await analyze(full, [list(FULL), list(FULL)], 'full');
    await analyze(empty, [list(EMPTY)], 'empty');
    await analyze(fullThenEmpty, [list(FULL)], 'fe1');
    await analyze(fullThenEmpty, [list(EMPTY)], 'fe2');
    await analyze(emptyThenFull, [list(EMPTY)], 'ef1');
    await analyze(emptyThenFull, [list(FULL)], 'ef2');
    expect(await changes(fullThenEmpty)).toEqual([]);
    expect(await changes(emptyThenFull)).toEqual([]);
    expect(await diff(full, empty)).toEqual([]);
    expect(await diff(empty, full)).toEqual([]);
    expect(await diff(full, fullThenEmpty)).toEqual([]);
    expect((await cli(['diff', empty, full, '--fail-on', 'param-added,param-removed,param-type-changed'])).code).toBe(0);
    // A field that really went away still is a change: its members are the lines, as they always were.
    const gone = `${dir}/gone.db`;
    await analyze(gone, [list({ data: [{ id: 1 }] })], 'gone');
    expect(await diff(full, gone)).toEqual(['param-removed response.body[200] $.meta.filters.q', 'param-removed response.body[200] $.meta.tags[*]']);
    // One that only ever was empty is a line of its own.
    const bare = `${dir}/bare.db`;
    await analyze(bare, [list({ data: [{ id: 1 }], meta: { tags: ['a'], filters: { q: 'x' } }, extra: {} })], 'bare');
    expect(await diff(full, bare)).toEqual(['param-added response.body[200] $.extra (object)']);
  });

  it('required counts every call that had the field, empty or not; show lists members, not their containers', async () => {
    const db = `${dir}/mixed.db`;
    await analyze(db, [list(FULL), list(EMPTY), list(FULL)], 'mixed');
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    const schema = spec.paths['/v1/list'].get.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['data', 'meta']);
    expect(schema.properties.meta.required).toEqual(['filters', 'tags']);
    expect(schema.properties.data.items.properties.id.type).toBe('integer');
    const show = JSON.parse((await cli(['show', 'GET', '/v1/list', '--db', db, '--format', 'json'])).stdout).endpoint;
    const names = (show.params as { location: string; name: string }[]).filter((p) => p.location === 'response.body').map((p) => p.name);
    expect(names).toEqual(['$.data[*].id', '$.meta.filters.q', '$.meta.tags[*]']);
    // The inventory keeps them all, with the calls that had each.
    const inv = JSON.parse((await cli(['export', '--inventory', '-', '--db', db])).stdout);
    const body = (inv.endpoints[0].params as { location: string; name: string; types: string[]; required: boolean }[]).filter((p) => p.location === 'response.body');
    expect(body.map((p) => `${p.name} ${p.types.join('|')} ${p.required}`)).toEqual([
      '$.data array true',
      '$.data[*] object false',
      '$.data[*].id integer false',
      '$.meta object true',
      '$.meta.filters object true',
      '$.meta.filters.q string false',
      '$.meta.tags array true',
      '$.meta.tags[*] string false',
    ]);
  });

  it('an object that becomes an array (and back) is a param-type-changed, in changes and in diff', async () => {
    const body = (b: unknown): SimpleCall => ({ method: 'POST', url: 'https://api.example.com/v1/c', body: b, response: { ok: true } });
    const base = `${dir}/tb.db`;
    const head = `${dir}/th.db`;
    const both = `${dir}/tboth.db`;
    await analyze(base, [body({ obj: { k: 1 }, arr: [1] })], 'tb');
    await analyze(head, [body({ obj: [1], arr: { k: 1 } })], 'th');
    await analyze(both, [body({ obj: { k: 1 }, arr: [1] })], 'tb2');
    await analyze(both, [body({ obj: [1], arr: { k: 1 } })], 'th2');
    const d = await diff(base, head);
    expect(d.filter((c) => c.startsWith('param-type-changed'))).toEqual(['param-type-changed request.body $.arr: array -> object', 'param-type-changed request.body $.obj: object -> array']);
    expect((await cli(['diff', base, head, '--fail-on', 'param-type-changed'])).code).toBe(1);
    expect((await changes(both)).filter((c) => c.startsWith('param-type-changed'))).toEqual([
      'param-type-changed request.body $.arr: types array -> array|object',
      'param-type-changed request.body $.obj: types object -> array|object',
    ]);
  });

  it('an inventory written before containers were parameters gets them on its next run without reporting them', async () => {
    const db = `${dir}/old.db`;
    await analyze(db, [list(FULL)], 'old1');
    // As an older release wrote it: containers only where they were empty (here none).
    const d = new Database(db);
    d.prepare(`DELETE FROM params WHERE location = 'response.body' AND name IN ('$.data', '$.data[*]', '$.meta', '$.meta.tags', '$.meta.filters')`).run();
    d.close();
    const oldJson = `${dir}/old.json`;
    expect((await cli(['export', '--inventory', oldJson, '--db', db])).code).toBe(0);
    await analyze(db, [list(FULL, '2024-03-11T12:00:00.000Z')], 'old2');
    expect(await changes(db)).toEqual([]);
    // A baseline exported then, against today's inventory: no change either.
    expect(await diff(oldJson, db)).toEqual([]);
    expect(await diff(db, oldJson)).toEqual([]);
  });
});

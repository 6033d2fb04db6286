// A query name sent several times in one call (`?tag=a&tag=b`) is a list: the OpenAPI export
// documents an array of its values, and a capture that sent it once is no type change.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const get = (query: string): SimpleCall => ({ method: 'GET', url: `https://api.example.com/v1/search?${query}`, response: { hits: 0 } });

describe('repeated query names', () => {
  const dir = tempDir();

  it('are exported as an array of their values; single names stay scalars', async () => {
    const db = `${dir}/q.db`;
    writeFileSync(`${dir}/q.har`, harOf([get('tag=a&tag=b&ids=1&ids=2&ids=3&page=2'), get('tag=c&page=3')]));
    expect((await cli(['analyze', `${dir}/q.har`, '--db', db, '-q'])).code).toBe(0);
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    const params = Object.fromEntries((spec.paths['/v1/search'].get.parameters as { name: string; schema: unknown; required: boolean }[]).map((p) => [p.name, p]));
    expect(params['tag']).toEqual({ name: 'tag', in: 'query', required: true, schema: { type: 'array', items: { type: 'string' } } });
    expect(params['ids']).toEqual({ name: 'ids', in: 'query', required: false, schema: { type: 'array', items: { type: 'integer' } } });
    expect(params['page']!.schema).toEqual({ type: 'integer' });
  });

  it('a run that sends a name twice after one that sent it once is no type change, in changes or diff', async () => {
    const once = `${dir}/once.db`;
    const both = `${dir}/both.db`;
    const twice = `${dir}/twice.db`;
    writeFileSync(`${dir}/once.har`, harOf([get('tag=a')]));
    writeFileSync(`${dir}/twice.har`, harOf([get('tag=a&tag=b')]));
    for (const [db, files] of [[once, ['once']], [both, ['once', 'twice']], [twice, ['twice']]] as const) {
      for (const f of files) expect((await cli(['analyze', `${dir}/${f}.har`, '--db', db, '-q'])).code).toBe(0);
    }
    expect(JSON.parse((await cli(['changes', '--db', both, '--format', 'json'])).stdout).changes).toEqual([]);
    for (const [a, b] of [[once, twice], [twice, once]]) {
      const r = await cli(['diff', a!, b!, '--format', 'json', '--fail-on', 'param-type-changed']);
      expect(JSON.parse(r.stdout).changes).toEqual([]);
      expect(r.code).toBe(0);
    }
  });

  it('indexed names (`ids[0]`, `items[1][id]`) are one list parameter whatever the index; keyed subscripts stay', async () => {
    const db = `${dir}/idx.db`;
    writeFileSync(
      `${dir}/idx.har`,
      harOf([get('ids[0]=1&ids[1]=2&ids[2]=3&items[0][id]=7&filter[status]=open'), get('ids[0]=4&items[0][id]=8&items[1][id]=9&tags[]=x')]),
    );
    expect((await cli(['analyze', `${dir}/idx.har`, '--db', db, '-q'])).code).toBe(0);
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    const params = Object.fromEntries((spec.paths['/v1/search'].get.parameters as { name: string; schema: unknown; required: boolean }[]).map((p) => [p.name, p]));
    expect(Object.keys(params).sort()).toEqual(['filter[status]', 'ids[]', 'items[][id]', 'tags[]']);
    expect(params['ids[]']).toEqual({ name: 'ids[]', in: 'query', required: true, schema: { type: 'array', items: { type: 'integer' } } });
    expect(params['items[][id]']!.schema).toEqual({ type: 'array', items: { type: 'integer' } });
    // Sent once, `tags[]` still says it is a list.
    expect(params['tags[]']).toEqual({ name: 'tags[]', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } });
    expect(params['filter[status]']!.schema).toEqual({ type: 'string' });
  });
});

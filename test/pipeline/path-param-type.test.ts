// A path parameter templated on sight from several kinds of ids (`/users/42`, `/users/<uuid>`) has
// all their types, whichever came first, within a run, across batches and threads, and across runs;
// an exported spec then admits every value seen.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { widenPathParams, widenType } from '../../src/model/path-param-type.js';
import { harOf } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';

const UUID = '550e8400-e29b-41d4-a716-446655440000';
const OID = '507f1f77bcf86cd799439011';

describe('widenType', () => {
  it('joins id classes, sorted, and keeps a type that already admits anything', () => {
    expect(widenType('integer', 'integer')).toBe('integer');
    expect(widenType('uuid', 'integer')).toBe('integer|uuid');
    expect(widenType('integer|uuid', 'object-id')).toBe('integer|object-id|uuid');
    expect(widenType('integer|uuid', 'uuid')).toBe('integer|uuid');
    expect(widenType('string', 'integer')).toBe('string');
    expect(widenType('integer', 'declared')).toBe('declared');
  });

  it('keeps names and returns the same array when nothing widens', () => {
    const known = [{ name: 'userId', type: 'integer' }];
    expect(widenPathParams(known, [{ name: 'userId', type: 'integer' }])).toBe(known);
    expect(widenPathParams(known, [{ name: 'id', type: 'uuid' }])).toEqual([{ name: 'userId', type: 'integer|uuid' }]);
    expect(known).toEqual([{ name: 'userId', type: 'integer' }]); // not modified
  });
});

describe('path parameter types through analyze', () => {
  const dir = tempDir();
  const har = (ids: string[]): string => {
    const f = `${dir}/${ids.join('-').slice(0, 40)}.har`;
    writeFileSync(f, harOf(ids.map((id) => ({ method: 'GET', url: `https://api.example.com/users/${id}`, response: { id } }))));
    return f;
  };
  const pathType = async (db: string): Promise<unknown> => {
    const doc = (JSON.parse((await cli(['show', 'GET', '/users/{id}', '--db', db, '--format', 'json'])).stdout) as { endpoint: { pathParams: { name: string; type: string }[] } }).endpoint;
    return doc.pathParams.map((p) => [p.name, p.type]);
  };

  it('does not depend on which id came first, in one run or across runs', async () => {
    for (const [name, runs] of [
      ['uuid-first', [[UUID, '42', OID]]],
      ['int-first', [['42', OID, UUID]]],
      ['runs', [['42'], [UUID], [OID]]],
    ] as const) {
      const db = `${dir}/${name}.db`;
      for (const ids of runs) expect((await cli(['analyze', har([...ids]), '--db', db])).code).toBe(0);
      expect(await pathType(db), name).toEqual([['userId', 'integer|object-id|uuid']]);
    }
    const openapi = JSON.parse((await cli(['export', '--openapi', '-', '--db', `${dir}/runs.db`])).stdout) as { paths: Record<string, { get: { parameters: { in: string; schema: unknown }[] } }> };
    expect(openapi.paths['/users/{userId}']!.get.parameters.filter((p) => p.in === 'path').map((p) => p.schema)).toEqual([{ type: 'string' }]);
  });
});

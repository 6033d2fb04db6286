// A batched GraphQL request is named by all its operations, so an operation that needs credentials
// when sent alone is not hidden behind a public one batched with it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';
const op = (name: string, field: string): { query: string } => ({ query: `query ${name} { ${field} { id } }` });

describe('GraphQL batches', () => {
  const dir = tempDir();

  it('are an endpoint of their operations; one that reaches a protected operation without credentials is flagged', async () => {
    const calls: SimpleCall[] = [
      ...[1, 2, 3].map((i) => ({ method: 'POST', url: 'https://api.gql.test/graphql', headers: { Authorization: `Bearer ${JWT}` }, body: op('AdminUsers', 'adminUsers'), response: { data: { adminUsers: [{ id: i }] } } })),
      { method: 'POST', url: 'https://api.gql.test/graphql', status: 401, body: op('AdminUsers', 'adminUsers'), response: { errors: [{ message: 'unauthenticated' }] } },
      { method: 'POST', url: 'https://api.gql.test/graphql', headers: { Authorization: `Bearer ${JWT}` }, body: op('Products', 'products'), response: { data: { products: [] } } },
      { method: 'POST', url: 'https://api.gql.test/graphql', body: [op('Products', 'products'), op('AdminUsers', 'adminUsers')], response: [{ data: { products: [] } }, { data: { adminUsers: [{ id: 1, email: 'root@gql.test' }] } }] },
    ];
    const file = join(dir, 'batch.har');
    writeFileSync(file, harOf(calls));
    const db = join(dir, 'batch.db');
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const auth = JSON.parse((await cli(['auth', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; exposed: boolean; reason: string | null }[];
    expect(auth.map((e) => e.path).sort()).toEqual(['/graphql#AdminUsers', '/graphql#AdminUsers+Products', '/graphql#Products']);
    const batch = auth.find((e) => e.path === '/graphql#AdminUsers+Products')!;
    expect(batch.exposed).toBe(true);
    expect(batch.reason).toBe('answered 2xx without credentials to a batch with AdminUsers, which requires bearer-jwt when sent alone');
    expect(auth.filter((e) => e.exposed)).toHaveLength(1);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { path: string; param: string }[];
    expect(findings.map((f) => `${f.path} ${f.param}`)).toEqual(['/graphql#AdminUsers+Products $[*].data.adminUsers[*].email']);
  });
});

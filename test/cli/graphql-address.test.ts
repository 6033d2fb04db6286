// `show POST /graphql` (the path as an exported OpenAPI spec writes it) lists the GraphQL operations
// the endpoint is split into, or shows the one there is.

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { cli, FIXTURES, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

describe('addressing a GraphQL endpoint without its operation', () => {
  it('names the operations when there are several', async () => {
    const db = `${tempDir()}/demo.db`;
    expect((await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', db, '-q'])).code).toBe(0);
    const r = await cli(['show', 'POST', '/graphql', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^akto-rt: POST \/graphql is split by operation \(GraphQL operation or JSON-RPC method\); name one: \/graphql#AddToCart, \/graphql#GetUser/);
  });

  it('shows the operation when there is one', async () => {
    const dir = tempDir();
    const har = harOf([{ method: 'POST', url: 'https://api.g.test/graphql', status: 200, body: { query: 'query GetUser { user { id } }', operationName: 'GetUser' }, response: { data: {} } }]);
    writeFileSync(`${dir}/g.har`, har);
    expect((await cli(['analyze', `${dir}/g.har`, '--db', `${dir}/g.db`, '-q'])).code).toBe(0);
    const r = await cli(['show', 'POST', '/graphql', '--db', `${dir}/g.db`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^POST \/graphql#GetUser/);
  });
});

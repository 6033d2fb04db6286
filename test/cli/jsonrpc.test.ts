// JSON-RPC 2.0 is split by method like GraphQL by operation: `POST /rpc` carrying getBalance and
// eth_blockNumber is two endpoints with their own parameters, not one blend; a batch is its methods
// joined by `+`; a body with a `method` field but no `"jsonrpc": "2.0"` is an ordinary call.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();
const db = `${dir}/rpc.db`;
const rpc = (body: unknown, response: unknown) => ({ method: 'POST', url: 'https://node.rpc.test/rpc', body, response });

beforeAll(async () => {
  writeFileSync(
    `${dir}/rpc.har`,
    harOf([
      rpc({ jsonrpc: '2.0', method: 'getBalance', params: { account: 'acc-1' }, id: 1 }, { jsonrpc: '2.0', result: { balance: 10 }, id: 1 }),
      rpc({ jsonrpc: '2.0', method: 'getBalance', params: { account: 'acc-2' }, id: 2 }, { jsonrpc: '2.0', result: { balance: 3 }, id: 2 }),
      rpc({ jsonrpc: '2.0', method: 'eth_blockNumber', params: [], id: 3 }, { jsonrpc: '2.0', result: '0x10', id: 3 }),
      rpc([{ jsonrpc: '2.0', method: 'getBalance', params: { account: 'a' }, id: 4 }, { jsonrpc: '2.0', method: 'eth_blockNumber', id: 5 }], [{ jsonrpc: '2.0', result: 1, id: 4 }]),
      { method: 'POST', url: 'https://node.rpc.test/pay', body: { method: 'card', amount: 5 }, response: { ok: true } },
    ]),
  );
  const a = await cli(['analyze', `${dir}/rpc.har`, '--db', db, '-q']);
  expect(a.code, a.stderr).toBe(0);
});

describe('JSON-RPC', () => {
  it('one endpoint per method, batches by their methods, other calls unsplit', async () => {
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    expect(eps.map((e) => [e.path, e.calls]).sort()).toEqual([
      ['/pay', 1],
      ['/rpc#eth_blockNumber+getBalance', 1],
      ['/rpc#eth_blockNumber', 1],
      ['/rpc#getBalance', 2],
    ]);
  });

  it('each method has its own parameters and result shape', async () => {
    const show = JSON.parse((await cli(['show', 'POST', '/rpc#getBalance', '--db', db, '--format', 'json'])).stdout);
    const names = (show.endpoint.params as { name: string }[]).map((p) => p.name);
    expect(names).toContain('$.params.account');
    expect(names).toContain('$.result.balance');
    expect(names).not.toContain('$.result');
    const r = await cli(['show', 'POST', '/rpc', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is split by operation (GraphQL operation or JSON-RPC method); name one: /rpc#eth_blockNumber');
  });
});

describe('JSON-RPC in the OpenAPI export', () => {
  it('the methods share one path, named in its description', async () => {
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    expect(Object.keys(spec.paths).sort()).toEqual(['/pay', '/rpc']);
    expect(spec.paths['/rpc'].post.description).toBe('JSON-RPC methods observed: eth_blockNumber, eth_blockNumber+getBalance, getBalance');
  });
});

// Body keys that are data (SKUs, Apollo cache ids), one or a few per call: they fold into one `*`
// member across calls and runs, with their findings, instead of one parameter per key ever sent.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const sku = (i: number): string => `SKU-X${i}Y${i % 10}`; // never an id by its own shape (params.ts isDynamicKey)

function cartCalls(from: number, n: number, perCall = 1): SimpleCall[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k * perCall;
    const items = Object.fromEntries(Array.from({ length: perCall }, (_, j) => [sku(i + j), { qty: 1 + ((i + j) % 3) }]));
    return {
      method: 'POST',
      url: 'https://api.test/cart',
      body: { items, coupon: 'SPRING' },
      response: { [`User:${100 + i}`]: { email: `user${i}@mail.example` }, total: 3 },
      ts: new Date(Date.UTC(2024, 2, 10, 12, 0, k)).toISOString(),
    };
  });
}

async function params(db: string): Promise<{ location: string; name: string; calls: number }[]> {
  const r = await cli(['show', 'POST', '/cart', '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).endpoint.params as { location: string; name: string; calls: number }[]).filter((p) => p.location.endsWith('.body'));
}

describe('body keys that are data', () => {
  const dir = tempDir();

  it('fold into one * member per place, findings included, counting calls not keys', async () => {
    const db = join(dir, 'cart.db');
    const file = join(dir, 'cart.har');
    writeFileSync(file, harOf(cartCalls(0, 30)));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    expect((await params(db)).map((p) => `${p.location} ${p.name} ${p.calls}`).sort()).toEqual([
      'request.body $.coupon 30',
      'request.body $.items.*.qty 30',
      'response.body $.*.email 30',
      'response.body $.total 30',
    ]);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { param: string; type: string; count: number }[];
    expect(findings.map((f) => `${f.param} ${f.type} ${f.count}`)).toEqual(['$.*.email email 30']);

    // Later runs with a few new SKUs each: the parent is a map now, nothing new to report.
    const more = join(dir, 'more.har');
    writeFileSync(more, harOf(cartCalls(500, 2)));
    expect((await cli(['analyze', more, '--db', db, '-q'])).code).toBe(0);
    expect((await params(db)).map((p) => p.name).sort()).toEqual(['$.*.email', '$.coupon', '$.items.*.qty', '$.total']);
    const changes = await cli(['changes', '--db', db, '--format', 'json']);
    expect(JSON.parse(changes.stdout).changes).toEqual([]);
  });

  it('diff: a baseline with the keys one by one and a head with their * member show no change, and a gate on sensitive-added passes', async () => {
    const base = join(dir, 'base.db');
    const head = join(dir, 'head.db');
    writeFileSync(join(dir, 'b1.har'), harOf(cartCalls(0, 10)));
    writeFileSync(join(dir, 'b2.har'), harOf(cartCalls(10, 10)));
    expect((await cli(['analyze', join(dir, 'b1.har'), '--db', base, '-q'])).code).toBe(0);
    expect((await params(base)).filter((p) => p.name.startsWith('$.items.')).length).toBe(10); // few yet: kept apart
    expect((await cli(['export', '--inventory', join(dir, 'base.json'), '--db', base])).code).toBe(0);
    for (const f of ['b1.har', 'b2.har']) expect((await cli(['analyze', join(dir, f), '--db', head, '-q'])).code).toBe(0);
    expect((await params(head)).map((p) => p.name).sort()).toEqual(['$.*.email', '$.coupon', '$.items.*.qty', '$.total']);
    const r = await cli(['diff', join(dir, 'base.json'), head, '--fail-on', 'sensitive-added,param-added,param-removed', '--format', 'json']);
    expect(JSON.parse(r.stdout).changes).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a call sending many such keys counts once', async () => {
    const db = join(dir, 'bulk.db');
    const file = join(dir, 'bulk.har');
    writeFileSync(file, harOf(cartCalls(0, 3, 20)));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    expect((await params(db)).find((p) => p.name === '$.items.*.qty')?.calls).toBe(3);
  });

  it('stay apart while few: a capture with a handful of SKUs keeps them', async () => {
    const db = join(dir, 'few.db');
    const file = join(dir, 'few.har');
    writeFileSync(file, harOf(cartCalls(0, 3)));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    expect((await params(db)).filter((p) => p.name.startsWith('$.items.')).length).toBe(3);
  });
});

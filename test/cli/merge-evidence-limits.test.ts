// What the evidence step must not read as "one resource" (QA): sibling paths refused with the same
// error body (an unauthenticated crawl), and action verbs on one resource (`/payments/approve`,
// `/payments/refund`), which share its request and response.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const dir = tempDir();

async function templates(name: string, runs: SimpleCall[][]): Promise<string[]> {
  const db = `${dir}/${name}.db`;
  for (const [i, calls] of runs.entries()) {
    writeFileSync(`${dir}/${name}-${i}.har`, harOf(calls));
    const r = await cli(['analyze', `${dir}/${name}-${i}.har`, '--db', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
  }
  const e = await cli(['endpoints', '--db', db, '--format', 'json']);
  return (JSON.parse(e.stdout).endpoints as { method: string; path: string }[]).map((x) => `${x.method} ${x.path}`).sort();
}

const RESOURCES = ['orders', 'customers', 'products', 'invoices'];

describe('evidence merges', () => {
  it('paths answered with the same error body stay apart, and later 2xx traffic keeps them apart', async () => {
    const refused = RESOURCES.map((r) => ({ method: 'GET', url: `https://api.x.test/shop/${r}`, status: 401, response: { error: 'unauthorized', message: 'missing token' } }));
    const first = await templates('errors', [refused]);
    expect(first).toEqual(RESOURCES.map((r) => `GET /shop/${r}`).sort());
    const items: Record<string, object> = { orders: { id: 1, total: 9.5, status: 'paid' }, customers: { id: 1, name: 'Ann', city: 'Oslo' }, products: { id: 1, price: 3, sku: 'a' }, invoices: { id: 1, dueDate: '2024-01-01', amount: 3 } };
    const ok = RESOURCES.map((r) => ({ method: 'GET', url: `https://api.x.test/shop/${r}`, response: [items[r]] }));
    expect(await templates('errors', [ok])).toEqual(first);
  });

  it('the same 2xx list items still merge (slugs of one resource)', async () => {
    const slugs = ['red-mug', 'blue-cup', 'tall-vase', 'flat-dish'].map((s) => ({ method: 'GET', url: `https://api.x.test/catalog/${s}`, response: { id: 1, title: s, price: 3 } }));
    expect(await templates('slugs', [slugs])).toEqual(['GET /catalog/{catalogName}']);
  });

  it('action verbs on one resource stay literal, with bodies on both sides', async () => {
    const pay = ['approve', 'reject', 'capture', 'refund'].map((a) => ({ method: 'POST', url: `https://api.x.test/payments/${a}`, body: { paymentId: 'p1' }, response: { ok: true } }));
    const jobs = ['start', 'stop', 'pause', 'resume'].map((a) => ({ method: 'POST', url: `https://api.x.test/jobs/${a}`, body: { jobId: 'j1' }, response: { state: 'x' } }));
    expect(await templates('verbs', [[...pay, ...jobs]])).toEqual([...['approve', 'capture', 'refund', 'reject'].map((a) => `POST /payments/${a}`), ...['pause', 'resume', 'start', 'stop'].map((a) => `POST /jobs/${a}`)].sort());
  });
});

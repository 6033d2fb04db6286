// Merge planning reads the inventory a range of hosts at a time, so an inventory of many hosts never
// has to be held whole: the ranges cover every host once, in order, and the plans are those of
// planning the whole inventory at once.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { comparePlans, planMerges } from '../../src/analyzers/template-merge.js';
import type { MergePlan } from '../../src/model/endpoint-shape.js';
import { openDb, type Db } from '../../src/store/db.js';
import { applyMerge, endpointHostRanges, endpointShapeReader } from '../../src/store/merge.js';
import { tempDir } from '../helpers.js';

const PRODUCT_PARAMS = ['id', 'name', 'price', 'page'];

/** An inventory whose endpoints are `/products/<word>` literals (one response shape) on each host. */
function inventory(hosts: Record<string, string[]>): Db {
  const db = openDb(join(tempDir(), 'inv.db'));
  db.exec(`INSERT INTO runs (id, status, started_at) VALUES (1, 'complete', '2026-01-01T00:00:00Z')`);
  const ep = db.prepare(`INSERT INTO endpoints (host, method, path, path_key, calls, first_run, last_run) VALUES (?, 'GET', ?, ?, 3, 1, 1)`);
  const param = db.prepare(`INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_run, last_run) VALUES (?, ?, ?, ?, 1, 1, 3, 1, 1)`);
  db.transaction(() => {
    for (const [host, words] of Object.entries(hosts)) {
      for (const w of words) {
        const id = ep.run(host, `/products/${w}`, `/products/${w}`).lastInsertRowid;
        for (const name of PRODUCT_PARAMS) param.run(id, name === 'page' ? 'request.query' : 'response.body', name === 'page' ? -1 : 200, name === 'page' ? name : `$.${name}`);
      }
    }
  })();
  return db;
}

const WORDS = ['shoes', 'hats', 'socks', 'belts'];

describe('merge planning by ranges of hosts', () => {
  it('covers every host once, in order, each range holding about `per` endpoints or one host', () => {
    const db = inventory({ 'a.test': WORDS.slice(0, 3), 'b.test': WORDS.slice(0, 1), 'c.test': [...WORDS, 'caps'], 'd.test': WORDS.slice(0, 2), 'e.test': WORDS.slice(0, 1) });
    // Pages of two hosts: ranges continue across pages.
    expect([...endpointHostRanges(db, 4, 2)]).toEqual([
      { first: 'a.test', last: 'b.test' }, // 3 + 1
      { first: 'c.test', last: 'c.test' }, // 5: one host, however many
      { first: 'd.test', last: 'e.test' }, // 2 + 1
    ]);
    expect([...endpointHostRanges(db)]).toEqual([{ first: 'a.test', last: 'e.test' }]);
    const read = endpointShapeReader(db);
    expect(read({ first: 'b.test', last: 'd.test' }).map((s) => `${s.host} ${s.template}`)).toEqual([
      'b.test /products/shoes',
      ...['belts', 'caps', 'hats', 'shoes', 'socks'].map((w) => `c.test /products/${w}`),
      'd.test /products/hats',
      'd.test /products/shoes',
    ]);
    expect(read({ first: 'c.test', last: 'c.test' })[0]).toMatchObject({ paramNames: ['$.id', '$.name', '$.price', 'page'] });
    db.close();
  });

  it('plans the same merges range by range as over the whole inventory', () => {
    const hosts: Record<string, string[]> = {};
    for (let i = 0; i < 12; i++) hosts[`shop${String(i).padStart(2, '0')}.test`] = i % 3 === 0 ? WORDS.slice(0, 2) : WORDS;
    const db = inventory(hosts);
    const read = endpointShapeReader(db);
    const whole = planMerges(read({ first: '', last: '\uffff' }), defaultConfig());
    const ranged: MergePlan[] = [];
    for (const r of endpointHostRanges(db, 5, 3)) ranged.push(...planMerges(read(r), defaultConfig()));
    ranged.sort(comparePlans);
    expect(whole).toHaveLength(8); // the hosts with four products merge; those with two stay literal
    expect(whole[0]).toMatchObject({ host: 'shop01.test', into: '/products/{productName}' });
    expect(ranged).toEqual(whole);
    db.close();
  });

  it('applies a merge of more literals than SQLite takes bound variables (32,766) in one statement', () => {
    const words = Array.from({ length: 33_000 }, (_, i) => `item${i}`);
    const db = inventory({ 'big.test': words });
    db.exec('BEGIN');
    applyMerge(db, { host: 'big.test', method: 'GET', into: '/products/{productName}', pathParams: [{ name: 'productName', type: 'string' }], from: words.map((w) => `/products/${w}`), reason: 'test' });
    db.exec('COMMIT');
    expect(db.prepare(`SELECT path, calls FROM endpoints`).all()).toEqual([{ path: '/products/{productName}', calls: 3 * 33_000 }]);
    expect(db.prepare(`SELECT name, calls FROM params WHERE location = 'response.body' ORDER BY name`).all()).toEqual(
      ['$.id', '$.name', '$.price'].map((name) => ({ name, calls: 3 * 33_000 })),
    );
    expect((db.prepare(`SELECT count(*) AS n FROM path_values`).get() as { n: number }).n).toBe(33_000);
    db.close();
  });
});

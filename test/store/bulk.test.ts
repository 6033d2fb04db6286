// Multi-row upserts must write exactly what one upsert per row writes: every row once, whatever
// the count against the statement size, with repeated keys (even within one statement) summed.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkUpsert, ROWS_PER_STATEMENT } from '../../src/store/bulk.js';

function table(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k INTEGER NOT NULL, m INTEGER NOT NULL, calls INTEGER NOT NULL, PRIMARY KEY (k, m)) WITHOUT ROWID');
  return db;
}

const rowsOf = (db: Database.Database): unknown[] => db.prepare('SELECT k, m, calls FROM t ORDER BY k, m').raw().all();

describe('BulkUpsert', () => {
  it.each([0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 3 * ROWS_PER_STATEMENT + 5])(
    'writes %i rows, including repeated keys, as single-row upserts would',
    (n) => {
      const bulk = table();
      const single = table();
      const u = new BulkUpsert(bulk, 'INSERT INTO t (k, m, calls)', 3, 'ON CONFLICT DO UPDATE SET calls = calls + excluded.calls');
      const one = single.prepare('INSERT INTO t (k, m, calls) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET calls = calls + excluded.calls');
      for (let i = 0; i < n; i++) {
        const row = [i % 7, i % 3, i + 1] as const; // keys repeat every 21 rows, within and across statements
        u.add(...row);
        one.run(...row);
      }
      u.flush();
      expect(rowsOf(bulk)).toEqual(rowsOf(single));
      expect(rowsOf(bulk)).toHaveLength(Math.min(n, 21));
    },
  );

  it('forgets buffered rows on discard', () => {
    const db = table();
    const u = new BulkUpsert(db, 'INSERT INTO t (k, m, calls)', 3, 'ON CONFLICT DO NOTHING');
    u.add(1, 1, 1);
    u.discard();
    u.flush();
    expect(rowsOf(db)).toEqual([]);
  });
});

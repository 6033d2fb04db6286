// Inventories written by an older schema are migrated in place, and the hourly roll-ups that
// migration 2 adds are backfilled so stats over old data stay exact.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { minuteRows, userRows } from '../../src/store/queries.js';
import { tempDir } from '../helpers.js';

describe('schema migrations', () => {
  const dir = tempDir();

  it('migrates a schema-1 inventory and backfills hourly roll-ups exactly', () => {
    const file = `${dir}/v1.db`;
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO users (id, key, kind) VALUES (1, 'ip:10.0.0.1', 'ip'), (2, 'usr_1', 'jwt-sub')`).run();
    const ins = old.prepare(`INSERT INTO all_user_minute (minute, user_id, calls) VALUES (?, ?, ?)`);
    const insStats = old.prepare(`INSERT INTO all_minute_stats (minute, calls, s2xx, s3xx, s4xx, s5xx, s_other) VALUES (?, ?, ?, 0, 0, 0, 0)`);
    // 3 hours of traffic: user 1 every minute, user 2 every 7th minute
    let total1 = 0;
    let total2 = 0;
    for (let m = 600; m < 780; m++) {
      ins.run(m, 1, 2);
      total1 += 2;
      if (m % 7 === 0) {
        ins.run(m, 2, 1);
        total2 += 1;
      }
      insStats.run(m, m % 7 === 0 ? 3 : 2, m % 7 === 0 ? 3 : 2);
    }
    old.close();

    const db = openDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // A window with partial hours at both edges reads hours in the middle and minutes at the edges.
    const users = userRows(db, null, 615, 770).sort((a, b) => a.user.localeCompare(b.user));
    const want = (u: number): number => {
      let n = 0;
      for (let m = 615; m < 770; m++) n += u === 1 ? 2 : m % 7 === 0 ? 1 : 0;
      return n;
    };
    expect(users).toEqual([
      { user: 'ip:10.0.0.1', kind: 'ip', calls: want(1) },
      { user: 'usr_1', kind: 'jwt-sub', calls: want(2) },
    ]);
    const whole = userRows(db, null, 600, 780);
    expect(whole.reduce((a, u) => a + u.calls, 0)).toBe(total1 + total2);
    expect(minuteRows(db, null, 615, 770).reduce((a, r) => a + r.calls, 0)).toBe(want(1) + want(2));
    db.close();
  });
});

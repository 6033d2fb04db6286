// The inventory does not depend on the number of analysis threads: the same input analyzed
// in-process and with worker threads gives identical endpoints, calls, statuses, body media types,
// params, auth, sensitive findings, samples, minute and user stats, and the same skip counts and first reasons.
// Runs the built CLI (`npm run build` first), as a user would.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCalls } from '../../bench/generate.js';
import { writeAktoJsonl, writeBurp } from '../../bench/writers.js';
import { openDb } from '../../src/store/db.js';
import { tempDir } from '../helpers.js';
import { harDocument, harEntryTexts } from './helpers.js';

const BIN = new URL('../../bin/akto-rt.js', import.meta.url).pathname;
const ENTRIES = 3000;

/** Every table, rows in a canonical order, run times left out. */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => {
        const rows = (db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[]).map((r) => {
          const { started_at: _s, finished_at: _f, ...rest } = r;
          return JSON.stringify(t === 'runs' ? rest : r);
        });
        return [t, rows.sort()];
      }),
    );
  } finally {
    db.close();
  }
}

/** A fresh inventory with a fixed salt, so fingerprints in user keys and samples compare across inventories. */
function inventory(path: string): string {
  const db = openDb(path);
  db.prepare(`UPDATE meta SET value = 'identity-test-salt' WHERE key = 'salt'`).run();
  db.close();
  return path;
}

function analyze(input: string, db: string, workers: number): { inputs: { skipped: number; skippedReasons: unknown[]; entries: number; calls: number; filtered: number; warnings: number }[] } {
  const r = spawnSync(process.execPath, [BIN, 'analyze', input, '--db', db, '--workers', String(workers), '--format', 'json', '-q'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`analyze exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('analysis with worker threads', () => {
  const dir = tempDir();
  const har = `${dir}/traffic.har`;
  const burp = `${dir}/traffic.xml`;
  const akto = `${dir}/traffic.jsonl`;
  // Broken entries spread over several jobs (1000 entries each), so skip reasons come from different threads.
  const bad: Record<number, string> = { 3: '42', 1500: '{"request": 5}', 2100: '{"request": {"method": "GET", "url": "nope"}}', 2101: '"x"', 2102: '[]', 2999: '{}' };

  beforeAll(async () => {
    writeFileSync(har, harDocument(harEntryTexts(ENTRIES, 5, bad)));
    await writeBurp(burp, generateCalls({ entries: ENTRIES, seed: 6 }));
    await writeAktoJsonl(akto, generateCalls({ entries: ENTRIES, seed: 7 }));
  });

  it.each([
    ['HAR', har],
    ['Burp XML', burp],
    ['Akto JSON lines', akto],
  ])('%s: 1, 2 and 3 threads build identical inventories', (_name, input) => {
    const runs = [1, 2, 3].map((w) => {
      const db = inventory(`${dir}/${_name.replace(/\W/g, '')}-${w}.db`);
      return { summary: analyze(input, db, w), tables: dump(db) };
    });
    const [one, ...more] = runs;
    expect(one!.tables['endpoints']!.length).toBeGreaterThan(30);
    expect(one!.tables['minute_stats']!.length).toBeGreaterThan(1000);
    // Body media types (JSON, forms, CSV, text) are per endpoint and status, counted in every thread alike.
    expect(one!.tables['endpoint_media_types']!.length).toBeGreaterThan(30);
    for (const r of more) {
      expect(r.tables).toEqual(one!.tables);
      expect(r.summary.inputs).toEqual(one!.summary.inputs);
    }
  });

  it('reports the same skipped entries, first reasons in entry order, whatever the thread count', () => {
    const one = analyze(har, inventory(`${dir}/skips-1.db`), 1).inputs[0]!;
    const two = analyze(har, inventory(`${dir}/skips-2.db`), 2).inputs[0]!;
    expect(one.skipped).toBe(6);
    expect(one.skippedReasons.map((r) => (r as { index: number }).index)).toEqual([3, 1500, 2100, 2101, 2102]);
    expect(two).toEqual(one);
  });

  it('a second run over the same inventory stays identical (known templates, stored samples)', () => {
    const dbs = [1, 2].map((w) => {
      const db = inventory(`${dir}/two-runs-${w}.db`);
      analyze(akto, db, w);
      analyze(har, db, w);
      return dump(db);
    });
    expect(dbs[1]).toEqual(dbs[0]);
  });
});

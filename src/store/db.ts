// Opens the inventory: WAL, migrations keyed on user_version, a per-inventory salt for fingerprints.

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open read-only; fails when the file does not exist. */
  readonly?: boolean;
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  const db = open(path, opts);
  const version = opts.readonly ? (db.pragma('user_version', { simple: true }) as number) : SCHEMA_VERSION;
  if (version >= SCHEMA_VERSION) return db;
  if (version === 0) {
    const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n;
    db.close();
    // A SQLite file of another program is never written to; an empty one becomes an inventory on analyze.
    if (tables > 0) throw new StoreError(`${path}: not an akto-rt inventory (a SQLite file with other tables); give --db a new file`);
    throw new StoreError(`${path}: not an akto-rt inventory (no schema); \`akto-rt analyze FILE --db ${path}\` builds one`);
  }
  // An inventory from an older release: migrate it in place (migrations only add tables and fill
  // them from existing rows), then read it as asked.
  db.close();
  try {
    open(path, {}).close();
  } catch (e) {
    const why = e instanceof StoreError ? e.message.replace(`${path}: `, '') : String(e);
    throw new StoreError(`${path}: this inventory has an older schema and could not be migrated (${why}); run \`akto-rt analyze\` with write access to it`);
  }
  return open(path, opts);
}

function open(path: string, opts: OpenOptions): Db {
  if (isDirectory(path)) throw new StoreError(`${path}: is a directory; --db takes the inventory's file path (e.g. ${join(path, 'akto-rt.db')})`);
  if (opts.readonly && !existsSync(path)) {
    throw new StoreError(`${path}: no inventory here yet (run \`akto-rt analyze FILE\` first, or pass --db PATH)`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new StoreError(`${path}: cannot open inventory (${(e as Error).message})`);
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('cache_size = -32000'); // 32 MB page cache: large transactions spill to the WAL
    db.pragma('temp_store = MEMORY');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(`${path}: inventory schema ${version} is newer than this akto-rt understands (${SCHEMA_VERSION}); upgrade akto-rt`);
    }
    if (version === 0 && !opts.readonly) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new StoreError(`${path}: not an akto-rt inventory (a SQLite file with other tables)`);
    }
    if (version < SCHEMA_VERSION && !opts.readonly) {
      db.transaction(() => {
        for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)`).run(randomBytes(16).toString('hex'));
      })();
    }
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError(`${path}: cannot use inventory (${(e as Error).message})`);
  }
  return db;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function getSalt(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'salt'`).get() as { value: string } | undefined;
  return row?.value ?? '';
}

// Opens the inventory: WAL, migrations keyed on user_version, a per-inventory salt for fingerprints.

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoreError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

// SQLite reads `file:` names as URIs only when this is set before its first connection opens: the
// read-only fallback below needs `?immutable=1`. Paths given by the user never start with `file:`
// when they reach SQLite (see sqliteName).
process.env.SQLITE_USE_URI ??= '1';

export type Db = Database.Database;

/** The inode each writable connection's file had when opened (see stillAtPath). */
const openedInode = new WeakMap<Db, number>();

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

const NOT_SQLITE = 'not an akto-rt inventory (not a SQLite file); pass --db the inventory\'s path, or a new file to start one';

/** SQLite's "file is not a database": a text file, a capture, anything but SQLite. */
function notADatabase(e: unknown): boolean {
  return String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_NOTADB');
}

/** How long opening retries an inventory another process is creating at the same moment (see open). */
const OPEN_RETRY_FOR_MS = 2_000;
const OPEN_RETRY_MS = 20;

function isBusy(e: unknown): boolean {
  return typeof e === 'object' && e !== null && String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
}

/**
 * Opens the inventory, again when another process setting the same new file up at that moment made
 * SQLite refuse at once: switching a new file to WAL while another connection does the same is a lock
 * upgrade SQLite answers with "database is locked" without waiting (about one time in twenty with two
 * jobs creating one inventory). Retried for up to 2 s, in short sleeps; anything else fails at once.
 */
function open(path: string, opts: OpenOptions): Db {
  const until = Date.now() + OPEN_RETRY_FOR_MS;
  for (;;) {
    try {
      return openOnce(path, opts);
    } catch (e) {
      if (Date.now() >= until || !isBusy((e as { cause?: unknown }).cause)) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, OPEN_RETRY_MS);
    }
  }
}

function openOnce(path: string, opts: OpenOptions): Db {
  if (isDirectory(path)) throw new StoreError(`${path}: is a directory; --db takes the inventory's file path (e.g. ${join(path, 'akto-rt.db')})`);
  if (opts.readonly && !existsSync(path)) {
    throw new StoreError(`${path}: no inventory here yet (run \`akto-rt analyze FILE\` first, or pass --db PATH)`);
  }
  let db: Db;
  try {
    db = opts.readonly ? openReadOnly(path) : new Database(sqliteName(path));
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError(`${path}: ${notADatabase(e) ? NOT_SQLITE : `cannot open inventory (${(e as Error).message})`}`);
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const ino = inode(path);
      if (ino !== null) openedInode.set(db, ino);
    }
    db.pragma('cache_size = -32000'); // 32 MB page cache: large transactions spill to the WAL
    db.pragma('temp_store = MEMORY');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(`${path}: inventory schema ${version} is newer than this akto-rt understands (${SCHEMA_VERSION}); upgrade akto-rt`);
    }
    if (version < SCHEMA_VERSION && !opts.readonly) migrate(db, path);
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError(`${path}: ${notADatabase(e) ? NOT_SQLITE : `cannot use inventory (${(e as Error).message})`}`, { cause: e });
  }
  return db;
}

/**
 * Creates or upgrades the schema. Under the write lock, reading the version again: two runs that
 * open a new inventory at once create it once (the second found "table meta already exists").
 */
function migrate(db: Db, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version >= SCHEMA_VERSION) return;
    if (version === 0) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new StoreError(`${path}: not an akto-rt inventory (a SQLite file with other tables)`);
    }
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)`).run(randomBytes(16).toString('hex'));
  }).immediate();
}

/** A user's path as SQLite must get it: one starting with `file:` would be read as a URI. */
function sqliteName(path: string): string {
  return path.startsWith('file:') ? resolve(path) : path;
}

const writable = (p: string): boolean => {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * A read-only connection. Reading a WAL inventory normally creates its `-shm` (and `-wal`) beside it,
 * owned by the reader: impossible on a read-only mount or in a directory the reader cannot write, and
 * in a shared directory the files a reader leaves keep the owner from writing. Where the reader can
 * write neither the file nor its directory, or SQLite cannot open the file otherwise, it is opened
 * immutable: only the main file is read, and nothing is created. Unless a non-empty `-wal` holds
 * commits not yet in the main file, which only a normal connection reads.
 */
function openReadOnly(path: string): Db {
  const pending = fileSize(`${path}-wal`) > 0;
  const owned = writable(path) && writable(dirname(resolve(path)));
  if (owned || pending) {
    const db = new Database(sqliteName(path), { readonly: true, fileMustExist: true });
    try {
      db.pragma('user_version'); // SQLite opens files lazily: this is where it fails
      return db;
    } catch (e) {
      db.close();
      const code = String((e as { code?: unknown }).code ?? '');
      if (pending || !(code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) throw e;
    }
  }
  return new Database(immutableUri(path), { readonly: true, fileMustExist: true });
}

/** `file:` URI of a path, opened immutable (characters URIs give a meaning to are escaped). */
export function immutableUri(path: string): string {
  const escaped = resolve(path).replace(/[%?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `file:${escaped}?immutable=1`;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function inode(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/**
 * Whether a writable connection's file is still the one at its path. A run that waited for another's
 * lock must not commit into a file that was removed or replaced meanwhile (its commit would be lost
 * with the unlinked file).
 */
export function stillAtPath(db: Db): boolean {
  const ino = openedInode.get(db);
  return ino === undefined || inode(db.name) === ino;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes SQLite overwrite deleted content with zeros (`PRAGMA secure_delete`) for the rest of this
 * connection: a run that stores samples with `--unredacted-samples`, or replaces them, must not leave
 * their secrets behind as slack in the file's pages.
 */
export function scrubDeletedContent(db: Db): void {
  db.pragma('secure_delete = ON');
}

export function getSalt(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'salt'`).get() as { value: string } | undefined;
  return row?.value ?? '';
}

/**
 * Whether `path` is an akto-rt inventory without any committed run: what a first run finds when
 * another first run created the file and has not committed (or failed). Any doubt is false.
 */
export function inventoryWithoutRuns(path: string): boolean {
  // Opened only once its header says WAL mode: a reader of a file still in rollback mode (another run
  // creating it, about to switch it to WAL) would make that run fail with "database is locked". In WAL
  // mode readers block no writer (the schema itself may still be in the WAL, so it is read by SQL).
  if (!walHeader(path)) return false;
  let db: Db;
  try {
    db = new Database(sqliteName(path), { readonly: true, fileMustExist: true, timeout: 0 });
  } catch {
    return false;
  }
  try {
    if ((db.pragma('user_version', { simple: true }) as number) < 1) return false;
    return (db.prepare(`SELECT count(*) AS n FROM runs`).get() as { n: number }).n === 0;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** Whether a file's SQLite header says WAL mode (bytes 18-19 are 2). */
function walHeader(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const h = Buffer.alloc(100);
    if (readSync(fd, h, 0, 100, 0) < 100 || h.toString('latin1', 0, 16) !== 'SQLite format 3\0') return false;
    return h[18] === 2 && h[19] === 2;
  } catch {
    return false; // a directory, a pipe: no inventory (opening it says why)
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a failed first run may remove the inventory file it created: it holds no committed run, and
 * (unless `ownLock`: the failing run's own connection is still open) no other process has it open.
 * In WAL mode an exclusive lock is granted only to the file's one connection, so a run that opened the
 * file meanwhile, writing or waiting for the lock, keeps it.
 */
export function removableFirstInventory(path: string, ownLock: boolean): boolean {
  let db: Db;
  try {
    db = new Database(sqliteName(path), { fileMustExist: true, timeout: 0 });
  } catch {
    return !existsSync(path);
  }
  try {
    if (!ownLock) {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    }
    return (db.prepare(`SELECT count(*) AS n FROM runs`).get() as { n: number }).n === 0;
  } catch (e) {
    return /no such table/.test((e as Error).message); // the schema was never created; busy: another process has it open
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

// Either side of `diff` (and the inventory for spec-diff) may be an inventory database or a JSON
// file written by `export --inventory`; which one is decided from the content, not the name.

import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { InputError, StoreError } from '../errors.js';
import type { InventoryDoc } from '../model/inventory.js';
import { utf16Encoding } from '../model/text-encoding.js';
import { openDb } from '../store/db.js';
import { loadInventory } from './inventory.js';
import { parseInventoryJson } from './inventory-json.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** A one-line reason for a failed read: the errno in words, not Node's 'EISDIR: illegal operation ...'. */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'cannot read: no such file';
  if (code === 'EISDIR') return 'cannot read: is a directory; pass an inventory file or a JSON file written by `akto-rt export --inventory`';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  return `cannot read: ${(e as Error).message}`;
}

function head(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, readFailure(e));
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError(path, readFailure(Object.assign(new Error('is a directory'), { code: 'EISDIR' })));
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, readFailure(e));
  } finally {
    closeSync(fd);
  }
}

/** The SQLite file header: a database cannot be streamed, so stdin must hold exported JSON. */
export function isSqlite(bytes: Buffer): boolean {
  return bytes.subarray(0, 16).toString('latin1') === SQLITE_MAGIC;
}

/**
 * The text of an exported inventory: UTF-8, or UTF-16 LE/BE (what Windows PowerShell's `>` writes),
 * told by its byte order mark or, without one, by the zero bytes beside the opening `{`, as capture
 * inputs are (sources/input.ts); a byte order mark is dropped.
 */
export function inventoryText(bytes: Buffer): string {
  return new TextDecoder(utf16Encoding(bytes) ?? 'utf-8').decode(bytes); // drops a byte order mark
}

/** An exported inventory from bytes already read (stdin: `diff - HEAD`); `name` labels errors. */
export function parseInventoryBytes(bytes: Buffer, name: string, filter: { host?: string } = {}): InventoryDoc {
  if (isSqlite(bytes)) {
    throw new InputError(name, 'an inventory database cannot be read from stdin or a pipe; pass its path, or pipe `akto-rt export --inventory -`');
  }
  const doc = parseInventoryJson(inventoryText(bytes), name);
  return filter.host ? { ...doc, endpoints: doc.endpoints.filter((e) => e.host === filter.host) } : doc;
}

/** A path that is neither a regular file nor a directory: a pipe (`<(git show main:inventory.json)`), `/dev/stdin`. */
function isPipe(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false; // the read below says why
  }
}

export function loadInventoryFile(path: string, filter: { host?: string } = {}): InventoryDoc {
  // A pipe can be read once, front to back: all of it, as stdin is.
  if (isPipe(path)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new InputError(path, readFailure(e));
    }
    return parseInventoryBytes(bytes, path, filter);
  }
  if (head(path) === SQLITE_MAGIC) {
    let db;
    try {
      db = openDb(path, { readonly: true });
    } catch (e) {
      throw new InputError(path, (e as StoreError).message.replace(`${path}: `, ''));
    }
    try {
      return loadInventory(db, filter);
    } finally {
      db.close();
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(path, readFailure(e));
  }
  const doc = parseInventoryJson(inventoryText(bytes), path);
  return filter.host ? { ...doc, endpoints: doc.endpoints.filter((e) => e.host === filter.host) } : doc;
}

// Either side of `diff` (and the inventory for spec-diff) may be an inventory database or a JSON
// file written by `export --inventory`; which one is decided from the content, not the name.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { InputError, StoreError } from '../errors.js';
import type { InventoryDoc } from '../model/inventory.js';
import { openDb } from '../store/db.js';
import { loadInventory } from './inventory.js';
import { parseInventoryJson } from './inventory-json.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function head(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, `cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function loadInventoryFile(path: string, filter: { host?: string } = {}): InventoryDoc {
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
  const doc = parseInventoryJson(readFileSync(path, 'utf8'), path);
  return filter.host ? { ...doc, endpoints: doc.endpoints.filter((e) => e.host === filter.host) } : doc;
}

// Reads a Postman collection file in two passes, in memory that grows with the number of items, not
// their size: postman-scan.ts records the skeleton (pass one reads the file itself), then pass two
// takes the input's own chunks (so progress and the file's hash come as for any input) and parses
// each request alone, handing it to postman.ts with what it inherits from the folders above it.
// Input that goes by once (stdin, gzip, a pipe) is spooled to a temporary file first.

import { rmSync, statSync } from 'node:fs';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, Interrupted, checkSignal } from '../errors.js';
import { onExit } from '../exit-cleanup.js';
import type { SourceItem } from '../model/call-record.js';
import { fileChunks, type OpenedInput } from './input.js';
import { MAX_VALUE_BYTES, OP_CHECK, OP_END, OP_FOLDER, OP_LEAF, PostmanScanner, parseFailure, type Skeleton } from './postman-scan.js';
import { EMPTY_SCOPE, type VarScope } from './postman-vars.js';
import { collectionLevel, folderLevel, itemSources, type Level } from './postman.js';

const SCAN_CHUNK_BYTES = 1024 * 1024;

/** Whether the input can be read a second time from its path: a regular file, neither stdin nor gzip nor UTF-16. */
export function rereadable(input: Pick<OpenedInput, 'path' | 'size' | 'compressed' | 'transcoded'>): boolean {
  if (input.path === '-' || input.size === null || input.compressed || input.transcoded) return false;
  try {
    return statSync(input.path).isFile(); // not a named pipe: its bytes go by once
  } catch {
    return false;
  }
}

/** Pass one: the skeleton of the collection in `path`. */
export async function scanPostmanFile(path: string, file: string, chunkBytes = SCAN_CHUNK_BYTES, signal?: AbortSignal): Promise<Skeleton> {
  const scanner = new PostmanScanner(file);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      checkSignal(signal); // Ctrl-C while the skeleton is read
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      scanner.push(buf.subarray(0, bytesRead));
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof Interrupted) throw e;
    throw new InputError(file, `cannot read: ${(e as Error).message}`);
  } finally {
    await fh.close();
  }
  return scanner.end();
}

/** Byte ranges of a chunk stream, in increasing order, decoded as UTF-8. */
class RangeReader {
  private readonly it: AsyncIterator<Buffer>;
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of `buf[0]`. */
  private at = 0;

  constructor(chunks: AsyncIterable<Buffer>, private readonly file: string) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  private async advance(): Promise<boolean> {
    this.at += this.buf.length;
    const r = await this.it.next();
    this.buf = r.done ? Buffer.alloc(0) : r.value;
    return !r.done;
  }

  private changed(): never {
    throw new InputError(this.file, 'the file changed while it was being read');
  }

  async text(start: number, end: number): Promise<string> {
    if (end - start > MAX_VALUE_BYTES) throw new InputError(this.file, `the item at byte ${start} is larger than ${MAX_VALUE_BYTES / 1024 / 1024} MB`);
    if (start < this.at) throw new Error(`byte ranges out of order: ${start} after ${this.at}`); // a bug, not bad input
    while (start >= this.at + this.buf.length) if (!(await this.advance())) this.changed();
    if (end <= this.at + this.buf.length) return this.buf.toString('utf8', start - this.at, end - this.at);
    // Copied: the input reuses a chunk's memory a few chunks later.
    const parts = [Buffer.from(this.buf.subarray(start - this.at))];
    while (end > this.at + this.buf.length) {
      if (!(await this.advance())) this.changed();
      parts.push(Buffer.from(this.buf.subarray(0, Math.min(this.buf.length, end - this.at))));
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Reads to the end (the input's hash needs every byte); the total length. */
  async finish(): Promise<number> {
    while (await this.advance());
    return this.at;
  }
}

async function parsed(reader: RangeReader, start: number, end: number, file: string): Promise<unknown> {
  const text = await reader.text(start, end);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(file, parseFailure(e, text, start));
  }
}

/**
 * The same calls, skips and errors as readPostman(JSON.parse(file)), for a file `rereadable()`
 * allows: its path is scanned first, then `input.chunks` read through.
 */
export async function* streamPostman(
  input: Pick<OpenedInput, 'path' | 'chunks'>,
  file: string,
  env: VarScope = EMPTY_SCOPE,
  scanChunkBytes = SCAN_CHUNK_BYTES,
  signal?: AbortSignal,
): AsyncGenerator<SourceItem> {
  const skeleton = await scanPostmanFile(input.path, file, scanChunkBytes, signal);
  const { ops, folders } = skeleton;
  const reader = new RangeReader(input.chunks, file);
  let level: Level;
  try {
    level = collectionLevel(skeleton.doc, file, env);
  } catch (e) {
    // Not a collection: but a whole-document parse would have refused invalid JSON first.
    for (let k = 0; k < ops.length; k++) {
      const tag = ops.tag(k);
      if (tag === OP_LEAF || tag === OP_CHECK) await parsed(reader, ops.a(k), ops.b(k), file);
    }
    throw e;
  }
  const levels: Level[] = [];
  const walk = { file, next: 0 };
  for (let k = 0; k < ops.length; k++) {
    const tag = ops.tag(k);
    if (tag === OP_LEAF) {
      yield* itemSources(await parsed(reader, ops.a(k), ops.b(k), file), level, walk);
    } else if (tag === OP_CHECK) {
      await parsed(reader, ops.a(k), ops.b(k), file);
    } else if (tag === OP_FOLDER) {
      levels.push(level);
      level = folderLevel(folders[ops.a(k)]!, level);
    } else if (tag === OP_END) {
      level = levels.pop()!;
    }
  }
  if ((await reader.finish()) !== skeleton.size) throw new InputError(file, 'the file changed while it was being read');
}

function spoolError(file: string, spoolDir: string, e: unknown): InputError {
  return new InputError(file, `cannot spool the collection to a temporary file in ${spoolDir} (set TMPDIR to another directory): ${(e as Error).message}`);
}

const SPOOL_PREFIX = 'akto-rt-postman-';

/**
 * Spools left by runs that no signal could stop in time (SIGKILL, the OOM killer): named after their
 * process, they are removed once it is gone. A directory whose process id is alive (or was reused)
 * is left alone, as is one another user owns.
 */
async function removeOrphanSpools(spoolDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(spoolDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(SPOOL_PREFIX) ? Number(/^(\d+)-[^/]+$/.exec(name.slice(SPOOL_PREFIX.length))?.[1]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    await rm(join(spoolDir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // another user's process
  }
}

/**
 * streamPostman for input that cannot be read twice (stdin, gzip, a named pipe): its (decompressed)
 * bytes are written to a temporary file under `spoolDir`, which is then read in two passes like any
 * collection file, and removed however the read ends. Reading `input.chunks` through also completes
 * the input's hash. Disk, not memory, holds the collection meanwhile.
 */
export async function* spoolPostman(
  input: Pick<OpenedInput, 'chunks'>,
  file: string,
  spoolDir: string,
  env: VarScope = EMPTY_SCOPE,
  signal?: AbortSignal,
): AsyncGenerator<SourceItem> {
  let dir: string;
  try {
    await removeOrphanSpools(spoolDir);
    dir = await mkdtemp(join(spoolDir, `${SPOOL_PREFIX}${process.pid}-`));
  } catch (e) {
    throw spoolError(file, spoolDir, e);
  }
  // Removed however the run ends, a forced exit (second Ctrl-C) included: the copy holds the collection's secrets.
  const forget = onExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const path = join(dir, 'collection.json');
    const fh = await open(path, 'w');
    try {
      for await (const chunk of input.chunks) {
        checkSignal(signal);
        await fh.write(chunk); // awaited before the next chunk is asked for, which may reuse its memory
      }
    } catch (e) {
      if (e instanceof InputError || e instanceof Interrupted) throw e;
      throw spoolError(file, spoolDir, e);
    } finally {
      await fh.close();
    }
    const chunks = fileChunks(path, signal);
    try {
      yield* streamPostman({ path, chunks }, file, env, undefined, signal);
    } finally {
      await chunks.return(undefined); // a read that failed part way must still close the copy
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    forget();
  }
}

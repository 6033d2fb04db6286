// Opens one INPUT (a path or '-' for stdin): counts and hashes the raw bytes (progress, re-run
// detection), gunzips when the gzip magic is present, and peeks as much as format detection needs.
// Files are read into a small ring of reused buffers, so reading gigabytes allocates nothing.

import { createHash } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InputError, Interrupted, checkSignal } from '../errors.js';
import { DETECT_MAX_BYTES, detectFormat, undecidedError, type Detection } from './detect.js';
import { utf16Encoding } from '../model/text-encoding.js';

export const READ_CHUNK_BYTES = 1024 * 1024;
/** Detection first looks at this much (at least one read); when that does not decide, at twice as much, and so on. */
const PEEK_BYTES = 64 * 1024;
/** Buffers in the read ring: one is being read ahead, so a chunk stays valid until READ_RING - 1 more are requested. */
export const READ_RING = 3;

export interface OpenedInput {
  path: string;
  /** Raw size on disk; null for stdin, pipes and devices (inputSize). */
  size: number | null;
  compressed: boolean;
  /** UTF-16 input, handed over as UTF-8. Like a compressed one, its content is not the file's bytes. */
  transcoded: boolean;
  /**
   * Decompressed content, starting with the peeked prefix. A chunk's memory is reused by a later
   * read: a consumer that keeps bytes past its request for the next chunk must copy them.
   */
  chunks: AsyncIterable<Buffer>;
  /** The format the content shows (or why none), from as much of its beginning as that took. */
  detected: Detection;
  /** Raw bytes consumed so far (for progress). */
  bytesRead(): number;
  /** SHA-256 of the raw bytes; valid once `chunks` has been fully consumed. */
  sha256(): string;
  /** Releases the file when the input is abandoned before its end. */
  close(): Promise<void>;
}

/**
 * A regular file's size; null for stdin and for anything else given as a path (a pipe, `<(...)`,
 * `/dev/stdin`, a FIFO, a device): its size is not its content's, and it can be read only once,
 * front to back, so it is never hashed ahead or read in segments by several threads.
 */
export function inputSize(path: string): number | null {
  if (path === '-') return null;
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** Why a file cannot be read, in words (no errno soup). */
function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file (check the path)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a parent of it is not a directory';
  return (e as Error).message;
}

/** Throws InputError (exit 2) unless `path` is a readable file. Call before anything opens it. */
export function checkReadable(path: string): void {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(path, 'is a directory, not a capture file');
    accessSync(path, constants.R_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, `cannot read: ${readProblem(e)}`);
  }
}

/**
 * A file's bytes, read into READ_RING reused buffers. The next read is in flight while the
 * consumer works on the current chunk, so the thread does not sit idle waiting for the disk (or
 * the thread pool) between chunks; a chunk stays valid until READ_RING - 1 more are requested.
 */
export async function* fileChunks(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  const ring = Array.from({ length: READ_RING }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
  let pending: Promise<{ bytesRead: number }> | null = fh.read(ring[0]!, 0, READ_CHUNK_BYTES, null);
  try {
    for (let k = 0; ; k = (k + 1) % READ_RING) {
      checkSignal(signal);
      const { bytesRead } = await pending!;
      pending = null;
      if (bytesRead === 0) return;
      pending = fh.read(ring[(k + 1) % READ_RING]!, 0, READ_CHUNK_BYTES, null);
      yield ring[k]!.subarray(0, bytesRead);
    }
  } finally {
    await pending?.catch(() => undefined); // the read ahead must land before the file closes
    await fh.close();
  }
}

/** Stdin (or an injected stream); Ctrl-C while waiting for a slow pipe must not wait for the next chunk. */
async function* streamChunks(raw: Readable, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const stop = (): void => void raw.destroy(new Interrupted('interrupted'));
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const chunk of raw) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

async function* prepend(first: IteratorResult<Buffer>, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.done) return;
  yield first.value;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** UTF-16 chunks as UTF-8 (the byte order mark dropped; a character split across chunks is kept whole). */
async function* fromUtf16(first: Buffer, rest: AsyncIterator<Buffer>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Buffer> {
  const dec = new TextDecoder(encoding);
  yield Buffer.from(dec.decode(first, { stream: true }), 'utf8');
  for (;;) {
    const r = await rest.next();
    if (r.done) break;
    yield Buffer.from(dec.decode(r.value, { stream: true }), 'utf8');
  }
  const tail = dec.decode();
  if (tail !== '') yield Buffer.from(tail, 'utf8');
}

/**
 * `detect: false` when the format is given (`--input-format`): the first read is looked at once and
 * nothing more is held back for a detection no one will use.
 */
export async function openInput(path: string, stdin?: Readable, signal?: AbortSignal, detect = true): Promise<OpenedInput> {
  if (path !== '-') checkReadable(path);
  const source = path === '-' ? streamChunks(stdin ?? process.stdin, signal) : fileChunks(path, signal);
  const hash = createHash('sha256');
  let bytes = 0;
  let digest = '';
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const b of source) {
        bytes += b.length;
        hash.update(b);
        yield b;
      }
    } catch (e) {
      if (e instanceof Interrupted) throw e;
      throw new InputError(path === '-' ? 'stdin' : path, `cannot read: ${(e as Error).message}`);
    }
    digest = hash.digest('hex');
  }
  const rawIter = counted()[Symbol.asyncIterator]();
  const first = await rawIter.next();
  // Copied: the ring reuses this buffer while the rest of the prefix is peeked.
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const compressed = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

  async function* rawAll(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (;;) {
      const r = await rawIter.next();
      if (r.done) return;
      yield r.value;
    }
  }
  async function* gunzipped(): AsyncGenerator<Buffer> {
    const gz = createGunzip({ chunkSize: 256 * 1024 });
    const feed = (async () => {
      // zlib reads its input later, after the ring has moved on: hand it a copy.
      for await (const b of rawAll()) if (!gz.write(Buffer.from(b))) await new Promise((r) => gz.once('drain', r));
      gz.end();
    })();
    feed.catch((e: unknown) => gz.destroy(e as Error));
    try {
      for await (const b of gz) yield b as Buffer;
    } catch (e) {
      if (e instanceof InputError || e instanceof Interrupted) throw e;
      throw new InputError(path === '-' ? 'stdin' : path, `gzip data is corrupt (${(e as Error).message})`);
    }
    await feed;
  }
  const decoded = (compressed ? gunzipped() : rawAll())[Symbol.asyncIterator]();
  const firstDecoded = await decoded.next();
  const utf16 = firstDecoded.done ? null : utf16Encoding(firstDecoded.value);
  // UTF-16 (a Windows PowerShell `>` redirect writes it) becomes UTF-8 here, so every reader sees UTF-8.
  const content = (utf16 !== null ? fromUtf16(firstDecoded.value as Buffer, decoded, utf16) : prepend(firstDecoded, decoded))[Symbol.asyncIterator]();
  // Peeked until detection decides: a window that does not (leading whitespace, a long member before
  // the one that tells) is looked at again once twice as large, so the bytes are scanned at most
  // about twice over, and held only until the reader takes them.
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  let window = PEEK_BYTES;
  let detected: Detection | null = null;
  while (detected === null) {
    const r = await content.next();
    if (!r.done) {
      peeked.push(Buffer.from(r.value));
      peekedBytes += r.value.length;
      if (peekedBytes < window) continue;
    }
    const d = detectFormat(peeked.length === 1 ? peeked[0]! : Buffer.concat(peeked, peekedBytes), !r.done);
    if (!('undecided' in d)) detected = d;
    else if (peekedBytes >= DETECT_MAX_BYTES || !detect) detected = undecidedError(d, peekedBytes);
    else window = Math.min(DETECT_MAX_BYTES, 2 * peekedBytes);
  }
  async function* all(): AsyncGenerator<Buffer> {
    try {
      while (peeked.length > 0) yield peeked.shift()!; // not kept once handed over
      for (;;) {
        const r = await content.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await close();
    }
  }
  /** Stops reading (closes the file); safe to call more than once. */
  async function close(): Promise<void> {
    await content.return?.(undefined);
    await decoded.return?.(undefined);
    await rawIter.return?.(undefined);
  }
  return {
    path,
    size: inputSize(path),
    compressed,
    transcoded: utf16 !== null,
    chunks: all(),
    detected,
    bytesRead: () => bytes,
    sha256: () => digest,
    close,
  };
}

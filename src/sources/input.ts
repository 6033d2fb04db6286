// Opens one INPUT (a path or '-' for stdin): counts and hashes the raw bytes (progress, re-run
// detection), gunzips when the gzip magic is present, and peeks a prefix for format detection.

import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InputError, Interrupted } from '../errors.js';

export const READ_CHUNK_BYTES = 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

export interface OpenedInput {
  path: string;
  /** Raw size on disk; null for stdin. */
  size: number | null;
  compressed: boolean;
  /** Decompressed content, starting with the peeked prefix. */
  chunks: AsyncIterable<Buffer>;
  prefix: Buffer;
  /** Raw bytes consumed so far (for progress). */
  bytesRead(): number;
  /** SHA-256 of the raw bytes; valid once `chunks` has been fully consumed. */
  sha256(): string;
}

export function inputSize(path: string): number | null {
  if (path === '-') return null;
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

function openRaw(path: string): Readable {
  if (path === '-') return process.stdin;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(path, 'is a directory, not a capture file');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, `cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

export async function openInput(path: string, stdin?: Readable, signal?: AbortSignal): Promise<OpenedInput> {
  const raw = path === '-' && stdin ? stdin : openRaw(path);
  // Ctrl-C while waiting for input (a slow pipe on stdin) must not wait for the next chunk.
  signal?.addEventListener('abort', () => raw.destroy(new Interrupted('interrupted')), { once: true });
  const hash = createHash('sha256');
  let bytes = 0;
  let digest = '';
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of raw) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
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
  const head = first.done ? Buffer.alloc(0) : first.value;
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
      for await (const b of rawAll()) if (!gz.write(b)) await new Promise((r) => gz.once('drain', r));
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
  const content = (compressed ? gunzipped() : rawAll())[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  while (peekedBytes < PEEK_BYTES) {
    const r = await content.next();
    if (r.done) break;
    peeked.push(r.value);
    peekedBytes += r.value.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    for (const b of peeked) yield b;
    for (;;) {
      const r = await content.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return {
    path,
    size: inputSize(path),
    compressed,
    chunks: all(),
    prefix: Buffer.concat(peeked).subarray(0, PEEK_BYTES),
    bytesRead: () => bytes,
    sha256: () => digest,
  };
}

// Picks the adapter for an opened input: every format becomes the same stream of SourceItems.

import { tmpdir } from 'node:os';
import type { InputFormat, SourceItem } from '../model/call-record.js';
import { InputError } from '../errors.js';
import { readAktoJsonl } from './akto-jsonl.js';
import { readBurp } from './burp.js';
import { readHar } from './har.js';
import type { OpenedInput } from './input.js';
import type { VarScope } from './postman-vars.js';

export interface SourceOptions {
  strict: boolean;
  /** Variables of a Postman environment, applied to Postman collections. */
  postmanEnv?: VarScope;
  /** Ctrl-C: readers that work before yielding (a Postman file's first pass) check it. */
  signal?: AbortSignal;
  /** Where a Postman collection from stdin or gzip is spooled to be read twice (default: the OS temp directory). */
  spoolDir?: string;
}

export function resolveFormat(input: OpenedInput, forced: InputFormat | 'auto'): InputFormat {
  if (forced !== 'auto') return forced;
  const d = input.detected;
  if ('error' in d) throw new InputError(displayName(input.path), d.error);
  return d.format;
}

export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

async function* postmanItems(input: OpenedInput, file: string, opts: SourceOptions): AsyncGenerator<SourceItem> {
  // Loaded on demand: the Postman SDK takes ~0.1 s to load, which every other input would pay.
  const { rereadable, spoolPostman, streamPostman } = await import('./postman-stream.js');
  // Read twice (skeleton, then one request at a time): memory grows with the number of items only.
  if (rereadable(input)) return yield* streamPostman(input, file, opts.postmanEnv, undefined, opts.signal);
  // Stdin, gzip and pipes go by once: spooled to disk, then read the same way.
  yield* spoolPostman(input, file, opts.spoolDir ?? tmpdir(), opts.postmanEnv, opts.signal);
}

/**
 * The Burp reader decodes each chunk into one string and parses it in one go. A 1 MB chunk becomes a
 * string V8 keeps outside its heap and frees late, and its few hundred items wait together until read,
 * long enough for V8 to start allocating them in the old generation (hundreds of MB of garbage on a
 * large export). Item-sized views avoid both, and the XML parser is faster on them too.
 */
const TEXT_SLICE_BYTES = 4 * 1024;

async function* slices(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += size) yield chunk.subarray(i, i + size);
  }
}

export function readSource(format: InputFormat, input: OpenedInput, opts: SourceOptions): AsyncIterable<SourceItem> {
  const file = displayName(input.path);
  switch (format) {
    case 'har':
      return readHar(input.chunks, file, opts);
    case 'postman':
      return postmanItems(input, file, opts);
    case 'burp':
      return readBurp(slices(input.chunks, TEXT_SLICE_BYTES), file);
    case 'akto':
      return readAktoJsonl(input.chunks, file);
  }
}

/** How an input's entries are named in messages: JSON-lines entries are lines (numbered from 1). */
export function entryUnit(format: InputFormat): 'entry' | 'line' {
  return format === 'akto' ? 'line' : 'entry';
}

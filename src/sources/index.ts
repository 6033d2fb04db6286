// Picks the adapter for an opened input: every format becomes the same stream of SourceItems.

import type { InputFormat, SourceItem } from '../model/call-record.js';
import { InputError } from '../errors.js';
import { readAktoJsonl } from './akto-jsonl.js';
import { readBurp } from './burp.js';
import { detectFormat } from './detect.js';
import { readHar } from './har.js';
import type { OpenedInput } from './input.js';
import { readPostman } from './postman.js';

/** Postman collections are parsed whole (the SDK needs the tree); this bounds memory for them. */
export const MAX_COLLECTION_BYTES = 512 * 1024 * 1024;

export interface SourceOptions {
  strict: boolean;
}

export function resolveFormat(input: OpenedInput, forced: InputFormat | 'auto'): InputFormat {
  if (forced !== 'auto') return forced;
  const d = detectFormat(input.prefix);
  if ('error' in d) throw new InputError(displayName(input.path), d.error);
  return d.format;
}

export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

async function* postmanItems(input: OpenedInput, file: string): AsyncGenerator<SourceItem> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of input.chunks) {
    size += chunk.length;
    if (size > MAX_COLLECTION_BYTES) throw new InputError(file, `Postman collection larger than ${MAX_COLLECTION_BYTES / 1024 / 1024} MB`);
    parts.push(chunk);
  }
  let text = Buffer.concat(parts).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON (${(e as Error).message})`);
  }
  yield* readPostman(doc, file);
}

export function readSource(format: InputFormat, input: OpenedInput, opts: SourceOptions): AsyncIterable<SourceItem> {
  const file = displayName(input.path);
  switch (format) {
    case 'har':
      return readHar(input.chunks, file, opts);
    case 'postman':
      return postmanItems(input, file);
    case 'burp':
      return readBurp(input.chunks, file);
    case 'akto':
      return readAktoJsonl(input.chunks, file);
  }
}

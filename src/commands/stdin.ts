// Standard input read whole, for the commands whose `-` argument is a document (diff's exported
// inventory, spec-diff's spec); `analyze -` streams instead.

import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';

/** Every byte of `stream`; `what` says what was expected there, for the errors. */
export async function readStdin(stream: Readable | undefined, what: string): Promise<Buffer> {
  if (!stream) throw new InputError('stdin', `no standard input to read ${what} from`);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (e) {
    throw new InputError('stdin', `cannot read: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks);
}

// Runs of whole HAR entries parsed by one JSON.parse of `[` + run + `]`, without walking their
// bytes to find where each entry ends.
//
// The run's end is found by searching back for the head of an entry (`{"startedDateTime":`,
// exactly as the current entry begins): an unescaped quote cannot occur inside a JSON string, so
// that text only occurs where an object starts. If the run parses, it is exactly a list of complete
// entries (a JSON value's extent is fixed by its first byte, and the run starts at an entry's first
// byte); if it does not (a malformed entry, or the same head nested inside an entry), the caller
// frames the entry byte by byte instead.

import { BACKSLASH, QUOTE, isWs } from './json-bytes.js';

/** Bytes of entries parsed at once: a few dozen entries, short-lived garbage. */
const RUN_BYTES = 128 * 1024;
/** An entry head longer than this (a very long first key) is not searched for. */
const MAX_HEAD_BYTES = 96;

/**
 * The run of two or more whole entries starting at `i` (an entry's `{`) within `buf`, each starting
 * before `before`: null when there is none to try; `values: null` when the run did not parse; else
 * its values and the offset just past its last entry.
 */
export function parseRun(buf: Buffer, i: number, before = buf.length): { values: unknown[] | null; end: number } | null {
  const head = entryHead(buf, i);
  if (head === null) return null;
  const limit = Math.min(before, i + RUN_BYTES);
  let end = -1;
  for (let q = buf.lastIndexOf(head, limit - head.length); q > i; q = buf.lastIndexOf(head, q - 1)) {
    end = closeBefore(buf, i, q);
    if (end !== -1) break;
  }
  if (end === -1) return null;
  try {
    return { values: JSON.parse(`[${buf.toString('utf8', i, end)}]`) as unknown[], end };
  } catch {
    return { values: null, end };
  }
}

/** The bytes an entry starting at `i` opens with: `{`, the first member name and its colon (whitespace as written). */
export function entryHead(buf: Buffer, i: number): Buffer | null {
  let j = i + 1;
  while (j < buf.length && isWs(buf[j]!)) j++;
  if (buf[j] !== QUOTE) return null;
  const close = buf.indexOf(QUOTE, j + 1);
  if (close === -1 || close - i > MAX_HEAD_BYTES || buf.subarray(j, close).includes(BACKSLASH)) return null;
  j = close + 1;
  while (j < buf.length && isWs(buf[j]!)) j++;
  if (buf[j] !== 0x3a) return null;
  return buf.subarray(i, j + 1);
}

/** Offset just past the `}` that ends the value before `,` (whitespace allowed) and `q`; -1 if the bytes differ. */
export function closeBefore(buf: Buffer, from: number, q: number): number {
  let k = q - 1;
  while (k > from && isWs(buf[k]!)) k--;
  if (buf[k] !== 0x2c) return -1;
  k--;
  while (k > from && isWs(buf[k]!)) k--;
  return buf[k] === 0x7d ? k + 1 : -1;
}

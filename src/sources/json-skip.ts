// Skips one JSON value (object, array or string) in a byte stream that arrives in chunks: depth
// counting outside strings, string contents jumped over by quote search. Resumable: the state
// carries what a chunk boundary cut through (open depth, inside a string, a pending escape).

import { BACKSLASH, QUOTE } from './json-bytes.js';

export interface SkipState {
  depth: number;
  inString: boolean;
  escapePending: boolean;
}

/** Next '"' at or after `i`, or -1. Most HAR strings are short: a plain loop beats a native call for those. */
function quoteAt(buf: Buffer, i: number): number {
  const stop = Math.min(buf.length, i + 32);
  for (let k = i; k < stop; k++) if (buf[k] === QUOTE) return k;
  return stop < buf.length ? buf.indexOf(QUOTE, stop) : -1;
}

/**
 * Scans `buf` from `i` for the end of the value `d` describes; returns the offset just past it, or
 * -1 when the chunk ran out (with `d` updated to resume from the next chunk's first byte).
 */
export function skipValue(d: SkipState, buf: Buffer, i: number): number {
  const n = buf.length;
  // State in locals for the hot loop; written back when the chunk runs out.
  let depth = d.depth;
  if (d.inString) {
    if (d.escapePending) {
      d.escapePending = false;
      i++;
    }
    const end = stringTail(d, buf, i);
    if (end === -1) return -1;
    d.inString = false;
    i = end;
    if (depth === 0) return i;
  }
  while (i < n) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const end = stringTail(d, buf, i + 1);
      if (end === -1) {
        d.depth = depth;
        d.inString = true;
        return -1;
      }
      i = end;
      if (depth === 0) return i;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) {
        d.depth = 0;
        return i + 1;
      }
    }
    i++;
  }
  d.depth = depth;
  return -1;
}

/**
 * For a value cut inside a string (`d.inString`): the offset just past that string's closing quote
 * in `buf` (scanned from `i`), or -1 when the chunk ends inside it (`d` then resumes from the next).
 */
export function stringRest(d: SkipState, buf: Buffer, i: number): number {
  if (d.escapePending) {
    d.escapePending = false;
    i++;
  }
  return stringTail(d, buf, i);
}

/**
 * Offset just past the closing quote of a string whose contents start at `from`, or -1 when the
 * chunk ends inside it (then `escapePending` says whether its last byte escapes the next one).
 */
function stringTail(d: SkipState, buf: Buffer, from: number): number {
  const n = buf.length;
  let j = quoteAt(buf, from);
  while (j !== -1) {
    if (buf[j - 1] !== BACKSLASH || j === from) return j + 1;
    let k = j - 1;
    while (k >= from && buf[k] === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j = quoteAt(buf, j + 1);
  }
  let k = n - 1;
  while (k >= from && buf[k] === BACKSLASH) k--;
  d.escapePending = (n - 1 - k) % 2 === 1;
  return -1;
}

// Byte values and classes shared by the JSON byte scanners (har-scanner, postman-scan, json-skip, har-runs).

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** JSON whitespace: space, line feed, carriage return, tab. */
export function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** A chunk ready to scan, or (`buf: null`) the first bytes of a BOM to keep until the next chunk. */
export type JoinedChunk = { buf: Buffer; skipped: number; started: boolean } | { buf: null; keep: Buffer };

/**
 * The next chunk for a byte scanner: the bytes `leftover` from the chunk before (an unfinished token)
 * in front, and, while `atStart`, a UTF-8 BOM dropped (`skipped` bytes; a BOM may be split across
 * chunks). `started`: the input's first bytes have been seen.
 */
export function joinChunk(leftover: Buffer | null, chunk: Buffer, atStart: boolean): JoinedChunk {
  let buf = leftover ? Buffer.concat([leftover, chunk]) : chunk;
  if (!atStart || buf.length === 0) return { buf, skipped: 0, started: !atStart };
  if (buf.length < 3 && buf.every((b, k) => b === BOM[k])) return { buf: null, keep: Buffer.from(buf) };
  if (buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2]) return { buf: buf.subarray(3), skipped: 3, started: true };
  return { buf, skipped: 0, started: true };
}

const BOM = [0xef, 0xbb, 0xbf];

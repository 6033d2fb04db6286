// Byte values and classes shared by the JSON byte scanners (har-scanner, json-skip, har-runs).

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** JSON whitespace: space, line feed, carriage return, tab. */
export function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

// How a capture or inventory file's bytes are encoded: UTF-16 is told by its first bytes (a Windows
// PowerShell `>` redirect writes it); everything else is read as UTF-8.

/** What a capture's first character can be: `{`, `[`, `<` or white space. */
const OPENING = new Set([0x7b, 0x5b, 0x3c, 0x20, 0x09, 0x0a, 0x0d]);

/**
 * 'utf-16le' or 'utf-16be' when the content starts with that byte order mark, or, without one, with
 * a capture's opening character and a zero byte beside it (UTF-8 never has a NUL there).
 */
export function utf16Encoding(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4 && OPENING.has(head[0]!) && head[1] === 0 && head[3] === 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && OPENING.has(head[1]!) && head[2] === 0) return 'utf-16be';
  return null;
}

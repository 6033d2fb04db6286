// Splits a byte stream into text lines with bounded memory: a line longer than the cap is reported
// and skipped without ever being held whole.

export type LineItem = { line: string; index: number } | { tooLong: true; index: number };

const NL = 10;
const CR = 13;

function decodeLine(parts: Buffer[], index: number): string {
  let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  if (buf.length > 0 && buf[buf.length - 1] === CR) buf = buf.subarray(0, buf.length - 1);
  // A UTF-8 byte-order mark is only meaningful (and only stripped) at the very start.
  if (index === 0 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  return buf.toString('utf8');
}

/**
 * Yields each line (split on \n, trailing \r removed) with its 0-based index. Lines are decoded only
 * once complete, so multi-byte characters split across chunks survive.
 */
export async function* readLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncIterable<LineItem> {
  let parts: Buffer[] = [];
  let pending = 0;
  let skipping = false;
  let index = 0;
  for await (const chunk of chunks) {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      const end = nl === -1 ? chunk.length : nl;
      if (!skipping) {
        const piece = chunk.subarray(pos, end);
        // A trailing \r (the CR of CRLF, possibly split from its LF by the chunking) does not
        // count toward the cap, so a cap-sized CRLF line still fits.
        const counted = piece.length > 0 && piece[piece.length - 1] === CR ? piece.length - 1 : piece.length;
        if (pending + counted > maxLineBytes) {
          skipping = true;
          parts = [];
          pending = 0;
        } else if (piece.length > 0) {
          // Copy: the caller may reuse its chunk buffer after we return control.
          parts.push(nl === -1 ? Buffer.from(piece) : piece);
          pending += counted;
        }
      }
      if (nl === -1) break;
      if (skipping) yield { tooLong: true, index };
      else yield { line: decodeLine(parts, index), index };
      parts = [];
      pending = 0;
      skipping = false;
      index++;
      pos = nl + 1;
    }
  }
  if (skipping) yield { tooLong: true, index };
  else if (pending > 0) yield { line: decodeLine(parts, index), index };
}

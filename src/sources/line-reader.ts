// Splits a byte stream into text lines with bounded memory: a line longer than the cap is reported
// and skipped without ever being held whole.

export type LineItem = { line: string; index: number } | { tooLong: true; index: number };

const NL = 10;
const CR = 13;

function decodeLine(parts: Buffer[], atFileStart: boolean): string {
  let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  if (buf.length > 0 && buf[buf.length - 1] === CR) buf = buf.subarray(0, buf.length - 1);
  // A UTF-8 byte-order mark is only meaningful (and only stripped) at the very start.
  if (atFileStart && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  return buf.toString('utf8');
}

/**
 * Splits bytes pushed chunk by chunk into lines (split on \n, trailing \r removed), each with its
 * 0-based index. Lines are decoded only once complete, so multi-byte characters split across chunks
 * survive. `origin` is the absolute offset of the first byte pushed (a line there is line 0).
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private pending = 0;
  private skipping = false;
  private offset: number;
  /** Lines yielded so far. */
  lines = 0;
  /** Absolute offset where the line being read (the one after the last yielded) begins. */
  start: number;

  constructor(
    private readonly maxLineBytes: number,
    origin = 0,
  ) {
    this.offset = origin;
    this.start = origin;
  }

  *push(chunk: Buffer): Generator<LineItem> {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.skipping) {
        const piece = chunk.subarray(pos, end);
        // A trailing \r (the CR of CRLF, possibly split from its LF by the chunking) does not
        // count toward the cap, so a cap-sized CRLF line still fits.
        const counted = piece.length > 0 && piece[piece.length - 1] === CR ? piece.length - 1 : piece.length;
        if (this.pending + counted > this.maxLineBytes) {
          this.skipping = true;
          this.parts = [];
          this.pending = 0;
        } else if (piece.length > 0) {
          // Copy: the caller may reuse its chunk buffer after we return control.
          this.parts.push(nl === -1 ? Buffer.from(piece) : piece);
          this.pending += counted;
        }
      }
      if (nl === -1) break;
      yield this.finish(this.offset + nl + 1);
      pos = nl + 1;
    }
    this.offset += chunk.length;
  }

  /** The last line, when the input does not end with a newline. */
  *end(): Generator<LineItem> {
    if (this.skipping || this.pending > 0) yield this.finish(this.offset);
  }

  private finish(next: number): LineItem {
    const index = this.lines++;
    const item: LineItem = this.skipping ? { tooLong: true, index } : { line: decodeLine(this.parts, this.start === 0), index };
    this.parts = [];
    this.pending = 0;
    this.skipping = false;
    this.start = next;
    return item;
  }
}

/** Yields each line of a chunk stream with its 0-based index (see LineSplitter). */
export async function* readLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncIterable<LineItem> {
  const lines = new LineSplitter(maxLineBytes);
  for await (const chunk of chunks) yield* lines.push(chunk);
  yield* lines.end();
}

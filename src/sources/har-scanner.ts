// Streams a HAR file and yields the raw text of each `log.entries[i]`, so each entry can be
// JSON.parse'd alone: memory stays bounded by one entry, never by the file (a 3 GB HAR works).
// Only the shallow structure (root, log, entries) is tokenized; each value below it is skipped (and
// captured when it is an entry) by json-skip.ts.
// In text mode, runs of whole entries inside one chunk are parsed at once instead (har-runs.ts);
// an entry the run parser cannot take is framed byte by byte.
//
// The members of `log` besides its entries (version, creator, browser, pages, comment) are small:
// each is handed over as text, up to a cap, and kept for the log's end, where the scan reports what
// the log held (HarLogMembers) so that missing members can be told apart from late ones (Fiddler and
// Polly.JS write version and creator after the entries). Members met after the entries are reported
// at the log's end too. In text mode each entry is held back until the `,` after it: the last one,
// followed by `]`, is handed over at the end of `log`, carrying what the log held, so the log's
// deviations can be warnings on it. A scan in segments (har-parallel.ts) hands its last segment's
// held entry to the scan after the entries, so both see the same events in the same order.

import { InputError } from '../errors.js';
import { parseRun } from './har-runs.js';
import { BACKSLASH, QUOTE, isWs, joinChunk } from './json-bytes.js';
import { skipValue, stringRest, type SkipState } from './json-skip.js';

/**
 * What a scan met in `log` besides its entries, by member name: the member's text (null when it was
 * larger than the cap and not kept); `entries` (text '') when the entries array was met.
 */
export type HarLogMembers = Map<string, string | null>;

/**
 * Entry events carry `log` only on the last entry of log.entries, handed over at the end of `log`
 * (text mode): what the log held, for warnings about it.
 */
export type HarScanEvent =
  | { kind: 'entry'; index: number; text: string; log?: HarLogMembers }
  /** An entry already parsed (by the fast path): an object. */
  | { kind: 'entry-value'; index: number; value: object; log?: HarLogMembers }
  /** In bytes mode: the entry's undecoded UTF-8 (may share memory with the pushed chunk). */
  | { kind: 'entry-bytes'; index: number; bytes: Buffer }
  | { kind: 'entry-invalid'; index: number; reason: string; log?: HarLogMembers }
  /**
   * A member of `log` other than its entries, as text. Key LOG_END ('': only the names in
   * CAPTURED_LOG_MEMBERS are reported as members) marks the end of `log`, with `log` set to what it
   * held; a consumer that only checks members' texts (checkLogMember) passes it by.
   */
  | { kind: 'log-member'; key: string; text: string; log?: HarLogMembers };

/** The key of the 'log-member' event that marks the end of `log`. */
export const LOG_END = '';

/** An entry event the scanner may hold back (text mode): see `heldEntry`. */
export type HeldEntry = Extract<HarScanEvent, { kind: 'entry' | 'entry-value' | 'entry-invalid' }>;

/** The error for a HAR that ends inside `where` after entry `lastIndex` (-1: before any). */
export function truncatedReason(where: string, lastIndex: number): string {
  return `truncated HAR: the file ends inside ${where} (${lastIndex < 0 ? 'before its first complete entry' : `after entry ${lastIndex}`})`;
}

/**
 * A string longer than this inside an entry (a 500 MB body, in practice) is cut at a chunk boundary
 * past this size and the rest of it is not kept: the entry still parses, that body is analyzed up
 * to the body cap and counted as truncated, and memory stays bounded.
 */
export const CUT_STRINGS_AFTER_BYTES = 8 * 1024 * 1024;
/** Entries larger than this even with long strings cut are skipped (counted) instead of buffered. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
/** Members of `log` kept as text (and reported) up to this size; a larger one is noted as not kept. */
export const MAX_LOG_MEMBER_BYTES = 1024 * 1024;
/** The members of `log` HAR 1.2 defines besides `entries`: reported as text, checked by the reader (har.ts). */
const CAPTURED_LOG_MEMBERS = new Set(['version', 'creator', 'browser', 'pages', 'comment']);

type Role = 'root' | 'log' | 'entries';
type State = 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end' | 'value-or-end' | 'done';

interface Frame {
  role: Role;
  key: string;
}

/** Resumable skipper/capturer for one JSON value (container or string) that may span chunks. */
interface Deep extends SkipState {
  capture: 'entry' | 'member' | null;
  parts: Buffer[];
  bytes: number;
  oversize: boolean;
  /** Inside a string past CUT_STRINGS_AFTER_BYTES: its bytes are skipped, not kept. */
  cutting: boolean;
  /** At the last chunk boundary inside a string: how long that string was so far. */
  stringBytes: number;
  /** The chunk's first byte is escaped by the previous chunk's last backslash. */
  firstEscaped: boolean;
  key: string;
  /** Offset in the current buffer where the not-yet-saved part of a capture starts. */
  start: number;
}

/**
 * Offset of the last `"` in `b` that is not escaped, or -1 (a string spanning all of `b`).
 * `firstEscaped`: `b[0]` is escaped by a backslash before `b`.
 */
function lastUnescapedQuote(b: Buffer, firstEscaped: boolean): number {
  let j = b.lastIndexOf(QUOTE);
  while (j !== -1) {
    let k = j;
    while (k > 0 && b[k - 1] === BACKSLASH) k--;
    if ((j - k + (k === 0 && firstEscaped ? 1 : 0)) % 2 === 0) return j;
    j = j === 0 ? -1 : b.lastIndexOf(QUOTE, j - 1);
  }
  return -1;
}

/**
 * The part of `b` (which ends inside a JSON string) that can end that string: without a trailing
 * escape left open (`\\` or `\\u00`) or a UTF-8 sequence cut short.
 */
export function keepableStringPrefix(b: Buffer, escapePending: boolean): Buffer {
  let end = escapePending ? b.length - 1 : b.length;
  for (let k = Math.max(0, end - 5); k < end; k++) {
    if (b[k] !== BACKSLASH || b[k + 1] !== 0x75 || end - k >= 6) continue;
    let r = k;
    while (r > 0 && b[r - 1] === BACKSLASH) r--;
    if ((k - r) % 2 === 0) {
      end = k; // an unfinished \uXXXX
      break;
    }
  }
  let lead = end;
  while (lead > 0 && end - lead < 3 && (b[lead - 1]! & 0xc0) === 0x80) lead--;
  if (lead > 0 && b[lead - 1]! >= 0xc0) {
    const c = b[lead - 1]!;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (end - (lead - 1) < need) end = lead - 1;
  }
  return b.subarray(0, Math.max(0, end));
}

function describe(c: number | undefined): string {
  if (c === undefined) return 'end of file';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
}

export interface ScanOptions {
  /** Yield entries as raw bytes ('entry-bytes') for a worker thread to decode. */
  bytes?: boolean;
  /**
   * Halt at the first entry that starts at or after this absolute offset (its offset goes to
   * `stoppedAt`), or where log.entries closes (`closedAt`): how a scan covers one segment of a file.
   */
  stopAt?: number;
  /** CUT_STRINGS_AFTER_BYTES, lowered by tests. */
  cutStringsAfter?: number;
}

export class HarScanner {
  private frames: Frame[] = [];
  private state: State | 'start' = 'start';
  private deep: Deep | null = null;
  private leftover: Buffer | null = null;
  private offset = 0; // absolute offset of buf[0]
  private entryIndex = 0;
  private first = true;
  sawLog = false;
  readonly topKeys: string[] = [];
  /** Fast-path runs that parsed, and that did not; the fast path stops when it keeps failing. */
  private runsOk = 0;
  private runsFailed = 0;
  private halted = false;
  /** With `stopAt`: the offset of the entry the scan halted at. */
  stoppedAt: number | null = null;
  /** With `stopAt`: the offset just past the `]` that closed log.entries, where the scan halted. */
  closedAt: number | null = null;
  /** What the scan met in `log` besides the entries (see HarLogMembers). */
  log: HarLogMembers = new Map();
  /** log.entries has closed: members met from here on are reported at the end of `log`. */
  private entriesClosed = false;
  /** Members met after the entries, reported at the end of `log` (the last of each name). */
  private readonly lateMembers = new Map<string, HarScanEvent>();
  /** The entry framed last, not handed over yet (text mode): until the `,` after it, or the end of `log`. */
  private held: HeldEntry | null = null;

  constructor(
    private readonly file: string,
    private readonly opts: ScanOptions = {},
  ) {}

  /**
   * The entry framed last and not handed over yet: with `stopAt`, once log.entries closed
   * (`closedAt`), its last entry, for the scan after the entries (afterEntries); at the end of the
   * input, one the input ended right after.
   */
  get heldEntry(): HeldEntry | null {
    return this.held;
  }

  /**
   * A scan that begins at the first byte of an entry (`at`, an absolute offset) inside log.entries,
   * in the state a scan from the start of the file is in there: `first` when it is the array's first
   * element (so `]` may close an empty array). Entry indices count from 0.
   */
  static atEntry(file: string, at: number, first: boolean, stopAt: number): HarScanner {
    const s = new HarScanner(file, { stopAt });
    s.frames = [
      { role: 'root', key: 'log' },
      { role: 'log', key: 'entries' },
      { role: 'entries', key: '' },
    ];
    s.state = first ? 'value-or-end' : 'value';
    s.resume(at);
    return s;
  }

  /**
   * A scan that continues just past the `]` of log.entries (absolute offset `at`), after `entries`
   * entries; `log`: what the scan up to the first entry met in `log` (its `log`), so the end of `log`
   * reports every member.
   */
  static afterEntries(file: string, at: number, entries: number, log: HarLogMembers = new Map([['entries', '']]), last: HeldEntry | null = null): HarScanner {
    const s = new HarScanner(file);
    s.held = last;
    s.frames = [
      { role: 'root', key: 'log' },
      { role: 'log', key: 'entries' },
    ];
    s.state = 'comma-or-end';
    s.entryIndex = entries;
    s.log = new Map(log);
    s.entriesClosed = true;
    s.resume(at);
    return s;
  }

  private resume(at: number): void {
    this.offset = at;
    this.first = false;
    this.sawLog = true;
    this.topKeys.push('log');
  }

  /** Where the input ended when it ended early: inside log.entries, log, ... */
  get inside(): string {
    return this.where();
  }

  private fail(pos: number, what: string): never {
    throw new InputError(this.file, `invalid JSON at byte ${this.offset + pos}: ${what}`);
  }

  /** Feeds one chunk; returns the events it completed. */
  push(chunk: Buffer): HarScanEvent[] {
    return [...this.events(chunk)];
  }

  /**
   * Feeds one chunk and yields its events one at a time. Preferred over `push`: a whole chunk's
   * entry texts held at once outlive young-generation collections and get promoted, which makes
   * V8 pretenure them and fills the old generation with garbage.
   */
  *events(chunk: Buffer): Generator<HarScanEvent> {
    try {
      yield* this.scan(chunk);
    } catch (e) {
      // The entry held back was complete before the problem: it comes first, as it would unheld.
      const held = this.held;
      this.held = null;
      if (held) yield held;
      throw e;
    }
  }

  private *scan(chunk: Buffer): Generator<HarScanEvent> {
    if (this.halted) return;
    const joined = joinChunk(this.leftover, chunk, this.first);
    this.leftover = null;
    if (joined.buf === null) {
      this.leftover = joined.keep; // a BOM split across chunks
      return;
    }
    const buf = joined.buf;
    if (joined.started) this.first = false;
    this.offset += joined.skipped;
    const out: HarScanEvent[] = [];
    let i = 0;
    if (this.deep) this.deep.firstEscaped = this.deep.inString && this.deep.escapePending;
    while (i < buf.length) {
      if (this.deep) {
        if (this.deep.cutting) {
          const close = stringRest(this.deep, buf, i);
          if (close === -1) {
            this.deep.start = buf.length; // still inside the cut string: nothing of this chunk is kept
            i = buf.length;
            break;
          }
          // The cut string ends here: keep its closing quote and everything after it.
          this.deep.cutting = false;
          this.deep.inString = false;
          this.deep.start = close - 1;
          this.deep.firstEscaped = false;
          i = close;
        }
        const end = skipValue(this.deep, buf, i);
        if (end === -1) {
          i = buf.length;
          break;
        }
        i = end;
        this.lastDeepEnd = end;
        this.finishDeep(buf, out);
      } else {
        const next = this.shallow(buf, i, out);
        if (next === -1) break; // token incomplete: leftover set
        i = next;
      }
      if (this.halted) break;
      if (out.length > 0) {
        yield* out;
        out.length = 0;
      }
    }
    if (this.deep) {
      if (this.deep.capture && !this.deep.oversize) this.addPart(buf.subarray(this.deep.start));
      this.deep.start = 0;
    }
    const kept = this.leftover as Buffer | null;
    this.offset += buf.length - (kept ? kept.length : 0);
    yield* out;
  }

  /** Call at end of input: throws if the document was not a complete HAR. */
  end(): void {
    if (this.deep || (this.state !== 'done' && this.state !== 'start') || this.leftover) {
      if (this.state === 'start' && !this.leftover) return this.notHar();
      throw new InputError(this.file, truncatedReason(this.where(), this.entryIndex - 1));
    }
    if (this.state === 'start') this.notHar();
    if (!this.sawLog) this.notHar();
  }

  private notHar(): never {
    const keys = this.topKeys.length ? ` (top-level keys: ${this.topKeys.slice(0, 5).join(', ')})` : '';
    throw new InputError(this.file, `not a HAR file: no top-level "log" object${keys}`);
  }

  private where(): string {
    const f = this.frames[this.frames.length - 1];
    return f ? (f.role === 'entries' ? 'log.entries' : f.role === 'log' ? 'log' : 'the root object') : 'the document';
  }

  private addPart(b: Buffer): void {
    const d = this.deep!;
    if (d.cutting) return;
    let part = b;
    if (d.capture === 'entry' && d.inString) {
      const q = lastUnescapedQuote(b, d.firstEscaped && d.start === 0);
      d.stringBytes = q === -1 ? d.stringBytes + b.length : b.length - q - 1;
      if (d.stringBytes > (this.opts.cutStringsAfter ?? CUT_STRINGS_AFTER_BYTES)) {
        // An escape may have begun in the part kept before: cut the two as one.
        const prev = d.parts.pop();
        if (prev) d.bytes -= prev.length;
        part = keepableStringPrefix(prev ? Buffer.concat([prev, b]) : b, d.escapePending);
        d.cutting = true;
      }
    }
    d.bytes += part.length;
    const cap = d.capture === 'entry' ? MAX_ENTRY_BYTES : MAX_LOG_MEMBER_BYTES;
    if (d.bytes > cap) {
      d.oversize = true;
      d.parts = [];
      return;
    }
    d.parts.push(Buffer.from(part)); // copied: the reader reuses the chunk's memory
  }

  private startDeep(_buf: Buffer, pos: number, capture: Deep['capture'], key = ''): void {
    this.deep = {
      depth: 0,
      inString: false,
      escapePending: false,
      capture,
      parts: [],
      bytes: 0,
      oversize: false,
      cutting: false,
      stringBytes: 0,
      firstEscaped: false,
      key,
      start: pos,
    };
  }

  private finishDeep(buf: Buffer, out: HarScanEvent[]): void {
    const d = this.deep!;
    this.deep = null;
    if (!d.capture) return this.afterValue();
    const endPos = this.lastDeepEnd;
    const tail = buf.subarray(d.start, endPos);
    if (d.capture === 'entry' && this.opts.bytes && !d.oversize) {
      const bytes = d.parts.length === 0 ? tail : Buffer.concat([...d.parts, tail]);
      out.push({ kind: 'entry-bytes', index: this.entryIndex++, bytes });
      return this.afterValue();
    }
    let text = '';
    if (!d.oversize) {
      if (d.parts.length === 0) text = tail.toString('utf8');
      else {
        d.parts.push(tail);
        text = Buffer.concat(d.parts).toString('utf8');
      }
    }
    if (d.capture === 'entry') {
      const index = this.entryIndex++;
      this.entry(
        out,
        d.oversize
          ? { kind: 'entry-invalid', index, reason: `entry larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB, skipped` }
          : { kind: 'entry', index, text },
      );
    } else {
      this.member(out, d.key, d.oversize ? null : text);
    }
    this.afterValue();
  }

  private lastDeepEnd = 0;

  /** Reports an entry: at once in bytes mode, else once a `,` or the next entry shows it is not the last (or at the end of `log`). */
  private entry(out: HarScanEvent[], ev: HeldEntry): void {
    if (this.opts.bytes) {
      out.push(ev);
      return;
    }
    this.release(out);
    this.held = ev;
  }

  private release(out: HarScanEvent[]): void {
    if (this.held) out.push(this.held);
    this.held = null;
  }

  /** Notes a member of `log` (text null: over the cap) and reports it: at once, or at the end of `log` when met after the entries. */
  private member(out: HarScanEvent[], key: string, text: string | null): void {
    this.log.set(key, text);
    if (text === null) return;
    const ev: HarScanEvent = { kind: 'log-member', key, text };
    if (this.entriesClosed) this.lateMembers.set(key, ev);
    else out.push(ev);
  }

  /** The end of `log`: the held last entry, the members met after the entries, then the end marker. */
  private endLog(out: HarScanEvent[]): void {
    if (this.held) out.push({ ...this.held, log: this.log });
    this.held = null;
    for (const ev of this.lateMembers.values()) out.push(ev);
    this.lateMembers.clear();
    out.push({ kind: 'log-member', key: LOG_END, text: '', log: this.log });
  }

  private afterValue(): void {
    const top = this.frames[this.frames.length - 1];
    this.state = top ? 'comma-or-end' : 'done';
  }

  /** One shallow token; returns the next offset, or -1 (leftover kept) when the token is incomplete. */
  private shallow(buf: Buffer, i: number, out: HarScanEvent[]): number {
    const n = buf.length;
    while (i < n && isWs(buf[i]!)) i++;
    if (i >= n) return n;
    const c = buf[i]!;
    const top = this.frames[this.frames.length - 1];
    switch (this.state) {
      case 'start': {
        if (c === 0x7b) {
          this.frames.push({ role: 'root', key: '' });
          this.state = 'key-or-end';
          return i + 1;
        }
        // HARP: `onInputData({...});` — skip the JSONP callback name.
        if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24) {
          const paren = buf.indexOf(0x28, i);
          if (paren === -1) return this.keep(buf, i);
          if (paren - i > 64) this.fail(i, `expected '{' at the start of the HAR, found ${describe(c)}`);
          return paren + 1;
        }
        return this.fail(i, `expected '{' at the start of the HAR, found ${describe(c)}`);
      }
      case 'key-or-end':
      case 'key': {
        if (c === 0x7d && this.state === 'key-or-end') return this.close(i, out);
        if (c !== QUOTE) return this.fail(i, `expected a member name in ${this.where()}, found ${describe(c)}`);
        const end = this.stringEnd(buf, i);
        if (end === -1) return this.keep(buf, i);
        const key = JSON.parse(buf.toString('utf8', i, end)) as string;
        top!.key = key;
        if (top!.role === 'root' && this.topKeys.length < 20) this.topKeys.push(key);
        this.state = 'colon';
        return end;
      }
      case 'colon':
        if (c !== 0x3a) return this.fail(i, `expected ':' in ${this.where()}, found ${describe(c)}`);
        this.state = 'value';
        return i + 1;
      case 'value':
      case 'value-or-end': {
        if (top!.role === 'entries') {
          const stopAt = this.opts.stopAt;
          if (stopAt !== undefined && this.offset + i >= stopAt) {
            this.stoppedAt = this.offset + i;
            this.halted = true;
            return i;
          }
          if (c === 0x5d && this.state === 'value-or-end') return this.close(i, out);
          if (c === 0x7b) {
            if (!this.opts.bytes && (this.runsFailed < 3 || this.runsFailed * 4 < this.runsOk)) {
              const end = this.run(buf, i, out);
              if (end !== -1) return end;
            }
            this.startDeep(buf, i, 'entry');
            return this.runDeep(buf, i, out);
          }
          const r = this.skipScalarOrDeep(buf, i, out);
          if (r !== -1 && !this.deep) this.entry(out, { kind: 'entry-invalid', index: this.entryIndex++, reason: 'entry is not an object' });
          return r;
        }
        if (top!.role === 'root' && top!.key === 'log' && c === 0x7b && !this.sawLog) {
          this.sawLog = true;
          this.frames.push({ role: 'log', key: '' });
          this.state = 'key-or-end';
          return i + 1;
        }
        if (top!.role === 'log' && top!.key === 'entries') {
          if (c !== 0x5b) throw new InputError(this.file, `not a HAR file: log.entries is not an array (found ${describe(c)} at byte ${this.offset + i})`);
          this.log.set('entries', '');
          this.frames.push({ role: 'entries', key: '' });
          this.state = 'value-or-end';
          return i + 1;
        }
        if (top!.role === 'log' && CAPTURED_LOG_MEMBERS.has(top!.key) && (c === 0x7b || c === 0x5b || c === QUOTE)) {
          this.startDeep(buf, i, 'member', top!.key);
          if (c === QUOTE) this.deep!.inString = true;
          return this.runDeep(buf, c === QUOTE ? i + 1 : i, out);
        }
        if (top!.role === 'log' && CAPTURED_LOG_MEMBERS.has(top!.key)) {
          // a number or literal where the spec wants a string/object (e.g. version 1.2)
          const end = this.scalarEnd(buf, i);
          if (end === -1) return this.keep(buf, i);
          this.checkScalar(buf, i, end);
          this.member(out, top!.key, buf.toString('utf8', i, end));
          this.afterValue();
          return end;
        }
        return this.skipScalarOrDeep(buf, i, out);
      }
      case 'comma-or-end': {
        if (c === 0x2c) {
          if (top!.role === 'entries') this.release(out);
          this.state = top!.role === 'entries' ? 'value' : 'key';
          return i + 1;
        }
        if ((c === 0x7d && top!.role !== 'entries') || (c === 0x5d && top!.role === 'entries')) return this.close(i, out);
        return this.fail(i, `expected ',' or the end of ${this.where()}, found ${describe(c)}`);
      }
      case 'done':
        if (c === 0x29 || c === 0x3b) return i + 1; // JSONP tail `);`
        return this.fail(i, `unexpected ${describe(c)} after the end of the HAR document`);
    }
  }

  /** Parses the run of whole entries starting at `i` (har-runs.ts); -1 when there is none to take. */
  private run(buf: Buffer, i: number, out: HarScanEvent[]): number {
    // With `stopAt`, a run takes only entries that start before it.
    const stopAt = this.opts.stopAt;
    const r = parseRun(buf, i, stopAt === undefined ? buf.length : Math.min(buf.length, stopAt - this.offset));
    if (r === null) return -1;
    if (r.values === null) {
      this.runsFailed++;
      return -1;
    }
    this.runsOk++;
    for (const value of r.values) {
      const index = this.entryIndex++;
      this.entry(
        out,
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? { kind: 'entry-value', index, value }
          : { kind: 'entry-invalid', index, reason: 'entry is not an object' },
      );
    }
    this.afterValue();
    return r.end;
  }

  private close(i: number, out: HarScanEvent[]): number {
    const closed = this.frames.pop();
    this.afterValue();
    if (closed?.role === 'entries') {
      this.entriesClosed = true;
      if (this.opts.stopAt !== undefined) {
        this.closedAt = this.offset + i + 1;
        this.halted = true;
      }
    }
    if (closed?.role === 'log') this.endLog(out);
    return i + 1;
  }

  private runDeep(buf: Buffer, from: number, out: HarScanEvent[]): number {
    const end = skipValue(this.deep!, buf, from);
    if (end === -1) return buf.length;
    this.lastDeepEnd = end;
    this.finishDeep(buf, out);
    return end;
  }

  private skipScalarOrDeep(buf: Buffer, i: number, out: HarScanEvent[]): number {
    const c = buf[i]!;
    if (c === 0x7b || c === 0x5b) {
      this.startDeep(buf, i, null);
      return this.runDeep(buf, i, out);
    }
    if (c === QUOTE) {
      this.startDeep(buf, i, null);
      this.deep!.inString = true;
      return this.runDeep(buf, i + 1, out);
    }
    const end = this.scalarEnd(buf, i);
    if (end === -1) return this.keep(buf, i);
    this.checkScalar(buf, i, end);
    this.afterValue();
    return end;
  }

  private checkScalar(buf: Buffer, i: number, end: number): void {
    const tok = buf.toString('latin1', i, end);
    if (!/^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/.test(tok)) {
      this.fail(i, `unexpected '${tok.slice(0, 20)}' in ${this.where()}`);
    }
  }

  private scalarEnd(buf: Buffer, i: number): number {
    let j = i;
    while (j < buf.length) {
      const c = buf[j]!;
      if (isWs(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a) return j;
      j++;
      if (j - i > 64) return j;
    }
    return -1;
  }

  /** End offset (exclusive) of the string starting at `i`, or -1 if it is not complete in `buf`. */
  private stringEnd(buf: Buffer, i: number): number {
    const end = skipValue({ depth: 0, inString: true, escapePending: false }, buf, i + 1);
    if (end === -1 && buf.length - i > 1024 * 1024) this.fail(i, 'member name longer than 1 MB');
    return end;
  }

  private keep(buf: Buffer, i: number): number {
    this.leftover = Buffer.from(buf.subarray(i));
    return -1;
  }
}

/** Convenience: scan a whole chunk stream. */
export async function* scanHar(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<HarScanEvent> {
  const scanner = new HarScanner(file);
  for await (const chunk of chunks) yield* scanner.events(chunk);
  scanner.end();
}

// Pass one of reading a Postman collection in bounded memory: a byte scanner that records the tree's
// skeleton (each folder's and the root's small members parsed, each request's byte range) in file
// order, so that pass two (postman-stream.ts) can parse one request at a time. Folders often put
// `auth` and `variable` after `item`, so nothing below a folder can be read before it closes.
// Every byte is checked as JSON.parse would check it: tokenized here, or parsed here (small
// members), or parsed in pass two (requests, and the members skipped here, as OP_CHECK ranges).

import { InputError } from '../errors.js';
import { BACKSLASH, QUOTE, isWs, joinChunk } from './json-bytes.js';
import { skipValue, type SkipState } from './json-skip.js';
import { collectionRoot } from './postman-doc.js';

type Json = Record<string, unknown>;

/** An element of an item[] array that is not a folder (a request, or a value to skip): a = start, b = end offset. */
export const OP_LEAF = 0;
/** A value that is only checked to be valid JSON (a skipped member, an ignored item[]): a = start, b = end. */
export const OP_CHECK = 1;
/** A folder whose elements follow, up to the matching OP_END: a = its index in `Skeleton.folders`. */
export const OP_FOLDER = 2;
export const OP_END = 3;
export const OP_NOP = 4;

/**
 * The largest value kept whole: a request (pass two), a parsed member, and so the most one element
 * can cost. The whole-document reader's limit, so every collection it reads reads the same here.
 */
export const MAX_VALUE_BYTES = 512 * 1024 * 1024;
/** Member names and numbers longer than this are refused rather than buffered. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/** Ops as (tag, a, b) triples in one growable Float64Array: offsets pass 2^32 in large files. */
export class OpLog {
  private data = new Float64Array(3 * 1024);
  length = 0;

  push(tag: number, a: number, b: number): void {
    if (3 * this.length + 3 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const k = 3 * this.length++;
    this.data[k] = tag;
    this.data[k + 1] = a;
    this.data[k + 2] = b;
  }
  tag(i: number): number {
    return this.data[3 * i]!;
  }
  a(i: number): number {
    return this.data[3 * i + 1]!;
  }
  b(i: number): number {
    return this.data[3 * i + 2]!;
  }
  setA(i: number, a: number): void {
    this.data[3 * i + 1] = a;
  }
  truncate(n: number): void {
    this.length = n;
  }
  /** Ops [from, to) stop counting as items (an item[] JSON.parse would drop): still checked, never read. */
  deactivate(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const t = this.tag(i);
      if (t === OP_LEAF) this.data[3 * i] = OP_CHECK;
      else if (t === OP_FOLDER || t === OP_END) this.data[3 * i] = OP_NOP;
    }
  }
}

export interface Skeleton {
  /**
   * The document as collectionLevel() reads it: an object holding the root's parsed `info`, `name`,
   * `variable(s)`, `auth`, `_postman_variable_scope`, `openapi`, `swagger` and `collection` (the same,
   * for the API envelope), and stand-ins of the right JSON type for `item`, `requests`, `order`,
   * `folders`, `values` and `paths`.
   * A stand-in of the right type when the document is not an object.
   */
  doc: unknown;
  ops: OpLog;
  /** Each folder's `name`, `variable(s)` and `auth`, parsed, and `item` as an empty array. */
  folders: Json[];
  /** Bytes scanned (the whole file, BOM included). */
  size: number;
}

// `openapi`/`swagger` and `paths` tell an OpenAPI document given in a collection's place (postman-doc.ts).
const ROOT_MEMBERS = new Set(['info', 'name', 'variable', 'variables', 'auth', '_postman_variable_scope', 'openapi', 'swagger']);
const ROOT_STAND_INS = new Set(['requests', 'order', 'folders', 'values', 'paths']);
const ELEMENT_MEMBERS = new Set(['name', 'variable', 'variables', 'auth']);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface Container {
  kind: 'root' | 'collection' | 'element';
  meta: Json;
  key: string;
  /** Absolute offset of the `{` (elements). */
  start: number;
  /** Index of the element's OP_FOLDER op, filled in or dropped when it closes. */
  mark: number;
  /** Ops of its last item[] array (JSON.parse keeps the last of repeated members). */
  items: { from: number; to: number } | null;
}

interface Items {
  kind: 'items';
  owner: Container;
}

type Frame = Container | Items;
type State = 'start' | 'key-or-end' | 'key' | 'colon' | 'value' | 'value-or-end' | 'comma-or-end' | 'done';

/** A value skipped (and maybe kept) across chunks. */
interface Deep extends SkipState {
  use: 'check' | 'leaf' | 'member' | 'doc';
  /** Absolute offset of its first byte. */
  start: number;
  /** Kept bytes (use 'member'): copies, the reader reuses its buffers. */
  parts: Buffer[] | null;
  bytes: number;
  /** Offset in the current buffer where its not yet kept bytes begin. */
  from: number;
  owner: Container | null;
  key: string;
}

function describe(c: number | undefined): string {
  if (c === undefined) return 'end of file';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
}

/** A value of the same JSON type as the one starting with `c`, for checks that only look at types. */
function standIn(c: number): unknown {
  return c === 0x7b ? {} : c === 0x5b ? [] : '';
}

export class PostmanScanner {
  private frames: Frame[] = [];
  private state: State = 'start';
  private deep: Deep | null = null;
  private leftover: Buffer | null = null;
  /** Absolute offset of the current buffer's first byte. */
  private offset = 0;
  private atStart = true;
  private doc: unknown = undefined;
  private readonly roots: Container[] = [];
  private readonly ops = new OpLog();
  private readonly folders: Json[] = [];

  constructor(private readonly file: string) {}

  private fail(at: number, what: string): never {
    throw new InputError(this.file, `not valid JSON at byte ${at}: ${what}`);
  }

  push(chunk: Buffer): void {
    const joined = joinChunk(this.leftover, chunk, this.atStart);
    this.leftover = null;
    if (joined.buf === null) {
      this.leftover = joined.keep; // a BOM split across chunks
      return;
    }
    const buf = joined.buf;
    if (joined.started) this.atStart = false;
    this.offset += joined.skipped;
    let i = 0;
    while (i < buf.length) {
      const d = this.deep;
      if (d) {
        const end = skipValue(d, buf, i);
        this.keep(d, buf, end === -1 ? buf.length : end);
        if (end === -1) break;
        this.deep = null;
        this.finishDeep(d, this.offset + end);
        i = end;
      } else {
        const next = this.token(buf, i);
        if (next === -1) break; // an unfinished token, kept in leftover
        i = next;
      }
    }
    if (this.deep) this.deep.from = 0;
    const kept = this.leftover as Buffer | null; // set by token() since the check above
    this.offset += buf.length - (kept ? kept.length : 0);
  }

  /** Call at end of input: the skeleton, or InputError when the document is not complete JSON. */
  end(): Skeleton {
    const size = this.offset + (this.leftover ? this.leftover.length : 0);
    // A number or literal that ends the file has no delimiter after it yet: a space adds one.
    if (this.leftover && this.state !== 'key' && this.state !== 'key-or-end') this.push(Buffer.from(' '));
    if (this.state !== 'done' || this.leftover || this.deep) {
      throw new InputError(this.file, `not valid JSON: the file ends inside ${this.where()}`);
    }
    // An envelope's `collection` holds the items unless the document has its own item[].
    const root = typeof this.doc === 'object' && this.doc !== null && !Array.isArray(this.doc) ? collectionRoot(this.doc as Json) : null;
    for (const c of this.roots) if (c.meta !== root && c.items) this.ops.deactivate(c.items.from, c.items.to);
    return { doc: this.doc, ops: this.ops, folders: this.folders, size };
  }

  private where(): string {
    if (this.deep) return `the value that starts at byte ${this.deep.start}`;
    const top = this.frames[this.frames.length - 1];
    if (!top) return 'the document';
    if (top.kind === 'items') return 'an item[] array';
    return top.kind === 'element' ? 'an item' : 'the collection object';
  }

  /** Saves the part of a kept value that lies in `buf` before `end`. */
  private keep(d: Deep, buf: Buffer, end: number): void {
    if (d.parts === null || end <= d.from) return;
    d.bytes += end - d.from;
    if (d.bytes > MAX_VALUE_BYTES) this.fail(d.start, `a member larger than ${MAX_VALUE_BYTES / 1024 / 1024} MB`);
    d.parts.push(Buffer.from(buf.subarray(d.from, end)));
  }

  private startDeep(buf: Buffer, i: number, use: Deep['use'], owner: Container | null, key: string): number {
    const inString = buf[i] === QUOTE;
    const d: Deep = {
      depth: 0,
      inString,
      escapePending: false,
      use,
      start: this.offset + i,
      parts: use === 'member' ? [] : null,
      bytes: 0,
      from: i,
      owner,
      key,
    };
    const from = inString ? i + 1 : i;
    const end = skipValue(d, buf, from);
    this.keep(d, buf, end === -1 ? buf.length : end);
    if (end === -1) {
      this.deep = d;
      return buf.length;
    }
    this.finishDeep(d, this.offset + end);
    return end;
  }

  private finishDeep(d: Deep, end: number): void {
    if (d.use === 'member') {
      const text = Buffer.concat(d.parts!).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new InputError(this.file, parseFailure(e, text, d.start));
      }
      d.owner!.meta[d.key] = value;
    } else {
      this.ops.push(d.use === 'leaf' ? OP_LEAF : OP_CHECK, d.start, end);
    }
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.frames.length > 0 ? 'comma-or-end' : 'done';
  }

  /** One token of the skeleton; the next offset, or -1 when the token runs past `buf` (kept in leftover). */
  private token(buf: Buffer, i: number): number {
    const n = buf.length;
    while (i < n && isWs(buf[i]!)) i++;
    if (i >= n) return n;
    const c = buf[i]!;
    const top = this.frames[this.frames.length - 1];
    switch (this.state) {
      case 'start':
        if (c === 0x7b) return this.open(i, 'root');
        this.doc = standIn(c);
        return this.value(buf, i, 'doc', null, '');
      case 'key-or-end':
      case 'key': {
        if (c === 0x7d && this.state === 'key-or-end') return this.closeObject(i);
        if (c !== QUOTE) return this.fail(this.offset + i, `expected a member name, found ${describe(c)}`);
        const end = this.stringEnd(buf, i);
        if (end === -1) return this.keepFrom(buf, i);
        (top as Container).key = this.keyAt(buf, i, end);
        this.state = 'colon';
        return end;
      }
      case 'colon':
        if (c !== 0x3a) return this.fail(this.offset + i, `expected ':' after a member name, found ${describe(c)}`);
        this.state = 'value';
        return i + 1;
      case 'value':
      case 'value-or-end':
        if (top!.kind === 'items') {
          if (c === 0x5d && this.state === 'value-or-end') return this.closeItems(i);
          if (c === 0x7b) return this.open(i, 'element');
          return this.value(buf, i, 'leaf', null, '');
        }
        return this.member(buf, i, top!);
      case 'comma-or-end':
        if (c === 0x2c) {
          this.state = top!.kind === 'items' ? 'value' : 'key';
          return i + 1;
        }
        if (top!.kind === 'items' ? c === 0x5d : c === 0x7d) return top!.kind === 'items' ? this.closeItems(i) : this.closeObject(i);
        return this.fail(this.offset + i, `expected ',' or the end of ${this.where()}, found ${describe(c)}`);
      case 'done':
        return this.fail(this.offset + i, `unexpected ${describe(c)} after the end of the document`);
    }
  }

  /** The value of member `owner.key`, starting at `buf[i]`. */
  private member(buf: Buffer, i: number, owner: Container): number {
    const c = buf[i]!;
    const key = owner.key;
    if (key === 'item' && c === 0x5b) {
      // A repeated item[]: JSON.parse keeps the last, so the earlier one's elements are only checked.
      if (owner.items) this.ops.deactivate(owner.items.from, this.ops.length);
      owner.items = { from: this.ops.length, to: this.ops.length };
      owner.meta.item = [];
      this.frames.push({ kind: 'items', owner });
      this.state = 'value-or-end';
      return i + 1;
    }
    if (owner.kind === 'root' && key === 'collection' && c === 0x7b) {
      const end = this.open(i, 'collection');
      owner.meta.collection = (this.frames[this.frames.length - 1] as Container).meta;
      return end;
    }
    const kept = owner.kind === 'element' ? ELEMENT_MEMBERS : ROOT_MEMBERS;
    if (kept.has(key)) return this.value(buf, i, 'member', owner, key);
    if (key === 'item' || key === 'collection' || (owner.kind !== 'element' && ROOT_STAND_INS.has(key))) {
      owner.meta[key] = standIn(c); // numbers and literals: replaced by their value in value()
      return this.value(buf, i, 'check', owner, key);
    }
    return this.value(buf, i, 'check', null, '');
  }

  /**
   * A value read as a whole: containers and strings by skipValue, numbers and literals here. With an
   * owner, a number or literal is also stored as `owner.meta[key]`.
   */
  private value(buf: Buffer, i: number, use: Deep['use'], owner: Container | null, key: string): number {
    const c = buf[i]!;
    if (c === 0x7b || c === 0x5b || c === QUOTE) return this.startDeep(buf, i, use, owner, key);
    const end = this.scalarEnd(buf, i);
    if (end === -1) return this.keepFrom(buf, i);
    const tok = buf.toString('latin1', i, end);
    const literal = tok === 'true' ? true : tok === 'false' ? false : tok === 'null' ? null : undefined;
    if (literal === undefined && !NUMBER.test(tok)) {
      return this.fail(this.offset + i, tok === '' ? `expected a value, found ${describe(c)}` : `unexpected '${tok.slice(0, 20)}'`);
    }
    const scalar = literal === undefined ? Number(tok) : literal;
    if (owner) owner.meta[key] = scalar;
    if (use === 'doc') this.doc = scalar;
    if (use === 'leaf') this.ops.push(OP_LEAF, this.offset + i, this.offset + end);
    this.afterValue();
    return end;
  }

  private open(i: number, kind: Container['kind']): number {
    const c: Container = { kind, meta: {}, key: '', start: this.offset + i, mark: -1, items: null };
    if (kind === 'element') {
      c.mark = this.ops.length;
      this.ops.push(OP_FOLDER, -1, 0);
    } else {
      this.roots.push(c);
      if (kind === 'root') this.doc = c.meta;
    }
    this.frames.push(c);
    this.state = 'key-or-end';
    return i + 1;
  }

  private closeObject(i: number): number {
    const c = this.frames.pop() as Container;
    if (c.kind === 'element') {
      if (Array.isArray(c.meta.item)) {
        this.ops.setA(c.mark, this.folders.length);
        this.folders.push(c.meta);
        this.ops.push(OP_END, 0, 0);
      } else {
        // Not a folder: pass two parses it whole, so what was recorded inside it goes.
        this.ops.truncate(c.mark);
        this.ops.push(OP_LEAF, c.start, this.offset + i + 1);
      }
    }
    this.afterValue();
    return i + 1;
  }

  private closeItems(i: number): number {
    const items = this.frames.pop() as Items;
    items.owner.items!.to = this.ops.length;
    this.afterValue();
    return i + 1;
  }

  private keyAt(buf: Buffer, i: number, end: number): string {
    const q = buf.indexOf(BACKSLASH, i + 1);
    let hasControl = false;
    for (let k = i + 1; k < end - 1; k++) if (buf[k]! < 0x20) hasControl = true;
    if (!hasControl && (q === -1 || q >= end)) return buf.toString('utf8', i + 1, end - 1);
    const text = buf.toString('utf8', i, end);
    try {
      return JSON.parse(text) as string;
    } catch (e) {
      throw new InputError(this.file, parseFailure(e, text, this.offset + i));
    }
  }

  private scalarEnd(buf: Buffer, i: number): number {
    for (let j = i; j < buf.length; j++) {
      const c = buf[j]!;
      if (isWs(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || c === 0x7b || c === 0x5b || c === QUOTE) return j;
    }
    return -1;
  }

  /** End offset (exclusive) of the string starting at `i`, or -1 if it is not complete in `buf`. */
  private stringEnd(buf: Buffer, i: number): number {
    return skipValue({ depth: 0, inString: true, escapePending: false }, buf, i + 1);
  }

  private keepFrom(buf: Buffer, i: number): number {
    if (buf.length - i > MAX_TOKEN_BYTES) this.fail(this.offset + i, `a member name or number longer than ${MAX_TOKEN_BYTES / 1024 / 1024} MB`);
    this.leftover = Buffer.from(buf.subarray(i));
    return -1;
  }
}

/**
 * JSON.parse's complaint about `text` (which starts at absolute byte `start`), located in the file:
 * V8 counts UTF-16 positions within the text it was given.
 */
export function parseFailure(e: unknown, text: string, start: number): string {
  const message = (e as Error).message;
  const m = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (m === null) return `not valid JSON at byte ${start}: ${message}`;
  const at = start + Buffer.byteLength(text.slice(0, Number(m[1])));
  return `not valid JSON at byte ${at}: ${message.slice(0, m.index)}${message.slice(m.index + m[0].length)}`;
}

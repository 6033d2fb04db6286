// Streams a Burp Suite "Save items" XML export into CallRecords, one <item> in memory at a time.
// Entities are never expanded (saxes does not read the DTD), so XXE and entity bombs cannot act.
// A collected item becomes a CallRecord in burp-item.ts; message bytes are read in burp-raw.ts.

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError } from '../errors.js';
import type { SourceItem } from '../model/call-record.js';
import { toSourceItem, type RawItem } from './burp-item.js';
import { RawMessageSource, xmlTextPrefix } from './burp-raw.js';
import { detach } from './http-message.js';

export interface BurpOptions {
  /** Largest text of one element other than <request>/<response>; an item with a bigger one is skipped. */
  maxElementChars?: number;
  /** Where a <request> or <response> is cut (CUT_MESSAGE_CHARS, lowered by tests). */
  cutMessageChars?: number;
}

/** 64 M characters: far beyond any real capture, small enough to keep memory bounded. */
export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

/**
 * A <request> or <response> longer than this (a 50 MB download, base64) is cut here and the rest
 * skipped unread: the item is still analyzed, its body counted as truncated, and memory stays flat
 * (saxes would otherwise hold the whole text node).
 */
export const CUT_MESSAGE_CHARS = 8 * 1024 * 1024;

/** Text is handed to the XML parser in slices this size, so skips are detected soon after the cap. */
const WRITE_SLICE = 1024 * 1024;

const ISSUES_MESSAGE =
  'this is a Burp Scanner issues report, not traffic history; export proxy history instead: ' +
  'Proxy > HTTP history > select items > right-click "Save items"';

const RAW_CONTROL_WARNING = 'raw message holds control characters that XML forbids; kept as-is';

function isMessage(field: string | null): boolean {
  return field === 'request' || field === 'response';
}

/**
 * Push-style state machine over saxes events. Completed items wait in `ready` until the async
 * generator drains them after each slice, so at most one slice's worth of items is ever held.
 */
export class ItemCollector {
  private readonly ready: SourceItem[] = [];
  private rootSeen = false;
  /** Items started so far; the current item's index is itemCount - 1. */
  private itemCount = 0;
  private depth = 0;
  private item: RawItem | null = null;
  private field: string | null = null;
  private text = '';
  /** Parser position of the last event: distance from it is text saxes is still buffering. */
  private lastEventPos = 0;
  /** Characters written to the current parser (its own `position` is off by a chunk between writes). */
  private written = 0;
  private parser!: SaxesParser<{}>;
  /** Set while skipping an oversize element's text outside the parser: the closing tag to look for. */
  private resyncUntil: string | null = null;
  private resyncCarry = '';
  /** True while a fresh parser is fed the synthetic '<items><item>' opening after a resync. */
  private priming = false;
  /** True once the input has ended: errors now mean a truncated file. */
  private ending = false;
  /** Parser position just past the last `</item>` that closed an item. */
  private itemClosedAt = -1;

  /** Parser position where the current field's content begins (-1: none pending). */
  private fieldStart = -1;
  /** The current <request>/<response> content as written, while saxes holds it back (at most cutChars). */
  private raw = '';
  /** The current raw (base64="false") message as written, whole (see RawMessageSource). */
  private readonly rawSource: RawMessageSource;
  /** The slice being written to the parser, and its offset: what a message closing inside it ends with. */
  private slice = '';
  private sliceAt = 0;
  private readonly cutChars: number;

  constructor(
    private readonly file: string,
    private readonly maxChars: number,
    cutChars = CUT_MESSAGE_CHARS,
  ) {
    this.cutChars = Math.min(cutChars, maxChars);
    this.rawSource = new RawMessageSource(this.cutChars);
    this.newParser();
  }

  private newParser(): void {
    const p = new SaxesParser<{}>({});
    p.on('opentag', (t) => this.open(t as SaxesTagPlain));
    p.on('closetag', () => this.close());
    p.on('text', (s) => this.addText(s));
    p.on('cdata', (s) => this.addText(s));
    p.on('error', (e) => this.onError(e));
    this.parser = p;
    this.lastEventPos = 0;
    this.written = 0;
    this.itemClosedAt = -1;
  }

  /**
   * A collector that begins inside <items>, between two items (a segment of a file, after an
   * item's `</item>` or the `<items>` tag): item indices count from 0 there.
   */
  static insideItems(file: string, maxChars: number, cutChars = CUT_MESSAGE_CHARS): ItemCollector {
    const c = new ItemCollector(file, maxChars, cutChars);
    c.priming = true;
    c.parser.write('<items>');
    c.written += 7;
    c.priming = false;
    c.depth = 1;
    c.rootSeen = true;
    c.lastEventPos = c.written;
    return c;
  }

  /** Elements open: 1 between items, 0 before <items> or after </items>. */
  get level(): number {
    return this.depth;
  }

  /** Items started so far. */
  get items(): number {
    return this.itemCount;
  }

  private get inItem(): boolean {
    return this.item !== null;
  }

  /** True when the last character fed closed an item (not a `</item>` inside a comment or CDATA section). */
  get atItemEnd(): boolean {
    return this.itemClosedAt === this.written && this.depth === 1;
  }

  private mark(): void {
    this.lastEventPos = this.parser.position;
  }

  private open(tag: SaxesTagPlain): void {
    if (this.priming) return;
    this.mark();
    this.depth++;
    if (this.depth === 1) {
      if (tag.name === 'items') this.rootSeen = true;
      else if (tag.name === 'issues') throw new InputError(this.file, ISSUES_MESSAGE);
      else throw new InputError(this.file, `not a Burp Suite items export (root element <${tag.name}>, expected <items>)`);
    } else if (this.depth === 2 && tag.name === 'item') {
      const index = this.itemCount++;
      this.item = { index, fields: {}, requestBase64: false, responseBase64: false, skipReason: null, warnings: [], cut: new Set() };
    } else if (this.depth === 3 && this.item) {
      this.field = tag.name;
      this.text = '';
      this.fieldStart = this.parser.position;
      this.raw = '';
      const b64 = tag.attributes.base64 === 'true';
      if (tag.name === 'request') this.item.requestBase64 = b64;
      else if (tag.name === 'response') this.item.responseBase64 = b64;
      if (isMessage(tag.name) && !b64 && !tag.isSelfClosing && this.item.skipReason === null) this.rawSource.begin(this.parser.position);
    }
  }

  private close(): void {
    this.mark();
    this.raw = '';
    this.fieldStart = -1;
    if (this.depth === 3 && this.item && this.field !== null) {
      // Short fields (url, host, path, time...) outlive the item in caches: cut loose from the parser's text.
      if (this.item.skipReason === null) this.item.fields[this.field] = isMessage(this.field) ? this.messageText(this.item) : detach(this.text);
      this.rawSource.stop();
      this.field = null;
      this.text = '';
    } else if (this.depth === 2 && this.item) {
      this.ready.push(toSourceItem(this.item, this.file));
      this.item = null;
      this.itemClosedAt = this.parser.position;
    }
    this.depth--;
  }

  /** A message that just closed: a raw one as written in its source, else (or failing that) the parser's text. */
  private messageText(item: RawItem): string {
    if (!this.rawSource.active) return this.text;
    this.rawSource.add(this.slice, this.sliceAt, this.parser.position);
    const kept = item.cut.has(this.field!) ? this.rawSource.prefix().slice(0, this.cutChars) : this.rawSource.finish();
    return kept ?? this.text;
  }

  private addText(s: string): void {
    this.mark();
    this.raw = ''; // saxes handed this text over: keep only the source of what follows it
    this.fieldStart = this.field !== null && isMessage(this.field) ? this.parser.position : -1;
    if (this.field === null || !this.item || this.item.skipReason !== null || this.item.cut.has(this.field)) return;
    if (isMessage(this.field) && this.text.length + s.length > this.cutChars) {
      this.text += s.slice(0, this.cutChars - this.text.length);
      this.item.cut.add(this.field);
      return;
    }
    if (this.text.length + s.length > this.maxChars) return this.skipItem(this.field);
    this.text += s;
  }

  private skipItem(field: string): void {
    if (!this.item) return;
    this.item.skipReason ??= `<${field}> is larger than ${this.maxChars} characters`;
    this.text = '';
  }

  private onError(e: Error): void {
    const msg = e.message;
    // Burp keeps NUL and other control bytes of raw (non-base64) bodies, which XML forbids;
    // saxes keeps the character and goes on, so the item stays usable.
    if (msg.endsWith('disallowed character.') && this.field !== null && this.item) {
      if (!this.item.warnings.includes(RAW_CONTROL_WARNING)) this.item.warnings.push(RAW_CONTROL_WARNING);
      return;
    }
    if (msg.endsWith('undefined entity.')) {
      // Left unexpanded by design; the item it sits in is not trusted.
      if (this.item && this.item.skipReason === null) this.item.skipReason = 'uses an undefined XML entity (entities are never expanded)';
      return;
    }
    if (!this.rootSeen) throw new InputError(this.file, `not a Burp Suite items export (not XML: ${msg})`);
    if (this.ending) {
      if (this.inItem) throw new InputError(this.file, 'XML ends inside this item (file truncated?)', this.itemCount - 1);
      throw new InputError(this.file, 'XML ends before </items> (file truncated?)');
    }
    const entry = this.inItem ? this.itemCount - 1 : undefined;
    throw new InputError(this.file, `malformed XML${this.inItem ? ' inside this item' : ' between items'}: ${msg}`, entry);
  }

  /**
   * Feeds text slice by slice and yields the items completed so far after each slice, so a caller
   * handing over a whole file at once still never has more than one slice of items queued.
   */
  *feed(s: string): Generator<SourceItem> {
    let rest = s;
    while (rest.length > 0) {
      if (this.resyncUntil !== null) {
        rest = this.skipUntilClose(rest);
        continue;
      }
      const slice = rest.length > WRITE_SLICE ? rest.slice(0, WRITE_SLICE) : rest;
      rest = rest.length > WRITE_SLICE ? rest.slice(WRITE_SLICE) : '';
      const before = this.written;
      this.slice = slice;
      this.sliceAt = before;
      this.parser.write(slice);
      this.written += slice.length;
      this.rawSource.add(slice, before);
      if (this.fieldStart !== -1 && isMessage(this.field) && this.raw.length < this.cutChars) {
        // Keep the source of a message saxes is still buffering, in case it has to be cut.
        const from = Math.max(0, this.fieldStart - before);
        if (from < slice.length) this.raw += slice.slice(from, from + this.cutChars - this.raw.length);
      }
      const limit = isMessage(this.field) ? this.cutChars : this.maxChars;
      if (this.written - this.lastEventPos > limit) this.oversizeToken();
      while (this.ready.length > 0) yield this.ready.shift()!;
    }
  }

  /** saxes itself is buffering one giant text node or CDATA section, which we cannot cap inside it. */
  private oversizeToken(): void {
    if (!this.item || this.field === null) {
      throw new InputError(this.file, `more than ${this.maxChars} characters of text outside any item field`, this.inItem ? this.itemCount - 1 : undefined);
    }
    // Drop the parser and scan for the element's closing tag ourselves; a message keeps its beginning.
    if (isMessage(this.field) && this.item.skipReason === null && this.fieldStart !== -1) {
      const head = this.rawSource.active ? this.rawSource.prefix() : this.text + xmlTextPrefix(this.raw);
      this.item.fields[this.field] = head.slice(0, this.cutChars);
      this.item.cut.add(this.field);
      this.raw = '';
      this.fieldStart = -1;
    } else this.skipItem(this.field);
    this.rawSource.stop();
    this.resyncUntil = `</${this.field}>`;
    this.resyncCarry = '';
  }

  /** Returns the text after the awaited closing tag (fed to a fresh parser primed to be inside the item). */
  private skipUntilClose(s: string): string {
    const target = this.resyncUntil!;
    const hay = this.resyncCarry + s;
    const at = hay.indexOf(target);
    if (at === -1) {
      this.resyncCarry = hay.slice(-(target.length - 1));
      return '';
    }
    this.resyncUntil = null;
    this.resyncCarry = '';
    this.field = null;
    this.newParser();
    this.priming = true;
    this.parser.write('<items><item>');
    this.written += 13;
    this.priming = false;
    this.depth = 2; // back at item level: the real </item> and </items> close the primer's tags
    this.lastEventPos = this.written;
    return hay.slice(at + target.length);
  }

  *finish(tail: string): Generator<SourceItem> {
    yield* this.feed(tail);
    this.ending = true;
    if (this.resyncUntil !== null) {
      throw new InputError(this.file, `XML ends inside an oversize <${this.resyncUntil.slice(2, -1)}> (file truncated?)`, this.itemCount - 1);
    }
    this.parser.close();
    while (this.ready.length > 0) yield this.ready.shift()!;
  }
}

/**
 * Reads a Burp "Save items" export chunk by chunk. Fatal problems (not a Burp items file, a Scanner
 * issues report, malformed or truncated XML) throw InputError; an unusable item is a located skip.
 */
export async function* readBurp(chunks: AsyncIterable<Buffer>, file: string, options: BurpOptions = {}): AsyncIterable<SourceItem> {
  const c = new ItemCollector(file, options.maxElementChars ?? MAX_ELEMENT_CHARS, options.cutMessageChars);
  const decoder = new TextDecoder('utf-8'); // stream mode keeps multi-byte characters split across chunks
  let sawBytes = false;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    sawBytes = true;
    yield* c.feed(decoder.decode(chunk, { stream: true }));
  }
  if (!sawBytes) throw new InputError(file, 'not a Burp Suite items export (the file is empty)');
  yield* c.finish(decoder.decode());
}

// Streams a Burp Suite "Save items" XML export into CallRecords, one <item> in memory at a time.
// Entities are never expanded (saxes does not read the DTD), so XXE and entity bombs cannot act.

import { isUtf8 } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError } from '../errors.js';
import type { CallRecord, NameValue, SourceItem } from '../model/call-record.js';
import { parseJavaDate } from './burp-date.js';
import { cookiesFromHeaders, headerValue, normalizeHttpVersion, withoutPseudoHeaders } from './headers.js';
import { decodeBody, detach, parseHttpRequest, parseHttpResponse } from './http-message.js';
import { trafficTimeProblem } from './time-range.js';
import { malformedHost, splitUrl, type UrlParts } from '../model/url.js';

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

/** Burp's <mimetype> is its own content class; used only when the response has no Content-Type. */
const BURP_MIME_CLASSES: Readonly<Record<string, string>> = {
  JSON: 'application/json',
  HTML: 'text/html',
  XML: 'application/xml',
  script: 'application/javascript',
  CSS: 'text/css',
  text: 'text/plain',
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  GIF: 'image/gif',
  SVG: 'image/svg+xml',
  ICO: 'image/x-icon',
  app: 'application/octet-stream',
};

interface RawItem {
  index: number;
  fields: Record<string, string>;
  requestBase64: boolean;
  responseBase64: boolean;
  skipReason: string | null;
  warnings: string[];
  /** <request>/<response> cut at CUT_MESSAGE_CHARS. */
  cut: Set<string>;
}

interface Converted {
  call: CallRecord;
  warnings: string[];
}

/** Raw (base64="false") payloads: Burp writes bytes as ISO-8859-1 chars; fall back to UTF-8 when that reading is not valid. */
function payloadBytes(text: string, base64: boolean): Buffer {
  if (base64) return Buffer.from(text.trim(), 'base64');
  const latin1 = Buffer.from(text, 'latin1');
  return latin1.length === 0 || isUtf8(latin1) ? latin1 : Buffer.from(text, 'utf8');
}

function itemUrl(f: Record<string, string>, requestTarget: string, requestHeaders: readonly NameValue[]): UrlParts | null {
  const protocol = (f.protocol ?? '').trim().toLowerCase() || 'https';
  const fromUrl = splitUrl(f.url ?? '', '', protocol);
  if (fromUrl && fromUrl.host) return fromUrl;
  const host = (f.host ?? '').trim();
  if (host) {
    const port = (f.port ?? '').trim();
    const target = (f.path ?? '').trim() || requestTarget || '/';
    const fromParts = splitUrl(target, port ? `${host}:${port}` : host, protocol);
    if (fromParts) return fromParts;
  }
  const fromLine = splitUrl(requestTarget, headerValue(requestHeaders, 'host') ?? '', protocol);
  if (fromLine?.host || fromLine?.hostProblem) return fromLine;
  // No host anywhere: a malformed one in <url> says why.
  return fromUrl?.hostProblem ? fromUrl : fromLine;
}

function withMimeHint(headers: NameValue[], burpClass: string): NameValue[] {
  if (headerValue(headers, 'content-type') !== undefined) return headers;
  const hint = BURP_MIME_CLASSES[burpClass.trim()];
  return hint === undefined ? headers : [...headers, { name: 'Content-Type', value: hint }];
}

/** One collected <item> to a CallRecord, or the reason it cannot be one. */
function itemToCall(item: RawItem, file: string): Converted | string {
  const f = item.fields;
  const warnings = [...item.warnings];
  const reqText = f.request ?? '';
  const req = reqText.trim() === '' ? null : parseHttpRequest(payloadBytes(reqText, item.requestBase64));
  if (reqText.trim() !== '' && req === null) warnings.push('request is not an HTTP message; headers and body ignored');
  const allRequestHeaders = req?.headers ?? [];
  const requestHeaders = withoutPseudoHeaders(allRequestHeaders);
  const url = itemUrl(f, req?.target ?? '', allRequestHeaders);
  if (!url) return 'no usable URL (<url>, <host> and the request line are all empty or invalid)';
  if (!url.host) return url.hostProblem ? malformedHost(url.hostProblem) : 'no host (<url>, <host> and the Host header name none)';
  const method = ((f.method ?? '').trim() || req?.method || '').toUpperCase();
  if (!method) return 'no method';

  const respText = f.response ?? '';
  const resp = respText.trim() === '' ? null : parseHttpResponse(payloadBytes(respText, item.responseBase64));
  const statusText = (f.status ?? '').trim();
  let status: number | null = /^\d{1,3}$/.test(statusText) ? Number(statusText) : null;
  if (status === null && resp) status = resp.status;
  if (resp && resp.status === null) warnings.push('response is not an HTTP message; headers ignored');
  const responseHeaders = withoutPseudoHeaders(resp?.headers ?? []);
  const respBody = resp && resp.body.length > 0 ? resp.body : null;

  // A time that does not read falls back to the analysis start, like HAR's: a warning per entry says so.
  const read = parseJavaDate(f.time ?? '');
  const dateProblem = read === null ? 'is not a date Burp writes' : trafficTimeProblem(read);
  const ts = dateProblem === null ? read : null;
  // The value is not quoted: a field that is not a date may hold anything, and a cut value escapes masking.
  if (dateProblem !== null) warnings.push(f.time === undefined || f.time.trim() === '' ? 'time is missing' : `time ${dateProblem}`);
  const call: CallRecord = {
    ts,
    method,
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    path: url.path,
    query: url.query,
    requestHeaders,
    requestCookies: cookiesFromHeaders(requestHeaders),
    requestBody: req && req.body.length > 0 ? decodeBody(requestHeaders, req.body) : null,
    status,
    responseHeaders,
    responseBody: status !== null && respBody ? decodeBody(withMimeHint(responseHeaders, f.mimetype ?? ''), respBody) : null,
    durationMs: null,
    clientIp: null,
    httpVersion: normalizeHttpVersion(req?.httpVersion ?? resp?.httpVersion),
    tags: [],
    source: { file, index: item.index },
  };
  if (item.cut.has('request') && call.requestBody) call.requestBody.truncated = true;
  if (item.cut.has('response') && call.responseBody) call.responseBody.truncated = true;
  return { call, warnings };
}

function isMessage(field: string | null): boolean {
  return field === 'request' || field === 'response';
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The text of an element's content as written in the XML (`raw`, cut anywhere): CDATA sections
 * taken as they are, character data with its entity references decoded, up to the first markup that
 * is neither. A reference or CDATA opener cut short at the end is dropped.
 */
export function xmlTextPrefix(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith('<![CDATA[', i)) {
      const end = raw.indexOf(']]>', i + 9);
      out += raw.slice(i + 9, end === -1 ? raw.length : end);
      if (end === -1) break;
      i = end + 3;
      continue;
    }
    if (raw.charCodeAt(i) === 60) break; // '<': other markup (or a CDATA opener cut short)
    const lt = raw.indexOf('<', i);
    const text = raw.slice(i, lt === -1 ? raw.length : lt);
    out += text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);|&[^;]{0,10}$/gi, (m: string, ref: string | undefined) => {
      if (ref === undefined) return ''; // a reference cut short
      if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
      return XML_ENTITIES[ref.toLowerCase()] ?? m;
    });
    if (lt === -1) break;
    i = lt;
  }
  return out;
}

function toSourceItem(item: RawItem, file: string): SourceItem {
  if (item.skipReason !== null) return { kind: 'skip', index: item.index, reason: item.skipReason };
  const r = itemToCall(item, file);
  if (typeof r === 'string') return { kind: 'skip', index: item.index, reason: r };
  return r.warnings.length > 0 ? { kind: 'call', call: r.call, warnings: r.warnings } : { kind: 'call', call: r.call };
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
  private readonly cutChars: number;

  constructor(
    private readonly file: string,
    private readonly maxChars: number,
    cutChars = CUT_MESSAGE_CHARS,
  ) {
    this.cutChars = Math.min(cutChars, maxChars);
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
    }
  }

  private close(): void {
    this.mark();
    this.raw = '';
    this.fieldStart = -1;
    if (this.depth === 3 && this.item && this.field !== null) {
      // Short fields (url, host, path, time...) outlive the item in caches: cut loose from the parser's text.
      if (this.item.skipReason === null) this.item.fields[this.field] = this.field === 'request' || this.field === 'response' ? this.text : detach(this.text);
      this.field = null;
      this.text = '';
    } else if (this.depth === 2 && this.item) {
      this.ready.push(toSourceItem(this.item, this.file));
      this.item = null;
      this.itemClosedAt = this.parser.position;
    }
    this.depth--;
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
      this.parser.write(slice);
      this.written += slice.length;
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
      this.item.fields[this.field] = (this.text + xmlTextPrefix(this.raw)).slice(0, this.cutChars);
      this.item.cut.add(this.field);
      this.raw = '';
      this.fieldStart = -1;
    } else this.skipItem(this.field);
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

// HAR source: scanner-framed entries -> CallRecords. Reads like a forgiving browser: an entry with a
// method, a usable URL (and the response when present) is analyzed even where exporters break the
// schema; har-validator's findings become counted warnings, or failures under --strict. The same
// goes for the log around the entries (version, creator, browser, pages, comment, entries itself):
// its findings are warnings on the last entry, which the scanner hands over at the end of the log,
// or fail the run under --strict. A malformed version, creator or browser fails it either way.

import { createRequire } from 'node:module';
import type { Body, CallRecord, NameValue, SourceItem } from '../model/call-record.js';
import { InputError, kindOf } from '../errors.js';
import { contentBody, textBody } from './body.js';
import { cookiesFromHeaders, headerValue, httpStatus, normalizeHttpVersion, withoutPseudoHeaders } from './headers.js';
import { MAX_LOG_MEMBER_BYTES, scanHar, type HarLogMembers, type HarScanEvent } from './har-scanner.js';
import { malformedHost, splitUrl } from '../model/url.js';
import { provenValidEntry } from './har-entry-check.js';
import { trafficTimeProblem } from './time-range.js';

const NO_PROBLEMS: readonly string[] = [];

type Validate = (data: unknown, next: (err: { errors?: AjvError[] } | null, valid: boolean) => void) => boolean;
interface AjvError {
  dataPath?: string;
  instancePath?: string;
  message?: string;
}
const require = createRequire(import.meta.url);
const harValidator = require('har-validator/lib/async.js') as Record<'entry' | 'log' | 'creator', Validate>;

/** Runs a har-validator schema synchronously; returns readable problems ('' path = the object itself). */
export function schemaProblems(kind: 'entry' | 'log' | 'creator', data: unknown): string[] {
  let problems: string[] = [];
  harValidator[kind](data, (err) => {
    if (err?.errors) problems = err.errors.map((e) => `${(e.dataPath ?? e.instancePath ?? '').replace(/^\./, '') || kind} ${e.message ?? 'is invalid'}`);
  });
  return problems;
}

export interface HarReadOptions {
  /** Apply the HAR 1.2 schema in full: any violation is a skip (which --strict turns into a failure). */
  strict: boolean;
}

type Obj = Record<string, unknown>;

const NOT_HTTP_SCHEMES = new Set(['data', 'blob', 'about', 'chrome-extension', 'moz-extension', 'file', 'javascript', 'ftp', 'ftps', 'sftp', 'mailto', 'tel']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** Name/value lists; IE11 writes a single cookie as an object instead of an array. */
function pairs(v: unknown): NameValue[] {
  const list = Array.isArray(v) ? v : isObj(v) ? [v] : [];
  const out: NameValue[] = [];
  for (const item of list) {
    if (!isObj(item) || item.name === undefined || item.name === null) continue;
    // The common case (string name and value) is kept as parsed: no copy per header.
    out.push(typeof item.name === 'string' && typeof item.value === 'string' ? (item as unknown as NameValue) : { name: str(item.name), value: str(item.value) });
  }
  return out;
}

/**
 * Lenient ISO 8601: 7 fractional digits (Fiddler), `+0530` without a colon (Akto), no zone (read as UTC).
 * Returns epoch ms, or null when it does not parse or is no traffic time (time-range.ts).
 */
export function parseHarDate(s: unknown): number | null {
  const t = readHarDate(s);
  return t !== null && trafficTimeProblem(t) === null ? t : null;
}

/** Whether `YYYY-MM-DD` at the start of `s` is a day of the calendar (V8 reads `2024-04-31` as May 1). */
function realDay(s: string): boolean {
  const mo = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!(mo >= 1 && mo <= 12 && d >= 1)) return false;
  // Days 1-28 are in every month: the month's length is looked up only past them (once per entry here).
  return d <= 28 || d <= new Date(Date.UTC(Number(s.slice(0, 4)), mo, 0)).getUTCDate();
}

function readHarDate(s: unknown): number | null {
  if (typeof s !== 'string' || s.length < 10) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(s) && !realDay(s)) return null;
  if (s.length === 24 && s.charCodeAt(23) === 90 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 46) {
    // The canonical form (`2024-03-04T00:02:38.943Z`) most exporters write: ECMAScript's own date format.
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return t;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i.exec(s.trim());
  if (!m) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  const frac = m[3] ? `.${m[3].slice(0, 3).padEnd(3, '0')}` : '';
  let zone = m[4] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  else if (/^[+-]\d{2}$/.test(zone)) zone = `${zone}:00`;
  const time = m[2]!.length === 5 ? `${m[2]}:00` : m[2]!;
  const t = Date.parse(`${m[1]}T${time}${frac}${zone.toUpperCase()}`);
  return Number.isNaN(t) ? null : t;
}


/** Whether a label names a media type at all (`type/subtype`): `''`, `x-unknown` and Akto's bare `text` do not. */
function namesMediaType(mime: string): boolean {
  const semi = mime.indexOf(';');
  const slash = mime.indexOf('/');
  return slash > 0 && (semi === -1 || slash < semi);
}

/**
 * The type a HAR body is labelled with: its own `mimeType`, or the message's Content-Type header
 * when the mimeType names no media type (`""` from Firefox and Fiddler, Chrome's `x-unknown`, Akto's
 * `text`) and the header does: a form sent with an empty mimeType is still read as a form.
 */
function bodyLabel(mimeType: string, headers: readonly NameValue[]): string {
  if (namesMediaType(mimeType)) return mimeType;
  const declared = headerValue(headers, 'content-type');
  return declared !== undefined && namesMediaType(declared) ? declared : mimeType;
}

/** Boundary of the multipart bodies rebuilt from `postData.params`; fixed, so a HAR always reads the same. */
const HAR_FORM_BOUNDARY = '--------------------------akto-rt-har-form';

/** A part's name or file name inside its quoted Content-Disposition parameter, escaped as browsers do. */
function quoteDisposition(s: string): string {
  return s.replace(/["\r\n]/g, (c) => (c === '"' ? '%22' : c === '\r' ? '%0D' : '%0A'));
}

/**
 * A body given only as `postData.params` (form fields or multipart parts, FORMATS.md 1.4), rebuilt as
 * the body that was sent: multipart parts (a file part with its file name, type and contents, which
 * the parameter analyzer takes by name only) under the mimeType's multipart type, else a url-encoded
 * form (a file's contents are no form value). Labelled `multipart/form-data; boundary=...` or the
 * mimeType (url-encoded when there is none), so the recorded media type is the one sent.
 */
function paramsBody(mime: string, params: readonly unknown[]): Body {
  const multipart = /^\s*multipart\/[^;\s]+/i.exec(mime)?.[0];
  if (multipart !== undefined) {
    let text = '';
    for (const p of params) {
      if (!isObj(p) || p.name === undefined || p.name === null) continue;
      const file = typeof p.fileName === 'string' && p.fileName !== '' ? `; filename="${quoteDisposition(p.fileName)}"` : '';
      const type = typeof p.contentType === 'string' && p.contentType.trim() !== '' ? `Content-Type: ${p.contentType.replace(/[\r\n]+/g, ' ').trim()}\r\n` : '';
      text += `--${HAR_FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${quoteDisposition(str(p.name))}"${file}\r\n${type}\r\n${str(p.value)}\r\n`;
    }
    return textBody(`${multipart.trim()}; boundary=${HAR_FORM_BOUNDARY}`, `${text}--${HAR_FORM_BOUNDARY}--\r\n`);
  }
  const files = new Set(params.filter((p) => isObj(p) && typeof p.fileName === 'string' && p.fileName !== '').map((p) => (p as Obj).name));
  const form = pairs(params)
    .map((p) => `${encodeURIComponent(p.name)}=${files.has(p.name) ? '' : encodeURIComponent(p.value)}`)
    .join('&');
  return textBody(mime || 'application/x-www-form-urlencoded', form);
}

/** Normalizes one parsed HAR entry; returns a skip reason (string) when it cannot be analyzed. */
export function harEntryToCall(
  entry: unknown,
  file: string,
  index: number,
  warnings?: string[],
): CallRecord | string | { filtered: string } {
  if (!isObj(entry)) return 'entry is not an object';
  const req = entry.request;
  if (!isObj(req)) return 'entry has no request object';
  const url = str(req.url);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && NOT_HTTP_SCHEMES.has(scheme)) return { filtered: `${scheme}: URL` };
  if (req.method !== undefined && req.method !== null && typeof req.method !== 'string') return 'request.method is not a string';
  const method = str(req.method).trim().toUpperCase();
  if (!method) return 'request.method is missing or empty';
  const reqHeadersAll = pairs(req.headers);
  // HTTP/2 pseudo-headers carry the authority when the URL lacks it; they are not headers.
  const requestHeaders = withoutPseudoHeaders(reqHeadersAll);
  const authority = requestHeaders === reqHeadersAll ? '' : (headerValue(reqHeadersAll, ':authority') ?? '');
  const hostHeader = authority || requestHeaders.find((h) => h.name.length === 4 && h.name.toLowerCase() === 'host')?.value || '';
  const parts = splitUrl(url, hostHeader);
  // Reasons never quote the URL: it may carry tokens or personal data in its path or query.
  if (!parts) return url ? 'request.url is not an absolute http(s) URL' : 'request.url is missing or empty';
  if (!parts.host) return parts.hostProblem ? malformedHost(parts.hostProblem) : 'request.url has no host';
  let query = parts.query;
  if (query.length === 0 && Array.isArray(req.queryString) && req.queryString.length > 0 && !url.includes('?')) {
    query = pairs(req.queryString);
  }
  const cookies = pairs(req.cookies);
  const requestCookies = cookies.length > 0 ? cookies : cookiesFromHeaders(requestHeaders);

  let requestBody = null;
  const pd = req.postData;
  if (isObj(pd)) {
    const mime = bodyLabel(str(pd.mimeType), requestHeaders);
    if (pd.text !== undefined && pd.text !== null && typeof pd.text !== 'string') return 'request.postData.text is not a string';
    if (typeof pd.text === 'string' && pd.text !== '') {
      requestBody = contentBody(mime, pd.text, str(pd.encoding) || null);
    } else if (Array.isArray(pd.params) && pd.params.length > 0) {
      requestBody = paramsBody(mime, pd.params);
    }
  }

  const res = entry.response;
  let status: number | null = null;
  let responseHeaders: NameValue[] = [];
  let responseBody = null;
  if (isObj(res)) {
    const s = typeof res.status === 'number' ? res.status : Number.parseInt(str(res.status), 10);
    // Status 0 is how browsers and proxies record a request that got no response (blocked, aborted,
    // timed out: `_error`); a missing status says the same. Either is no status, as Burp's empty
    // <status> and Akto's `is_pending` are, so one exchange gives one inventory whatever captured it.
    status = Number.isFinite(s) ? httpStatus(s) : 0;
    if (status === null) warnings?.push(`response.status ${kindOf(res.status)} is not an HTTP status; treated as no response`);
    if (status === 0) status = null;
    responseHeaders = withoutPseudoHeaders(pairs(res.headers));
    const content = res.content;
    if (isObj(content)) {
      const size = typeof content.size === 'number' ? content.size : -1;
      if (content.text !== undefined && content.text !== null && typeof content.text !== 'string') return 'response.content.text is not a string';
      responseBody = contentBody(bodyLabel(str(content.mimeType), responseHeaders), content.text, str(content.encoding) || null, size);
    }
  } else if (res !== undefined && res !== null) {
    warnings?.push('response is not an object; treated as no response');
  }

  const read = readHarDate(entry.startedDateTime);
  const dateProblem = read === null ? 'is not a date' : trafficTimeProblem(read);
  const ts = dateProblem === null ? read : null;
  if (dateProblem !== null) warnings?.push(`startedDateTime '${str(entry.startedDateTime).slice(0, 40)}' ${dateProblem}`);
  const time = typeof entry.time === 'number' && entry.time >= 0 ? entry.time : null;

  const call: CallRecord = {
    ts,
    method,
    scheme: parts.scheme,
    host: parts.host,
    port: parts.port,
    path: parts.path,
    query,
    requestHeaders,
    requestCookies,
    requestBody,
    status,
    responseHeaders,
    responseBody,
    durationMs: time,
    clientIp: null,
    httpVersion: normalizeHttpVersion(req.httpVersion),
    tags: [],
    source: { file, index },
  };
  // Chrome's and mitmproxy's WebSocket frames: counted, so the run says they were not read.
  const frames = entry._webSocketMessages;
  if (Array.isArray(frames) && frames.length > 0) call.webSocketMessages = frames.length;
  return call;
}

/** Parses, validates and normalizes one framed entry. */
export function decodeHarEntry(text: string, file: string, index: number, opts: HarReadOptions): SourceItem {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the offending text, which may be a secret: keep only the position.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    return { kind: 'skip', index, reason: at === undefined ? 'not valid JSON' : `not valid JSON (at character ${at})` };
  }
  return decodeHarValue(entry, file, index, opts);
}

/** Validates and normalizes one parsed entry. */
export function decodeHarValue(entry: unknown, file: string, index: number, opts: HarReadOptions): SourceItem {
  // The schema validator runs only where the fast proof (har-entry-check.ts) cannot vouch for the entry.
  const problems = provenValidEntry(entry) ? NO_PROBLEMS : schemaProblems('entry', entry);
  if (opts.strict && problems.length > 0) return { kind: 'skip', index, reason: `HAR schema: ${problems.slice(0, 3).join('; ')}` };
  const warnings = problems.map((p) => `HAR schema: ${p}`);
  const call = harEntryToCall(entry, file, index, warnings);
  if (typeof call === 'string') return { kind: 'skip', index, reason: call };
  if ('filtered' in call) return { kind: 'filtered', index, reason: call.filtered };
  return warnings.length > 0 ? { kind: 'call', call, warnings } : { kind: 'call', call };
}

/** Members whose malformation fails the run with or without --strict: the file is not a trustworthy HAR. */
const HEADER_MEMBERS = new Set(['version', 'creator', 'browser']);

/**
 * har-validator's findings on the log's members as `text` holds them (by name; null = over the
 * scanner's cap, not kept), worded as for entries with `log.` in front: `log.pages[0] should have
 * required property 'title'`. The entries are checked one by one elsewhere; here only whether the
 * log has them. A problem repeated on many pages is said once, with how many pages have it.
 */
export function logProblems(members: HarLogMembers): string[] {
  const problems: string[] = [];
  const log: Record<string, unknown> = {};
  for (const [key, text] of members) {
    if (key === 'entries') {
      log.entries = [];
      continue;
    }
    if (text === null) {
      problems.push(`log.${key} is larger than ${MAX_LOG_MEMBER_BYTES / 1024 / 1024} MB and was not checked`);
      continue;
    }
    try {
      log[key] = JSON.parse(text);
    } catch {
      problems.push(`log.${key} is not valid JSON`);
    }
  }
  const byShape = new Map<string, { first: string; pages: Set<string> }>();
  for (const p of schemaProblems('log', log)) {
    const text = p.startsWith('log ') ? p : `log.${p}`;
    const page = /^log\.pages\[(\d+)\]/.exec(text)?.[1];
    const shape = page === undefined ? text : text.replace(/^log\.pages\[\d+\]/, 'log.pages[]');
    const seen = byShape.get(shape);
    if (seen) seen.pages.add(page!);
    else byShape.set(shape, { first: text, pages: new Set(page === undefined ? [] : [page]) });
  }
  for (const { first, pages } of byShape.values()) problems.push(pages.size > 1 ? `${first} (and ${pages.size - 1} more pages)` : first);
  return problems;
}

/** logProblems as warnings, worded like entries' schema warnings. */
export function logWarnings(log: HarLogMembers): string[] {
  return logProblems(log).map((p) => `HAR schema: ${p}`);
}

/** Fails the run with one line naming the file and the log's first deviations. */
function failLog(file: string, problems: string[]): never {
  throw new InputError(file, `HAR schema: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
}

/**
 * Checks one member of the log as the scanner reports it: a malformed version, creator or browser
 * means the file is not a trustworthy HAR, and fails the run with or without --strict. Everything
 * else about the log (pages, comment, what it lacks) is checked at its end (checkLogEnd), after the
 * entries, so an invalid entry fails --strict first whatever the member order; the end marker
 * (key LOG_END) is passed by here.
 */
export function checkLogMember(key: string, text: string, file: string): void {
  if (!HEADER_MEMBERS.has(key)) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(file, `log.${key} is not valid JSON`);
  }
  if (key === 'version' && typeof value !== 'string') {
    throw new InputError(file, `log.version must be a string such as "1.2", found ${kindOf(value)}`);
  }
  if (key === 'creator' || key === 'browser') {
    // HAR's browser has the creator's schema: har-validator words its findings as the creator's.
    const problems = schemaProblems('creator', value).map((p) => p.replace(/^creator\b/, key));
    if (problems.length > 0) throw new InputError(file, `log.${key} is invalid: ${problems.join('; ')}`);
  }
}

/** At the end of the log, under --strict: fails when the log deviates from its schema (a member missing, ...). */
export function checkLogEnd(log: HarLogMembers, file: string, strict: boolean): void {
  if (!strict) return;
  const problems = logProblems(log);
  if (problems.length > 0) failLog(file, problems);
}

/**
 * The log's warnings on the last entry (without --strict; under it the end of the log fails instead),
 * whatever that entry became: a skipped or filtered last entry carries them too.
 */
function withLogWarnings(item: SourceItem, log: HarLogMembers | undefined, opts: HarReadOptions): SourceItem {
  if (log === undefined || opts.strict) return item;
  const extra = logWarnings(log);
  if (extra.length === 0) return item;
  return { ...item, warnings: [...(item.warnings ?? []), ...extra] };
}

/** What one scanner event becomes: its entry's item, or null (a log member or the log's end, checked here). */
export function harEventItem(ev: HarScanEvent, file: string, opts: HarReadOptions): SourceItem | null {
  switch (ev.kind) {
    case 'entry-value':
      return withLogWarnings(decodeHarValue(ev.value, file, ev.index, opts), ev.log, opts);
    case 'entry':
      return withLogWarnings(decodeHarEntry(ev.text, file, ev.index, opts), ev.log, opts);
    case 'entry-invalid':
      return withLogWarnings({ kind: 'skip', index: ev.index, reason: ev.reason }, ev.log, opts);
    case 'log-member':
      if (ev.log) checkLogEnd(ev.log, file, opts.strict);
      else checkLogMember(ev.key, ev.text, file);
      return null;
    case 'entry-bytes':
      return null; // bytes mode only (har-chunks.ts), decoded where the job is analyzed
  }
}

/** Streams a HAR file's entries as SourceItems. */
export async function* readHar(chunks: AsyncIterable<Buffer>, file: string, opts: HarReadOptions): AsyncGenerator<SourceItem> {
  for await (const ev of scanHar(chunks, file)) {
    const item = harEventItem(ev, file, opts);
    if (item) yield item;
  }
}

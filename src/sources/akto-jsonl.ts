// Reads Akto mirrored-traffic messages (one JSON object per line, as Akto's traffic connectors put
// them on the `akto.api.logs` Kafka topic) into CallRecords; a bad line is a located skip.
//
// Field names checked against Akto's public code: HttpCallParser.parseKafkaMessage reads `method`,
// `path` (may be an absolute URL), `type`, `requestHeaders`/`responseHeaders` (JSON objects encoded
// as strings, names lower-cased by Akto), `requestPayload`/`responsePayload` (strings; some
// connectors send a JSON body parsed, as an object or array, which is read as that JSON), `statusCode`
// (Integer.parseInt of toString, so number or numeric string), `status`, `time`
// (Integer.parseInt: epoch seconds), `akto_account_id`, `akto_vxlan_id`, `is_pending`, `source`.
// Connectors also send `ip`, `destIp` (the host when no Host header or URL names one), `direction`,
// `tag`, `metadata`; several newer ones (guardrail and MCP hooks) send `time` in epoch MILLISECONDS,
// so large values are read as ms (see toEpochMs).

import { isIP } from 'node:net';
import { InputError, kindOf } from '../errors.js';
import type { CallRecord, NameValue, SourceItem } from '../model/call-record.js';
import { contentBody } from './body.js';
import { cookiesFromHeaders, headerValue, httpStatus, normalizeHttpVersion, withoutPseudoHeaders } from './headers.js';
import { readLines, type LineItem } from './line-reader.js';
import { trafficTimeProblem } from './time-range.js';
import { malformedHost, splitUrl, type UrlParts } from '../model/url.js';

/** Longest line read; a longer one is skipped whole (bounded memory). */
export const MAX_AKTO_LINE_BYTES = 64 * 1024 * 1024;

/** Epoch seconds below this are seconds; at or above it the producer sent milliseconds (year 5138+ as seconds). */
const MS_THRESHOLD = 1e11;

/** A path that is an absolute URL (`https://api.x.com/a`): its own host, not the Host header's. */
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

const ABSENT_IP = new Set(['', 'null', 'undefined', 'none']);

interface Converted {
  call: CallRecord;
  warnings: string[];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Headers as a JSON-encoded string (Akto's wire form) or a real object; array values fan out. */
function headersFrom(v: unknown, what: string, warnings: string[]): NameValue[] {
  if (v === undefined || v === null || v === '') return [];
  let obj: unknown = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch {
      warnings.push(`${what} is not valid JSON; headers ignored`);
      return [];
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    warnings.push(`${what} is not a JSON object; headers ignored`);
    return [];
  }
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(obj as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      for (const x of value) {
        const s = str(x);
        if (s !== undefined) out.push({ name, value: s });
      }
      continue;
    }
    const s = str(value) ?? (value !== null && typeof value === 'object' ? JSON.stringify(value) : undefined);
    if (s !== undefined) out.push({ name, value: s });
  }
  return out;
}

function toInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
  return null;
}

/**
 * Epoch milliseconds from a Unix time in seconds (Akto's own), milliseconds, microseconds or
 * nanoseconds, told apart by size; else why it is no call time (a warning's end: 'is before 1970').
 */
function toEpochMs(v: unknown): number | string {
  const n = toInt(v);
  if (n === null || n === 0) return 'is not a Unix timestamp';
  if (n < 0) return 'is before 1970';
  const ms = n >= 1e17 ? Math.trunc(n / 1e6) : n >= 1e14 ? Math.trunc(n / 1e3) : n >= MS_THRESHOLD ? n : n * 1000;
  // Past 9999-12-01 in every unit the size allows: a number that is no time at all.
  return trafficTimeProblem(ms) === null ? ms : 'is not a Unix timestamp';
}

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/**
 * A payload as a body: a string is the body as sent; a JSON object or array (connectors that parse
 * the body before sending it on) is that JSON, read as JSON whatever the Content-Type says. Anything
 * else is no body, with a warning: a number or a boolean is not what Akto's parser reads.
 */
function body(mimeType: string, payload: unknown, what: string, warnings: string[]) {
  if (payload === undefined || payload === null || payload === '') return null;
  let text: string;
  let mime = mimeType;
  if (typeof payload === 'string') text = payload;
  else if (typeof payload === 'object') {
    text = JSON.stringify(payload);
    if (!/json/i.test(mime)) mime = 'application/json';
  } else {
    // Only the kind: the value may be anything (a card number sent as a number).
    warnings.push(`${what} is a ${typeof payload}, not a string or a JSON object or array; body ignored`);
    return null;
  }
  const b = contentBody(mime, text);
  if (b) b.size = Buffer.byteLength(text, 'utf8');
  return b;
}

function urlParts(path: string, host: string): UrlParts | null {
  const direct = splitUrl(path, host, 'https');
  if (direct) return direct;
  const p = path.trim();
  if (p === '' || p.includes('://')) return null;
  // Relative paths without a leading slash ('api/users') and a bare '/' with no host at all.
  return splitUrl(p.startsWith('/') ? p : `/${p}`, host, 'https') ?? { scheme: 'https', host: '', port: null, path: '/', query: [] };
}

/**
 * `destIp` as a URL authority ('10.0.0.5', '10.0.0.5:8080', '[2001:db8::1]'), or '' when it is absent
 * or not an address: where the request went when neither a Host header nor the path names a host.
 */
function destAuthority(v: unknown): string {
  const raw = str(v)?.trim() ?? '';
  if (ABSENT_IP.has(raw.toLowerCase())) return '';
  if (isIP(raw) === 4) return raw;
  if (isIP(raw) === 6) return `[${raw}]`;
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(raw);
  if (v4 && isIP(v4[1]!) === 4) return raw;
  const v6 = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(raw);
  if (v6 && isIP(v6[1]!) === 6) return raw;
  return '';
}

/** Why a message names no host: what was missing, so the user knows which field to fix. */
function noHostReason(headerWarning: string | undefined): string {
  const headers = headerWarning ? headerWarning.replace(/; headers ignored$/, '') : 'no Host header';
  return `no host: ${headers}, the path is not an absolute URL and there is no destIp`;
}

function convert(obj: unknown, file: string, index: number): Converted | string {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'not a JSON object';
  const m = obj as Record<string, unknown>;
  const method = str(m.method)?.trim();
  if (!method) return 'missing method';
  const path = str(m.path)?.trim();
  if (!path) return 'missing path';
  const warnings: string[] = [];
  const allRequestHeaders = headersFrom(m.requestHeaders, 'requestHeaders', warnings);
  const requestHeaders = withoutPseudoHeaders(allRequestHeaders);
  const responseHeaders = withoutPseudoHeaders(headersFrom(m.responseHeaders, 'responseHeaders', warnings));
  const host = (headerValue(requestHeaders, 'host') ?? headerValue(allRequestHeaders, ':authority') ?? '').trim();
  // An absolute URL in the path wins; then the Host header; then the address the request was sent to.
  const url = urlParts(path, host || destAuthority(m.destIp));
  if (!url) return 'path is neither a URL with a host nor a path';
  if (!url.host && url.hostProblem && ABSOLUTE_URL.test(path)) return malformedHost(url.hostProblem);
  if (!url.host && host) return 'the Host header is not a host name';
  if (!url.host) return noHostReason(warnings.find((w) => w.startsWith('requestHeaders')));
  const code = typeof m.statusCode === 'number' ? m.statusCode : typeof m.statusCode === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(m.statusCode) ? Number(m.statusCode) : null;
  let status = code === null ? null : httpStatus(code);
  if (status === null && m.statusCode !== undefined && m.statusCode !== null && m.statusCode !== '') {
    // A short word is quoted (`"OK"`); anything longer may be any text of the message, so only its kind.
    const shown = typeof m.statusCode === 'string' && /^[\w .-]{1,12}$/.test(m.statusCode) ? JSON.stringify(m.statusCode) : kindOf(m.statusCode);
    warnings.push(`statusCode ${shown} is not ${code === null ? 'a number' : 'an HTTP status'}`);
  }
  // Status 0 is no response (as in HAR), and a pending message a request whose response had not been captured yet.
  if (status === 0 || (isTrue(m.is_pending) && status === null)) status = null;
  const ip = str(m.ip)?.trim() ?? '';
  const time = toEpochMs(m.time);
  const ts = typeof time === 'number' ? time : null;
  // The value is not quoted: a field that is not a timestamp may hold anything, and a cut value escapes masking.
  if (typeof time === 'string') warnings.push(m.time === undefined || m.time === null || m.time === '' ? 'time is missing' : `time ${time}`);
  const call: CallRecord = {
    ts,
    method: method.toUpperCase(),
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    path: url.path,
    query: url.query,
    requestHeaders,
    requestCookies: cookiesFromHeaders(requestHeaders),
    requestBody: body(headerValue(requestHeaders, 'content-type') ?? '', m.requestPayload, 'requestPayload', warnings),
    status,
    responseHeaders,
    responseBody: status === null ? null : body(headerValue(responseHeaders, 'content-type') ?? '', m.responsePayload, 'responsePayload', warnings),
    durationMs: null,
    clientIp: ABSENT_IP.has(ip.toLowerCase()) ? null : ip,
    httpVersion: normalizeHttpVersion(m.type),
    tags: [],
    source: { file, index },
  };
  return { call, warnings };
}

/** One Akto message to a CallRecord, or a string saying why it was skipped. */
export function aktoMessageToCall(obj: unknown, file: string, index: number): CallRecord | string {
  const r = convert(obj, file, index);
  return typeof r === 'string' ? r : r.call;
}

/** A first line like these means a whole JSON document, not one message per line. */
function notJsonLines(firstLine: string): string | null {
  const t = firstLine.trim();
  if (t.startsWith('[')) return 'starts with a JSON array; expected one JSON object per line (Akto mirrored-traffic messages)';
  if (t === '{') return 'is pretty-printed JSON (a HAR or Postman file?); expected one JSON object per line';
  if (t.startsWith('<')) return 'is XML (a Burp export?); expected one JSON object per line';
  return null;
}

/** A line that is not blank: the first one decides whether the file is JSON lines at all. */
export function isContent(item: LineItem): boolean {
  return 'tooLong' in item || item.line.trim() !== '';
}

/** Why a file whose first content line is `item` is not an Akto JSON-lines file; null when it may be. */
export function firstLineProblem(item: LineItem): string | null {
  return 'tooLong' in item ? null : notJsonLines(item.line);
}

/** The error for a file whose first content line (0-based `index`) is not a message. */
export function notJsonLinesReason(index: number, why: string): string {
  return `not an Akto JSON-lines file: line ${index + 1} ${why}`;
}

/** What one line becomes: a call or a located skip; null for a blank line. */
export function aktoLineItem(item: LineItem, file: string, maxLineBytes: number): SourceItem | null {
  if ('tooLong' in item) return { kind: 'skip', index: item.index, reason: `line longer than ${maxLineBytes} bytes` };
  const line = item.line;
  if (line.trim() === '') return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    // V8's message quotes the input, which may hold secrets: keep only the position.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    return { kind: 'skip', index: item.index, reason: at === undefined ? 'not valid JSON' : `not valid JSON (at column ${Number(at) + 1})` };
  }
  const r = convert(obj, file, item.index);
  if (typeof r === 'string') return { kind: 'skip', index: item.index, reason: r };
  return r.warnings.length > 0 ? { kind: 'call', call: r.call, warnings: r.warnings } : { kind: 'call', call: r.call };
}

/**
 * Streams an Akto JSON-lines file. Blank lines are ignored; each skip and each call carries the
 * 0-based line number as its index, so messages point at the line to look at.
 */
export async function* readAktoJsonl(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_AKTO_LINE_BYTES,
): AsyncIterable<SourceItem> {
  let seenContent = false;
  for await (const item of readLines(chunks, maxLineBytes)) {
    if (!seenContent && isContent(item)) {
      seenContent = true;
      const why = firstLineProblem(item);
      if (why) throw new InputError(file, notJsonLinesReason(item.index, why));
    }
    const out = aktoLineItem(item, file, maxLineBytes);
    if (out) yield out;
  }
}

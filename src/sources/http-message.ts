// Parses raw HTTP/1.x-style messages (as Burp stores them) into head fields and body bytes, and
// turns wire bodies into CallRecord Bodies: de-chunked, decompressed under a hard cap, charset-decoded.

import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';
import { BODY_CAP_CHARS, type Body, type NameValue } from '../model/call-record.js';
import { binaryBody, bytesBody } from './body.js';
import { headerValue } from './headers.js';

export interface ParsedRequest {
  method: string;
  /** Request-target as written: origin-form '/a?b', absolute-form 'http://h/a', '*' or authority. */
  target: string;
  /** As written on the request line ('HTTP/1.1', 'HTTP/2'); '' when the line had none. */
  httpVersion: string;
  headers: NameValue[];
  body: Buffer;
}

export interface ParsedResponse {
  /** Status code from the status line; null when the line is not an HTTP status line. */
  status: number | null;
  httpVersion: string;
  headers: NameValue[];
  body: Buffer;
}

export interface DecodeLimits {
  /** Hard cap on decoded (decompressed) bytes kept; anything beyond is dropped and flagged truncated. */
  maxDecodedBytes: number;
}

/** 4 bytes per capped char is the most UTF-8 can need, so text up to the body cap always fits. */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDecodedBytes: BODY_CAP_CHARS * 4 };

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

/** Splits at the first blank line; CRLF or (after XML line-end normalisation) bare LF. */
function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const crlf = raw.indexOf(CRLFCRLF);
  const lf = raw.indexOf(LFLF);
  let headEnd: number;
  let bodyStart: number;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) {
    headEnd = crlf;
    bodyStart = crlf + 4;
  } else if (lf !== -1) {
    headEnd = lf;
    bodyStart = lf + 2;
  } else {
    headEnd = raw.length;
    bodyStart = raw.length;
  }
  const headBytes = raw.subarray(0, headEnd);
  // Header bytes are nominally Latin-1, but UTF-8 is what modern servers actually send.
  const head = isUtf8(headBytes) ? headBytes.toString('utf8') : headBytes.toString('latin1');
  return { head, body: raw.subarray(bodyStart) };
}

/**
 * A copy of `s` that does not keep its source alive. V8 represents substrings of 13+ characters as
 * views into the string they were cut from, so a header value cut from a message's head would pin the
 * whole head in every cache that remembers the value (sensitive-data memo, templates, JWTs): on a
 * large Burp export that was tens of MB of retained message text. Concatenating then slicing makes V8
 * flatten into a fresh string first.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function parseHeaderLines(lines: string[]): NameValue[] {
  const headers: NameValue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const c0 = line.charCodeAt(0);
    if ((c0 === 32 || c0 === 9) && headers.length > 0) {
      // obs-fold: a continuation of the previous header's value
      const prev = headers[headers.length - 1]!;
      headers[headers.length - 1] = { name: prev.name, value: detach(`${prev.value} ${line.trim()}`) };
      continue;
    }
    const colon = line.indexOf(':', c0 === 58 ? 1 : 0); // HTTP/2 pseudo-headers start with ':'
    if (colon <= 0) continue;
    headers.push({ name: detach(line.slice(0, colon).trim()), value: detach(line.slice(colon + 1).trim()) });
  }
  return headers;
}

function headLines(head: string): string[] {
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** Request line 'METHOD target HTTP/x'. Returns null when the first line does not look like one. */
export function parseHttpRequest(raw: Buffer): ParsedRequest | null {
  const { head, body } = splitHead(raw);
  const lines = headLines(head);
  const parts = lines[0]!.trim().split(/\s+/);
  const method = parts[0] ?? '';
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(method) || parts.length < 2) return null;
  const last = parts[parts.length - 1]!;
  const hasVersion = parts.length >= 3 && /^HTTP\/\d/i.test(last);
  // Without a version only the bare 'GET /path' form counts; prose must not pass as a request.
  if (!hasVersion && !(parts.length === 2 && last.startsWith('/'))) return null;
  const target = hasVersion ? parts.slice(1, -1).join(' ') : parts.slice(1).join(' ');
  return { method: detach(method), target: detach(target), httpVersion: hasVersion ? last : '', headers: parseHeaderLines(lines), body };
}

/** Status line 'HTTP/x NNN reason' (reason optional, as in HTTP/2 renderings). */
export function parseHttpResponse(raw: Buffer): ParsedResponse {
  const { head, body } = splitHead(raw);
  const lines = headLines(head);
  const m = /^\s*(HTTP\/[\d.]+)\s+(\d{3})\b/i.exec(lines[0]!);
  if (!m) return { status: null, httpVersion: '', headers: [], body: raw };
  return { status: Number(m[2]), httpVersion: m[1]!, headers: parseHeaderLines(lines), body };
}

/**
 * Undoes Transfer-Encoding: chunked. Returns null when the bytes are not valid chunked framing,
 * so the caller can keep them as-is. A capture cut mid-chunk keeps what was there.
 */
export function dechunk(body: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < body.length) {
    const nl = body.indexOf(10, pos);
    if (nl === -1) return parts.length > 0 ? Buffer.concat(parts) : null;
    let line = body.toString('latin1', pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const semi = line.indexOf(';');
    const hex = (semi === -1 ? line : line.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) return null;
    const size = parseInt(hex, 16);
    if (size === 0) break; // trailers after the last chunk carry no body bytes
    const start = nl + 1;
    const end = Math.min(start + size, body.length);
    parts.push(body.subarray(start, end));
    pos = end;
    if (body[pos] === 13) pos++;
    if (body[pos] === 10) pos++;
  }
  return Buffer.concat(parts);
}

type Inflate = (buf: Buffer, opts: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

const ZLIB_FLUSH = zlib.constants.Z_SYNC_FLUSH; // tolerate captures cut before the stream's end
const DECODERS: Record<string, Inflate[]> = {
  gzip: [(b, o) => zlib.gunzipSync(b, { ...o, finishFlush: ZLIB_FLUSH })],
  'x-gzip': [(b, o) => zlib.gunzipSync(b, { ...o, finishFlush: ZLIB_FLUSH })],
  // 'deflate' is meant to be zlib-wrapped, but some servers send raw deflate.
  deflate: [
    (b, o) => zlib.inflateSync(b, { ...o, finishFlush: ZLIB_FLUSH }),
    (b, o) => zlib.inflateRawSync(b, { ...o, finishFlush: ZLIB_FLUSH }),
  ],
  br: [(b, o) => zlib.brotliDecompressSync(b, { ...o, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })],
};

interface Inflated {
  bytes: Buffer;
  /** True when output was cut at the cap (the full size is then unknown). */
  capped: boolean;
}

function isTooLarge(e: unknown): boolean {
  return (e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * Decompresses under a hard output cap. When the output would pass the cap, a shrinking prefix of
 * the input is inflated instead so the kept text is the start of the real body (bomb-safe: each
 * attempt stops at the cap). Returns null for corrupt input.
 */
function inflateCapped(input: Buffer, fns: Inflate[], cap: number): Inflated | null {
  for (const fn of fns) {
    try {
      return { bytes: fn(input, { maxOutputLength: cap }), capped: false };
    } catch (e) {
      if (!isTooLarge(e)) continue;
      for (let n = input.length >> 1; n >= 16; n >>= 1) {
        try {
          return { bytes: fn(input.subarray(0, n), { maxOutputLength: cap }), capped: true };
        } catch (e2) {
          if (!isTooLarge(e2)) return { bytes: Buffer.alloc(0), capped: true };
        }
      }
      return { bytes: Buffer.alloc(0), capped: true };
    }
  }
  return null;
}

/** Content-Encoding tokens in the order they must be undone (last applied first). */
function encodingsToUndo(headers: readonly NameValue[]): string[] {
  const out: string[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'content-encoding') continue;
    for (const t of h.value.split(',')) {
      const tok = t.trim().toLowerCase();
      if (tok && tok !== 'identity') out.push(tok);
    }
  }
  return out.reverse();
}

/**
 * Turns wire body bytes into a Body. Never throws: framing it cannot undo is kept as sent, and a
 * body in an unknown or corrupt encoding becomes a binary body.
 */
export function decodeBody(headers: readonly NameValue[], body: Buffer, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Body {
  const mimeType = headerValue(headers, 'content-type') ?? '';
  let bytes = body;
  const te = headerValue(headers, 'transfer-encoding');
  if (te !== undefined && te.toLowerCase().includes('chunked')) bytes = dechunk(bytes) ?? bytes;
  let capped = false;
  for (const enc of bytes.length === 0 ? [] : encodingsToUndo(headers)) {
    const fns = DECODERS[enc];
    if (!fns) return binaryBody(mimeType, bytes.length);
    const out = inflateCapped(bytes, fns, limits.maxDecodedBytes);
    if (!out) return binaryBody(mimeType, bytes.length);
    bytes = out.bytes;
    capped ||= out.capped;
  }
  // Uncompressed bodies are cut by bytesBody itself, which still knows their full size.
  const b = bytesBody(mimeType, bytes);
  if (!capped) return b;
  return { ...b, size: -1, truncated: !b.binary };
}

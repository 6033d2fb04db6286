// The one normalized shape every input adapter (HAR, Postman, Burp, Akto JSONL) yields.
// Analyzers only ever see this; no format-specific field travels past sources/.

import type { AuthScheme } from './facts.js';

export type InputFormat = 'har' | 'postman' | 'burp' | 'akto';

/** A header, query parameter, cookie or form field. Header and cookie names keep their case; compare case-insensitively. */
export interface NameValue {
  name: string;
  value: string;
}

export interface Body {
  /** The Content-Type as sent (may carry `; charset=...`), '' when unknown. */
  mimeType: string;
  /** Decoded text (base64 undone, de-chunked, decompressed, charset-decoded), cut at the body cap. '' when binary or empty. */
  text: string;
  /** Size in bytes of the whole decoded body before any cut, -1 when unknown. */
  size: number;
  /** True when `text` was cut at the body cap (the rest was not analyzed). */
  truncated: boolean;
  /** True when the body is not text (image, protobuf, undecodable bytes); `text` is then ''. */
  binary: boolean;
}

/**
 * A credential the source itself says the call carries (a Postman `apikey` auth block names the
 * header or query parameter it fills): auth analyzers trust it whatever the name, and samples mask it.
 */
export interface DeclaredCredential {
  /** `unknown`: the source says the call is authenticated but not how (a Postman auth type this tool does not read). */
  where: 'header' | 'query' | 'unknown';
  /** Header (compared case-insensitively) or query parameter name, as sent; for `unknown`, the source's own type name. */
  name: string;
  scheme: AuthScheme;
}

export interface CallRecord {
  /** Traffic time in epoch milliseconds, from the capture; null when the format has none (Postman). */
  ts: number | null;
  /** Upper-case HTTP method. */
  method: string;
  /** 'http' | 'https' | 'ws' | 'wss' ... lower-case. */
  scheme: string;
  /** Lower-case host name without port. '' when the input had no usable host. */
  host: string;
  /** Explicit port when it is not the scheme's default (80/443), else null. */
  port: number | null;
  /** Path as on the wire, without query or fragment, always starting with '/'. */
  path: string;
  /** Query parameters in order, percent-decoded. */
  query: NameValue[];
  requestHeaders: NameValue[];
  requestCookies: NameValue[];
  requestBody: Body | null;
  /** HTTP status; null when there was no response (request-only Postman item, Burp item without response, a HAR or Akto status 0: failed or aborted). */
  status: number | null;
  responseHeaders: NameValue[];
  responseBody: Body | null;
  /** Total time in ms, null when unknown. */
  durationMs: number | null;
  /** Client address where the format has one (Akto `ip`), else null. X-Forwarded-For is read by analyzers from headers. */
  clientIp: string | null;
  /** Normalized protocol: 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2' | 'HTTP/3' | ''. */
  httpVersion: string;
  /** Free tags from the source, e.g. the Postman folder path ('Users/Admin'). */
  tags: string[];
  /** Where it came from, for messages: file path as given and 0-based entry index within that file. */
  source: { file: string; index: number };
  /** Credentials the source declares (Postman auth blocks); absent for captured traffic. */
  declaredCredentials?: DeclaredCredential[];
  /** WebSocket messages the capture holds for this connection (HAR `_webSocketMessages`), which are not analyzed; absent when none. */
  webSocketMessages?: number;
}

/** One item yielded by a source: a call, or a located reason why an entry was skipped. */
export type SourceItem =
  | { kind: 'call'; call: CallRecord; warnings?: string[] }
  /** `warnings`: the HAR log's own deviations, when this is its last entry (counted all the same). */
  | { kind: 'skip'; index: number; reason: string; warnings?: string[] }
  /** Not malformed, just not an API call (a `data:` URL, a WebSocket frame): counted, not reported. */
  | { kind: 'filtered'; index: number; reason: string; warnings?: string[] };

/** Body cap: bodies are analyzed up to this many characters; the rest is counted as truncated. */
export const BODY_CAP_CHARS = 256 * 1024;

/**
 * Values taken from one body (analyzers/params.ts): a page of 400 records of 10 fields is read whole.
 * A body with more is counted as truncated, as one over BODY_CAP_CHARS is.
 */
export const BODY_VALUE_CAP = 4096;

/** The last millisecond of the year 9999: later times cannot be printed as ISO 8601 dates. */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A call time the inventory can store and print: after 1970-01-01 and within the year 9999. Go's
 * zero time (`0001-01-01`), a nanosecond count read as milliseconds or a year 275760 are not; the
 * source warns and the analysis start is used instead.
 */
export function plausibleTime(ms: number): boolean {
  return ms > 0 && ms <= MAX_TIME_MS;
}

// One collected Burp <item> (its fields as text) to a CallRecord, or the reason it cannot be one.

import type { CallRecord, NameValue, SourceItem } from '../model/call-record.js';
import { malformedHost, splitUrl, type UrlParts } from '../model/url.js';
import { itemTime } from './burp-date.js';
import { payloadBytes } from './burp-raw.js';
import { cookiesFromHeaders, headerValue, normalizeHttpVersion, withoutPseudoHeaders } from './headers.js';
import { decodeBody, parseHttpRequest, parseHttpResponse } from './http-message.js';

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

/** An <item> as collected: its fields' text, and what the XML reader found. */
export interface RawItem {
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

  const { ts, warning: timeWarning } = itemTime(f.time);
  if (timeWarning !== null) warnings.push(timeWarning);
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


export function toSourceItem(item: RawItem, file: string): SourceItem {
  if (item.skipReason !== null) return { kind: 'skip', index: item.index, reason: item.skipReason };
  const r = itemToCall(item, file);
  if (typeof r === 'string') return { kind: 'skip', index: item.index, reason: r };
  return r.warnings.length > 0 ? { kind: 'call', call: r.call, warnings: r.warnings } : { kind: 'call', call: r.call };
}

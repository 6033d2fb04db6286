// Header and cookie helpers shared by every source.

import type { NameValue } from '../model/call-record.js';

export function headerValue(headers: readonly NameValue[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.length === lower.length && h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/**
 * Headers without HTTP/2 pseudo-headers (`:authority`, `:path`, `:status`): they carry the request
 * line and the status, which the call has already; they are not headers. Every source drops them,
 * so one exchange gives one inventory whatever tool captured it.
 */
export function withoutPseudoHeaders(headers: NameValue[]): NameValue[] {
  for (let i = 0; i < headers.length; i++) if (headers[i]!.name.charCodeAt(0) === 58) return headers.filter((h) => h.name.charCodeAt(0) !== 58);
  return headers;
}

/**
 * An HTTP status code as a number (100-599), 0 (no response, as browsers record an aborted request),
 * or null for anything else (`99999`, `200.5`).
 */
export function httpStatus(n: number): number | null {
  return n === 0 || (Number.isInteger(n) && n >= 100 && n <= 599) ? n : null;
}

/** Parses a Cookie request header ("a=1; b=x=y") into name/value pairs; values may contain '='. */
export function parseCookieHeader(value: string): NameValue[] {
  const out: NameValue[] = [];
  for (const part of value.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    out.push(eq === -1 ? { name: p, value: '' } : { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() });
  }
  return out;
}

/** All cookies from every Cookie header (HTTP/2 splits them into several). */
export function cookiesFromHeaders(headers: readonly NameValue[]): NameValue[] {
  const out: NameValue[] = [];
  for (const h of headers) if (h.name.length === 6 && h.name.toLowerCase() === 'cookie') out.push(...parseCookieHeader(h.value));
  return out;
}

/** Normalizes protocol strings seen in the wild ('http/2.0', 'h3', 'unknown', '') to 'HTTP/x'. */
export function normalizeHttpVersion(v: unknown): string {
  if (typeof v !== 'string') return '';
  const s = v.trim().toLowerCase();
  if (s === 'h2' || s.startsWith('http/2')) return 'HTTP/2';
  if (s === 'h3' || s.startsWith('http/3')) return 'HTTP/3';
  if (s === 'http/1.0') return 'HTTP/1.0';
  if (s.startsWith('http/1')) return 'HTTP/1.1';
  return '';
}

// Reads JWTs without verifying them: algorithm, issuer, subject and expiry relative to the call's time.
// The same token repeats across thousands of calls, so decoded claims are kept in a small cache.

import type { JwtInfo } from '../model/facts.js';

/** Decoded header and claims of a token; the claims are null when the payload is not JSON (JWE, detached). */
export interface JwtParts {
  header: Record<string, unknown>;
  claims: Record<string, unknown> | null;
}

const SEGMENT = /^[A-Za-z0-9_\-+/]*={0,2}$/;
const CACHE_MAX = 2048;
const cache = new Map<string, JwtParts | null>();
const last: { token: string; parts: JwtParts | null } = { token: '', parts: null };

/** Cheap shape check: starts with `eyJ` (base64 of `{"`) and has at least two dots. */
export function looksLikeJwt(s: string): boolean {
  if (s.length < 16 || s.charCodeAt(0) !== 101 || s.charCodeAt(1) !== 121 || s.charCodeAt(2) !== 74) return false;
  const dot = s.indexOf('.', 3);
  return dot !== -1 && s.indexOf('.', dot + 1) !== -1;
}

function decodeSegment(seg: string): Record<string, unknown> | null {
  if (seg.length === 0 || !SEGMENT.test(seg)) return null;
  try {
    // Node's base64 decoder accepts both alphabets (+/ and -_) and missing padding.
    const v: unknown = JSON.parse(Buffer.from(seg, 'base64').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function parse(token: string): JwtParts | null {
  const parts = token.split('.');
  // 3 segments: JWS (signature may be empty for alg none); 5 segments: JWE (payload encrypted).
  if (parts.length !== 3 && parts.length !== 5) return null;
  const header = decodeSegment(parts[0]!);
  if (!header || (typeof header.alg !== 'string' && typeof header.typ !== 'string')) return null;
  if (parts.length === 5) return { header, claims: null };
  if (!SEGMENT.test(parts[2]!)) return null;
  return { header, claims: decodeSegment(parts[1]!) };
}

/** Header and claims of a JWT (no verification), or null when the text is not one. */
export function decodeJwtParts(token: string): JwtParts | null {
  // Most calls carry the token of the call before: a string compare is cheaper than hashing it again.
  if (token === last.token) return last.parts;
  const parts = lookup(token);
  last.token = token;
  last.parts = parts;
  return parts;
}

function lookup(token: string): JwtParts | null {
  const hit = cache.get(token);
  if (hit !== undefined || cache.has(token)) return hit ?? null;
  const parsed = looksLikeJwt(token) ? parse(token) : null;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(token, parsed);
  return parsed;
}

function claimText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** One claim as text (strings and numbers), null when absent. */
export function jwtClaim(token: string, claim: string): string | null {
  const claims = decodeJwtParts(token)?.claims;
  return claims ? claimText(claims[claim]) : null;
}

/** What a JWT says about itself; expiry is judged at `nowMs` (the call's own timestamp). */
export function decodeJwt(token: string, nowMs: number): JwtInfo | null {
  const p = decodeJwtParts(token);
  if (!p) return null;
  const alg = typeof p.header.alg === 'string' ? p.header.alg : '';
  const c = p.claims;
  const rawExp = c?.exp;
  const exp = typeof rawExp === 'number' ? rawExp : typeof rawExp === 'string' && /^\d+$/.test(rawExp) ? Number(rawExp) : null;
  return {
    alg,
    iss: c ? claimText(c.iss) : null,
    sub: c ? claimText(c.sub) : null,
    expiry: exp === null ? 'no-exp' : exp * 1000 <= nowMs ? 'expired' : 'valid',
    algNone: alg.toLowerCase() === 'none',
  };
}

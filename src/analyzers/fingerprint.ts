// Salted SHA-256 fingerprints: a stable, non-reversible stand-in for a secret (user keys, redaction).
// Tokens repeat across many calls, so recent results are cached instead of hashed again.

import { createHash } from 'node:crypto';

/** Hex characters kept: 48 bits, so 100k distinct tokens collide with probability ~2e-5. */
export const FINGERPRINT_HEX = 12;
const CACHE_MAX = 4096;
const cache = new Map<string, string>();

/** First 12 hex chars of sha256(salt NUL secret). */
export function fingerprint(secret: string, salt: string): string {
  const k = `${salt}\u0000${secret}`;
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  const fp = createHash('sha256').update(k, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(k, fp);
  return fp;
}

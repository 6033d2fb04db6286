// Endpoint addressing as in the contract: METHOD plus a template (`/users/{id}`, names ignored) or
// a concrete path (`/users/42`) that resolves to its template; --host when several hosts match.

import { UsageError } from '../errors.js';
import { matchesTemplate, templateKey } from '../model/template-key.js';
import type { Db } from '../store/db.js';
import { endpointRows, type EndpointRow } from '../store/queries.js';

function literalCount(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Resolves METHOD PATH [--host] to one endpoint, or throws a UsageError with suggestions. */
export function resolveEndpoint(db: Db, method: string, path: string, host?: string): EndpointRow {
  const m = method.toUpperCase();
  const p = path.startsWith('/') ? path : `/${path}`;
  const all = endpointRows(db, host ? { host } : {});
  const sameMethod = all.filter((e) => e.method === m);
  let hits = sameMethod.filter((e) => templateKey(e.path) === templateKey(p));
  if (hits.length === 0) {
    hits = sameMethod.filter((e) => matchesTemplate(e.path, p));
    // The most specific template wins (`/users/me` over `/users/{userId}`).
    const best = Math.max(-1, ...hits.map((e) => literalCount(e.path)));
    hits = hits.filter((e) => literalCount(e.path) === best);
  }
  const hosts = [...new Set(hits.map((e) => e.host))];
  if (hosts.length > 1) {
    throw new UsageError(`${m} ${p} exists on several hosts (${hosts.join(', ')}); pass --host HOST`);
  }
  if (hits.length >= 1) return hits[0]!;
  const pool = sameMethod.length > 0 ? sameMethod : all;
  const close = pool
    .map((e) => ({ e, d: distance(templateKey(e.path), templateKey(p)) }))
    .sort((a, b) => a.d - b.d || a.e.path.localeCompare(b.e.path))
    .slice(0, 3)
    .map((x) => `${x.e.method} ${x.e.host}${x.e.path}`);
  const where = host ? ` on ${host}` : '';
  const hint = close.length ? `; closest: ${close.join(', ')}` : '; the inventory has no endpoints yet';
  throw new UsageError(`no endpoint ${m} ${p}${where}${hint}`);
}

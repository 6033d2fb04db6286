// A path parameter's type over every call: templated on sight, `/users/42` and `/users/<uuid>` are one
// endpoint `/users/{userId}`, whose type is then both classes (`integer|uuid`), not whichever came first.

import type { PathParam } from './facts.js';

/** Types that already admit any value: a merge on evidence, a placeholder in the input, a rest of path. */
const GENERAL: ReadonlySet<string> = new Set(['string', 'declared', 'path']);

/** The type of a parameter seen with types `a` and `b`: the general one, or the classes joined (sorted, `|`). */
export function widenType(a: string, b: string): string {
  if (a === b || GENERAL.has(a)) return a;
  if (GENERAL.has(b)) return b;
  const kinds = new Set([...a.split('|'), ...b.split('|')]);
  return [...kinds].sort().join('|');
}

/**
 * `known` (names kept) with each type widened by the same position of `seen`; `known` itself when
 * nothing changes, so callers can compare by identity.
 */
export function widenPathParams(known: PathParam[], seen: readonly PathParam[]): PathParam[] {
  if (known === seen || known.length !== seen.length) return known;
  let out: PathParam[] | null = null;
  for (let i = 0; i < known.length; i++) {
    const t = widenType(known[i]!.type, seen[i]!.type);
    if (t !== known[i]!.type) (out ??= known.map((p) => ({ ...p })))[i]!.type = t;
  }
  return out ?? known;
}

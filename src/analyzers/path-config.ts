// Reads the templating part of the config: forced templates
// (`/files/{path+}`) and pins (`/users/me` stays literal).

import type { PathParam } from '../model/facts.js';
import { UsageError } from '../errors.js';

/** Path segments without the leading '/' and without a trailing '/' (`/users/` and `/users` are one endpoint). */
export function pathSegments(path: string): string[] {
  if (path === '' || path === '/') return [];
  const parts = (path.charCodeAt(0) === 47 ? path.slice(1) : path).split('/');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

// ---- config: pins and forced templates ----

export interface Forced {
  template: string;
  /** Literal text per segment, null for a parameter. */
  lits: (string | null)[];
  pathParams: PathParam[];
  /** Last parameter takes the rest of the path (`{key+}` / `{*key}`). */
  rest: boolean;
  literalCount: number;
}

export const WHOLE_PARAM = /^\{(\*?)([A-Za-z_][\w-]*)(\+?)\}$/;

/**
 * `{name}` matches exactly one non-empty segment; a trailing `{name+}` or `{*name}` matches one or more,
 * so `/buckets/{bucket}/{key+}` covers S3-style keys with slashes.
 */
/** Why `template` is not a usable `templates.force` entry, or null when it is. */
export function forcedProblem(template: string): string | null {
  if (!template.startsWith('/')) return "must start with '/'";
  const segs = pathSegments(template);
  for (let i = 0; i < segs.length; i++) {
    const m = WHOLE_PARAM.exec(segs[i]!);
    if (m) {
      if ((m[1] === '*' || m[3] === '+') && i !== segs.length - 1) return `{${m[2]}+} must be the last segment`;
    } else if (segs[i]!.includes('{') || segs[i]!.includes('}')) return 'a {placeholder} must fill a whole segment';
  }
  return null;
}

export function parseForced(template: string): Forced {
  const problem = forcedProblem(template);
  if (problem !== null) throw new UsageError(`templates.force: '${template}': ${problem}`);
  const segs = pathSegments(template);
  const lits: (string | null)[] = [];
  const pathParams: PathParam[] = [];
  let rest = false;
  for (const seg of segs) {
    const m = WHOLE_PARAM.exec(seg);
    if (m) {
      const isRest = m[1] === '*' || m[3] === '+';
      rest ||= isRest;
      lits.push(null);
      pathParams.push({ name: m[2]!, type: isRest ? 'path' : 'string' });
    } else lits.push(seg);
  }
  const literalCount = lits.filter((l) => l !== null).length;
  return { template: '/' + segs.join('/'), lits, pathParams, rest, literalCount };
}

export function matchesForced(f: Forced, segs: readonly string[], pinned: number): boolean {
  const n = f.lits.length;
  if (f.rest ? segs.length < n : segs.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const lit = f.lits[i];
    if (lit === null ? segs[i] === '' || i < pinned : lit !== segs[i]) return false;
  }
  return true;
}

// ---- first sight ----

/** How many leading segments a pin covers: a pin keeps its own segments literal, deeper ones still template. */
export function pinnedLength(pins: readonly string[][], segs: readonly string[]): number {
  let best = 0;
  for (const p of pins) {
    if (p.length <= best || p.length > segs.length) continue;
    let ok = true;
    for (let i = 0; i < p.length && ok; i++) ok = p[i] === segs[i];
    if (ok) best = p.length;
  }
  return best;
}

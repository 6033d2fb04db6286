// Reads the templating part of the config: ignored hosts/paths (globs), forced templates
// (`/files/{path+}`) and pins (`/users/me` stays literal), compiled once per Config object.

import type { Config } from '../config.js';
import type { PathParam } from '../model/facts.js';
import { UsageError } from '../errors.js';

/** Path segments without the leading '/' and without a trailing '/' (`/users/` and `/users` are one endpoint). */
export function pathSegments(path: string): string[] {
  if (path === '' || path === '/') return [];
  const parts = (path.charCodeAt(0) === 47 ? path.slice(1) : path).split('/');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

// ---- ignore globs ----

function globRegExp(glob: string, flags: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*');
  return new RegExp(`^${body}$`, flags);
}

interface IgnoreMatcher {
  hosts: RegExp[];
  hostsWithPort: boolean[];
  paths: RegExp[];
}

const ignoreMatchers = new WeakMap<Config, IgnoreMatcher>();

/**
 * True when `ignore.hosts` or `ignore.paths` matches. `*` matches any run of characters, '/' and '.'
 * included (`/static/*` covers `/static/js/a.js`, `*.example.com` covers `a.b.example.com` but not
 * `example.com`). Hosts compare case-insensitively; a host glob without ':' ignores the port.
 */
export function isIgnored(host: string, path: string, cfg: Config): boolean {
  let m = ignoreMatchers.get(cfg);
  if (m === undefined) {
    m = {
      hosts: cfg.ignore.hosts.map((g) => globRegExp(g, 'i')),
      hostsWithPort: cfg.ignore.hosts.map((g) => g.includes(':')),
      paths: cfg.ignore.paths.map((g) => globRegExp(g, '')),
    };
    ignoreMatchers.set(cfg, m);
  }
  if (m.hosts.length > 0) {
    const colon = host.lastIndexOf(':');
    const bare = colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
    for (let i = 0; i < m.hosts.length; i++) if (m.hosts[i]!.test(m.hostsWithPort[i] ? host : bare)) return true;
  }
  for (const re of m.paths) if (re.test(path)) return true;
  return false;
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

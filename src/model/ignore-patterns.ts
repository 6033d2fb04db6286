// What `diff` compares and may be told to ignore: the change kinds, and ignore patterns (host:GLOB,
// path:GLOB, method:GLOB, kind:GLOB; a bare glob is a path glob). Here, below views, so that the
// config check reads patterns exactly as the diff command does.

import { UsageError } from '../errors.js';
import { hostGlobRegExp } from './host-spelling.js';
import { pathAsStored } from './path-spelling.js';

export const CHANGE_KINDS = [
  'endpoint-added',
  'endpoint-removed',
  'param-added',
  'param-removed',
  'param-type-changed',
  'sensitive-added',
  'auth-changed',
  'auth-removed',
  'status-added',
  'media-type-added',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type IgnoreField = 'host' | 'path' | 'method' | 'kind';
export interface IgnoreRule {
  field: IgnoreField;
  re: RegExp;
}
const IGNORE_FIELDS: readonly IgnoreField[] = ['host', 'path', 'method', 'kind'];

/**
 * `*` stays within one path segment (`**` crosses them); hosts, methods and kinds have no segments.
 * A placeholder in a path glob matches any placeholder, as endpoints are addressed (CLI.md: names
 * are not significant): `path:/users/{id}` covers `/users/{userId}`. Unanchored regex source.
 */
function globSource(glob: string, field: IgnoreField): string {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    const close = field === 'path' && ch === '{' ? glob.indexOf('}', i + 1) : -1;
    if (close !== -1 && !/[/*?{]/.test(glob.slice(i + 1, close))) {
      src += '\\{[^}/]*\\}';
      i = close;
    } else if (ch === '*') {
      if (glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else src += field === 'path' ? '[^/]*' : '.*';
    } else if (ch === '?') src += field === 'path' ? '[^/]' : '.';
    else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return src;
}

function globRegex(glob: string, field: IgnoreField): RegExp {
  return new RegExp(`^${globSource(glob, field)}$`, field === 'path' ? '' : 'i');
}

/**
 * A path glob spelled as paths are stored: as pathAsStored spells them (`/café` is `/caf%C3%A9`,
 * `%7e` is `~`), and without a trailing slash (`/health/` is stored as the endpoint `/health`, see
 * analyzers/path-config.ts pathSegments). For `ignore.paths` and `diff --ignore path:` alike.
 */
export function pathGlobAsStored(glob: string): string {
  const spelled = pathAsStored(glob);
  // `*/` and `/static/**/` keep theirs: without it they would be `*`, every path.
  return spelled.endsWith('*/') ? spelled : storedPathForm(spelled);
}

/** A path without the one trailing slash the templater drops (`/health/` is the endpoint `/health`; `/` stays). */
export function storedPathForm(path: string): string {
  return path.length > 1 && path.charCodeAt(path.length - 1) === 47 ? path.slice(0, -1) : path;
}

export const IGNORE_FORMS = 'host:GLOB, path:GLOB (or a bare glob starting with / or *), method:M or kind:KIND';

/** A path glob can only match when it starts where paths do: '/' (or a wildcard). */
function pathGlobOk(glob: string): boolean {
  return /^[/*?]/.test(glob);
}

/**
 * Parses ignore patterns; `source` names where they came from in errors ('--ignore', or the config's
 * diff.ignore). A pattern that can never match (empty, 'bogus' with no prefix and no leading '/',
 * 'kind:' with an unknown kind) is a usage error, so a typo never silently ignores nothing.
 */
export function parseIgnore(patterns: readonly string[], source = '--ignore'): IgnoreRule[] {
  return patterns.map((pattern) => {
    const bad = (why: string): UsageError => new UsageError(`${source} pattern "${pattern}" ${why}`);
    if (pattern.trim() === '') throw bad(`is empty; use ${IGNORE_FORMS}`);
    const m = /^([a-z]+):(.*)$/.exec(pattern);
    if (!m) {
      if (!pathGlobOk(pattern)) throw bad(`is not a valid pattern; use ${IGNORE_FORMS}`);
      return { field: 'path', re: globRegex(pathGlobAsStored(pattern), 'path') };
    }
    const field = m[1] as IgnoreField;
    const glob = m[2] as string;
    if (!IGNORE_FIELDS.includes(field)) {
      throw new UsageError(`unknown ignore pattern prefix "${field}:" in ${source} "${pattern}"; use host:, path:, method: or kind:`);
    }
    if (glob === '') throw bad(`has nothing after "${field}:"; use ${IGNORE_FORMS}`);
    if (field === 'path' && !pathGlobOk(glob)) throw bad(`never matches: paths start with /, e.g. path:/${glob}`);
    if (field === 'kind' && !/[*?]/.test(glob) && !(CHANGE_KINDS as readonly string[]).includes(glob)) {
      throw new UsageError(`unknown change kind in ignore pattern "${pattern}" (${source}); valid kinds: ${CHANGE_KINDS.join(', ')}`);
    }
    if (field === 'host') {
      // Spelled as stored hosts are (`bücher.example` matches `xn--bcher-kva.example`), ports as
      // `ignore.hosts` takes them (host-spelling.ts hostGlobRegExp): `host:api.x.com` covers
      // `api.x.com:8443` too, `host:api.x.com:443` is the stored `api.x.com`.
      const re = hostGlobRegExp(glob, (g) => globSource(g, 'host'));
      if (re === null) throw bad('never matches: a wildcard inside a non-ASCII label; stored hosts spell such a label in punycode (xn--...), write it so');
      return { field, re };
    }
    return { field, re: globRegex(field === 'path' ? pathGlobAsStored(glob) : glob, field) };
  });
}

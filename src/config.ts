// akto-rt.config.json: user overrides for templating, auth, sensitive data, ignores and redaction.

import { existsSync, readFileSync } from 'node:fs';
import { BUILTIN_TYPE_IDS } from './analyzers/sensitive-rules.js';
import { forcedProblem, pathSegments, WHOLE_PARAM } from './analyzers/path-config.js';
import { UsageError } from './errors.js';
import { AUTH_SCHEMES } from './model/facts.js';
import { spellHostGlob } from './model/host-spelling.js';
import { parseIgnore } from './model/ignore-patterns.js';

export interface CustomAuthScheme {
  /** Reported instead of 'custom'; optional. */
  name?: string;
  in: 'header' | 'cookie' | 'query' | 'body';
  key: string;
}

/** A condition on a key or a value, as Akto's custom data types allow. */
export interface Condition {
  op: 'regex' | 'startsWith' | 'endsWith' | 'contains' | 'equals' | 'isNumber';
  value?: string;
}

export interface CustomDataType {
  name: string;
  keyConditions?: Condition[];
  valueConditions?: Condition[];
  /** How key and value condition groups combine. Default 'and' when both given. */
  operator?: 'and' | 'or';
  /** Within each group: 'or' (any condition) by default. */
  sensitive?: boolean;
}

export interface Config {
  templates: {
    /** Paths that must stay literal even where their position is a parameter: '/users/me'. */
    pins: string[];
    /** Templates applied as given: '/files/{path}'. */
    force: string[];
  };
  ignore: {
    /** Host globs ('*.google-analytics.com'). */
    hosts: string[];
    /** Path globs ('/health', '/static/*'). */
    paths: string[];
  };
  auth: {
    custom: CustomAuthScheme[];
    /** JWT claim used as user identity (default 'sub'). */
    userClaim: string;
    /** Header that carries the user identity directly, when the API has one. */
    userHeader: string | null;
  };
  sensitive: {
    custom: CustomDataType[];
    /** Built-in type ids to switch off. */
    disable: string[];
  };
  diff: {
    /** Ignore patterns for diff: 'host:*.internal', 'path:/debug/*', 'kind:status-added'. */
    ignore: string[];
  };
  /** Keep static assets and OPTIONS preflights. */
  keepStatic: boolean;
  /**
   * Store endpoint samples without redaction, for local debugging. Set only by the explicit
   * `analyze --unredacted-samples` flag, never from a config file.
   */
  unredactedSamples: boolean;
}

export function defaultConfig(): Config {
  return {
    templates: { pins: [], force: [] },
    ignore: { hosts: [], paths: [] },
    auth: { custom: [], userClaim: 'sub', userHeader: null },
    sensitive: { custom: [], disable: [] },
    diff: { ignore: [] },
    keepStatic: false,
    unredactedSamples: false,
  };
}

// ---- validation: every invalid config is a one-line UsageError `FILE: key.path: what is wrong (expected)`

/** Credential types sensitive.ts assigns to Authorization values (credentialType); `disable` switches them off too. */
export const CREDENTIAL_TYPE_IDS: readonly string[] = [
  'jwt',
  'bearer-token',
  'basic-credentials',
  'digest-credentials',
  'auth-handshake',
  'aws-signature',
  'oauth1-credentials',
  'api-key',
];

/** Every id `sensitive.disable` can take: the built-in rules plus the credential types. */
export const DISABLE_IDS: readonly string[] = [...new Set([...BUILTIN_TYPE_IDS, ...CREDENTIAL_TYPE_IDS])];

/**
 * Names `auth.custom[].name` cannot take: the built-in scheme ids (a custom scheme named `none` would
 * make credentialed calls read as unauthenticated; one named `bearer` would merge into the built-in)
 * and the families `endpoints --auth` reads (views/endpoint-filter.ts AUTH_FAMILIES). Compared
 * case-insensitively.
 */
export const RESERVED_AUTH_NAMES: readonly string[] = [...new Set<string>([...AUTH_SCHEMES, 'jwt', 'oauth', 'oauth2'])].sort();

const AUTH_IN = ['header', 'query', 'cookie', 'body'] as const;
const CONDITION_OPS = ['regex', 'startsWith', 'endsWith', 'contains', 'equals', 'isNumber'] as const;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** How a wrong value reads after "got": strings quoted, containers by kind. */
function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return String(v);
}

/** Edits (insert, delete, substitute, swap two neighbours) between a and b. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** ' (did you mean "email"?)' for a near miss, else ''. */
function didYouMean(got: string, valid: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of valid) {
    const dist = editDistance(got.toLowerCase(), v.toLowerCase());
    if (dist < bestD) [best, bestD] = [v, dist];
  }
  return best !== undefined && bestD <= Math.min(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

class Validator {
  constructor(readonly file: string) {}

  fail(path: string, what: string): never {
    throw new UsageError(`${this.file}: ${path}: ${what}`);
  }

  /** An object whose keys are all in `allowed` (undefined when absent). */
  object(v: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `must be an object with keys ${allowed.join(', ')}; got ${shown(v)}`);
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail(path === '' ? k : `${path}.${k}`, `unknown key${didYouMean(k, allowed)}; valid keys${path === '' ? '' : ` of ${path}`}: ${allowed.join(', ')}`);
    }
    return v as Record<string, unknown>;
  }

  array(v: unknown, path: string, of: string): unknown[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(path, `must be an array of ${of}; got ${shown(v)}`);
    return v;
  }

  strings(v: unknown, path: string, check?: (s: string, at: string) => void): string[] {
    const xs = this.array(v, path, 'strings');
    xs.forEach((x, i) => {
      if (typeof x !== 'string') this.fail(`${path}[${i}]`, `must be a string; got ${shown(x)}`);
      check?.(x, `${path}[${i}]`);
    });
    return xs as string[];
  }

  string(v: unknown, path: string, what = 'a non-empty string'): string {
    if (v === undefined) this.fail(path, `is missing (must be ${what})`);
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, `must be ${what}; got ${shown(v)}`);
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, valid: readonly T[]): T {
    if (v === undefined) this.fail(path, `is missing (must be one of ${valid.join(', ')})`);
    if (typeof v !== 'string' || !valid.includes(v as T)) {
      this.fail(path, `must be one of ${valid.join(', ')}; got ${shown(v)}${typeof v === 'string' ? didYouMean(v, valid) : ''}`);
    }
    return v as T;
  }

  boolean(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `must be true or false; got ${shown(v)}`);
    return v;
  }
}

/**
 * Why `t` can never work as a `templates.force` entry, or null. Beyond what path-config.ts's parser
 * refuses, an entry must name its parameters the one way the parser reads them, `{name}` filling a
 * whole segment (a trailing `{name+}` or `{*name}` takes the rest of the path), once each: any other
 * segment is literal text that request paths do not contain, and an entry without a placeholder is
 * only its own literal path.
 */
function forceProblem(t: string): string | null {
  const parsed = forcedProblem(t);
  if (parsed !== null && !t.startsWith('/')) return parsed;
  const names = new Set<string>();
  for (const seg of pathSegments(t)) {
    const m = WHOLE_PARAM.exec(seg);
    if (m) {
      if (names.has(m[2]!)) return `placeholder {${m[2]}} appears twice; each parameter needs its own name`;
      names.add(m[2]!);
    } else if (/^\{[^{}]*\}$/.test(seg)) {
      return `${seg} is not a placeholder: a name starts with a letter or _ and holds letters, digits, _ and -`;
    } else if (seg.startsWith(':') && seg.length > 1) {
      return `${seg} is not a placeholder here (it would match only the text "${seg}"): write {${seg.slice(1)}}`;
    } else if (seg.includes('<') || seg.includes('>')) {
      const inner = /^<([^<>]+)>$/.exec(seg)?.[1];
      return `${seg} is not a placeholder here (it would match only the text "${seg}"): write {${inner ?? 'name'}}`;
    } else if (seg.includes('*')) {
      return '* is not a wildcard here: write {name} for one segment or a last {name+} for the rest of the path';
    } else if (seg.includes('?')) {
      return 'a template has no query: give the path only';
    }
  }
  if (parsed !== null) return parsed;
  if (names.size === 0) return 'has no {name} placeholder, so it forces nothing (to keep a path literal, list it in templates.pins)';
  return null;
}

function forced(v: Validator, t: string, at: string): void {
  const problem = forceProblem(t);
  if (problem !== null) v.fail(at, `${problem}; got ${shown(t)} (a path template such as /files/{path+})`);
}

/** Pins compare whole segments literally (path-config.ts pinnedLength) with request paths, which carry no query. */
function pin(v: Validator, p: string, at: string): void {
  const what = '(a literal path such as /users/me; it and its own segments stay literal)';
  if (p.includes('*')) v.fail(at, `* is not a wildcard in a pin: list each literal path; got ${shown(p)} ${what}`);
  if (p.includes('?')) v.fail(at, `a pin has no query: give the path only; got ${shown(p)} ${what}`);
  if (pathSegments(p.trim()).length === 0) v.fail(at, `pins nothing; got ${shown(p)} ${what}`);
}

function hostGlob(v: Validator, g: string, at: string): void {
  if (g.trim() === '') v.fail(at, 'must be a host glob such as *.example.com; got ""');
  if (g.includes('/') || /\s/.test(g)) v.fail(at, `must be a host glob such as *.example.com (no scheme, path or spaces); got ${shown(g)}`);
  if (spellHostGlob(g) === null) v.fail(at, `never matches: a * inside a non-ASCII label; stored hosts spell such a label in punycode (xn--...), write it so; got ${shown(g)}`);
}

function pathGlob(v: Validator, g: string, at: string): void {
  // Globs where only * is a wildcard (analyzers/path-template.ts isIgnored); request paths start with '/'.
  if (!g.startsWith('/') && !g.startsWith('*')) {
    v.fail(at, `must be a path glob starting with / or * (only * is a wildcard, e.g. /static/*); got ${shown(g)}`);
  }
}

function customAuth(v: Validator, x: unknown, at: string): CustomAuthScheme {
  const o = v.object(x, at, ['name', 'in', 'key']);
  if (o === undefined) v.fail(at, 'must be an object with keys name, in, key; got undefined');
  const where = v.oneOf(o.in, `${at}.in`, AUTH_IN);
  const key = v.string(o.key, `${at}.key`, `a non-empty ${where === 'body' ? 'body field name or $.json.path' : `${where} name`}`);
  if (where === 'header' && !HEADER_NAME.test(key)) v.fail(`${at}.key`, `must be a header name (letters, digits, -); got ${shown(key)}`);
  const scheme: CustomAuthScheme = { in: where, key };
  if (o.name !== undefined) {
    const name = v.string(o.name, `${at}.name`);
    if (RESERVED_AUTH_NAMES.includes(name.trim().toLowerCase())) {
      v.fail(
        `${at}.name`,
        `is reserved for the built-in auth schemes (calls with this credential would read as the built-in one); got ${shown(name)} (reserved: ${RESERVED_AUTH_NAMES.join(', ')}; leave name out to report the scheme as custom)`,
      );
    }
    scheme.name = name;
  }
  return scheme;
}

function condition(v: Validator, x: unknown, at: string, forKey: boolean): Condition {
  const o = v.object(x, at, ['op', 'value']);
  if (o === undefined) v.fail(at, 'must be an object with keys op, value; got undefined');
  const op = v.oneOf(o.op, `${at}.op`, CONDITION_OPS);
  if (op === 'isNumber') {
    if (o.value !== undefined) v.fail(`${at}.value`, `must be absent: isNumber takes no value; got ${shown(o.value)}`);
    return { op };
  }
  const value = o.value;
  if (value === undefined) v.fail(`${at}.value`, `is missing (must be a non-empty string for op ${op})`);
  if (typeof value !== 'string' || value === '') v.fail(`${at}.value`, `must be a non-empty string for op ${op}; got ${shown(value)}`);
  if (op === 'regex') {
    try {
      new RegExp(value, forKey ? 'i' : '');
    } catch (e) {
      v.fail(`${at}.value`, `invalid regex ${shown(value)} (${(e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')})`);
    }
  }
  return { op, value };
}

function customType(v: Validator, x: unknown, at: string): CustomDataType {
  const o = v.object(x, at, ['name', 'keyConditions', 'valueConditions', 'operator', 'sensitive']);
  if (o === undefined) v.fail(at, 'must be an object with a name and keyConditions or valueConditions; got undefined');
  const t: CustomDataType = { name: v.string(o.name, `${at}.name`) };
  if (DISABLE_IDS.includes(t.name.trim().toLowerCase())) {
    v.fail(`${at}.name`, `is reserved for the built-in data types (its findings would read as the built-in type's); got ${shown(t.name)} (reserved: ${DISABLE_IDS.join(', ')})`);
  }
  const keys = v.array(o.keyConditions, `${at}.keyConditions`, 'conditions').map((c, i) => condition(v, c, `${at}.keyConditions[${i}]`, true));
  const values = v.array(o.valueConditions, `${at}.valueConditions`, 'conditions').map((c, i) => condition(v, c, `${at}.valueConditions[${i}]`, false));
  if (keys.length === 0 && values.length === 0) v.fail(at, 'matches nothing: give keyConditions or valueConditions (a non-empty array of {op, value})');
  if (o.keyConditions !== undefined) t.keyConditions = keys;
  if (o.valueConditions !== undefined) t.valueConditions = values;
  if (o.operator !== undefined) t.operator = v.oneOf(o.operator, `${at}.operator`, ['and', 'or'] as const);
  if (o.sensitive !== undefined) t.sensitive = v.boolean(o.sensitive, `${at}.sensitive`);
  return t;
}

const TOP_KEYS = ['templates', 'ignore', 'auth', 'sensitive', 'diff', 'keepStatic'];

/** Checks a parsed config file against the schema and returns it over the defaults. */
export function validateConfig(raw: unknown, file: string): Config {
  const v = new Validator(file);
  const cfg = defaultConfig();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${file}: config must be a JSON object with keys ${TOP_KEYS.join(', ')}; got ${shown(raw)}`);
  }
  if ('unredactedSamples' in raw) {
    v.fail('unredactedSamples', 'cannot be set in a config file (use the analyze --unredacted-samples flag)');
  }
  const top = v.object(raw, '', TOP_KEYS)!;

  const templates = v.object(top.templates, 'templates', ['pins', 'force']);
  cfg.templates.pins = v.strings(templates?.pins, 'templates.pins', (p, at) => pin(v, p, at));
  cfg.templates.force = v.strings(templates?.force, 'templates.force', (t, at) => forced(v, t, at));

  const ignore = v.object(top.ignore, 'ignore', ['hosts', 'paths']);
  // Spelled as stored hosts are (model/host-spelling.ts): `bücher.example` matches `xn--bcher-kva.example`.
  cfg.ignore.hosts = v.strings(ignore?.hosts, 'ignore.hosts', (g, at) => hostGlob(v, g, at)).map((g) => spellHostGlob(g) ?? g);
  cfg.ignore.paths = v.strings(ignore?.paths, 'ignore.paths', (g, at) => pathGlob(v, g, at));

  const auth = v.object(top.auth, 'auth', ['custom', 'userClaim', 'userHeader']);
  cfg.auth.custom = v.array(auth?.custom, 'auth.custom', 'objects {name, in, key}').map((c, i) => customAuth(v, c, `auth.custom[${i}]`));
  if (auth?.userClaim !== undefined) cfg.auth.userClaim = v.string(auth.userClaim, 'auth.userClaim', 'a non-empty JWT claim name');
  if (auth?.userHeader !== undefined && auth.userHeader !== null) {
    const h = v.string(auth.userHeader, 'auth.userHeader', 'a header name or null');
    if (!HEADER_NAME.test(h)) v.fail('auth.userHeader', `must be a header name (letters, digits, -) or null; got ${shown(h)}`);
    cfg.auth.userHeader = h;
  }

  const sensitive = v.object(top.sensitive, 'sensitive', ['custom', 'disable']);
  cfg.sensitive.custom = v
    .array(sensitive?.custom, 'sensitive.custom', 'objects {name, keyConditions, valueConditions}')
    .map((t, i) => customType(v, t, `sensitive.custom[${i}]`));
  cfg.sensitive.disable = v.strings(sensitive?.disable, 'sensitive.disable', (id, at) => {
    if (!DISABLE_IDS.includes(id)) v.fail(at, `unknown type id ${shown(id)}${didYouMean(id, DISABLE_IDS)}; valid ids: ${DISABLE_IDS.join(', ')}`);
  });

  const diff = v.object(top.diff, 'diff', ['ignore']);
  // Checked by every command that reads the file, as the diff command reads the patterns.
  cfg.diff.ignore = v.strings(diff?.ignore, 'diff.ignore', (pattern, at) => {
    try {
      parseIgnore([pattern], 'diff.ignore');
    } catch (e) {
      v.fail(at, (e as Error).message);
    }
  });

  if (top.keepStatic !== undefined) cfg.keepStatic = v.boolean(top.keepStatic, 'keepStatic');
  return cfg;
}

/**
 * The config file a command reads: `--config FILE`, else ./akto-rt.config.json when present. An empty
 * `--config` (an unset variable in a script) is a usage error, as an empty `--db` is: read as "no
 * config", it would quietly switch off the file in the working directory too.
 */
export function configFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined && explicit.trim() === '') throw new UsageError("--config is empty: pass the config file's path", true);
  return explicit ?? (existsSync(`${cwd}/akto-rt.config.json`) ? `${cwd}/akto-rt.config.json` : undefined);
}

/** Loads `--config FILE`, or ./akto-rt.config.json when present, over the defaults. */
export function loadConfig(explicit?: string, cwd = process.cwd()): Config {
  const file = configFile(explicit, cwd);
  if (!file) return defaultConfig();
  let raw: unknown;
  try {
    // A byte-order mark (PowerShell 5's `Set-Content -Encoding utf8` writes one) is not part of the JSON.
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${file}: cannot read config (${(e as Error).message})`);
  }
  return validateConfig(raw, file);
}

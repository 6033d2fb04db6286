// akto-rt.config.json: user overrides for templating, auth, sensitive data, ignores and redaction.

import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

export interface CustomAuthScheme {
  name: string;
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

function arr(v: unknown, where: string, file: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`${file}: ${where} must be an array of strings`);
  return v as string[];
}

/** Loads `--config FILE`, or ./akto-rt.config.json when present, over the defaults. */
export function loadConfig(explicit?: string, cwd = process.cwd()): Config {
  const file = explicit ?? (existsSync(`${cwd}/akto-rt.config.json`) ? `${cwd}/akto-rt.config.json` : undefined);
  const cfg = defaultConfig();
  if (!file) return cfg;
  let raw: Record<string, any>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: cannot read config (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw new UsageError(`${file}: config must be a JSON object`);
  cfg.templates.pins = arr(raw.templates?.pins, 'templates.pins', file);
  cfg.templates.force = arr(raw.templates?.force, 'templates.force', file);
  cfg.ignore.hosts = arr(raw.ignore?.hosts, 'ignore.hosts', file);
  cfg.ignore.paths = arr(raw.ignore?.paths, 'ignore.paths', file);
  if (raw.auth?.custom !== undefined) cfg.auth.custom = raw.auth.custom as CustomAuthScheme[];
  if (typeof raw.auth?.userClaim === 'string') cfg.auth.userClaim = raw.auth.userClaim;
  if (typeof raw.auth?.userHeader === 'string') cfg.auth.userHeader = raw.auth.userHeader;
  if (raw.sensitive?.custom !== undefined) cfg.sensitive.custom = raw.sensitive.custom as CustomDataType[];
  cfg.sensitive.disable = arr(raw.sensitive?.disable, 'sensitive.disable', file);
  cfg.diff.ignore = arr(raw.diff?.ignore, 'diff.ignore', file);
  if (typeof raw.keepStatic === 'boolean') cfg.keepStatic = raw.keepStatic;
  return cfg;
}

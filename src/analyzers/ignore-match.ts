// Config `ignore.hosts` and `ignore.paths`: whether a call is dropped before it is analyzed.

import type { Config } from '../config.js';
import { hostGlobRegExp } from '../model/host-spelling.js';
import { pathGlobAsStored, storedPathForm } from '../model/ignore-patterns.js';

/** An `ignore.*` glob as regex source: `*` is the only wildcard, any run of characters, '/' and '.' included. */
function starGlobSource(glob: string): string {
  return glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*');
}

const ignoreMatchers = new WeakMap<Config, { hosts: RegExp[]; paths: RegExp[] }>();

/**
 * True when `ignore.hosts` or `ignore.paths` matches. `*` matches any run of characters, '/' and '.'
 * included (`/static/*` covers `/static/js/a.js`, `*.example.com` covers `a.b.example.com` but not
 * `example.com`).
 *
 * Hosts as `diff --ignore host:` takes them (model/host-spelling.ts hostGlobRegExp): case and spelling
 * do not matter, a glob without a port covers the host on any port, one with a port that port only,
 * and `:443` / `:80` covers the stored host without a port.
 *
 * Paths are matched as the endpoint will be stored, not as called: without the trailing slash the
 * template drops (`/health/` is `GET /health`, so `/health` ignores both) and with the glob spelled
 * as paths are (`/café` is `/caf%C3%A9`, model/path-spelling.ts); the call's path is spelled so already.
 */
export function isIgnored(host: string, path: string, cfg: Config): boolean {
  let m = ignoreMatchers.get(cfg);
  if (m === undefined) {
    m = {
      // A glob hostGlobRegExp refuses (a wildcard in a non-ASCII label) never matches; the config check reports it.
      hosts: cfg.ignore.hosts.map((g) => hostGlobRegExp(g, starGlobSource)).filter((re): re is RegExp => re !== null),
      paths: cfg.ignore.paths.map((g) => new RegExp(`^${starGlobSource(pathGlobAsStored(g))}$`)),
    };
    ignoreMatchers.set(cfg, m);
  }
  for (const re of m.hosts) if (re.test(host)) return true;
  if (m.paths.length > 0) {
    const stored = storedPathForm(path);
    for (const re of m.paths) if (re.test(stored)) return true;
  }
  return false;
}

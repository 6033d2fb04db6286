// One rule for host globs wherever hosts are ignored (config ignore.hosts, diff --ignore host:), and
// ignore.paths matched against the path as it is stored (model/host-spelling.ts hostGlobRegExp,
// analyzers/path-template.ts isIgnored, model/ignore-patterns.ts parseIgnore).

import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { isIgnored } from '../../src/analyzers/ignore-match.js';
import { hostGlobRegExp, spellHostGlob } from '../../src/model/host-spelling.js';
import { parseIgnore } from '../../src/model/ignore-patterns.js';

const star = (g: string): string => g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*');

function cfgWith(patch: (c: Config) => void): Config {
  const c = defaultConfig();
  patch(c);
  return c;
}

/** The stored hosts a glob covers, by both consumers: ignore.hosts and diff --ignore host:. */
function covered(glob: string, hosts: readonly string[]): { config: string[]; diff: string[] } {
  const cfg = cfgWith((c) => (c.ignore.hosts = [glob]));
  const [rule] = parseIgnore([`host:${glob}`]);
  return { config: hosts.filter((h) => isIgnored(h, '/x', cfg)), diff: hosts.filter((h) => rule!.re.test(h)) };
}

const HOSTS = ['api.x.com', 'api.x.com:443', 'api.x.com:8443', 'api.x.com:80', 'other.x.com', 'x.com', '[::1]', '[::1]:8080'];

describe('host globs: one rule for ignore.hosts and diff --ignore host:', () => {
  it('a glob without a port covers the host on any port', () => {
    expect(covered('api.x.com', HOSTS)).toEqual({
      config: ['api.x.com', 'api.x.com:443', 'api.x.com:8443', 'api.x.com:80'],
      diff: ['api.x.com', 'api.x.com:443', 'api.x.com:8443', 'api.x.com:80'],
    });
    expect(covered('*.x.com', HOSTS).diff).toEqual(['api.x.com', 'api.x.com:443', 'api.x.com:8443', 'api.x.com:80', 'other.x.com']);
    expect(covered('[::1]', HOSTS).config).toEqual(['[::1]', '[::1]:8080']);
    expect(covered('[0:0::1]', HOSTS).diff).toEqual(['[::1]', '[::1]:8080']);
  });

  it('a default port names the stored host without a port (and itself), as --host does', () => {
    const both = { config: ['api.x.com', 'api.x.com:443'], diff: ['api.x.com', 'api.x.com:443'] };
    expect(covered('api.x.com:443', HOSTS)).toEqual(both);
    expect(covered('API.X.com.:443', HOSTS)).toEqual(both);
    expect(covered('api.x.com:80', HOSTS)).toEqual({ config: ['api.x.com', 'api.x.com:80'], diff: ['api.x.com', 'api.x.com:80'] });
    expect(covered('*.x.com:443', HOSTS).config).toEqual(['api.x.com', 'api.x.com:443', 'other.x.com']);
  });

  it('any other port covers that port only', () => {
    expect(covered('api.x.com:8443', HOSTS)).toEqual({ config: ['api.x.com:8443'], diff: ['api.x.com:8443'] });
    expect(covered('[::1]:8080', HOSTS)).toEqual({ config: ['[::1]:8080'], diff: ['[::1]:8080'] });
    expect(covered('api.x.com:*', HOSTS).config).toEqual(['api.x.com:443', 'api.x.com:8443', 'api.x.com:80']);
  });

  it('case, a trailing dot and an empty port do not matter, wildcards or not', () => {
    expect(spellHostGlob('*.Example.COM.')).toBe('*.example.com');
    expect(spellHostGlob('*.Example.COM.:8443')).toBe('*.example.com:8443');
    expect(covered('API.x.com:', HOSTS).diff).toEqual(['api.x.com', 'api.x.com:443', 'api.x.com:8443', 'api.x.com:80']);
    expect(hostGlobRegExp('bü*.example', star)).toBeNull();
  });
});

describe('ignore.paths match the path as stored', () => {
  const cfg = cfgWith((c) => (c.ignore.paths = ['/health', '/café/*', '/docs/', '/a%7e/*', '*/']));

  it('drops a trailing slash, as the template does (/health/ is GET /health)', () => {
    expect(isIgnored('h', '/health/', cfg)).toBe(true);
    expect(isIgnored('h', '/health', cfg)).toBe(true);
    expect(isIgnored('h', '/docs', cfg)).toBe(true);
    expect(isIgnored('h', '/docs/', cfg)).toBe(true);
    expect(isIgnored('h', '/healthz/', cfg)).toBe(false);
    // one trailing slash only, as the template drops one: `/health//` is stored `/health/`
    expect(isIgnored('h', '/health//', cfgWith((c) => (c.ignore.paths = ['/health'])))).toBe(false);
  });

  it('spells the glob as paths are stored (non-ASCII encoded, escapes normalized)', () => {
    expect(isIgnored('h', '/caf%C3%A9/menu', cfg)).toBe(true);
    expect(isIgnored('h', '/a~/x', cfg)).toBe(true);
  });

  it('keeps a glob ending in */ as written (it does not become *, every path)', () => {
    expect(isIgnored('h', '/orders', cfg)).toBe(false);
    expect(isIgnored('h', '/orders//', cfg)).toBe(true);
  });

  it('diff --ignore path: globs are spelled the same way', () => {
    const [rule] = parseIgnore(['path:/health/']);
    expect(rule!.re.test('/health')).toBe(true);
    const [cafe] = parseIgnore(['/café/*']);
    expect(cafe!.re.test('/caf%C3%A9/menu')).toBe(true);
  });
});

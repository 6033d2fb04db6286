// ignore.hosts / diff --ignore host: take a host glob under one rule (a port-less glob covers every
// port, `:443` / `:80` is the stored host without a port), and ignore.paths drops a call whose path,
// as it will be stored, matches (`/health/` is stored `GET /health`).

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();
const har = `${dir}/hosts.har`;

/** `host path` of every endpoint in the inventory. */
async function endpoints(db: string): Promise<string[]> {
  const r = await cli(['endpoints', '--db', db, '--format', 'json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout).endpoints as { host: string; path: string }[]).map((e) => `${e.host} ${e.path}`).sort();
}

async function analyzeWith(name: string, config: unknown): Promise<string[]> {
  writeFileSync(`${dir}/${name}.json`, JSON.stringify(config));
  const r = await cli(['analyze', har, '--db', `${dir}/${name}.db`, '--config', `${dir}/${name}.json`]);
  expect(r.code, r.stderr).toBe(0);
  return endpoints(`${dir}/${name}.db`);
}

beforeAll(() => {
  writeFileSync(
    har,
    harOf([
      { method: 'GET', url: 'https://api.x.com:443/b', response: { ok: true } },
      { method: 'GET', url: 'https://api.x.com/c', response: { ok: true } },
      { method: 'GET', url: 'https://api.x.com:8443/a', response: { ok: true } },
      { method: 'GET', url: 'https://x.com/d', response: { ok: true } },
    ]),
  );
});

describe('host globs with and without a port', () => {
  it('ignore.hosts with :443 drops the stored host, which has no port', async () => {
    expect(await analyzeWith('p443', { ignore: { hosts: ['api.x.com:443'] } })).toEqual(['api.x.com:8443 /a', 'x.com /d']);
    expect(await analyzeWith('P443', { ignore: { hosts: ['API.X.COM.:443'] } })).toEqual(['api.x.com:8443 /a', 'x.com /d']);
  });

  it('ignore.hosts without a port drops the host on every port; with another port, that port only', async () => {
    expect(await analyzeWith('noport', { ignore: { hosts: ['api.x.com'] } })).toEqual(['x.com /d']);
    expect(await analyzeWith('p8443', { ignore: { hosts: ['api.x.com:8443'] } })).toEqual(['api.x.com /b', 'api.x.com /c', 'x.com /d']);
  });

  it('diff --ignore host: follows the same rule', async () => {
    const base = `${dir}/empty.db`;
    writeFileSync(`${dir}/empty.har`, harOf([{ method: 'GET', url: 'https://unrelated.test/z', response: {} }]));
    expect((await cli(['analyze', `${dir}/empty.har`, '--db', base])).code).toBe(0);
    const head = `${dir}/all.db`;
    expect((await cli(['analyze', har, '--db', head])).code).toBe(0);
    const hosts = async (pattern: string): Promise<string[]> => {
      const r = await cli(['diff', base, head, '--ignore', pattern, '--format', 'json']);
      expect(r.stderr, pattern).toBe('');
      return [...new Set((JSON.parse(r.stdout).changes as { host: string; kind: string }[]).filter((c) => c.kind === 'endpoint-added').map((c) => c.host))].sort();
    };
    expect(await hosts('host:api.x.com')).toEqual(['x.com']);
    expect(await hosts('host:api.x.com:443')).toEqual(['api.x.com:8443', 'x.com']);
    expect(await hosts('host:api.x.com:8443')).toEqual(['api.x.com', 'x.com']);
  });
});

describe('ignore.paths match the path as stored', () => {
  it('drops /health/ with /health (it would be stored as GET /health) and spells the glob as paths are', async () => {
    writeFileSync(
      `${dir}/paths.har`,
      harOf([
        { method: 'GET', url: 'https://y.com/health/', response: {} },
        { method: 'GET', url: 'https://y.com/health', response: {} },
        { method: 'GET', url: 'https://y.com/café/menu', response: {} },
        { method: 'GET', url: 'https://y.com/status/', response: {} },
        { method: 'GET', url: 'https://y.com/kept', response: {} },
      ]),
    );
    writeFileSync(`${dir}/paths.json`, JSON.stringify({ ignore: { paths: ['/health', '/café/*', '/status/'] } }));
    const r = await cli(['analyze', `${dir}/paths.har`, '--db', `${dir}/paths.db`, '--config', `${dir}/paths.json`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 filtered (ignored by config 4)');
    expect(await endpoints(`${dir}/paths.db`)).toEqual(['y.com /kept']);
  });
});

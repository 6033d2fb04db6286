// `show` and `stats` address an endpoint as METHOD PATH. The path typed is spelled as captured paths
// are stored: a space or control character percent-encoded (`/a c` is `/a%20c`), non-ASCII as UTF-8
// escapes (`/é` is `/%C3%A9`), so each way of writing one path finds the same endpoint.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';
import { typedPath } from '../../src/views/resolve-endpoint.js';

describe('endpoint addressing spells typed paths as stored ones', () => {
  const dir = tempDir();
  const db = `${dir}/inv.db`;

  beforeAll(async () => {
    writeFileSync(
      `${dir}/c.har`,
      harOf([
        { method: 'GET', url: 'https://a.example/a%20c', response: { ok: true } },
        { method: 'GET', url: 'https://a.example/files/my%20report%09v2.pdf', response: { ok: true } },
        { method: 'GET', url: 'https://a.example/%C3%A9', response: { ok: true } },
        ...[1, 2, 3, 4].map((id) => ({ method: 'GET', url: `https://a.example/users/${id}/notes`, response: { id } })),
      ]),
    );
    expect((await cli(['analyze', `${dir}/c.har`, '--db', db])).code).toBe(0);
    const list = await cli(['endpoints', '--db', db, '--format', 'json']);
    const paths = (JSON.parse(list.stdout).endpoints as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/%C3%A9', '/a%20c', '/files/my%20report%09v2.pdf', '/users/{userId}/notes']);
  });

  const shows = async (path: string): Promise<string> => {
    const r = await cli(['show', 'GET', path, '--host', 'a.example', '--db', db, '--format', 'json']);
    expect(r.stderr, `show GET ${JSON.stringify(path)}`).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout).endpoint.path as string;
  };

  it('show and stats take a whole URL as copied from a browser: its host and path, the query left out', async () => {
    for (const url of ['https://a.example/users/3/notes?page=2', 'https://A.example:443/users/3/notes', 'https://someone:pw@a.example/users/3/notes#top']) {
      const r = await cli(['show', 'GET', url, '--db', db, '--format', 'json']);
      expect(r.stderr, url).toBe('');
      expect(JSON.parse(r.stdout).endpoint).toMatchObject({ host: 'a.example', path: '/users/{userId}/notes' });
    }
    const stats = await cli(['stats', 'GET', 'https://a.example/users/3/notes', '--range', '7d', '--db', db, '--format', 'json']);
    expect(JSON.parse(stats.stdout).endpoint).toEqual({ host: 'a.example', method: 'GET', path: '/users/{userId}/notes' });
    // A host not in the inventory is named without the user's credentials.
    const other = await cli(['show', 'GET', 'https://u:secret-pw@b.example/users/3/notes', '--db', db]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unknown host b.example: not in the inventory; GET /users/3/notes is on a.example');
    expect(other.stderr).not.toContain('secret-pw');
  });

  it('show finds a path with a space typed unencoded, encoded, or in lower-case hex', async () => {
    expect(await shows('/a c')).toBe('/a%20c');
    expect(await shows('/a%20c')).toBe('/a%20c');
    expect(await shows('a c')).toBe('/a%20c');
    expect(await shows('/files/my report\tv2.pdf')).toBe('/files/my%20report%09v2.pdf');
    expect(await shows('/files/my%20report%09v2.pdf')).toBe('/files/my%20report%09v2.pdf');
  });

  it('non-ASCII, templates and concrete paths resolve as before', async () => {
    expect(await shows('/é')).toBe('/%C3%A9');
    expect(await shows('/%c3%a9')).toBe('/%C3%A9');
    expect(await shows('/users/{userId}/notes')).toBe('/users/{userId}/notes');
    expect(await shows('/users/{id}/notes')).toBe('/users/{userId}/notes');
    expect(await shows('/users/42/notes')).toBe('/users/{userId}/notes');
  });

  it('stats addresses the endpoint the same way', async () => {
    const r = await cli(['stats', 'GET', '/a c', '--host', 'a.example', '--range', '7d', '--db', db, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as { endpoint: { host: string; method: string; path: string }; totalCalls: number };
    expect(v.endpoint).toMatchObject({ host: 'a.example', method: 'GET', path: '/a%20c' });
    expect(v.totalCalls).toBe(1);
  });

  it('a path that is not there still names the stored spelling in its error (exit 2)', async () => {
    const r = await cli(['show', 'GET', '/a d', '--host', 'a.example', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^akto-rt: no endpoint GET \/a%20d on a\.example; closest: GET a\.example\/a%20c/);
  });

  it('typedPath encodes spaces and controls as sources/url.ts does, leaving templates and escapes alone', () => {
    expect(typedPath('/a c')).toBe('/a%20c');
    expect(typedPath('/a c?x=1')).toBe('/a%20c'); // a URL's path, pasted with its query
    expect(typedPath('/users/42?expand=profile#top')).toBe('/users/42');
    expect(typedPath('/graphql#GetUser')).toBe('/graphql#GetUser');
    expect(typedPath('a c')).toBe('/a%20c');
    expect(typedPath('/x\u001b[31m\u007f')).toBe('/x%1B[31m%7F');
    expect(typedPath('/users/{id}')).toBe('/users/{id}');
    expect(typedPath('/a%20c')).toBe('/a%20c');
    expect(typedPath('/%7Euser/caf%c3%a9')).toBe('/~user/caf%C3%A9');
    expect(typedPath('/café')).toBe('/caf%C3%A9');
  });
});

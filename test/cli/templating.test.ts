// Templating across runs: evidence that arrives later merges literal endpoints into one template,
// and their history (calls, first seen, parameters, stats) moves with them; config pins and forces.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const product = (slug: string, day: number, minute: number): SimpleCall => ({
  method: 'GET',
  url: `https://shop.example.com/catalog/products/${slug}`,
  status: 200,
  ts: new Date(Date.UTC(2024, 2, day, 10, minute)).toISOString(),
  response: { slug, title: 'A thing', price: 12.5, stock: 3 },
});

describe('evidence merges across runs', () => {
  const dir = tempDir();
  const db = `${dir}/t.db`;

  it('keeps two plain words literal, then merges them with new siblings and moves their history', async () => {
    writeFileSync(`${dir}/r1.har`, harOf([product('shoes', 1, 0), product('shoes', 1, 1), product('hats', 1, 2), { ...product('search', 1, 3), response: { results: [] } }]));
    expect((await cli(['analyze', `${dir}/r1.har`, '--db', db])).code).toBe(0);
    let eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number; firstSeen: string }[];
    expect(eps.map((e) => e.path).sort()).toEqual(['/catalog/products/hats', '/catalog/products/search', '/catalog/products/shoes']);

    writeFileSync(`${dir}/r2.har`, harOf([product('socks', 2, 0), product('belts', 2, 1), product('gloves', 2, 2)]));
    const r2 = await cli(['analyze', `${dir}/r2.har`, '--db', db]);
    expect(r2.stdout).toMatch(/merged \d+ endpoints into GET shop\.example\.com\/catalog\/products\/\{\w+\}/);
    eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints;
    const merged = eps.find((e) => e.path.startsWith('/catalog/products/{'))!;
    expect(eps.map((e) => e.path).sort()).toEqual([merged.path, '/catalog/products/search'].sort());
    expect(merged.calls).toBe(6); // shoes×2 + hats from run 1, three from run 2
    expect(merged.firstSeen).toBe('2024-03-01T10:00:00.000Z'); // history moved with it

    const show = JSON.parse((await cli(['show', 'GET', '/catalog/products/shoes', '--db', db, '--format', 'json'])).stdout).endpoint;
    expect(show.path).toBe(merged.path);
    const values = JSON.stringify(show.pathParams);
    for (const v of ['shoes', 'hats', 'socks', 'belts', 'gloves']) expect(values).toContain(v);

    const stats = JSON.parse((await cli(['stats', 'GET', merged.path, '--range', '7d', '--db', db, '--format', 'json'])).stdout);
    expect(stats.totalCalls).toBe(6);

    // a later run maps a new slug into the template and does not create a duplicate
    writeFileSync(`${dir}/r3.har`, harOf([product('scarves', 3, 0)]));
    await cli(['analyze', `${dir}/r3.har`, '--db', db]);
    const after = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    expect(after).toHaveLength(2);
    expect(after.find((e) => e.path === merged.path)!.calls).toBe(7);
  });
});

describe('config overrides', () => {
  const dir = tempDir();
  it('pins keep a path literal, forced templates apply, ignored hosts and paths are filtered', async () => {
    writeFileSync(`${dir}/akto-rt.config.json`, JSON.stringify({
      templates: { pins: ['/accounts/42'], force: ['/files/{path+}'] },
      ignore: { hosts: ['*.tracker.example'], paths: ['/internal/*'] },
    }));
    writeFileSync(`${dir}/c.har`, harOf([
      { method: 'GET', url: 'https://api.example.com/accounts/42', status: 200 },
      { method: 'GET', url: 'https://api.example.com/accounts/43', status: 200 },
      { method: 'GET', url: 'https://api.example.com/files/a/b/report.txt', status: 200 },
      { method: 'GET', url: 'https://api.example.com/files/c.txt', status: 200 },
      { method: 'GET', url: 'https://px.tracker.example/collect', status: 204 },
      { method: 'GET', url: 'https://api.example.com/internal/debug', status: 200 },
    ]));
    const r = await cli(['analyze', `${dir}/c.har`, '--db', `${dir}/c.db`, '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).filtered).toBe(2);
    const eps = JSON.parse((await cli(['endpoints', '--db', `${dir}/c.db`, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    expect(eps.map((e) => `${e.path} ${e.calls}`).sort()).toEqual(['/accounts/42 1', '/accounts/{accountId} 1', '/files/{path+} 2'].sort());
  });
});

describe('positions that vary together', () => {
  const dir = tempDir();
  const db = `${dir}/j.db`;
  const api = 'https://api.example.com';
  const get = (path: string, response: unknown = { id: 1, name: 'x' }): SimpleCall => ({ method: 'GET', url: api + path, status: 200, response });
  const OWNERS = ['octocat', 'torvalds', 'rails', 'nodejs', 'golang', 'microsoft', 'facebook', 'google'];
  const NAMESPACES = ['default', 'prod', 'staging', 'dev', 'kube-system'];
  const github = (owners: string[]): SimpleCall[] =>
    owners.flatMap((o) => ['alpha', 'beta'].flatMap((r) => [get(`/repos/${o}/${r}-${o}/issues/1`), get(`/repos/${o}/${r}-${o}/pulls`, [{ number: 1 }])]));
  const paths = async (): Promise<string[]> => {
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string; calls: number }[];
    return eps.map((e) => `${e.path} ${e.calls}`).sort();
  };

  it('merges /repos/{owner}/{repo}/... and /namespaces/{ns}/pods/{pod}, and leaves static vocabularies literal', async () => {
    const staticPaths = [
      '/users/me', '/users/search', '/api/v1/widgets', '/api/v2/widgets',
      ...['guides', 'reference', 'tutorials', 'faq'].flatMap((s) => [`/docs/${s}/intro-${s}`, `/docs/${s}/setup-${s}`]),
      ...[11, 12, 13, 14, 15].flatMap((id) => [`/orders/${id}/refunds`, `/orders/${id}/captures`]),
      ...OWNERS.flatMap((a) => ['billing', 'members', 'invoices'].map((w) => `/accounts/${a}/${w}`)),
    ];
    writeFileSync(`${dir}/j1.har`, harOf([
      ...github(OWNERS),
      ...NAMESPACES.flatMap((n) => [get(`/api/v1/namespaces/${n}/pods`, { items: [] }), get(`/api/v1/namespaces/${n}/pods/web-${n}`)]),
      ...staticPaths.map((p) => get(p)),
    ]));
    const r = await cli(['analyze', `${dir}/j1.har`, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(await paths()).toEqual([
      '/accounts/{accountName}/billing 8',
      '/accounts/{accountName}/invoices 8',
      '/accounts/{accountName}/members 8',
      '/api/v1/namespaces/{namespaceName}/pods 5',
      '/api/v1/namespaces/{namespaceName}/pods/{podName} 5',
      '/api/v1/widgets 1',
      '/api/v2/widgets 1',
      ...['faq', 'guides', 'reference', 'tutorials'].flatMap((s) => [`/docs/${s}/intro-${s} 1`, `/docs/${s}/setup-${s} 1`]),
      '/orders/{orderId}/captures 5',
      '/orders/{orderId}/refunds 5',
      '/repos/{repoName}/{repoName2}/issues/{issueId} 16',
      '/repos/{repoName}/{repoName2}/pulls 16',
      '/users/me 1',
      '/users/search 1',
    ]);

    const show = JSON.parse((await cli(['show', 'GET', '/repos/torvalds/beta-torvalds/pulls', '--db', db, '--format', 'json'])).stdout).endpoint;
    expect(show.path).toBe('/repos/{repoName}/{repoName2}/pulls');
    const values = JSON.stringify(show.pathParams);
    for (const v of ['torvalds', 'google', 'beta-torvalds', 'alpha-google']) expect(values).toContain(v);
    expect(show.mergeReason).toContain('at positions 2 and 3 of /repos/*/*/pulls (8 and 16 distinct values)');
  });

  it('maps new pairs into the templates in later runs, and merges a new route under a proven pair', async () => {
    writeFileSync(`${dir}/j2.har`, harOf([
      get('/repos/vercel/next-vercel/pulls', [{ number: 2 }]),
      get('/repos/vercel/next-vercel/issues/7'),
      get('/api/v1/namespaces/ci/pods/web-ci'),
      // only two pairs, but both positions are already parameters of /repos/{repoName}/{repoName2}/...
      get('/repos/octocat/alpha-octocat/stargazers', [{ login: 'a' }]),
      get('/repos/rails/beta-rails/stargazers', [{ login: 'b' }]),
    ]));
    expect((await cli(['analyze', `${dir}/j2.har`, '--db', db])).code).toBe(0);
    const after = await paths();
    expect(after).toContain('/repos/{repoName}/{repoName2}/pulls 17');
    expect(after).toContain('/repos/{repoName}/{repoName2}/issues/{issueId} 17');
    expect(after).toContain('/api/v1/namespaces/{namespaceName}/pods/{podName} 6');
    expect(after).toContain('/repos/{repoName}/{repoName2}/stargazers 2');
    expect(after.filter((p) => p.startsWith('/repos/'))).toHaveLength(3);
  });
});

// QA findings on evidence merges, checked on the endpoint list a user reads: sub-resources never merge
// as values (joint and proven merges included), an evidence template only takes siblings that look like
// it, a Postman-declared route takes the traffic that would merge on evidence, and siblings without any
// parameters are no evidence.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import type { PathParam } from '../../src/model/facts.js';
import { planMerges, type EndpointShape } from '../../src/analyzers/template-merge.js';
import { cli, tempDir } from '../helpers.js';
import type { SimpleCall } from '../har-builder.js';
import { call, templatingKit } from './merge-test-kit.js';

const dir = tempDir();
const { har, analyzeRuns, endpoints } = templatingKit();

describe('sub-resources never merge as values', () => {
  const API = 'https://api.ex.com';

  it('keeps a repository literal rather than merging its sub-resources (8 calls)', async () => {
    const file = har([
      ...['alice', 'bob', 'carol', 'dave'].map((o) => call('GET', `${API}/repos/${o}/site/commits`, { id: 1, name: 'x' })),
      call('GET', `${API}/repos/alice/cli/commits`, { id: 1, name: 'x' }),
      call('GET', `${API}/repos/bob/cli/pulls`, { id: 1, name: 'x' }),
      call('GET', `${API}/repos/carol/cli/issues`, { id: 1, name: 'x' }),
      call('GET', `${API}/repos/dave/cli/hooks`, { id: 1, name: 'x' }),
    ]);
    expect(await analyzeRuns([file])).toEqual([
      'GET /repos/alice/cli/commits 1',
      'GET /repos/bob/cli/pulls 1',
      'GET /repos/carol/cli/issues 1',
      'GET /repos/dave/cli/hooks 1',
      'GET /repos/{repoName}/site/commits 4',
    ]);
  });

  it('gives one owner/repo template per sub-resource on sparse GitHub-like traffic', async () => {
    // 12 owners, an -api and a -web repository each, a few sub-resources per repository
    const seen: Record<string, [string[], string[]]> = {
      addy: [['commits', 'issues'], ['pulls']],
      dan: [['branches', 'commits', 'hooks', 'issues'], ['hooks', 'pulls']],
      evan: [['branches'], ['commits', 'pulls']],
      gaearon: [['branches', 'issues'], ['branches', 'hooks', 'issues', 'releases']],
      kent: [['branches', 'issues'], ['pulls']],
      octocat: [['branches', 'issues'], ['commits', 'hooks', 'issues', 'releases']],
      paul: [['branches', 'hooks', 'issues', 'releases'], ['issues', 'pulls', 'releases']],
      rich: [['issues', 'releases'], ['issues']],
      ryan: [['branches', 'hooks', 'pulls', 'releases'], ['branches']],
      sindre: [['issues'], ['hooks', 'issues']],
      tj: [['commits', 'hooks'], ['branches', 'issues']],
      torvalds: [['commits', 'issues', 'pulls'], ['commits', 'hooks', 'releases']],
    };
    const calls = Object.entries(seen).flatMap(([o, [api, web]]) => [
      ...api.map((s) => call('GET', `${API}/repos/${o}/${o}-api/${s}`, { id: 1 })),
      ...web.map((s) => call('GET', `${API}/repos/${o}/${o}-web/${s}`, { id: 1 })),
    ]);
    expect(calls).toHaveLength(55);
    expect(await analyzeRuns([har(calls)])).toEqual([
      'GET /repos/{repoName}/{repoName2}/branches 10',
      'GET /repos/{repoName}/{repoName2}/commits 7',
      'GET /repos/{repoName}/{repoName2}/hooks 9',
      'GET /repos/{repoName}/{repoName2}/issues 15',
      'GET /repos/{repoName}/{repoName2}/pulls 7',
      'GET /repos/{repoName}/{repoName2}/releases 7',
    ]);
  });

  it('keeps eight sub-resources apart once owner and repository merged', () => {
    const owners = ['octocat', 'torvalds', 'rails', 'nodejs', 'golang', 'microsoft', 'facebook', 'google'];
    const subs = ['branches', 'commits', 'contributors', 'hooks', 'issues', 'pulls', 'releases', 'tags'];
    const shapes: EndpointShape[] = owners.flatMap((o) =>
      ['alpha', 'beta'].flatMap((r) => subs.map((s) => ({ host: 'api.ex.com', method: 'GET', template: `/repos/${o}/${r}-${o}/${s}`, calls: 1, paramNames: ['$.id'] }))),
    );
    const plans = planMerges(shapes, defaultConfig());
    expect(plans.map((p) => p.into)).toEqual(subs.map((s) => `/repos/{repoName}/{repoName2}/${s}`));
    expect(plans.map((p) => p.from.length)).toEqual(subs.map(() => 16));
  });

  it('still reads repository names that every owner shares as values: they are parents of the vocabulary', () => {
    const owners = ['addy', 'dan', 'evan', 'gaearon', 'kent', 'octocat', 'paul', 'rich', 'ryan', 'sindre'];
    const repos = ['cli', 'core', 'express', 'got', 'hello', 'lib', 'linux', 'react', 'site', 'tools'];
    const subs = ['branches', 'commits', 'hooks', 'issues', 'pulls', 'releases'];
    const shapes: EndpointShape[] = owners.flatMap((o) =>
      repos.flatMap((r) => subs.map((s) => ({ host: 'api.ex.com', method: 'GET', template: `/repos/${o}/${r}/${s}`, calls: 1, paramNames: ['$.id'] }))),
    );
    const plans = planMerges(shapes, defaultConfig());
    expect(plans.map((p) => p.into)).toEqual(subs.map((s) => `/repos/{repoName}/{repoName2}/${s}`));
    expect(plans.map((p) => p.from.length)).toEqual(subs.map(() => 100));
  });

  it('does not fold the sub-resource templates of an earlier run into one parameter', () => {
    const pair: PathParam[] = [
      { name: 'repoName', type: 'string' },
      { name: 'repoName2', type: 'string' },
    ];
    const subs = ['branches', 'commits', 'contributors', 'hooks', 'issues', 'pulls', 'releases', 'tags'];
    const shapes: EndpointShape[] = subs.map((s) => ({
      host: 'api.ex.com',
      method: 'GET',
      template: `/repos/{repoName}/{repoName2}/${s}`,
      calls: 3,
      paramNames: ['$.id', '$.name'],
      pathParams: pair,
    }));
    expect(planMerges(shapes, defaultConfig())).toEqual([]);
  });
});

describe('an evidence template takes only siblings that look like it', () => {
  const colors = (words: string[]): SimpleCall[] => words.map((w) => call('GET', `https://d.ex.com/colors/${w}`, { hex: '#fff', name: w }));
  const palette = call('GET', 'https://d.ex.com/colors/palette', { swatches: [{ a: 1 }], owner: 'x', created: 1 });

  it('leaves a sibling with other parameters literal, in this run and the next', async () => {
    const db = `${dir}/absorb.db`;
    expect((await cli(['analyze', har([...colors(['red', 'green', 'blue', 'yellow']), palette]), '--db', db])).code).toBe(0);
    expect(await endpoints(db)).toEqual(['GET /colors/palette 1', 'GET /colors/{colorName} 4']);
    const show = JSON.parse((await cli(['show', 'GET', '/colors/{colorName}', '--db', db, '--format', 'json'])).stdout).endpoint;
    expect(show.mergeReason).not.toContain('palette');
    // a later run: a new colour joins the template, the palette keeps its own endpoint
    expect((await cli(['analyze', har([palette, ...colors(['purple'])]), '--db', db])).code).toBe(0);
    expect(await endpoints(db)).toEqual(['GET /colors/palette 2', 'GET /colors/{colorName} 5']);
  });

  it('does not pull successful sub-resources into a template of 404 probes', async () => {
    const API = 'https://api.ex.com/repos/octocat/hello';
    const notFound = { message: 'Not Found', documentation_url: 'x' };
    const file = har([
      call('GET', `${API}/commits`, [{ sha: 'a' }]),
      call('GET', `${API}/branches`, [{ name: 'main' }]),
      ...['pulls', 'issues', 'hooks', 'secrets'].map((w) => call('GET', `${API}/${w}`, notFound, 404)),
    ]);
    const eps = await analyzeRuns([file]);
    expect(eps).toContain('GET /repos/octocat/hello/commits 1');
    expect(eps).toContain('GET /repos/octocat/hello/branches 1');
    // Nor do the probes merge among themselves: an error body every path shares is no evidence that
    // they are one resource (GitHub answers 404 for private repos' real endpoints too).
    expect(eps).toHaveLength(6);
  });
});

describe('a route the input declared takes the traffic that would merge on evidence', () => {
  const collection = (path: string): string => {
    const file = `${dir}/pm-${path.replace(/\W/g, '')}.postman_collection.json`;
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: 't', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [{ name: 'get', request: { method: 'GET', url: `https://a.ex.com${path}` } }],
      }),
    );
    return file;
  };
  const products = har([
    ...['shoes', 'hats', 'socks', 'bags'].map((w) => call('GET', `https://a.ex.com/products/${w}`, { id: 1, name: 'x' })),
    call('PUT', 'https://a.ex.com/products/shoes', { id: 1, name: 'x' }),
    call('DELETE', 'https://a.ex.com/products/hats', undefined, 204),
  ]);
  // the position GET proves holds values holds them for PUT and DELETE too (same parameter name)
  const list = (get: string): string[] => [`DELETE ${get} 1`, `GET ${get} 5`, `PUT ${get} 1`];

  it('merges traffic into a declared :slug whichever order the inputs come in', async () => {
    const pm = collection('/products/:slug');
    expect(await analyzeRuns([pm, products])).toEqual(list('/products/{slug}'));
    expect(await analyzeRuns([pm], [products])).toEqual(list('/products/{slug}'));
    // the first spelling of a shape keeps its name
    expect(await analyzeRuns([products], [pm])).toEqual(list('/products/{productName}'));
  });

  it('still keeps a lone static sibling apart', async () => {
    const pm = collection('/projects/:project');
    const file = har([call('GET', 'https://a.ex.com/projects/hierarchy', { id: 1, name: 'x' })]);
    expect(await analyzeRuns([pm, file])).toEqual(['GET /projects/hierarchy 1', 'GET /projects/{project} 1']);
  });
});

describe('siblings without parameters are no evidence', () => {
  it('keeps actions with empty responses literal', async () => {
    const file = har([
      ...['start', 'stop', 'restart', 'pause'].map((w) => call('POST', `https://api.ex.com/jobs/${w}`, undefined, 204)),
      ...['billing', 'notifications', 'security', 'team', 'invoices'].map((w) => call('GET', `https://b.ex.com/account/${w}`, {})),
    ]);
    expect(await analyzeRuns([file])).toEqual([
      'GET /account/billing 1',
      'GET /account/invoices 1',
      'GET /account/notifications 1',
      'GET /account/security 1',
      'GET /account/team 1',
      'POST /jobs/pause 1',
      'POST /jobs/restart 1',
      'POST /jobs/start 1',
      'POST /jobs/stop 1',
    ]);
  });
});

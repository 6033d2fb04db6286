// Sibling lists are compared by what they list: resource collections that share only the envelope and
// paging every list of an API has (`data`, `has_more`, `limit`, an item `id`) stay separate endpoints,
// while words that are values (product slugs, categories listing the same items) still merge.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { planMerges, type EndpointShape } from '../../src/analyzers/template-merge.js';
import { evidenceNames, itemsOf, listOf } from '../../src/analyzers/template-evidence.js';
import type { SimpleCall } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';
import { templatingKit } from './merge-test-kit.js';

const { har, analyzeRuns } = templatingKit();
const dir = tempDir();
const AUTH = { Authorization: 'Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc' };
const get = (url: string, response: unknown): SimpleCall => ({ method: 'GET', url, status: 200, headers: AUTH, response });

/** Stripe's Issuing lists: one envelope, a different item per resource. */
const ISSUING: Record<string, Record<string, unknown>> = {
  cards: { id: 'ic_1', object: 'issuing.card', brand: 'Visa', last4: '4242', exp_month: 8, status: 'active' },
  cardholders: { id: 'ich_1', object: 'issuing.cardholder', name: 'Jenny Rosen', email: 'jenny@example.com', type: 'individual' },
  authorizations: { id: 'iauth_1', object: 'issuing.authorization', amount: 500, approved: true, merchant_data: { name: 'Shop' } },
  transactions: { id: 'ipi_1', object: 'issuing.transaction', amount: -500, type: 'capture', card: 'ic_1' },
  disputes: { id: 'idp_1', object: 'issuing.dispute', status: 'unsubmitted', evidence: { reason: 'other' } },
};
const issuing = (words = Object.keys(ISSUING)): SimpleCall[] =>
  words.map((w) => get(`https://api.stripe.com/v1/issuing/${w}?limit=3`, { object: 'list', url: `/v1/issuing/${w}`, has_more: false, data: [ISSUING[w]] }));

/** A CRM's lists, paged: items that share only `id`. */
const CRM: Record<string, Record<string, unknown>> = {
  contacts: { id: 1, first_name: 'A', email_opt_in: true, company_id: 3 },
  leads: { id: 1, source: 'web', score: 3, status: 'new' },
  deals: { id: 1, amount: 100, stage: 'won', close_date: '2024-01-01' },
  accounts: { id: 1, industry: 'x', employees: 3, domain: 'x.com' },
  tasks: { id: 1, due: '2024-01-01', done: false, assignee_id: 3 },
};
const crm = (words = Object.keys(CRM)): SimpleCall[] =>
  words.flatMap((w) => [1, 2].map((page) => get(`https://api.t5.com/v1/crm/${w}?limit=25&page=${page}`, { data: [CRM[w]], has_more: false, total: 1 })));

const SLUGS = ['bamboo-cutting-board', 'cast-iron-skillet', 'ceramic-pour-over', 'cotton-bath-towel', 'ergonomic-mesh-chair'];

describe('resource collections stay separate endpoints', () => {
  it('keeps Stripe Issuing lists apart (they shared an envelope: "Jaccard 0.67")', async () => {
    expect(await analyzeRuns([har(issuing())])).toEqual(Object.keys(ISSUING).sort().map((w) => `GET /v1/issuing/${w} 1`));
  });

  it('keeps a CRM\'s paged lists apart (items sharing only `id`: "Jaccard 0.63")', async () => {
    expect(await analyzeRuns([har(crm())])).toEqual(Object.keys(CRM).sort().map((w) => `GET /v1/crm/${w} 2`));
  });

  it('diff reports the collections a later capture added, and its gate fails on them', async () => {
    const base = `${dir}/crm-base.db`;
    const head = `${dir}/crm.db`;
    expect((await cli(['analyze', har(crm(['contacts', 'leads'])), '--db', base, '-q'])).code).toBe(0);
    expect((await cli(['analyze', har(crm()), '--db', head, '-q'])).code).toBe(0);
    const r = await cli(['diff', base, head, '--fail-on', 'endpoint-added', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { changes: { kind: string; path: string }[]; gate: { failed: boolean } };
    expect(out.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['endpoint-added /v1/crm/accounts', 'endpoint-added /v1/crm/deals', 'endpoint-added /v1/crm/tasks']);
    expect(out.gate.failed).toBe(true);
    expect(r.code).not.toBe(0);
  });

  it('spec-diff finds each documented list in the traffic: no zombies, no phantom shadow', async () => {
    const db = `${dir}/crm-spec.db`;
    expect((await cli(['analyze', har(crm()), '--db', db, '-q'])).code).toBe(0);
    const op = '{get: {parameters: [{name: limit, in: query, schema: {type: integer}}], responses: {"200": {description: ok}}}}';
    const spec = `${dir}/crm.yaml`;
    writeFileSync(
      spec,
      ['openapi: 3.0.3', 'info: {title: crm, version: "1"}', 'servers: [{url: "https://api.t5.com"}]', 'paths:', ...Object.keys(CRM).map((w) => `  /v1/crm/${w}: ${op}`)].join('\n') + '\n',
    );
    const r = await cli(['spec-diff', spec, '--db', db, '--format', 'json', '--fail-on', 'shadow,zombie']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ shadow: 0, zombie: 0 });
  });
});

describe('values still merge', () => {
  it('merges product slugs (one resource, one schema) whatever their paging query', async () => {
    const product = (slug: string): Record<string, unknown> => ({ slug, title: slug, sku: 'S1', price: { amount: 100, currency: 'EUR' }, tags: ['x'], url: `/p/${slug}` });
    const calls = SLUGS.map((s) => get(`https://api.shop.example/v1/products/${s}?expand=reviews`, product(s)));
    expect(await analyzeRuns([har(calls)])).toEqual(['GET /v1/products/{productName} 5']);
  });

  it('merges categories that list the same items, in this run and later ones; an empty list stays literal', async () => {
    const page = (items: unknown[]): unknown => ({ data: items, has_more: false, total: items.length });
    const item = { id: 7, name: 'Skillet', price: 30 };
    const cats = ['kitchen', 'garden', 'office', 'bath'].map((c) => get(`https://api.shop.example/categories/${c}?limit=10`, page([item])));
    const db = `${dir}/cats.db`;
    expect((await cli(['analyze', har(cats), '--db', db, '-q'])).code).toBe(0);
    // an empty list shows nothing about what it lists: it neither joins nor blocks
    expect((await cli(['analyze', har([get('https://api.shop.example/categories/toys?limit=10', page([]))]), '--db', db, '-q'])).code).toBe(0);
    expect((await cli(['analyze', har([get('https://api.shop.example/categories/tools?limit=10', page([item]))]), '--db', db, '-q'])).code).toBe(0);
    const r = await cli(['endpoints', '--db', db, '--format', 'json']);
    const eps = (JSON.parse(r.stdout).endpoints as { path: string; calls: number }[]).map((e) => `${e.path} ${e.calls}`).sort();
    expect(eps).toEqual(['/categories/toys 1', '/categories/{categoryName} 5']);
  });
});

describe('planMerges on lists', () => {
  const ep = (template: string, paramNames: string[]): EndpointShape => ({ host: 'api.ex.com', method: 'GET', template, calls: 1, paramNames });
  const WORDS = ['contacts', 'leads', 'deals', 'accounts', 'tasks'];
  const OWN = ['first_name', 'source', 'amount', 'industry', 'due'];

  it('reads lists with an envelope it does not know (`success`, `status`) by their items', () => {
    const eps = WORDS.map((w, i) => ep(`/v1/crm/${w}`, ['limit', '$.status', '$.served_by', '$.data[*].id', `$.data[*].${OWN[i]}`, `$.data[*].${OWN[i]}_at`]));
    expect(planMerges(eps, defaultConfig())).toEqual([]);
  });

  it('keeps lists apart whose items share most fields but each have one of their own', () => {
    const common = ['id', 'name', 'owner_id', 'created_at', 'updated_at'].map((f) => `$.data[*].${f}`);
    const eps = WORDS.map((w, i) => ep(`/v1/crm/${w}`, ['limit', '$.has_more', ...common, `$.data[*].${OWN[i]}`]));
    expect(planMerges(eps, defaultConfig())).toEqual([]);
    // the same lists without fields of their own list one resource
    expect(planMerges(WORDS.map((w) => ep(`/v1/crm/${w}`, ['limit', '$.has_more', ...common])), defaultConfig())).toHaveLength(1);
  });

  it('gives no similarity to a paging query alone, and none to an empty list among lists', () => {
    expect(planMerges(WORDS.map((w) => ep(`/v1/crm/${w}`, ['limit', 'page'])), defaultConfig())).toEqual([]);
    const items = ['$.data[*].id', '$.data[*].name'];
    const plans = planMerges([...WORDS.map((w) => ep(`/v1/crm/${w}`, ['limit', '$.has_more', ...items])), ep('/v1/crm/notes', ['limit', '$.has_more', '$.data'])], defaultConfig());
    expect(plans.map((p) => p.from)).toEqual([WORDS.map((w) => `/v1/crm/${w}`).sort()]);
  });

  it('lets a list template of an earlier run take only lists of what it lists', () => {
    const merged: EndpointShape = {
      ...ep('/v1/crm/{crmName}', ['limit', '$.has_more', '$.data[*].id', ...OWN.map((f) => `$.data[*].${f}`)]),
      pathParams: [{ name: 'crmName', type: 'string' }],
    };
    expect(planMerges([merged, ep('/v1/crm/notes', ['limit', '$.has_more', '$.data[*].id', '$.data[*].body'])], defaultConfig())).toEqual([]);
    // one that lists what the template lists joins it
    const cats: EndpointShape = { ...ep('/categories/{categoryName}', ['limit', '$.data[*].id', '$.data[*].name']), pathParams: [{ name: 'categoryName', type: 'string' }] };
    expect(planMerges([cats, ep('/categories/tools', ['$.has_more', '$.data[*].id', '$.data[*].name'])], defaultConfig())).toEqual([
      expect.objectContaining({ into: '/categories/{categoryName}', from: ['/categories/tools'] }),
    ]);
    expect(planMerges([cats, ep('/categories/tools', ['$.data[*].id', '$.data[*].name', '$.data[*].color'])], defaultConfig())).toEqual([]);
  });

  it('leaves objects that hold an array to the usual comparison (a list-shaped outlier, product variants)', () => {
    const product = ['$.id', '$.title', '$.price', '$.sku', '$.tags[*]'];
    const slots = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((f) => `$.slots[*].${f}`);
    const plans = planMerges([...SLUGS.slice(0, 4).map((s) => ep(`/products/${s}`, product)), ep('/products/featured', slots)], defaultConfig());
    expect(plans.map((p) => p.from.length)).toEqual([4]);
    expect(plans[0]!.from).not.toContain('/products/featured');
  });
});

describe('evidence names', () => {
  it('drops the paging query and the list envelope, keeps what is listed', () => {
    const names = ['limit', 'page[size]', '$top', 'starting_after', 'q', '$.has_more', '$.total', '$.object', '$.meta.total', '$._links.next.href', '$.data[*].id', '$.title', '$.price.total'];
    expect([...evidenceNames(names)].sort()).toEqual(['$.data[*].id', '$.price.total', '$.title', 'q']);
  });

  it('finds the list a group holds over all of them, not per endpoint', () => {
    const a = new Set(['$.data[*].id', '$.data[*].a', '$.status']);
    const b = new Set(['$.data[*].id', '$.data[*].b', '$.status']);
    expect(listOf([a, b])).toBe('$.data[*]');
    expect([...itemsOf(a, '$.data[*]')]).toEqual(['$.data[*].id', '$.data[*].a']);
    // one endpoint of five holding a big list does not make objects a list
    const obj = new Set(['$.id', '$.title']);
    expect(listOf([obj, obj, obj, obj, new Set(['$.x[*].a', '$.x[*].b', '$.x[*].c', '$.x[*].d', '$.x[*].e'])])).toBeNull();
    expect(listOf([new Set(['$.id', '$.title', '$.images[*].url'])])).toBeNull();
  });
});

// A position one method proved to hold values (`GET /products/{productName}`) holds them for every
// method on that host: `PUT /products/shoes` becomes `PUT /products/{productName}` in the run of the GET
// merge and in later runs; constant words, other hosts and literals a method keeps apart stay literal.

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import type { PathParam } from '../../src/model/facts.js';
import { TemplateIndex } from '../../src/analyzers/path-template.js';
import { planMerges, type EndpointShape } from '../../src/analyzers/template-merge.js';
import type { SimpleCall } from '../har-builder.js';
import { call, templatingKit } from './merge-test-kit.js';

const { har, analyzeRuns } = templatingKit(true);
const A = 'https://a.ex.com';
const B = 'https://b.ex.com';

const gets = (base: string): SimpleCall[] => ['shoes', 'hats', 'socks', 'bags'].map((w) => call('GET', `${base}/products/${w}`, { id: 1, name: 'x' }));

describe('a position proven for one method holds values for the others', () => {
  it('templates PUT and DELETE literals in the run of the GET merge', async () => {
    const file = har([...gets(A), call('PUT', `${A}/products/shoes`, { id: 1, name: 'x' }), call('DELETE', `${A}/products/hats`, undefined, 204)]);
    expect(await analyzeRuns([file])).toEqual([
      'a.ex.com DELETE /products/{productName} 1',
      'a.ex.com GET /products/{productName} 4',
      'a.ex.com PUT /products/{productName} 1',
    ]);
  });

  it('templates them in later runs, whichever came first', async () => {
    const others = har([call('PUT', `${A}/products/shoes`, { id: 1, name: 'x' }), call('PUT', `${A}/products/socks`, { ok: true }), call('DELETE', `${A}/products/hats`, undefined, 204)]);
    const expected = ['a.ex.com DELETE /products/{productName} 1', 'a.ex.com GET /products/{productName} 4', 'a.ex.com PUT /products/{productName} 2'];
    // GET merged in run 1; PUT and DELETE resolve onto its position in run 2
    expect(await analyzeRuns([har(gets(A))], [others])).toEqual(expected);
    // stored literals of run 1 join when GET merges in run 2
    expect(await analyzeRuns([others], [har(gets(A))])).toEqual(expected);
    // and stay templated in a third run
    expect(await analyzeRuns([har(gets(A))], [others], [har([call('PUT', `${A}/products/bags`, { id: 1 })])])).toEqual([
      'a.ex.com DELETE /products/{productName} 1',
      'a.ex.com GET /products/{productName} 4',
      'a.ex.com PUT /products/{productName} 3',
    ]);
  });

  it('never takes a word the proving method did not see there: actions and other resources stay literal', async () => {
    const file = har([
      ...gets(A),
      call('PUT', `${A}/products/shoes`, { id: 1, name: 'x' }),
      call('DELETE', `${A}/products/cache`, undefined, 204),
      call('POST', `${A}/products/reindex`, undefined, 204),
      call('PUT', `${A}/products/reorder`, { ok: true }),
      ...['acme', 'globex', 'initech', 'umbrella'].map((o) => call('GET', `${A}/orgs/${o}`, { id: 1, name: o })),
      call('POST', `${A}/orgs/invitations`, { id: 1 }),
      call('POST', `${A}/orgs/transfer`, { id: 1 }),
    ]);
    expect(await analyzeRuns([file])).toEqual([
      'a.ex.com DELETE /products/cache 1',
      'a.ex.com GET /orgs/{orgName} 4',
      'a.ex.com GET /products/{productName} 4',
      'a.ex.com POST /orgs/invitations 1',
      'a.ex.com POST /orgs/transfer 1',
      'a.ex.com POST /products/reindex 1',
      'a.ex.com PUT /products/reorder 1',
      'a.ex.com PUT /products/{productName} 1',
    ]);
  });

  it('keeps constant words literal', async () => {
    const extra = [call('PUT', `${A}/products/export`, { id: 1 }), call('POST', `${A}/products/search`, { id: 1 }), call('PUT', `${A}/products/shoes`, { id: 1 })];
    const expected = [
      'a.ex.com GET /products/{productName} 4',
      'a.ex.com POST /products/search 1',
      'a.ex.com PUT /products/export 1',
      'a.ex.com PUT /products/{productName} 1',
    ];
    expect(await analyzeRuns([har([...gets(A), ...extra])])).toEqual(expected);
    expect(await analyzeRuns([har(gets(A))], [har(extra)])).toEqual(expected);
  });

  it('leaves another host untouched', async () => {
    const other = [call('PUT', `${B}/products/shoes`, { id: 1 }), call('DELETE', `${B}/products/hats`, undefined, 204), call('PUT', `${A}/products/socks`, { id: 1 })];
    const expected = [
      'a.ex.com GET /products/{productName} 4',
      'a.ex.com PUT /products/{productName} 1',
      'b.ex.com DELETE /products/hats 1',
      'b.ex.com PUT /products/shoes 1',
    ];
    expect(await analyzeRuns([har([...gets(A), ...other])])).toEqual(expected);
    expect(await analyzeRuns([har(gets(A))], [har(other)])).toEqual(expected);
  });
});

describe('cross-method plans and resolution', () => {
  const PARAMS = ['$.id', '$.name'];
  const str = (name: string): PathParam[] => [{ name, type: 'string' }];
  /** Merged parameters were seen with these words (stored path values). */
  const SEEN = ['shoes', 'hats', 'palette', 'red', 'me', 'v2', 'clearance', 'export'];
  const ep = (method: string, template: string, pathParams?: PathParam[], paramNames = PARAMS, host = 'h'): EndpointShape => ({
    host, method, template, calls: 1, paramNames,
    ...(pathParams ? { pathParams, pathValues: Object.fromEntries(pathParams.map((p) => [p.name, SEEN])) } : {}),
  });
  const seen = (name: string): Record<string, string[]> => ({ [name]: SEEN });

  it('plans a merge into the other method template, same parameter name', () => {
    const plans = planMerges([ep('GET', '/products/{sku}', str('sku')), ep('PUT', '/products/shoes'), ep('PUT', '/products/hats', undefined, ['other'])], defaultConfig());
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ host: 'h', method: 'PUT', into: '/products/{sku}', pathParams: str('sku'), from: ['/products/hats', '/products/shoes'] });
    expect(plans[0]!.reason).toContain('GET /products/{sku}');
  });

  it('leaves a literal its own method, or the proving method, keeps beside a template', () => {
    const own = planMerges([ep('GET', '/colors/{colorName}', str('colorName')), ep('PUT', '/colors/{colorName}', str('colorName')), ep('PUT', '/colors/palette', undefined, ['x'])], defaultConfig());
    expect(own).toEqual([]);
    const proving = planMerges([ep('GET', '/colors/{colorName}', str('colorName')), ep('GET', '/colors/palette', undefined, ['x']), ep('PUT', '/colors/palette')], defaultConfig());
    expect(proving).toEqual([]);
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/colors/{colorName}', str('colorName'), seen('colorName'));
    index.add('h', 'GET', '/colors/palette', []);
    index.add('h', 'PUT', '/colors/{hue}', [{ name: 'hue', type: 'declared' }]);
    expect(index.resolve('h', 'PUT', '/colors/palette').template).toBe('/colors/palette');
    expect(index.resolve('h', 'DELETE', '/colors/palette').template).toBe('/colors/palette');
    // PUT has its own template of that shape (declared): its rules decide, not GET's
    expect(index.resolve('h', 'PUT', '/colors/red').template).toBe('/colors/red');
    expect(index.resolve('h', 'DELETE', '/colors/red').template).toBe('/colors/{colorName}');
  });

  it('never crosses hosts, constants, version segments or pins', () => {
    const pinned = defaultConfig();
    pinned.templates.pins = ['/products/clearance'];
    expect(planMerges([ep('GET', '/products/{p}', str('p')), ep('PUT', '/products/shoes', undefined, PARAMS, 'other'), ep('PUT', '/products/me'), ep('PUT', '/products/v2'), ep('PUT', '/products/clearance')], pinned)).toEqual([]);
    const index = new TemplateIndex(pinned);
    index.add('h', 'GET', '/products/{p}', str('p'), { p: [...SEEN, 'shoes'] });
    expect(['/products/me', '/products/v2', '/products/clearance', '/products/export'].map((p) => index.resolve('h', 'PATCH', p).template)).toEqual(['/products/me', '/products/v2', '/products/clearance', '/products/export']);
    expect(index.resolve('other', 'PATCH', '/products/shoes').template).toBe('/products/shoes');
    // the index follows templates added and removed later
    expect(index.resolve('h', 'PATCH', '/products/shoes').template).toBe('/products/{p}');
    expect(index.resolve('h', 'PATCH', '/products/gloves').template).toBe('/products/gloves'); // never seen by GET
    index.remove('h', 'GET', '/products/{p}');
    expect(index.resolve('h', 'PATCH', '/products/shoes').template).toBe('/products/shoes');
  });
});

// The same traffic gives the same templates whether it is analyzed in one run or split over several:
// a word that reaches a stored evidence template in a later run is judged by the merge step (its
// parameters against the template's), as it is when both arrive in one run.

import { describe, expect, it } from 'vitest';
import type { SimpleCall } from '../har-builder.js';
import { call, templatingKit } from './merge-test-kit.js';

const { har, analyzeRuns } = templatingKit();
const A = 'https://a.ex.com';

const colors = ['red', 'green', 'blue', 'yellow', 'purple'].map((c) => call('GET', `${A}/colors/${c}`, { hex: '#fff', rgb: [1, 2, 3] }));
const products = ['shoes', 'hats', 'socks', 'bags'].map((w) => call('GET', `${A}/products/${w}`, { id: 1, name: 'x' }));

/** One run of everything, then the same calls split at each cut, give the same endpoints. */
async function sameWhateverTheRuns(first: SimpleCall[], later: SimpleCall[]): Promise<string[]> {
  const once = await analyzeRuns([har([...first, ...later])]);
  expect(await analyzeRuns([har(first)], [har(later)])).toEqual(once);
  return once;
}

describe('templates do not depend on how a capture is split into runs', () => {
  it('a word with other parameters stays beside a template made in an earlier run', async () => {
    expect(await sameWhateverTheRuns(colors, [call('GET', `${A}/colors/palette`, { colors: [], count: 0 })])).toEqual([
      'GET /colors/palette 1',
      'GET /colors/{colorName} 5',
    ]);
  });

  it('a word like the template\'s values joins it in a later run', async () => {
    expect(await sameWhateverTheRuns(colors, [call('GET', `${A}/colors/mauve`, { hex: '#e0b0ff', rgb: [224, 176, 255] })])).toEqual([
      'GET /colors/{colorName} 6',
    ]);
  });

  it('another method takes only the words the proving method saw, in a later run too', async () => {
    expect(await sameWhateverTheRuns(products, [call('DELETE', `${A}/products/hats`, undefined, 204), call('DELETE', `${A}/products/cache`, undefined, 204)])).toEqual([
      'DELETE /products/cache 1',
      'DELETE /products/{productName} 1',
      'GET /products/{productName} 4',
    ]);
  });

  it('a template another method proved does not absorb an unseen word in a later run', async () => {
    // The DELETE template exists after run 1 (from GET's `hats`); `cache` arrives in run 2.
    const deletes = [call('DELETE', `${A}/products/hats`, undefined, 200)];
    const once = await analyzeRuns([har([...products, ...deletes, call('DELETE', `${A}/products/cache`, undefined, 200)])]);
    expect(await analyzeRuns([har([...products, ...deletes])], [har([call('DELETE', `${A}/products/cache`, undefined, 200)])])).toEqual(once);
    expect(once).toEqual(['DELETE /products/cache 1', 'DELETE /products/{productName} 1', 'GET /products/{productName} 4']);
    // A word GET saw still joins it in the later run.
    expect(await analyzeRuns([har([...products, ...deletes])], [har([call('DELETE', `${A}/products/socks`, undefined, 200)])])).toEqual([
      'DELETE /products/{productName} 2',
      'GET /products/{productName} 4',
    ]);
  });

  it('a borrowed template takes, in a later run, the words the lending method saw in that run', async () => {
    const slugs = Array.from({ length: 22 }, (_, i) => `item-${String.fromCharCode(97 + i)}${String.fromCharCode(97 + ((i * 7) % 26))}`);
    const get = (w: string) => call('GET', `${A}/products/${w}`, { id: 1, name: 'x' });
    const del = (w: string) => call('DELETE', `${A}/products/${w}`, undefined, 204);
    const run1 = [...slugs.slice(0, 10).map(get), ...slugs.slice(0, 3).map(del)];
    const run2 = [...slugs.slice(10).map(get), ...slugs.slice(10, 14).map(del)];
    const once = await analyzeRuns([har([...run1, ...run2])]);
    expect(once).toEqual(['DELETE /products/{productName} 7', 'GET /products/{productName} 22']);
    expect(await analyzeRuns([har(run1)], [har(run2)])).toEqual(once);
  });

  it('a method that joined in one run takes more seen words in the next', async () => {
    const puts = [call('PUT', `${A}/products/shoes`, { id: 1, name: 'x' }), call('PUT', `${A}/products/socks`, { ok: true })];
    const once = await analyzeRuns([har([...products, ...puts, call('PUT', `${A}/products/bags`, { id: 1 })])]);
    expect(await analyzeRuns([har(products)], [har(puts)], [har([call('PUT', `${A}/products/bags`, { id: 1 })])])).toEqual(once);
    expect(once).toEqual(['GET /products/{productName} 4', 'PUT /products/{productName} 3']);
  });
});

describe('locales are values wherever they sit', () => {
  it('first in the path, and right after /api/v1', async () => {
    const locales = ['en-US', 'fr-FR', 'de-DE', 'ja-JP', 'es-ES'];
    const calls = locales.flatMap((l) => [
      call('GET', `${A}/${l}/docs/Web/API/Fetch_API`, { title: 'Fetch', body: 'x' }),
      call('GET', `${A}/api/v1/${l}/search-index`, { items: [{ title: 't' }] }),
    ]);
    expect(await analyzeRuns([har(calls)])).toEqual(['GET /api/v1/{locale}/search-index 5', 'GET /{locale}/docs/Web/API/Fetch_API 5']);
    // Words and bare language or country codes first in the path stay resource names (`/de/products` may be a store).
    expect(await analyzeRuns([har(['shop', 'blog', 'docs', 'help', 'news'].map((w) => call('GET', `${A}/${w}/index`, { title: 'x' })))])).toHaveLength(5);
    expect(await analyzeRuns([har(['uk', 'de', 'fr', 'it', 'ca', 'us', 'au'].map((c) => call('GET', `${A}/${c}/products`, { items: [] })))])).toHaveLength(7);
  });
});

describe('a position proven under one shape', () => {
  it('holds values under the other shapes of the same prefix, which need only vary', async () => {
    const orgs = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne'];
    const member = (o: string, t: string) => call('GET', `${A}/orgs/${o}/teams/${t}/members`, [{ login: 'x', id: 1 }]);
    const calls = [...orgs.slice(0, 4).map((o) => member(o, 'admins')), ...orgs.slice(4, 7).map((o) => member(o, 'core'))];
    expect(await analyzeRuns([har(calls)])).toEqual(['GET /orgs/{orgName}/teams/admins/members 4', 'GET /orgs/{orgName}/teams/core/members 3']);
    expect(await analyzeRuns([har(calls.slice(0, 4))], [har(calls.slice(4))])).toEqual(['GET /orgs/{orgName}/teams/admins/members 4', 'GET /orgs/{orgName}/teams/core/members 3']);
  });
});

describe('words after a constant word', () => {
  it('name kinds of it, not values: /search/{issues,repositories,...} stay apart however alike their answers', async () => {
    const kinds = ['issues', 'repositories', 'code', 'users', 'commits', 'topics'];
    const calls = kinds.map((k) => call('GET', `${A}/search/${k}?q=x`, { total_count: 1, incomplete_results: false, items: [{ id: 1 }] }));
    expect(await analyzeRuns([har(calls)])).toHaveLength(6);
    expect(await analyzeRuns([har(calls.slice(0, 4))], [har(calls.slice(4))])).toHaveLength(6);
  });
});

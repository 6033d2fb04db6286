// Evidence merges: enough plain-word siblings with similar parameters become one parameter; constants,
// pins, resource collections and dissimilar siblings stay literal; plans are order-independent.

import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import type { PathParam } from '../../src/model/facts.js';
import { TemplateIndex } from '../../src/analyzers/path-template.js';
import { planMerges, type EndpointShape } from '../../src/analyzers/template-merge.js';

const PRODUCT_PARAMS = ['$.id', '$.name', '$.price', '$.sizes[*]', 'page'];

function ep(template: string, paramNames: string[] = PRODUCT_PARAMS, pathParams?: PathParam[], method = 'GET', host = 'shop.example.com'): EndpointShape {
  return { host, method, template, calls: 3, paramNames, ...(pathParams ? { pathParams } : {}) };
}

const products = (words: string[]): EndpointShape[] => words.map((w) => ep(`/products/${w}`));

/** Deterministic Fisher-Yates with a small LCG, so a failure reproduces. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('planMerges', () => {
  it('merges four plain-word siblings with similar parameters, leaving constants literal', () => {
    const plans = planMerges(
      [...products(['shoes', 'hats', 'socks', 'belts', 'search', 'export']), ep('/products', ['page', '$.items[*].id'])],
      defaultConfig(),
    );
    expect(plans).toHaveLength(1);
    const plan = plans[0]!;
    expect(plan).toMatchObject({
      host: 'shop.example.com',
      method: 'GET',
      into: '/products/{productName}',
      pathParams: [{ name: 'productName', type: 'string' }],
      from: ['/products/belts', '/products/hats', '/products/shoes', '/products/socks'],
    });
    expect(plan.reason).toBe('4 distinct values (belts, hats, shoes, socks) at position 2 under /products with similar parameters (Jaccard 1.00)');
  });

  it('keeps sub-resources and actions after a parameter literal unless there are many (8+) of them', () => {
    const PAY = ['amount.value', 'amount.currency', 'merchantAccount', 'reference'];
    const id: PathParam[] = [{ name: 'paymentId', type: 'alnum-id' }];
    const actions = (words: string[]): EndpointShape[] => words.map((w) => ep(`/payments/{paymentId}/${w}`, PAY, id, 'POST'));
    expect(planMerges(actions(['cancels', 'captures', 'refunds', 'reversals', 'amountUpdates']), defaultConfig())).toEqual([]);
    const many = planMerges(actions(['a1x', 'b2y', 'c3z', 'd4w', 'e5v', 'f6u', 'g7t', 'h8s'].map((w) => `tenant-${w}`)), defaultConfig());
    expect(many).toHaveLength(1);
    expect(many[0]!.into).toMatch(/^\/payments\/\{paymentId\}\/\{\w+\}$/);
  });

  it('keeps a static sibling of a template the input declared (a Postman :project) apart', () => {
    const declared = ep('/projects/{project}', PRODUCT_PARAMS, [{ name: 'project', type: 'declared' }]);
    expect(planMerges([declared, ep('/projects/hierarchy')], defaultConfig())).toEqual([]);
    // an evidence parameter (an earlier merge) does absorb a similar newcomer
    const merged = ep('/projects/{projectName}', PRODUCT_PARAMS, [{ name: 'projectName', type: 'string' }]);
    expect(planMerges([merged, ep('/projects/apollo')], defaultConfig())).toHaveLength(1);
  });

  it('does not merge two or three distinct values', () => {
    expect(planMerges(products(['shoes', 'hats']), defaultConfig())).toEqual([]);
    expect(planMerges(products(['shoes', 'hats', 'socks']), defaultConfig())).toEqual([]);
  });

  it('does not merge siblings with dissimilar parameters, and leaves an outlier out', () => {
    const dissimilar = [
      ep('/products/shoes', ['$.size', '$.color']),
      ep('/products/hats', ['$.brim']),
      ep('/products/socks', ['$.pairs', '$.wool']),
      ep('/products/belts', ['$.buckle']),
    ];
    expect(planMerges(dissimilar, defaultConfig())).toEqual([]);
    const withOutlier = [...products(['shoes', 'hats', 'socks', 'belts']), ep('/products/featured', ['$.banner', '$.slots[*]'])];
    const plans = planMerges(withOutlier, defaultConfig());
    expect(plans[0]!.from).not.toContain('/products/featured');
    expect(plans[0]!.from).toHaveLength(4);
  });

  it('does not merge siblings that all lack parameters: nothing shows they are alike', () => {
    expect(planMerges(['a', 'b', 'c', 'd'].map((w) => ep(`/tags/${w}x`, [])), defaultConfig())).toEqual([]);
    // nor does an evidence template without parameters absorb one
    const empty = ep('/tags/{tagName}', [], [{ name: 'tagName', type: 'string' }]);
    expect(planMerges([empty, ep('/tags/ex', [])], defaultConfig())).toEqual([]);
  });

  it('compares a newcomer with the evidence template it would join', () => {
    const colors = ep('/colors/{colorName}', ['$.hex', '$.name'], [{ name: 'colorName', type: 'string' }]);
    expect(planMerges([colors, ep('/colors/palette', ['$.swatches[*].a', '$.owner', '$.created'])], defaultConfig())).toEqual([]);
    const [plan] = planMerges([colors, ep('/colors/teal', ['$.hex', '$.name'])], defaultConfig());
    expect(plan!.reason).toBe('1 distinct value (teal) at position 2 under /colors with similar parameters (Jaccard 1.00), joining existing /colors/{colorName}');
  });

  it('merges words into a template the input declared when they merge on their own evidence', () => {
    const declared = ep('/products/{slug}', [], [{ name: 'slug', type: 'declared' }]);
    const [plan] = planMerges([declared, ...products(['shoes', 'hats', 'socks', 'belts'])], defaultConfig());
    expect(plan).toMatchObject({ into: '/products/{slug}', pathParams: [{ name: 'slug', type: 'string' }] });
    expect(plan!.from).toEqual(['/products/belts', '/products/hats', '/products/shoes', '/products/socks']);
    expect(plan!.reason).toContain('joining existing /products/{slug} (declared by the input)');
    // three words would not merge on their own, so they do not join either
    expect(planMerges([declared, ...products(['shoes', 'hats', 'socks'])], defaultConfig())).toEqual([]);
  });

  it('never merges pinned paths', () => {
    const cfg: Config = defaultConfig();
    cfg.templates.pins = ['/products/hats'];
    const plans = planMerges(products(['shoes', 'hats', 'socks', 'belts', 'gloves']), cfg);
    expect(plans[0]!.from).toEqual(['/products/belts', '/products/gloves', '/products/shoes', '/products/socks']);
    expect(planMerges(products(['shoes', 'hats', 'socks', 'belts']), cfg)).toEqual([]);
  });

  it('leaves resource collections alone: under /v1 or /api, or with an id child', () => {
    const collections = ['customers', 'charges', 'invoices', 'refunds'].map((w) => ep(`/v1/${w}`, ['limit', 'starting_after']));
    expect(planMerges(collections, defaultConfig())).toEqual([]);
    const nested = ['customers', 'charges', 'invoices', 'refunds'].flatMap((w) => [
      ep(`/shop/${w}`, ['limit']),
      ep(`/shop/${w}/{id}`, ['$.id'], [{ name: 'id', type: 'integer' }]),
    ]);
    expect(planMerges(nested, defaultConfig())).toEqual([]);
  });

  it('keeps hosts and methods apart', () => {
    const mixed = [ep('/products/shoes'), ep('/products/hats'), ep('/products/socks', PRODUCT_PARAMS, undefined, 'POST'), ep('/products/belts', PRODUCT_PARAMS, undefined, 'GET', 'other.example.com')];
    expect(planMerges(mixed, defaultConfig())).toEqual([]);
  });

  it('joins an existing id template instead of creating a duplicate shape', () => {
    const plans = planMerges(
      [...products(['shoes', 'hats', 'socks', 'belts']), ep('/products/{productId}', PRODUCT_PARAMS, [{ name: 'productId', type: 'integer' }])],
      defaultConfig(),
    );
    expect(plans).toHaveLength(1);
    expect(plans[0]!.into).toBe('/products/{productId}');
    expect(plans[0]!.pathParams).toEqual([{ name: 'productId', type: 'string' }]);
    expect(plans[0]!.from).toHaveLength(4);
    expect(plans[0]!.reason).toContain('joining existing /products/{productId}');
  });

  it('lets an earlier evidence parameter absorb a single newcomer', () => {
    const plans = planMerges(
      [ep('/products/{productName}', PRODUCT_PARAMS, [{ name: 'productName', type: 'string' }]), ep('/products/gloves'), ep('/products/search')],
      defaultConfig(),
    );
    expect(plans).toEqual([expect.objectContaining({ into: '/products/{productName}', from: ['/products/gloves'] })]);
  });

  it('names locale positions {locale} and keeps other parameters', () => {
    const docs = ['en-US', 'fr', 'de', 'ja'].map((l) => ep(`/docs/${l}/guides/{guideId}`, ['$.title'], [{ name: 'guideId', type: 'integer' }]));
    const plans = planMerges(docs, defaultConfig());
    expect(plans[0]!.into).toBe('/docs/{locale}/guides/{guideId}');
    expect(plans[0]!.pathParams).toEqual([
      { name: 'locale', type: 'locale' },
      { name: 'guideId', type: 'integer' },
    ]);
  });

  it('merges nested word positions over several rounds (GitHub owner/repo)', () => {
    const repos: EndpointShape[] = [];
    for (const owner of ['octocat', 'torvalds', 'gaearon', 'sindresorhus']) {
      for (const repo of ['alpha', 'beta', 'gamma', 'delta']) repos.push(ep(`/repos/${owner}/${owner}-${repo}`, ['$.id', '$.full_name', '$.owner.login']));
    }
    const plans = planMerges(repos, defaultConfig());
    expect(plans).toHaveLength(1);
    expect(plans[0]!.into).toBe('/repos/{repoName}/{repoName2}');
    expect(plans[0]!.from).toHaveLength(16);
  });

  it('reads the same words under several parents as sub-resources of a value, not as values', () => {
    // commits, branches, releases, hooks under each repository: the repository varies, the words do not
    const subs = ['commits', 'branches', 'releases', 'hooks'];
    const eps = ['alpha', 'beta', 'gamma', 'delta'].flatMap((r) => subs.map((w) => ep(`/repos/octocat/${r}-repo/${w}`, ['$.sha', '$.name'])));
    const plans = planMerges(eps, defaultConfig());
    expect(plans).toHaveLength(4);
    for (const p of plans) expect(p.into).toMatch(/^\/repos\/octocat\/\{\w+\}\/(commits|branches|releases|hooks)$/);
    expect(new Set(plans.map((p) => p.into.split('/').pop()))).toEqual(new Set(subs));
  });

  describe('positions that vary together', () => {
    const REPO = ['$.id', '$.full_name', '$.owner.login'];
    const OWNERS = ['octocat', 'torvalds', 'rails', 'nodejs', 'golang', 'microsoft', 'facebook', 'google'];
    const issue: PathParam[] = [{ name: 'issueId', type: 'integer' }];
    /** Each owner with its own repos: no single position has two siblings with the rest equal. */
    const github = (owners: string[], repos = ['alpha', 'beta']): EndpointShape[] =>
      owners.flatMap((o) =>
        repos.flatMap((r) => [ep(`/repos/${o}/${r}-${o}/pulls`, REPO), ep(`/repos/${o}/${r}-${o}/issues/{issueId}`, REPO, issue)]),
      );

    it('merges owner/repo pairs into one template per route (GitHub /repos/{owner}/{repo})', () => {
      const plans = planMerges(github(OWNERS), defaultConfig());
      expect(plans.map((p) => p.into)).toEqual(['/repos/{repoName}/{repoName2}/issues/{issueId}', '/repos/{repoName}/{repoName2}/pulls']);
      expect(plans[0]!.pathParams).toEqual([
        { name: 'repoName', type: 'string' },
        { name: 'repoName2', type: 'string' },
        { name: 'issueId', type: 'integer' },
      ]);
      expect(plans.map((p) => p.from.length)).toEqual([16, 16]);
      expect(plans[1]!.reason).toBe(
        '16 distinct combinations (facebook/alpha-facebook, facebook/beta-facebook, golang/alpha-golang, golang/beta-golang, google/alpha-google, ...) ' +
          'at positions 2 and 3 of /repos/*/*/pulls (8 and 16 distinct values) with similar parameters (Jaccard 1.00)',
      );
    });

    it('needs eight distinct values at each new position: a two-level static tree stays literal', () => {
      const docs = ['guides', 'reference', 'tutorials', 'faq'].flatMap((s, i) => ['intro', 'setup'].map((pg) => ep(`/docs/${s}/${pg}-${i}`)));
      expect(planMerges(docs, defaultConfig())).toEqual([]);
      expect(planMerges(github(OWNERS.slice(0, 7)), defaultConfig())).toEqual([]);
      // the sub-resources of merged accounts stay three endpoints, not `/accounts/{}/{}`
      const accounts = OWNERS.flatMap((a) => ['billing', 'members', 'invoices'].map((w) => ep(`/accounts/${a}/${w}`)));
      expect(planMerges(accounts, defaultConfig()).map((p) => p.into)).toEqual([
        '/accounts/{accountName}/billing',
        '/accounts/{accountName}/invoices',
        '/accounts/{accountName}/members',
      ]);
    });

    it('lets a position a sibling template already proved vary beside one new position (k8s)', () => {
      const ns = ['default', 'prod', 'staging', 'dev', 'kube-system'];
      const pods = ns.map((n) => ep(`/api/v1/namespaces/${n}/pods/web-${n}`));
      expect(planMerges(pods, defaultConfig())).toEqual([]); // five namespaces alone are not enough for two new parameters
      const plans = planMerges([...pods, ...ns.map((n) => ep(`/api/v1/namespaces/${n}/pods`))], defaultConfig());
      expect(plans.map((p) => p.into)).toEqual(['/api/v1/namespaces/{namespaceName}/pods', '/api/v1/namespaces/{namespaceName}/pods/{podName}']);
      expect(plans[1]!.reason).toContain('at positions 4 and 6 of /api/v1/namespaces/*/pods/*');
      expect(plans[1]!.reason).toContain('position 4 already a parameter of /api/v1/namespaces/{namespaceName}/pods');
      // two namespaces beside the proven one: the pod position still needs four values
      const two = planMerges([...pods.slice(0, 2), ...ns.map((n) => ep(`/api/v1/namespaces/${n}/pods`))], defaultConfig());
      expect(two.map((p) => p.into)).toEqual(['/api/v1/namespaces/{namespaceName}/pods']);
    });

    it('merges three positions that vary together', () => {
      const teams = OWNERS.map((o, i) => ep(`/orgs/${o}/teams/team-${o}/members/member-${'abcdefgh'[i]}x`));
      const plans = planMerges(teams, defaultConfig());
      expect(plans.map((p) => p.into)).toEqual(['/orgs/{orgName}/teams/{teamName}/members/{memberName}']);
    });

    it('reaches the same template whichever merge happens first', () => {
      const octocat = ['aa', 'bb', 'cc', 'dd', 'ee', 'ff'].map((r) => ep(`/repos/octocat/${r}-repo/pulls`, REPO));
      const inputs = [...octocat, ...github(OWNERS.slice(1)).filter((e) => e.template.endsWith('/pulls'))];
      // `/repos/octocat/{repoName}/pulls` forms first (six repos), and still joins the owner/repo template
      const plans = planMerges(inputs, defaultConfig());
      expect(plans.map((p) => p.into)).toEqual(['/repos/{repoName}/{repoName2}/pulls']);
      expect(plans[0]!.from).toHaveLength(20);
      // an earlier run's owner/repo template absorbs a leftover pair; TemplateIndex maps the pairs it was seen with to it
      const joint = ep('/repos/{repoName}/{repoName2}/pulls', REPO, [
        { name: 'repoName', type: 'string' },
        { name: 'repoName2', type: 'string' },
      ]);
      expect(planMerges([joint, ep('/repos/zed/zrepo/pulls', REPO)], defaultConfig())).toEqual([
        expect.objectContaining({ into: '/repos/{repoName}/{repoName2}/pulls', from: ['/repos/zed/zrepo/pulls'] }),
      ]);
      const index = new TemplateIndex(defaultConfig());
      index.add(joint.host, joint.method, joint.template, joint.pathParams!, { repoName: ['octocat', 'zed'], repoName2: ['aa-repo', 'zrepo'] });
      expect(index.resolve(joint.host, 'GET', '/repos/zed/zrepo/pulls').template).toBe(joint.template);
      // a new pair stays literal until the merge step joins it (as planned for zed/zrepo above)
      expect(index.resolve(joint.host, 'GET', '/repos/newowner/newrepo/pulls').template).toBe('/repos/newowner/newrepo/pulls');
      expect(index.resolve(joint.host, 'GET', '/repos/newowner/search/pulls').template).toBe('/repos/newowner/search/pulls');
    });

    it('gives the same plans in any order', () => {
      const ns = ['default', 'prod', 'staging', 'dev', 'kube-system'];
      const inputs = [
        ...github(OWNERS),
        ...ns.flatMap((n) => [ep(`/api/v1/namespaces/${n}/pods`), ep(`/api/v1/namespaces/${n}/pods/web-${n}`)]),
      ];
      const reference = planMerges(inputs, defaultConfig());
      expect(reference).toHaveLength(4);
      for (let seed = 1; seed <= 5; seed++) expect(planMerges(shuffle(inputs, seed), defaultConfig())).toEqual(reference);
    });
  });

  it('gives the same plans for the same inputs in any order', () => {
    const inputs = [
      ...products(['shoes', 'hats', 'socks', 'belts', 'search']),
      ...['a1x', 'b2x', 'cc', 'dd', 'ee'].map((w) => ep(`/users/{userId}/lists/${w}`, ['$.items[*]'], [{ name: 'userId', type: 'integer' }])),
    ];
    const reference = planMerges(inputs, defaultConfig());
    expect(reference).toHaveLength(2);
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = shuffle(inputs, seed);
      expect(shuffled.map((e) => e.template)).not.toEqual(inputs.map((e) => e.template));
      expect(planMerges(shuffled, defaultConfig())).toEqual(reference);
    }
  });

  it('plans that TemplateIndex then applies to the words it merged', () => {
    const cfg = defaultConfig();
    const [plan] = planMerges(products(['shoes', 'hats', 'socks', 'belts']), cfg);
    const index = new TemplateIndex(cfg);
    index.add(plan!.host, plan!.method, plan!.into, plan!.pathParams, { productName: plan!.from.map((t) => t.split('/').pop()!) });
    expect(index.resolve('shop.example.com', 'GET', '/products/hats').template).toBe('/products/{productName}');
    // a new word is left to the merge step, which compares its parameters with the template's
    expect(index.resolve('shop.example.com', 'GET', '/products/gloves').template).toBe('/products/gloves');
    expect(index.resolve('shop.example.com', 'GET', '/products/search').template).toBe('/products/search');
    expect(index.resolve('shop.example.com', 'GET', '/products/42').template).toBe('/products/{productName}');
  });
});

// First-sight templating of real-world API paths (from public API docs), plus config pins/force/ignore
// and the evidence behaviour of TemplateIndex.resolve.

import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { isIgnored } from '../../src/analyzers/ignore-match.js';
import { templateKey, TemplateIndex } from '../../src/analyzers/path-template.js';

function cfgWith(patch: (c: Config) => void): Config {
  const c = defaultConfig();
  patch(c);
  return c;
}

// [path, expected template on first sight, note]. "evidence" = plain words that stay literal until
// several siblings with similar parameters are seen (template-merge.ts), never on first sight.
const CASES: [string, string, string][] = [
  // GitHub REST
  ['/repos/octocat/Hello-World/issues/1347', '/repos/octocat/Hello-World/issues/{issueId}', 'owner/repo are words: evidence'],
  ['/repos/octocat/Hello-World/pulls/1347/comments', '/repos/octocat/Hello-World/pulls/{pullId}/comments', ''],
  ['/repos/octocat/Hello-World/commits/7638417db6d59f3c431d3e1f261cc637155684cd', '/repos/octocat/Hello-World/commits/{commitId}', 'sha1 hex'],
  ['/repos/octocat/Hello-World/commits/6dcb09b', '/repos/octocat/Hello-World/commits/{commitId}', 'short sha'],
  ['/repos/octocat/Hello-World/git/trees/9fb037999f264ba9a7fc6274d15fa3ae2ab98312', '/repos/octocat/Hello-World/git/trees/{treeId}', ''],
  ['/repos/octocat/Hello-World/releases/tags/v1.0.0', '/repos/octocat/Hello-World/releases/tags/v1.0.0', 'version stays literal'],
  ['/repositories/1296269', '/repositories/{repositoryId}', 'ies -> y'],
  ['/users/octocat', '/users/octocat', 'login is a word: evidence'],
  ['/users/octocat/repos', '/users/octocat/repos', 'evidence'],
  ['/user', '/user', ''],
  ['/gists/aa5a315d61ae9438b18d', '/gists/{gistId}', '20-hex gist id'],
  ['/orgs/github/teams/justice-league', '/orgs/github/teams/justice-league', 'slugs: evidence'],
  // Stripe
  ['/v1/customers/cus_NffrFeUfNV2Hib', '/v1/customers/{customerId}', 'prefixed id'],
  ['/v1/customers/search', '/v1/customers/search', 'constant'],
  ['/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa/confirm', '/v1/payment_intents/{paymentIntentId}/confirm', 'snake_case noun'],
  ['/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds', '/v1/charges/{chargeId}/refunds', ''],
  [
    '/v1/accounts/acct_1032D82eZvKYlo2C/external_accounts/ba_1MtIhL2eZvKYlo2CAElKwKu2',
    '/v1/accounts/{accountId}/external_accounts/{externalAccountId}',
    '',
  ],
  // Slack
  ['/api/conversations.history', '/api/conversations.history', 'RPC method, not a file'],
  ['/teams/T0G9PQBBK/channels/C024BE91L', '/teams/{teamId}/channels/{channelId}', 'Slack ids'],
  ['/v1/messages/1503435956.000247', '/v1/messages/{messageId}', 'Slack ts'],
  // Kubernetes
  ['/api/v1/namespaces/default/pods/nginx-7c5ddbdf54-abcde', '/api/v1/namespaces/default/pods/{podId}', 'namespace: evidence'],
  ['/api/v1/namespaces/default/pods/nginx-7c5ddbdf54-abcde/log', '/api/v1/namespaces/default/pods/{podId}/log', ''],
  ['/apis/apps/v1/namespaces/kube-system/deployments/coredns', '/apis/apps/v1/namespaces/kube-system/deployments/coredns', 'evidence'],
  ['/apis/apps/v1beta1/deployments', '/apis/apps/v1beta1/deployments', 'v1beta1 is a version'],
  ['/api/v1/nodes/ip-10-0-1-23.ec2.internal', '/api/v1/nodes/ip-10-0-1-23.ec2.internal', 'host name: evidence'],
  // S3-style keys (use templates.force `/my-bucket/{key+}` to fold whole keys)
  ['/my-bucket/photos/2024/03/04/IMG_1234.jpg', '/my-bucket/photos/{year}/{month}/{day}/{photoId}.jpg', 'calendar run'],
  ['/my-bucket/reports/annual-report.pdf', '/my-bucket/reports/annual-report.pdf', 'file name'],
  ['/my-bucket/logs/2024-03-04/app.log', '/my-bucket/logs/{logDate}/app.log', ''],
  // Versions that look like ids or dates
  ['/2/tweets/1460323737035677698', '/2/tweets/{tweetId}', 'Twitter v2'],
  ['/2/users/2244994945/followers', '/2/users/{userId}/followers', ''],
  ['/1.1/statuses/show.json', '/1.1/statuses/show.json', ''],
  ['/3/movie/550/credits', '/3/movie/{movieId}/credits', 'TMDB v3'],
  ['/rest/api/3/issue/PROJ-123', '/rest/api/3/issue/{issueId}', 'Jira key'],
  ['/2010-04-01/Accounts/AC1234567890abcdef1234567890abcdef/Messages.json', '/2010-04-01/Accounts/{accountId}/Messages.json', 'Twilio'],
  ['/admin/api/2024-01/products/632910392.json', '/admin/api/2024-01/products/{productId}.json', 'Shopify'],
  ['/api/v10/channels/41771983423143937/messages', '/api/v10/channels/{channelId}/messages', 'Discord'],
  ['/api/v2/tickets/35436.json', '/api/v2/tickets/{ticketId}.json', 'Zendesk'],
  ['/wp-json/wp/v2/posts/42', '/wp-json/wp/v2/posts/{postId}', 'WordPress'],
  ['/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd/drive', '/v1.0/users/{userId}/drive', 'MS Graph'],
  ['/v1.0/me/messages', '/v1.0/me/messages', ''],
  ['/v1.0/users/AdeleV@contoso.onmicrosoft.com', '/v1.0/users/{email}', ''],
  ['/v1/artists/0TnOYISbd1XYRBk9myaseg/top-tracks', '/v1/artists/{artistId}/top-tracks', 'Spotify base62'],
  ['/drive/v3/files/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms', '/drive/v3/files/{fileId}', 'Google Drive'],
  ['/v1/projects/my-project/operations/1234:cancel', '/v1/projects/my-project/operations/{operationId}:cancel', 'custom verb'],
  [
    '/v2/library/nginx/manifests/sha256:2bcabc23b45489fb0885d69a06ba1d648aeda973fae7bb981bafbb884165e514',
    '/v2/library/nginx/manifests/{manifestId}',
    'OCI digest',
  ],
  ['/pypi/requests/2.31.0/json', '/pypi/requests/2.31.0/json', ''],
  // id classes
  ['/events/01ARZ3NDEKTSV4RRFFQ69G5FAV', '/events/{eventId}', 'ULID'],
  ['/segments/0ujsswThIGTUYm2K8FjOOfXtY1K', '/segments/{segmentId}', 'KSUID'],
  ['/posts/507f1f77bcf86cd799439011', '/posts/{postId}', 'object id'],
  ['/accounts/123e4567-E89B-12d3-A456-426614174000', '/accounts/{accountId}', 'UUID, mixed case'],
  ['/reports/2024-03-04', '/reports/{reportDate}', ''],
  ['/archive/2024/03', '/archive/{year}/{month}', ''],
  ['/users/jane.doe%40example.com/preferences', '/users/{email}/preferences', 'encoded email'],
  ['/password-resets/Q2FzZUlEPTEyMzQ1Njc4OTAmdXNlcj1hZG1pbg', '/password-resets/{passwordResetId}', 'base64url'],
  ['/orders/ORD-2024-000123', '/orders/{orderId}', 'alnum id'],
  ['/feeds/abc123def456', '/feeds/{feedId}', ''],
  // Context names, uniqueness, singularization
  ['/users/42', '/users/{userId}', ''],
  ['/users/42/34', '/users/{userId}/{userId2}', 'unique names'],
  ['/orgs/17/projects/9', '/orgs/{orgId}/projects/{projectId}', ''],
  ['/categories/12', '/categories/{categoryId}', ''],
  ['/addresses/7', '/addresses/{addressId}', ''],
  ['/statuses/3', '/statuses/{statusId}', ''],
  ['/people/8', '/people/{personId}', ''],
  ['/api/12', '/api/{id}', 'no noun: type name'],
  ['/12', '/{id}', ''],
  ['/users/42/avatar.png', '/users/{userId}/avatar.png', ''],
  ['/invoices/12345.pdf', '/invoices/{invoiceId}.pdf', 'id stem keeps extension'],
  ['/items/42/', '/items/{itemId}', 'trailing slash folded'],
  ['/', '/', ''],
  // Constants and literal tokens
  ['/users/me', '/users/me', ''],
  ['/users/self', '/users/self', ''],
  ['/users/current/settings', '/users/current/settings', ''],
  ['/products/search', '/products/search', ''],
  ['/orders/export', '/orders/export', ''],
  ['/orders/bulk', '/orders/bulk', ''],
  ['/products/shoes', '/products/shoes', 'evidence'],
  ['/photographs/12', '/photographs/{photographId}', 'no "graph" special case'],
  ['/hash/sha256', '/hash/sha256', 'sha256 is a word'],
  ['/hash/sha256/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '/hash/sha256/{hash}', ''],
  ['/auth/2fa/verify', '/auth/2fa/verify', ''],
  ['/oauth2/token', '/oauth2/token', ''],
  ['/x509/certificates/123', '/x509/certificates/{certificateId}', ''],
  ['/network/ipv4/utf8/md5/s3', '/network/ipv4/utf8/md5/s3', ''],
  ['/v2/users/42', '/v2/users/{userId}', ''],
  ['/customer.php', '/customer.php', ''],
  ['/images/logo.png', '/images/logo.png', ''],
  ['/en-US/docs/Web/API', '/en-US/docs/Web/API', 'locale: evidence'],
  ['/fr/products', '/fr/products', ''],
  ['/graphql', '/graphql', 'operation added by graphql.ts'],
  ['/healthz', '/healthz', ''],
  ['/blog/2024/03/04/my-first-post', '/blog/{year}/{month}/{day}/my-first-post', 'slug: evidence'],
  // Collection placeholders left unresolved by Postman
  ['/users/:id', '/users/{id}', ''],
  ['/orders/{{order_id}}/capture', '/orders/{order_id}/capture', ''],
];

describe('TemplateIndex.resolve on first sight', () => {
  const index = new TemplateIndex(defaultConfig());
  it('has a real-world table of at least 60 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));
  it.each(CASES)('%s -> %s (%s)', (path, expected) => {
    expect(index.resolve('api.example.com', 'GET', path).template).toBe(expected);
  });

  it('keeps the detected type of each parameter', () => {
    const r = index.resolve('h', 'GET', '/orgs/5/members/507f1f77bcf86cd799439011/keys/123e4567-e89b-12d3-a456-426614174000');
    expect(r.pathParams).toEqual([
      { name: 'orgId', type: 'integer' },
      { name: 'memberId', type: 'object-id' },
      { name: 'keyId', type: 'uuid' },
    ]);
    expect(index.resolve('h', 'GET', '/reports/2024-03-04/jane@example.com').pathParams).toEqual([
      { name: 'reportDate', type: 'date' },
      { name: 'email', type: 'email' },
    ]);
  });

  it('masks emails and tokens in the concrete path', () => {
    const r = index.resolve('h', 'GET', '/users/jane.doe@example.com/reset/Q2FzZUlEPTEyMzQ1Njc4OTAmdXNlcj1hZG1pbg/');
    expect(r.concretePath).toBe('/users/<email>/reset/<token>/');
    expect(r.concretePath).not.toContain('jane');
    expect(index.resolve('h', 'GET', '/users/42').concretePath).toBe('/users/42');
  });
});

describe('templateKey', () => {
  it('ignores placeholder names and a trailing slash', () => {
    expect(templateKey('/users/{userId}/orders/{id}.json')).toBe('/users/{}/orders/{}.json');
    expect(templateKey('/users/{id}')).toBe(templateKey('/users/{userId}'));
    expect(templateKey('/users/')).toBe('/users');
    expect(templateKey('/')).toBe('/');
  });
});

describe('config pins and forced templates', () => {
  it('never templates a pinned path, but still templates deeper segments', () => {
    const index = new TemplateIndex(cfgWith((c) => (c.templates.pins = ['/accounts/42', '/teams/T0G9PQBBK/'])));
    expect(index.resolve('h', 'GET', '/accounts/42').template).toBe('/accounts/42');
    expect(index.resolve('h', 'GET', '/accounts/42/orders/7').template).toBe('/accounts/42/orders/{orderId}');
    expect(index.resolve('h', 'GET', '/accounts/43').template).toBe('/accounts/{accountId}');
    expect(index.resolve('h', 'GET', '/teams/T0G9PQBBK').template).toBe('/teams/T0G9PQBBK');
  });

  it('applies a forced single-segment template only to one segment', () => {
    const index = new TemplateIndex(cfgWith((c) => (c.templates.force = ['/files/{path}'])));
    const r = index.resolve('h', 'GET', '/files/report.pdf');
    expect(r.template).toBe('/files/{path}');
    expect(r.pathParams).toEqual([{ name: 'path', type: 'string' }]);
    expect(index.resolve('h', 'GET', '/files/a/b.txt').template).toBe('/files/a/b.txt');
  });

  it('matches the rest of the path with {name+} or {*name} (S3-style keys)', () => {
    const index = new TemplateIndex(cfgWith((c) => (c.templates.force = ['/my-bucket/{key+}', '/cdn/{*asset}'])));
    const r = index.resolve('h', 'PUT', '/my-bucket/photos/2024/03/04/IMG_1234.jpg');
    expect(r.template).toBe('/my-bucket/{key+}');
    expect(r.pathParams).toEqual([{ name: 'key', type: 'path' }]);
    expect(index.resolve('h', 'GET', '/cdn/a/b/c.js').template).toBe('/cdn/{*asset}');
    expect(index.resolve('h', 'GET', '/my-bucket').template).toBe('/my-bucket');
  });

  it('prefers the more literal forced template, whatever the config order', () => {
    const index = new TemplateIndex(cfgWith((c) => (c.templates.force = ['/files/{path+}', '/files/shared/{name}'])));
    expect(index.resolve('h', 'GET', '/files/shared/x').template).toBe('/files/shared/{name}');
    expect(index.resolve('h', 'GET', '/files/private/x').template).toBe('/files/{path+}');
  });

  it('lets a pin win over a forced template', () => {
    const index = new TemplateIndex(cfgWith((c) => ((c.templates.pins = ['/users/me']), (c.templates.force = ['/users/{login}']))));
    expect(index.resolve('h', 'GET', '/users/me').template).toBe('/users/me');
    expect(index.resolve('h', 'GET', '/users/octocat').template).toBe('/users/{login}');
  });

  it('rejects malformed forced templates with a usage error', () => {
    expect(() => new TemplateIndex(cfgWith((c) => (c.templates.force = ['/a/{rest+}/b'])))).toThrow(/last segment/);
    expect(() => new TemplateIndex(cfgWith((c) => (c.templates.force = ['/a/{id}.json'])))).toThrow(/whole segment/);
    expect(() => new TemplateIndex(cfgWith((c) => (c.templates.force = ['a/{id}'])))).toThrow(/start with/);
  });
});

describe('isIgnored', () => {
  const cfg = cfgWith((c) => {
    c.ignore.hosts = ['*.google-analytics.com', 'localhost:9999'];
    c.ignore.paths = ['/health', '/static/*'];
  });
  it('matches host globs case-insensitively, with or without a port', () => {
    expect(isIgnored('www.google-analytics.com', '/collect', cfg)).toBe(true);
    expect(isIgnored('A.B.Google-Analytics.com:8443', '/collect', cfg)).toBe(true);
    expect(isIgnored('google-analytics.com', '/collect', cfg)).toBe(false);
    expect(isIgnored('localhost:9999', '/x', cfg)).toBe(true);
    expect(isIgnored('localhost:8080', '/x', cfg)).toBe(false);
  });
  it('matches whole paths, * spanning slashes', () => {
    expect(isIgnored('api.x.com', '/health', cfg)).toBe(true);
    expect(isIgnored('api.x.com', '/healthz', cfg)).toBe(false);
    expect(isIgnored('api.x.com', '/static/js/app.js', cfg)).toBe(true);
    expect(isIgnored('api.x.com', '/api/static/x', cfg)).toBe(false);
  });
  it('treats regex characters in globs literally', () => {
    const c = cfgWith((x) => (x.ignore.paths = ['/v1.0/(debug)']));
    expect(isIgnored('h', '/v1.0/(debug)', c)).toBe(true);
    expect(isIgnored('h', '/v1x0/(debug)', c)).toBe(false);
  });
});

describe('TemplateIndex with known templates', () => {
  it('maps a plain word onto an evidence parameter, but never a constant or a pinned path', () => {
    const index = new TemplateIndex(cfgWith((c) => (c.templates.pins = ['/products/clearance'])));
    index.add('shop.example.com', 'GET', '/products/{productName}', [{ name: 'productName', type: 'string' }], { productName: ['gloves', 'hats'] });
    expect(index.resolve('shop.example.com', 'GET', '/products/gloves').template).toBe('/products/{productName}');
    expect(index.resolve('shop.example.com', 'GET', '/products/gloves').concretePath).toBe('/products/gloves');
    expect(index.resolve('shop.example.com', 'GET', '/products/search').template).toBe('/products/search');
    expect(index.resolve('shop.example.com', 'GET', '/products/clearance').template).toBe('/products/clearance');
    expect(index.resolve('shop.example.com', 'GET', '/products/v2').template).toBe('/products/v2');
    // other host: no evidence there; another method on the same host shares the proven position
    expect(index.resolve('other.example.com', 'GET', '/products/gloves').template).toBe('/products/gloves');
    expect(index.resolve('shop.example.com', 'DELETE', '/products/gloves').template).toBe('/products/{productName}');
    expect(index.resolve('shop.example.com', 'DELETE', '/products/search').template).toBe('/products/search');
    // another method joins only with a word GET saw there: `cache` is an action, not a product
    expect(index.resolve('shop.example.com', 'DELETE', '/products/cache').template).toBe('/products/cache');
  });

  it('keeps a known literal that the merge step left beside an evidence template', () => {
    // a merge deletes the literals it folds in; one still known was kept apart (other parameters)
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/colors/palette', []);
    index.add('h', 'GET', '/colors/search', []);
    index.add('h', 'GET', '/colors/{colorName}', [{ name: 'colorName', type: 'string' }], { colorName: ['red', 'teal'] });
    expect(index.resolve('h', 'GET', '/colors/palette').template).toBe('/colors/palette');
    expect(index.resolve('h', 'GET', '/colors/search').template).toBe('/colors/search');
    expect(index.resolve('h', 'GET', '/colors/teal').template).toBe('/colors/{colorName}');
    expect(index.resolve('h', 'GET', '/colors/42').template).toBe('/colors/{colorName}');
  });

  it('folds only words the evidence parameter was seen with; others wait for the merge step', () => {
    // The merge step compares a new word's parameters with the template's, as it does when both arrive
    // in one run: `/colors/mauve` may join later, `/colors/palette` (other parameters) stays literal.
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/colors/{colorName}', [{ name: 'colorName', type: 'string' }], { colorName: ['red', 'teal'] });
    expect(index.resolve('h', 'GET', '/colors/red').template).toBe('/colors/{colorName}');
    expect(index.resolve('h', 'GET', '/colors/mauve').template).toBe('/colors/mauve');
    expect(index.resolve('h', 'GET', '/colors/palette').template).toBe('/colors/palette');
    index.add('h', 'GET', '/sizes/{sizeName}', [{ name: 'sizeName', type: 'string' }]);
    expect(index.resolve('h', 'GET', '/sizes/xl').template).toBe('/sizes/xl');
  });

  it('needs every other position to match the evidence template', () => {
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/repos/{owner}/{repoName}/issues/{issueId}', [
      { name: 'owner', type: 'string' },
      { name: 'repoName', type: 'string' },
      { name: 'issueId', type: 'integer' },
    ], { owner: ['octocat'], repoName: ['Hello-World'] });
    expect(index.resolve('h', 'GET', '/repos/octocat/Hello-World/issues/1347').template).toBe('/repos/{owner}/{repoName}/issues/{issueId}');
    expect(index.resolve('h', 'GET', '/repos/octocat/Hello-World/pulls/1347').template).toBe('/repos/octocat/Hello-World/pulls/{pullId}');
    expect(index.resolve('h', 'GET', '/repos/octocat/Hello-World/issues/me').template).toBe('/repos/octocat/Hello-World/issues/me');
  });

  it('does not let an id parameter absorb plain words', () => {
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/users/{userId}', [{ name: 'userId', type: 'integer' }]);
    expect(index.resolve('h', 'GET', '/users/octocat').template).toBe('/users/octocat');
  });

  it('returns the known spelling of a shape with other placeholder names', () => {
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/users/{id}/orders/{order}', [
      { name: 'id', type: 'integer' },
      { name: 'order', type: 'integer' },
    ]);
    const r = index.resolve('h', 'GET', '/users/42/orders/7');
    expect(r.template).toBe('/users/{id}/orders/{order}');
    expect(r.pathParams.map((p) => p.name)).toEqual(['id', 'order']);
    // a second spelling of the same shape does not rename the endpoint
    index.add('h', 'GET', '/users/{userId}/orders/{orderId}', [
      { name: 'userId', type: 'integer' },
      { name: 'orderId', type: 'integer' },
    ]);
    expect(index.resolve('h', 'GET', '/users/42/orders/8').template).toBe('/users/{id}/orders/{order}');
  });

  it('forgets removed templates', () => {
    const index = new TemplateIndex(defaultConfig());
    index.add('h', 'GET', '/products/{productName}', [{ name: 'productName', type: 'string' }], { productName: ['hats'] });
    expect(index.resolve('h', 'GET', '/products/hats').template).toBe('/products/{productName}');
    index.remove('h', 'GET', '/products/{productName}');
    expect(index.resolve('h', 'GET', '/products/hats').template).toBe('/products/hats');
  });

  it('gives the same answers whatever order templates were added in', () => {
    const known: [string, { name: string; type: string }[], Record<string, string[]>][] = [
      ['/a/{x}/c', [{ name: 'x', type: 'string' }], { x: ['q', 'b'] }],
      ['/a/b/{y}', [{ name: 'y', type: 'string' }], { y: ['q', 'c'] }],
      ['/a/{x}/{y}', [{ name: 'x', type: 'string' }, { name: 'y', type: 'string' }], { x: ['q'], y: ['r'] }],
    ];
    const paths = ['/a/q/c', '/a/b/q', '/a/q/r', '/a/b/c'];
    const answers = (order: typeof known): string[] => {
      const index = new TemplateIndex(defaultConfig());
      for (const [t, p, v] of order) index.add('h', 'GET', t, p, v);
      return paths.map((p) => index.resolve('h', 'GET', p).template);
    };
    const forward = answers(known);
    expect(answers([...known].reverse())).toEqual(forward);
    expect(forward).toEqual(['/a/{x}/c', '/a/b/{y}', '/a/{x}/{y}', '/a/b/{y}']);
  });

  it('templates mixed-case letters after a one-time link\'s word, even when they read as a word', () => {
    const index = new TemplateIndex(defaultConfig());
    expect(index.resolve('h', 'GET', '/g11/password-reset/wMYUgjMJgAOonWTaNPrOeDtj').template).toBe('/g11/password-reset/{passwordResetId}');
    expect(index.resolve('h', 'GET', '/api/messages/search/countByUserIdAndIsRead').template).toBe('/api/messages/search/countByUserIdAndIsRead');
  });

  it('keeps its cache bounded', () => {
    const index = new TemplateIndex(defaultConfig(), 100);
    for (let i = 0; i < 1000; i++) index.resolve('h', 'GET', `/users/u${i}x/profile`);
    expect(index.resolve('h', 'GET', '/users/42').template).toBe('/users/{userId}');
    expect((index as unknown as { firstSights: Map<string, unknown> }).firstSights.size).toBeLessThanOrEqual(100);
  });
});

import { constants, createHmac, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectAuth } from '../../src/analyzers/auth.js';
import { defaultConfig } from '../../src/config.js';
import { InputError } from '../../src/errors.js';
import type { CallRecord, SourceItem } from '../../src/model/call-record.js';
import { headerValue } from '../../src/sources/headers.js';
import { FORM_BOUNDARY } from '../../src/sources/postman-body.js';
import { resolveVars, scopeWith, EMPTY_SCOPE } from '../../src/sources/postman-vars.js';
import { classifyPostmanDoc, readPostman } from '../../src/sources/postman.js';

const SAMPLES = '/work/shared/samples/postman/';
const FIXTURES = fileURLToPath(new URL('../../fixtures/postman/', import.meta.url));

function load(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
function sample(name: string): unknown {
  return load(SAMPLES + name);
}
function fixture(name: string): unknown {
  return load(FIXTURES + name);
}
function itemsOf(doc: unknown, file = 'c.json'): SourceItem[] {
  return [...readPostman(doc, file)];
}
function callsOf(doc: unknown): CallRecord[] {
  return itemsOf(doc).flatMap((i) => (i.kind === 'call' ? [i.call] : []));
}
function urlOf(c: CallRecord): string {
  const q = c.query.map((p) => `${p.name}=${p.value}`).join('&');
  return `${c.scheme}://${c.host}${c.port === null ? '' : ':' + c.port}${c.path}${q ? '?' + q : ''}`;
}
function auth(c: CallRecord): string | undefined {
  return headerValue(c.requestHeaders, 'authorization');
}
function statusCounts(calls: CallRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[String(c.status)] = (out[String(c.status)] ?? 0) + 1;
  return out;
}

describe('classifyPostmanDoc', () => {
  it('recognizes v2 collections, the API envelope and info-less definitions', () => {
    expect(classifyPostmanDoc(sample('postman-schemas_syncapi_v2.1_draft07-schema-url_43-examples.postman_collection.json'))).toBe('v2');
    expect(classifyPostmanDoc({ collection: { info: { name: 'x' }, item: [] } })).toBe('v2');
    expect(classifyPostmanDoc({ name: 'defs', item: [{ request: 'https://a.io/' }] })).toBe('v2');
    expect(classifyPostmanDoc({ info: { schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' } })).toBe('v2');
  });

  it('recognizes legacy v1 and environment files, and nothing else', () => {
    expect(classifyPostmanDoc(sample('newman_v1-format.postman_collection.json'))).toBe('v1');
    expect(classifyPostmanDoc({ id: 'e', name: 'dev', values: [{ key: 'a', value: '1', enabled: true }], _postman_variable_scope: 'environment' })).toBe(
      'environment',
    );
    expect(classifyPostmanDoc({ log: { entries: [] } })).toBeNull();
    expect(classifyPostmanDoc([])).toBeNull();
    expect(classifyPostmanDoc('item')).toBeNull();
  });
});

describe('readPostman on the real samples', () => {
  it('reads every sample without throwing, except v1 which fails with re-export advice', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const doc = sample(f);
      if (classifyPostmanDoc(doc) === 'v1') {
        expect(() => itemsOf(doc, f)).toThrow(InputError);
        expect(() => itemsOf(doc, f)).toThrow(/Postman collection v1 is not supported: re-export it from Postman as Collection v2\.1/);
      } else {
        const items = itemsOf(doc, f);
        expect(items.length, f).toBeGreaterThan(0);
      }
    }
  });

  it('never writes into the parsed document', () => {
    for (const f of readdirSync(SAMPLES)) {
      const doc = sample(f);
      if (classifyPostmanDoc(doc) !== 'v2') continue;
      const before = JSON.stringify(doc);
      itemsOf(doc, f);
      expect(JSON.stringify(doc), f).toBe(before);
    }
  });

  // Truth counted from the JSON: every saved example is a call, a request without examples is one call.
  it.each([
    ['postman-schemas_syncapi_v2.1_draft07-schema-url_43-examples.postman_collection.json', 73, { '200': 42, '404': 1, null: 30 }],
    ['adyen_checkout-v71_v2.1_examples.postman_collection.json', 60, { '200': 35, '201': 15, '422': 1, null: 9 }],
    ['adyen_binlookup-v54_v2.1_examples.postman_collection.json', 6, { '200': 5, null: 1 }],
    ['newman_postman-echo_v2.0_examples-auth.postman_collection.json', 25, { '200': 7, '401': 3, null: 15 }],
    ['paypal_checkout-flows_v2.0_depth3_mixed-url-forms.postman_collection.json', 43, { null: 43 }],
    ['postman-schemas_request_v2.1_host-string_path-vars_404-examples.postman_collection.json', 2, { '404': 2 }],
    ['newman_whatwg-url-edge-cases_v2.1.postman_collection.json', 26, { null: 26 }],
  ])('%s yields %i calls with the saved status codes', (file, count, statuses) => {
    const calls = callsOf(sample(file));
    expect(calls).toHaveLength(count);
    expect(statusCounts(calls)).toEqual(statuses);
    expect(calls.map((c) => c.source.index)).toEqual(calls.map((_, i) => i));
    expect(calls.every((c) => c.source.file === 'c.json' && c.ts === null && c.httpVersion === '' && c.clientIp === null)).toBe(true);
  });

  it('skips the request that has no URL, with a reason', () => {
    expect(itemsOf(sample('insomnia_postman-export-oauth2_v2.1.postman_collection.json'))).toEqual([
      { kind: 'skip', index: 0, reason: 'request has no URL' },
    ]);
  });

  it('resolves {{baseUrl}} from collection variables and inherits the collection apikey (adyen)', () => {
    const calls = callsOf(sample('adyen_checkout-v71_v2.1_examples.postman_collection.json'));
    const cancel = calls[0]!;
    expect(urlOf(cancel)).toBe('https://checkout-test.adyen.com/v71/cancels');
    expect(cancel.status).toBe(201);
    expect(cancel.tags).toEqual(['Modifications//cancels']);
    // X-API-Key is declared empty in the collection, so its marker stays visible
    expect(calls.every((c) => headerValue(c.requestHeaders, 'X-API-Key') === '{{X-API-Key}}')).toBe(true);
    // Idempotency-Key is disabled in every request that has it
    expect(calls.some((c) => headerValue(c.requestHeaders, 'Idempotency-Key') !== undefined)).toBe(false);
    const unresolvedPath = calls.find((c) => c.path.includes(':paymentPspReference'));
    expect(unresolvedPath?.path).toBe('/v71/payments/:paymentPspReference/amountUpdates');
  });

  it('applies collection bearer auth unless a request says otherwise (paypal)', () => {
    const calls = callsOf(sample('paypal_checkout-flows_v2.0_depth3_mixed-url-forms.postman_collection.json'));
    const recurring = calls.filter((c) => c.tags[0] === 'Expanded Checkout - Save Payment Methods/Recurring Revenue with Saved Payment Method');
    expect(recurring).toHaveLength(6);
    expect(recurring.every((c) => auth(c) === 'Bearer {{access_token}}')).toBe(true);
    const token = calls.find((c) => c.path === '/v1/oauth2/token')!;
    expect(auth(token)).toMatch(/^Basic /);
    expect(Buffer.from(auth(token)!.slice(6), 'base64').toString()).toMatch(/^AUv8rrc_P-EbP2E0mpb49BV7rFt3Usr-vdUZO8VGOnjRehGHBXkSzchr37SYF2GNdQFYSp72jh5QUhzG:EMnAWe06/);
    expect(token.requestBody?.mimeType).toBe('application/x-www-form-urlencoded');
    expect(token.requestBody?.text).toBe(
      'grant_type=client_credentials&ignoreCache=true&return_authn_schemes=true&return_client_metadata=true&return_unconsented_scopes=true',
    );
    // a request-level bearer under a noauth folder still sends its token
    const details = calls.find((c) => c.method === 'GET' && c.tags[0] === 'PayPal + Expanded Checkout')!;
    expect(auth(details)).toBe('Bearer {{access_token}}');
    expect(details.path).toBe('/v2/checkout/orders/{{order_id}}');
    const confirm = calls.find((c) => c.path.endsWith('/confirm-payment-source'))!;
    expect(headerValue(confirm.requestHeaders, 'PayPal-Auth-Assertion')).toBeUndefined();
    expect(headerValue(confirm.requestHeaders, 'PayPal-Request-Id')).toBe('{{$guid}}');
  });

  it('keeps the nearest auth: request over folder over collection (nestedEntities)', () => {
    const [inFolder, atRoot] = callsOf(sample('postman-schemas_nestedEntities_v2.1_folder-auth-vars.postman_collection.json'));
    expect(inFolder!.tags).toEqual(['F1']);
    expect(Buffer.from(auth(inFolder!)!.replace('Basic ', ''), 'base64').toString()).toBe('{{username}}:{{token}}');
    expect(auth(atRoot!)).toBe(
      'OAuth oauth_consumer_key="RKCGzna7bv9YD57c", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1500452534", oauth_nonce="S0kXloMHurS", oauth_version="1.0"',
    );
  });

  it('turns each auth type of the insomnia samples into what it sends', () => {
    const one = (f: string): CallRecord => callsOf(sample(f))[0]!;
    const apikey = one('insomnia_apikey-query_v2.1.postman_collection.json');
    expect(urlOf(apikey)).toBe('https://mockbin.org/request/any?test=test');
    expect(auth(apikey)).toBeUndefined();
    expect(auth(one('insomnia_bearer_v2.0.postman_collection.json'))).toBe('Bearer bearer-token-value');
    expect(auth(one('insomnia_basic_v2.0.postman_collection.json'))).toBe(`Basic ${Buffer.from('basic-username:basic-password').toString('base64')}`);
    expect(auth(one('insomnia_digest_v2.1.postman_collection.json'))).toBe(
      'Digest username="guest", realm="digest-realm", nonce="digest-nonce", uri="/HTTP/Digest/", algorithm="MD5", qop=digest-qop, nc=digest-nonce-count',
    );
    const aws = one('insomnia_awsv4_v2.1.postman_collection.json');
    expect(auth(aws)).toBe('AWS4-HMAC-SHA256 Credential=aws-access-key//aws-region/aws-service-name/aws4_request, SignedHeaders=host;x-amz-date');
    expect(headerValue(aws.requestHeaders, 'X-Amz-Security-Token')).toBe('aws-session-token');
    const oauth1 = callsOf(sample('insomnia_oauth1_v2.1.postman_collection.json'));
    // addParamsToHeader false puts the protocol parameters into the query string
    expect(oauth1[0]!.query.map((q) => q.name)).toContain('oauth_consumer_key');
    expect(auth(oauth1[0]!)).toBeUndefined();
    expect(auth(oauth1[2]!)).toMatch(/^OAuth realm="plaintext-realm-value", oauth_consumer_key="plaintext-consumer-key-value", .*oauth_signature_method="PLAINTEXT"/);
  });

  it('reports an oauth2 block without a token instead of inventing one', () => {
    const items = itemsOf(sample('insomnia_oauth2_v2.1.postman_collection.json'));
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item.kind).toBe('call');
      if (item.kind !== 'call') continue;
      expect(auth(item.call)).toBeUndefined();
      expect(item.warnings).toEqual(['auth oauth2: the access token is empty, so Postman sends no credentials']);
    }
  });

  it('pairs examples with their original request, status, headers, body and response time', () => {
    const [notFound, err] = callsOf(sample('postman-schemas_request_v2.1_host-string_path-vars_404-examples.postman_collection.json'));
    expect(notFound!.method).toBe('POST');
    expect(urlOf(notFound!)).toBe('https://sync.getpostman.com/api/collectionrun');
    expect(notFound!.status).toBe(404);
    expect(headerValue(notFound!.responseHeaders, 'Server')).toBe('nginx/1.6.2');
    expect(notFound!.durationMs).toBe(3049);
    // originalRequest given as a bare URL string: GET
    expect(err!.method).toBe('GET');
    expect(err!.responseHeaders).toEqual([]);
    expect(err!.durationMs).toBe(23);

    const echo = callsOf(sample('newman_postman-echo_v2.0_examples-auth.postman_collection.json'));
    const unauthorized = echo.find((c) => c.status === 401 && c.path === '/basic-auth')!;
    expect(unauthorized.responseBody?.text).toBe('Unauthorized');
    expect(headerValue(unauthorized.responseHeaders, 'WWW-Authenticate')).toBe('Basic realm="Users"');
    expect(unauthorized.durationMs).toBe(276);
    expect(auth(unauthorized)).toBe(`Basic ${Buffer.from('postman:password').toString('base64')}`);
    const digest = echo.find((c) => c.status === 200 && c.path === '/digest-auth')!;
    expect(auth(digest)).toMatch(/^Digest username="postman", realm="\{\{echo_digest_realm\}\}"/);
    expect(digest.responseBody?.mimeType).toBe('application/json; charset=utf-8');
  });

  it('reads example bodies that v1-converted collections keep under `data` (hackernews)', () => {
    const calls = callsOf(sample('postman-schemas_hackernews_v2.0_COPY-method.postman_collection.json'));
    const example = calls.find((c) => c.status === 200)!;
    expect(urlOf(example)).toBe('https://hacker-news.firebaseio.com/v0/item/8863.json?print=pretty');
    expect(example.responseBody?.mimeType).toBe('application/json; charset=utf-8');
    expect(example.responseBody?.text).toContain('"by" : "dhouston"');
    expect(calls.find((c) => c.method === 'COPY')?.path).toBe('/v0/item/160705.json');
  });

  it('fills path variables, keeps unresolved markers and drops the default port (request.json)', () => {
    const doc = sample('postman-schemas_request_v2.1_host-string_path-vars_404-examples.postman_collection.json') as {
      item: Array<{ response?: unknown }>;
    };
    // without its examples the item itself is the one call
    const [call] = callsOf({ ...doc, item: [{ ...doc.item[0], response: [] }] });
    expect(urlOf(call!)).toBe('https://postman-echo.com/alpha/{{beta}}/radiation?foo=bar');
    expect(call!.requestBody?.mimeType).toBe(`multipart/form-data; boundary=${FORM_BOUNDARY}`);
    expect(call!.requestBody?.text).toContain('Content-Disposition: form-data; name="user_id"\r\n\r\nU1\r\n');
  });

  it('rebuilds URL objects without raw whose host is one string (timing api)', () => {
    const calls = callsOf(sample('insomnia_timing-api_v2.0_host-path-strings.postman_collection.json'));
    expect(calls[1]!.host).toBe('web.timingapp.com');
    expect(calls[1]!.path).toBe('/api/v1/projects');
    // team_id is disabled
    expect(calls[1]!.query).toEqual([
      { name: 'title', value: 'root' },
      { name: 'hide_archived', value: 'true' },
    ]);
    expect(calls[0]!.tags).toEqual(['Projects']);
  });

  it('keeps nested folder paths as tags and custom methods upper-cased', () => {
    const tags = callsOf(sample('newman_multi-level-folders_v2.0.postman_collection.json')).map((c) => c.tags);
    expect(tags).toEqual([['F1'], ['F1'], ['F1'], ['F2/F2.F3'], ['F2'], []]);
    expect(callsOf(sample('newman_custom-http-method_v2.1.postman_collection.json')).map((c) => c.method)).toEqual(['POSTMAN', 'POSTMAN', 'POSTMAN']);
  });

  it('builds a graphql body as JSON with resolved variables (complex bodies)', () => {
    const calls = callsOf(sample('insomnia_complex-bodies_v2.1.postman_collection.json'));
    const gql = calls[5]!;
    expect(gql.requestBody?.mimeType).toBe('application/json');
    const payload = JSON.parse(gql.requestBody!.text) as { query: string; variables: unknown };
    expect(payload.query).toMatch(/^mutation loginUser/);
    expect(payload.variables).toEqual({ password: '{{password}}', username: '{{username}}' });
    expect(calls[1]!.requestBody?.text).toBe('foo=bar');
    expect(calls[0]!.requestBody?.text).toContain('name="file"; filename="test.txt"\r\n\r\n\r\n');
    expect(calls[0]!.host).toBe('{{base_url}}');
  });
});

describe('readPostman on hand-made fixtures', () => {
  const scopes = itemsOf(fixture('scopes-and-auth.postman_collection.json'));
  const byIndex = (i: number): CallRecord => {
    const item = scopes[i]!;
    if (item.kind !== 'call') throw new Error(`item ${i} is ${item.kind}`);
    return item.call;
  };

  it('resolves nested variables, path variables, disabled parts and cookies', () => {
    const c = byIndex(0);
    expect(c.method).toBe('GET');
    expect(urlOf(c)).toBe('https://api.example.com/v1/users/42/:other?page=2');
    expect(c.requestHeaders.map((h) => h.name)).toEqual(['X-Kept', 'Cookie', 'Authorization']);
    expect(headerValue(c.requestHeaders, 'X-Kept')).toBe('legacy-value');
    expect(c.requestCookies).toEqual([
      { name: 'sid', value: 'abc' },
      { name: 'theme', value: 'dark=1' },
    ]);
    expect(auth(c)).toBe('Bearer coll-token');
  });

  it('lets the item scope beat the folder scope and the folder beat the collection', () => {
    expect(byIndex(1).path).toBe('/v3/things');
    expect(byIndex(2).path).toBe('/v2/things');
    expect(byIndex(2).tags).toEqual(['V2']);
  });

  it('inherits folder auth, lets a request override it, and stops at noauth', () => {
    expect(headerValue(byIndex(3).requestHeaders, 'X-Admin-Key')).toBe('admin-secret');
    expect(auth(byIndex(3))).toBeUndefined();
    expect(auth(byIndex(4))).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(byIndex(5).tags).toEqual(['Admin/Public']);
    expect(byIndex(5).requestHeaders).toEqual([]);
  });

  it('writes oauth2, hawk and ntlm the way they go on the wire', () => {
    expect(byIndex(6).query).toEqual([{ name: 'access_token', value: 'oa2' }]);
    expect(auth(byIndex(7))).toBe('Token oa2');
    expect(auth(byIndex(8))).toBe('Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2"');
    expect(auth(byIndex(9))).toMatch(/^NTLM TlRMTVNTUAAB/);
    expect(Buffer.from(auth(byIndex(9))!.slice(5), 'base64').subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
  });

  it('hands the auth analyzer each scheme as its own: digest, oauth1, awsv4, hawk and ntlm are not api-key', () => {
    const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));
    const req = (type: string, params: Record<string, string>) => ({
      name: type,
      request: { method: 'GET', url: `https://api.example.com/${type}`, auth: { type, [type]: kv(params) } },
    });
    const doc = {
      info: { name: 'schemes', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        req('digest', { username: 'dig', password: 'DigPW123!' }),
        req('oauth1', { consumerKey: 'CK', consumerSecret: 'CSsecret' }),
        req('awsv4', { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }),
        req('hawk', { authId: 'hid', authKey: 'HAWKKEY' }),
        req('ntlm', { username: 'u', password: 'NtlmPw1!' }),
      ],
    };
    expect(callsOf(doc).map((c) => [c.path, detectAuth(c, defaultConfig()).schemes])).toEqual([
      ['/digest', ['digest']],
      ['/oauth1', ['oauth1']],
      ['/awsv4', ['aws-sigv4']],
      ['/hawk', ['hawk']],
      ['/ntlm', ['ntlm']],
    ]);
  });

  it('declares an apikey under a custom name, so the auth analyzer classes it api-key whatever the name', () => {
    const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));
    const req = (where: string) => ({
      name: where,
      request: { method: 'GET', url: `https://api.example.com/${where}`, auth: { type: 'apikey', apikey: kv({ in: where, key: 'test', value: 'Zq8s7TFAKEk3yValue9921' }) } },
    });
    const doc = { info: { name: 'k', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [req('query'), req('header')] };
    const calls = callsOf(doc);
    expect(calls.map((c) => c.declaredCredentials)).toEqual([
      [{ where: 'query', name: 'test', scheme: 'api-key' }],
      [{ where: 'header', name: 'test', scheme: 'api-key' }],
    ]);
    expect(calls.map((c) => detectAuth(c, defaultConfig()).schemes)).toEqual([['api-key'], ['api-key']]);
    // other auth types write names the analyzers know; nothing is declared for them
    expect(callsOf(sample('insomnia_oauth1_v2.1.postman_collection.json')).every((c) => c.declaredCredentials === undefined)).toBe(true);
  });

  describe('jwt and asap auth: the token Postman signs at send time', () => {
    const kv = (o: Record<string, unknown>) => Object.entries(o).map(([key, value]) => ({ key, value }));
    const collection = (type: string, params: Record<string, unknown>) => ({
      info: { name: type, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      variable: [{ key: 'user', value: 'alice@example.com' }],
      item: [{ name: type, request: { method: 'GET', url: 'https://api.example.com/me', auth: { type, [type]: kv(params) } } }],
    });
    const decode = (seg: string) => JSON.parse(Buffer.from(seg, 'base64url').toString()) as Record<string, unknown>;
    const tokenOf = (c: CallRecord) => auth(c)!.replace(/^\S+ /, '');

    it('signs HS256 with the secret (plain or base64), resolving variables in the payload', () => {
      const payload = '{"sub":"{{user}}","iss":"https://idp.example.com"}';
      const [plain] = callsOf(collection('jwt', { algorithm: 'HS256', secret: 's3cret-key', payload, header: '{"kid":"k7","alg":"none"}' }));
      const [b64] = callsOf(collection('jwt', { algorithm: 'HS512', secret: Buffer.from('s3cret-key').toString('base64'), isSecretBase64Encoded: true, payload }));
      expect(auth(plain!)).toMatch(/^Bearer eyJ/);
      const [h, p, sig] = tokenOf(plain!).split('.');
      // the algorithm field wins over an alg in the header, as in Postman
      expect(decode(h!)).toEqual({ kid: 'k7', alg: 'HS256', typ: 'JWT' });
      expect(decode(p!)).toEqual({ sub: 'alice@example.com', iss: 'https://idp.example.com' });
      expect(sig).toBe(createHmac('sha256', 's3cret-key').update(`${h}.${p}`).digest('base64url'));
      const [h2, p2, sig2] = tokenOf(b64!).split('.');
      expect(sig2).toBe(createHmac('sha512', 's3cret-key').update(`${h2}.${p2}`).digest('base64url'));
      const facts = detectAuth(plain!, defaultConfig());
      expect(facts.schemes).toEqual(['bearer-jwt']);
      expect(facts.jwt).toMatchObject({ alg: 'HS256', iss: 'https://idp.example.com', sub: 'alice@example.com' });
    });

    it('signs RS, PS and ES algorithms with the private key; the signature verifies with the public key', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
      const cases = [
        ['RS256', rsa, {}],
        ['PS384', rsa, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }],
        ['ES256', ec, { dsaEncoding: 'ieee-p1363' }],
      ] as const;
      for (const [alg, pair, opts] of cases) {
        const [call] = callsOf(collection('jwt', { algorithm: alg, privateKey: pem(pair.privateKey), payload: { sub: 'svc-1' } }));
        const [h, p, sig] = tokenOf(call!).split('.');
        expect(decode(h!).alg).toBe(alg);
        const digest = `sha${alg.slice(2)}`;
        expect(verify(digest, Buffer.from(`${h}.${p}`), { key: pair.publicKey, ...opts }, Buffer.from(sig!, 'base64url'))).toBe(true);
      }
    });

    it('puts the token in a query parameter when asked, declared as a bearer JWT; a custom header prefix is kept', () => {
      const [inQuery] = callsOf(collection('jwt', { algorithm: 'HS256', secret: 'k', payload: '{"sub":"q"}', addTokenTo: 'queryParam', queryParamKey: 'jwt' }));
      expect(auth(inQuery!)).toBeUndefined();
      expect(inQuery!.query.map((q) => q.name)).toEqual(['jwt']);
      expect(detectAuth(inQuery!, defaultConfig()).schemes).toEqual(['bearer-jwt']);
      const [prefixed] = callsOf(collection('jwt', { algorithm: 'HS256', secret: 'k', payload: '{}', headerPrefix: 'JWT' }));
      expect(auth(prefixed!)).toMatch(/^JWT eyJ/);
      expect(detectAuth(prefixed!, defaultConfig()).schemes).toEqual(['bearer-jwt']);
    });

    it('sends nothing, with a warning, when Postman could not sign', () => {
      const warn = (params: Record<string, unknown>) => itemsOf(collection('jwt', params)).map((i) => (i.kind === 'call' ? [auth(i.call), i.warnings] : i));
      expect(warn({ algorithm: 'HS256', payload: '{}' })).toEqual([[undefined, ['auth jwt: the secret is empty, so Postman sends no credentials']]]);
      expect(warn({ algorithm: 'RS256', privateKey: 'not a key' })).toEqual([[undefined, ['auth jwt: the private key cannot be read, so Postman sends no credentials']]]);
      expect(warn({ algorithm: 'HS256', secret: 'k', payload: '{"sub":' })).toEqual([[undefined, ['auth jwt: the payload is not JSON, so Postman sends no credentials']]]);
      expect(warn({ algorithm: 'none', secret: 'k' })).toEqual([[undefined, ['auth jwt: algorithm "none" is not one Postman signs with, so Postman sends no credentials']]]);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(warn({ algorithm: 'ES256', privateKey: rsa })).toEqual([[undefined, ['auth jwt: the private key is rsa, not one ES256 signs with, so Postman sends no credentials']]]);
    });

    it('signs an ASAP token with its issuer, subject, audience and key id', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const [call] = callsOf(collection('asap', { kid: 'svc/key1', iss: 'svc', sub: '{{user}}', aud: 'api', privateKey: pem, claims: '{"scope":"read"}' }));
      const [h, p] = tokenOf(call!).split('.');
      expect(auth(call!)).toMatch(/^Bearer eyJ/);
      expect(decode(h!)).toEqual({ kid: 'svc/key1', alg: 'RS256', typ: 'JWT' });
      expect(decode(p!)).toEqual({ scope: 'read', iss: 'svc', sub: 'alice@example.com', aud: 'api' });
      expect(detectAuth(call!, defaultConfig()).schemes).toEqual(['bearer-jwt']);
    });
  });

  it('never makes a call without a host: a relative URL needs a Host header, else it is skipped with a reason', () => {
    const doc = {
      info: { name: 'relative', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        { name: 'bare', request: { method: 'GET', url: '/login' } },
        { name: 'with host', request: { method: 'GET', url: '/z?a=1', header: [{ key: 'Host', value: 'h.example:8080' }] } },
      ],
    };
    const [bare, withHost] = itemsOf(doc);
    expect(bare).toEqual({ kind: 'skip', index: 0, reason: 'no host: the URL is relative and there is no Host header' });
    expect(withHost?.kind === 'call' ? urlOf(withHost.call) : withHost).toBe('https://h.example:8080/z?a=1');
  });

  it('warns about empty credentials and unknown schemes, and keeps empty-variable markers', () => {
    expect(scopes[10]).toMatchObject({ kind: 'call', warnings: ['auth bearer: the token is empty, so Postman sends no credentials'] });
    expect(auth(byIndex(10))).toBeUndefined();
    expect(auth(byIndex(11))).toBe('Bearer {{emptyToken}}');
    expect(scopes[12]).toMatchObject({ kind: 'call', warnings: ['auth asap: the private key is empty, so Postman sends no credentials'] });
    const unknown = itemsOf({ info: { name: 'u' }, item: [{ name: 'x', request: { url: 'https://a.example/x', auth: { type: 'oci-v1', 'oci-v1': [] } } }] });
    expect(unknown).toMatchObject([{ kind: 'call', warnings: ['auth type "oci-v1" is not understood; no auth data added, auth recorded as unknown'] }]);
    const mode = itemsOf({ info: { name: 'm' }, item: [{ name: 'x', request: { method: 'POST', url: 'https://a.example/x', body: { mode: 'binaryish', binaryish: 'x' } } }] });
    expect(mode).toMatchObject([{ kind: 'call', warnings: ['body mode "binaryish" is not one Postman documents; the body is left out'] }]);
    // Authenticated, though not in a way shown on the wire: declared so, never read as `none`.
    expect(unknown[0]?.kind === 'call' ? unknown[0].call.declaredCredentials : null).toEqual([{ where: 'unknown', name: 'oci-v1', scheme: 'unknown' }]);
  });

  it('handles string requests, custom methods, raw-only and slash-ended hosts', () => {
    expect(urlOf(byIndex(13))).toBe('https://quirks.example.com/plain?x=1');
    expect(byIndex(13).method).toBe('GET');
    expect(byIndex(14).method).toBe('PURGE');
    expect(urlOf(byIndex(14))).toBe('https://quirks.example.com:8080/cache');
    expect(urlOf(byIndex(15))).toBe('https://quirks.example.com/raw/hello');
    expect(urlOf(byIndex(16))).toBe('http://quirks.example.com/a/b');
  });

  it('keeps unresolved hosts visible and stops self-referencing variables', () => {
    expect(byIndex(17).host).toBe('{{missingbase}}');
    expect(byIndex(17).path).toBe('/users');
    expect(byIndex(17).scheme).toBe('https');
    expect(urlOf(byIndex(18))).toBe('https://quirks.example.com/p');
    expect(byIndex(19).path).toMatch(/^\/x+\{\{loop\}\}\/\{\{p[io]ng\}\}$/);
  });

  it('skips items that cannot be calls, numbering them in walk order', () => {
    expect(scopes.slice(20)).toEqual([
      { kind: 'skip', index: 20, reason: 'item "no request at all" has neither a request nor item[]' },
      { kind: 'skip', index: 21, reason: 'request has no URL' },
    ]);
  });

  it('builds every body mode', () => {
    const [xml, json, text, form, multipart, gql, file, disabled] = callsOf(fixture('bodies.postman_collection.json'));
    expect(xml!.requestBody).toEqual({ mimeType: 'application/xml', text: '<a>alice</a>', size: 12, truncated: false, binary: false });
    expect(json!.requestBody?.mimeType).toBe('application/vnd.api+json');
    expect(json!.requestBody?.text).toBe('{"id":"u-1"}');
    expect(text!.requestBody?.mimeType).toBe('text/plain');
    expect(form!.requestBody?.mimeType).toBe('application/x-www-form-urlencoded');
    expect(form!.requestBody?.text).toBe('a=1&b=x%26y%3Dz&who=alice+smith');
    expect(new URLSearchParams(form!.requestBody!.text).get('b')).toBe('x&y=z');
    expect(multipart!.requestBody?.mimeType).toBe(`multipart/form-data; boundary=${FORM_BOUNDARY}`);
    expect(multipart!.requestBody?.text).toBe(
      [
        `--${FORM_BOUNDARY}`,
        'Content-Disposition: form-data; name="title"',
        '',
        'alice',
        `--${FORM_BOUNDARY}`,
        'Content-Disposition: form-data; name="docs"; filename="a.pdf"',
        '',
        '',
        `--${FORM_BOUNDARY}`,
        'Content-Disposition: form-data; name="docs"; filename="b.png"',
        '',
        '',
        `--${FORM_BOUNDARY}`,
        'Content-Disposition: form-data; name="meta"',
        'Content-Type: application/json',
        '',
        '{}',
        `--${FORM_BOUNDARY}--`,
        '',
      ].join('\r\n'),
    );
    expect(JSON.parse(gql!.requestBody!.text)).toEqual({ query: 'query($id: ID!) { user(id: $id) { name } }', variables: { id: 'u-1' } });
    expect(file!.requestBody).toEqual({ mimeType: 'application/octet-stream', text: '', size: -1, truncated: false, binary: true });
    expect(disabled!.requestBody).toBeNull();
  });

  it('turns every example into a call and a request without examples into one', () => {
    const items = itemsOf(fixture('examples.postman_collection.json'), 'ex.json');
    expect(items).toHaveLength(5);
    const calls = items.flatMap((i) => (i.kind === 'call' ? [i.call] : []));
    const [found, missing, noOriginal, noUrl, plain] = calls;
    expect(found).toMatchObject({ status: 200, path: '/users/7', host: 'ex.example.com', durationMs: 123 });
    expect(found!.responseBody?.mimeType).toBe('application/json');
    expect(JSON.parse(found!.responseBody!.text)).toEqual({ id: 7, email: 'a@b.co' });
    // no numeric code: the reason phrase gives it; headers as a "Key: value" block
    expect(missing).toMatchObject({ status: 404, path: '/users/999', durationMs: null });
    expect(missing!.responseHeaders).toEqual([
      { name: 'Content-Type', value: 'text/plain' },
      { name: 'X-Trace', value: 't1' },
    ]);
    // no originalRequest: the item's own request
    expect(noOriginal).toMatchObject({ status: 500, path: '/users/:id', durationMs: 9 });
    expect(headerValue(noOriginal!.requestHeaders, 'Accept')).toBe('application/json');
    expect(noOriginal!.responseBody?.mimeType).toBe('text/html');
    // an originalRequest without URL was sent to the item's URL
    expect(noUrl).toMatchObject({ status: 204, path: '/users/:id', responseBody: null });
    expect(plain).toMatchObject({ status: null, path: '/users', responseHeaders: [], responseBody: null, durationMs: null });
    expect(calls.map((c) => c.source)).toEqual([0, 1, 2, 3, 4].map((index) => ({ file: 'ex.json', index })));
  });

  it('unwraps the Postman API envelope and reads info-less definitions with v2.0 auth maps', () => {
    const [call] = callsOf({
      collection: {
        name: 'defs',
        variable: [{ key: 'h', value: 'env.example.com' }],
        auth: { type: 'bearer', bearer: { token: 'tok' } },
        item: [{ request: 'https://{{h}}/x' }],
      },
    });
    expect(urlOf(call!)).toBe('https://env.example.com/x');
    expect(auth(call!)).toBe('Bearer tok');
  });

  it('rejects environments and non-collections with an InputError naming the file', () => {
    const env = { name: 'dev', values: [{ key: 'a', value: '1' }], _postman_variable_scope: 'environment' };
    expect(() => itemsOf(env, 'dev.postman_environment.json')).toThrow(/dev\.postman_environment\.json: this is a Postman environment/);
    expect(() => itemsOf({ foo: 1 }, 'x.json')).toThrow(InputError);
    // An API description given in a collection's place says where it belongs.
    expect(() => itemsOf({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }, 'api.json')).toThrow(/api\.json: this is an OpenAPI\/Swagger document, not captured traffic; to compare an inventory with it, run `akto-rt spec-diff FILE`/);
    expect(() => itemsOf({ swagger: '2.0', info: { title: 't', version: '1' }, paths: {} }, 'v2.json')).toThrow(/this is an OpenAPI\/Swagger document/);
  });
});

describe('resolveVars', () => {
  const scope = scopeWith(EMPTY_SCOPE, {
    variable: [
      { key: 'a', value: '{{b}}' },
      { key: 'b', value: '{{c}}' },
      { key: 'c', value: 'deep' },
      { key: 'grow', value: '{{grow}}{{grow}}' },
      { key: 'n', value: 3 },
    ],
  });

  it('follows variables inside variables and leaves unknown and dynamic ones', () => {
    expect(resolveVars('{{a}}-{{n}}-{{nope}}-{{$guid}}', scope)).toBe('deep-3-{{nope}}-{{$guid}}');
    expect(resolveVars('no markers', scope)).toBe('no markers');
  });

  it('stops a doubling variable after a few passes', () => {
    const out = resolveVars('{{grow}}', scope);
    expect(out.length).toBeLessThan(1000);
    expect(out).toMatch(/^(\{\{grow\}\})+$/);
  });
});

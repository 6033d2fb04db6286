import { describe, expect, it } from 'vitest';
import { findCredentials } from '../../src/analyzers/auth.js';
import { credentialType, detectSensitive, keyOf, normalizeKey, withCredentials } from '../../src/analyzers/sensitive.js';
import { nameFindings, nameValueType } from '../../src/analyzers/value-names.js';
import type { CallRecord } from '../../src/model/call-record.js';
import { defaultConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import type { ParamLocation, ParamValue, SensitiveFinding } from '../../src/model/facts.js';

const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1' })}.c2lnbmF0dXJl`;
const pv = (location: ParamLocation, name: string, value: string, type: ParamValue['type'] = 'string'): ParamValue => ({ location, name, type, value });
const sorted = (f: SensitiveFinding[]) => [...f].sort((a, b) => `${a.location}${a.param}${a.type}`.localeCompare(`${b.location}${b.param}${b.type}`));

describe('keyOf / normalizeKey', () => {
  it('takes the last segment of JSON paths, bracket names and XML-ish paths', () => {
    expect(keyOf('$.user.Password')).toBe('Password');
    expect(keyOf('$.items[*].email')).toBe('email');
    expect(keyOf("$['x-api-key']")).toBe('x-api-key');
    expect(keyOf('$.tags[*]')).toBe('tags');
    expect(keyOf('x-api-key')).toBe('x-api-key');
    expect(normalizeKey('Client_Secret')).toBe('clientsecret');
  });
  it('takes a form field name\'s inner name, quoted or not, and skips indices', () => {
    expect(keyOf("$['user[password]']")).toBe('password');
    expect(keyOf("$['data[User][password]']")).toBe('password');
    expect(keyOf("$['user[emails][]']")).toBe('emails');
    expect(keyOf('auth[api_key]')).toBe('api_key');
    expect(keyOf('$.items[0]')).toBe('items');
    expect(keyOf("$.a['b']")).toBe('b');
  });
});

describe('names that say nothing about the value', () => {
  it('path parameters named after a generic secret (`/sessions/{sessionId}`) are ids unless key material; their shapes still count', () => {
    const found = detectSensitive([
      pv('request.path', 'sessionId', '12345'),
      pv('request.path', 'sessionId', '9b2f4c1e-7d3a-4e8b-a1c6-5f0e2d9b8a74'),
      pv('request.path', 'tokenId', 'jane%40example.com'),
      pv('request.path', 'passwordResetId', 'Zx9kQ2pLm7RtY4vB8nW3sA6dF1gH5jK0'),
      pv('request.path', 'sessionKey', '9f86d081884c7d659a2feaa0c55ad015'), // key material: the name is believed
    ], defaultConfig());
    expect(sorted(found)).toEqual([
      { location: 'request.path', param: 'passwordResetId', type: 'token' },
      { location: 'request.path', param: 'sessionKey', type: 'token' },
      { location: 'request.path', param: 'tokenId', type: 'email' },
    ]);
  });
  it('the session token of a SigV4 call is auth, not data; in a response it is data', () => {
    const found = detectSensitive([
      pv('request.header', 'x-amz-security-token', 'FwoGZXIvYXdzEBYaDHqa0AP1lZmE7nYtFiKwAeRz8jDfFAKEexample0123456789'),
      pv('response.header', 'x-amz-security-token', 'FwoGZXIvYXdzEBYaDHqa0AP1lZmE7nYtFiKwAeRz8jDfFAKEexample0123456789'),
    ], defaultConfig());
    expect(found).toEqual([{ location: 'response.header', param: 'x-amz-security-token', type: 'token' }]);
  });
});

describe('detectSensitive across locations', () => {
  it('finds planted values at the right (location, param, type)', () => {
    const values: ParamValue[] = [
      pv('request.path', 'email', 'jane%40example.com'),
      pv('request.path', 'token', JWT),
      pv('request.query', 'phone', '+14155552671'),
      pv('request.query', 'api_key', 'k_9f8e7d6c5b4a39281706'),
      pv('request.header', 'authorization', `Bearer ${JWT}`),
      pv('request.header', 'x-api-key', 'k_9f8e7d6c5b4a39281706'),
      pv('request.header', 'x-user-email', 'jane@example.com'),
      pv('request.cookie', 'JSESSIONID', 'A1B2C3D4E5F6'),
      pv('request.cookie', 'id_token', JWT),
      pv('request.body', '$.card.number', '4111 1111 1111 1111'),
      pv('request.body', '$.customer.ssn', '123-45-6789'),
      pv('request.body', '$.user.Password', 'hunter2'),
      pv('response.body', '$.items[*].iban', 'DE89370400440532013000'),
      pv('response.body', '$.last_login_ip', '203.0.113.7'),
      pv('response.header', 'set-cookie', 'sessionid=Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1; Path=/; HttpOnly'),
      pv('response.body', '$.config', 'postgres://app:s3cret@db:5432/main'),
    ];
    // Credentials where their auth scheme expects them (Authorization, X-API-Key, session and JWT
    // cookies, an issued session cookie) are auth, not data findings.
    expect(sorted(detectSensitive(values, defaultConfig()))).toEqual(sorted([
      { location: 'request.path', param: 'email', type: 'email' },
      { location: 'request.path', param: 'token', type: 'jwt' },
      { location: 'request.query', param: 'phone', type: 'phone' },
      { location: 'request.query', param: 'api_key', type: 'api-key' },
      { location: 'request.header', param: 'x-user-email', type: 'email' },
      { location: 'request.body', param: '$.card.number', type: 'credit-card' },
      { location: 'request.body', param: '$.customer.ssn', type: 'ssn' },
      { location: 'request.body', param: '$.user.Password', type: 'password' },
      { location: 'response.body', param: '$.items[*].iban', type: 'iban' },
      { location: 'response.body', param: '$.last_login_ip', type: 'ip-address' },
      { location: 'response.body', param: '$.config', type: 'db-connection-string' },
    ]));
  });

  it('treats request credentials in their auth place as auth, but the same secrets elsewhere as findings', () => {
    const cfg = defaultConfig();
    expect(detectSensitive([pv('request.header', 'authorization', `Bearer ${JWT}`)], cfg)).toEqual([]);
    expect(detectSensitive([pv('request.cookie', 'JSESSIONID', 'A1B2C3D4E5F6')], cfg)).toEqual([]);
    expect(detectSensitive([pv('response.body', '$.access_token', JWT)], cfg).map((x) => x.type)).toContain('jwt');
    expect(detectSensitive([pv('request.body', '$.session', JWT)], cfg).map((x) => x.type)).toContain('jwt');
    expect(detectSensitive([pv('response.header', 'authorization', 'Bearer 2YotnFZFEjr1zCsicMWpAA')], cfg).map((x) => x.type)).toEqual(['bearer-token']);
  });

  it('reports session ids and CSRF tokens in non-standard headers, and provider tokens in any header', () => {
    const values = [
      pv('request.header', 'x-session-id', 'sessBBBB1111bbbb2222cccc3333dddd'),
      pv('request.header', 'anti-csrf', 'antiHHHH1111bbbb2222cccc3333dddd'),
      pv('request.header', 'x-xsrf', 'xsrfHHHH1111bbbb2222cccc3333dddd'),
      pv('request.header', 'x-github-deploy', 'ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU'),
      pv('response.header', 'x-slack-hook', 'xoxb-2345678901-3456789012-AbCdEfGhIjKlMnOpQrStUvWx'),
      pv('request.header', 'x-page-cursor', 'eyJwYWdlIjoyfQ'),
      pv('request.header', 'x-analytics-session-id', '1709650000'),
      pv('request.query', 'session_id', 'a8Fk2LmQ9xZ4pR7tW1vB'),
      pv('request.body', '$.payment.card.cvc', '737', 'number'),
    ];
    expect(sorted(detectSensitive(values, defaultConfig()))).toEqual(sorted([
      { location: 'request.header', param: 'x-session-id', type: 'token' },
      { location: 'request.header', param: 'anti-csrf', type: 'token' },
      { location: 'request.header', param: 'x-xsrf', type: 'token' },
      { location: 'request.header', param: 'x-github-deploy', type: 'github-token' },
      { location: 'response.header', param: 'x-slack-hook', type: 'slack-token' },
      { location: 'request.query', param: 'session_id', type: 'token' },
      { location: 'request.body', param: '$.payment.card.cvc', type: 'card-security-code' },
    ]));
  });

  it('types Authorization credentials by scheme', () => {
    const f = (v: string) => [credentialType(v)].filter((x) => x !== null);
    expect(f('Bearer 2YotnFZFEjr1zCsicMWpAA')).toEqual(['bearer-token']);
    expect(f('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toEqual(['basic-credentials']);
    expect(f('Digest username="a", response="b"')).toEqual(['digest-credentials']);
    expect(f('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x, Signature=y')).toEqual(['aws-signature']);
    expect(f('OAuth oauth_consumer_key="k", oauth_signature="s"')).toEqual(['oauth1-credentials']);
    expect(f('Token abc123')).toEqual(['api-key']);
  });

  it('keeps standard headers, the Cookie header and client-IP headers quiet', () => {
    const values = [
      pv('request.header', 'content-type', 'application/json'),
      pv('request.header', 'user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0'),
      pv('request.header', 'accept-language', 'en-US,en;q=0.9'),
      pv('request.header', 'x-forwarded-for', '203.0.113.7, 10.0.0.1'),
      pv('request.header', 'x-real-ip', '203.0.113.7'),
      pv('request.header', 'cookie', 'sessionid=abc; csrftoken=def'),
      pv('request.header', 'if-none-match', 'W/"5f2b8c9d1e3a4b6c7d8e9f0a"'),
      pv('request.header', ':authority', 'api.example.com'),
      pv('response.header', 'x-request-id', '4111111111111111'),
      pv('response.header', 'date', 'Mon, 01 Jan 2024 00:00:00 GMT'),
    ];
    expect(detectSensitive(values, defaultConfig())).toEqual([]);
  });

  it('returns each (location, param, type) once', () => {
    const v = pv('response.body', '$.items[*].email', 'a@example.com');
    expect(detectSensitive([v, { ...v, value: 'b@example.com' }, v], defaultConfig())).toEqual([{ location: 'response.body', param: '$.items[*].email', type: 'email' }]);
  });

  it('skips empty, null and object values', () => {
    expect(detectSensitive([pv('request.body', '$.password', '', 'null'), pv('request.body', '$.address', '', 'object')], defaultConfig())).toEqual([]);
  });
});

describe('config: disable and custom data types', () => {
  it('switches built-in types off, credential types included', () => {
    const cfg = defaultConfig();
    cfg.sensitive.disable = ['email', 'bearer-token'];
    const values = [pv('request.body', '$.e', 'a@example.com'), pv('request.header', 'authorization', 'Bearer abcdef'), pv('request.body', '$.pwd', 'x')];
    expect(detectSensitive(values, cfg)).toEqual([{ location: 'request.body', param: '$.pwd', type: 'password' }]);
  });

  it('switches the provider, password-hash and card-security-code types off; a generic name then still counts', () => {
    const cfg = defaultConfig();
    cfg.sensitive.disable = ['github-token', 'stripe-key', 'password-hash', 'card-security-code', 'slack-token'];
    const gh = 'ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU';
    const values = [
      pv('response.body', '$.value', gh),
      pv('response.body', '$.api_key', gh),
      pv('response.body', '$.note', 'key sk_live_4eC39HqLyjWDarjtT1zdp7dc and xoxb-2345678901-3456789012-AbCdEfGhIjKlMnOpQrStUvWx'),
      pv('response.body', '$.pw_hash', '$2b$12$KIXQJ8p3xQ5Ez9c1Yw2rUe7s8dVvGm0hT4nLbZa6oPqRsTuVwXyZ1'),
      pv('request.body', '$.card.cvc', '737'),
      pv('response.body', '$.gkey', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'),
    ];
    expect(sorted(detectSensitive(values, cfg))).toEqual(sorted([
      { location: 'response.body', param: '$.api_key', type: 'api-key' },
      { location: 'response.body', param: '$.gkey', type: 'google-api-key' },
    ]));
  });

  it('applies key and value conditions joined with and/or', () => {
    const cfg = defaultConfig();
    cfg.sensitive.custom = [
      { name: 'employee-id', keyConditions: [{ op: 'regex', value: '^emp(loyee)?_?id$' }], valueConditions: [{ op: 'startsWith', value: 'E-' }] },
      { name: 'internal-ref', keyConditions: [{ op: 'equals', value: 'ref' }], valueConditions: [{ op: 'contains', value: 'INT' }], operator: 'or' },
      { name: 'numeric-badge', keyConditions: [{ op: 'endsWith', value: 'badge' }, { op: 'equals', value: 'pass_no' }], valueConditions: [{ op: 'isNumber' }] },
      { name: 'ignored', keyConditions: [{ op: 'contains', value: 'a' }], sensitive: false },
    ];
    const values = [
      pv('request.body', '$.Employee_ID', 'E-1001'),
      pv('request.body', '$.emp_id', 'X-1001'), // key matches, value does not: 'and'
      pv('request.query', 'ref', 'abc'), // key alone: 'or'
      pv('response.body', '$.note', 'INT-77'), // value alone: 'or'
      pv('request.header', 'x-badge', '4711'),
      pv('request.header', 'x-badge', 'n/a'),
    ];
    expect(sorted(detectSensitive(values, cfg))).toEqual(sorted([
      { location: 'request.body', param: '$.Employee_ID', type: 'employee-id' },
      { location: 'request.query', param: 'ref', type: 'internal-ref' },
      { location: 'response.body', param: '$.note', type: 'internal-ref' },
      { location: 'request.header', param: 'x-badge', type: 'numeric-badge' },
    ]));
  });

  it('rejects an invalid custom regex with a usage error', () => {
    const cfg = defaultConfig();
    cfg.sensitive.custom = [{ name: 'bad', valueConditions: [{ op: 'regex', value: '(' }] }];
    expect(() => detectSensitive([pv('request.body', '$.a', 'x')], cfg)).toThrow(UsageError);
  });
});

describe('values seen before', () => {
  it('get the same findings however often and in whatever order they repeat under a name', () => {
    const cfg = defaultConfig();
    const at = (value: string): ParamValue => ({ location: 'response.body', name: '$.contact', type: 'string', value });
    // More distinct values than one name's memo holds, each repeated, interleaved with values that hold nothing.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 700; i++) {
        expect(detectSensitive([at(`user${i}@example.com`)], cfg).map((f) => f.type)).toEqual(['email']);
        expect(detectSensitive([at(`ticket ${i}`)], cfg)).toEqual([]);
      }
    }
    // The same value under a header and a body key is judged for each place.
    const ip = '203.0.113.9';
    expect(detectSensitive([{ location: 'response.body', name: '$.ip', type: 'string', value: ip }], cfg).map((f) => f.type)).toEqual(['ip-address']);
    expect(detectSensitive([{ location: 'request.header', name: 'x-forwarded-for', type: 'string', value: ip }], cfg)).toEqual([]);
    expect(detectSensitive([{ location: 'response.body', name: '$.ip', type: 'string', value: ip }], cfg).map((f) => f.type)).toEqual(['ip-address']);
  });
});

describe('nameValueType: names that are values', () => {
  it.each([
    ['ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210', 'github-token'],
    ['sk_live_51HabcdefghijklmnopqrstuVWX', 'stripe-key'],
    ['AKIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
    [JWT, 'jwt'],
    ['john.smith@corp.example', 'email'],
    ['4111111111111111', 'credit-card'],
    ['123-45-6789', 'ssn'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstu', 'token'],
    ['Qx7Lp2Vw9Tz4Kd8Rm3Nb6Hy1', 'token'],
  ])('%s -> %s', (name, type) => {
    expect(nameValueType(name)).toBe(type);
  });

  it('leaves ordinary names alone, digits, ids and long camelCase included', () => {
    for (const n of [
      'q', 'page', 'utm_source', '_', 'X-Request-Id', 'Content-Type', 'X-Amz-Content-Sha256', 'X-Hub-Signature-256', 'sortByCreatedAt2024Desc',
      'filter[createdAt][gte]', 'utm_campaign_2024_spring_sale', 'ga_G12345ABCD_session', 'd41d8cd98f00b204e9800998ecf8427e',
      '550e8400-e29b-41d4-a716-446655440000', 'ORD2024ABCDEF1234567', 'v1.2.3', '1710064800000', 'X-Api-Version-20240101',
    ]) {
      expect(nameValueType(n), n).toBeNull();
    }
  });
});

describe('nameFindings and withCredentials', () => {
  const cfg = defaultConfig();
  const call = (o: Partial<CallRecord>): CallRecord => ({
    ts: 0, method: 'GET', scheme: 'https', host: 'h', port: null, path: '/', query: [], requestHeaders: [], requestCookies: [],
    requestBody: null, status: 200, responseHeaders: [], responseBody: null, durationMs: null, clientIp: null, httpVersion: '', tags: [],
    source: { file: 'x', index: 0 }, ...o,
  });

  it('reports a name that is a value under param `*` with its type, once per type and location', () => {
    const out: SensitiveFinding[] = [];
    const c = call({
      query: [{ name: 'john.smith@corp.example', value: '' }, { name: 'jane@corp.example', value: '' }, { name: 'q', value: 'x' }],
      requestHeaders: [{ name: JWT, value: 'x' }],
    });
    nameFindings(c, cfg, out);
    expect(out).toEqual([
      { location: 'request.query', param: '*', type: 'email' },
      { location: 'request.header', param: '*', type: 'jwt' },
    ]);
  });

  it("drops findings on a configured scheme's credential where the config says it travels (header, query, body)", () => {
    const custom = defaultConfig();
    custom.auth.custom = [
      { name: 'hs', in: 'header', key: 'X-Client-Secret' },
      { name: 'qs', in: 'query', key: 'tenant_secret' },
      { name: 'bs', in: 'body', key: 'tenant_secret' },
    ] as typeof custom.auth.custom;
    const secret = 'Zq8s7TFAKEk3yValue9921abc';
    const c = call({
      method: 'POST',
      query: [{ name: 'tenant_secret', value: secret }],
      requestHeaders: [{ name: 'X-Client-Secret', value: secret }],
      requestBody: { mimeType: 'application/json', text: JSON.stringify({ tenant_secret: secret, other_secret: secret }), size: 0, truncated: false, binary: false },
    });
    const values = [...extractQuery(c), pv('request.header', 'x-client-secret', secret), pv('request.body', '$.tenant_secret', secret), pv('request.body', '$.other_secret', secret)];
    const found = detectSensitive(values, custom);
    expect(sorted(found).map((f) => `${f.location} ${f.param}`)).toEqual(expect.arrayContaining(['request.body $.other_secret', 'request.body $.tenant_secret', 'request.query tenant_secret']));
    const named = detectSensitive([pv('request.header', 'x-client-secret', 'plain-words-value')], custom);
    expect(withCredentials(named, findCredentials(call({ requestHeaders: [{ name: 'X-Client-Secret', value: 'plain-words-value' }] }), custom), custom)).toEqual([]);
    expect(withCredentials(found, findCredentials(c, custom), custom).map((f) => `${f.location} ${f.param}`)).toEqual(['request.body $.other_secret']);
  });

  it('drops findings on OAuth 1 query parameters and on a declared header, and reports a declared query key', () => {
    const oauth = call({ query: [{ name: 'oauth_consumer_key', value: 'dpf43f3p2l4k3l03' }, { name: 'oauth_token', value: 'nnch734d00sl2jdk' }] });
    const values = extractQuery(oauth);
    expect(sorted(detectSensitive(values, cfg)).map((f) => f.param)).toEqual(['oauth_consumer_key', 'oauth_token']);
    expect(withCredentials(detectSensitive(values, cfg), findCredentials(oauth, cfg), cfg)).toEqual([]);

    const declared = call({
      query: [{ name: 'test', value: 'Zq8s7TFAKEk3yValue9921' }],
      requestHeaders: [{ name: 'X-Secret-Key', value: 'Hd8s7TFAKEk3yValue9921' }],
      declaredCredentials: [{ where: 'query', name: 'test', scheme: 'api-key' }, { where: 'header', name: 'X-Secret-Key', scheme: 'api-key' }],
    });
    const found = detectSensitive([...extractQuery(declared), pv('request.header', 'x-secret-key', 'Hd8s7TFAKEk3yValue9921')], cfg);
    // a key-shaped value under a credential word (`X-Secret-Key`) is an API key in its place: auth, not data
    expect(found).toEqual([]);
    expect(withCredentials(found, findCredentials(declared, cfg), cfg)).toEqual([{ location: 'request.query', param: 'test', type: 'api-key' }]);
  });

  function extractQuery(c: CallRecord): ParamValue[] {
    return c.query.map((q) => pv('request.query', q.name, q.value));
  }
});

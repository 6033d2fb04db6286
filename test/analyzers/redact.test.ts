import { describe, expect, it } from 'vitest';
import { extractValues } from '../../src/analyzers/params.js';
import { maskPathSegment, maskText, redactValue } from '../../src/analyzers/mask.js';
import { SAMPLE_BODY_CHARS, redactSample } from '../../src/analyzers/redact.js';
import { detectSensitive } from '../../src/analyzers/sensitive.js';
import { defaultConfig } from '../../src/config.js';
import type { Body, CallRecord, NameValue } from '../../src/model/call-record.js';

const SALT = 'salt';
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-1' })}.c2lnbmF0dXJlLXNlY3JldA`;
const nv = (o: Record<string, string>): NameValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));
const body = (mimeType: string, text: string): Body => ({ mimeType, text, size: text.length, truncated: false, binary: false });

describe('redactValue', () => {
  it('keeps the shape of each type and hides the value', () => {
    expect(redactValue('email', 'john.doe@example.com')).toBe('j***@e***.com');
    expect(redactValue('credit-card', '4111 1111 1111 1111')).toBe('4111 **** **** 1111');
    expect(redactValue('credit-card', '4111111111111111')).toBe('4111********1111');
    expect(redactValue('phone', '+1 415-555-2671')).toBe('+1 ***-***-**71');
    expect(redactValue('phone', '(415) 555-2671')).toBe('(***) ***-**71');
    expect(redactValue('ssn', '123-45-6789')).toBe('***-**-6789');
    expect(redactValue('ssn', '123456789')).toBe('<ssn>');
    expect(redactValue('jwt', JWT)).toBe('<jwt alg=HS256>');
    expect(redactValue('ip-address', '203.0.113.7')).toBe('203.0.113.x');
    expect(redactValue('iban', 'DE89370400440532013000')).toBe('DE****************3000');
    expect(redactValue('db-connection-string', 'postgres://app:s3cret@db:5432/main?sslpassword=x')).toBe('postgres://<redacted>@db:5432/main?<redacted>');
    expect(redactValue('password', 'hunter2')).toBe('<password>');
    expect(redactValue('secret', 'x')).toBe('<secret>');
  });
  it('adds a short salted fingerprint to tokens, never to passwords', () => {
    expect(redactValue('token', 'tok_abc', SALT)).toMatch(/^<token:fp:[0-9a-f]{6}>$/);
    expect(redactValue('token', 'tok_abc', SALT)).toBe(redactValue('token', 'tok_abc', SALT));
    expect(redactValue('password', 'hunter2', SALT)).toBe('<password>');
  });
  it('masks occurrences inside text', () => {
    expect(redactValue('email', 'mail jane@example.com or joe@example.org')).toBe('mail j***@e***.com or j***@e***.org');
    expect(maskText(`id ${JWT} key AKIAIOSFODNN7EXAMPLE`)).toBe('id <jwt alg=HS256> key <aws-access-key-id>');
  });
  it('masks path segments that carry detected values', () => {
    expect(maskPathSegment('jane%40example.com')).toBe('j***@e***.com');
    expect(maskPathSegment('42')).toBe('42');
  });
});

const PLANTED = {
  jwt: JWT,
  bearer: '2YotnFZFEjr1zCsicMWpAA-opaque',
  apiKey: 'k_9f8e7d6c5b4a39281706',
  session: 'SESSzx8qp2lr7tn4wk9vb3hy6mc1',
  csrf: 'CSRFab12cd34ef56gh78',
  basic: Buffer.from('alice:s3cr3t-pw').toString('base64'),
  email: 'jane.doe@example.com',
  email2: 'pathuser@example.org',
  phone: '+14155552671',
  card: '4111111111111111',
  ssn: '123-45-6789',
  iban: 'DE89370400440532013000',
  ip: '198.51.100.23',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  password: 'hunter2-planted',
  db: 'postgres://app:dbpass99@db.internal:5432/main',
  pemBody: 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi',
  setCookie: 'NEWSESSq9w8e7r6t5y4u3i2o1p0',
  xmlSecret: 'xml-secret-value-77',
  textToken: 'texttoken-ABC123xyz',
  fragToken: 'fragtoken-Zz9Yy8Xx7',
};

function stuffedCall(): CallRecord {
  const P = PLANTED;
  return {
    ts: 0, method: 'POST', scheme: 'https', host: 'api.example.com', port: 8443,
    path: `/v1/users/${encodeURIComponent(P.email2)}/reset-password/rt-77aa`,
    query: nv({ api_key: P.apiKey, contact: P.phone, q: 'shoes', access_token: P.jwt }),
    requestHeaders: nv({
      Authorization: `Bearer ${P.bearer}`,
      'Proxy-Authorization': `Basic ${P.basic}`,
      Cookie: `sessionid=${P.session}; csrftoken=${P.csrf}`,
      'X-API-Key': P.apiKey,
      'X-Forwarded-For': `${P.ip}, 10.0.0.1`,
      Referer: `https://app.example.com/cb?code=1&access_token=${P.jwt}`,
      'Content-Type': 'application/json',
      'X-Debug-Email': P.email,
    }),
    requestCookies: nv({ sessionid: P.session, csrftoken: P.csrf }),
    requestBody: body('application/json', JSON.stringify({
      user: { email: P.email, Password: P.password, phone: P.phone, ssn: P.ssn },
      payment: { card: P.card, iban: P.iban },
      aws: { aws_access_key_id: P.aws, aws_secret_access_key: P.awsSecret },
      notes: `call me at ${P.email} token ${P.jwt}`,
      key: `-----BEGIN PRIVATE KEY-----\n${P.pemBody}\n-----END PRIVATE KEY-----`,
      dsn: P.db,
      items: [{ owner_email: P.email }, { card: Number(P.card) }],
    })),
    status: 200,
    responseHeaders: nv({
      'Set-Cookie': `sessionid=${P.setCookie}; Path=/; HttpOnly`,
      'Content-Type': 'application/xml',
      Location: `https://app.example.com/cb#access_token=${P.fragToken}&token_type=bearer`,
    }),
    responseBody: body('application/xml', `<r><email>${P.email}</email><password>${P.xmlSecret}</password><card>${P.card}</card><t>auth_token=${P.textToken}</t></r>`),
    durationMs: 3, clientIp: P.ip, httpVersion: 'HTTP/1.1', tags: [], source: { file: 'x', index: 0 },
  };
}

describe('redactSample', () => {
  it('leaves none of the planted secrets in the clear, anywhere', () => {
    const c = stuffedCall();
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    const out = JSON.stringify(redactSample(c, findings, SALT));
    for (const [name, v] of Object.entries(PLANTED)) expect(out.includes(v), `${name} leaked: ${out}`).toBe(false);
    // Shapes survive for the reader.
    expect(out).toContain('j***@e***.com');
    expect(out).toContain('4111********1111');
    expect(out).toContain('<jwt alg=HS256>');
  });
  it('keeps what is not sensitive and masks by findings even without a re-scan hit', () => {
    const c = stuffedCall();
    const s = redactSample(c, [{ location: 'request.query', param: 'q', type: 'custom-thing' }], SALT);
    expect(s.request.method).toBe('POST');
    expect(s.request.url.startsWith('https://api.example.com:8443/v1/users/')).toBe(true);
    expect(s.request.url).toContain('q=<custom-thing>');
    expect(s.request.url).toContain('/reset-password/<redacted>');
    expect(s.request.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(s.request.headers).toContainEqual(['X-Forwarded-For', '198.51.100.x, 10.0.0.x']);
    expect(s.request.headers.find(([n]) => n === 'Authorization')?.[1]).toMatch(/^Bearer <bearer-token:fp:[0-9a-f]{6}>$/);
    expect(s.request.headers.find(([n]) => n === 'Proxy-Authorization')?.[1]).toBe('Basic <basic-credentials>');
    expect(s.response?.status).toBe(200);
    expect(s.response?.headers[0]?.[1]).toMatch(/^sessionid=<session-cookie:fp:[0-9a-f]{6}>; Path=\/; HttpOnly$/);
    expect(s.response?.headers[2]?.[1]).toMatch(/^https:\/\/app\.example\.com\/cb#access_token=<token:fp:[0-9a-f]{6}>&token_type=bearer$/);
  });
  it('masks custom auth headers and custom data types when given the config', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [{ name: 't', in: 'header', key: 'X-Tenant-Auth' }];
    cfg.sensitive.custom = [{ name: 'emp', valueConditions: [{ op: 'regex', value: '^EMP-\\d+$' }] }];
    const c: CallRecord = { ...stuffedCall(), requestHeaders: nv({ 'X-Tenant-Auth': 'tenant-secret-1' }), query: [], requestBody: body('application/json', '{"id":"EMP-4711"}') };
    const out = JSON.stringify(redactSample(c, [], SALT, cfg));
    expect(out).not.toContain('tenant-secret-1');
    expect(out).not.toContain('EMP-4711');
  });
  it('cuts long bodies after masking', () => {
    const big = JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => ({ i, email: `user${i}@example.com` })) });
    const c: CallRecord = { ...stuffedCall(), responseBody: body('application/json', big) };
    const b = redactSample(c, [], SALT).response?.body ?? '';
    expect(b.length).toBeLessThan(SAMPLE_BODY_CHARS + 40);
    expect(b).toMatch(/more chars\]$/);
    expect(b).not.toMatch(/user\d+@/);
  });
  it('masks form bodies and invalid JSON as text', () => {
    const c: CallRecord = { ...stuffedCall(), requestBody: body('application/x-www-form-urlencoded', 'user=jane&password=pw-form-1&grant_type=password') };
    const s = redactSample(c, [], SALT);
    expect(s.request.body).toBe('user=jane&password=<password>&grant_type=password');
    const bad: CallRecord = { ...stuffedCall(), requestBody: body('application/json', '{"password": "pw-broken-2", "email": "x@example.com"') };
    const b = redactSample(bad, [], SALT).request.body ?? '';
    expect(b).not.toContain('pw-broken-2');
    expect(b).not.toContain('x@example.com');
  });
  it("masks a person's name and address lines in samples by their keys, not a product's name", () => {
    const user: CallRecord = {
      ...stuffedCall(), path: '/admin/users/17', query: [], requestHeaders: [], requestCookies: [],
      requestBody: body('application/json', JSON.stringify({
        name: 'Jonas Meyer',
        role: 'admin',
        customer: { name: 'Grace Rossi', firstName: 'Grace' },
        payment: { card: { holder: 'Grace Rossi' } },
        shippingAddress: { line1: '134 Mill Street', city: 'Berlin' },
        items: [{ name: 'Cast Iron Skillet' }],
      })),
    };
    const b = redactSample(user, [], SALT).request.body ?? '';
    expect(b).not.toMatch(/Jonas|Rossi|Grace|Mill Street/);
    expect(b).toContain('"name":"<person-name>","role":"admin"');
    expect(b).toContain('"line1":"<street-address>","city":"Berlin"');
    expect(b).toContain('"items":[{"name":"Cast Iron Skillet"}]');
    const category: CallRecord = { ...user, path: '/v1/categories/7', requestBody: body('application/json', '{"name":"kitchen"}') };
    expect(redactSample(category, [], SALT).request.body).toBe('{"name":"kitchen"}');
  });

  it('masks names and street lines of billed, shipped and addressed parties, and of /users/me', () => {
    const order: CallRecord = {
      ...stuffedCall(), path: '/v1/orders/9/invoice', query: [], requestHeaders: [], requestCookies: [],
      requestBody: body('application/json', JSON.stringify({
        billedTo: { name: 'Farid Hansen', line1: '1 High Street' },
        billTo: { name: 'Ana Lima' },
        shipTo: { name: 'Kai Berg', street: '9 Elm Road' },
        recipients: [{ name: 'Lea Stern' }],
        addresses: [{ line1: '52 Mill Street' }],
        category: { name: 'kitchen' },
        parent: { name: 'furniture' },
        products: [{ name: 'Cast Iron Skillet' }],
      })),
    };
    const b = redactSample(order, [], SALT).request.body ?? '';
    expect(b).not.toMatch(/Farid|High Street|Ana Lima|Kai Berg|Elm Road|Lea Stern|Mill Street/);
    expect(b).toContain('"billedTo":{"name":"<person-name>","line1":"<street-address>"}');
    expect(b).toContain('"addresses":[{"line1":"<street-address>"}]');
    expect(b).toContain('"category":{"name":"kitchen"},"parent":{"name":"furniture"},"products":[{"name":"Cast Iron Skillet"}]');
    const me: CallRecord = { ...order, path: '/v1/users/me', requestBody: body('application/json', '{"name":"Omar Ivanova"}') };
    expect(redactSample(me, [], SALT).request.body).toBe('{"name":"<person-name>"}');
    const list: CallRecord = { ...order, path: '/v1/users/1/addresses', requestBody: body('application/json', '[{"line1":"54 Elm Street"}]') };
    expect(redactSample(list, [], SALT).request.body).toBe('[{"line1":"<street-address>"}]');
    const store: CallRecord = { ...order, path: '/v1/stores/142', requestBody: body('application/json', '{"name":"Shop Store"}') };
    expect(redactSample(store, [], SALT).request.body).toBe('{"name":"Shop Store"}');
  });

  it('keeps literal route words after a credential word and masks key material there', () => {
    const at = (path: string): string => redactSample({ ...stuffedCall(), path, query: [] }, [], SALT).request.url;
    expect(at('/api/token/refresh')).toMatch(/\/api\/token\/refresh$/);
    expect(at('/api/v1/password/reset')).toMatch(/\/password\/reset$/);
    expect(at('/api_key/resetPassword')).toMatch(/\/api_key\/resetPassword$/);
    expect(at('/api_key/XkQpLmRtYvBnWsAdFg')).toMatch(/\/api_key\/<redacted>$/);
    expect(at('/api_key/9f8e7d6c5b4a39281706f5e4d3c2b1a0')).toMatch(/\/api_key\/<redacted>$/);
  });

  it('keeps prose and code in text bodies and masks credentials quoted there after their scheme word', () => {
    const text = (t: string): string => redactSample({ ...stuffedCall(), responseBody: body('text/plain', t) }, [], SALT).response?.body ?? '';
    expect(text('Invalid password: must contain a digit')).toBe('Invalid password: must contain a digit');
    expect(text('const password = document.getElementById(x)')).toBe('const password = document.getElementById(x)');
    expect(text('Authorization: required for this call')).toBe('Authorization: required for this call');
    expect(text('Authorization: Bearer 7f3a9c2e1b4d8f6a0c5e3b9d7f1a2c4e\n')).toMatch(/^Authorization: Bearer <bearer-token:fp:[0-9a-f]{6}>\n$/);
    expect(text('Cookie: sid=Xk3mP9qLr2Vt8Zw1; theme=dark')).not.toMatch(/Xk3mP9qLr2Vt8Zw1|dark/);
    expect(text('password: Hunter2-Secret!')).toBe('password: <password>');
  });

  it('masks JSON posted as a form (split on & and = into nonsense names) by its JSON keys', () => {
    const json = '{"tm":0.01,"search_token":"W98AI8p_nGwKEwiInfmzh","token":"VBtfPhGeeMcKEwiInfmz","feedback_url":"https://g.example/r.py?contact';
    const text = `${encodeURIComponent(json)}=abg_afc&hl=en`;
    const c: CallRecord = { ...stuffedCall(), requestBody: body('application/x-www-form-urlencoded', text) };
    const b = redactSample(c, detectSensitive(extractValues(c, [], c.path), defaultConfig()), SALT).request.body ?? '';
    expect(b).not.toContain('W98AI8p');
    expect(b).not.toContain('VBtfPhGee');
    expect(b).toMatch(/"search_token":"<token[^"]*>","token":"<token/);
  });
  it('masks provider tokens, password hashes, card security codes, session ids and CSRF tokens under neutral names', () => {
    const S = {
      gh: 'ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU',
      slack: 'xoxb-2345678901-3456789012-AbCdEfGhIjKlMnOpQrStUvWx',
      stripe: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      gkey: 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      bcrypt: '$2b$12$KIXQJ8p3xQ5Ez9c1Yw2rUe7s8dVvGm0hT4nLbZa6oPqRsTuVwXyZ1',
      argon: '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
      glpat: 'glpat-xV3bQ9k2Lm7Np4Rt8Wz1',
      session: 'sessBBBB1111bbbb2222cccc3333dddd',
      csrf: 'antiHHHH1111bbbb2222cccc3333dddd',
      xsrf: 'xsrfQQQQ1111bbbb2222cccc3333dddd',
      formCvc: '4821',
      textGh: 'ghs_Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa',
    };
    const c: CallRecord = {
      ...stuffedCall(),
      query: nv({ q: 'shoes', ref: S.stripe }),
      requestHeaders: nv({ 'x-session-id': S.session, 'anti-csrf': S.csrf, 'X-XSRF': S.xsrf, 'X-Deploy': S.gh, 'X-Page-Cursor': 'page-2' }),
      requestBody: body('application/json', JSON.stringify({ card: { number: '4111111111111111', cvc: 737, cvv2: '0421' }, note: `token ${S.slack}`, description: 'plain words' })),
      responseHeaders: nv({ 'Content-Type': 'text/plain' }),
      responseBody: body('text/plain', `gkey=${S.gkey} hash: ${S.bcrypt}\nargon "${S.argon}" ci ${S.glpat} securityCode=${S.formCvc} and ${S.textGh}`),
    };
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    const s = redactSample(c, findings, SALT);
    const out = JSON.stringify(s);
    for (const [name, v] of Object.entries(S)) expect(out.includes(JSON.stringify(v).slice(1, -1)), `${name} leaked: ${out}`).toBe(false);
    const h = (n: string) => s.request.headers.find(([x]) => x === n)?.[1];
    expect(h('x-session-id')).toMatch(/^<token:fp:[0-9a-f]{6}>$/);
    expect(h('anti-csrf')).toMatch(/^<token:fp:[0-9a-f]{6}>$/);
    expect(h('X-XSRF')).toMatch(/^<token:fp:[0-9a-f]{6}>$/);
    expect(h('X-Deploy')).toMatch(/^<github-token:fp:[0-9a-f]{6}>$/);
    expect(h('X-Page-Cursor')).toBe('page-2');
    expect(s.request.url).toMatch(/ref=<stripe-key:fp:[0-9a-f]{6}>/);
    const req = JSON.parse(s.request.body!);
    expect(req.card).toEqual({ number: '4111********1111', cvc: '<card-security-code>', cvv2: '<card-security-code>' });
    expect(req.note).toMatch(/^<slack-token:fp:[0-9a-f]{6}>$/);
    expect(req.description).toBe('plain words');
    expect(s.response?.body).toContain('<google-api-key:fp:');
    expect(s.response?.body).toContain('<password-hash>');
    expect(s.response?.body).toContain('securityCode=<card-security-code>');
    expect(s.response?.body).toContain('<gitlab-token:fp:');
  });
  it('has no response when the call had none, and marks binary bodies', () => {
    const c: CallRecord = { ...stuffedCall(), status: null, responseHeaders: [], responseBody: null, requestBody: { mimeType: 'image/png', text: '', size: 10, truncated: false, binary: true } };
    const s = redactSample(c, [], SALT);
    expect(s.response).toBeNull();
    expect(s.request.body).toBe('<binary 10 bytes>');
  });
});

describe('redactSample: names that are values, and declared credentials', () => {
  const GH = 'ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210';
  const RANDOM = 'Qx7Lp2Vw9Tz4Kd8Rm3Nb6Hy1';
  const base = (o: Partial<CallRecord>): CallRecord => ({
    ts: 0, method: 'GET', scheme: 'https', host: 'api.example.com', port: null, path: '/v1/cb', query: [], requestHeaders: [],
    requestCookies: [], requestBody: null, status: 200, responseHeaders: [], responseBody: null, durationMs: 1, clientIp: null,
    httpVersion: 'HTTP/1.1', tags: [], source: { file: 'x', index: 0 }, ...o,
  });

  it('masks a query, header or JSON key name that is a secret or personal value, and keeps ordinary names', () => {
    const c = base({
      query: nv({ [GH]: '', 'jane.doe@example.com': '', q: 'shoes', page: '2', utm_source: 'mail', _: '1710064800000' }),
      requestHeaders: nv({ [JWT]: 'x', [RANDOM]: '1', 'X-Request-Id': 'r-1' }),
      responseHeaders: nv({ 'Content-Type': 'application/json' }),
      responseBody: body('application/json', JSON.stringify({ [RANDOM]: { ok: true } })),
    });
    const s = redactSample(c, [], SALT);
    expect(s.request.url).toMatch(/^https:\/\/api\.example\.com\/v1\/cb\?<github-token:fp:[0-9a-f]{6}>&j\*\*\*@e\*\*\*\.com&q=shoes&page=2&utm_source=mail&_=1710064800000$/);
    expect(s.request.headers.map(([n]) => n)).toEqual(['<jwt alg=HS256>', expect.stringMatching(/^<token:fp:[0-9a-f]{6}>$/), 'X-Request-Id']);
    expect(s.response?.body).toMatch(/^\{"<token:fp:[0-9a-f]{6}>":\{"ok":true\}\}$/);
    const out = JSON.stringify(s);
    for (const v of [GH, JWT, RANDOM, 'jane.doe@example.com']) expect(out).not.toContain(v);
  });

  it('masks a declared credential under its custom name, in a header and in the query', () => {
    const c = base({
      query: nv({ test: 'Zq8s7TFAKEk3yValue9921' }),
      requestHeaders: nv({ 'X-Custom': 'Hd8s7TFAKEk3yValue9921' }),
      declaredCredentials: [
        { where: 'query', name: 'test', scheme: 'api-key' },
        { where: 'header', name: 'x-custom', scheme: 'api-key' },
      ],
    });
    const s = redactSample(c, [], SALT);
    expect(s.request.url).toMatch(/\?test=<api-key:fp:[0-9a-f]{6}>$/);
    expect(s.request.headers).toEqual([['X-Custom', expect.stringMatching(/^<api-key:fp:[0-9a-f]{6}>$/)]]);
  });
});

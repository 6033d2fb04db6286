// Unit rows for the redaction gaps: secrets in path segments (by shape and by context), base64 of
// personal data, key/value pairs in GraphQL documents and HTML forms, weak shapes in free text, XML
// attributes as parameters, and a configured body credential in samples.

import { describe, expect, it } from 'vitest';
import { extractValues } from '../../src/analyzers/params.js';
import { redactSample } from '../../src/analyzers/redact.js';
import { isSecretPathValue } from '../../src/analyzers/path-secrets.js';
import { detectSensitive, sensitiveTypes } from '../../src/analyzers/sensitive.js';
import { textPairs } from '../../src/analyzers/text-pairs.js';
import { base64Text } from '../../src/analyzers/validators.js';
import { defaultConfig } from '../../src/config.js';
import type { CallRecord } from '../../src/model/call-record.js';
import type { ParamLocation, ParamValue } from '../../src/model/facts.js';

const SALT = 'salt';

function call(o: Partial<CallRecord> & { reqMime?: string; req?: string; respMime?: string; resp?: string }): CallRecord {
  const b = (mimeType: string, text: string) => ({ mimeType, text, size: text.length, truncated: false, binary: false });
  return {
    ts: 0, method: 'POST', scheme: 'https', host: 'api.example', port: null, path: '/x', query: [],
    requestHeaders: [], requestCookies: [], requestBody: o.req === undefined ? null : b(o.reqMime ?? 'application/json', o.req),
    status: 200, responseHeaders: [], responseBody: o.resp === undefined ? null : b(o.respMime ?? 'application/json', o.resp),
    durationMs: null, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 'x', index: 0 },
    ...o,
  };
}

const types = (location: ParamLocation, name: string, value: string): string[] => sensitiveTypes({ location, name, type: 'string', value });

describe('secrets in path segments', () => {
  it.each([
    ['Zx9kQ2pLm7RtY4vB8nW3sA6dF1gH5jK0', ''], // 32 characters of random base64url: a token anywhere
    ['Q2FzZUlEPTEyMzQ1Njc4OTAmdXNlcj1hZG1pbg', 'passwordResetId'],
    ['9b2f4c1e-7d3a-4e8b-a1c6-5f0e2d9b8a74', 'verifyEmailId'], // a UUID after verify-email
    ['9f86d081884c7d659a2feaa0c55ad015', 'password-reset'], // hex after password-reset
    ['5ym-3c5d2b8f4e1a9c7d6b2e', 'resetId'], // Django's reset token
    ['a8Fk2LmQ9xZ4pR7tW1vB', 'magic-link'],
    ['c2r4b1-9f86d081884c7d659a2feaa0c55ad015', 'mqId'], // Django's reset token, wherever it sits
    ['sk8Jd92LmQp4Xz7Rt1Vb6Nc3Hy5Wg0Fa', 'keys'], // 32+ random letters and digits, no - or _: a token anywhere too
    ['a3f1a3f1a3f1a3f1a3f1a3f1a3f1a3f1', 'share'], // a share link's token
  ])('%s after %j is a secret', (seg, context) => {
    expect(isSecretPathValue(seg, context)).toBe(true);
  });
  it.each([
    ['123e4567-e89b-12d3-a456-426614174000', 'itemId'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'blobs'], // sha256 as an id
    ['507f1f77bcf86cd799439011', 'memberId'],
    ['4uLU6hMCjMI75M1A2tKUQC', 'trackId'], // base62 id, 22 characters
    ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'eventId'],
    ['QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco', 'ipfs'], // CIDv0: a content hash
    ['cus_NffrFeUfNV2HibXyZ12345', 'verificationId'], // a prefixed object id, even after verify
    ['1234567890123', 'resetId'], // an integer
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'tokens'], // a token record's id in a collection
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'apiKeyId'],
    ['iphone-15-pro-max-case', 'confirm'], // a slug
    ['order-9f86d081884c7d659a2feaa0c55ad015', 'orders'], // a word before a hash: an id
    ['eyJhbW9ueW1vdXMiOnRydWV9eyJrZXkiOiJtaW50LWFuZHJvaWQifQ', 'mevalId'],
    ['ID=2e6e5bec-0e18-4dc9-96ab-f6c6b1d2c4ed', ''], // a named UUID (Fiddler's start marker)
    ['sk8Jd92LmQp4Xz7Rt1Vb6Nc3Hy5Wg0Fa', 'files'], // a record's long id
    ['a3f1a3f1a3f1a3f1a3f1a3f1a3f1a3f1', 'shares'], // stock shares are records
  ])('%s after %j is an id', (seg, context) => {
    expect(isSecretPathValue(seg, context, base64Text(seg) !== null)).toBe(false);
  });

  it('finds personal data base64-encoded into a path, and tokens, as path findings', () => {
    expect(base64Text('am9obi5kb2VAZXhhbXBsZS5jb20')).toBe('john.doe@example.com');
    expect(base64Text('507f1f77bcf86cd799439011')).toBeNull(); // not mixed case
    expect(base64Text('4uLU6hMCjMI75M1A2tKUQC')).toBeNull(); // random bytes
    expect(types('request.path', 'unsubscribeId', 'am9obi5kb2VAZXhhbXBsZS5jb20')).toEqual(['email']);
    expect(types('request.path', 'passwordResetId', 'Pq8wE3rT6yU1iO4pA7sD0fG2hJ5kL9zX')).toEqual(['token']);
    expect(types('request.path', 'trackId', '4uLU6hMCjMI75M1A2tKUQC')).toEqual([]);
    expect(types('request.path', 'itemId', '123e4567-e89b-12d3-a456-426614174000')).toEqual([]);
  });

  it('masks them in the sample URL, keeping ids', () => {
    const c = call({ method: 'GET', path: '/password-reset/Pq8wE3rT6yU1iO4pA7sD0fG2hJ5kL9zX/items/123e4567-e89b-12d3-a456-426614174000' });
    expect(redactSample(c, [], SALT).request.url).toMatch(/^https:\/\/api\.example\/password-reset\/<token:fp:[0-9a-f]{6}>\/items\/123e4567-e89b-12d3-a456-426614174000$/);
    expect(redactSample(call({ method: 'GET', path: '/unsubscribe/am9obi5kb2VAZXhhbXBsZS5jb20' }), [], SALT).request.url).toBe('https://api.example/unsubscribe/<email>');
  });
});

describe('key/value pairs in text', () => {
  it('reads GraphQL arguments only: not aliases, variable definitions or $variables', () => {
    const doc = 'mutation L($pw: String!) { login(email: "a@b.co", password: "pw1", pin: 1234, input: {secret: "s"}, token: $pw) { myToken: token } }';
    expect(textPairs(doc, true).map((p) => [p.key, p.raw])).toEqual([
      ['email', '"a@b.co"'],
      ['password', '"pw1"'],
      ['pin', '1234'],
      ['input', '{secret:'], // read inside as well; as a value it is code, never a finding
      ['secret', '"s"'],
    ]);
  });
  it('reads HTML form controls by name, Rails-style names included', () => {
    const html = '<input type="hidden" name="authenticity_token" value="tok9"><input value="pw" name="user[password]"><meta name="csrf-token" content="c1">';
    const pairs = textPairs(html).map((p) => [p.key, p.raw]);
    expect(pairs).toEqual(expect.arrayContaining([
      ['authenticity_token', '"tok9"'],
      ['password', '"pw"'],
      ['csrf-token', '"c1"'],
    ]));
    // The field's name comes before the bare `value="..."` at the same place, so the name decides the mask.
    expect(pairs.indexOf(pairs.find(([k]) => k === 'password')!)).toBeLessThan(pairs.findIndex(([k, v]) => k === 'value' && v === '"pw"'));
  });
  it('finds secrets in GraphQL documents and free text, and no prose or code', () => {
    expect(types('request.body', '$.query', 'mutation { login(email:"x@y.com", password:"pw12345678") { token } }').sort()).toEqual(['email', 'password']);
    expect(types('request.query', 'query', '{ user(id: 1) { apiToken: token } }')).toEqual([]);
    expect(types('response.body', '$', 'Contact: a@b.example phone +1 415 555 0100 card 4242424242424242').sort()).toEqual(['credit-card', 'email', 'phone']);
    expect(types('request.body', '$', 'ssn 536-22-8741 on file')).toEqual(['ssn']);
    expect(types('request.body', '$', 'note: pw=Hunter2Pw!')).toEqual(['password']); // a pair inside a value
    expect(types('request.body', '$.query', '{ login(input: {secret: "s3cr3t"}) { ok } }')).toEqual(['secret']);
    expect(types('request.body', '$', 'client at 203.0.113.7')).toEqual(['ip-address']);
    for (const decoy of [
      'Password: please try again',
      'UA Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36, version 1.2.3.4, v10.1.2.3',
      'tracking 4000123456789010 and EAN 4006381333931',
      'var token = tokens[i]; this.password = r[4]||n; secret: t.credentials',
      'http_requests_total{method="post",code="200"} 1027 1709650000',
    ]) expect(types('response.body', '$', decoy), decoy).toEqual([]);
  });
});

describe('XML attributes and HTML controls as parameters', () => {
  const params = (c: CallRecord) => extractValues(c, [], c.path).filter((p) => p.location === 'request.body').map((p) => [p.name, p.value]);
  it('reads XML attributes as `@name`, namespace declarations aside', () => {
    const c = call({ reqMime: 'application/xml', req: '<o xmlns="urn:x" xmlns:xsi="urn:y"><customer email="z@q.example" xsi:type="t"/><n id="5">x</n></o>' });
    expect(params(c)).toEqual([
      ['$.o.customer.@email', 'z@q.example'],
      ['$.o.n.@id', '5'],
      ['$.o.n', 'x'],
    ]);
    expect(detectSensitive(extractValues(c, [], c.path), defaultConfig())).toEqual([{ location: 'request.body', param: '$.o.customer.@email', type: 'email' }]);
  });
  it('reads HTML form fields by name; void elements open nothing, even closed XHTML-style', () => {
    const c = call({ reqMime: 'text/html', req: '<html><head><meta name="csrf-token" content="c1"></meta></head><body><form><input name="password" value="pw"><input name=pin value=4711><p>hi</p></form></body></html>' });
    expect(params(c)).toEqual([
      ['$.html.head.csrf-token', 'c1'],
      ['$.html.body.form.password', 'pw'],
      ['$.html.body.form.pin', '4711'],
      ['$.html.body.form.p', 'hi'],
    ]);
  });
});

describe('redactSample', () => {
  it('masks a configured body credential at its path, by name at any depth, and in form bodies', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [{ name: 'b', in: 'body', key: 'auth_blob' }, { name: 'n', in: 'body', key: '$.auth.inner' }];
    const json = redactSample(call({ req: '{"auth_blob":"S1-planted","deep":{"auth_blob":"S2-planted"},"auth":{"inner":"S3-planted"}}' }), [], SALT, cfg);
    expect(json.request.body).toMatch(/^\{"auth_blob":"<token:fp:[0-9a-f]{6}>","deep":\{"auth_blob":"<token:fp:[0-9a-f]{6}>"\},"auth":\{"inner":"<token:fp:[0-9a-f]{6}>"\}\}$/);
    const form = redactSample(call({ reqMime: 'application/x-www-form-urlencoded', req: 'auth_blob=S4-planted&x=1' }), [], SALT, cfg);
    expect(form.request.body).toMatch(/^auth_blob=<token:fp:[0-9a-f]{6}>&x=1$/);
  });
  it('masks GraphQL arguments in a GET query string and HTML form values by the field name', () => {
    const q = redactSample(call({ method: 'GET', path: '/graphql', query: [{ name: 'query', value: 'mutation { login(password: "pw-planted-1") { ok } }' }] }), [], SALT);
    expect(q.request.url).not.toContain('pw-planted-1');
    expect(q.request.url).toContain('password%3A "<password>"'.replace('%3A', ':'));
    const h = redactSample(call({ respMime: 'text/html', resp: '<form><input name="user[password]" value="pw-planted-2"><input name="q" value="shoes"></form>' }), [], SALT);
    expect(h.response?.body).toBe('<form><input name="user[password]" value="<password>"><input name="q" value="shoes"></form>');
  });
});

describe('session ids under short query names and one-time codes', () => {
  it('are token findings, masked in the sample URL; a label under the same name is not', () => {
    const c = call({
      method: 'GET',
      path: '/cart',
      query: [
        { name: 'sid', value: '8f3a9c2e71b04d5e' },
        { name: 'otp', value: '482913' },
        { name: 'session', value: '2024-spring' },
      ],
    });
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    expect(findings).toEqual([
      { location: 'request.query', param: 'sid', type: 'token' },
      { location: 'request.query', param: 'otp', type: 'token' },
    ]);
    const url = redactSample(c, findings, SALT).request.url;
    expect(url).toMatch(/^https:\/\/api\.example\/cart\?sid=<token:fp:[0-9a-f]{6}>&otp=<token:fp:[0-9a-f]{6}>&session=2024-spring$/);
  });
});

describe('form field names with brackets (Rails, Yii, CakePHP)', () => {
  it('report and mask the inner name: user[password], customer[name]', () => {
    const c = call({ reqMime: 'application/x-www-form-urlencoded', req: 'user%5Bpassword%5D=hunter2&user%5Bemail%5D=jane%40example.com&customer%5Bname%5D=Jane+Doe&cart%5Bitems%5D=3' });
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    expect(findings).toEqual([
      { location: 'request.body', param: '$.user.password', type: 'password' },
      { location: 'request.body', param: '$.user.email', type: 'email' },
    ]);
    const body = redactSample(c, findings, SALT).request.body!;
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain('jane');
    expect(body).not.toContain('Jane');
    expect(body).toBe('user[password]=<password>&user[email]=j***@e***.com&customer[name]=<person-name>&cart[items]=3');
  });
});

describe('bracketed form keys that are values', () => {
  it('are reported at the `*` they became and masked in the sample, the structure kept', () => {
    const c = call({ reqMime: 'application/x-www-form-urlencoded', req: 'emails%5Bjane%40example.com%5D%5Bverified%5D=1&plan=pro' });
    const links: ParamValue[] = [];
    const values = extractValues(c, [], c.path, links);
    expect(values.filter((v) => v.location === 'request.body').map((v) => v.name)).toEqual(['$.emails.*.verified', '$.plan']);
    const findings = detectSensitive([...values, ...links], defaultConfig());
    expect(findings).toEqual([{ location: 'request.body', param: '$.emails.*', type: 'email' }]);
    const body = redactSample(c, findings, SALT).request.body!;
    expect(body).not.toContain('jane');
    expect(body).toBe('emails[j***@e***.com][verified]=1&plan=pro');
  });
});

describe('key/value text inside a string value', () => {
  it('reads serialized JSON, form text and log lines for findings, and masks them in the sample', () => {
    const c = call({
      req: JSON.stringify({
        payload: JSON.stringify({ email: 'jane@example.com', password: 'Hunter2!x', card: '4111111111111111' }),
        body: 'username=jane&password=Hunter2!y',
        log: 'user=jane password=Hunter2!z ip=10.1.2.3',
        filter: 'status=active&sort=desc',
        items: '[{"id":1,"name":"x"}]',
      }),
    });
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    expect(findings).toEqual([
      { location: 'request.body', param: '$.payload', type: 'email' },
      { location: 'request.body', param: '$.payload', type: 'password' },
      { location: 'request.body', param: '$.payload', type: 'credit-card' },
      { location: 'request.body', param: '$.body', type: 'password' },
      { location: 'request.body', param: '$.log', type: 'password' },
      { location: 'request.body', param: '$.log', type: 'ip-address' },
    ]);
    const body = redactSample(c, findings, SALT).request.body!;
    for (const secret of ['Hunter2', 'jane@example.com', '4111111111111111', '10.1.2.3']) expect(body).not.toContain(secret);
    expect(JSON.parse(body)).toMatchObject({ filter: 'status=active&sort=desc', items: '[{"id":1,"name":"x"}]' });
  });
});

describe('a Set-Cookie value holding several cookies', () => {
  it.each([
    ['a newline', 'theme=dark; Path=/\nrefresh=Zk39aQ1mPq7Lx2Rt8sQw; HttpOnly'],
    ['a folding comma', 'theme=dark; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, refresh=Zk39aQ1mPq7Lx2Rt8sQw; HttpOnly'],
  ])('masks every cookie (joined by %s)', (_how, value) => {
    const c = call({ method: 'GET', responseHeaders: [{ name: 'Set-Cookie', value }] });
    const sample = redactSample(c, [], SALT);
    const header = sample.response!.headers.find(([n]) => n === 'Set-Cookie')![1];
    expect(header).not.toContain('Zk39aQ1mPq7Lx2Rt8sQw');
    expect(header).toContain('refresh=<');
    expect(header.startsWith('theme=<cookie>; ')).toBe(true);
    if (value.includes('Expires')) expect(header).toContain('Expires=Wed, 21 Oct 2026');
  });
});

describe('XML CDATA sections', () => {
  it('are element text: a password in one is reported and masked', () => {
    const c = call({ reqMime: 'text/xml', req: '<login><user>jane</user><password><![CDATA[S3cr3t!pw]]></password><note><![CDATA[a < b]]></note></login>' });
    const values = extractValues(c, [], c.path);
    expect(values.filter((v) => v.location === 'request.body').map((v) => v.name)).toEqual(['$.login.user', '$.login.password', '$.login.note']);
    const findings = detectSensitive(values, defaultConfig());
    expect(findings).toEqual([{ location: 'request.body', param: '$.login.password', type: 'password' }]);
    expect(redactSample(c, findings, SALT).request.body).toBe('<login><user>jane</user><password><![CDATA[<password>]]></password><note><![CDATA[a < b]]></note></login>');
  });
});

describe('JSON sent as a form body (Fiddler stores it split at & and =)', () => {
  it('is read as the text it decodes to', () => {
    const json = JSON.stringify({ output: 'js', token: 'VBtfPhGeeMcKEwiInfmzhPGpAhWaB9oKHSsbZW8YACAAMPnqhRBQ' });
    const c = call({ reqMime: 'application/x-www-form-urlencoded', req: `${encodeURIComponent(json)}=abg_afc&hl=en` });
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    expect(findings).toEqual([{ location: 'request.body', param: '$', type: 'token' }]);
    expect(redactSample(c, findings, SALT).request.body).not.toContain('VBtfPhGeeMcKEwiInfmzhPGpAhWaB9oKHSsbZW8YACAAMPnqhRBQ');
  });
});

describe('a record of a collection named after a secret', () => {
  it('keeps its id in the sample URL: `/api-keys/<id>` is one key record, not a key', () => {
    const c = call({ method: 'DELETE', path: '/orgs/org_2fGh7Kp/api-keys/key_5tY7uI9o' });
    expect(redactSample(c, [], SALT).request.url).toBe('https://api.example/orgs/org_2fGh7Kp/api-keys/key_5tY7uI9o');
    expect(redactSample(call({ method: 'GET', path: '/v1/api-tokens/881' }), [], SALT).request.url).toBe('https://api.example/v1/api-tokens/881');
    expect(redactSample(call({ method: 'GET', path: '/v1/api_key/Zx9kQ2pLm7RtY4vB8nW3' }), [], SALT).request.url).not.toContain('Zx9kQ2pLm7RtY4vB8nW3');
  });
});

describe('key material in one case: lower-case session ids and keys', () => {
  const LOWER = 'fh63py34ug7b8ydj1ohf5niywpsvwyyi';
  it.each([
    [LOWER, 'keys'],
    [LOWER, 'keyId'],
    [LOWER, 'tokens'],
    [LOWER, 'tokenId'],
    [LOWER, 'token'], // `/login/token/<token>`: a one-time link's place
    ['a3vkd0ibs7g5pq2cq4nh1s8o2u', 'sessions'],
    ['JBSWY3DPEHPK3PXPJBSWY3DP', 'secrets'],
  ])('%s after %j is a secret', (seg, context) => {
    expect(isSecretPathValue(seg, context)).toBe(true);
  });
  it.each([
    [LOWER, ''], // one case of letters is no token by itself
    [LOWER, 'items'],
    [LOWER, 'files'],
    ['ed17574386854bf78a67040be0a770b0', 'tokens'], // hex: a token record's id (Cloudflare's /user/tokens/{id})
    ['f47ac10b58cc4372a5670e02b2c3d479', 'keys'],
    ['01hx5zzkbkactav9wevgemmvrz', 'keys'], // a ULID
    ['prodkey2024rotation1', 'keys'], // a name with numbers
    ['k2m9q4v7x1z8b3n6', 'keys'], // 16 characters: shorter than key material in one case needs
  ])('%s after %j is an id', (seg, context) => {
    expect(isSecretPathValue(seg, context)).toBe(false);
  });

  it('are findings, masked in the sample and its body', () => {
    expect(types('request.path', 'keyId', LOWER)).toEqual(['token']);
    const c = call({ method: 'GET', path: `/api/keys/${LOWER}`, query: [{ name: 'sid', value: 'a3vkd0ibs7g5pq2cq4nh1s8o2u' }] });
    expect(redactSample(c, [], SALT).request.url).toMatch(/^https:\/\/api\.example\/api\/keys\/<token:fp:[0-9a-f]{6}>\?sid=<token:fp:[0-9a-f]{6}>$/);
    const req = '{"auth_code":"k2m9q4v7x1z8b3n6p0r5t2w9y4","session":"a3vkd0ibs7g5pq2cq4nh1s8o2u","aes_key":"p4k8d2m6q0v3x7z1b5n9r2t6w8"}';
    const s = redactSample(call({ req, resp: '{"refresh":"h7j3k9m1p5q8r2t6v0w4x8y2z6"}' }), [], SALT);
    expect(s.request.body).toMatch(/^\{"auth_code":"<token:fp:[0-9a-f]{6}>","session":"<token:fp:[0-9a-f]{6}>","aes_key":"<secret>"\}$/);
    expect(s.response!.body).toMatch(/^\{"refresh":"<token:fp:[0-9a-f]{6}>"\}$/);
  });
});

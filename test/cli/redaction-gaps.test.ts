// Values the redactor or the detector used to miss: a configured body credential, tokens and base64
// e-mails in URL paths, secrets inside GraphQL documents and HTML forms, phones and cards in plain-text
// bodies, e-mails in XML attributes. Each planted value must be absent from every output and from the
// inventory file, and each must be reported by `sensitive`; look-alike ids and decoys must not be.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, storedBytes, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

interface Call {
  method: string;
  url: string;
  reqMime?: string;
  reqBody?: string;
  respMime?: string;
  respBody?: string;
}

function har(calls: Call[]): string {
  return harOf(
    calls.map((c) => ({
      method: c.method,
      url: c.url,
      headers: c.reqMime ? { 'Content-Type': c.reqMime } : ({} as Record<string, string>),
      ...(c.reqBody === undefined ? {} : { requestBody: { mimeType: c.reqMime ?? 'application/json', text: c.reqBody } }),
      responseText: c.respBody ?? '{"ok":true}',
      responseMime: c.respMime ?? 'application/json',
    })),
  );
}

const P = {
  bodyCredential: 'BODYTENANT-4444-planted',
  nestedCredential: 'NESTEDTENANT-5555-planted',
  resetToken1: 'Zx9kQ2pLm7RtY4vB8nW3sA6dF1gH5jK0',
  resetToken2: 'Pq8wE3rT6yU1iO4pA7sD0fG2hJ5kL9zX',
  /** base64url of john.doe@example.com */
  unsubscribe: 'am9obi5kb2VAZXhhbXBsZS5jb20',
  verifyUuid: '9b2f4c1e-7d3a-4e8b-a1c6-5f0e2d9b8a74',
  gqlPassword: 'pw12345678planted',
  htmlPassword: 'hunter2hunter2planted',
  csrf: 'Rk9PQkFSY3NyZnRva2VuMTIzNDU2Nzg5',
  phone: '+1 415 555 0100',
  card: '4242424242424242',
  textPassword: 'Canary-Pw-9911',
  xmlEmail: 'xml.attr.user@example.org',
};

/** Look-alike ids that must stay readable (they are how users recognize endpoints). */
const IDS = {
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  objectId: '507f1f77bcf86cd799439011',
  order: 'ORD12345',
  spotify: '4uLU6hMCjMI75M1A2tKUQC', // a 22-character base62 id, not key material
};

describe('redaction gaps: values the redactor or the detector used to miss', () => {
  const dir = tempDir();
  const db = `${dir}/gaps.db`;
  const outputs: string[] = [];
  let findings: { path: string; location: string; param: string; type: string }[] = [];
  const show = new Map<string, string>();

  beforeAll(async () => {
    writeFileSync(
      `${dir}/cfg.json`,
      JSON.stringify({ auth: { custom: [{ name: 'tenant-b', in: 'body', key: 'auth_blob' }, { name: 'tenant-n', in: 'body', key: '$.auth.inner' }] } }),
    );
    const calls: Call[] = [
      { method: 'POST', url: 'https://gaps.test/emp2', reqBody: JSON.stringify({ employeeId: 'x', auth_blob: P.bodyCredential }) },
      { method: 'POST', url: 'https://gaps.test/emp3', reqMime: 'application/x-www-form-urlencoded', reqBody: `auth_blob=${P.bodyCredential}&name=x` },
      { method: 'POST', url: 'https://gaps.test/emp4', reqBody: JSON.stringify({ auth: { inner: P.nestedCredential } }) },
      { method: 'GET', url: `https://gaps.test/password-reset/${P.resetToken1}` },
      { method: 'GET', url: `https://gaps.test/password-reset/${P.resetToken2}` },
      { method: 'GET', url: `https://gaps.test/unsubscribe/${P.unsubscribe}` },
      { method: 'GET', url: `https://gaps.test/verify-email/${P.verifyUuid}` },
      { method: 'GET', url: `https://gaps.test/items/${IDS.uuid}` },
      { method: 'GET', url: `https://gaps.test/blobs/${IDS.sha256}` },
      { method: 'GET', url: `https://gaps.test/members/${IDS.objectId}` },
      { method: 'GET', url: `https://gaps.test/orders/${IDS.order}` },
      { method: 'GET', url: `https://gaps.test/tracks/${IDS.spotify}` },
      {
        method: 'POST',
        url: 'https://gaps.test/graphql',
        reqBody: JSON.stringify({ query: `mutation Login { login(email: "x@y.com", password: "${P.gqlPassword}") { token } }` }),
      },
      {
        method: 'POST',
        url: 'https://gaps.test/gql-decoy/graphql',
        reqBody: JSON.stringify({ query: 'mutation Login($email: String!, $pw: String!) { login(email: $email, pw: $pw) { authToken: token } }' }),
      },
      {
        method: 'GET',
        url: 'https://gaps.test/html',
        respMime: 'text/html',
        respBody: `<html><head><meta name="csrf-token" content="${P.csrf}"></head><body><form><input type="password" name="password" value="${P.htmlPassword}"><input name="q" value="shoes"></form></body></html>`,
      },
      {
        method: 'GET',
        url: 'https://gaps.test/plain',
        respMime: 'text/plain',
        respBody: `Contact: plain.user@example.com phone ${P.phone} card ${P.card}`,
      },
      { method: 'POST', url: 'https://gaps.test/notes', reqMime: 'text/plain', reqBody: `note for ops, pw=${P.textPassword}` },
      {
        method: 'GET',
        url: 'https://gaps.test/plain-decoy',
        respMime: 'text/plain',
        respBody: 'Password: please try again. Agent Chrome/120.0.0.0, build v1.2.3.4, tracking 4000123456789010, token = tokens[i]',
      },
      {
        method: 'POST',
        url: 'https://gaps.test/xml',
        reqMime: 'application/xml',
        reqBody: `<order xmlns="urn:x"><line><sku>A</sku></line><customer email="${P.xmlEmail}" tier="gold"/></order>`,
      },
    ];
    writeFileSync(`${dir}/gaps.har`, har(calls));
    const a = await cli(['analyze', `${dir}/gaps.har`, '--db', db, '--config', `${dir}/cfg.json`, '-q']);
    expect(a.code, a.stderr).toBe(0);

    const s = await cli(['sensitive', '--db', db, '--format', 'json']);
    expect(s.code).toBe(0);
    outputs.push(s.stdout);
    findings = JSON.parse(s.stdout).findings;
    for (const args of [['endpoints', '--format', 'json'], ['auth'], ['sensitive'], ['export', '--inventory', '-']]) {
      const r = await cli([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      outputs.push(r.stdout);
    }
    const endpoints = JSON.parse(outputs[1]!).endpoints as { method: string; path: string }[];
    for (const e of endpoints) {
      let text = '';
      for (const format of ['table', 'json']) {
        const r = await cli(['show', e.method, e.path, '--db', db, '--format', format]);
        expect(r.code, `show ${e.method} ${e.path}`).toBe(0);
        text += r.stdout;
      }
      show.set(`${e.method} ${e.path}`, text);
      outputs.push(text);
    }
  });

  const stored = (): string => storedBytes(db);

  const has = (path: string, location: string, type: string, param?: string): boolean =>
    findings.some((f) => f.path === path && f.location === location && f.type === type && (param === undefined || f.param === param));

  it('prints and stores none of the planted values', () => {
    const all = [...outputs, stored()];
    for (const [name, v] of Object.entries(P)) for (const text of all) expect(text.includes(v), `${name} leaked`).toBe(false);
    for (const text of all) expect(text).not.toContain('john.doe');
  });

  it('masks a configured body credential (top-level, form-encoded and nested) in samples', () => {
    expect(show.get('POST /emp2')).toMatch(/"auth_blob":"<token:fp:[0-9a-f]{6}>"/);
    expect(show.get('POST /emp3')).toMatch(/auth_blob=<token:fp:[0-9a-f]{6}>/);
    expect(show.get('POST /emp4')).toContain('"inner":"<token:fp:');
    expect(outputs[2]).toContain('tenant-b');
  });

  it('masks and reports tokens in URL paths, and keeps ordinary ids readable', () => {
    const reset = show.get('GET /password-reset/{passwordResetId}')!;
    expect(reset).toMatch(/<token:fp:[0-9a-f]{6}> \(1\), <token:fp:[0-9a-f]{6}> \(1\)/); // two distinct values seen
    expect(reset).toMatch(/GET https:\/\/gaps\.test\/password-reset\/<token:fp:[0-9a-f]{6}>/);
    expect(has('/password-reset/{passwordResetId}', 'request.path', 'token', 'passwordResetId')).toBe(true);
    expect(has('/unsubscribe/{unsubscribeId}', 'request.path', 'email')).toBe(true);
    expect(show.get('GET /unsubscribe/{unsubscribeId}')).toMatch(/https:\/\/gaps\.test\/unsubscribe\/<email:fp:[0-9a-f]{6}>/);
    expect(has('/verify-email/{verifyEmailId}', 'request.path', 'token')).toBe(true);
    for (const [name, id] of Object.entries(IDS)) {
      const entry = [...show.entries()].find(([k]) => k.startsWith('GET /') && show.get(k)!.includes(id));
      expect(entry, `${name} ${id} stays readable`).toBeDefined();
    }
    expect(findings.filter((f) => f.location === 'request.path' && /items|blobs|members|orders|tracks/.test(f.path))).toEqual([]);
  });

  it('masks and reports passwords in GraphQL arguments and HTML forms, not variables or aliases', () => {
    expect(show.get('POST /graphql#Login')).toContain('password: \\"<password>\\"');
    expect(has('/graphql#Login', 'request.body', 'password', '$.query')).toBe(true);
    expect(findings.filter((f) => f.path.startsWith('/gql-decoy'))).toEqual([]);
    expect(show.get('POST /gql-decoy/graphql#Login')).toContain('$pw: String!');
    const html = show.get('GET /html')!;
    expect(html).toContain('name="password" value="<password>"');
    expect(html).toContain('name="q" value="shoes"');
    expect(has('/html', 'response.body', 'password')).toBe(true);
    expect(has('/html', 'response.body', 'token')).toBe(true); // the CSRF token in a meta tag
  });

  it('reports in plain-text bodies and XML attributes what the sample masks, and no decoy', () => {
    for (const type of ['email', 'phone', 'credit-card']) expect(has('/plain', 'response.body', type, '$'), type).toBe(true);
    expect(has('/notes', 'request.body', 'password', '$')).toBe(true);
    expect(has('/xml', 'request.body', 'email', '$.order.customer.@email')).toBe(true);
    expect(show.get('POST /xml')).toContain('$.order.customer.@tier');
    expect(findings.filter((f) => f.path === '/plain-decoy')).toEqual([]);
  });
});

describe('masked path values', () => {
  it('stay distinct: two e-mail addresses are two values, neither printed', async () => {
    const dir = tempDir();
    const file = `${dir}/people.har`;
    writeFileSync(file, har(['jane.doe@example.com', 'john.roe@example.org'].map((e) => ({ method: 'GET', url: `https://api.people.test/people/${e}` }))));
    const db = `${dir}/people.db`;
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const show = await cli(['show', 'GET', '/people/x', '--db', db, '--format', 'json']);
    const param = JSON.parse(show.stdout).endpoint.pathParams[0];
    expect(param.distinctValues).toBe(2);
    expect(param.values.map((v: { value: string }) => v.value)).toEqual([expect.stringMatching(/^j\*\*\*@e\*\*\*\.com~[0-9a-f]{8}$/), expect.stringMatching(/^j\*\*\*@e\*\*\*\.org~[0-9a-f]{8}$/)]);
    expect(show.stdout).not.toMatch(/jane|john/);
  });
});

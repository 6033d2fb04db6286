// Values the redactor or the detector used to miss: a configured body credential, tokens and base64
// e-mails in URL paths, secrets inside GraphQL documents and HTML forms, phones and cards in plain-text
// bodies, e-mails in XML attributes. Each planted value must be absent from every output and from the
// inventory file, and each must be reported by `sensitive`; look-alike ids and decoys must not be.

import { readFileSync, writeFileSync } from 'node:fs';
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

describe('national identity numbers', () => {
  it('are reported and masked under their names, and a status under a tax-id name is not', async () => {
    const dir = tempDir();
    const file = `${dir}/kyc.har`;
    const body = { applicant: { nationalIdNumber: 'NID-4471-9921-0035', taxId: '98-7654321', nino: 'QQ123456C', taxStatus: 'exempt' } };
    writeFileSync(file, har([{ method: 'POST', url: 'https://api.kyc.test/applications', reqMime: 'application/json', reqBody: JSON.stringify(body), respBody: JSON.stringify({ id: 7, ...body }) }]));
    const db = `${dir}/kyc.db`;
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const sensitive = await cli(['sensitive', '--db', db, '--format', 'json']);
    const show = await cli(['show', 'POST', '/applications', '--db', db]);
    const found = JSON.parse(sensitive.stdout).findings.filter((f: { type: string }) => f.type === 'national-id');
    expect(found.map((f: { param: string }) => f.param).sort()).toEqual(expect.arrayContaining(['$.applicant.nationalIdNumber', '$.applicant.nino', '$.applicant.taxId']));
    for (const raw of ['4471-9921', '7654321', 'QQ123456C']) {
      expect(show.stdout).not.toContain(raw);
      expect(storedBytes(db)).not.toContain(raw);
    }
    expect(show.stdout).toContain('exempt');
  });
});

describe('a leak audit', () => {
  const dir = tempDir();
  const db = `${dir}/audit.db`;
  const planted = {
    fileEmail: 'jane.roe@gmail.com',
    card: '4111111111111111',
    partSsn: '536-22-8726',
    queryToken: 'sess_Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8',
    cookieToken: 'sess_Hh1Jj2Kk3Ll4Zz5Xx6Cc7Vv8',
    keyToken: 'Zx8Kq2LmN4pR6sT8vX0zB1dG',
    mnemonic: 'legal winner thank year wave sausage worth useful legal winner thank yellow',
    hmacKey: '3f7a9c2e5b8d1f4a6c0e2b9d7f5a3c1e',
    wif: '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dxsd6EdEfVgd7bXJM',
    customerName: 'Ermintrude Fogg',
    xmlName: 'Wilhelmina Cholmondeley',
    account: '000123456789',
    hostPassword: 'HostHdrPw9',
  };
  beforeAll(async () => {
    const file = `${dir}/audit.har`;
    writeFileSync(
      file,
      harOf([
        {
          method: 'GET',
          url: `https://api.audit.test/v1/files?name=statement_${planted.fileEmail}_2024.csv`,
          responseText: JSON.stringify({ file: `backup_${planted.fileEmail}_2024.zip`, ref: `card-${planted.card}` }),
          responseMime: 'application/json',
        },
        {
          method: 'POST',
          url: 'https://api.audit.test/v1/upload',
          requestBody: {
            mimeType: 'multipart/form-data; boundary=BB',
            text: `--BB\r\nContent-Disposition: form-data; name="doc"; filename="${planted.fileEmail}-ssn-${planted.partSsn}.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--BB--\r\n`,
          },
        },
        {
          method: 'GET',
          url: `https://api.audit.test/v1/prefs?${planted.queryToken}`,
          headers: { Cookie: `${planted.cookieToken}=1`, Host: `hostuser:${planted.hostPassword}@api.audit.test` },
          responseText: JSON.stringify({ devices: { [planted.keyToken]: { name: 'phone' } } }),
          responseMime: 'application/json',
        },
        { method: 'POST', url: 'https://api.audit.test/v1/wallets', body: { mnemonic: planted.mnemonic, hmacKey: planted.hmacKey, wif: planted.wif } },
        { method: 'POST', url: 'https://api.audit.test/v1/customers', body: { customerName: planted.customerName, bankAccountNumber: planted.account, plan: 'gold' } },
        {
          method: 'POST',
          url: 'https://api.audit.test/ws/customer',
          requestBody: { mimeType: 'text/xml', text: `<customer><id>7</id><name>${planted.xmlName}</name></customer>` },
        },
      ]),
    );
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
  });

  it('prints and stores none of the planted values, in samples, parameter names, exports or the inventory', async () => {
    const outputs: string[] = [];
    for (const [m, p] of [['GET', '/v1/files'], ['POST', '/v1/upload'], ['GET', '/v1/prefs'], ['POST', '/v1/wallets'], ['POST', '/v1/customers'], ['POST', '/ws/customer']]) {
      const r = await cli(['show', m!, p!, '--db', db]);
      expect(r.code, `${m} ${p}`).toBe(0);
      outputs.push(r.stdout);
    }
    for (const f of ['inventory', 'openapi']) {
      expect((await cli(['export', `--${f}`, `${dir}/out.${f}.json`, '--db', db])).code).toBe(0);
      outputs.push(readFileSync(`${dir}/out.${f}.json`, 'utf8'));
    }
    outputs.push(storedBytes(db));
    const all = outputs.join('\n');
    for (const [what, raw] of Object.entries(planted)) expect(all, what).not.toContain(raw);
    expect(all).not.toContain('jane.roe');
    // What stays readable: the plan, the XML id, the host.
    expect(outputs[4]).toContain('gold');
    expect(outputs[5]).toContain('<id>7</id>');
    expect(outputs[2]).toContain('@api.audit.test');
  });

  it('reports the new findings by type; token-shaped names become `*`', async () => {
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { path: string; location: string; param: string; type: string }[];
    const has = (path: string, param: string, type: string): boolean => findings.some((f) => f.path === path && f.param === param && f.type === type);
    expect(has('/v1/files', 'name', 'email')).toBe(true);
    expect(has('/v1/wallets', '$.mnemonic', 'secret')).toBe(true);
    expect(has('/v1/wallets', '$.hmacKey', 'secret')).toBe(true);
    expect(has('/v1/wallets', '$.wif', 'secret')).toBe(true);
    expect(has('/v1/customers', '$.bankAccountNumber', 'bank-account')).toBe(true);
    const show = JSON.parse((await cli(['show', 'GET', '/v1/prefs', '--db', db, '--format', 'json'])).stdout);
    const names = show.endpoint.params.map((p: { location: string; name: string }) => `${p.location} ${p.name}`);
    expect(names).toEqual(expect.arrayContaining(['request.query *', 'request.cookie *', 'response.body $.devices.*.name']));
  });
});

describe('shapes inside prose values', () => {
  it('are reported under the field that carries them, as the sample masks them; versions and tracking numbers are not', async () => {
    const dir = tempDir();
    const body = {
      note: 'please charge my card 4111 1111 1111 1111, exp 12/27',
      comment: 'my ssn is 123-45-6789, thanks',
      message: 'call me at +1 415 555 2671 after six',
      decoy: 'build v1.2.3.4 shipped; tracking 4000123456789010 for order 77',
      compact: 'card:4111111111111111',
      bracketed: '(4111111111111111)',
      tel: 'tel:+14155552671',
      semver: 'Upgraded to 1.0.0+20130313144700 today',
      coordinates: 'GPS: +37.4219983-122.084',
      orderId: 'order_4111111111111111 shipped',
      suffixed: 'sha 4111111111111111aa',
      embedded: '{"orderId":"4111111111111111"}',
    };
    writeFileSync(`${dir}/prose.har`, har([{ method: 'POST', url: 'https://prose.test/tickets', reqBody: JSON.stringify(body) }]));
    const db = `${dir}/prose.db`;
    expect((await cli(['analyze', `${dir}/prose.har`, '--db', db, '-q'])).code).toBe(0);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { param: string; type: string }[];
    expect(findings.map((f) => `${f.param} ${f.type}`).sort()).toEqual([
      '$.bracketed credit-card', '$.comment ssn', '$.compact credit-card', '$.message phone', '$.note credit-card', '$.tel phone',
    ]);
    const shown = (await cli(['show', 'POST', '/tickets', '--db', db])).stdout;
    for (const v of ['4111 1111 1111 1111', '123-45-6789', '415 555 2671']) expect(shown).not.toContain(v);
    expect(shown).toContain('tracking 4000123456789010');
  });
});

describe('GraphQL variables', () => {
  it('are judged by the argument they are passed to: a password in `$v1` is reported, masked and never stored', async () => {
    const dir = tempDir();
    const secret = 'GqlV1CanaryB2!';
    const body = {
      operationName: 'M1',
      query: 'mutation M1($v1: String!, $u: String!, $tags: [String!]) { login(username: $u, password: $v1, tags: $tags) { token } }',
      variables: { v1: secret, u: 'jane', tags: ['a', 'b'] },
    };
    writeFileSync(`${dir}/gql.har`, har([{ method: 'POST', url: 'https://gql.test/graphql', reqBody: JSON.stringify(body) }]));
    const db = `${dir}/gql.db`;
    expect((await cli(['analyze', `${dir}/gql.har`, '--db', db, '-q'])).code).toBe(0);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { param: string; type: string }[];
    expect(findings.map((f) => `${f.param} ${f.type}`)).toEqual(['$.variables.v1 password']);
    const shown = (await cli(['show', 'POST', '/graphql#M1', '--db', db, '--format', 'json'])).stdout;
    expect(shown).toContain('\\"v1\\":\\"<password>\\"');
    expect(shown).toContain('\\"u\\":\\"jane\\"');
    for (const text of [shown, storedBytes(db)]) expect(text.includes(secret)).toBe(false);
  });
});

describe('JSON keys that are values', () => {
  it('are reported at the * member they became, as the sample masks them, and their values stay readable', async () => {
    const dir = tempDir();
    const key = 'sk_live_51HcanaryStripeKey0123456789abcdef';
    writeFileSync(
      `${dir}/keys.har`,
      har([{ method: 'POST', url: 'https://keys.test/api/roles', reqBody: JSON.stringify({ 'jane.canary@example.com': 'admin' }), respBody: JSON.stringify({ [key]: 'k1' }) }]),
    );
    const db = `${dir}/keys.db`;
    expect((await cli(['analyze', `${dir}/keys.har`, '--db', db, '-q'])).code).toBe(0);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { location: string; param: string; type: string }[];
    expect(findings.map((f) => `${f.location} ${f.param} ${f.type}`).sort()).toEqual(['request.body $.* email', 'response.body $.* stripe-key']);
    const shown = (await cli(['show', 'POST', '/api/roles', '--db', db])).stdout;
    expect(shown).toContain(':"admin"}');
    expect(shown).toContain(':"k1"}');
    for (const text of [shown, storedBytes(db)]) for (const v of [key, 'jane.canary']) expect(text.includes(v), v).toBe(false);
  });
});

describe('GraphQL batches and comments', () => {
  it('judge each operation\'s variables by their arguments; a commented-out argument binds nothing', async () => {
    const dir = tempDir();
    const batch = [
      { operationName: 'Login', query: 'mutation Login($p: String!) { login(password: $p) { token } }', variables: { p: 'BatchPass#1' } },
      { operationName: 'Search', query: 'query Search($q: String) {\n  # login(password: $q)\n  search(text: $q) { id }\n}', variables: { q: 'red shoes' } },
    ];
    writeFileSync(`${dir}/b.har`, har([{ method: 'POST', url: 'https://gql.test/graphql', reqBody: JSON.stringify(batch) }]));
    const db = `${dir}/b.db`;
    expect((await cli(['analyze', `${dir}/b.har`, '--db', db, '-q'])).code).toBe(0);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as { param: string; type: string }[];
    expect(findings.filter((f) => f.param.includes('variables')).map((f) => `${f.param} ${f.type}`)).toEqual(['$[*].variables.p password']);
    expect(storedBytes(db).includes('BatchPass#1')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { detectAuth } from '../../src/analyzers/auth.js';
import { fingerprint } from '../../src/analyzers/fingerprint.js';
import { userKeyFor } from '../../src/analyzers/user-key.js';
import { defaultConfig, type Config } from '../../src/config.js';
import type { CallRecord, NameValue } from '../../src/model/call-record.js';
import type { UserKey } from '../../src/model/facts.js';

const NOW = Date.UTC(2024, 0, 1);
const SALT = 'test-salt';
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object): string => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.c2ln`;
const nv = (o: Record<string, string>): NameValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));

function call(o: { headers?: Record<string, string>; query?: Record<string, string>; cookies?: Record<string, string>; clientIp?: string } = {}): CallRecord {
  return {
    ts: NOW, method: 'GET', scheme: 'https', host: 'api.example.com', port: null, path: '/v1/me',
    query: nv(o.query ?? {}), requestHeaders: nv(o.headers ?? {}), requestCookies: nv(o.cookies ?? {}), requestBody: null,
    status: 200, responseHeaders: [], responseBody: null, durationMs: 1, clientIp: o.clientIp ?? null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 't', index: 0 },
  };
}
function key(c: CallRecord, cfg: Config = defaultConfig()): UserKey {
  return userKeyFor(c, detectAuth(c, cfg), cfg, SALT);
}

describe('userKeyFor', () => {
  it('uses the JWT subject as is', () => {
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'user-42' })}` } }))).toEqual({ kind: 'jwt-sub', key: 'user-42' });
  });
  it('uses the configured claim and masks an e-mail subject', () => {
    const cfg = defaultConfig();
    cfg.auth.userClaim = 'email';
    const k = key(call({ cookies: { id_token: jwt({ sub: 'x', email: 'jane.doe@example.com' }) } }), cfg);
    expect(k.kind).toBe('jwt-sub');
    expect(k.key).toMatch(/^j\*\*\*@e\*\*\*\.com~[0-9a-f]{8}$/);
    expect(k.key).not.toContain('jane');
    const other = key(call({ cookies: { id_token: jwt({ email: 'joe@example.com' }) } }), cfg);
    expect(other.key).not.toBe(k.key); // same mask, still distinct users
  });
  it('reads the configured claim of a JWT a custom scheme carries after its scheme word, as from Authorization', () => {
    const cfg = defaultConfig();
    cfg.auth.userClaim = 'email';
    cfg.auth.custom = [{ name: 'gw-auth', in: 'header', key: 'X-Gateway-Auth' }];
    const token = jwt({ sub: 'u-1', email: 'c.user@example.com' });
    const a = key(call({ headers: { Authorization: `Bearer ${token}` } }), cfg);
    const b = key(call({ headers: { 'X-Gateway-Auth': `Bearer ${token}` } }), cfg);
    expect(b).toEqual(a);
    expect(a.kind).toBe('jwt-sub');
  });
  it('falls back to a token fingerprint when the JWT lacks the claim', () => {
    const t = jwt({ iss: 'x' });
    expect(key(call({ headers: { Authorization: `Bearer ${t}` } }))).toEqual({ kind: 'token', key: `tok:${fingerprint(t, SALT)}` });
  });
  it('uses the Basic user name but never the password', () => {
    const k = key(call({ headers: { Authorization: `Basic ${Buffer.from('alice:s3cr3t-pw').toString('base64')}` } }));
    expect(k).toEqual({ kind: 'basic', key: 'alice' });
  });
  it('fingerprints a Basic user name that is really an API key (Stripe style)', () => {
    const sk = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const k = key(call({ headers: { Authorization: `Basic ${Buffer.from(`${sk}:`).toString('base64')}` } }));
    expect(k).toEqual({ kind: 'api-key', key: `key:${fingerprint(sk, SALT)}` });
  });
  it('never prints key material or a phone number that names the user (leak audit)', () => {
    const basic = (user: string) => key(call({ headers: { Authorization: `Basic ${Buffer.from(`${user}:pw12345`).toString('base64')}` } }));
    const gh = '5cfaba1f60a9e18a79ea20631a14a51c4d271b12';
    expect(basic(gh)).toEqual({ kind: 'api-key', key: `key:${fingerprint(gh, SALT)}` });
    expect(basic('glpat-pKj2BrtY-GQrksxsWtwO').key).toMatch(/^key:/);
    expect(key(call({ headers: { Authorization: `Digest username="${gh}", realm="r", nonce="n"` } }))).toEqual({ kind: 'api-key', key: `key:${fingerprint(gh, SALT)}` });
    const phone = basic('+14155550123');
    expect(phone.kind).toBe('basic');
    expect(phone.key).not.toContain('4155550');
    expect(basic('415-555-0123').key).not.toContain('555-0');
    const sub = 'ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU';
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub })}` } }))).toEqual({ kind: 'jwt-sub', key: `key:${fingerprint(sub, SALT)}` });
    expect(basic('alice').key).toBe('alice');
    // numeric ids and identity-provider subjects stay readable
    expect(basic('100234567').key).toBe('100234567');
    expect(basic('1234-5678-9012').key).toBe('1234-5678-9012');
    for (const s of ['1234567890', '9b2f4c1e-7d3a-4e8b-a1c6-5f0e2d9b8a74', 'auth0|5f7c8ec7c33c6c004bbafe82', '00u1abcd2EFGH3ijk4x7']) {
      expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: s })}` } }))).toEqual({ kind: 'jwt-sub', key: s });
    }
  });
  it('keys Hawk callers by their key id, whatever the per-request MAC and nonce', () => {
    const hawk = (nonce: string, mac: string): string => `Hawk id="dh37fgj492je", ts="1353832234", nonce="${nonce}", mac="${mac}"`;
    const a = key(call({ headers: { Authorization: hawk('j4h3g2', '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=') } }));
    const b = key(call({ headers: { Authorization: hawk('k9x8y7', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=') } }));
    expect(a).toEqual({ kind: 'api-key', key: `key:${fingerprint('dh37fgj492je', SALT)}` });
    expect(b).toEqual(a);
  });
  it('fingerprints API keys, opaque tokens and session cookies', () => {
    const apiKey = 'k_9f8e7d6c5b4a39281706';
    const k1 = key(call({ headers: { 'X-API-Key': apiKey } }));
    expect(k1).toEqual({ kind: 'api-key', key: `key:${fingerprint(apiKey, SALT)}` });
    expect(key(call({ query: { api_key: apiKey } }))).toEqual(k1); // same key in the query: same user
    expect(key(call({ headers: { Authorization: 'Bearer 2YotnFZFEjr1zCsicMWpAA' } }))).toEqual({ kind: 'token', key: `tok:${fingerprint('2YotnFZFEjr1zCsicMWpAA', SALT)}` });
    expect(key(call({ cookies: { JSESSIONID: 'A1B2C3D4E5' } }))).toEqual({ kind: 'session', key: `sess:${fingerprint('A1B2C3D4E5', SALT)}` });
  });
  it('falls back to the client IP: X-Forwarded-For first hop, X-Real-IP, then the capture; masked, with a fingerprint', () => {
    const ipUser = (ip: string, masked: string) => ({ kind: 'ip', key: `ip:${masked}~${fingerprint(ip, SALT).slice(0, 8)}`, ip });
    expect(key(call({ headers: { 'X-Forwarded-For': '203.0.113.7, 10.0.0.1' } }))).toEqual(ipUser('203.0.113.7', '203.0.113.x'));
    expect(key(call({ headers: { 'X-Real-IP': '198.51.100.2' } }))).toEqual(ipUser('198.51.100.2', '198.51.100.x'));
    expect(key(call({ headers: { 'X-Forwarded-For': '[2001:db8::1]:443' } }))).toEqual(ipUser('2001:db8::1', '2001:db8::x'));
    expect(key(call({ clientIp: '192.0.2.9' }))).toEqual(ipUser('192.0.2.9', '192.0.2.x'));
    // Two callers in the same /24 stay two users.
    expect(key(call({ clientIp: '192.0.2.10' })).key).not.toBe(key(call({ clientIp: '192.0.2.9' })).key);
    expect(key(call({ headers: { 'X-Forwarded-For': 'unknown' } }))).toEqual({ kind: 'unknown', key: '' });
    // A person's name as a subject or login is initials and a fingerprint; an id with a space is not a name.
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'Cressida Pemberton-Smythe' })}` } }))).toEqual({ kind: 'jwt-sub', key: `C. P.~${fingerprint('Cressida Pemberton-Smythe', SALT).slice(0, 8)}` });
    expect(key(call({ headers: { Authorization: `Basic ${Buffer.from('John Q Smithson:pw').toString('base64')}` } })).key).toMatch(/^J\. Q\. S\.~[0-9a-f]{8}$/);
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'svc account 7' })}` } })).key).toBe('svc account 7');
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'Vincent van Gogh' })}` } })).key).toMatch(/^V\. v\. G\.~[0-9a-f]{8}$/);
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'GitHub Actions' })}` } })).key).toBe('GitHub Actions');
    // No caller's key is the anonymous one: a subject or a Basic user named `unknown` is that user.
    expect(key(call({ headers: { Authorization: `Bearer ${jwt({ sub: 'unknown' })}` } }))).toEqual({ kind: 'jwt-sub', key: 'unknown' });
    expect(key(call({ headers: { Authorization: `Basic ${Buffer.from('unknown:pw').toString('base64')}` } })).key).not.toBe('');
    // an `unknown` hop before an address: the address
    expect(key(call({ headers: { 'X-Forwarded-For': 'unknown, 198.51.100.2' } }))).toEqual(ipUser('198.51.100.2', '198.51.100.x'));
  });
  it('names an mTLS caller by its certificate subject, not by the verification result every client shares', () => {
    const a = key(call({ headers: { 'X-SSL-Client-Verify': 'SUCCESS', 'X-SSL-Client-DN': 'CN=client-one' } }));
    const b = key(call({ headers: { 'X-SSL-Client-Verify': 'SUCCESS', 'X-SSL-Client-DN': 'CN=client-two' } }));
    expect(a.key).not.toBe(b.key);
    expect(a.key).toBe(`tok:${fingerprint('CN=client-one', SALT)}`);
  });
  it('prefers a configured user header, fingerprinting it when it looks secret', () => {
    const cfg = defaultConfig();
    cfg.auth.userHeader = 'X-User-Id';
    const c = call({ headers: { 'x-user-id': '12345', Authorization: `Bearer ${jwt({ sub: 'other' })}` } });
    expect(key(c, cfg)).toEqual({ kind: 'token', key: 'user:12345' });
    const secret = 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1Qa5';
    expect(key(call({ headers: { 'X-User-Id': secret } }), cfg)).toEqual({ kind: 'token', key: `key:${fingerprint(secret, SALT)}` });
    // Personal data in a configured header is masked like everywhere else.
    cfg.auth.userHeader = 'X-Forwarded-For';
    const xff = '203.0.113.77, 10.0.0.1';
    expect(key(call({ headers: { 'X-Forwarded-For': xff } }), cfg)).toEqual({ kind: 'token', key: `user:203.0.113.x, 10.0.0.x~${fingerprint(xff, SALT).slice(0, 8)}` });
  });
  it('never puts a raw secret into the key', () => {
    const secrets = ['2YotnFZFEjr1zCsicMWpAA', 'k_9f8e7d6c5b4a39281706', 'A1B2C3D4E5F6'];
    const calls = [
      call({ headers: { Authorization: `Bearer ${secrets[0]}` } }),
      call({ headers: { 'x-api-key': secrets[1]! } }),
      call({ cookies: { PHPSESSID: secrets[2]! } }),
    ];
    for (const c of calls) {
      const k = key(c).key;
      for (const s of secrets) expect(k).not.toContain(s);
    }
  });
});

describe('NTLM and Negotiate callers', () => {
  /** An NTLM AUTHENTICATE (type 3) message with UTF-16 domain and user names (MS-NLMP 2.2.1.3). */
  function ntlmType3(domain: string, user: string): string {
    const d = Buffer.from(domain, 'utf16le');
    const u = Buffer.from(user, 'utf16le');
    const head = Buffer.alloc(72);
    head.write('NTLMSSP\0', 0, 'latin1');
    head.writeUInt32LE(3, 8);
    const field = (at: number, len: number, off: number): void => {
      head.writeUInt16LE(len, at);
      head.writeUInt16LE(len, at + 2);
      head.writeUInt32LE(off, at + 4);
    };
    field(28, d.length, 72);
    field(36, u.length, 72 + d.length);
    head.writeUInt32LE(0x00000001, 60); // NTLMSSP_NEGOTIATE_UNICODE
    return Buffer.concat([head, d, u]).toString('base64');
  }

  it('names the Windows user of an NTLM handshake, and falls back to the IP for the other messages', () => {
    const auth = (v: string) => call({ headers: { Authorization: v, 'X-Forwarded-For': '198.51.100.7' } });
    expect(key(auth(`NTLM ${ntlmType3('CORP', 'jdoe')}`))).toEqual({ kind: 'basic', key: 'CORP\\jdoe' });
    expect(key(auth(`Negotiate ${ntlmType3('CORP', 'jdoe')}`))).toEqual({ kind: 'basic', key: 'CORP\\jdoe' });
    expect(key(auth('NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw=='))).toEqual({ kind: 'ip', key: `ip:198.51.100.x~${fingerprint('198.51.100.7', SALT).slice(0, 8)}`, ip: '198.51.100.7' });
    expect(key(auth('Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg=='))).toEqual({ kind: 'ip', key: `ip:198.51.100.x~${fingerprint('198.51.100.7', SALT).slice(0, 8)}`, ip: '198.51.100.7' });
  });
});

describe('userKeyFor: OAuth 1', () => {
  it('is the access token in the query form, whatever the nonce and signature', () => {
    const q = (nonce: string, sig: string) => call({ query: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_nonce: nonce, oauth_signature: sig } });
    const a = key(q('n1', 's1'));
    expect(a).toEqual({ kind: 'token', key: `tok:${fingerprint('nnch734d00sl2jdk', SALT)}` });
    expect(key(q('n2', 's2'))).toEqual(a);
  });
  it('is the consumer key for two-legged calls (no token), in the header and in the query', () => {
    const header = (nonce: string) => call({ headers: { Authorization: `OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="${nonce}", oauth_signature="x${nonce}"` } });
    const expected = { kind: 'token', key: `tok:${fingerprint('dpf43f3p2l4k3l03', SALT)}` };
    expect(key(header('a'))).toEqual(expected);
    expect(key(header('b'))).toEqual(expected);
    expect(key(call({ query: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_signature: 'zz' } }))).toEqual(expected);
  });
});

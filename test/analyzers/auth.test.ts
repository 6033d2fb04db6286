import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { detectAuth, findCredentials } from '../../src/analyzers/auth.js';
import { redactSample } from '../../src/analyzers/redact.js';
import type { CallRecord, NameValue } from '../../src/model/call-record.js';

const NOW = Date.UTC(2024, 0, 1);
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'u-1', iss: 'idp', exp: NOW / 1000 + 3600 })}.c2lnbmF0dXJl`;
const nv = (o: Record<string, string>): NameValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));

function call(o: { method?: string; path?: string; headers?: Record<string, string>; query?: Record<string, string>; cookies?: Record<string, string>; body?: string; mime?: string } = {}): CallRecord {
  return {
    ts: NOW, method: o.method ?? (o.body === undefined ? 'GET' : 'POST'), scheme: 'https', host: 'api.example.com', port: null, path: o.path ?? '/v1/things',
    query: nv(o.query ?? {}), requestHeaders: nv(o.headers ?? {}), requestCookies: nv(o.cookies ?? {}),
    requestBody: o.body === undefined ? null : { mimeType: o.mime ?? 'application/json', text: o.body, size: o.body.length, truncated: false, binary: false },
    status: 200, responseHeaders: [], responseBody: null, durationMs: 5, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 't.har', index: 0 },
  };
}
const schemes = (c: CallRecord, cfg: Config = defaultConfig()) => detectAuth(c, cfg).schemes;

describe('detectAuth: Authorization header schemes', () => {
  it.each([
    [`Bearer ${JWT}`, 'bearer-jwt'],
    ['Bearer 2YotnFZFEjr1zCsicMWpAA', 'bearer'],
    ['bearer 2YotnFZFEjr1zCsicMWpAA', 'bearer'],
    ['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'basic'],
    ['Digest username="Mufasa", realm="x", nonce="y", response="z"', 'digest'],
    ['NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==', 'ntlm'],
    ['Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==', 'negotiate'],
    ['AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d67', 'aws-sigv4'],
    ['OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_signature="tnnArxj06cWHq44gCs1OSKk%2FjLY%3D"', 'oauth1'],
    ['api_key 9f8e7d6c5b4a39281706', 'api-key'],
    ['Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b', 'api-key'],
    ['ApiKey 9944b09199c62bcf9418ad846dd0e4bb', 'api-key'],
    ['9944b09199c62bcf9418ad846dd0e4bb', 'api-key'],
  ])('%s -> %s', (value, scheme) => {
    expect(schemes(call({ headers: { Authorization: value } }))).toEqual([scheme]);
  });
});

describe('detectAuth: API keys, cookies, mTLS, query', () => {
  it('finds API-key headers in any case', () => {
    for (const h of ['X-API-Key', 'apikey', 'API-KEY', 'x-auth-token', 'Authorization-Token', 'x-access-token']) {
      expect(schemes(call({ headers: { [h]: 'k_9f8e7d6c5b4a3928' } })), h).toEqual(['api-key']);
    }
  });
  it('finds credentials in the query string, with a length floor for generic names', () => {
    expect(schemes(call({ query: { api_key: 'abc' } }))).toEqual(['api-key']);
    expect(schemes(call({ query: { apikey: 'abc' } }))).toEqual(['api-key']);
    expect(schemes(call({ query: { key: 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY' } }))).toEqual(['api-key']);
    expect(schemes(call({ query: { key: 'color' } }))).toEqual(['none']);
    expect(schemes(call({ query: { access_token: JWT } }))).toEqual(['bearer-jwt']);
    expect(schemes(call({ query: { token: 'a1b2c3d4e5f6g7h8' } }))).toEqual(['api-key']);
    expect(schemes(call({ query: { 'X-Amz-Signature': 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024' } }))).toEqual(['aws-sigv4']);
  });
  it('finds session cookies by framework name and by shape, but not analytics or CSRF cookies', () => {
    for (const name of ['JSESSIONID', 'PHPSESSID', 'ASP.NET_SessionId', 'connect.sid', 'sessionid', 'session', '_session_id', 'laravel_session', 'sid']) {
      expect(schemes(call({ cookies: { [name]: 'abc' } })), name).toEqual(['session-cookie']);
    }
    expect(schemes(call({ cookies: { myapp_sess: 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1' } }))).toEqual(['session-cookie']);
    expect(schemes(call({ cookies: { myapp_auth: 'short' } }))).toEqual(['none']);
    expect(schemes(call({ cookies: { csrftoken: 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1', _ga: 'GA1.2.1234567890.1600000000', theme: 'dark' } }))).toEqual(['none']);
  });
  it('reports a JWT cookie as jwt-cookie and decodes it', () => {
    const a = detectAuth(call({ cookies: { id_token: JWT } }), defaultConfig());
    expect(a.schemes).toEqual(['jwt-cookie']);
    expect(a.jwt).toMatchObject({ alg: 'HS256', sub: 'u-1', iss: 'idp', expiry: 'valid' });
  });
  it('finds mTLS client-certificate headers; a verify header counts only on SUCCESS', () => {
    expect(schemes(call({ headers: { 'X-SSL-Client-Cert': '-----BEGIN CERTIFICATE-----MIIB' } }))).toEqual(['mtls']);
    expect(schemes(call({ headers: { 'X-Forwarded-Client-Cert': 'By=spiffe://cluster.local/ns/default;Hash=abc' } }))).toEqual(['mtls']);
    expect(schemes(call({ headers: { 'ssl-client-verify': 'SUCCESS' } }))).toEqual(['mtls']);
    expect(schemes(call({ headers: { 'ssl-client-verify': 'NONE' } }))).toEqual(['none']);
  });
  it('sorts and de-duplicates several schemes', () => {
    const c = call({ headers: { Authorization: `Bearer ${JWT}`, 'X-API-Key': 'k1', 'x-api-token': 'k2' }, cookies: { JSESSIONID: 'abc' } });
    expect(schemes(c)).toEqual(['api-key', 'bearer-jwt', 'session-cookie']);
  });
  it('reports none for a call without credentials', () => {
    const a = detectAuth(call({ headers: { Accept: 'application/json' } }), defaultConfig());
    expect(a).toEqual({ schemes: ['none'], jwt: null, oauthTokenEndpoint: false });
  });
});

describe('detectAuth: custom schemes, JWT info, OAuth token endpoints', () => {
  it('applies custom schemes from the config in header, cookie, query and body, under their configured names', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [
      { name: 'tenant', in: 'header', key: 'X-Tenant-Secret' },
      { name: 'c', in: 'cookie', key: 'appauth' },
      { name: 'q', in: 'query', key: 'sig_v' },
      { name: 'b', in: 'body', key: '$.auth.key' },
    ];
    expect(schemes(call({ headers: { 'x-tenant-secret': 's' } }), cfg)).toEqual(['tenant']);
    expect(schemes(call({ cookies: { AppAuth: 'v' } }), cfg)).toEqual(['c']);
    expect(schemes(call({ query: { sig_v: '1' } }), cfg)).toEqual(['q']);
    expect(schemes(call({ body: '{"auth":{"key":"k-123"}}' }), cfg)).toEqual(['b']);
    expect(schemes(call({ body: '{"auth":{"other":"k-123"}}' }), cfg)).toEqual(['none']);
  });
  it('reports a custom scheme instead of what its header, query or cookie name would be built in', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [
      { name: 'tenant-key', in: 'header', key: 'X-Tenant-Key' },
      { name: 'legacy', in: 'header', key: 'X-API-Key' },
      { name: 'q', in: 'query', key: 'api_key' },
      { name: 'sess', in: 'cookie', key: 'JSESSIONID' },
    ];
    const key = 'tk_9f8e7d6c5b4a39281706aa';
    expect(schemes(call({ headers: { 'X-Tenant-Key': key } }), cfg)).toEqual(['tenant-key']);
    expect(schemes(call({ headers: { 'X-API-Key': key } }), cfg)).toEqual(['legacy']);
    expect(schemes(call({ query: { api_key: key } }), cfg)).toEqual(['q']);
    expect(schemes(call({ cookies: { JSESSIONID: '619A8051AFE7C704E05DD6CD9202A787' } }), cfg)).toEqual(['sess']);
    expect(schemes(call({ headers: { 'X-Tenant-Key': key } }), defaultConfig())).toEqual(['api-key']);
  });
  it('still reads the JWT a custom scheme on Authorization or a cookie carries', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [{ name: 'gw', in: 'header', key: 'Authorization' }, { name: 'ck', in: 'cookie', key: 'id_token' }];
    const viaHeader = detectAuth(call({ headers: { Authorization: `Bearer ${JWT}` } }), cfg);
    expect(viaHeader.schemes).toEqual(['gw']);
    expect(viaHeader.jwt).toMatchObject({ alg: 'HS256', iss: 'idp', sub: 'u-1' });
    expect(detectAuth(call({ cookies: { id_token: JWT } }), cfg).jwt).toMatchObject({ sub: 'u-1' });
  });
  it('keeps a JWT issuer readable but never its secrets: no URL query or user info, e-mail addresses masked', () => {
    const issOf = (iss: string) => detectAuth(call({ headers: { Authorization: `Bearer ${b64url({ alg: 'RS256' })}.${b64url({ iss })}.c2ln` } }), defaultConfig()).jwt?.iss;
    expect(issOf('https://accounts.google.com')).toBe('https://accounts.google.com');
    expect(issOf('https://idp.example/realms/x?token=Zk39aQ1mPq7Lx2Rt8sQw#frag')).toBe('https://idp.example/realms/x');
    expect(issOf('https://admin:pw@idp.example/')).toBe('https://idp.example/');
    expect(issOf('svc-deploy@my-project.iam.gserviceaccount.com')).toBe('s***@m***.com');
  });
  it('evaluates JWT expiry at the call time', () => {
    const c = call({ headers: { Authorization: `Bearer ${JWT}` } });
    expect(detectAuth(c, defaultConfig()).jwt?.expiry).toBe('valid');
    expect(detectAuth({ ...c, ts: NOW + 7200_000 }, defaultConfig()).jwt?.expiry).toBe('expired');
  });
  it('recognises OAuth token requests by grant_type body or token path', () => {
    const cfg = defaultConfig();
    expect(detectAuth(call({ method: 'POST', path: '/oauth/token' }), cfg).oauthTokenEndpoint).toBe(true);
    expect(detectAuth(call({ method: 'POST', path: '/oauth2/v2.0/token/' }), cfg).oauthTokenEndpoint).toBe(true);
    expect(detectAuth(call({ method: 'POST', path: '/connect/token' }), cfg).oauthTokenEndpoint).toBe(true);
    expect(detectAuth(call({ method: 'POST', path: '/token', body: 'grant_type=client_credentials', mime: 'application/x-www-form-urlencoded' }), cfg).oauthTokenEndpoint).toBe(true);
    // a token endpoint is POSTed to (RFC 6749 3.2); a user's API token is not one
    expect(detectAuth(call({ path: '/oauth/token' }), cfg).oauthTokenEndpoint).toBe(false);
    expect(detectAuth(call({ method: 'POST', path: '/v1/users/42/token' }), cfg).oauthTokenEndpoint).toBe(false);
    expect(detectAuth(call({ path: '/login', body: 'grant_type=password&username=a', mime: 'application/x-www-form-urlencoded' }), cfg).oauthTokenEndpoint).toBe(true);
    expect(detectAuth(call({ path: '/login', body: '{"grant_type": "client_credentials"}' }), cfg).oauthTokenEndpoint).toBe(true);
    expect(detectAuth(call({ path: '/tokens' }), cfg).oauthTokenEndpoint).toBe(false);
    expect(detectAuth(call({ path: '/x', body: '{"note":"my_grant_type=1"}' }), cfg).oauthTokenEndpoint).toBe(false);
  });
});

describe('detectAuth: OAuth 1 in the query and declared credentials', () => {
  const oauth = { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_signature_method: 'HMAC-SHA1', oauth_nonce: 'kllo9940pd9333jh' };

  it('classes OAuth 1 protocol parameters in the query as oauth1, with or without a signature or token', () => {
    expect(schemes(call({ query: { file: 'a.jpg', ...oauth, oauth_signature: 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=' } }))).toEqual(['oauth1']);
    expect(schemes(call({ query: oauth }))).toEqual(['oauth1']);
    expect(schemes(call({ query: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_signature_method: 'PLAINTEXT' } }))).toEqual(['oauth1']);
    expect(findCredentials(call({ query: oauth }), defaultConfig())).toEqual([{ scheme: 'oauth1', value: 'nnch734d00sl2jdk', where: 'query', name: 'oauth_token' }]);
  });

  it('does not take a lone oauth_token (the authorize redirect) or empty parameters for OAuth 1', () => {
    expect(schemes(call({ query: { oauth_token: 'hh5s93j4hdidpola' } }))).toEqual(['none']);
    expect(schemes(call({ query: { oauth_consumer_key: '', oauth_signature: '' } }))).toEqual(['none']);
  });

  it('trusts a credential the source declares, under any name, in a header or the query', () => {
    const c = call({ headers: { test: 'Hd8s7TFAKEk3yValue9921' }, query: { q: 'shoes', key2: 'Zq8s7TFAKEk3yValue9921' } });
    expect(schemes(c)).toEqual(['none']);
    c.declaredCredentials = [
      { where: 'header', name: 'Test', scheme: 'api-key' },
      { where: 'query', name: 'key2', scheme: 'api-key' },
    ];
    expect(findCredentials(c, defaultConfig()).map((x) => [x.where, x.name, x.scheme])).toEqual([
      ['header', 'test', 'api-key'],
      ['query', 'key2', 'api-key'],
    ]);
    expect(schemes(c)).toEqual(['api-key']);
  });

  it('reads a scheme the source declares but cannot show on the wire as unknown, not none', () => {
    const c = call();
    c.declaredCredentials = [{ where: 'unknown', name: 'akamai-edgegrid-v2', scheme: 'unknown' }];
    expect(schemes(c)).toEqual(['unknown']);
    // A credential that is on the wire is what the call sent.
    const sent = call({ headers: { Authorization: 'Bearer abc.def-opaque-token' } });
    sent.declaredCredentials = c.declaredCredentials;
    expect(schemes(sent)).toEqual(['bearer']);
  });
});

describe('auth QA round two', () => {
  it('reads a scheme without a credential, or a logged-out placeholder, as no credentials', () => {
    for (const v of ['Bearer ', 'Bearer', 'Bearer null', 'Bearer undefined', 'bearer None', 'Basic ']) {
      expect(schemes(call({ headers: { Authorization: v } })), v).toEqual(['none']);
    }
    expect(schemes(call({ headers: { Authorization: 'Bearer abc.def-opaque-token' } }))).toEqual(['bearer']);
  });

  it('does not take analytics, ads, replay or support-widget cookies for a session', () => {
    const random = 'Zx8Kq2LmP9vR4tW7yB1nC6dF3gH5jK0s';
    for (const name of ['_hjSessionUser_3155', '_hjSession_3155', 'ai_session', '_uetsid', '_uetvid', '__stripe_sid', '__stripe_mid', 'intercom-session-abc123', '_clsk', 'mp_abc_mixpanel', '_pk_ses.1.ab12', 'AMP_4f2a']) {
      expect(schemes(call({ cookies: { [name]: random } })), name).toEqual(['none']);
    }
    expect(schemes(call({ cookies: { sessionid: random } }))).toEqual(['session-cookie']);
    expect(schemes(call({ cookies: { app_session: random } }))).toEqual(['session-cookie']);
  });

  it("does not take a proxy's credentials for the API's auth", () => {
    expect(schemes(call({ headers: { 'Proxy-Authorization': 'Basic dXNlcjpwYXNz' } }))).toEqual(['none']);
    expect(schemes(call({ headers: { 'Proxy-Authorization': 'Basic dXNlcjpwYXNz', Authorization: `Bearer ${JWT}` } }))).toEqual(['bearer-jwt']);
  });
});

describe('API keys under names no list has', () => {
  const KEY = 'Zx8Kq2LmP9vR4tW7yB1nC6dF3gH5jK0s';
  it('takes a key-shaped value under a credential word for an API key, and masks it', () => {
    for (const name of ['X-Auth', 'X-Session', 'X-Key', 'X-Signature', 'Auth', 'X-Custom-Auth', 'X-Partner-Secret']) {
      expect(schemes(call({ headers: { [name]: KEY } })), name).toEqual(['api-key']);
      const sample = JSON.stringify(redactSample(call({ headers: { [name]: KEY } }), [], 'salt', defaultConfig()));
      expect(sample, name).not.toContain(KEY);
    }
  });

  it('leaves nonces, ids, handshakes and plain values alone', () => {
    for (const [name, value] of [
      ['Idempotency-Key', '3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['X-Request-Id', KEY],
      ['X-Auth', 'true'],
      ['X-Session', 'guest'],
      ['X-Sort-Key', 'created_at'],
    ]) {
      expect(schemes(call({ headers: { [name!]: value! } })), name).toEqual(['none']);
    }
  });
});

describe('single sign-on cookies and OAuth client credentials in multipart bodies', () => {
  it('reports an SSO product\'s session cookie as session-cookie, masked in the sample', () => {
    const c = call({ cookies: { iPlanetDirectoryPro: 'AQIC5wM2LY4SfcxvdvHOXjtC_eWSs2RB54tgvgdnamgy6U8.*AAJTSQACMDE.*' }, headers: { Cookie: 'iPlanetDirectoryPro=AQIC5wM2LY4SfcxvdvHOXjtC_eWSs2RB54tgvgdnamgy6U8.*AAJTSQACMDE.*' } });
    expect(schemes(c)).toEqual(['session-cookie']);
    expect(redactSample(c, [], 'salt').request.headers).toEqual([['Cookie', expect.stringMatching(/^iPlanetDirectoryPro=<session-cookie:fp:[0-9a-f]{6}>$/)]]);
    for (const [name, value] of [['ObSSOCookie', 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1%2Bab'], ['li_at', 'AQEDAR9xYz0AbCdE'], ['KEYCLOAK_IDENTITY', 'abc']] as const) {
      expect(schemes(call({ cookies: { [name]: value } })), name).toEqual(['session-cookie']);
    }
    expect(schemes(call({ cookies: { ObSSOCookie: 'loggedoutcontinue' } }))).toEqual(['none']); // what a sign-out leaves
    expect(schemes(call({ cookies: { xs: '30%3AAbCdEfGhIjKlMn%3A2%3A1700000000%3A-1%3A7373' } }))).toEqual(['session-cookie']);
    expect(schemes(call({ cookies: { remember_me: '1', identity: 'jane@example.com' } }))).toEqual(['none']);
  });
  it('reads client_secret and client_id from a multipart/form-data token request as from a form', () => {
    const secret = 'Zx9Yw8Xv7Wu6Vt5Us4Tr3Sq2Rp1Qo0Pn';
    const parts = (crlf: string) => [
      '--B', 'Content-Disposition: form-data; name="grant_type"', '', 'client_credentials',
      '--B', 'Content-Disposition: form-data; name="client_id"', '', 'app1',
      '--B', 'Content-Disposition: form-data; name="client_secret"', '', secret, '--B--', '',
    ].join(crlf);
    for (const crlf of ['\r\n', '\n']) {
      const c = call({ method: 'POST', path: '/oauth/token', body: parts(crlf), mime: 'multipart/form-data; boundary=B' });
      expect(schemes(c)).toEqual(['oauth-client']);
      expect(findCredentials(c, defaultConfig())).toEqual([{ scheme: 'oauth-client', value: 'client_id:app1', where: 'body', name: 'client_secret' }]);
    }
    // A grant_type part makes any path a token request; a boundary missing from the type is read from the body.
    const bare = call({ method: 'POST', path: '/api/auth', body: parts('\r\n'), mime: 'multipart/form-data' });
    expect(detectAuth(bare, defaultConfig())).toMatchObject({ schemes: ['oauth-client'], oauthTokenEndpoint: true });
    // A file part named client_secret is a file, not a credential.
    const file = ['--B', 'Content-Disposition: form-data; name="client_secret"; filename="s.txt"', '', secret, '--B--', ''].join('\r\n');
    expect(schemes(call({ method: 'POST', path: '/oauth/token', body: file, mime: 'multipart/form-data; boundary=B' }))).toEqual(['none']);
  });
  it('reads a configured body credential from a multipart form too', () => {
    const cfg = defaultConfig();
    cfg.auth.custom = [{ name: 'blob', in: 'body', key: 'auth_blob' }];
    const body = ['--B', 'Content-Disposition: form-data; name="auth_blob"', '', 'b-123', '--B--', ''].join('\r\n');
    expect(schemes(call({ method: 'POST', body, mime: 'multipart/form-data; boundary=B' }), cfg)).toEqual(['blob']);
  });
});

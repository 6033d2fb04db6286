// URLs that travel as values: a reset link in a JSON body, a link in a Markdown body, a Referer, an
// OAuth redirect in Location, a base64 e-mail in a query. Their secrets are findings at the value that
// holds them and are masked in samples with the rest of the URL readable; ordinary links stay quiet.

import { describe, expect, it } from 'vitest';
import { analyze, at, call, nv, SALT } from './link-test-kit.js';
import { isAuthorizationCodeGrant } from '../../src/analyzers/auth-rules.js';
import { redactSample } from '../../src/analyzers/redact.js';
import { extractValues } from '../../src/analyzers/params.js';
import { detectSensitive, sensitiveTypes } from '../../src/analyzers/sensitive.js';
import { mayHoldUrl, urlSections } from '../../src/analyzers/url-values.js';
import { defaultConfig } from '../../src/config.js';
import type { ParamValue } from '../../src/model/facts.js';

const TOKEN = 'Zk3q9XvL2mPq8RtY7wNc4BvH1sDf6GjK';
const HEX = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const EMAIL = 'jane.doe@corp.example';
const EMAIL_ENC = 'jane.doe%40corp.example';
const EMAIL_B64 = Buffer.from(EMAIL).toString('base64url'); // amFuZS5kb2VAY29ycC5leGFtcGxl
const UUID = '3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const OAUTH_CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const IMPLICIT_TOKEN = '2YotnFZFEjr1zCsicMWpAA';
const SECRETS = [TOKEN, HEX, EMAIL, EMAIL_ENC, EMAIL_B64, OAUTH_CODE, IMPLICIT_TOKEN];

function expectNoSecret(text: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${s} leaked: ${text}`).toBe(false);
}

describe('a reset link in a JSON body', () => {
  const c = call({
    method: 'POST',
    path: '/v1/password/forgot',
    resp: JSON.stringify({ resetUrl: `https://app.x.example/reset?token=${TOKEN}`, next: `https://app.x.example/reset-password/${TOKEN}` }),
  });

  it('is a token finding at the value holding it', () => {
    const { findings } = analyze(c);
    expect(at(findings, 'response.body', '$.resetUrl')).toEqual(['token']);
    expect(at(findings, 'response.body', '$.next')).toEqual(['token']);
  });

  it('is masked in the sample, the rest of each link readable', () => {
    const { sample, text } = analyze(c);
    expectNoSecret(text);
    const body = JSON.parse(sample.response!.body!);
    expect(body.resetUrl).toMatch(/^https:\/\/app\.x\.example\/reset\?token=<token:fp:[0-9a-f]{6}>$/);
    expect(body.next).toBe('https://app.x.example/reset-password/<redacted>');
  });
});

describe('a link in a Markdown body', () => {
  const md = `Click [here](https://app.x.example/verify?code=${HEX}&email=${EMAIL_ENC}) to verify.`;
  const c = call({ path: '/v1/messages/latest', respMime: 'text/markdown', resp: md });

  it('reports the one-time code and the e-mail address at the body', () => {
    expect(at(analyze(c).findings, 'response.body', '$')).toEqual(['email', 'token']);
  });

  it('masks both and keeps the prose and the link around them', () => {
    const { sample, text } = analyze(c);
    expectNoSecret(text);
    expect(sample.response!.body).toMatch(/^Click \[here\]\(https:\/\/app\.x\.example\/verify\?code=<token:fp:[0-9a-f]{6}>&email=j\*\*\*@c\*\*\*\.example\) to verify\.$/);
  });
});

describe('URLs in headers', () => {
  it('reports a Referer carrying a token and an e-mail address, and masks it as before', () => {
    const c = call({ path: '/v1/me', requestHeaders: nv({ Referer: `https://app.y.example/welcome?token=${TOKEN}&email=${EMAIL_ENC}` }) });
    const { findings, sample, text } = analyze(c);
    expect(at(findings, 'request.header', 'referer')).toEqual(['email', 'token']);
    expectNoSecret(text);
    expect(sample.request.headers.find(([n]) => n === 'Referer')?.[1]).toMatch(/^https:\/\/app\.y\.example\/welcome\?token=<token:fp:[0-9a-f]{6}>&email=j\*\*\*@c\*\*\*\.example$/);
  });

  it('reports an OAuth redirect in Location: a code with state, a token in the fragment', () => {
    const c = call({
      path: '/oauth/authorize',
      status: 302,
      responseHeaders: nv({
        Location: `https://client.example/cb?code=${OAUTH_CODE}&state=xyz123`,
        'Content-Location': `/cb#access_token=${IMPLICIT_TOKEN}&token_type=bearer&expires_in=3600`,
      }),
    });
    const { findings, sample, text } = analyze(c);
    expect(at(findings, 'response.header', 'location')).toEqual(['token']);
    expect(at(findings, 'response.header', 'content-location')).toEqual(['token']);
    expectNoSecret(text);
    const headers = Object.fromEntries(sample.response!.headers);
    expect(headers.Location).toMatch(/^https:\/\/client\.example\/cb\?code=<token:fp:[0-9a-f]{6}>&state=xyz123$/);
    expect(headers['Content-Location']).toMatch(/^\/cb#access_token=<token:fp:[0-9a-f]{6}>&token_type=bearer&expires_in=3600$/);
  });

  it('reads a reset path in a Referer, which the old header masking left in the clear', () => {
    const c = call({ requestHeaders: nv({ Referer: `https://app.y.example/reset-password/${TOKEN}` }) });
    const { findings, text } = analyze(c);
    expect(at(findings, 'request.header', 'referer')).toEqual(['token']);
    expectNoSecret(text);
    expect(text).toContain('https://app.y.example/reset-password/<redacted>');
  });
});

describe('a base64 e-mail address as a query value', () => {
  it('is an e-mail finding and masked, like the same value in a path', () => {
    const c = call({ path: '/v1/track', query: nv({ u: EMAIL_B64, page: '2' }) });
    const { findings, sample, text } = analyze(c);
    expect(findings).toEqual([{ location: 'request.query', param: 'u', type: 'email' }]);
    expectNoSecret(text);
    expect(sample.request.url).toBe('https://api.x.example/v1/track?u=<email>&page=2');
  });

  it('is found inside a link too', () => {
    const c = call({ resp: JSON.stringify({ unsubscribe: `https://mail.x.example/unsubscribe?u=${EMAIL_B64}` }) });
    const { findings, text } = analyze(c);
    expect(at(findings, 'response.body', '$.unsubscribe')).toEqual(['email']);
    expectNoSecret(text);
  });
});

describe('what else a link carries', () => {
  it.each([
    ['a signature', `https://cdn.x.example/file.pdf?expires=1700000000&sig=${HEX}`, 'token'],
    ['a key of 16+ characters', `https://maps.x.example/api/js?key=${HEX}`, 'api-key'],
    ['a password', 'https://x.example/login?user=bob&password=hunter2!', 'password'],
    ['an e-mail address in a path', `https://x.example/users/${EMAIL_ENC}/profile`, 'email'],
    ['a one-time code after verify', `/auth/verify?verification_code=${HEX}`, 'token'],
    ['a UUID after verify-email', `https://app.x.example/verify-email/${UUID}`, 'token'],
    ['a base64 e-mail in a path', `https://mail.x.example/unsubscribe/${EMAIL_B64}`, 'email'],
    ['a token in a hash route', `https://app.x.example/#/reset-password/${TOKEN}`, 'token'],
    ['a redirect URI holding a code', `https://idp.x.example/login?redirect_uri=${encodeURIComponent(`https://client.example/cb?code=${OAUTH_CODE}&state=s1`)}`, 'token'],
  ])('%s is found and masked', (_what, url, type) => {
    const c = call({ resp: JSON.stringify({ link: url }) });
    const { findings, sample } = analyze(c);
    expect(at(findings, 'response.body', '$.link')).toEqual([type]);
    const masked = JSON.parse(sample.response!.body!).link as string;
    for (const s of [...SECRETS, 'hunter2!']) expect(masked.includes(s), masked).toBe(false);
    // The host or the first path word stays readable.
    expect(masked.slice(0, 10)).toBe(url.slice(0, 10));
  });

  it('leaves a masked link readable and nothing in it a re-scan would flag', () => {
    const links = {
      a: `https://app.x.example/reset?token=${TOKEN}&email=${EMAIL_ENC}`,
      b: `https://app.x.example/cb#access_token=${IMPLICIT_TOKEN}`,
      c: `/reset?token=${TOKEN}&next=/home`, // a path is read whole, up to white space: masks included
    };
    const body = JSON.parse(analyze(call({ resp: JSON.stringify(links) })).sample.response!.body!) as Record<string, string>;
    for (const [k, v] of Object.entries(body)) {
      expect(v.slice(0, 6), v).toBe(links[k as keyof typeof links].slice(0, 6));
      expect(v).not.toContain(TOKEN);
      expect(sensitiveTypes({ location: 'response.body', name: `$.${k}`, type: 'string', value: v }), v).toEqual([]);
    }
  });

  it('honours sensitive.disable', () => {
    const cfg = defaultConfig();
    cfg.sensitive.disable = ['token'];
    const c = call({ resp: JSON.stringify({ resetUrl: `https://app.x.example/reset?token=${TOKEN}&email=${EMAIL_ENC}` }) });
    expect(at(analyze(c, cfg).findings, 'response.body', '$.resetUrl')).toEqual(['email']);
  });
});

describe('ordinary links', () => {
  const links = {
    logo: 'https://cdn.example/img/logo.png',
    users: 'https://api.example/v1/users?page=2&sort=name',
    next: '/v1/users?cursor=1234567&limit=50',
    order: `https://api.example/orders/${UUID}`,
    video: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
    campaign: 'https://shop.example/?utm_source=news&fbclid=IwAR2F4-dbP0l7Mn1IwoQaUYpEwBn7s3Vq2n3a9kBxYz0C1Wc3Uq7EYt8F0Qk',
    state: '/oauth/authorize?client_id=web&response_type=code&state=af0ifjsldkj&redirect_uri=https%3A%2F%2Fclient.example%2Fcb',
    search: 'https://api.example/v1/search?q=reset%20password&lang=en-US',
    docs: 'See https://docs.example/guides/auth#tokens, then https://docs.example/faq.',
  };

  it('give no finding, in bodies or in headers', () => {
    const c = call({
      resp: JSON.stringify(links),
      requestHeaders: nv({ Referer: links.campaign }),
      responseHeaders: nv({ Location: links.users, Link: `<${links.users}>; rel="next"` }),
    });
    expect(analyze(c).findings).toEqual([]);
  });

  it('stay byte for byte in the sample, percent-encoding included', () => {
    const c = call({ resp: JSON.stringify(links), requestHeaders: nv({ Referer: links.campaign }), responseHeaders: nv({ Location: links.state }) });
    const { sample } = analyze(c);
    expect(JSON.parse(sample.response!.body!)).toEqual(links);
    expect(sample.request.headers).toContainEqual(['Referer', links.campaign]);
    expect(sample.response!.headers).toContainEqual(['Location', links.state]);
  });

  it('in a call\'s own query, a credential stays auth (no new finding) while a one-time code is data', () => {
    const own = detectSensitive(extractValues(call({ query: nv({ key: HEX, sig: HEX }) }), [], '/v1/x'), defaultConfig());
    expect(own).toEqual([]);
    const code = detectSensitive(extractValues(call({ path: '/auth/verify', query: nv({ code: HEX }) }), [], '/auth/verify'), defaultConfig());
    expect(code).toEqual([{ location: 'request.query', param: 'code', type: 'token' }]);
  });
});

describe('forms and HTML', () => {
  it('masks a link in a form field and reports it at the field', () => {
    const form = `next=${encodeURIComponent(`https://app.x.example/reset?token=${TOKEN}`)}&plan=pro`;
    const c = call({ method: 'POST', reqMime: 'application/x-www-form-urlencoded', req: form });
    const { findings, sample, text } = analyze(c);
    expect(at(findings, 'request.body', '$.next')).toEqual(['token']);
    expectNoSecret(text);
    expect(sample.request.body).toContain('plan=pro');
  });

  it('masks an HTML link with `&amp;` between its pairs', () => {
    const html = `<html><body><p>Hi</p><a href="https://app.x.example/reset?token=${TOKEN}&amp;email=${EMAIL_ENC}">reset</a></body></html>`;
    const { sample, text } = analyze(call({ respMime: 'text/html', resp: html }));
    expectNoSecret(text);
    expect(sample.response!.body).toMatch(/href="https:\/\/app\.x\.example\/reset\?token=<token:fp:[0-9a-f]{6}>&amp;email=j\*\*\*@c\*\*\*\.example">reset<\/a>/);
  });

  it('reports a link in an HTML attribute at the attribute, and does not make it a parameter', () => {
    const html =
      `<html><body><p>Hi</p><p><a href="https://app.x.example/reset?token=${TOKEN}&amp;email=${EMAIL_ENC}">reset</a></p>` +
      `<form action="/session?next=%2Fhome"><img src="/img/logo.png?v=3"></form><a href=/invite/accept#token=${TOKEN}>join</a></body></html>`;
    const c = call({ respMime: 'text/html', resp: html });
    const { findings, text } = analyze(c);
    expectNoSecret(text);
    expect(at(findings, 'response.body', '$.html.body.p.a.@href')).toEqual(['email', 'token']);
    expect(at(findings, 'response.body', '$.html.body.a.@href')).toEqual(['token']);
    expect(findings.filter((f) => f.param.includes('form') || f.param.includes('img'))).toEqual([]); // ordinary links stay quiet
    expect(extractValues(c, [], c.path).map((v) => v.name)).toEqual(['$.html.body.p', '$.html.body.p.a', '$.html.body.a']);
  });

  it('reports the phone number of a tel: link and the address of a mailto: link at their attribute', () => {
    const html = `<html><body><p><a href="tel:+1-415-555-0199">call</a> <a href="mailto:${EMAIL}?subject=hi">mail</a> <a href="tel:support">x</a></p></body></html>`;
    const { findings, text } = analyze(call({ respMime: 'text/html', resp: html }));
    expect(findings.filter((f) => f.param === '$.html.body.p.a.@href').map((f) => f.type).sort()).toEqual(['email', 'phone']);
    expectNoSecret(text);
    expect(text).not.toContain('415-555-0199');
  });

  it('reads no more than the first 64 links of a page', () => {
    const links = Array.from({ length: 70 }, (_, i) => `<a href="/p?page=${i}">${i}</a>`).join('');
    const out: ParamValue[] = [];
    extractValues(call({ respMime: 'text/html', resp: `<html><body>${links}<a href="/reset?token=${TOKEN}">r</a></body></html>` }), [], '/v1/x', out);
    expect(out).toHaveLength(64);
  });
});

describe('finding URLs cheaply', () => {
  it('parses only values that can hold one', () => {
    expect(mayHoldUrl('active', false)).toBe(false);
    expect(mayHoldUrl('/v1/users', false)).toBe(false);
    expect(mayHoldUrl('/v1/users?page=2', false)).toBe(true);
    expect(mayHoldUrl('see https://x.example', false)).toBe(true);
    expect(mayHoldUrl('reset?token=1', false)).toBe(false);
    expect(mayHoldUrl('reset?token=1', true)).toBe(true); // a Location header's relative URL
  });

  it('ends a link in prose at its bracket or sentence punctuation, and keeps `{{host}}` inside', () => {
    const raw = (t: string) => urlSections(t, false).map((s) => `${s.kind}:${t.slice(s.start, s.end)}`);
    expect(raw('[a](https://x.example/a/b?c=1) and https://y.example/d.')).toEqual(['path:/a/b', 'query:c=1', 'path:/d']);
    expect(raw('GET https://{{host}}/v1/reset?token={{token}}')).toEqual(['path:/v1/reset', 'query:token={{token}}']);
  });
});

describe('an OAuth token request redeeming a code', () => {
  it('reports and masks the authorization code and the PKCE verifier in the form body', () => {
    const form = `grant_type=authorization_code&code=${OAUTH_CODE}&redirect_uri=${encodeURIComponent('https://app.x.example/cb')}&client_id=web&code_verifier=${TOKEN}`;
    const c = call({ method: 'POST', path: '/oauth/token', reqMime: 'application/x-www-form-urlencoded', req: form });
    const links: ParamValue[] = [];
    const values = extractValues(c, [], c.path, links);
    const findings = detectSensitive(values, defaultConfig());
    expect(at(findings, 'request.body', '$.code_verifier')).toEqual(['token']);
    // `code` is a credential only beside grant_type=authorization_code (analyze-call.ts adds it)
    expect(isAuthorizationCodeGrant(values)).toBe(true);
    expect(isAuthorizationCodeGrant(extractValues(call({ method: 'POST', reqMime: 'application/x-www-form-urlencoded', req: 'grant_type=client_credentials&code=abc' }), [], '/t'))).toBe(false);
    const sample = JSON.stringify(redactSample(c, [...findings, { location: 'request.body', param: '$.code', type: 'token' }], SALT, defaultConfig()));
    expect(sample).not.toContain(OAUTH_CODE);
    expect(sample).not.toContain(TOKEN);
    expect(sample).toContain('client_id=web');
  });
});

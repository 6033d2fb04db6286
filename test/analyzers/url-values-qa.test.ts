// Links carried as values, after a QA audit of b0c8d85: URL headers read whole (leading white space,
// raw spaces, relative paths), GCS signed URLs, passwords in userinfo, masks that keep the rest of the
// link and the text after it, and guards against ordinary values under credential names.

import { describe, expect, it } from 'vitest';
import { analyze, at, call, nv } from './link-test-kit.js';
import { detectorFor, pathValueTypes, sensitiveTypes } from '../../src/analyzers/sensitive.js';
import { linkPairTypes, pathSegmentTypes } from '../../src/analyzers/url-types.js';
import { queryPairs, urlSections } from '../../src/analyzers/url-values.js';
import { type Config, defaultConfig } from '../../src/config.js';
import type { Sample } from '../../src/model/facts.js';
import { findCredentials } from '../../src/analyzers/auth.js';

const TOKEN = 'Zk3q9XvL2mPq8RtY7wNc4BvH1sDf6GjK';
const LOC_TOKEN = 'AkToLoCaTiOnT0ken5678';
const MAGIC = 'q8ZrT2mXk4VbN7pLw3YcH9sD';
const GOOG_SIG = 'a3f1c9e27b4d8065f2e1d0c9b8a7968574635241302f1e0d9c8b7a6958473625';
const GCS = `https://storage.googleapis.com/b/o.png?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=svc%40proj.iam.gserviceaccount.com%2F20240301%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20240301T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${GOOG_SIG}`;

const header = (s: Sample, side: 'request' | 'response', name: string): string | undefined =>
  (side === 'request' ? s.request.headers : s.response!.headers).find(([n]) => n === name)?.[1];

/** The value of `link` in a JSON response holding only it, found and masked. */
function link(url: string, cfg?: Config): { types: string[]; masked: string } {
  const { findings, sample } = analyze(call({ resp: JSON.stringify({ link: url }) }), cfg);
  return { types: at(findings, 'response.body', '$.link'), masked: JSON.parse(sample.response!.body!).link as string };
}

/** A text/plain body, found and masked. */
function textBody(text: string): { types: string[]; masked: string } {
  const { findings, sample } = analyze(call({ respMime: 'text/plain', resp: text }));
  return { types: at(findings, 'response.body', '$'), masked: sample.response!.body! };
}

describe('1. URL headers with leading white space or raw spaces', () => {
  it.each(['Location', 'Referer'])('%s with a leading space is read and masked', (name) => {
    const side = name === 'Location' ? 'response' : 'request';
    const h = nv({ [name]: ` https://app.x.example/cb?access_token=${LOC_TOKEN}` });
    const { findings, sample, text } = analyze(call(side === 'response' ? { responseHeaders: h } : { requestHeaders: h }));
    expect(at(findings, `${side}.header`, name.toLowerCase())).toEqual(['token']);
    expect(text).not.toContain(LOC_TOKEN);
    expect(header(sample, side, name)).toMatch(/^ https:\/\/app\.x\.example\/cb\?access_token=<token:fp:[0-9a-f]{6}>$/);
  });

  it('a relative Location with a raw space before the token', () => {
    const { findings, sample, text } = analyze(call({ responseHeaders: nv({ Location: `/cb?msg=hello world&access_token=${LOC_TOKEN}` }) }));
    expect(at(findings, 'response.header', 'location')).toEqual(['token']);
    expect(text).not.toContain(LOC_TOKEN);
    expect(header(sample, 'response', 'Location')).toMatch(/^\/cb\?msg=hello world&access_token=<token:fp:[0-9a-f]{6}>$/);
  });

  it('a URL header is one URL, spaces included; other values end at white space', () => {
    const raw = (t: string, h: boolean) => urlSections(t, h).map((s) => `${s.kind}:${t.slice(s.start, s.end)}`);
    expect(raw('  /cb?a=b c&d=e ', true)).toEqual(['path:/cb', 'query:a=b c&d=e']);
    expect(raw('/cb?a=b c&d=e', false)).toEqual(['path:/cb', 'query:a=b']);
  });
});

describe('2. relative paths in URL headers', () => {
  it('a magic link in Location and a reset path in Content-Location are tokens, masked', () => {
    const c = call({ status: 302, responseHeaders: nv({ Location: `/magic-link/${MAGIC}`, 'Content-Location': `/reset-password/${TOKEN}` }) });
    const { findings, sample, text } = analyze(c);
    expect(at(findings, 'response.header', 'location')).toEqual(['token']);
    expect(at(findings, 'response.header', 'content-location')).toEqual(['token']);
    expect(text).not.toContain(MAGIC);
    expect(text).not.toContain(TOKEN);
    expect(header(sample, 'response', 'Location')).toMatch(/^\/magic-link\/<token:fp:[0-9a-f]{6}>$/);
    expect(header(sample, 'response', 'Content-Location')).toBe('/reset-password/<redacted>');
  });

  it('an ordinary relative Location stays as it is', () => {
    const { findings, sample } = analyze(call({ status: 302, responseHeaders: nv({ Location: '/v1/orders/12345/items' }) }));
    expect(findings).toEqual([]);
    expect(header(sample, 'response', 'Location')).toBe('/v1/orders/12345/items');
  });
});

describe('3. GCS v4 signed URLs', () => {
  it('the signature in a link is found and masked; the rest stays readable', () => {
    const { types, masked } = link(GCS);
    expect(types).toContain('aws-signature');
    expect(masked).not.toContain(GOOG_SIG);
    expect(masked).toMatch(/&X-Goog-Signature=<[a-z-]+(?::fp:[0-9a-f]{6})?>$/);
    expect(masked).toContain('https://storage.googleapis.com/b/o.png?X-Goog-Algorithm=GOOG4-RSA-SHA256&');
  });

  it('in a call\'s own query it is a credential (like X-Amz-Signature) and masked', () => {
    const u = new URL(GCS);
    const c = call({ host: u.host, path: u.pathname, query: [...u.searchParams].map(([name, value]) => ({ name, value })) });
    // Like X-Amz-Credential, the credential names the signer: the caller's identity, one per service account.
    expect(findCredentials(c, defaultConfig()).map((x) => `${x.scheme}:${x.name}`)).toEqual(['aws-sigv4:X-Goog-Credential', 'aws-sigv4:X-Goog-Signature']);
    const { text } = analyze(c);
    expect(text).not.toContain(GOOG_SIG);
    expect(text).not.toContain('svc@proj');
  });
});

describe('4. passwords in userinfo', () => {
  it('a JSON value: password finding, the password masked, user and host kept', () => {
    const { types, masked } = link('https://admin:S3cr3t@internal/api');
    expect(types).toEqual(['password']);
    expect(masked).toBe('https://admin:<password>@internal/api');
  });

  it('a Referer, and a link in text', () => {
    const { findings, sample, text } = analyze(call({ requestHeaders: nv({ Referer: 'https://admin:S3cr3t@internal.example.com/api?x=1' }) }));
    expect(at(findings, 'request.header', 'referer')).toEqual(['password']);
    expect(text).not.toContain('S3cr3t');
    expect(header(sample, 'request', 'Referer')).toBe('https://admin:<password>@internal.example.com/api?x=1');
    const t = textBody('deploy from https://ci:Hunter2Pass@git.example.com/repo.git now');
    expect(t.types).toContain('password'); // and `email`: text pairs read `ci:Hunter2Pass@git.example.com` as one (as before)
    expect(t.masked).toBe('deploy from https://ci:<password>@git.example.com/repo.git now');
  });

  it('a user without a password, and an @ in a path, are not passwords', () => {
    expect(link('https://admin@internal/api').types).toEqual([]);
    expect(link('https://medium.example/@jane:drafts').types).toEqual([]);
  });
});

describe('5. a pair masked in place keeps the rest of the link', () => {
  it('an e-mail under X-Goog-Credential', () => {
    const { types, masked } = link('https://s/o.png?X-Goog-Credential=svc%40proj.iam.gserviceaccount.com&v=1');
    expect(types).toEqual(['email']);
    expect(masked).toBe('https://s/o.png?X-Goog-Credential=s***@p***.com&v=1');
  });

  it('an SSN in a Referer', () => {
    const { findings, sample } = analyze(call({ requestHeaders: nv({ Referer: 'https://app.x.example/x?ssn=531-73-7731' }) }));
    expect(at(findings, 'request.header', 'referer')).toEqual(['ssn']);
    expect(header(sample, 'request', 'Referer')).toBe('https://app.x.example/x?ssn=***-**-7731');
  });
});

describe('6. a masked link keeps the text after it', () => {
  it.each([
    ['Japanese prose', `リセット: https://app.x.example/reset?token=${TOKEN}。ありがとうございます。`, 'リセット: https://app.x.example/reset?token=', '。ありがとうございます。'],
    ['guillemets', `«https://app.x.example/reset?token=${TOKEN}» merci`, '«https://app.x.example/reset?token=', '» merci'],
    ['corner brackets', `「https://app.x.example/reset?token=${TOKEN}」`, '「https://app.x.example/reset?token=', '」'],
    ['a second link after a comma', `https://a.example/x?token=${TOKEN},https://b.example/y?page=2`, 'https://a.example/x?token=', ',https://b.example/y?page=2'],
    ['a pair after a semicolon', `https://a.example/x?token=${TOKEN};next=1 done`, 'https://a.example/x?token=', ';next=1 done'],
  ])('%s', (_what, text, before, after) => {
    for (const r of [textBody(text), link(text)]) {
      expect(r.types).toEqual(['token']);
      expect(r.masked).not.toContain(TOKEN);
      expect(r.masked.startsWith(before), r.masked).toBe(true);
      expect(r.masked.endsWith(after), r.masked).toBe(true);
      expect(r.masked.slice(before.length, r.masked.length - after.length)).toMatch(/^<token:fp:[0-9a-f]{6}>$/);
    }
  });

  it('a secret after a semicolon is still found and masked', () => {
    const { types, masked } = link(`https://a.example/x?page=2;token=${TOKEN}`);
    expect(types).toEqual(['token']);
    expect(masked).toMatch(/^https:\/\/a\.example\/x\?page=2;token=<token:fp:[0-9a-f]{6}>$/);
  });

  it('an ordinary value with a semicolon or comma keeps its bytes', () => {
    for (const url of ['https://a.example/x?filter=a;b,c&page=2', 'https://a.example/x?tags=red,blue;size=m']) {
      const { types, masked } = link(url);
      expect(types).toEqual([]);
      expect(masked).toBe(url);
    }
  });

  it('a link keeps non-ASCII letters of its path', () => {
    const raw = (t: string) => urlSections(t, false).map((s) => `${s.kind}:${t.slice(s.start, s.end)}`);
    expect(raw('見て https://ja.example/wiki/日本?a=1。次')).toEqual(['path:/wiki/日本', 'query:a=1']);
  });
});

describe('7. ?key= holding an object or cache key', () => {
  it.each([
    'https://s3.example/upload?key=uploads/2024/03/avatar-large.png',
    'https://cache.example/get?key=user-profile-settings-v2',
    'https://i18n.example/t?key=checkout.button.confirm_order_label',
  ])('%s is no finding and stays readable', (url) => {
    const { types, masked } = link(url);
    expect(types).toEqual([]);
    expect(masked).toBe(url);
  });

  it('a random key is an api-key, masked as one', () => {
    const { types, masked } = link(`https://maps.example/api/js?key=${TOKEN}`);
    expect(types).toEqual(['api-key']);
    expect(masked).toMatch(/\?key=<api-key:fp:[0-9a-f]{6}>$/);
  });
});

describe('8. signatures and passwords in links need a value', () => {
  it.each(['https://cdn.example/a.png?sig=1', 'https://cdn.example/a.png?sig=default', 'https://cdn.example/a.png?signature=none'])('%s is no finding', (url) => {
    expect(link(url).types).toEqual([]);
  });

  it('a real signature still is', () => {
    expect(link('https://cdn.example/a.png?sig=9f8e7d6c5b4a3928&exp=1700000000').types).toEqual(['token']);
  });
});

describe('9. product codes under ?code=', () => {
  it('a dashed product code is not a token, in a call\'s own query or a link', () => {
    const own = analyze(call({ path: '/api/products', query: nv({ code: 'SKU-4567-8901-2345-BLUE' }) }));
    expect(own.findings).toEqual([]);
    expect(own.sample.request.url).toBe('https://api.x.example/api/products?code=SKU-4567-8901-2345-BLUE');
    expect(link('https://shop.example/api/products?code=SKU-4567-8901-2345-BLUE').types).toEqual([]);
    expect(link('https://shop.example/p?code=summer-sale-2024-promo').types).toEqual([]);
  });

  it('a random one-time code still is', () => {
    expect(link('https://app.example/verify?code=9f8e7d6c5b4a39281706f5e4d3c2b1a0').types).toEqual(['token']);
    expect(link(`https://app.example/verify?code=${TOKEN}`).types).toEqual(['token']);
  });
});

describe('11. more one-time credential names', () => {
  it.each([
    ['Firebase oobCode', `https://app.example/__/auth/action?mode=resetPassword&oobCode=${TOKEN}&apiKey=x`],
    ['CAS ticket', 'https://app.example/cas/cb?ticket=ST-1-N4lqG3PdRvYs5aWbXcZ2-cas01'],
    ['hmac', 'https://hooks.example/cb?hmac=9f8e7d6c5b4a39281706f5e4d3c2b1a0&shop=x'],
  ])('%s is a token, masked', (_what, url) => {
    const { types, masked } = link(url);
    expect(types).toContain('token');
    expect(masked).toMatch(/=<token:fp:[0-9a-f]{6}>/);
  });

  it('ordinary values under those names are not', () => {
    expect(link('https://support.example/view?ticket=12345').types).toEqual([]);
    expect(link('https://app.example/x?oobCode=abc').types).toEqual([]);
  });
});

describe('what a re-scan of a masked link reads', () => {
  it('finds nothing left in any masked link above', () => {
    // (Not the GCS link: its masked `X-Goog-Credential=s***@p***.com/...` is a `secret` by its name alone.)
    for (const url of ['https://admin:S3cr3t@internal/api', `https://a.example/x?token=${TOKEN};next=1`, `/cb?msg=hello world&access_token=${LOC_TOKEN}`]) {
      const { masked } = link(url);
      expect(sensitiveTypes({ location: 'response.body', name: '$.link', type: 'string', value: masked }), masked).toEqual([]);
    }
  });
});

describe('detection and masking agree', () => {
  // Links built from names and values that are and are not secrets, in a JSON value (in prose), a
  // Referer (with a leading space at times) and a Location: whatever detection judges a secret, in a
  // pair, a path segment or a userinfo, is not in the sample, and the prose after a link stays.
  const names = ['token', 'key', 'sig', 'code', 'state', 'email', 'u', 'access_token', 'X-Goog-Signature', 'X-Amz-Credential', 'password', 'ssn', 'oobCode', 'ticket', 'hmac', 'page', 'redirect_uri', 'apiKey', 'client_secret', 'jane.doe@corp.example'];
  const values = [TOKEN, '9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'jane.doe%40corp.example', 'amFuZS5kb2VAY29ycC5leGFtcGxl', '531-73-7731', 'SKU-4567-8901-2345-BLUE', 'uploads/2024/a.png', '2', 'hello world', 'a;b,c', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', '+1 415-555-2671'];
  const paths = [`/reset-password/${TOKEN}`, '/users/jane.doe%40corp.example/x', '/img/a.png', `/magic/${MAGIC}`, '/unsubscribe/amFuZS5kb2VAY29ycC5leGFtcGxl', '/a'];
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);

  it('on 3000 generated links', () => {
    const judge = detectorFor(defaultConfig()).judge;
    for (let t = 0; t < 3000; t++) {
      const q = Array.from({ length: 1 + rnd(3) }, () => `${names[rnd(names.length)]}=${values[rnd(values.length)]}`).join(rnd(4) === 0 ? ';' : '&');
      const url = `${['https://h.example', 'https://admin:Pw0rd99@h.example', ''][rnd(3)]}${paths[rnd(paths.length)]}?${q}`;
      const where = rnd(3);
      const v = where === 0 ? `see ${url}。ok` : url;
      const c = call({
        resp: where === 0 ? JSON.stringify({ link: v }) : undefined,
        requestHeaders: where === 1 ? nv({ Referer: (rnd(2) ? ' ' : '') + url }) : [],
        responseHeaders: where === 2 ? nv({ Location: url }) : [],
      });
      const { text } = analyze(c);
      for (const s of urlSections(v, where !== 0)) {
        const secrets: string[] = [];
        if (s.kind === 'password') secrets.push('Pw0rd99');
        if (s.kind === 'query') for (const p of queryPairs(v, s)) if (p.value.length >= 6 && linkPairTypes(p.name, p.value, false, judge).length > 0) secrets.push(p.value);
        if (s.kind === 'path') pathSegmentTypes(v, s, judge, (_k, i, j) => secrets.push(v.slice(i, j)));
        for (const x of secrets) if (v.split(x).length === 2) expect(text.includes(x), `${x} in ${text}`).toBe(false);
      }
      if (where === 0 && url.includes('://') && !url.includes(' ')) expect(text, `${url} => ${text}`).toContain('。ok');
    }
  });
});

describe('webhooks, one-time links past short segments, session ids, native redirects, Google Docs ids', () => {
  const SLACK_SECRET = 'abcDEF123ghiJKL456mnoPQR'; // 24 characters: too short to be a token on its own
  const DISCORD = 'vR3xK9pL2mQ7zT4wN8bY1cF6hJ0dS5gA-Eu_Iq3oWk7XyZ2nM9rP4tB6vC1lD8fG0hJk';
  const DJANGO = 'c2x5f8-4a1d9e0b7c3f2a1b0c9d8e7f6a5b4c3d';
  const INVITE = 'q8ZrT2mXk4VbN7pLw3YcH9sDf6GjK';
  const JSESSION = '8F3A9C1E5B7D2F4A6C8E0B1D3F5A7C9E';
  const DOC = '1aBcD3fGhIjKlMnOpQrStUvWxYz0123456789AbCdE';
  const UUID = '3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

  it.each([
    ['a Slack incoming webhook', `https://hooks.slack.com/services/T0123ABCD/B0456EFGH/${SLACK_SECRET}`, SLACK_SECRET, 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/'],
    ['a Discord webhook', `https://discord.com/api/webhooks/123456789012345678/${DISCORD}`, DISCORD, 'https://discord.com/api/webhooks/123456789012345678/'],
    ['a Django reset link (uidb64, then the token)', `https://app.example/accounts/reset/MjM/${DJANGO}/`, DJANGO, 'https://app.example/accounts/reset/MjM/'],
    ['an invitation accepted by a verb', `https://app.example/invitations/accept/${INVITE}`, INVITE, 'https://app.example/invitations/accept/'],
    ['a jsessionid matrix parameter', `https://shop.example/cart;jsessionid=${JSESSION}?x=1`, JSESSION, 'https://shop.example/cart;jsessionid=<token:fp:'],
    ['a native app redirect (RFC 8252)', 'com.example.app:/oauth2redirect?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'SplxlOBeZQQYbYS6WxSbIA', 'com.example.app:/oauth2redirect?code=<token:fp:'],
  ])('%s is a token, masked in place', (_, url, secret, kept) => {
    const { types, masked } = link(url);
    expect(types).toEqual(['token']);
    expect(masked).not.toContain(secret);
    expect(masked.startsWith(kept)).toBe(true);
  });

  it('a native app redirect in Location is read too', () => {
    const { findings, text } = analyze(call({ status: 302, responseHeaders: nv({ Location: 'com.example.app:/oauth2redirect?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz' }) }));
    expect(at(findings, 'response.header', 'location')).toEqual(['token']);
    expect(text).not.toContain('SplxlOBeZQQYbYS6WxSbIA');
  });

  it.each([
    `https://app.example/invitations/accept/${UUID}`,
    'https://app.example/invitations/accept/12345678901234567890',
    'https://app.example/verify/docs/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms',
    'com.example.app:/home?page=2',
    'see the note: /a/b',
  ])('ids stay ids: %s', (url) => {
    expect(link(url)).toEqual({ types: [], masked: url });
  });

  it.each([
    `https://docs.google.com/document/d/${DOC}/edit`,
    `https://docs.google.com/spreadsheets/d/${DOC}/edit#gid=0`,
    `https://docs.google.com/presentation/d/${DOC}`,
    `https://drive.google.com/file/d/${DOC}/view`,
  ])('a Google Docs or Drive id is an id, readable: %s', (url) => {
    expect(link(url)).toEqual({ types: [], masked: url });
  });

  it('a Google Docs id in a call\'s own path is an id; a jsessionid there is masked', () => {
    expect(pathValueTypes(DOC, 'dId')).toEqual([]);
    const docs = analyze(call({ host: 'docs.google.com', path: `/document/d/${DOC}/edit` }));
    expect(docs.sample.request.url).toBe(`https://docs.google.com/document/d/${DOC}/edit`);
    expect(pathValueTypes(`cart;jsessionid=${JSESSION}`, 'id')).toEqual(['token']);
    const shop = analyze(call({ host: 'shop.example', path: `/cart;jsessionid=${JSESSION}` }));
    expect(shop.sample.request.url).toMatch(/^https:\/\/shop\.example\/cart;jsessionid=<token:fp:[0-9a-f]{6}>$/);
  });
});

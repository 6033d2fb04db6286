import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../src/model/url.js';

describe('splitUrl hosts', () => {
  it('writes an internationalized host as its punycode, so both spellings are one host', () => {
    expect(splitUrl('https://münchen.example/a')!.host).toBe('xn--mnchen-3ya.example');
    expect(splitUrl('https://xn--mnchen-3ya.example/a')!.host).toBe('xn--mnchen-3ya.example');
    expect(splitUrl('https://MÜNCHEN.example/a')!.host).toBe('xn--mnchen-3ya.example');
  });
  it('drops the trailing dot of a fully qualified host name', () => {
    expect(splitUrl('https://api.example.com./v1/a')!.host).toBe('api.example.com');
  });
  it('has no host for a port past 65535', () => {
    expect(splitUrl('https://api.example:99999/a')!.host).toBe('');
    expect(splitUrl('https://api.example:65535/a')).toMatchObject({ host: 'api.example', port: 65535 });
  });
  it('writes an IPv6 literal one way (RFC 5952), so both spellings are one host', () => {
    expect(splitUrl('http://[2001:db8:0:0:0:0:0:1]:8080/v1/a')).toMatchObject({ host: '[2001:db8::1]', port: 8080 });
    expect(splitUrl('http://[2001:DB8::1]:8080/v1/a')).toMatchObject({ host: '[2001:db8::1]', port: 8080 });
    expect(splitUrl('/v1/a', '[0:0::1]:443')).toMatchObject({ host: '[::1]', port: null });
  });
  it('drops an empty port (`host:`)', () => {
    expect(splitUrl('http://example.com:/v1/j')).toMatchObject({ host: 'example.com', port: null, path: '/v1/j' });
  });
  it('has no host, and says why, for a malformed bracketed host', () => {
    for (const url of ['http://[::1/v1/c', 'http://[::1]]/v1/c', 'http://[zzzz]/v1/c', 'http://[::1]x/v1/c', 'http://[::1']) {
      const u = splitUrl(url);
      expect(u?.host, url).toBe('');
      expect(u?.hostProblem, url).toMatch(/IPv6/);
    }
    expect(splitUrl('/v1/c', '[::1')).toMatchObject({ host: '', hostProblem: expect.stringMatching(/closing/) });
    expect(splitUrl('https://api.example/a')!.hostProblem).toBeUndefined();
  });
});

describe('splitUrl session ids in the path', () => {
  it('moves ;jsessionid= (and PHP/ASP session ids) from a path segment to the query', () => {
    expect(splitUrl('https://shop.example/cart;jsessionid=8F3A9C1E5B7D2F4A?x=1')).toMatchObject({
      path: '/cart',
      query: [{ name: 'x', value: '1' }, { name: 'jsessionid', value: '8F3A9C1E5B7D2F4A' }],
    });
    expect(splitUrl('https://shop.example/a;PHPSESSID=abc123/b')!.path).toBe('/a/b');
    // other matrix parameters are part of the path as written
    expect(splitUrl('https://maps.example/tiles;v=2/7')!.path).toBe('/tiles;v=2/7');
  });

  it('moves credential matrix parameters (and any 16+ character matrix value) to the query', () => {
    expect(splitUrl('https://m1.example/download;token=Q1w2e3r4t5y6u7i8o9p0asdfghjk/file')).toMatchObject({
      path: '/download/file',
      query: [{ name: 'token', value: 'Q1w2e3r4t5y6u7i8o9p0asdfghjk' }],
    });
    expect(splitUrl('https://m1.example/a;api_key=k1/b;x=0123456789abcdef0123')).toMatchObject({
      path: '/a/b',
      query: [{ name: 'api_key', value: 'k1' }, { name: 'x', value: '0123456789abcdef0123' }],
    });
  });
});

describe('splitUrl path escapes', () => {
  it('spells one path one way: UTF-8 escapes for non-ASCII, upper-case hex, unreserved characters plain', () => {
    const paths = ['/menu/café', '/menu/caf%C3%A9', '/menu/caf%c3%a9'].map((p) => splitUrl(`https://api.example${p}`)!.path);
    expect(new Set(paths)).toEqual(new Set(['/menu/caf%C3%A9']));
    expect(splitUrl('https://api.example/~alice/%7Ebob/%41%2d')!.path).toBe('/~alice/~bob/A-');
    expect(splitUrl('https://api.example/a%2fb/jane%40x.example/%E2%82%AC')!.path).toBe('/a%2Fb/jane%40x.example/%E2%82%AC'); // reserved stay escaped
    expect(splitUrl('https://api.example/a b')!.path).toBe('/a%20b');
  });
  it('writes a lone UTF-16 surrogate as U+FFFD, as a browser sends it (it was stored as invalid UTF-8)', () => {
    expect(splitUrl('https://api.example/v1/a\ud800b')!.path).toBe('/v1/a%EF%BF%BDb');
    expect(splitUrl('https://api.example/v1/\udc00é')!.path).toBe('/v1/%EF%BF%BD%C3%A9');
    expect(splitUrl('https://api.example/v1/😀')!.path).toBe('/v1/%F0%9F%98%80'); // a pair is a character
  });
});


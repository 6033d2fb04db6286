import { describe, expect, it } from 'vitest';
import { HOST_PROBLEMS, splitAuthority, spellHostGlob } from '../../src/model/host-spelling.js';

describe('splitAuthority', () => {
  it('spells a host one way: lower case, no trailing dot, punycode', () => {
    expect(splitAuthority('API.Example.com.:8443')).toEqual({ host: 'api.example.com', port: 8443 });
    expect(splitAuthority('bücher.example')).toEqual({ host: 'xn--bcher-kva.example', port: null });
    expect(splitAuthority('BÜCHER.example')).toEqual({ host: 'xn--bcher-kva.example', port: null });
    expect(splitAuthority('xn--bcher-kva.example')).toEqual({ host: 'xn--bcher-kva.example', port: null });
  });

  it('writes an IPv6 literal as RFC 5952 does: lower case, zeros compressed', () => {
    expect(splitAuthority('[2001:db8:0:0:0:0:0:1]:8080')).toEqual({ host: '[2001:db8::1]', port: 8080 });
    expect(splitAuthority('[2001:DB8::1]')).toEqual({ host: '[2001:db8::1]', port: null });
    expect(splitAuthority('[0:0:0:0:0:0:0:1]')).toEqual({ host: '[::1]', port: null });
  });

  it('keeps an IPv6 zone id (RFC 6874), written with %25 or a bare %, the address in RFC 5952 form', () => {
    expect(splitAuthority('[FE80:0:0:0:0:0:0:1%25eth0]:8080')).toEqual({ host: '[fe80::1%25eth0]', port: 8080 });
    expect(splitAuthority('[fe80::1%eth0]')).toEqual({ host: '[fe80::1%25eth0]', port: null });
    expect(splitAuthority('[fe80::1%253]')).toEqual({ host: '[fe80::1%253]', port: null });
  });

  it('drops an empty port', () => {
    expect(splitAuthority('example.com:')).toEqual({ host: 'example.com', port: null });
    expect(splitAuthority('[::1]:')).toEqual({ host: '[::1]', port: null });
  });

  it('says why a bracketed host is none: unclosed, not an address, junk after the bracket', () => {
    expect(splitAuthority('[::1')).toBe(HOST_PROBLEMS.unclosed);
    expect(splitAuthority('[zzzz]')).toBe(HOST_PROBLEMS.notV6);
    expect(splitAuthority('[]')).toBe(HOST_PROBLEMS.notV6);
    expect(splitAuthority('[fe80::1%]')).toBe(HOST_PROBLEMS.notV6);
    expect(splitAuthority('[fe80::1%25eth 0]')).toBe(HOST_PROBLEMS.notV6);
    expect(splitAuthority('[%25eth0]')).toBe(HOST_PROBLEMS.notV6);
    expect(splitAuthority('[::1]]')).toBe(HOST_PROBLEMS.afterV6);
    expect(splitAuthority('[::1]x')).toBe(HOST_PROBLEMS.afterV6);
    expect(splitAuthority('[::1]:8x')).toBe(HOST_PROBLEMS.afterV6);
    expect(splitAuthority('[::1]:99999')).toBe(HOST_PROBLEMS.port);
  });

  it('refuses path characters, brackets and spaces in a host name, and a port past 65535', () => {
    for (const a of ['a/b', 'x\\y', 'a b', 'a]b', '::1]', 'a\u3000b.example']) expect(splitAuthority(a), a).toBe(HOST_PROBLEMS.chars);
    expect(splitAuthority('api.example:99999')).toBe(HOST_PROBLEMS.port);
    expect(splitAuthority('api.example:1234567')).toBe(HOST_PROBLEMS.port);
  });

  it('keeps what it cannot judge as written: unresolved variables, a name IDNA refuses (well-formed)', () => {
    expect(splitAuthority('{{baseUrl}}')).toEqual({ host: '{{baseurl}}', port: null });
    expect(splitAuthority('')).toEqual({ host: '', port: null });
    expect(splitAuthority('a\ud800b.example')).toEqual({ host: 'a\ufffdb.example', port: null });
  });
});

describe('spellHostGlob', () => {
  it('spells a glob as stored hosts are spelled', () => {
    expect(spellHostGlob('bücher.example')).toBe('xn--bcher-kva.example');
    expect(spellHostGlob('*.bücher.example')).toBe('*.xn--bcher-kva.example');
    expect(spellHostGlob('[2001:DB8:0::1]:8080')).toBe('[2001:db8::1]:8080');
    expect(spellHostGlob('*.example.com')).toBe('*.example.com');
  });
  it('is null when a wildcard sits in a non-ASCII label (punycode encodes the label whole)', () => {
    expect(spellHostGlob('bü*.example')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../../src/views/resolve-endpoint.js';

describe('normalizeHost', () => {
  const known = ['api.shop.example', 'internal.example:8443', 'odd.example:443'];
  it('lower-cases and drops default ports as sources/url.ts stores hosts', () => {
    expect(normalizeHost('API.Shop.Example', known)).toBe('api.shop.example');
    expect(normalizeHost('api.shop.example:443', known)).toBe('api.shop.example');
    expect(normalizeHost('api.shop.example:80', known)).toBe('api.shop.example');
    expect(normalizeHost('https://api.shop.example:443/', known)).toBe('api.shop.example');
    expect(normalizeHost('http://api.shop.example:80', known)).toBe('api.shop.example');
    expect(normalizeHost(' internal.example:8443 ', known)).toBe('internal.example:8443');
    expect(normalizeHost('https://internal.example:8443', known)).toBe('internal.example:8443');
  });
  it('keeps a port the host is stored with (http on 443), and a non-default port on an https URL', () => {
    expect(normalizeHost('odd.example:443', known)).toBe('odd.example:443');
    expect(normalizeHost('http://odd.example:443', known)).toBe('odd.example:443');
    expect(normalizeHost('https://x.example:80', known)).toBe('x.example:80');
    expect(normalizeHost('[::1]:443', known)).toBe('[::1]');
  });
  it('spells a host as ingest stores it: punycode for Unicode names, RFC 5952 for IPv6 literals', () => {
    const stored = ['xn--bcher-kva.example', '[2001:db8::1]:8080', 'example.com'];
    expect(normalizeHost('bücher.example', stored)).toBe('xn--bcher-kva.example');
    expect(normalizeHost('BÜCHER.example.', stored)).toBe('xn--bcher-kva.example');
    expect(normalizeHost('bücher.example:443', stored)).toBe('xn--bcher-kva.example');
    expect(normalizeHost('https://bücher.example/', stored)).toBe('xn--bcher-kva.example');
    expect(normalizeHost('[2001:DB8:0:0:0:0:0:1]:8080', stored)).toBe('[2001:db8::1]:8080');
    expect(normalizeHost('http://[2001:db8:0::1]:8080/x', stored)).toBe('[2001:db8::1]:8080');
    expect(normalizeHost('example.com:', stored)).toBe('example.com');
    // a host an older version stored as written is still found as written
    expect(normalizeHost('[2001:db8:0:0:0:0:0:1]:8080', ['[2001:db8:0:0:0:0:0:1]:8080'])).toBe('[2001:db8:0:0:0:0:0:1]:8080');
  });
});

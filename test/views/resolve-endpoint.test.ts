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
});

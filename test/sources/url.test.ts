import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../src/sources/url.js';

describe('splitUrl hosts', () => {
  it('writes an internationalized host as its punycode, so both spellings are one host', () => {
    expect(splitUrl('https://münchen.example/a')!.host).toBe('xn--mnchen-3ya.example');
    expect(splitUrl('https://xn--mnchen-3ya.example/a')!.host).toBe('xn--mnchen-3ya.example');
    expect(splitUrl('https://MÜNCHEN.example/a')!.host).toBe('xn--mnchen-3ya.example');
  });
  it('has no host for a port past 65535', () => {
    expect(splitUrl('https://api.example:99999/a')!.host).toBe('');
    expect(splitUrl('https://api.example:65535/a')).toMatchObject({ host: 'api.example', port: 65535 });
  });
});

import { describe, expect, it } from 'vitest';
import { decodeJwt, jwtClaim, looksLikeJwt } from '../../src/analyzers/jwt.js';

const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
const NOW = Date.UTC(2024, 0, 1);

describe('looksLikeJwt', () => {
  it('wants eyJ and two dots', () => {
    expect(looksLikeJwt(`${b64url({ alg: 'HS256' })}.${b64url({})}.sig`)).toBe(true);
    expect(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.payload')).toBe(false);
    expect(looksLikeJwt('abc.def.ghi.jkl.mno')).toBe(false);
  });
});

describe('decodeJwt', () => {
  it('reads alg, iss, sub and judges expiry at the call time', () => {
    const t = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ iss: 'https://id.example.com', sub: 'user-42', exp: NOW / 1000 + 60 })}.c2ln`;
    expect(decodeJwt(t, NOW)).toEqual({ alg: 'RS256', iss: 'https://id.example.com', sub: 'user-42', expiry: 'valid', algNone: false });
    expect(decodeJwt(t, NOW + 61_000)?.expiry).toBe('expired');
  });
  it('decodes base64url segments containing - and _', () => {
    // '~~~' and '???' encode to characters that differ between the two alphabets.
    const payload = b64url({ sub: '~~~???>>>', exp: NOW / 1000 - 1 });
    expect(payload).toMatch(/[-_]/);
    const info = decodeJwt(`${b64url({ alg: 'HS256' })}.${payload}.x-_y`, NOW);
    expect(info).toMatchObject({ sub: '~~~???>>>', expiry: 'expired' });
  });
  it('decodes plain base64 segments with + / and padding', () => {
    const payload = b64({ sub: '~~~???>>>' });
    expect(payload).toMatch(/[+/]/);
    expect(decodeJwt(`${b64({ alg: 'HS256' })}.${payload}.sig`, NOW)?.sub).toBe('~~~???>>>');
  });
  it('flags alg none in any case and reports tokens without exp', () => {
    for (const alg of ['none', 'None', 'NONE']) {
      expect(decodeJwt(`${b64url({ alg })}.${b64url({ sub: 'a' })}.`, NOW)).toMatchObject({ alg, algNone: true, expiry: 'no-exp' });
    }
  });
  it('returns null for text that only looks like a JWT', () => {
    expect(decodeJwt('eyJub3QganNvbg.eyJhIjoxfQ.sig', NOW)).toBeNull(); // header is not JSON
    expect(decodeJwt(`${b64url({ foo: 1 })}.${b64url({})}.sig`, NOW)).toBeNull(); // no alg/typ
    expect(decodeJwt('not a token', NOW)).toBeNull();
  });
  it('accepts a 5-part JWE header without claims', () => {
    const jwe = `${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
    expect(decodeJwt(jwe, NOW)).toEqual({ alg: 'RSA-OAEP', iss: null, sub: null, expiry: 'no-exp', algNone: false });
  });
  it('exposes other claims as text', () => {
    const t = `${b64url({ alg: 'HS256' })}.${b64url({ email: 'a@b.io', uid: 7, roles: ['x'] })}.s`;
    expect(jwtClaim(t, 'email')).toBe('a@b.io');
    expect(jwtClaim(t, 'uid')).toBe('7');
    expect(jwtClaim(t, 'roles')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { OAUTH_TOKEN_PATH, isSessionCookie, splitAuthorization } from '../../src/analyzers/auth-rules.js';

describe('isSessionCookie', () => {
  it('knows framework session names regardless of case and value', () => {
    expect(isSessionCookie('JSESSIONID', '1')).toBe(true);
    expect(isSessionCookie('wordpress_logged_in_5c0f', 'admin|1700000000|x')).toBe(true);
  });
  it('needs a long random value for session-shaped names', () => {
    expect(isSessionCookie('app_session_v2', 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1')).toBe(true);
    expect(isSessionCookie('app_session_v2', 'aaaaaaaaaaaaaaaaaaaaaaaa')).toBe(false);
    expect(isSessionCookie('preferences', 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1')).toBe(false);
    expect(isSessionCookie('XSRF-TOKEN', 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1')).toBe(false);
    expect(isSessionCookie('sessionid', '')).toBe(false);
  });
});

describe('OAUTH_TOKEN_PATH and splitAuthorization', () => {
  it('matches token endpoint paths only at the end', () => {
    for (const p of ['/oauth/token', '/oauth2/token', '/connect/token', '/realms/x/protocol/openid-connect/token']) expect(OAUTH_TOKEN_PATH.test(p), p).toBe(true);
    // a bare /token (also /users/42/token) needs a grant_type body (auth.ts isOAuthTokenRequest)
    for (const p of ['/token', '/users/42/token', '/token/refresh-later', '/tokens', '/mytoken']) expect(OAUTH_TOKEN_PATH.test(p), p).toBe(false);
  });
  it('splits the scheme word from the credential', () => {
    expect(splitAuthorization('  Bearer   abc ')).toEqual({ word: 'bearer', rest: 'abc' });
    expect(splitAuthorization('abc')).toEqual({ word: '', rest: 'abc' });
  });
});

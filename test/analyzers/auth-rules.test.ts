import { describe, expect, it } from 'vitest';
import { OAUTH_TOKEN_PATH, isSessionCookie, sessionNameRank, splitAuthorization } from '../../src/analyzers/auth-rules.js';

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
  it('knows single sign-on and large sites\' session cookies by name', () => {
    for (const name of ['iPlanetDirectoryPro', 'AMAuthCookie', 'ObSSOCookie', 'OAMAuthnCookie', 'SMSESSION', 'CASTGC', 'MRHSession', 'PD-H-SESSION-ID', 'KEYCLOAK_IDENTITY', 'KEYCLOAK_SESSION', 'ESTSAUTHPERSISTENT', '_oauth2_proxy', 'li_at', 'user_session']) {
      expect(isSessionCookie(name, 'AQIC5wM2LY4SfcxvdvHOXjtC_eWSs2RB54tgvgdnamgy6U8.*AAJTSQACMDE.*'), name).toBe(true);
      expect(sessionNameRank(name), name).toBe(2);
    }
    for (const name of ['remember_user_token', 'remember_admin_token', 'remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d', '_shibsession_64656661756c7468', 'AWSELBAuthSessionCookie-0']) {
      expect(isSessionCookie(name, 'x1'), name).toBe(true);
    }
  });
  it('takes generic sign-in cookie names (xs, identity, remember-me) for a session only with a token\'s value', () => {
    expect(isSessionCookie('xs', '30%3AAbCdEfGhIjKlMn%3A2%3A1700000000%3A-1%3A7373')).toBe(true);
    expect(isSessionCookie('identity', 'Zx8Qp2Lr7Tn4Wk9Vb3Hy6Mc1')).toBe(true);
    expect(isSessionCookie('remember-me', 'YWRtaW46MTcwMDAwMDAwMDAwMDo5ZjhlN2Q2YzViNGEz')).toBe(true);
    expect(isSessionCookie('remember_me', '1')).toBe(false);
    expect(isSessionCookie('remember_me', 'true')).toBe(false);
    expect(isSessionCookie('identity', 'jane.doe42@example.com')).toBe(false);
    expect(isSessionCookie('identity', 'anonymous')).toBe(false);
    expect(isSessionCookie('xs', 'small')).toBe(false);
    expect(sessionNameRank('identity')).toBe(1);
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

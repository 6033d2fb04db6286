// Declarative tables of how credentials travel: Authorization schemes, API-key header and query names,
// session cookie names and shapes, mTLS headers, OAuth token endpoints. Names are lower-case.

import type { AuthScheme } from '../model/facts.js';
import { entropyBitsPerChar, looksRandomToken } from './validators.js';
import { API_KEY_HEADERS } from '../model/standard-headers.js';

/** First word of an Authorization header -> scheme. 'bearer' turns into 'bearer-jwt' when the token is a JWT. */
export const AUTHORIZATION_SCHEMES: ReadonlyMap<string, AuthScheme> = new Map<string, AuthScheme>([
  ['bearer', 'bearer'],
  ['jwt', 'bearer'], // "JWT <token>" (djangorestframework-jwt, Postman's jwt auth with that prefix)
  ['basic', 'basic'],
  ['digest', 'digest'],
  ['ntlm', 'ntlm'], // Windows integrated auth: a per-connection handshake
  ['negotiate', 'negotiate'], // SPNEGO: Kerberos or NTLM (RFC 4559)
  ['aws4-hmac-sha256', 'aws-sigv4'],
  ['aws', 'aws-sigv4'], // legacy SigV2 "AWS AKID:signature"
  ['oauth', 'oauth1'],
  ['hawk', 'hawk'], // Hawk (hapi's HMAC scheme): id="...", ts, nonce, mac; Postman's hawk auth writes it
  ['token', 'api-key'], // "Token <t>" (Django REST, GitHub)
  ['apikey', 'api-key'],
  ['api_key', 'api-key'],
  ['api-key', 'api-key'],
  ['key', 'api-key'],
  ['sso-key', 'api-key'],
  ['ssws', 'api-key'], // Okta
  ['klaviyo-api-key', 'api-key'],
]);

/** Headers that carry an API key or opaque access token by themselves. */

/** Header names no list has that end in a credential's word: `X-Auth`, `X-Session`, `X-Key`, `X-Custom-Auth`, `X-Signature`. */
const CREDENTIAL_HEADER_NAME = /^(?:x-)?(?:[a-z0-9]+-)*(?:auth|session|key|secret|signature|token|credentials?)$/;
/** ...and ones that end so but hold a nonce, an id or a handshake, not a credential. */
// `X-Amz-Security-Token` is the session token of a SigV4 signature (the Authorization header), not a key of its own.
const NOT_CREDENTIAL_HEADER = /idempotency|websocket|nonce|request|trace|correlation|cache|public|csrf|xsrf|client-key|^x-amz-security-token$/;

/** Header names judged so far (a capture repeats a few dozen): the name regexes run once per name. */
const credentialNames = new Map<string, boolean>();

/**
 * A request header that carries an API key by itself: a known name, or a credential's word ending
 * an unlisted name with a key-shaped value (16+ random-looking characters, no spaces).
 */
export function isApiKeyHeader(lowerName: string, value: string): boolean {
  if (API_KEY_HEADERS.has(lowerName)) return true;
  if (value.length < 16) return false;
  let named = credentialNames.get(lowerName);
  if (named === undefined) {
    named = CREDENTIAL_HEADER_NAME.test(lowerName) && !NOT_CREDENTIAL_HEADER.test(lowerName);
    if (credentialNames.size >= 1024) credentialNames.clear();
    credentialNames.set(lowerName, named);
  }
  return named && looksRandomToken(value.trim(), 16);
}

/**
 * Between two cookies of a combined Set-Cookie value: a newline, or a comma before the next `name=`
 * (the comma in `Expires=Wed, 21 Oct 2015` is followed by a date, not a name). Captured, so that
 * `split` keeps the separators at odd indices.
 */
export const SET_COOKIE_SEPARATOR = /(\r?\n|,\s*(?=[^;,=\s]+=))/;

/** Query parameters that carry credentials. `minLength` keeps short everyday values (`?key=name`) out. */
export const CREDENTIAL_QUERY: ReadonlyMap<string, { scheme: AuthScheme; minLength: number }> = new Map([
  ['api_key', { scheme: 'api-key', minLength: 1 }],
  ['apikey', { scheme: 'api-key', minLength: 1 }],
  ['api-key', { scheme: 'api-key', minLength: 1 }],
  ['x-api-key', { scheme: 'api-key', minLength: 1 }],
  ['private_token', { scheme: 'api-key', minLength: 1 }],
  ['auth_token', { scheme: 'api-key', minLength: 1 }],
  ['key', { scheme: 'api-key', minLength: 16 }],
  ['token', { scheme: 'api-key', minLength: 12 }],
  ['auth', { scheme: 'api-key', minLength: 12 }],
  ['access_token', { scheme: 'bearer', minLength: 1 }], // RFC 6750 form; JWTs become bearer-jwt
  ['jwt', { scheme: 'bearer', minLength: 20 }], // embedded dashboards (Metabase, Looker): a JWT, so bearer-jwt
  ['id_token', { scheme: 'bearer', minLength: 20 }],
  ['subscription-key', { scheme: 'api-key', minLength: 1 }], // Azure API Management's query form of Ocp-Apim-Subscription-Key
  ['hapikey', { scheme: 'api-key', minLength: 1 }], // HubSpot
  ['client_secret', { scheme: 'api-key', minLength: 1 }],
  ['x-amz-signature', { scheme: 'aws-sigv4', minLength: 1 }],
  ['x-amz-credential', { scheme: 'aws-sigv4', minLength: 1 }],
  // Google Cloud Storage V4 signed URLs: the same SigV4-style signing (GOOG4-RSA-SHA256, GOOG4-HMAC-SHA256);
  // the credential names the signer (a service account or HMAC key id), as X-Amz-Credential's key id does.
  ['x-goog-signature', { scheme: 'aws-sigv4', minLength: 1 }],
  ['x-goog-credential', { scheme: 'aws-sigv4', minLength: 1 }],
  // OAuth 1 protocol parameters (oauth_consumer_key, oauth_signature, ...) are one credential: auth.ts.
]);

/** OAuth 1.0a protocol parameters (RFC 5849 3.4.1.3): in a query they are auth, not data findings. */
export const OAUTH1_PROTOCOL_PARAMS: ReadonlySet<string> = new Set([
  'oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp',
  'oauth_nonce', 'oauth_version', 'oauth_callback', 'oauth_verifier', 'oauth_body_hash',
]);

/** Query names whose values a sample always masks (credentials and signatures). */
export const SECRET_QUERY_NAMES: ReadonlySet<string> = new Set([
  ...CREDENTIAL_QUERY.keys(), 'x-amz-security-token', 'oauth_token', 'oauth_consumer_key', 'oauth_signature', 'oauth_verifier', 'sig', 'signature',
  'client_secret', 'refresh_token', 'id_token', 'password', 'code_verifier',
]);

/**
 * An OAuth 2.0 token request redeeming an authorization code (RFC 6749 4.1.3): `grant_type=authorization_code`
 * next to `code` in the request body. The code is a credential until the server has used it.
 */
export function isAuthorizationCodeGrant(values: readonly { location: string; name: string; value: string }[]): boolean {
  let grant = false;
  let code = false;
  for (const v of values) {
    if (v.location !== 'request.body') continue;
    if (v.name === '$.grant_type' && v.value === 'authorization_code') grant = true;
    else if (v.name === '$.code' && v.value !== '') code = true;
  }
  return grant && code;
}

/**
 * An OAuth 2.0 authorization response (RFC 6749 4.1.2): `code` next to `state` in a redirect's query.
 * The code buys tokens at the token endpoint until it is used: a credential, however short-lived.
 */
export function isOAuthCodeResponse(query: readonly { name: string }[]): boolean {
  let code = false;
  let state = false;
  for (const q of query) {
    if (q.name === 'code') code = true;
    else if (q.name === 'state') state = true;
  }
  return code && state;
}

/** Session cookie names used by common frameworks, single sign-on products and large sites. */
export const SESSION_COOKIE_NAMES: ReadonlySet<string> = new Set([
  'jsessionid', 'phpsessid', 'asp.net_sessionid', 'aspsessionid', '.aspxauth', '.aspnetcore.session',
  '.aspnetcore.cookies', 'connect.sid', 'sessionid', 'session', 'session_id', 'sessid', '_session_id',
  'sid', 'laravel_session', 'ci_session', 'rack.session', 'express.sid', 'cfid', 'cftoken', 'jwt',
  '__session', 'sess', 'auth', 'auth_token', 'authtoken', 'access_token', 'remember_token',
  'wordpress_logged_in', 'symfony', 'shopify_session', 'frappe_sid', 'koa.sess', 'koa:sess',
  // Single sign-on: OpenAM/ForgeRock, Oracle Access Manager (10g, 11g+), CA SiteMinder, CAS, F5 APM,
  // IBM WebSEAL, Keycloak (when not a JWT), Microsoft Entra, oauth2-proxy, mod_auth_openidc.
  'iplanetdirectorypro', 'amauthcookie', 'obssocookie', 'oamauthncookie', 'smsession', 'castgc', 'mrhsession',
  'pd-h-session-id', 'pd-s-session-id', 'keycloak_identity', 'keycloak_identity_legacy', 'keycloak_session',
  'keycloak_session_legacy', 'estsauth', 'estsauthpersistent', '_oauth2_proxy', 'mod_auth_openidc_session',
  // Sites' own sign-in cookies: LinkedIn, GitHub.
  'li_at', 'user_session',
]);

/**
 * Session cookie names with a per-app part: WordPress's `wordpress_logged_in_<hash>`, Shibboleth's
 * `_shibsession_<id>`, an AWS load balancer's `AWSELBAuthSessionCookie-0`, and remember-me tokens of
 * Devise (`remember_user_token`) and Laravel (`remember_web_<hash>`).
 */
const SESSION_COOKIE_PATTERN = /^(?:wordpress_logged_in_|_shibsession_|awselbauthsessioncookie-|remember_web_)|^remember_[a-z0-9]+_token$/;

/**
 * Names that hold a sign-in only with a token's value: Facebook's `xs`, a bare `identity`, remember-me
 * cookies (Spring's `remember-me`; `remember_me=1` elsewhere is a preference).
 */
const TOKEN_VALUE_COOKIE_NAMES: ReadonlySet<string> = new Set(['xs', 'identity', 'remember_me', 'remember-me', 'rememberme']);

/** Cookie names that look like sessions; checked with a long, random value. CSRF tokens are not credentials. */
const SESSION_NAME_SHAPE = /sess|auth|token|sid$|^sid|login/i;
/**
 * Session-like names that track visits, not users' sign-ins: CSRF tokens, consent, and the cookies of
 * analytics, ads, session replay and support widgets (Google, Meta, Segment, Amplitude, Hotjar,
 * Application Insights, Bing/Microsoft Ads, Clarity, Stripe's fraud signals, Intercom, HubSpot,
 * Matomo, Mixpanel, Heap, FullStory, Shopify's analytics, Pinterest, Parse.ly, Adobe Analytics, Drift,
 * Crisp, Attentive), and ASP.NET's anti-forgery token.
 */
const NOT_SESSION =
  /csrf|xsrf|requestverificationtoken|antiforgery|^_ga|^_gid|^_gcl_|^_fbp|consent|^ajs_|analytics|^amplitude|^amp_|^_hj|^ai_(?:session|user)|^_uet|^_cl[ks]k?$|^__stripe_|^intercom-|^__hs|^hubspot|^_pk_|^mp_|mixpanel|^_hp2_|^fs_|^_fs_|^_shopify_|^_s$|^_y$|^optimizely|^_dd_s$|^rl_session$|^__utm|^_pin_|^_parsely|^s_sess$|^s_pers$|^driftt?_|^crisp-client|^__attentive/i;

/**
 * How surely a cookie name is a sign-in session, without its value: 2 a framework's session cookie,
 * 1 a session-like name that is not a tracker's or a CSRF token's, 0 neither.
 */
export function sessionNameRank(name: string): 0 | 1 | 2 {
  const lower = name.toLowerCase();
  if (SESSION_COOKIE_NAMES.has(lower) || SESSION_COOKIE_PATTERN.test(lower)) return 2;
  return TOKEN_VALUE_COOKIE_NAMES.has(lower) || (SESSION_NAME_SHAPE.test(lower) && !NOT_SESSION.test(lower)) ? 1 : 0;
}

/**
 * A cookie that authenticates: a framework session name, or a session-like name with a random value;
 * a generic name (`identity`, `xs`) only with a token's value: letters and digits, no spaces, not an
 * e-mail address.
 */
/** Cookie names (letters and digits, lower-cased) that carry an API key: `api_key`, `apiKey`, `X-API-Key`. */
const API_KEY_COOKIE_NAMES: ReadonlySet<string> = new Set(['apikey', 'xapikey', 'apitoken', 'xapitoken']);

/**
 * An API key sent as a cookie (`api_key=...`): api-key auth, in the place that scheme then has, not
 * data; a value shorter than a key (`apikey=1`, a flag) is not one.
 */
export function isApiKeyCookie(name: string, value: string): boolean {
  return value.length >= 8 && isApiKeyCookieName(name);
}

/** A cookie name that says it carries an API key (`api_key`, `apiKey`, `X-API-Key`). */
export function isApiKeyCookieName(name: string): boolean {
  return name.length >= 6 && name.length <= 12 && API_KEY_COOKIE_NAMES.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

export function isSessionCookie(name: string, value: string): boolean {
  if (value.length === 0) return false;
  if (TOKEN_VALUE_COOKIE_NAMES.has(name.toLowerCase())) return value.indexOf('@') === -1 && looksRandomToken(value, 16);
  const rank = sessionNameRank(name);
  return rank === 2 || (rank === 1 && value.length >= 16 && entropyBitsPerChar(value) >= 3);
}

/** Client-certificate headers set by a TLS-terminating proxy (value is the certificate or its subject). */
export const MTLS_CERT_HEADERS: ReadonlySet<string> = new Set([
  'x-ssl-client-cert', 'x-client-cert', 'x-forwarded-client-cert', 'ssl-client-cert', 'x-ssl-cert',
  'x-client-certificate', 'x-arr-clientcert', 'x-amzn-mtls-clientcert', 'x-amzn-mtls-clientcert-leaf',
  'x-ssl-client-dn', 'x-client-dn', 'ssl-client-s-dn', 'x-ssl-client-s-dn', 'client-cert',
]);

/** Verification-result headers; they only count when they say the certificate checked out. */
export const MTLS_VERIFY_HEADERS: ReadonlySet<string> = new Set([
  'ssl-client-verify', 'x-ssl-client-verify', 'x-client-verify', 'x-ssl-verify',
]);

/**
 * Paths of OAuth 2 / OIDC token endpoints (lower-case, trailing slash removed). A bare `/token` (also
 * `/users/{id}/token`, a user's API token) counts only with a grant_type in the body.
 */
export const OAUTH_TOKEN_PATH = /\/(?:oauth2?\/(?:v[\d.]+\/)?token|connect\/token|openid-connect\/token)$/;

/** Standard headers that never hold credentials or personal data: skipped when scanning values. */
export const NON_SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'accept-ranges', 'age', 'allow',
  'alt-svc', 'cache-control', 'connection', 'content-encoding', 'content-language', 'content-length',
  'content-type', 'content-security-policy', 'content-disposition', 'date', 'dnt', 'etag', 'expires',
  'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-unmodified-since', 'keep-alive',
  'last-modified', 'pragma', 'priority', 'server', 'strict-transport-security', 'te', 'timing-allow-origin',
  'traceparent', 'tracestate', 'transfer-encoding', 'upgrade', 'upgrade-insecure-requests', 'user-agent',
  'vary', 'via', 'x-content-type-options', 'x-frame-options', 'x-powered-by', 'x-xss-protection',
  'x-request-id', 'x-correlation-id', 'x-amzn-trace-id', 'x-amzn-requestid', 'x-cache', 'cf-ray',
  'cf-cache-status', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'referrer-policy',
  'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'nel', 'report-to',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'x-runtime',
  'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-allow-credentials', 'access-control-expose-headers', 'access-control-max-age',
  'access-control-request-method', 'access-control-request-headers', 'origin', 'range', 'content-range',
]);

/** Infrastructure headers that carry the client address: used for identity, not reported as personal data. */
export const CLIENT_IP_HEADERS: ReadonlySet<string> = new Set([
  'x-forwarded-for', 'x-real-ip', 'forwarded', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip',
  'x-cluster-client-ip', 'fastly-client-ip', 'x-envoy-external-address', 'x-original-forwarded-for',
]);

/** Splits "Scheme rest" into the lower-cased scheme word and the credential after it. */
export function splitAuthorization(value: string): { word: string; rest: string } {
  const v = value.trim();
  const sp = v.search(/\s/);
  if (sp === -1) return { word: '', rest: v };
  return { word: v.slice(0, sp).toLowerCase(), rest: v.slice(sp + 1).trim() };
}

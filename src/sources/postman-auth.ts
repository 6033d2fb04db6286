// Turns a Postman auth block (v2.0 object or v2.1 key/value array) into the headers or query
// parameters Postman would send, so auth analyzers see Postman calls the way they see captured ones.

import sdk from 'postman-collection';
import type { DeclaredCredential, NameValue } from '../model/call-record.js';
import { postmanAsap, postmanJwt, type Signed } from './postman-jwt.js';

/** Normalized auth settings: the type and its parameters by name (values still unresolved). */
export interface AuthSpec {
  type: string;
  params: Readonly<Record<string, unknown>>;
}

/** What an auth block adds to a request. */
export interface WireAuth {
  headers: NameValue[];
  query: NameValue[];
  /** Why nothing (or less than expected) was added, e.g. an empty token. */
  warning: string | null;
  /**
   * Credentials sent under a name of the user's choosing (`apikey` with key `test`): no analyzer could
   * tell them from an ordinary parameter, so the collection's word for it travels with the call.
   */
  declared?: DeclaredCredential[];
}

/** The parts of the request some schemes sign or quote (digest's `uri`). */
export interface AuthTarget {
  method: string;
  path: string;
  query: readonly NameValue[];
}

type Param = (name: string, fallback?: string) => string;
/** A parameter as the collection holds it (objects stay objects), text with its variables resolved. */
type Field = (name: string) => unknown;
type Writer = (param: Param, target: AuthTarget, field: Field) => WireAuth;

const NOTHING: WireAuth = { headers: [], query: [], warning: null };

// The NTLM handshake opens with a fixed Type 1 (negotiate) message: "NTLMSSP\0", type 1, flags
// UNICODE|OEM|REQUEST_TARGET|NTLM|ALWAYS_SIGN|NTLM2, empty domain and workstation.
const NTLM_NEGOTIATE = 'TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=';

// Postman auth parameter -> OAuth 1.0a protocol parameter, in the order Postman writes them.
const OAUTH1_PARAMS: ReadonlyArray<readonly [string, string]> = [
  ['consumerKey', 'oauth_consumer_key'],
  ['token', 'oauth_token'],
  ['signatureMethod', 'oauth_signature_method'],
  ['timestamp', 'oauth_timestamp'],
  ['nonce', 'oauth_nonce'],
  ['version', 'oauth_version'],
  ['callback', 'oauth_callback'],
  ['verifier', 'oauth_verifier'],
];

const DEFAULTS: Readonly<Record<string, string>> = {
  'oauth1.signatureMethod': 'HMAC-SHA1',
  'oauth1.version': '1.0',
  'awsv4.region': 'us-east-1',
  'digest.algorithm': 'MD5',
};

function oauthEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function authHeader(value: string): WireAuth {
  return { headers: [{ name: 'Authorization', value }], query: [], warning: null };
}

function nothingSent(type: string, what: string): WireAuth {
  return { headers: [], query: [], warning: `auth ${type}: ${what} is empty, so Postman sends no credentials` };
}

/** `k="v", k2="v2"` for the non-empty values, as digest, hawk and OAuth 1 headers quote them. */
function quotedList(pairs: ReadonlyArray<readonly [string, string]>, encode: (s: string) => string = (s) => s): string {
  let out = '';
  for (const [k, v] of pairs) if (v !== '') out += `${out ? ', ' : ''}${k}="${encode(v)}"`;
  return out;
}

/** A signed token where Postman puts it: `Authorization: <prefix> <token>` or a query parameter. */
function tokenOnWire(type: string, signed: Signed, p: Param, prefix: string): WireAuth {
  if ('error' in signed) return { headers: [], query: [], warning: `auth ${type}: ${signed.error}, so Postman sends no credentials` };
  if (p('addTokenTo') === 'queryParam') {
    const name = p('queryParamKey', 'token');
    return { headers: [], query: [{ name, value: signed.token }], warning: null, declared: [{ where: 'query', name, scheme: 'bearer-jwt' }] };
  }
  return authHeader(`${prefix} ${signed.token}`);
}

function isFalse(v: string): boolean {
  return v === 'false';
}

function requestUri(t: AuthTarget): string {
  if (t.query.length === 0) return t.path;
  return t.path + '?' + t.query.map((q) => `${q.name}=${q.value}`).join('&');
}

const WRITERS: Readonly<Record<string, Writer>> = {
  noauth: () => NOTHING,

  bearer: (p) => (p('token') ? authHeader(`Bearer ${p('token')}`) : nothingSent('bearer', 'the token')),

  basic: (p) => {
    const user = p('username');
    const pass = p('password');
    if (!user && !pass) return nothingSent('basic', 'the username and password');
    return authHeader(`Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`);
  },

  apikey: (p) => {
    const key = p('key');
    if (!key) return nothingSent('apikey', 'the key name');
    const pair = [{ name: key, value: p('value') }];
    const where = p('in') === 'query' ? 'query' : 'header';
    const declared: DeclaredCredential[] = [{ where, name: key, scheme: 'api-key' }];
    return where === 'query' ? { headers: [], query: pair, warning: null, declared } : { headers: pair, query: [], warning: null, declared };
  },

  oauth2: (p) => {
    const token = p('accessToken');
    if (!token) return nothingSent('oauth2', 'the access token');
    if (p('addTokenTo') === 'queryParams') return { headers: [], query: [{ name: 'access_token', value: token }], warning: null };
    const prefix = p('headerPrefix', 'Bearer');
    return authHeader(prefix ? `${prefix} ${token}` : token);
  },

  jwt: (p, _t, field) => tokenOnWire('jwt', postmanJwt(p, field), p, p('headerPrefix', 'Bearer')),

  asap: (p, _t, field) => tokenOnWire('asap', postmanAsap(p, field), p, 'Bearer'),

  // The response hash needs the server's challenge and a client nonce, so it is left out.
  digest: (p, t) => {
    if (!p('username')) return nothingSent('digest', 'the username');
    const fields = quotedList([
      ['username', p('username')],
      ['realm', p('realm')],
      ['nonce', p('nonce')],
      ['uri', requestUri(t)],
      ['algorithm', p('algorithm')],
    ]);
    const qop = p('qop');
    const tail = qop ? `, qop=${qop}, nc=${p('nonceCount', '00000001')}` : '';
    const rest = quotedList([
      ['cnonce', p('clientNonce')],
      ['opaque', p('opaque')],
    ]);
    return authHeader(`Digest ${fields}${tail}${rest ? ', ' + rest : ''}`);
  },

  // The signature depends on a send-time timestamp/nonce and the secrets; it is not recomputed.
  oauth1: (p) => {
    if (!p('consumerKey')) return nothingSent('oauth1', 'the consumer key');
    const pairs = OAUTH1_PARAMS.map(([from, to]) => [to, p(from)] as const).filter(([, v]) => v !== '');
    // Postman moves them into a form body for urlencoded POSTs; the query is where a CallRecord can show them.
    if (isFalse(p('addParamsToHeader'))) {
      return { headers: [], query: pairs.map(([name, value]) => ({ name, value })), warning: null };
    }
    const realm = quotedList([['realm', p('realm')]]);
    const params = quotedList(pairs, oauthEncode);
    return authHeader(`OAuth ${realm}${realm && params ? ', ' : ''}${params}`);
  },

  // The credential scope's date and the signature need the send time, which a collection lacks:
  // the date segment is left empty and no Signature is written.
  awsv4: (p) => {
    const accessKey = p('accessKey');
    if (!accessKey) return nothingSent('awsv4', 'the access key');
    const credential = `${accessKey}//${p('region')}/${p('service')}/aws4_request`;
    const session = p('sessionToken');
    if (p('addAuthDataToQuery') === 'true') {
      const query = [
        { name: 'X-Amz-Algorithm', value: 'AWS4-HMAC-SHA256' },
        { name: 'X-Amz-Credential', value: credential },
        { name: 'X-Amz-SignedHeaders', value: 'host' },
      ];
      if (session) query.push({ name: 'X-Amz-Security-Token', value: session });
      return { headers: [], query, warning: null };
    }
    const headers = [{ name: 'Authorization', value: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date` }];
    if (session) headers.push({ name: 'X-Amz-Security-Token', value: session });
    return { headers, query: [], warning: null };
  },

  // The MAC is computed over the send time; the identifying fields are what analyzers need.
  hawk: (p) => {
    if (!p('authId')) return nothingSent('hawk', 'the auth id');
    return authHeader(
      'Hawk ' +
        quotedList([
          ['id', p('authId')],
          ['ts', p('timestamp')],
          ['nonce', p('nonce')],
          ['ext', p('extraData')],
          ['app', p('appId') || p('app')],
          ['dlg', p('delegation')],
        ]),
    );
  },

  ntlm: () => authHeader(`NTLM ${NTLM_NEGOTIATE}`),

  edgegrid: (p) => {
    if (!p('clientToken') && !p('accessToken')) return nothingSent('edgegrid', 'the client and access tokens');
    return authHeader(
      `EG1-HMAC-SHA256 client_token=${p('clientToken')};access_token=${p('accessToken')};timestamp=${p('timestamp')};nonce=${p('nonce')};`,
    );
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads an auth block in either schema shape; null when it is absent or names no type (inherit). */
export function authSpecOf(def: unknown): AuthSpec | null {
  if (!isRecord(def) || typeof def.type !== 'string' || !sdk.RequestAuth.isValidType(def.type)) return null;
  // The SDK's RequestAuth accepts both the v2.0 map and the v2.1 [{key, value}] list.
  const auth = new sdk.RequestAuth(def as unknown as ConstructorParameters<typeof sdk.RequestAuth>[0]);
  const list = auth.parameters() as { toObject(): unknown } | undefined;
  const params = list ? list.toObject() : {};
  return { type: def.type, params: isRecord(params) ? params : {} };
}

/** The headers/query parameters `spec` adds to a request, with `{{vars}}` resolved by `resolve`. */
export function authOnWire(spec: AuthSpec, resolve: (s: string) => string, target: AuthTarget): WireAuth {
  const writer = WRITERS[spec.type];
  if (writer === undefined) {
    // Postman sends credentials this tool cannot show: the call is still not one without credentials.
    return { headers: [], query: [], warning: `auth type "${spec.type}" is not understood; no auth data added, auth recorded as unknown`, declared: [{ where: 'unknown', name: spec.type, scheme: 'unknown' }] };
  }
  const param: Param = (name, fallback) => {
    const v = spec.params[name];
    if (typeof v === 'string') return v === '' ? (fallback ?? DEFAULTS[`${spec.type}.${name}`] ?? '') : resolve(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fallback ?? DEFAULTS[`${spec.type}.${name}`] ?? '';
  };
  const field: Field = (name) => {
    const v = spec.params[name];
    return typeof v === 'string' ? param(name) : v;
  };
  return writer(param, target, field);
}

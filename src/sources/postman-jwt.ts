// Postman's `jwt` and `asap` auth types: Postman signs a token at send time from the collection's
// algorithm, header, claims and key, and sends it as a Bearer header (or a query parameter). The
// token is built and signed here the same way, so the auth analyzers see the JWT the API received:
// its algorithm, issuer and subject (the stats user). Send-time claims (ASAP's `iat`, `exp`, `jti`)
// are left out: a collection has no send time.

import { createHmac, createPrivateKey, sign as signWith, constants, type KeyObject } from 'node:crypto';

type Param = (name: string, fallback?: string) => string;

/** A signed token, or why none could be made (Postman sends no credentials then). */
export type Signed = { token: string } | { error: string };

const DIGEST: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

/** A JSON object from a collection field: an object, or text holding one; empty text is `{}`. */
function jsonObject(raw: unknown, what: string): Record<string, unknown> | string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  let v = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw.trim());
    } catch {
      return `the ${what} is not JSON`;
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : `the ${what} is not a JSON object`;
}

function privateKey(pem: string, passphrase: string): KeyObject | string {
  try {
    return createPrivateKey(passphrase ? { key: pem, passphrase } : pem);
  } catch {
    return 'the private key cannot be read';
  }
}

/** Signs `header.payload` with `alg` (HS/RS/PS/ES 256/384/512), as jsonwebtoken does for Postman. */
export function signJwt(alg: string, header: Record<string, unknown>, payload: Record<string, unknown>, key: { secret?: Buffer; pem?: string; passphrase?: string }): Signed {
  const m = /^(HS|RS|PS|ES)(256|384|512)$/.exec(alg);
  if (!m) return { error: `algorithm "${alg}" is not one Postman signs with` };
  const family = m[1]!;
  const digest = DIGEST[m[2]!]!;
  const input = `${b64url(JSON.stringify({ ...header, alg, typ: header.typ ?? 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  if (family === 'HS') {
    if (!key.secret || key.secret.length === 0) return { error: 'the secret is empty' };
    return { token: `${input}.${b64url(createHmac(digest, key.secret).update(input).digest())}` };
  }
  if (!key.pem) return { error: 'the private key is empty' };
  const k = privateKey(key.pem, key.passphrase ?? '');
  if (typeof k === 'string') return { error: k };
  // jsonwebtoken, which Postman signs with, refuses a key of the wrong kind (an RSA key for ES256).
  const kind = k.asymmetricKeyType ?? '';
  if (family === 'ES' ? kind !== 'ec' : kind !== 'rsa' && kind !== 'rsa-pss') return { error: `the private key is ${kind || 'of no known kind'}, not one ${alg} signs with` };
  try {
    const signature =
      family === 'RS'
        ? signWith(digest, Buffer.from(input), k)
        : family === 'PS'
          ? signWith(digest, Buffer.from(input), { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
          : signWith(digest, Buffer.from(input), { key: k, dsaEncoding: 'ieee-p1363' });
    return { token: `${input}.${b64url(signature)}` };
  } catch {
    return { error: `the private key cannot sign ${alg}` };
  }
}

/** Postman's `jwt` auth: algorithm, header and payload (JSON), secret or private key. */
export function postmanJwt(p: Param, raw: (name: string) => unknown): Signed {
  const alg = p('algorithm', 'HS256');
  const header = jsonObject(raw('header'), 'header');
  if (typeof header === 'string') return { error: header };
  const payload = jsonObject(raw('payload'), 'payload');
  if (typeof payload === 'string') return { error: payload };
  delete header.alg; // the algorithm field wins, as in Postman
  const secret = p('secret');
  return signJwt(alg, header, payload, {
    secret: p('isSecretBase64Encoded') === 'true' ? Buffer.from(secret, 'base64') : Buffer.from(secret, 'utf8'),
    pem: p('privateKey'),
    passphrase: p('passphrase'),
  });
}

/** Atlassian ASAP: issuer, subject, audience and key id, signed with a private key (RS256 by default). */
export function postmanAsap(p: Param, raw: (name: string) => unknown): Signed {
  const extra = jsonObject(raw('claims'), 'claims');
  if (typeof extra === 'string') return { error: extra };
  const payload: Record<string, unknown> = { ...extra };
  for (const claim of ['iss', 'sub', 'aud'] as const) {
    const v = p(claim);
    if (v !== '') payload[claim] = v;
  }
  const header: Record<string, unknown> = {};
  if (p('kid') !== '') header.kid = p('kid');
  return signJwt(p('alg', 'RS256'), header, payload, { pem: p('privateKey'), passphrase: p('passphrase') });
}

// Secrets in paths: `/password-reset/<token>`, `/magic/<token>`, a session id as a matrix parameter,
// a bot token after its id. Which path values are key material rather than ids, for the sensitive-data
// and redaction analyzers.

import { SESSION_MATRIX_NAMES } from '../model/url.js';
import { classifySegment, decode, hasBothCases, isColonKey, type SegmentKind } from './segment.js';
import { looksRandomToken, singleCaseKeyMaterial } from './validators.js';

/** Random key material this long (128 bits and more of base64url) is a credential wherever it sits in a path. */
const TOKEN_ALONE_MIN = 32;
/**
 * Django's password-reset and activation token (`/reset/<uidb64>/c2r4b1-9f86d08188...`): a base36
 * timestamp, a dash and a hex hash. The user id segment between keeps the word `reset` out of reach.
 */
const DJANGO_TOKEN_RE = /^(?=[0-9a-z]{0,12}[0-9])(?=[0-9a-z]{0,12}[a-z])[0-9a-z]{3,13}-[0-9a-f]{20,40}$/;
const ALNUM_RE = /^[A-Za-z0-9]+$/;
const HEX_RE = /^[0-9a-fA-F]+$/;
/** Single-case key material this long (100+ bits of base36) is a credential under a credential collection's name. */
const NOUN_TOKEN_MIN = 20;
/** The literal or parameter name of a collection of credentials: `keys`, `apiKeyId`, `tokens`, `secrets`, `sessions`. */
const CREDENTIAL_NOUN = /(?:^|[^a-z])(?:api[-_]?)?(?:keys?|tokens?|secrets?|credentials?|sessions?)(?:Id)?$|(?:Key|Token|Secret|Credential|Session)s?(?:Id)?$/i;
/** IPFS CIDv0: a content hash (base58, `Qm...`), an id like a hex sha256. */
const CID_V0_RE = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/;
/**
 * Words of the literal (or parameter name) before a value that make an id-shaped value a one-time
 * secret: the links of password resets, e-mail verification, invitations, magic sign-in, and share
 * links (`/share/<hex>`: whoever has the link has the document). The word must
 * be the head of the name (`password-reset`, `verify`), not a modifier of some other record
 * (`password-policies`, `login-attempts`).
 */
const SECRET_HEAD_WORD =
  /^(?:reset|magic|invite|invites|invitation|invitations|activate|activation|verify|verification|confirm|confirmation|unsubscribe|otp|recover|recovery|login|signin|share|shared|sharing)$/;
/**
 * Heads that are a secret only with one of the words above, or `webhook`, before them (`reset-password`,
 * `magic-link`, `verify-email`): alone, `tokens/{id}` and `secrets/{id}` are collections addressed by id.
 */
const SECRET_QUALIFIED_HEAD = /^(?:token|secret|password|passwd|pwd|link|links|code|key|email|mail)$/;
const SECRET_MODIFIER = /^(?:reset|magic|invite|invitation|activate|activation|verify|verification|confirm|confirmation|unsubscribe|otp|recover|recovery|login|signin|password|webhook|hook)$/;
/**
 * Nouns of records whose long random-looking ids are ids, not key material: Google Drive and Sheets
 * ids (`/files/1BxiMVs0...`, and Docs' `/document/d/<id>/edit`, `/file/d/<id>/view`: the `d` names
 * the document; shared links are access-controlled), Next.js build ids (`/_next/data/<buildId>/`),
 * Spotify or YouTube ids.
 */
const RECORD_NOUN =
  /^(?:d|file|files|data|spreadsheet|spreadsheets|document|documents|doc|docs|sheet|sheets|folder|folders|presentation|presentations|form|forms|drive|build|builds|video|videos|playlist|playlists|track|tracks|album|albums|artist|artists|channel|channels|episode|episodes|show|shows|user|users|project|projects|item|items|product|products|order|orders|message|messages|object|objects|blob|blobs|asset|assets|image|images|media|post|posts|page|pages)$/;
/** Segment kinds that can carry a token; integers, dates, words and prefixed object ids (`cus_...`) never do. */
const TOKEN_KINDS: ReadonlySet<SegmentKind> = new Set(['base64url', 'ulid', 'hex', 'uuid', 'alnum-id']);
/** Stripe-style prefixed ids, also with a mode (`cs_test_a1b2...`, `sess_Hq2m...`): readable ids. */
const PREFIXED_ANY_RE = /^[a-z]{2,12}(?:_[a-z]{2,8})?_[A-Za-z0-9]{8,}$/;

/** `cus_NffrFeUfNV2Hib`, `cs_test_a1b2C3...`: a prefixed object id (provider keys are typed by their own rules first). */
export function isPrefixedId(s: string): boolean {
  return s.length >= 11 && PREFIXED_ANY_RE.test(s);
}

/** 1: a one-time link's context; 2: a record's (ids stay ids); 0: neither. */
const contexts = new Map<string, 0 | 1 | 2>();

/** What the literal or parameter name before a path value makes of it: 1 a one-time link's secret, 2 a record's id, 0 neither. */
export function contextKind(context: string): 0 | 1 | 2 {
  if (context === '') return 0;
  let k = contexts.get(context);
  if (k === undefined) {
    // `passwordResetId`, `password-reset`, `magic_links`: split camelCase and separators into words;
    // the `Id` (and `2`) that parameter names add is not a word of the noun.
    const words = context.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
    if (words.length > 1 && words[words.length - 1] === 'id') words.pop();
    const head = words[words.length - 1] ?? '';
    k = 0;
    if (SECRET_HEAD_WORD.test(head)) k = 1;
    else if (SECRET_QUALIFIED_HEAD.test(head)) {
      if (words.length === 1 && context === head) k = 1; // the bare literal or name `token`, `secret`
      for (let i = 0; i < words.length - 1 && k === 0; i++) if (SECRET_MODIFIER.test(words[i]!)) k = 1;
    } else if (RECORD_NOUN.test(head)) k = 2;
    if (contexts.size >= 4096) contexts.clear();
    contexts.set(context, k);
  }
  return k;
}

/**
 * Session ids in a path's matrix parameters (`/cart;jsessionid=<id>`). A call's own path has them moved
 * to its query (sources/url.ts); a link inside a value keeps them.
 */
const SESSION_MATRIX_RE = new RegExp(`;(?:${SESSION_MATRIX_NAMES})=([^;/?#]{8,})`, 'i');

/**
 * The session id a segment carries as a matrix parameter (`cart;jsessionid=8F3A...`): [start, end) of
 * the id in `seg`, or null. A credential whatever the segment's place.
 */
export function sessionMatrixId(seg: string): [number, number] | null {
  if (seg.indexOf(';') === -1) return null;
  const m = SESSION_MATRIX_RE.exec(seg);
  return m === null ? null : [m.index + m[0].length - m[1]!.length, m.index + m[0].length];
}

/**
 * A path value that is a secret rather than an id: random base64url key material of 32+ characters
 * anywhere (random letters and digits alone under a credential collection's name, 20+ of them in one
 * case: base36 or base32), or a token-shaped value (base64url, hex, UUID, ULID, random alnum) after a word that names
 * a one-time credential (`/password-reset/{token}`, `/verify-email/{uuid}`). `context` is the parameter's
 * name or the literal before it. Integers, slugs, object ids and content hashes elsewhere stay ids.
 * JWTs and provider keys are typed by their own rules; callers ask this only when those found nothing.
 * `encodesText`: the value is base64 of printable text, so data rather than key material unless its
 * context says otherwise.
 */
export function isSecretPathValue(seg: string, context: string, encodesText = false): boolean {
  if (seg.length < 16) return false;
  if (sessionMatrixId(seg) !== null) return true;
  if (DJANGO_TOKEN_RE.test(seg)) return true;
  const colon = seg.indexOf(':');
  if (colon > 0 && isColonKey(seg, colon)) return true;
  const kind = contextKind(context);
  const inContext = kind === 1;
  // Key material in one case (`/api/keys/fh63py34ug7b8ydj1ohf5niywpsvwyyi`, base36 or base32) under a
  // collection of credentials; hex there is a key's id as often (`/user/tokens/{tokenId}`), as are UUIDs.
  if (!inContext && kind === 0 && !encodesText && !hasBothCases(seg) && CREDENTIAL_NOUN.test(context)) {
    return seg.length >= NOUN_TOKEN_MIN && !HEX_RE.test(seg) && singleCaseKeyMaterial(seg, NOUN_TOKEN_MIN);
  }
  // Without a context only long mixed-case key material counts: ids (integers, UUIDs, hex) end here,
  // and so do the long ids of records named before them (`/files/{fileId}`).
  if (!inContext && (kind === 2 || encodesText || seg.length < TOKEN_ALONE_MIN || !hasBothCases(seg))) return false;
  let c = classifySegment(seg);
  let s = decode(seg);
  if (c.suffix !== undefined) {
    // `/reset/<token>.html`: in a one-time link's place, an extension does not make the token a file name.
    if (!inContext || c.suffix.charCodeAt(0) !== 46) return false;
    s = s.slice(0, s.length - c.suffix.length);
    c = classifySegment(s);
  }
  // Mixed-case letters in a one-time link's place are its token, even when they read as a word.
  if (inContext && c.kind === 'word' && s.length >= 16 && /^[A-Za-z]+$/.test(s) && hasBothCases(s)) return true;
  if (!TOKEN_KINDS.has(c.kind) || isPrefixedId(s)) return false;
  if (c.kind === 'base64url') {
    if (s.charCodeAt(0) === 101 && s.indexOf('.') !== -1) return false; // a JWT: its own type
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
    if (end >= TOKEN_ALONE_MIN && !CID_V0_RE.test(s)) return true;
  }
  // The same key material without `-` or `_` (`/api/keys/sk8Jd92LmQp4...`): letters of both cases and
  // digits, 32+ long, random by its character mix, in a collection of credentials. Elsewhere such
  // strings are mostly public ids (Mux playback ids, YouTube playlists).
  if (c.kind === 'alnum-id' && s.length >= TOKEN_ALONE_MIN && CREDENTIAL_NOUN.test(context) && ALNUM_RE.test(s) && looksRandomToken(s, TOKEN_ALONE_MIN) && !CID_V0_RE.test(s)) return true;
  if (!inContext) return false;
  if (c.kind !== 'alnum-id') return true;
  return looksRandomToken(s, 16);
}

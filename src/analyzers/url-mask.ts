// Masks the URLs a value holds (url-values.ts reads them) for a sample: each secret in place, the
// rest of the link and the text around it byte for byte. A pair is judged by the same questions
// detection asks (url-types.ts), so whatever `sensitive` reports inside a link is masked here, and a
// re-scan of the masked value has no link left to read (redact.ts re-scans it outside its links).

import { isOAuthCodeResponse } from './auth-rules.js';
import { SHAPED_TYPES, opaque, redactValue } from './mask.js';
import { type UrlJudge, isUserinfoPassword, linkCredentialType, linkPairTypes, nameIsValue, pathSegmentTypes } from './url-types.js';
import { type UrlSection, decode, isMasked, queryPairs, replaceSections, urlSections } from './url-values.js';

/** How the redactor masks the parts of a link (redact.ts builds one per sample). */
export interface LinkMasker {
  judge: UrlJudge;
  salt: string;
  /** A query value masked like a call's own (its shapes, its name's types, links inside it); unchanged when clean. */
  value(name: string, value: string): string;
  /** A query name that is itself a value (`?jane@x.com`) masked; others unchanged. */
  name(name: string): string;
  /** The type a configured or declared credential query name (lower-case) masks as. */
  custom(lowerName: string): string | undefined;
  /** A path masked like a call's own. */
  path(raw: string): string;
}

/**
 * A value hidden whole as `type`; the `,` and `;` between the items of a list stay, each item hidden
 * (`<token:fp:...>,<token:fp:...>`): masking never takes bytes that are not the secret's.
 */
function opaqueEach(type: string, v: string, salt: string): string {
  if (v.indexOf(',') === -1 && v.indexOf(';') === -1) return opaque(type, v, salt);
  return v
    .split(/([,;])/)
    .map((piece, i) => (i % 2 === 1 || piece === '' ? piece : opaque(type, piece, salt)))
    .join('');
}

/** A value masked as the types found in it: whole by a credential type, in place by a shaped one (`j***@x***.com`). */
function maskAs(types: readonly string[], v: string, salt: string): string {
  const whole = types.find((t) => !SHAPED_TYPES.has(t));
  return whole !== undefined ? opaqueEach(whole, v, salt) : redactValue(types[0]!, v, salt);
}

/** One query value inside a link: a credential (by name, or as detection types it) hidden, other data masked in place. */
function maskPairValue(name: string, v: string, oauthCode: boolean, m: LinkMasker): string {
  if (v === '' || isMasked(v)) return v;
  const custom = name === '' ? undefined : m.custom(name.toLowerCase());
  if (custom !== undefined) return opaqueEach(custom, v, m.salt);
  const types = linkPairTypes(name, v, oauthCode, m.judge);
  // A credential name masks its value even with its type switched off (`sensitive.disable`); a shape
  // found in it (the e-mail address in `X-Goog-Credential`) is masked in place instead.
  const whole = types.find((t) => !SHAPED_TYPES.has(t)) ?? (types.length === 0 ? linkCredentialType(name, v) : null);
  if (whole) return opaqueEach(whole, v, m.salt);
  const masked = m.value(name, v);
  return masked !== v || types.length === 0 ? masked : maskAs(types, v, m.salt);
}

/** A query (or fragment) inside a value, pair by pair; pairs left as they are keep their bytes. */
function maskQuery(text: string, s: UrlSection, m: LinkMasker): string {
  const pairs = queryPairs(text, s);
  const oauthCode = pairs.length > 1 && isOAuthCodeResponse(pairs);
  let out = '';
  let pos = s.start;
  for (const p of pairs) {
    let name = m.name(p.name);
    if (name === p.name && nameIsValue(name)) {
      const shapes = m.judge.shapes(name); // what detection reports of a name that is a value
      if (shapes.length > 0) name = maskAs(shapes, name, m.salt);
    }
    // Under no name: the finding at `*` is the name's, not its value's.
    const v = maskPairValue(name === p.name ? p.name : '', p.value, oauthCode, m);
    if (name === p.name && v === p.value) continue;
    const rawName = text.slice(p.start, p.eq === -1 ? p.end : p.eq);
    // Only what would end the pair or the URL is escaped: a masked URL in a URL stays one value.
    const value = p.eq === -1 ? '' : `=${v === p.value ? text.slice(p.eq + 1, p.end) : v.replace(/[%&#\s]/g, (c) => encodeURIComponent(c))}`;
    out += text.slice(pos, p.start) + (name === p.name ? rawName : name) + value;
    pos = p.end;
  }
  return pos === s.start ? text.slice(s.start, s.end) : out + text.slice(pos, s.end);
}

/** A path inside a value, masked like a call's own; a segment detection reports is masked whatever the path masking made of it. */
function maskPath(text: string, s: UrlSection, m: LinkMasker): string {
  let masked = m.path(text.slice(s.start, s.end));
  pathSegmentTypes(text, s, m.judge, (_k, i, j, types) => {
    const seg = text.slice(i, j);
    if (masked.includes(seg)) masked = masked.split(seg).join(maskAs(types, decode(seg), m.salt));
  });
  return masked;
}

/** One section of a link masked (`https://admin:<password>@host`, `/reset/<redacted>`, `token=<token:fp:...>`). */
export function maskLinkSection(text: string, s: UrlSection, m: LinkMasker): string {
  if (s.kind === 'query') return maskQuery(text, s, m);
  if (s.kind === 'path') return maskPath(text, s, m);
  const pw = decode(text.slice(s.start, s.end));
  return isUserinfoPassword(pw) ? opaque('password', pw, m.salt) : text.slice(s.start, s.end);
}

/** The URLs in a value with their passwords, path segments and query (and fragment) pairs masked. */
export function maskLinks(text: string, urlHeader: boolean, m: LinkMasker): string {
  return replaceSections(text, urlSections(text, urlHeader, Infinity), (s) => maskLinkSection(text, s, m));
}

// Names that are values: `?ghp_...`, `?john@example.com`, a JWT sent as a header name. Such a
// name is stored as `*`, masked in samples and reported under param `*` with the value's type.

import type { Config } from '../config.js';
import type { CallRecord } from '../model/call-record.js';
import type { ParamLocation, SensitiveFinding } from '../model/facts.js';
import { classifySegment } from './segment.js';
import { addFinding, valueShapeTypes } from './sensitive.js';
import { letterPieces, looksRandomToken } from './validators.js';

/** Distinct names whose verdict is kept (cleared when full, like the other per-name caches). */
const NAME_CACHE_MAX = 10_000;
const nameVerdicts = new Map<string, string | null>();
/** Random key material shorter than this is not told from a name made of words and numbers. */
const TOKEN_NAME_MIN = 20;
/** The run of letters and digits random key material has somewhere, separators (`-`, `_`) aside. */
const MIN_KEY_RUN = 10;

const AWS_KEY_ID_LETTERS = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z]{16}$/;

function nameVerdict(name: string): string | null {
  // Ordinary names (`utm_source`, `X-Request-Id`) have neither a digit nor an '@': no value shape fits,
  // unless they are 20+ random letters (base64url without a digit, `YbajQgEYfzJkAZVfNVzpxQpi`; an
  // Airtable record id, `recAbCdEfGhIjKlMn`, is shorter).
  let i = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64) break;
  }
  if (i === name.length) {
    // An AWS access key id drawn without a digit (A-Z2-7: `AKIACSJFNAQGJYYBALPD`).
    if (name.length === 20 && AWS_KEY_ID_LETTERS.test(name)) return 'aws-access-key-id';
    return name.length >= 20 && classifySegment(name).kind === 'base64url' ? 'token' : null;
  }
  // The default rules: whether a name is a value does not depend on what a config reports.
  const found = valueShapeTypes(name);
  if (found.length > 0) return found[0]!;
  if (randomKeyName(name)) return 'token';
  // A key with a namespace (`sess:<token>`, a session store's keys): the part after the last colon.
  const colon = name.lastIndexOf(':');
  return colon > 0 && colon < name.length - 6 ? nameVerdict(name.slice(colon + 1)) : null;
}

/**
 * A camelCase name with numbers in it (`AbTestVariantB2C2024Q1Homepage`): split at case changes and
 * digits, two thirds of its letters are in words of three to fifteen letters. Random key material
 * breaks into pieces of one or two letters.
 */
function madeOfWords(name: string): boolean {
  const pieces = letterPieces(name);
  let letters = 0;
  let inWords = 0;
  let words = 0;
  for (const w of pieces) {
    letters += w.length;
    if (w.length >= 3 && w.length <= 15 && /[a-z]/.test(w)) {
      inWords += w.length;
      words++;
    }
  }
  return words >= 2 && inWords * 3 > letters * 2;
}

/**
 * Mixed-case key material (`AIzaSyA1b2...`, `Qx7Lp2Vw9Tz4...`): case and digit jumps camelCase words
 * do not make, or lower-case runs too short for words between capitals and digits. Upper-case ids
 * (`ORD2024ABC123...`), hex and UUIDs are ids, not secrets.
 */
function randomKeyName(name: string): boolean {
  if (name.length < TOKEN_NAME_MIN) return false;
  // A word before key material (`sess_<token>`, `tok-<token>`): the key material decides.
  const sep = Math.max(name.lastIndexOf('_'), name.lastIndexOf('-'));
  if (sep > 0 && name.length - sep - 1 >= TOKEN_NAME_MIN && randomKeyName(name.slice(sep + 1))) return true;
  if (!looksRandomToken(name, TOKEN_NAME_MIN) || madeOfWords(name)) return false;
  let upper = 0;
  let digits = 0;
  let lower = 0;
  let lowerRuns = 0;
  let prevLower = false;
  // Between separators (`-`, `_`): the longest part, and whether a part is a lower-case word
  // (`ga_G12345ABCD_session` is words around an id, `utm_2024_...` a name).
  let part = 0;
  let partLower = 0;
  let longest = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 45;
    const isLower = c >= 97 && c <= 122;
    if (isLower) {
      lower++;
      partLower++;
      if (!prevLower) lowerRuns++;
    } else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 45 || c === 95) {
      if (part >= 4 && partLower === part) return false;
      if (part > longest) longest = part;
      part = 0;
      partLower = 0;
      prevLower = false;
      continue;
    } else return false;
    prevLower = isLower;
    part++;
  }
  if (longest < MIN_KEY_RUN) return false;
  if (classifySegment(name).kind === 'base64url') return true;
  return upper >= 3 && digits >= 3 && lowerRuns >= 3 && lower <= 2 * lowerRuns;
}

/**
 * The sensitive type of a query, header or JSON key *name* that is itself a value (a token, a JWT, an
 * e-mail address, a card number: `?ghp_...`, `?john.smith@corp.example`), or null for an ordinary
 * name. Such a name is stored as `*`, masked in samples and reported under param `*`. Runs for every
 * name of every call, so the verdict is cached per distinct name (a lookup costs less than scanning
 * the name's characters: extractValues has already hashed it) and names shorter than any value are
 * answered at once.
 */
export function nameValueType(name: string): string | null {
  if (name.length < 6) return null; // the shortest value shape, an e-mail address `a@b.co`
  let t = nameVerdicts.get(name);
  if (t === undefined) {
    if (nameVerdicts.size >= NAME_CACHE_MAX) nameVerdicts.clear();
    nameVerdicts.set(name, (t = nameVerdict(name)));
  }
  return t;
}

function namesOf(out: SensitiveFinding[], cfg: Config, location: ParamLocation, list: readonly { name: string }[]): void {
  for (let i = 0; i < list.length; i++) {
    const type = nameValueType(list[i]!.name);
    if (type !== null) addFinding(out, cfg, location, '*', type);
  }
}

/** Findings for query, header and cookie names that are values (see nameValueType): param `*`, the value's type. */
export function nameFindings(call: CallRecord, cfg: Config, out: SensitiveFinding[]): void {
  namesOf(out, cfg, 'request.query', call.query);
  namesOf(out, cfg, 'request.header', call.requestHeaders);
  namesOf(out, cfg, 'request.cookie', call.requestCookies);
  namesOf(out, cfg, 'response.header', call.responseHeaders);
}

// Checksums and structural rules that turn "looks like" into "is": Luhn + issuer ranges for cards,
// ISO 13616 mod-97 for IBANs, SSA area/group/serial rules for SSNs, strict IP parsing, entropy.

/** Luhn (mod 10) over a string of digits only. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefix ranges with the lengths each issuer uses. 13-digit Visa is left out on purpose:
 * no longer issued, and it is exactly the shape of an EAN-13 barcode. */
const CARD_ISSUERS: readonly { lo: number; hi: number; digits: number; lengths: readonly number[] }[] = [
  { lo: 4, hi: 4, digits: 1, lengths: [16, 19] }, // Visa
  { lo: 51, hi: 55, digits: 2, lengths: [16] }, // Mastercard
  { lo: 2221, hi: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { lo: 34, hi: 34, digits: 2, lengths: [15] }, // Amex
  { lo: 37, hi: 37, digits: 2, lengths: [15] },
  { lo: 6011, hi: 6011, digits: 4, lengths: [16, 19] }, // Discover
  { lo: 644, hi: 649, digits: 3, lengths: [16, 19] },
  { lo: 65, hi: 65, digits: 2, lengths: [16, 19] },
  { lo: 300, hi: 305, digits: 3, lengths: [14, 16] }, // Diners Club
  { lo: 36, hi: 36, digits: 2, lengths: [14, 16] },
  { lo: 38, hi: 39, digits: 2, lengths: [14, 16] },
  { lo: 3528, hi: 3589, digits: 4, lengths: [16, 19] }, // JCB
  { lo: 62, hi: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  // Maestro (and Dankort 5019): 16 digits only. Its 17-19 digit numbers are rare, and as long a run of
  // digits is more often a snowflake id (Discord, Twitter), one in ten of which passes Luhn.
  { lo: 50, hi: 50, digits: 2, lengths: [16] },
  { lo: 56, hi: 58, digits: 2, lengths: [16] },
  { lo: 6304, hi: 6304, digits: 4, lengths: [16] },
  { lo: 6759, hi: 6759, digits: 4, lengths: [16] },
  { lo: 6761, hi: 6763, digits: 4, lengths: [16] },
];

/** A card number (digits only): known issuer prefix, a length that issuer uses, and Luhn. */
export function cardNumberValid(digits: string): boolean {
  const n = digits.length;
  if (n < 14 || n > 19) return false;
  let matched = false;
  for (const c of CARD_ISSUERS) {
    const prefix = Number(digits.slice(0, c.digits));
    if (prefix >= c.lo && prefix <= c.hi && c.lengths.includes(n)) {
      matched = true;
      break;
    }
  }
  return matched && luhnValid(digits);
}

/** Digits of a card written with optional single spaces/dashes between digit groups, else ''. */
export function cardDigits(s: string): string {
  let out = '';
  let prevSep = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += s[i];
      prevSep = false;
    } else if ((c === 32 || c === 45) && !prevSep) {
      prevSep = true;
    } else return '';
  }
  return prevSep ? '' : out;
}

/** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999; two advertising numbers excluded. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  const g = Number(group);
  const s = Number(serial);
  if (!(a > 0 && a < 900 && a !== 666 && g > 0 && s > 0)) return false;
  const whole = `${area}${group}${serial}`;
  return whole !== '078051120' && whole !== '219099999';
}

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27,
  GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24,
  ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24,
  TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** An IBAN without spaces, upper-case: registered country length and mod-97 == 1. */
export function ibanValid(iban: string): boolean {
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len === undefined || iban.length !== len || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Letters count as two digits (A=10 .. Z=35); fold them in one at a time to stay in int range.
    rem = c <= 57 ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97;
  }
  return rem === 1;
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(p) > 255) return false;
  }
  return true;
}

/** Full IPv6 text form: 8 groups, or fewer with one '::'; an embedded IPv4 tail allowed. */
export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || s.indexOf(':') === -1) return false;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return false;
  const groups = s.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g === '') continue; // the '::' gap (or its edges)
    if (i === groups.length - 1 && g.indexOf('.') !== -1) {
      if (!isIPv4(g)) return false;
      count += 2;
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
    count++;
  }
  if (dbl === -1) return count === 8 && !groups.includes('');
  if (s.startsWith(':') && !s.startsWith('::')) return false;
  if (s.endsWith(':') && !s.endsWith('::')) return false;
  return count < 8;
}

/** Shannon entropy in bits per character: separates random session ids from words like 'en-US'. */
export function entropyBitsPerChar(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A long, random-looking token (API key, session id), as opposed to a word, number or date. */
export function looksRandomToken(s: string, minLength = 20): boolean {
  if (s.length < minLength) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c === 32) return false;
  }
  return digits > 0 && letters > 0 && entropyBitsPerChar(s) >= 3;
}

/** A ULID of this century (`01ARZ3NDEKTSV4RRFFQ69G5FAV`, either case): a sortable record id, not key material. */
const ULID_RE = /^01[0-9A-HJKMNP-TV-Z]{24}$/i;

/**
 * Letters of a word: a vowel, and no four consonants in a row (`settings`, `report`), where random
 * letters have long consonant runs (`vkd`, `pqcqnh`).
 */
const wordPiece = (p: string): boolean => /[aeiouy]/i.test(p) && !/[^aeiouy]{4}/i.test(p);

/**
 * Random key material in one case of letters, with digits: base36 or base32 (`a3vkd0ibs7g5pq2cq4nh1s8o2u`,
 * a PHP session id; a Django session key; `JBSWY3DPEHPK3PXP...`, a TOTP seed), `minLength`+ characters.
 * Random characters switch between letters and digits often and their letters read as no word; a
 * label with numbers (`springsemester2024final2`, `ORDER2024REPORTQ1FINAL`) is words between few digit
 * runs. Hex is the caller's to judge (an id or a hash as often as a key), as are ULIDs (ids).
 */
export function singleCaseKeyMaterial(s: string, minLength = 20): boolean {
  if (s.length < minLength || ULID_RE.test(s)) return false;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let runs = 0;
  let prevDigit = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? 1 : 0;
    if (digit === 1) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else return false;
    if (digit !== prevDigit) {
      runs++;
      prevDigit = digit;
    }
  }
  if (digits === 0 || upper + lower < 4 || (upper > 0 && lower > 0) || entropyBitsPerChar(s) < 3) return false;
  const pieces = s.split(/\d+/).filter((p) => p.length >= 3);
  const words = pieces.length > 0 && pieces.every(wordPiece);
  return !words || runs >= s.length / 4;
}

/**
 * The printable ASCII text a base64 or base64url string decodes to (an e-mail address hidden in an
 * unsubscribe link), or null. Only mixed-case strings of the base64 alphabet are decoded: integers,
 * hex, UUIDs and lower-case slugs are not base64 of text, and random bytes are rarely all printable.
 */
export function base64Text(s: string): string | null {
  const n = s.length;
  if (n < 8 || n > 1024 || n % 4 === 1) return null;
  let upper = 0;
  let lower = 0;
  let pad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c === 61 && i >= n - 2) pad++;
    else if (pad > 0 || !((c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95)) return null;
  }
  if (upper === 0 || lower === 0) return null;
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length < 6) return null;
  for (const b of bytes) if (b < 32 || b > 126) return null;
  return bytes.toString('latin1');
}

/** The letter runs of a name, split at separators, digits and camelCase humps: `resetPassword2FA` -> reset, Password, FA. */
export function letterPieces(s: string): string[] {
  return s.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[^A-Za-z]+/).filter((w) => w !== '');
}

/** How many ASCII digits `s` holds. */
export function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

// The built-in sensitive data types as data: key-name patterns and value shapes with cheap prefilters
// and validators. sensitive.ts runs them; mask.ts reuses the same value regexes to mask text.
//
// Type ids. By value: email, phone, credit-card, ssn, iban, ip-address, jwt, aws-access-key-id,
// aws-secret-key (value shape + key name), private-key, db-connection-string, and provider credentials
// by their published prefixes: github-token, gitlab-token, slack-token, stripe-key, google-api-key,
// npm-token, sendgrid-key, openai-key; password-hash (bcrypt, argon2, crypt(3), Django PBKDF2; also by
// key name); card-security-code (3-4 digits under a cvc/cvv/security-code key); credit-card also by a
// security code beside it (SIBLING_RULES: gift cards fail Luhn).
// By key name: password, secret, token, api-key (the generic secrets), ssn, passport-number,
// national-id, bank-account, driver-license, date-of-birth, street-address.
// Credentials in auth headers and cookies (assigned in sensitive.ts): jwt, bearer-token,
// basic-credentials, digest-credentials, auth-handshake (NTLM, Negotiate), aws-signature,
// oauth1-credentials, api-key, session-cookie.

import { decodeJwtParts } from './jwt.js';
import { cardDigits, cardNumberValid, digitCount, ibanValid, isIPv4, isIPv6, looksRandomToken, singleCaseKeyMaterial, ssnValid } from './validators.js';

/** Character classes present in a value, as bits. A matcher runs only when every class it `needs` is
 * present: one integer test instead of a call, so most values skip most rules for free. */
export const HAS = {
  DIGIT: 1,
  DIGITS7: 2, // at least 7 digits
  AT: 4,
  COLON2: 8, // at least 2 colons
  DOT: 16,
  DASH: 32,
  PLUS: 64,
  UPPER: 128,
  LONG: 256, // 20+ characters
  NO_LETTERS: 512,
  UNDERSCORE: 1024,
  DOLLAR: 2048,
} as const;

/** Character counts gathered in one pass over a value, so each rule's prefilter costs a comparison. */
export interface ValueStats {
  /** HAS bits. */
  mask: number;
  len: number;
  digits: number;
  letters: number;
  upper: number;
  at: number;
  dot: number;
  colon: number;
  dash: number;
  underscore: number;
  dollar: number;
}

export interface ValueMatcher {
  /** HAS bits that must all be present (checked before `pre`). */
  needs: number;
  pre: (s: ValueStats, v: string) => boolean;
  /** Finds candidates inside text (global, unanchored). Also used by redaction to mask text. */
  find: RegExp;
  /** Same pattern anchored: used for detection when `whole` is set. */
  anchored: RegExp;
  /** Detection needs the whole (trimmed) value to match: shapes too weak to trust inside free text. */
  whole: boolean;
  valid?: (m: string) => boolean;
  /** Normalized key names this shape needs (shape alone is too common). */
  needsKey?: RegExp;
  /** Normalized key names under which the shape means something else (versions, not IPs). */
  skipKey?: RegExp;
}

export interface SensitiveRule {
  id: string;
  /** Normalized key name (last path segment, lower-case, only a-z0-9) that marks the value by itself. */
  key?: RegExp;
  /** A generic secret by name: dropped when a specific value type (jwt, aws key...) matched the same value. */
  generic?: boolean;
  /** For `key`: what a value must look like to be this type by its name (a street address has words). */
  keyValue?: (v: string) => boolean;
  values?: readonly ValueMatcher[];
  /** Not reported in request/response headers (client IPs in X-Forwarded-For are infrastructure). */
  notInHeaders?: boolean;
}

function shape(src: string, o: Omit<ValueMatcher, 'find' | 'anchored'>): ValueMatcher {
  // Every matcher gets the same fields in the same order: one hidden class keeps the hot loop monomorphic.
  return {
    needs: o.needs,
    pre: o.pre,
    find: new RegExp(src, 'g'),
    anchored: new RegExp(`^(?:${src})$`),
    whole: o.whole,
    valid: o.valid,
    needsKey: o.needsKey,
    skipKey: o.skipKey,
  };
}


const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'heic', 'bmp', 'tif', 'tiff', 'ico', 'css', 'js', 'map', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'pdf', 'mp4', 'webm']);
/**
 * An e-mail domain's last label is not a file type: in `jane@mail.test-ssn.pdf` the address is
 * `jane@mail.test` (the pattern backtracks to it), and `logo@2x.png` is none.
 */
const NOT_A_FILE_TYPE = `(?!(?:${[...FILE_TLDS].join('|')})(?![A-Za-z0-9]))`;
const PHONE_KEY = /(?:phone|phoneno|phonenumber|mobile|mobileno|mobilenumber|cellphone|msisdn|whatsapp|faxnumber|phonee164|e164)$|^(?:tel|telephone|telno|cell|fax|contactnumber)$/;
const VERSION_KEY = /version|^v$|^(?:app|client|os|api|lib|fw|sw|hw|min|max|cur|current|agent)?ver$|build|release|revision|firmware|sdk/;
const AWS_SECRET_KEY = /^aws.*secret|secretaccesskey|secretkey$|awssecret/;

/**
 * Ids and numbers of records that are not cards (`orderId`, `guild_id`, `objectId`, `trackingNumber`,
 * `sku`): any name ending in `id` except a card's own (`cardId`, `panId`, `paymentMethodId`).
 */
const RECORD_ID_KEY =
  /^(?!.*(?:card|pan|cc|credit|payment|account))[a-z0-9]*ids?$|^(?:order|tracking|invoice|transaction|txn|shipment|shipping|parcel|reference|ref|request|trace|correlation|message|event|session|user|customer|product|item|booking|reservation|ticket|case|claim|policy|batch|job)(?:number|no|num|ref)$|^(?:sku|reference|awb|waybill)$/;

/** One word that is a street's name by its ending (`Stargatan`, `Kalverstraat`, `Hauptstraße`, `Lindenallee`). */
const STREET_WORD = /^\p{Lu}[\p{L}'-]*(?:stra(?:ss|ß)e|str\.|gatan|gata|gade|vej|veien|vägen|weg|straat|laan|gracht|gasse|allee|platz|plein|torget|street|avenue|road|lane)\s?\d{0,4}[a-z]?$/iu;

/** Card security code names: cvc, cvv2, card_cvc, securityCode, cardVerificationValue (not cvc_check). */
const CARD_SECURITY_CODE_KEY =
  /^(?:card|cc|credit|creditcard|payment)?(?:cvc|cvv|csc|cvn)2?(?:code|number|no|value)?$|^(?:card|cc|creditcard)?securitycode$|^(?:card|cc|creditcard)verification(?:code|value|number)$/;

/**
 * Short or ambiguous names under which a random value is a credential (`?sid=`, `session=`, `refresh`,
 * `access`, `key`, `sig`): by name alone they are too often a label or a flag (`"access": "read-only"`),
 * so the value decides.
 */
const SHORT_CREDENTIAL_KEY =
  /^(?:sid|sess|session|sessid|access|refresh|key|auth|authkey|authcode|authorizationcode|sig|signature|hmac|ticket|bearer|jwt|cred|creds|xauth|xsession|xsig|xsignature|samlresponse|samlrequest)$/;

/** Short names of key material (`aes_key`, `encKey`, `privkey`, `seed`): a `secret` when the value is random. */
const KEY_MATERIAL_KEY = /^(?:aes|enc|crypt|crypto|cipher|priv|sym)key$|^seed$/;

/** A bech32 wallet address (Bitcoin, Litecoin): lower-case letters and digits, but public. */
const BECH32_ADDRESS = /^(?:bc|tb|ltc)1[02-9ac-hj-np-z]{25,87}$/;

/**
 * Key material, not a readable id, under a short credential name (`key`, `session`, `sig`): lower-case
 * hex of 16+ digits (`8f3a9c2e71b04d5e`), one run of base64 of 20+ characters with both cases, a digit
 * and few vowels (`a8Fk2LmQ9xZ4pR7tW1vB9x`), 20+ random letters of one case and digits (base36 or
 * base32: PHP's and Django's session ids, `a3vkd0ibs7g5pq2cq4nh1s8o2u`), or a vendor key with a mode
 * (`ak_live_...`). Cache keys, cluster names, versions and labels (`cache-v2-1714557600`,
 * `prod-eu1-k8s-cluster01`, `Session20240501Morning`, `springsemester2024final2`), UUIDs, ULIDs,
 * Twilio SIDs and wallet addresses (`0x742d...`, `bc1q...`) are not.
 */
function credentialValue(m: string): boolean {
  if (/^[a-z]{2,8}_(?:live|test|prod)_[A-Za-z0-9]{16,}$/.test(m)) return true; // a vendor key (`ak_live_9f8e...`)
  if (/^[0-9a-f]{16,}$/.test(m)) return /[a-f]/.test(m) && /\d/.test(m) && looksRandomToken(m, 16);
  const t = m.replace(/=+$/, '');
  if (t.length < 20 || !/^[A-Za-z0-9+/]+$/.test(t) || !/\d/.test(t)) return false;
  if (/^[A-Z]{2}[0-9a-f]{32}$/.test(t) || /^0x[0-9a-fA-F]{40}$/.test(m) || BECH32_ADDRESS.test(m)) return false; // a Twilio SID, a wallet address
  if (!/[a-z]/.test(t) || !/[A-Z]/.test(t)) return singleCaseKeyMaterial(t);
  const letters = t.replace(/[^A-Za-z]/g, '');
  return (letters.match(/[aeiouAEIOU]/g)?.length ?? 0) < letters.length * 0.3 && looksRandomToken(t, 20);
}

/** One-time passcodes: `otp`, `totp`, `mfaCode`, `2faCode`, `smsCode`, `verificationCode`, `oneTimeCode`. */
/** A bank's routing or branch code beside an account number: ABA routing, UK sort code, BSB, IFSC, transit. */
const BANK_ROUTING_KEY = /^(?:routing|aba|sortcode|bsb|ifsc|transit|branchcode|bankcode)(?:no|num|number|code)?$/;
const ONE_TIME_CODE_KEY = /^(?:otp|totp|hotp)(?:code|value)?$|^(?:mfa|2fa|tfa|twofactor|sms|verification|verify|onetime|login|signin)(?:code|otp|pin)$/;

/** Random key material: upper and lower case letters and digits (not a slug like 'proj-migration-notes'). */
const mixedCase = (m: string): boolean => /[A-Z]/.test(m) && /[a-z]/.test(m) && /\d/.test(m);

const balancedParens = (m: string): boolean => m.split('(').length === m.split(')').length;
/** A latitude/longitude pair as ISO 6709 writes it (`+40.7128-074.0060`), not a phone number. */
const ISO_6709 = /^\+\d{1,3}\.\d+[-+]\d{1,3}\.\d+/;
const digitsBetween = (lo: number, hi: number) => (m: string): boolean => {
  const d = digitCount(m);
  return d >= lo && d <= hi;
};

export const SENSITIVE_RULES: readonly SensitiveRule[] = [
  // Credentials with a published prefix come first: masking them whole before the shorter shapes below
  // run keeps those from matching pieces of them (digits in a Slack token, a dotted run in a bcrypt hash).
  {
    id: 'github-token',
    values: [
      // Classic (personal, OAuth, user-to-server, server-to-server, refresh) and fine-grained PATs.
      shape('(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])', {
        needs: HAS.UNDERSCORE | HAS.LONG, pre: (s, v) => s.len >= 40 && (v.includes('gh') || v.includes('_pat_')),
        whole: false,
      }),
    ],
  },
  {
    id: 'gitlab-token',
    values: [
      shape('(?<![A-Za-z0-9_-])gl(?:pat|dt|ptt|rt|soat|oas)-[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])', {
        needs: HAS.DASH | HAS.LONG, pre: (s, v) => s.len >= 25 && v.includes('gl'),
        whole: false,
      }),
    ],
  },
  {
    id: 'slack-token',
    values: [
      // xoxb- bot, xoxp- user, xoxa- app, xoxr- refresh, xoxs- session, xoxe- rotating: a numeric team or user id first.
      shape('(?<![A-Za-z0-9_-])xox[abeprs]-\\d+-[A-Za-z0-9-]{8,255}(?![A-Za-z0-9_-])', {
        needs: HAS.DASH | HAS.DIGIT | HAS.LONG, pre: (s, v) => s.dash >= 2 && v.includes('xox'),
        whole: false,
      }),
      // App-level tokens: xapp-1-A0123ABCDEF-1234567890123-<64 hex>.
      shape('(?<![A-Za-z0-9_-])xapp-\\d-[A-Z0-9]{8,}-\\d+-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])', {
        needs: HAS.DASH | HAS.DIGIT | HAS.LONG | HAS.UPPER, pre: (s, v) => s.dash >= 3 && v.includes('xapp-'),
        whole: false,
      }),
    ],
  },
  {
    id: 'stripe-key',
    values: [
      // Secret and restricted keys, live and test mode (publishable pk_ keys are public by design).
      shape('(?<![A-Za-z0-9_])[rs]k_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])', {
        needs: HAS.UNDERSCORE | HAS.LONG, pre: (s, v) => s.len >= 24 && (v.includes('k_live_') || v.includes('k_test_')),
        whole: false,
      }),
    ],
  },
  {
    id: 'google-api-key',
    values: [
      shape('(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])', {
        needs: HAS.UPPER | HAS.LONG, pre: (s, v) => s.len >= 39 && v.includes('AIza'),
        whole: false,
      }),
    ],
  },
  {
    id: 'npm-token',
    values: [
      shape('(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])', {
        needs: HAS.UNDERSCORE | HAS.LONG, pre: (s, v) => s.len >= 40 && v.includes('npm_'),
        whole: false,
      }),
    ],
  },
  {
    id: 'sendgrid-key',
    values: [
      shape('(?<![A-Za-z0-9_-])SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])', {
        needs: HAS.UPPER | HAS.DOT | HAS.LONG, pre: (s, v) => s.len >= 69 && s.dot >= 2 && v.includes('SG.'),
        whole: false,
      }),
    ],
  },
  {
    id: 'openai-key',
    values: [
      // Project, service-account and admin keys, and legacy keys (base64 of 'OpenAI' in the middle).
      shape('(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])', {
        needs: HAS.DASH | HAS.UPPER | HAS.LONG, pre: (s, v) => s.len >= 48 && v.includes('sk-'),
        whole: false,
        valid: mixedCase,
      }),
    ],
  },
  {
    id: 'password-hash',
    generic: true, // by name ('password_hash', Rails' 'password_digest'): yields to a specific value type
    key: /(?:password|passwd|passwort|pass|pw|pwd)(?:hash|hashed|digest)$/,
    values: [
      // bcrypt; argon2; crypt(3) MD5, SHA-256, SHA-512 and yescrypt; Django's PBKDF2.
      shape(
        '(?<![A-Za-z0-9$./])(?:\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}' +
          '|\\$argon2(?:id|i|d)\\$(?:v=\\d+\\$)?m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]{8,}\\$[A-Za-z0-9+/]{16,}' +
          '|\\$1\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}' +
          '|\\$[56]\\$(?:rounds=\\d+\\$)?[./A-Za-z0-9]{1,16}\\$(?:[./A-Za-z0-9]{86}|[./A-Za-z0-9]{43})' +
          '|\\$y\\$[./A-Za-z0-9]+\\$[./A-Za-z0-9]{1,86}\\$[./A-Za-z0-9]{43}' +
          '|pbkdf2_sha(?:1|256|512)\\$\\d+\\$[A-Za-z0-9./+]{4,}\\$[A-Za-z0-9./+]{20,}={0,2})(?![A-Za-z0-9./+$])',
        { needs: HAS.DOLLAR | HAS.DIGIT | HAS.LONG, pre: (s) => s.dollar >= 2 && s.len >= 27, whole: false },
      ),
    ],
  },
  {
    id: 'email',
    values: [
      // Not the 'user:password@host' part of a URL (a connection string is its own type), nor an
      // scp-style 'git@github.com:owner/repo' remote. The domain may end at `_` (file names carry
      // addresses: `statement_jane@mail.com_2024.csv`) but not at a digit: `openssl@1.1.1k-7.el8_6`
      // and `spring-core@5.2.0.RC1` are package versions.
      shape(`(?<![A-Za-z0-9._%+-])(?<!://[^\\s/@:]*:)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.${NOT_A_FILE_TYPE}[A-Za-z]{2,24}(?![A-Za-z0-9])(?!:[\\w~/])`, {
        needs: HAS.AT | HAS.DOT, pre: (s) => s.at > 0 && s.dot > 0 && s.len >= 6,
        whole: false,
        valid: (m) => !FILE_TLDS.has(m.slice(m.lastIndexOf('.') + 1).toLowerCase()),
      }),
    ],
  },
  {
    id: 'phone',
    values: [
      // International E.164-style: '+', 8-15 digits, common separators.
      // A signed decimal (`+1234567.89`, an amount) is not one.
      // Not a coordinate pair (ISO 6709: `+40.7128-074.0060`).
      shape('\\+\\d[\\d .()-]{6,20}\\d', { needs: HAS.PLUS | HAS.DIGITS7 | HAS.NO_LETTERS, pre: (s) => s.digits >= 8 && s.letters === 0, whole: true, valid: (m) => digitsBetween(8, 15)(m) && balancedParens(m) && !/^\+\d+\.\d{1,2}$/.test(m) && !ISO_6709.test(m) }),
      // North American national: (415) 555-2671, 415-555-2671, 415.555.2671; the last separator is required.
      // (`1-800-555-0199`, `0044 20 7946 0958`, `06 12 34 56 78` are phones under a phone's name only:
      // as shapes alone they matched SVG paths, lottery numbers and build numbers in text.)
      shape('(?<![\\d-])\\(?[2-9]\\d{2}\\)?[ .-]?[2-9]\\d{2}[ .-]\\d{4}(?![\\d-])', { needs: HAS.DIGITS7 | HAS.NO_LETTERS, pre: (s) => s.digits === 10 && s.letters === 0, whole: true, valid: balancedParens }),
      // Trunk-prefix national: 07700 900123, 020 7946 0958.
      shape('(?<![\\d-])0\\d{2,4}[ -]\\d{3,4}[ -]?\\d{3,4}(?![\\d-])', { needs: HAS.DIGITS7 | HAS.NO_LETTERS, pre: (s) => s.digits >= 10 && s.digits <= 11 && s.letters === 0, whole: true, valid: digitsBetween(10, 11) }),
      // Bare digits (also JSON numbers) under a phone-like key.
      shape('\\+?[\\d ().-]{7,20}', { needs: HAS.DIGITS7 | HAS.NO_LETTERS, pre: (s) => s.digits >= 7 && s.digits <= 15 && s.letters === 0, whole: true, needsKey: PHONE_KEY, valid: digitsBetween(7, 15) }),
    ],
  },
  {
    id: 'credit-card',
    values: [
      // Not inside a longer number or a decimal; a comma may stand next to it (a CSV field): a number
      // written with thousands separators has no run of 14+ digits. A word and a dash may (`card-4111...`),
      // and so may a file extension (`statement_4111....pdf`), but not a decimal part.
      shape('(?<![\\d.])(?<!\\d-)\\d(?:[ -]?\\d){13,18}(?![\\d-])(?!\\.\\d)', {
        needs: HAS.DIGITS7 | HAS.NO_LETTERS, pre: (s) => s.digits >= 14 && s.digits <= 19 && s.letters === 0,
        whole: true,
        valid: (m) => cardNumberValid(cardDigits(m)),
        // An order, tracking or transaction number that happens to pass Luhn is that record's id.
        skipKey: RECORD_ID_KEY,
      }),
    ],
  },
  {
    id: 'ssn',
    key: /^(?:ssn|ssnnumber|socialsecurity|socialsecuritynumber|socialsecurityno|socsecno)$/,
    values: [
      shape('(?<!\\d)(?<!\\d-)\\d{3}-\\d{2}-\\d{4}(?![\\d-])', {
        needs: HAS.DIGITS7 | HAS.DASH | HAS.NO_LETTERS, pre: (s) => s.dash >= 2 && s.digits >= 9,
        whole: true,
        valid: (m) => ssnValid(m.slice(0, 3), m.slice(4, 6), m.slice(7)),
      }),
    ],
  },
  {
    id: 'iban',
    values: [
      shape('\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b', {
        needs: HAS.UPPER | HAS.DIGITS7, pre: (s) => s.upper >= 2 && s.digits >= 8 && s.len >= 15,
        whole: false,
        valid: (m) => ibanValid(m.replace(/ /g, '')),
      }),
    ],
  },
  {
    id: 'ip-address',
    notInHeaders: true,
    values: [
      shape('(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])', {
        needs: HAS.DIGIT | HAS.DOT | HAS.NO_LETTERS, pre: (s) => s.dot === 3 && s.letters === 0 && s.len <= 15,
        whole: true,
        skipKey: VERSION_KEY,
        // Unspecified, broadcast and loopback addresses say nothing about a person.
        valid: (m) => isIPv4(m) && m !== '0.0.0.0' && m !== '255.255.255.255' && !m.startsWith('127.'),
      }),
      // IPv4-mapped IPv6 (`::ffff:10.0.0.5`, what Node reports as a client address).
      shape('(?<![\\w:])::[fF]{4}:(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])', {
        needs: HAS.COLON2 | HAS.DOT, pre: (s) => s.colon === 3 && s.dot === 3 && s.len <= 22,
        whole: true,
        valid: (m) => isIPv4(m.slice(m.lastIndexOf(':') + 1)),
      }),
      shape('(?<![\\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:])', {
        needs: HAS.COLON2, pre: (s) => s.colon >= 2 && s.dash === 0 && s.len <= 45, // ISO timestamps have dashes
        whole: true,
        valid: (m) => isIPv6(m) && m !== '::' && m !== '::1',
      }),
    ],
  },
  {
    id: 'jwt',
    values: [
      shape('eyJ[A-Za-z0-9_+/-]*=*\\.[A-Za-z0-9_+/-]*=*\\.[A-Za-z0-9_+/-]*=*', {
        needs: HAS.DOT | HAS.UPPER | HAS.LONG, pre: (s, v) => s.dot >= 2 && v.includes('eyJ'),
        whole: false,
        valid: (m) => decodeJwtParts(m) !== null,
      }),
    ],
  },
  {
    id: 'aws-access-key-id',
    values: [
      shape('(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])', { needs: HAS.UPPER | HAS.LONG, pre: (s) => s.upper >= 4 && s.len >= 20, whole: false }),
    ],
  },
  {
    id: 'aws-secret-key',
    values: [
      shape('(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])', { needs: HAS.LONG, pre: (s) => s.len >= 40 && s.len <= 44, whole: true, needsKey: AWS_SECRET_KEY }),
    ],
  },
  {
    id: 'private-key',
    values: [
      shape('-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)', {
        needs: HAS.DASH | HAS.UPPER | HAS.LONG, pre: (_s, v) => v.includes('PRIVATE KEY'),
        whole: false,
      }),
    ],
  },
  {
    id: 'db-connection-string',
    values: [
      shape(
        "\\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|couchdb|cassandra|neo4j(?:\\+s)?|clickhouse|cockroachdb|jdbc:[a-z0-9]+)://[^\\s:/@\"']*:[^\\s@/\"']+@[^\\s\"'<>]+",
        { needs: HAS.AT | HAS.COLON2, pre: (s) => s.at > 0 && s.colon >= 2, whole: false },
      ),
    ],
  },
  {
    id: 'card-security-code',
    values: [
      // By name only, and only with a code's shape: 'cvc_check': 'pass' and 'securityCode': null are not codes.
      shape('\\d{3,4}', { needs: HAS.DIGIT | HAS.NO_LETTERS, pre: (s) => s.digits >= 3 && s.digits <= 4, whole: true, needsKey: CARD_SECURITY_CODE_KEY }),
    ],
  },
  // Generic secrets by key name, most specific first (one generic type per key).
  { id: 'api-key', generic: true, key: /(?:apikey|apitoken|accesskey|appkey|applicationkey|subscriptionkey|clientkey|consumerkey|developerkey|functionskey|licensekey)$/ },
  {
    id: 'password',
    generic: true,
    // `password_confirmation` (Rails), `password2`/`new_password1` (Django forms), `passwordConfirm`, `newPass`, `oldPwd`.
    key: /(?:password|passwd|passwort|passphrase|passcode|pwd|pword|contrasen?a|motdepasse|senha|wachtwoord|kennwort|losenord|salasana|haslo)\d?$|(?:password|passwd|pwd)(?:confirm|confirmation|new|old|repeat|again|verify|verification|check|current)\d?$|^(?:new|old|current|confirm|repeat|verify|user|admin|root|db|login)?(?:pw|pass)\d?$|^(?:pin|pincode)$/,
  },
  {
    id: 'secret',
    generic: true,
    // Key material (`privateKeyHex`, `hmacKey`), a wallet's recovery words (`mnemonic`, `seedPhrase`) or
    // import key (`wif`), and security answers.
    key: /(?:secret|secretkey|secretaccesskey|privatekey(?:hex|pem|b64|base64|bytes|wif)?|signingkey|encryptionkey|masterkey|sharedkey|hmac(?:key|secret)|credentials?|(?:secret|security)(?:question)?answer|maidenname|mnemonic(?:phrase|words)|(?:seed|recovery|backup|secret|passphrase)(?:phrase|words)|walletseed)$|^wif$/,
    values: [
      // A bare `mnemonic` is a recovery phrase only with its shape, 12 to 24 lower-case words: a menu
      // item's access key (`"F"`) or a disassembler's `mov` is not one.
      shape('[a-z]{3,8}(?: [a-z]{3,8}){11,23}', { needs: 0, pre: (s) => s.letters >= 36 && s.digits === 0 && s.upper === 0, whole: true, needsKey: /^mnemonic$/ }),
      // Key material under a short name of it (`aes_key`, `enc_key`, `privkey`, `seed`): by name alone
      // these are as often a label, a path or a number (`"seed": 42`), so the value must be random too.
      shape('[A-Za-z0-9_\\-.~+/=%]{16,4096}', { needs: HAS.DIGIT, pre: (s) => s.len >= 16 && s.letters > 0, whole: true, valid: credentialValue, needsKey: KEY_MATERIAL_KEY }),
    ],
  },
  {
    id: 'token',
    generic: true,
    // Pagination cursors (nextPageToken, continuationToken) are not credentials, nor are analytics
    // session ids (a visit counter, often a timestamp). Session ids under any prefix (x-session-id,
    // userSessionId, PHPSESSID) and CSRF tokens under any name (anti-csrf, _xsrf) are, as are the PKCE
    // verifier and the device code of OAuth token requests (both buy tokens).
    key: /^(?!.*(?:next|page|continuation|pagination|sync|cursor|resume|prev|previous)token$)(?!.*(?:analytics|tracking|amplitude|mixpanel|replay|recording)sessionid$)(?:.*token|authorization|proxyauthorization|.*sess(?:ion)?id|.*sessionkey|.*(?:csrf|xsrf)(?:nonce|value|key|hash)?|codeverifier|devicecode|(?:backup|recovery|mfa|2fa)codes?)$/,
    values: [
      // A session id under a short name (`?sid=`, `session=`): by name alone these are too often a
      // label (`"session": "2024-spring"`), so the value must be random key material too.
      shape('[A-Za-z0-9_\\-.~+/=%]{16,4096}', { needs: HAS.DIGIT, pre: (s) => s.len >= 16 && s.letters > 0, whole: true, valid: credentialValue, needsKey: SHORT_CREDENTIAL_KEY }),
      // A one-time passcode (`?otp=482913`, `"verificationCode": "0417"`): it signs in or confirms.
      shape('\\d{4,8}', { needs: HAS.DIGIT | HAS.NO_LETTERS, pre: (s) => s.digits >= 4 && s.digits <= 8 && s.len === s.digits, whole: true, needsKey: ONE_TIME_CODE_KEY }),
    ],
  },
  // Personal data by key name.
  { id: 'passport-number', key: /passport(?:no|num|number|id)?$/ },
  {
    id: 'national-id',
    // National identity and tax numbers other than the US SSN: `nationalId`, `national_insurance_number`
    // (UK NINO), `taxId`/`tin`, Aadhaar, PAN, CPF, NRIC, personnummer, BSN, DNI, NHS number, the
    // Canadian SIN. A number needs digits (`"taxId": "exempt"` is not one).
    key: /^(?:national(?:identity|identification|insurance|id)(?:card)?(?:no|num|number)?|nino|(?:personal|citizen|resident)?(?:identity|identification|idcard|identitycard)(?:no|num|number)|tax(?:payer)?id(?:no|num|number)?|taxidentificationnumber|taxpayernumber|(?:tin|aadhaa?r|cpf|nric|dni)(?:no|num|number)?|aadhaa?rid|personnummer|bsn|burgerservicenummer|(?:ni|pan|pancard|sin|nhs|socialinsurance)(?:no|num|number))$/,
    keyValue: (v) => /\d/.test(v) && v.trim().length >= 5 && v.trim().length <= 24,
  },
  {
    id: 'bank-account',
    // A bank account number by a name that says bank (an IBAN has its own type): `bankAccountNumber`,
    // `beneficiaryAccountNo`, `payoutAccountNumber`. A bare `accountNumber` is as often a CRM, ledger or
    // cloud account's (`CD451796`, `4000-100`, AWS ids) and is left alone, as are routing and sort codes.
    key: /^(?:bank|checking|savings|beneficiary|payee|payer|destination|debtor|creditor|payout|deposit|ach|recipient)(?:account|acct)(?:no|num|number)?$/,
    keyValue: (v) => /\d{5}/.test(v.replace(/[\s-]/g, '')) && v.trim().length <= 34,
  },
  { id: 'driver-license', key: /(?:drivers?licen[cs]e|drivinglicen[cs]e)(?:no|num|number|id)?$|^dl(?:no|num|number)$/ },
  { id: 'date-of-birth', key: /(?:dateofbirth|birthdate|birthday)$|^(?:user|customer|patient|member)?dob$/ },
  {
    id: 'street-address',
    // Yields to a value's own type (`"address": "jane@example.com"` is an e-mail address).
    generic: true,
    // Words (`221B Baker Street`, `Hauptstraße 5`), or one word that names a street (`Stargatan`,
    // `Kalverstraat`): `"address": "0.0.0.0:8080"`, `localhost`, `eth0` and wallet addresses are not.
    keyValue: (v) => /[A-Za-z]/.test(v) && (/[\s,]/.test(v.trim()) || STREET_WORD.test(v.trim())),
    key: /^(?:home|street|mailing|billing|shipping|postal|residential|physical|delivery|user|customer|primary|permanent)?(?:address|addr)(?:line)?\d?$|^street(?:name|line\d?|address)?$/,
  },
];

/**
 * A type a value has by a sibling in the same object, where neither alone says it: `key` and `value`
 * are the member's (normalized) name and shape, `sibling` and `siblingValue` another member's.
 */
export interface SiblingRule {
  id: string;
  key: RegExp;
  value: RegExp;
  sibling: RegExp;
  siblingValue: RegExp;
}

export const SIBLING_RULES: readonly SiblingRule[] = [
  // A card number sent with its security code (`{"type": "givex", "number": "4126...", "cvc": "737"}`):
  // gift and store cards have no issuer prefix or Luhn digit, so the shape alone is any long number.
  { id: 'credit-card', key: /^(?:number|cardnumber|cardno|pan)$/, value: /^\d(?:[ -]?\d){11,18}$/, sibling: CARD_SECURITY_CODE_KEY, siblingValue: /^\d{3,4}$/ },
  // A bare account number sent with a bank's routing, sort or branch code (Stripe's `account_number` +
  // `routing_number`, `{"account": {"number": ..., "routing": ...}}`) is a bank account's.
  { id: 'bank-account', key: /^(?:account|acct|number)(?:no|num|number)?$/, value: /^\d(?:[ -]?\d){4,33}$/, sibling: BANK_ROUTING_KEY, siblingValue: /^[A-Za-z0-9][A-Za-z0-9 -]{3,10}$/ },
];

/** Rule ids a user may pass to `sensitive.disable`. */
export const BUILTIN_TYPE_IDS: readonly string[] = SENSITIVE_RULES.map((r) => r.id);

/** One pass over a value for the counts every prefilter needs. */
export function valueStats(v: string): ValueStats {
  let digits = 0, letters = 0, upper = 0, at = 0, dot = 0, colon = 0, dash = 0, plus = 0, underscore = 0, dollar = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 97 && c <= 122) letters++;
    else if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c === 64) at++;
    else if (c === 46) dot++;
    else if (c === 58) colon++;
    else if (c === 45) dash++;
    else if (c === 43) plus++;
    else if (c === 95) underscore++;
    else if (c === 36) dollar++;
  }
  const mask =
    (digits > 0 ? HAS.DIGIT : 0) | (digits >= 7 ? HAS.DIGITS7 : 0) | (at > 0 ? HAS.AT : 0) | (colon >= 2 ? HAS.COLON2 : 0) |
    (dot > 0 ? HAS.DOT : 0) | (dash > 0 ? HAS.DASH : 0) | (plus > 0 ? HAS.PLUS : 0) | (upper > 0 ? HAS.UPPER : 0) |
    (v.length >= 20 ? HAS.LONG : 0) | (letters === 0 ? HAS.NO_LETTERS : 0) | (underscore > 0 ? HAS.UNDERSCORE : 0) |
    (dollar > 0 ? HAS.DOLLAR : 0);
  return { mask, len: v.length, digits, letters, upper, at, dot, colon, dash, underscore, dollar };
}

/**
 * The built-in type whose value shape the whole of `v` has, judged without a key name (so only
 * matchers that need none), or null. For places where a value stands alone, like a path segment.
 */
export function wholeValueType(v: string): string | null {
  const s = valueStats(v);
  for (const r of SENSITIVE_RULES) {
    for (const m of r.values ?? []) {
      if (m.needsKey || (s.mask & m.needs) !== m.needs || !m.pre(s, v)) continue;
      if (m.anchored.test(v) && (!m.valid || m.valid(v))) return r.id;
    }
  }
  return null;
}

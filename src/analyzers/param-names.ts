// What a path parameter is called, from the literal before it and its type: `/users/42` -> `userId`,
// `/reports/2024-03-01` -> `reportDate`, `/password-reset/<token>` -> `passwordResetToken`.

import { LITERAL_TOKENS, classifySegment } from './segment.js';

/** Plurals that the suffix rules below would get wrong. */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  ('people:person children:child men:man women:woman mice:mouse geese:goose feet:foot teeth:tooth ' +
    'indices:index matrices:matrix vertices:vertex appendices:appendix criteria:criterion analyses:analysis ' +
    'statuses:status buses:bus bonuses:bonus campuses:campus viruses:virus aliases:alias canvases:canvas ' +
    'biases:bias atlases:atlas quizzes:quiz caches:cache heroes:hero potatoes:potato tomatoes:tomato ' +
    'echoes:echo leaves:leaf shelves:shelf knives:knife wives:wife halves:half wolves:wolf calves:calf ' +
    'selves:self lives:life thieves:thief movies:movie cookies:cookie zombies:zombie ties:tie pies:pie ' +
    'lies:lie calories:calorie rookies:rookie selfies:selfie hoodies:hoodie goodies:goodie brownies:brownie ' +
    'smoothies:smoothie genies:genie')
    .split(' ')
    .map((p) => p.split(':') as [string, string]),
);

/** Words ending in s that are already singular (or uncountable). */
const SINGULAR_S: ReadonlySet<string> = new Set(
  ('news series species status bonus campus virus census corpus focus radius nexus syllabus consensus stimulus ' +
    'apparatus octopus cactus fungus nucleus plus minus bus surplus chorus genus prospectus opus thesaurus ' +
    'onus sinus lotus torus abacus walrus circus uterus citrus stylus alias canvas bias atlas gas analytics ' +
    'physics mathematics economics ethics logistics diabetes rabies dns sms gps aws ios os cors https vs')
    .split(' '),
);

/** Suffix rules, first match wins: [plural ending, singular ending]. */
const PLURAL_RULES: readonly (readonly [string, string])[] = [
  ['ies', 'y'],
  ['sses', 'ss'],
  ['xes', 'x'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['zzes', 'zz'],
  ['ss', 'ss'],
  ['sis', 'sis'],
  ['s', ''],
];

/** `categories` -> `category`, `addresses` -> `address`, `statuses` -> `status`; other words unchanged. */
export function singularize(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR.get(lower);
  if (irregular !== undefined) return word.slice(0, 1) + irregular.slice(1);
  if (SINGULAR_S.has(lower) || lower.length <= 2) return word;
  for (const [plural, singular] of PLURAL_RULES) {
    if (lower.endsWith(plural)) return word.slice(0, word.length - plural.length) + singular;
  }
  return word;
}

/** Literals that say where an API lives rather than what a parameter identifies (`/api/42` -> `{id}`). */
const NO_BASE: ReadonlySet<string> = new Set(
  'api apis rest rpc graphql gql public private internal external admin www web app v me self current by id ids'.split(' '),
);

/**
 * The noun a literal segment lends to the parameter after it: `payment_intents` -> `paymentIntent`;
 * null for versions, `api`, tokens like `sha256`, files and anything that is not a plain word.
 */
export function baseName(literal: string): string | null {
  if (classifySegment(literal).kind !== 'word') return null;
  const lower = literal.toLowerCase();
  if (NO_BASE.has(lower) || LITERAL_TOKENS.has(lower)) return null;
  const parts = literal.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 4) return null;
  const last = parts.length - 1;
  parts[last] = singularize(parts[last]!);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const allUpper = p === p.toUpperCase();
    const norm = allUpper ? p.toLowerCase() : p;
    out += i === 0 ? norm.charAt(0).toLowerCase() + norm.slice(1) : norm.charAt(0).toUpperCase() + norm.slice(1);
  }
  return /^[a-z]/.test(out) && out.length <= 40 ? out : null;
}

/** Name suffix after the noun, and the name used when there is no noun, per parameter type. */
const NAMING: Readonly<Record<string, readonly [suffix: string, alone: string]>> = {
  integer: ['Id', 'id'],
  uuid: ['Id', 'id'],
  'object-id': ['Id', 'id'],
  ulid: ['Id', 'id'],
  'alnum-id': ['Id', 'id'],
  hex: ['Id', 'hash'],
  date: ['Date', 'date'],
  base64url: ['Id', 'token'],
  string: ['Name', 'name'],
};

/** `userId`, `reportDate`, `resetToken`, `productName`; `email` and `locale` read best on their own. */
export function paramName(base: string | null, type: string): string {
  if (type === 'email' || type === 'locale') return type;
  const n = NAMING[type] ?? NAMING.string!;
  return base === null ? n[1] : base + n[0];
}

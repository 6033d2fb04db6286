// What a parameter's name and a value say on their own, before any rule runs: the key a name ends in
// (`$.user.Password`, `user[password]`), values that are no data (masks, labels, flag words), and
// key/value text carried inside a value. Pure functions; sensitive.ts applies them.

import type { ValueType } from '../model/facts.js';

/** A JSONPath index (`*`, `0`) or an empty form bracket (`tags[]`): no name of its own. */
function isIndex(s: string): boolean {
  return s === '' || s === '*' || /^\d+$/.test(s);
}

/**
 * The names in a form field name (Rails, PHP, Yii): `user[password]` -> ['user', 'password'],
 * `data[User][password]` -> ['data', 'User', 'password'], `items[0][sku]` -> ['items', 'sku'];
 * any other name -> [name].
 */
export function formParts(member: string): string[] {
  const open = member.indexOf('[');
  if (open <= 0 || member.charCodeAt(member.length - 1) !== 93) return [member];
  const parts = [member.slice(0, open)];
  for (const m of member.slice(open).matchAll(/\[([^\]]*)\]/g)) if (!isIndex(m[1]!)) parts.push(m[1]!);
  return parts;
}

/**
 * Last name in a param name: `$.user.Password` -> `Password`, `$.items[*].email` -> `email`,
 * `$['x-y']` -> `x-y`, and a form field's inner name: `$['user[password]']` and `user[password]` -> `password`.
 */
export function keyOf(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 93) {
    const q = name[end - 2];
    if (q === '"' || q === "'") {
      const open = name.lastIndexOf('[' + q, end - 3);
      if (open !== -1 && end - open > 4) {
        const parts = formParts(name.slice(open + 2, end - 2));
        return parts[parts.length - 1]!;
      }
    }
    const open = name.lastIndexOf('[', end - 1);
    if (open === -1) break;
    const inner = name.slice(open + 1, end - 1);
    if (!isIndex(inner)) return inner; // a form field's bracket (`user[password]` as a query name)
    end = open;
  }
  let start = end;
  while (start > 0) {
    const c = name.charCodeAt(start - 1);
    if (c === 46 || c === 47 || c === 36 || c === 64) break; // . / $ @
    start--;
  }
  return name.slice(start, end);
}

/** Lower-case letters and digits only, so `client_secret`, `clientSecret` and `Client-Secret` meet. */
export function normalizeKey(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * An element of a list under a plural secret name (`passwords`, `tokens`) that can be one: 8+ characters
 * without white space, digits among other characters; not a count, a scope (`repo:write`), a word or a
 * tokenizer's pieces of text (`"tokens": ["Hello", ",", " world"]`).
 */
export function secretInList(value: string, vtype: ValueType): boolean {
  return vtype === 'string' && value.length >= 8 && !/\s/.test(value) && /\d/.test(value) && /[^\d]/.test(value);
}

/** Values that are no data under any name in a response: flags and placeholders. */
const NOT_DATA: ReadonlySet<string> = new Set([
  'true', 'false', 'null', 'undefined', 'none', 'nil', 'n/a', 'na', '-', '*', 'include', 'omit', 'same-origin', 'required', 'optional', 'hidden',
]);

/** A value already masked (`********`, `xxxxxxxx`, `REDACTED`, `[FILTERED]`): no data in a request or a response. */
const MASK = /^(?:[*x•#]{3,}|[[<(]?(?:redacted|masked|filtered|removed|hidden)[\]>)]?)$/i;

export function isMask(value: string): boolean {
  return value.length >= 3 && value.length <= 24 && MASK.test(value.trim());
}

/**
 * A value that names its field rather than holding it: a form or i18n label (`"password": "Password"`,
 * `"confirmPassword": "Confirm password"`, `"dob": "Date of birth"` is not, `"dateOfBirth": "Date of
 * birth"` is) or a flag word (`"credentials": "include"`), in a response. Key names alone do not make
 * these findings there; in a request they are what was submitted. A lower-case single word equal to
 * the name (`"password": "password"`) may be the (weak) secret itself and stays one.
 */
export function isLabel(value: string, norm: string): boolean {
  const t = value.trim();
  if (t.length === 0 || t.length > 48) return false;
  const lower = t.toLowerCase();
  if (NOT_DATA.has(lower)) return true;
  if (!/^[A-Za-z][A-Za-z .'-]*$/.test(t)) return false;
  const words = lower.replace(/[^a-z]/g, '');
  if (words !== norm) return false;
  return t.includes(' ') || t.charCodeAt(0) < 97; // "Confirm password", "Password", "SSN"
}

/** A key and `=` or `:` before a value: `password=hunter2`, `user: jane`. */
const PAIR_IN_TEXT = /[A-Za-z0-9_\]]\s*[=:]\s*[^=\s&]/;
/** A string that is one `key=value` pair (`password=hunter2`, `DB_PASSWORD=...`). */
const LONE_PAIR = /^[A-Za-z_][\w.-]{0,63}=[^=\s&]/;
const SPACE = /\s/;

/**
 * Key/value text inside a string value, read like a free-text body: 1 serialized JSON
 * (`"{\"password\":\"...\"}"`, a webhook or queue payload), 2 a form or log line
 * (`username=jane&password=...`, `user=jane password=...`, an env file's lines, one `password=...`),
 * 0 neither. Links are read as links first.
 */
export function embedded(value: string): 0 | 1 | 2 {
  if (value.length < 8) return 0;
  const c0 = value.charCodeAt(0);
  if ((c0 === 123 || c0 === 91) && value.indexOf('":') !== -1) return 1; // '{' '['
  if (value.indexOf('=') === -1) return 0;
  if (value.indexOf('&') !== -1 || SPACE.test(value)) return PAIR_IN_TEXT.test(value) ? 2 : 0;
  return LONE_PAIR.test(value) ? 2 : 0;
}

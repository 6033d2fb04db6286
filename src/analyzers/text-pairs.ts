// Key/value pairs inside unparsed text: `"password": "..."`, `token=...`, GraphQL arguments
// (`login(password: "...")`) and HTML form controls by name. Read the same way by detection
// (sensitive.ts) and redaction (redact.ts), so what one masks the other reports.

/** Key/value pairs inside unparsed text (`"password": "..."`, `token=...`, GraphQL `password: "..."`). */
const TEXT_PAIR = /(["']?)([A-Za-z_][\w.-]{0,63})\1(\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s&,;}<"']+)/g;
/** A tag with attributes; ATTR reads them (`name="password" value="..."`). */
const TAG = /<([A-Za-z][\w:.-]*)(\s[^<>]*?)\/?>/g;
const ATTR = /([A-Za-z_:@][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;
/** At most this many pairs are read from one text. */
export const MAX_TEXT_PAIRS = 400;

/** One key/value pair found in text: the value as written (quotes included) spans [start, end). */
export interface TextPair {
  key: string;
  raw: string;
  start: number;
  end: number;
  /** Written quoted, or a form control's value: a value, whatever its characters. */
  quoted: boolean;
}

export function unquote(raw: string): string {
  const q = raw.charCodeAt(0);
  return raw.length >= 2 && (q === 34 || q === 39) && raw.charCodeAt(raw.length - 1) === q ? raw.slice(1, -1) : raw;
}

/** `<input name="password" value="...">`, `<meta name="csrf-token" content="...">`: the value under its control's name. */
function namedValues(text: string, out: TextPair[], max: number): void {
  TAG.lastIndex = 0;
  for (let t = TAG.exec(text); t !== null && out.length < max; t = TAG.exec(text)) {
    const attrs = t[2]!;
    if (attrs.indexOf('name') === -1) continue;
    let name: string | null = null;
    let raw: string | null = null;
    let at = 0;
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
      const k = a[1]!.toLowerCase();
      if (k === 'name') name = unquote(a[2]!);
      else if (k === 'value' || k === 'content') {
        raw = a[2]!;
        at = a.index + a[0].length - raw.length;
      }
    }
    if (name === null || raw === null || name === '') continue;
    // Rails-style `user[password]` is the field `password`.
    const inner = name.endsWith(']') ? /\[([^[\]]+)\]$/.exec(name)?.[1] : undefined;
    const start = t.index + 1 + t[1]!.length + at;
    out.push({ key: inner ?? name, raw, start, end: start + raw.length, quoted: true });
  }
}

/**
 * Key/value pairs in unparsed text, in order of their values: `key: value`, `key=value`, quoted or not,
 * and HTML form controls by name. A pair may sit inside another's value (`note: pw=...`). In a GraphQL
 * document only arguments count (inside parentheses), never aliases, variable definitions or `$variable` references.
 */
export function textPairs(text: string, graphql = false, max = MAX_TEXT_PAIRS): TextPair[] {
  const out: TextPair[] = [];
  if (!graphql && text.indexOf('<') !== -1) namedValues(text, out, max);
  const named = out.length;
  if (text.indexOf(':') === -1 && text.indexOf('=') === -1) return out;
  let depth = 0;
  let pos = 0;
  TEXT_PAIR.lastIndex = 0;
  for (let m = TEXT_PAIR.exec(text); m !== null && out.length < max; m = TEXT_PAIR.exec(text)) {
    const raw = m[4]!;
    const start = m.index + m[0].length - raw.length;
    if (graphql) {
      for (; pos < m.index; pos++) {
        const c = text.charCodeAt(pos);
        if (c === 40) depth++;
        else if (c === 41 && depth > 0) depth--;
      }
      if (depth === 0 || raw.charCodeAt(0) === 36 || text.charCodeAt(m.index - 1) === 36) continue;
    }
    const q = raw.charCodeAt(0);
    const quoted = q === 34 || q === 39;
    out.push({ key: m[2]!, raw, start, end: start + raw.length, quoted });
    // A value holding pairs of its own (`note: pw=...`, GraphQL `input: {secret: ...}`) is read inside too.
    if (raw.indexOf('=', 1) !== -1 || raw.indexOf(':', 1) !== -1) TEXT_PAIR.lastIndex = start + (quoted ? 1 : 0);
  }
  if (named > 0) out.sort((a, b) => a.start - b.start); // stable: a form control's value wins over `value="..."`
  return out;
}

/** A word (`Password: please try again`) or code (`token = tokens[i]`, `secret: t.credentials`) is no value. */
const CODE_OR_WORD = /^[A-Za-z]+$|[()[\]{}|]|^!|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/**
 * An unquoted value worth a finding, and worth masking: `pw=Hunter2!`, `pin: 1234`, `token=9f8e...`.
 * Detection and redaction both ask this, so a sample masks what `sensitive` reports.
 */
export function plausibleValue(v: string): boolean {
  return !CODE_OR_WORD.test(v);
}

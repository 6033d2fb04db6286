// Body parameter paths: how a member is written (`$.items[*].sku`, `$['User:42'].email`,
// `$.prices.*`), read back as tokens for folding data keys (analyzers/param-fold.ts) and for matching
// a `*` member against the keys it folded (views/diff.ts); and bracketed form field names
// (`line_items[0][price]`), read as the path of the structure they spell.

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `base.key`, or `base['key']` for keys that are not identifiers. */
export function propPath(base: string, key: string): string {
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}['${key.replace(/'/g, "\\'")}']`;
}

/** `base[k1][k2]...`: a name, then one or more bracketed subscripts, none nested or left open. */
const BRACKETED = /^[^[\]]+(?:\[[^[\]]*\])+$/;
const SUBSCRIPT = /\[([^[\]]*)\]/g;
/** Subscripts followed in one field name (as deep as a JSON body is walked). */
const MAX_SUBSCRIPTS = 24;

/**
 * A bracketed form field name (Rails, PHP, `qs`, Stripe) split into its name and subscripts:
 * `line_items[0][price]` -> ['line_items', '0', 'price'], `tags[]` -> ['tags', '']; null for any
 * other name (`plain`, `a[b]c`, `x[y[z]]`, `[k]`).
 */
export function formNameParts(name: string): string[] | null {
  const open = name.indexOf('[');
  if (open <= 0 || !BRACKETED.test(name)) return null;
  const parts = [name.slice(0, open)];
  for (const m of name.slice(open).matchAll(SUBSCRIPT)) {
    if (parts.length > MAX_SUBSCRIPTS) return null;
    parts.push(m[1]!);
  }
  return parts;
}

/** A list index as forms write it (`items[0]`, `tags[]`); a longer number (`metadata[20240312001]`) is an id used as a key. */
export function isFormIndex(subscript: string): boolean {
  if (subscript.length > 9) return false;
  for (let i = 0; i < subscript.length; i++) {
    const c = subscript.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * A body parameter stored under a whole form field name by releases that did not read brackets
 * (`$['line_items[0][price]']`) as the path it is now (`$.line_items[*].price`); null for any other
 * name. Keys stay keys here: whether one is data (`*`) is the analyzers' call.
 */
export function legacyFormPath(name: string): string | null {
  if (!name.startsWith("$['") || !name.endsWith("']")) return null;
  const tokens = pathTokens(name);
  if (tokens === null || tokens.length !== 2) return null;
  const parts = formNameParts(tokens[1]!.key!);
  if (parts === null) return null;
  let path = propPath('$', parts[0]!);
  for (let i = 1; i < parts.length; i++) path = isFormIndex(parts[i]!) ? `${path}[*]` : propPath(path, parts[i]!);
  return path;
}

export interface PathToken {
  /** The token as written in the path: `.key`, `['k.e.y']`, `.*`, `[*]`, or `$`. */
  text: string;
  /** The key it names (unescaped), null for `$`, `.*` and `[*]`. */
  key: string | null;
}

/** The `*` member token (a map's entries), one object for every path. */
export const STAR: PathToken = { text: '.*', key: null };

/** A body parameter's path (as params-walk.ts propPath writes it) in tokens; null when it is not one. */
export function pathTokens(name: string): PathToken[] | null {
  if (name.charCodeAt(0) !== 36) return null; // `$`
  const out: PathToken[] = [{ text: '$', key: null }];
  let i = 1;
  while (i < name.length) {
    const c = name[i];
    if (c === '.') {
      if (name[i + 1] === '*') {
        out.push(STAR);
        i += 2;
        continue;
      }
      let j = i + 1;
      while (j < name.length && name[j] !== '.' && name[j] !== '[') j++;
      if (j === i + 1) return null;
      out.push({ text: name.slice(i, j), key: name.slice(i + 1, j) });
      i = j;
    } else if (c === '[') {
      if (name.startsWith('[*]', i)) {
        out.push({ text: '[*]', key: null });
        i += 3;
        continue;
      }
      if (name[i + 1] !== "'") return null;
      let key = '';
      let j = i + 2;
      for (; j < name.length; j++) {
        if (name[j] === '\\' && name[j + 1] === "'") {
          key += "'";
          j++;
        } else if (name[j] === "'" && name[j + 1] === ']') break;
        else key += name[j];
      }
      if (j >= name.length) return null;
      out.push({ text: name.slice(i, j + 2), key });
      i = j + 2;
    } else return null;
  }
  return out;
}


/** Whether `star`, a path with `*` members, covers `path`: the same tokens, a key where `star` has `*`. */
export function starCovers(star: readonly PathToken[], path: readonly PathToken[]): boolean {
  if (star.length !== path.length) return false;
  for (let i = 0; i < star.length; i++) {
    const s = star[i]!;
    const p = path[i]!;
    if (s === STAR ? p.key === null && p !== STAR : s.text !== p.text) return false;
  }
  return true;
}

// Body parameter paths as tokens: what params-walk.ts propPath writes (`$.items[*].sku`,
// `$['User:42'].email`, `$.prices.*`), read back for folding data keys (analyzers/param-fold.ts) and
// for matching a `*` member against the keys it folded (views/diff.ts).

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

// Body parameters under keys that are data, found across calls. A key that is an id by its own
// shape collapses to `*` while a body is walked (params.ts isDynamicKey); keys like `SKU-00CTA9` or
// `User:42` (Apollo's normalized cache) do not look like ids one at a time, but a parent that has
// many of them, each from another call, is a map keyed by data. Such keys become `*` too, so an
// endpoint keeps `$.items.*.qty` instead of one parameter per SKU ever sent, and every run does not
// report the new SKUs as new parameters.
//
// The rule, per parent object (a JSON path prefix), among its keys that hold a digit:
//   - at least DATA_KEY_GROUP distinct ones: they are data;
//   - any, when the parent already has a `*` member: the parent is a map, and they are its entries.
// Keys without digits are left alone (`address1`/`address2` are 2; schema keys with digits, like
// `sha256` or `x509Cert`, are few per object).

/** Distinct digit-bearing keys under one parent that make it a map keyed by data. */
export const DATA_KEY_GROUP = 16;

interface Token {
  /** The token as written in the path: `.key`, `['k.e.y']`, `.*`, `[*]`, or `$`. */
  text: string;
  /** The key it names (unescaped), null for `$`, `.*` and `[*]`. */
  key: string | null;
}

const STAR: Token = { text: '.*', key: null };
const DIGIT = /\d/;

/** A body parameter's path (as params-walk.ts propPath writes it) in tokens; null when it is not one. */
export function pathTokens(name: string): Token[] | null {
  if (name.charCodeAt(0) !== 36) return null; // `$`
  const out: Token[] = [{ text: '$', key: null }];
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

/**
 * Which of one body's parameter names (request or response body of one endpoint, all statuses) fold
 * into `*` members, as a map from name to folded name; names that stay are not in it. Parents are
 * decided from the root down, so maps inside maps fold together (`$.*.*.qty`).
 */
export function planKeyFolds(names: Iterable<string>): Map<string, string> {
  const paths: { name: string; tokens: Token[]; prefix: string }[] = [];
  let depth = 0;
  for (const name of names) {
    const tokens = pathTokens(name);
    if (tokens === null || tokens.length < 2) continue;
    paths.push({ name, tokens, prefix: '$' });
    depth = Math.max(depth, tokens.length);
  }
  let folded = false;
  for (let d = 1; d < depth; d++) {
    const parents = new Map<string, { keys: Set<string>; star: boolean }>();
    for (const p of paths) {
      const t = p.tokens[d];
      if (t === undefined) continue;
      let g = parents.get(p.prefix);
      if (g === undefined) parents.set(p.prefix, (g = { keys: new Set(), star: false }));
      if (t === STAR || t.text === '.*') g.star = true;
      else if (t.key !== null && DIGIT.test(t.key)) g.keys.add(t.key);
    }
    for (const p of paths) {
      const t = p.tokens[d];
      if (t === undefined) continue;
      const g = parents.get(p.prefix)!;
      if (t.key !== null && DIGIT.test(t.key) && (g.star || g.keys.size >= DATA_KEY_GROUP)) {
        p.tokens[d] = STAR;
        folded = true;
      }
      p.prefix += p.tokens[d]!.text;
    }
  }
  const out = new Map<string, string>();
  if (!folded) return out;
  for (const p of paths) {
    const to = p.tokens.map((t) => t.text).join('');
    if (to !== p.name) out.set(p.name, to);
  }
  return out;
}

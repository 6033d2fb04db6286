// Body parameters under keys that are data, found across calls. A key that is an id by its own
// shape collapses to `*` while a body is walked (params.ts isDynamicKey); keys like `SKU-00CTA9` or
// `User:42` (Apollo's normalized cache) do not look like ids one at a time, but a parent that has
// many of them, each from another call, is a map keyed by data. Such keys become `*` too, so an
// endpoint keeps `$.items.*.qty` instead of one parameter per SKU ever sent, and every run does not
// report the new SKUs as new parameters.
//
// The rule, per parent object (a JSON path prefix), among its keys that hold a digit, grouped by
// shape (each run of letters and digits holding a digit read as `#`: `SKU-X12Y2` and `SKU-00CTA9` are
// `SKU-#`, `User:42` is `User:#`, `address_line1` is `address_#`):
//   - at least DATA_KEY_GROUP distinct keys of one shape: they are data;
//   - when the parent already has a `*` member (it is a map), any key with two digits or more.
// Other keys are left alone: schema keys with digits (`address_line1`, `phone_2fa`, `card_cvc2`,
// `sha256`) are few per shape, and form fields in brackets (`line_items[0][price]`, kept whole by
// params.ts only when not well-formed) are not data keys.

import { formNameParts, pathTokens, STAR, type PathToken } from '../model/param-path.js';
import { fieldPath } from './params.js';
import { digitCount } from './validators.js';

/** Distinct digit-bearing keys under one parent that make it a map keyed by data. */
export const DATA_KEY_GROUP = 16;

const DIGIT = /\d/;
const DIGIT_RUN = /[A-Za-z0-9]*\d[A-Za-z0-9]*/g;

/** A key that may be data: it holds a digit and is not a bracketed form field (`items[0][qty]`). */
function maybeData(key: string): boolean {
  return DIGIT.test(key) && key.indexOf('[') === -1;
}

/** A key's shape: each run of letters and digits that holds a digit is `#` (`SKU-X12Y2` is `SKU-#`). */
function shapeOf(key: string): string {
  return key.replace(DIGIT_RUN, '#');
}


/**
 * Which of one body's parameter names (request or response body of one endpoint, all statuses) fold
 * into `*` members, as a map from name to folded name; names that stay are not in it. Parents are
 * decided from the root down, so maps inside maps fold together (`$.*.*.qty`).
 */
export function planKeyFolds(names: Iterable<string>): Map<string, string> {
  const paths: { name: string; tokens: PathToken[]; prefix: string }[] = [];
  let depth = 0;
  for (const name of names) {
    const tokens = pathTokens(name);
    if (tokens === null || tokens.length < 2) continue;
    paths.push({ name, tokens, prefix: '$' });
    depth = Math.max(depth, tokens.length);
  }
  let folded = false;
  for (let d = 1; d < depth; d++) {
    // Per parent: whether it has a `*` member, and its possible data keys by shape.
    const parents = new Map<string, { shapes: Map<string, Set<string>>; star: boolean }>();
    for (const p of paths) {
      const t = p.tokens[d];
      if (t === undefined) continue;
      let g = parents.get(p.prefix);
      if (g === undefined) parents.set(p.prefix, (g = { shapes: new Map(), star: false }));
      if (t === STAR) g.star = true;
      else if (t.key !== null && maybeData(t.key)) {
        const shape = shapeOf(t.key);
        const keys = g.shapes.get(shape);
        if (keys) keys.add(t.key);
        else g.shapes.set(shape, new Set([t.key]));
      }
    }
    for (const p of paths) {
      const t = p.tokens[d];
      if (t === undefined) continue;
      if (t.key !== null && maybeData(t.key)) {
        const g = parents.get(p.prefix)!;
        if (g.shapes.get(shapeOf(t.key))!.size >= DATA_KEY_GROUP || (g.star && digitCount(t.key) >= 2)) {
          p.tokens[d] = STAR;
          folded = true;
        }
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

/**
 * Body parameter names that releases before form paths stored as whole bracketed form fields
 * (`$['line_items[0][price]']`), mapped to the path params.ts gives that field now
 * (`$.line_items[*].price`); other names are not in the map.
 */
export function planFormPathFolds(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of names) {
    if (!name.startsWith("$['")) continue;
    const tokens = pathTokens(name);
    if (tokens === null || tokens.length !== 2 || formNameParts(tokens[1]!.key!) === null) continue;
    const to = fieldPath(tokens[1]!.key!);
    if (to !== name) out.set(name, to);
  }
  return out;
}

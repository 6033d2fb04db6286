import { describe, expect, it } from 'vitest';
import { DATA_KEY_GROUP, planFormPathFolds, planKeyFolds } from '../../src/analyzers/param-fold.js';
import { formNameParts, legacyFormPath, pathTokens, starCovers } from '../../src/model/param-path.js';
import { propPath } from '../../src/analyzers/params-walk.js';

const skus = (n: number, parent = '$.items', leaf = '.qty'): string[] => Array.from({ length: n }, (_, i) => `${parent}.SKU-${(i * 7919).toString(36).toUpperCase()}A${i % 10}${leaf}`);

describe('pathTokens', () => {
  it('reads back every key propPath writes, quotes and brackets included', () => {
    for (const key of ['sku', 'SKU-00CTA9', 'User:42', "it's", 'a.b', 'x[0]', "a\\'b", '名前', ' ']) {
      const tokens = pathTokens(propPath(propPath('$', 'root'), key) + '[*].v');
      expect(tokens?.map((t) => t.key), key).toEqual([null, 'root', key, null, 'v']);
      expect(tokens?.map((t) => t.text).join('')).toBe(propPath(propPath('$', 'root'), key) + '[*].v');
    }
  });

  it('is null for names that are not body paths', () => {
    for (const name of ['content-type', '$top', "$['open", '$.', '$[0]']) expect(pathTokens(name), name).toBeNull();
  });
});

describe('starCovers', () => {
  it('matches a key where the * member stands, and nothing else', () => {
    const t = (n: string) => pathTokens(n)!;
    expect(starCovers(t('$.items.*.qty'), t('$.items.SKU-X1Y.qty'))).toBe(true);
    expect(starCovers(t('$.*.email'), t("$['User:42'].email"))).toBe(true);
    expect(starCovers(t('$.items.*.qty'), t('$.items[*].qty'))).toBe(false);
    expect(starCovers(t('$.items.*.qty'), t('$.items.SKU-X1Y.price'))).toBe(false);
    expect(starCovers(t('$.items.*.qty'), t('$.items.qty'))).toBe(false);
  });
});

describe('planKeyFolds', () => {
  it(`folds ${DATA_KEY_GROUP} or more keys with digits under one parent into *, keeping its other members`, () => {
    const names = [...skus(DATA_KEY_GROUP), '$.items.total', '$.count'];
    const folds = planKeyFolds(names);
    expect(folds.size).toBe(DATA_KEY_GROUP);
    expect(new Set(folds.values())).toEqual(new Set(['$.items.*.qty']));
    expect(folds.has('$.items.total')).toBe(false);
  });

  it('leaves fewer such keys alone: schema keys with digits (address1, sha256, x509Cert)', () => {
    expect(planKeyFolds(skus(DATA_KEY_GROUP - 1)).size).toBe(0);
    expect(planKeyFolds(['$.address1', '$.address2', '$.hash.sha256', '$.hash.md5', '$.x509Cert', '$.utf8mb4']).size).toBe(0);
  });

  it('folds any key with digits under a parent that is already a map (has a * member)', () => {
    expect(planKeyFolds(['$.items.*.qty', '$.items.SKU-00CTA9.qty', '$.items.note'])).toEqual(new Map([['$.items.SKU-00CTA9.qty', '$.items.*.qty']]));
  });

  it('counts keys per shape: schema fields with digits, bracketed form lists and few keys of a shape stay', () => {
    const form = Array.from({ length: 12 }, (_, i) => [`$['line_items[${i}][price]']`, `$['line_items[${i}][quantity]']`]).flat();
    const schema = ['$.address_line1', '$.address_line2', '$.phone_2fa', '$.card_cvc2', '$.sha256', '$.x509Cert'];
    expect(planKeyFolds([...form, ...schema]).size).toBe(0);
    // Under a parent that is a map already, only keys with two digits or more are its entries.
    expect([...planKeyFolds(['$.*.qty', ...schema]).keys()]).toEqual(['$.sha256', '$.x509Cert']);
    const mixed = [...Array.from({ length: 10 }, (_, i) => `$.SKU-X${i}Y.qty`), ...Array.from({ length: 10 }, (_, i) => `$['User:${i}'].qty`)];
    expect(planKeyFolds(mixed).size).toBe(0); // two shapes of 10, neither 16
  });

  it('counts keys per parent, not per endpoint', () => {
    const half = DATA_KEY_GROUP / 2;
    expect(planKeyFolds([...skus(half, '$.a'), ...skus(half, '$.b')]).size).toBe(0);
  });

  it('folds bracketed keys (Apollo cache ids) and maps inside maps', () => {
    const apollo = Array.from({ length: 20 }, (_, i) => `$['User:${i}'].email`);
    expect(new Set(planKeyFolds(apollo).values())).toEqual(new Set(['$.*.email']));
    const nested: string[] = [];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) nested.push(`$.stores.store${i}x.bins.BIN-${j}x.qty`);
    const folds = planKeyFolds(nested);
    expect(folds.size).toBe(400);
    expect(new Set(folds.values())).toEqual(new Set(['$.stores.*.bins.*.qty']));
  });
});

describe('bracketed form field names', () => {
  it('split into name and subscripts only when well-formed', () => {
    expect(formNameParts('line_items[0][price]')).toEqual(['line_items', '0', 'price']);
    expect(formNameParts('tags[]')).toEqual(['tags', '']);
    for (const name of ['plain', 'a[b]c', 'x[y[z]]', '[k]', 'open[', 'a]b[']) expect(formNameParts(name), name).toBeNull();
    expect(formNameParts(`a${'[k]'.repeat(25)}`)).toBeNull();
  });

  it('stored whole by older releases read as their paths; other names are left alone', () => {
    expect(legacyFormPath("$['line_items[0][price]']")).toBe('$.line_items[*].price');
    expect(legacyFormPath("$['tags[]']")).toBe('$.tags[*]');
    expect(legacyFormPath("$['data[User][first name]']")).toBe("$.data.User['first name']");
    for (const name of ['$.line_items[*].price', "$['x-y']", "$['a[b]c']", "$.a['b[0]']", 'user[password]']) expect(legacyFormPath(name), name).toBeNull();
  });

  it('fold into the path the analyzer writes now, data keys as `*`', () => {
    expect(planFormPathFolds(["$['line_items[0][price]']", "$['line_items[1][price]']", "$['metadata[20240312001]']", '$.plain', "$['x-y']"])).toEqual(
      new Map([
        ["$['line_items[0][price]']", '$.line_items[*].price'],
        ["$['line_items[1][price]']", '$.line_items[*].price'],
        ["$['metadata[20240312001]']", '$.metadata.*'],
      ]),
    );
  });
});

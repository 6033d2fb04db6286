import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { InventoryDoc } from '../../src/model/inventory.js';
import { parseInventoryJson, serializeInventory } from '../../src/views/inventory-json.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

/** The same document with every list and every object's keys in reverse order. */
function shuffled(doc: InventoryDoc): InventoryDoc {
  const reverseKeys = (o: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).reverse()) as Record<string, unknown>;
  return {
    ...doc,
    endpoints: [...doc.endpoints].reverse().map((e) => ({
      ...(reverseKeys(e) as unknown as typeof e),
      statusCodes: reverseKeys(e.statusCodes) as Record<string, number>,
      authTypes: [...e.authTypes].reverse(),
      auth: [...e.auth].reverse(),
      params: [...e.params].reverse().map((p) => ({ ...(reverseKeys(p) as unknown as typeof p), types: [...p.types].reverse() })),
    })),
  };
}

describe('serializeInventory', () => {
  const doc = parseInventoryJson(fixture('openapi/rich-inventory.json'), 'rich-inventory.json');

  it('is byte-identical for the same inventory in any input order', () => {
    const a = serializeInventory(doc);
    const b = serializeInventory(shuffled(doc));
    expect(b).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('sorts endpoints by host, path, method and params by location, status, name', () => {
    const out = JSON.parse(serializeInventory(shuffled(doc))) as InventoryDoc;
    const keys = out.endpoints.map((e) => `${e.host} ${e.path} ${e.method}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe('admin.shop.test /admin/stats GET');
    const users = out.endpoints.find((e) => e.path === '/users/{userId}');
    const params = users?.params.map((p) => `${p.location}|${p.status ?? ''}|${p.name}`) ?? [];
    expect(params.slice(0, 3)).toEqual(['request.header||Accept', 'request.header||Authorization', 'request.header||X-Tenant']);
    expect(params.indexOf('response.body|200|$.address.city')).toBeLessThan(params.indexOf('response.body|404|$.error'));
    expect(Object.keys(out.endpoints[0] as object)).toEqual([
      'host', 'method', 'path', 'pathParams', 'calls', 'statusCodes', 'firstSeen', 'lastSeen', 'authTypes', 'auth',
      'unauthenticatedSuccess', 'oauthTokenEndpoint', 'sensitiveTypes', 'accessType', 'riskScore', 'params', 'tags',
    ]);
  });

  it('round-trips through parseInventoryJson unchanged', () => {
    const text = serializeInventory(doc);
    expect(serializeInventory(parseInventoryJson(text, 'x.json'))).toBe(text);
  });

  it('does not mutate its input', () => {
    const input = shuffled(doc);
    const before = JSON.stringify(input);
    serializeInventory(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('parseInventoryJson', () => {
  const parse = (text: string): InventoryDoc => parseInventoryJson(text, 'in.json');

  it('rejects invalid JSON with the file name', () => {
    expect(() => parse('{nope')).toThrow(InputError);
    expect(() => parse('{nope')).toThrow(/^in\.json: not valid JSON/);
  });

  it('rejects other documents and says what they are', () => {
    expect(() => parse('{"openapi":"3.1.0"}')).toThrow(/not an akto-rt inventory.*spec-diff/);
    expect(() => parse('{"kind":"something/else","endpoints":[]}')).toThrow(/kind is "something\/else"/);
    expect(() => parse('[1,2]')).toThrow(/expected a JSON object/);
  });

  it('rejects a newer schema version', () => {
    expect(() => parse('{"kind":"akto-rt/inventory","schemaVersion":99,"endpoints":[]}')).toThrow(/newer/);
  });

  it('locates a malformed endpoint field', () => {
    const doc = JSON.parse(fixture('diff/base.json')) as { endpoints: Record<string, unknown>[] };
    (doc.endpoints[2] as Record<string, unknown>)['calls'] = 'many';
    try {
      parse(JSON.stringify(doc));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).entry).toBe(2);
      expect((err as InputError).message).toMatch(/endpoints\[2\]\.calls: expected a number/);
    }
  });

  it('rejects an unknown parameter location', () => {
    const doc = JSON.parse(fixture('diff/base.json')) as { endpoints: { params: Record<string, unknown>[] }[] };
    (doc.endpoints[0]!.params[0] as Record<string, unknown>)['location'] = 'request.nowhere';
    expect(() => parse(JSON.stringify(doc))).toThrow(/params\[0\]\.location: unknown location/);
  });
});

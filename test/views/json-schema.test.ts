import { describe, expect, it } from 'vitest';
import type { InventoryParam } from '../../src/model/inventory.js';
import { parseJsonPath, pathParamSchema, schemaFromParams, valueSchema } from '../../src/views/json-schema.js';

const p = (name: string, types: InventoryParam['types'], extra: Partial<InventoryParam> = {}): InventoryParam => ({
  location: 'response.body', name, status: '200', types, required: true, sensitiveTypes: [], ...extra,
});

describe('parseJsonPath', () => {
  it('reads dotted keys, wildcards, indexes and quoted keys', () => {
    expect(parseJsonPath('$.items[*].sku')).toEqual([{ prop: 'items' }, { items: true }, { prop: 'sku' }]);
    expect(parseJsonPath('$[0].id')).toEqual([{ items: true }, { prop: 'id' }]);
    expect(parseJsonPath("$['a.b'].c")).toEqual([{ prop: 'a.b' }, { prop: 'c' }]);
    expect(parseJsonPath('plain')).toEqual([{ prop: 'plain' }]);
    expect(parseJsonPath('$')).toEqual([]);
  });
  it('reads a quoted key with an escaped quote as the key it was', () => {
    expect(parseJsonPath("$['it\\'s'].x")).toEqual([{ prop: "it's" }, { prop: 'x' }]);
    expect(parseJsonPath("$['a\\']b']")).toEqual([{ prop: "a']b" }]);
  });
});

describe('schemaFromParams: what traffic cannot pin down', () => {
  it('a map keyed by data (`*`) is additionalProperties, never a required property named `*`', () => {
    const schema = schemaFromParams([p('$.users.*.age', ['integer']), p('$.total', ['integer'])]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        total: { type: 'integer' },
        users: { type: 'object', additionalProperties: { type: 'object', properties: { age: { type: 'integer' } } } },
      },
      required: ['total', 'users'],
    });
  });
  it('a member only ever seen as null gets no type (later values, or values past the body cap, would not fit one)', () => {
    expect(schemaFromParams([p('$.formId', ['null'])])).toEqual({ type: 'object', properties: { formId: {} }, required: ['formId'] });
  });
});

describe('schemaFromParams', () => {
  it('nests objects and arrays and collects required keys (a container is required when a member always is, array elements have none)', () => {
    const schema = schemaFromParams([
      p('$.id', ['integer']),
      p('$.items[*].sku', ['string']),
      p('$.items[*].qty', ['integer'], { required: false }),
      p('$.meta.next', ['null', 'string'], { required: false }),
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        // presence is counted per call, not per element: nothing inside an array is required
        items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer' }, sku: { type: 'string' } } } },
        meta: { type: 'object', properties: { next: { type: ['string', 'null'] } } },
      },
      required: ['id', 'items'],
    });
  });

  it('handles a top-level array and a declared container', () => {
    expect(schemaFromParams([p('$', ['array']), p('$[*]', ['integer'])])).toEqual({ type: 'array', items: { type: 'integer' } });
  });

  it('takes examples only from non-sensitive params, typed to the schema', () => {
    const schema = schemaFromParams([
      p('$.n', ['integer'], { example: '7' }),
      p('$.email', ['string'], { example: 'bob@example.com', sensitiveTypes: ['email'] }),
      p('$.bad', ['integer'], { example: 'seven' }),
    ]);
    expect(schema.properties?.['n']).toEqual({ type: 'integer', examples: [7] });
    expect(schema.properties?.['email']).toEqual({ type: 'string' });
    expect(schema.properties?.['bad']).toEqual({ type: 'integer' });
    expect(valueSchema(p('q', ['boolean'], { example: 'true' }))).toEqual({ type: 'boolean', examples: [true] });
  });
});

describe('pathParamSchema', () => {
  it.each([
    ['integer', { type: 'integer' }],
    ['uuid', { type: 'string', format: 'uuid' }],
    ['date', { type: 'string', format: 'date' }],
    ['email', { type: 'string', format: 'email' }],
    ['alnum-id', { type: 'string' }],
    ['something-new', { type: 'string' }],
  ])('%s', (type, schema) => {
    expect(pathParamSchema(type)).toEqual(schema);
  });
});

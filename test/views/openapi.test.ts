import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { renderOpenApi } from '../../src/render/openapi.js';
import { parseInventoryJson } from '../../src/views/inventory-json.js';
import { buildOpenApi, type OpenApiDocument, type OpenApiObject } from '../../src/views/openapi.js';

const doc = parseInventoryJson(readFileSync(new URL('../../fixtures/openapi/rich-inventory.json', import.meta.url), 'utf8'), 'rich');
const specs = buildOpenApi(doc, {});
const api = specs['api.shop.test'] as OpenApiDocument;
const op = (path: string, method: string): OpenApiObject => (api.paths[path] as OpenApiObject)[method] as OpenApiObject;
const names = (o: OpenApiObject): string[] => ((o['parameters'] ?? []) as OpenApiObject[]).map((p) => `${p['in'] as string}:${p['name'] as string}`);

describe('buildOpenApi', () => {
  it('writes one valid OpenAPI 3.1 document per host', async () => {
    expect(Object.keys(specs)).toEqual(['admin.shop.test', 'api.shop.test']);
    for (const spec of Object.values(specs)) {
      await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeTruthy();
      expect(spec.openapi).toBe('3.1.0');
      expect(spec.info.version).toBe('0.0.0-observed');
    }
    expect(api.servers).toEqual([{ url: 'https://api.shop.test' }]);
  });

  it('contains none of the unredacted secrets or personal data in the inventory', () => {
    const text = JSON.stringify(specs);
    for (const secret of ['alice@example.com', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 's%3Aabcdef0123456789', 'eyJhbGciOiJIUzI1NiJ9']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('Berlin');
  });

  it('merges templates that differ in placeholder names into one path', () => {
    expect(Object.keys(api.paths)).toEqual(['/graphql', '/oauth/token', '/orders', '/public/status', '/users/{id}/orders/{orderId}', '/users/{userId}']);
    expect(Object.keys(api.paths['/users/{userId}'] as object)).toEqual(['get', 'delete']);
    expect(names(op('/users/{userId}', 'delete'))).toEqual(['path:userId']);
  });

  it('types path params and keeps only non-standard headers and non-auth params', () => {
    expect(names(op('/users/{userId}', 'get'))).toEqual(['path:userId', 'query:fields', 'header:X-Tenant']);
    const orders = op('/users/{id}/orders/{orderId}', 'get')['parameters'] as OpenApiObject[];
    expect(orders.map((p) => p['schema'])).toEqual([{ type: 'integer' }, { type: 'string', format: 'uuid' }]);
    expect(names(op('/orders', 'post'))).toEqual(['cookie:theme']);
  });

  it('infers body schemas per status code', () => {
    const responses = op('/users/{userId}', 'get')['responses'] as Record<string, OpenApiObject>;
    expect(Object.keys(responses)).toEqual(['200', '404']);
    const schema = (responses['200']!['content'] as Record<string, { schema: OpenApiObject }>)['application/json']!.schema;
    expect(schema['required']).toEqual(['address', 'email', 'id']); // address: its city was always present
    expect((schema['properties'] as Record<string, unknown>)['address']).toEqual({
      type: 'object',
      properties: { city: { type: 'string', examples: ['Berlin'] }, zip: { type: ['string', 'null'] } },
      required: ['city'],
    });
    expect(responses['200']!['headers']).toEqual({ 'X-RateLimit-Remaining': { schema: { type: 'integer', examples: [99] } } });
    const body = op('/orders', 'post')['requestBody'] as { content: Record<string, { schema: OpenApiObject }> };
    const items = (body.content['application/json']!.schema['properties'] as Record<string, OpenApiObject>)['items']!;
    expect(items).toMatchObject({ type: 'array', items: { properties: { qty: {}, sku: {} } } });
    expect((items['items'] as OpenApiObject)['required']).toBeUndefined(); // per call, not per element: never required
    expect(body.content['application/json']!.schema['required']).toEqual(['items']);
  });

  it('derives security schemes and per-operation requirements from auth', () => {
    expect(api.components?.securitySchemes).toEqual({
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      basic: { type: 'http', scheme: 'basic' },
      bearerJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      oauth2: { type: 'oauth2', description: 'Token endpoint seen in traffic', flows: { clientCredentials: { tokenUrl: 'https://api.shop.test/oauth/token', scopes: {} } } },
      sessionCookie_sessionid: { type: 'apiKey', in: 'cookie', name: 'sessionid' },
    });
    expect(op('/users/{userId}', 'get')['security']).toEqual([{ bearerJwt: [] }]);
    expect(op('/public/status', 'get')['security']).toEqual([]);
    expect(op('/graphql', 'post')['security']).toEqual([{ bearerJwt: [] }, {}]);
    expect(specs['admin.shop.test']!.components?.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('makes auth optional only where calls without credentials were answered 2xx', () => {
    const refused = structuredClone(doc);
    for (const e of refused.endpoints) if (e.path === '/graphql#ListOrders' || e.path === '/public/status') e.unauthenticatedSuccess = false;
    const a = buildOpenApi(refused, {})['api.shop.test'] as OpenApiDocument;
    const opOf = (path: string, method: string): OpenApiObject => (a.paths[path] as OpenApiObject)[method] as OpenApiObject;
    // bare calls refused (401/403): auth required, not optional
    expect(opOf('/graphql', 'post')['security']).toEqual([{ bearerJwt: [] }]);
    // only bare calls, none answered 2xx: no claim that the endpoint is public
    expect(opOf('/public/status', 'get')['security']).toBeUndefined();
  });

  it('names each credential where it travels: the header, query parameter or cookie seen', () => {
    const base = doc.endpoints.find((e) => e.path === '/public/status')!;
    const param = (location: string, name: string) => ({ location, name, types: ['string'], required: true, sensitiveTypes: [] });
    const ep = (path: string, authTypes: string[], params: ReturnType<typeof param>[]) =>
      ({ ...structuredClone(base), path, authTypes, auth: authTypes.map((scheme) => ({ scheme, calls: 10 })), unauthenticatedSuccess: false, params });
    const carriers = {
      ...doc,
      endpoints: [
        ep('/b', ['api-key'], [param('request.query', 'key')]),
        ep('/c', ['bearer'], [param('request.query', 'access_token')]),
        ep('/d', ['api-key'], [param('request.header', 'authorization')]),
        ep('/e', ['session-cookie'], [param('request.cookie', 'connect.sid')]),
        // the framework's session cookie, not the CSRF token or a tracker that came first
        ep('/f', ['session-cookie'], [param('request.cookie', 'csrftoken'), param('request.cookie', '_hjSessionUser_1'), param('request.cookie', 'sessionid')]),
      ],
    } as typeof doc;
    const a = buildOpenApi(carriers, {})['api.shop.test'] as OpenApiDocument;
    expect(a.components?.securitySchemes).toMatchObject({
      apiKey_key: { type: 'apiKey', in: 'query', name: 'key' },
      apiKey_Authorization: { type: 'apiKey', in: 'header', name: 'Authorization' },
      accessTokenQuery: { type: 'apiKey', in: 'query', name: 'access_token' },
      'sessionCookie_connect.sid': { type: 'apiKey', in: 'cookie', name: 'connect.sid' },
      sessionCookie_sessionid: { type: 'apiKey', in: 'cookie', name: 'sessionid' },
    });
    expect(Object.keys(a.components?.securitySchemes ?? {}).filter((k) => k.includes('csrf') || k.includes('_hj'))).toEqual([]);
    // a carrier is documented by its scheme, not repeated as a plain parameter
    for (const path of ['/b', '/c', '/d', '/e']) expect((a.paths[path] as OpenApiObject)['get']).not.toHaveProperty('parameters');
  });

  it('keeps an operationId when another path joins the spec', () => {
    const base = doc.endpoints.find((e) => e.path === '/public/status')!;
    const ep = (path: string) => ({ ...structuredClone(base), path });
    const idOf = (d: typeof doc, path: string): unknown =>
      ((buildOpenApi(d, {})['api.shop.test'] as OpenApiDocument).paths[path] as OpenApiObject)['get'] && (((buildOpenApi(d, {})['api.shop.test'] as OpenApiDocument).paths[path] as OpenApiObject)['get'] as OpenApiObject)['operationId'];
    const one = { ...doc, endpoints: [ep('/v1/orders/export')] } as typeof doc;
    const two = { ...doc, endpoints: [ep('/v1/orders-export'), ep('/v1/orders/export')] } as typeof doc;
    expect(idOf(one, '/v1/orders/export')).toBe('getV1OrdersExport');
    expect(idOf(two, '/v1/orders/export')).toBe('getV1OrdersExport');
    expect(idOf(two, '/v1/orders-export')).toBe('getV1Orders_export');
  });

  it('lists GraphQL operations on one /graphql path', () => {
    const gql = op('/graphql', 'post');
    expect(gql['description']).toBe('GraphQL operations observed: GetUser, ListOrders');
    // `variables.id` was sent by GetUser only, so the merged operation cannot require it.
    const schema = (gql['requestBody'] as { content: Record<string, { schema: OpenApiObject }> }).content['application/json']!.schema;
    expect((schema['properties'] as Record<string, OpenApiObject>)['variables']!['required']).toBeUndefined();
  });

  it('is deterministic and can be limited to one host', () => {
    expect(JSON.stringify(buildOpenApi(structuredClone(doc), {}))).toBe(JSON.stringify(specs));
    expect(Object.keys(buildOpenApi(doc, { host: 'admin.shop.test' }))).toEqual(['admin.shop.test']);
    expect(() => buildOpenApi(doc, { host: 'nope.test' })).toThrow(UsageError);
  });
});

describe('renderOpenApi', () => {
  it('writes YAML or JSON by extension, both reading back to the same document', () => {
    const yaml = renderOpenApi(api, 'out/api.yaml');
    const json = renderOpenApi(api, 'out/api.json');
    expect(yaml.startsWith('openapi: 3.1.0\n')).toBe(true);
    expect(json.startsWith('{\n  "openapi": "3.1.0"')).toBe(true);
    expect(parseYaml(yaml)).toEqual(JSON.parse(json));
    expect(yaml).not.toMatch(/[&*]a\d/);
  });
  it('quotes keys and values YAML 1.1 readers take for something else (a merge key, booleans)', () => {
    const odd = { ...api, info: { ...api.info, title: 'yes' }, 'x-odd': { '<<': { type: 'integer' }, '=': 1, on: 'off', no: null } } as typeof api;
    const yaml = renderOpenApi(odd, 'api.yaml');
    expect(yaml).toContain('"<<":');
    expect(yaml).toContain('"=": 1');
    expect(yaml).toContain('"on": "off"');
    expect(yaml).toContain('title: "yes"');
    expect(parseYaml(yaml)).toEqual(JSON.parse(JSON.stringify(odd)));
  });
});

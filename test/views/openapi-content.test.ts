// Body content per observed media type: JSON and form bodies get the schema of their parameters,
// text (XML and HTML included) a string, binary no schema; a body without a recorded type keeps the
// `application/json` label every body had before.

import { describe, expect, it } from 'vitest';
import type { InventoryEndpoint, InventoryParam } from '../../src/model/inventory.js';
import { bodyContent, mediaKind } from '../../src/views/openapi-content.js';
import { mergeEndpoints } from '../../src/views/endpoint-match.js';
import { parseInventoryJson, serializeInventory } from '../../src/views/inventory-json.js';
import { buildOpenApi, type OpenApiObject } from '../../src/views/openapi.js';

const param = (name: string, types: InventoryParam['types'] = ['string'], location: InventoryParam['location'] = 'request.body', status?: string): InventoryParam => ({
  location,
  name,
  types,
  required: true,
  sensitiveTypes: [],
  ...(status === undefined ? {} : { status }),
});

function ep(path: string, over: Partial<InventoryEndpoint> = {}): InventoryEndpoint {
  return {
    host: 'api.test', method: 'POST', path, pathParams: [], calls: 1, statusCodes: { '200': 1 },
    firstSeen: '2024-01-01T00:00:00.000Z', lastSeen: '2024-01-01T00:00:00.000Z', authTypes: ['none'],
    auth: [{ scheme: 'none', calls: 1 }], unauthenticatedSuccess: true, oauthTokenEndpoint: false,
    sensitiveTypes: [], accessType: 'unknown', riskScore: 0, params: [], tags: [], ...over,
  };
}

describe('mediaKind', () => {
  it.each([
    ['application/json', 'json'],
    ['application/problem+json', 'json'],
    ['application/vnd.api+json', 'json'],
    ['text/json', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['multipart/form-data', 'form'],
    ['text/html', 'text'],
    ['text/plain', 'text'],
    ['text/csv', 'text'],
    ['application/xml', 'text'],
    ['application/atom+xml', 'text'],
    ['application/javascript', 'text'],
    ['application/x-ndjson', 'text'],
    ['application/graphql', 'text'],
    ['application/octet-stream', 'binary'],
    ['binary/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['application/pdf', 'binary'],
    ['application/x-protobuf', 'binary'],
    ['multipart/mixed', 'binary'],
  ])('%s is %s', (type, kind) => {
    expect(mediaKind(type)).toBe(kind);
  });
});

describe('bodyContent', () => {
  const fields = [param('$.amount', ['integer']), param('$.currency')];

  it('falls back to application/json for a body with parameters but no recorded type', () => {
    const json = { 'application/json': { schema: { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string' } }, required: ['amount', 'currency'] } } };
    expect(bodyContent(undefined, fields)).toEqual(json);
    expect(bodyContent({}, fields)).toEqual(json);
    expect(bodyContent({}, [])).toBeNull();
  });

  it('keys the content by every observed type, sorted, each described as what it is', () => {
    const content = bodyContent({ 'text/html': 1, 'multipart/form-data': 2, 'application/x-www-form-urlencoded': 9, 'image/png': 1, 'application/json': 3 }, fields)!;
    expect(Object.keys(content)).toEqual(['application/json', 'application/x-www-form-urlencoded', 'image/png', 'multipart/form-data', 'text/html']);
    expect(content['application/x-www-form-urlencoded']).toEqual(content['application/json']);
    expect(content['multipart/form-data']).toEqual(content['application/json']);
    expect(content['text/html']).toEqual({ schema: { type: 'string' } });
    expect(content['image/png']).toEqual({});
  });

  it('describes a body that had a type but no parameters', () => {
    expect(bodyContent({ 'application/x-www-form-urlencoded': 1 }, [])).toEqual({ 'application/x-www-form-urlencoded': { schema: { type: 'object' } } });
    expect(bodyContent({ 'application/json': 1 }, [])).toEqual({ 'application/json': { schema: {} } });
    expect(bodyContent({ 'text/plain': 1 }, [])).toEqual({ 'text/plain': { schema: { type: 'string' } } });
  });
});

describe('media types in the inventory document', () => {
  const withTypes = ep('/v1/charges', {
    statusCodes: { '200': 3, '402': 1 },
    requestMediaTypes: { 'multipart/form-data': 1, 'application/x-www-form-urlencoded': 3 },
    responseMediaTypes: { '402': { 'text/html': 1 }, '200': { 'application/json': 3 } },
    params: [param('$.amount', ['integer']), param('$.id', ['string'], 'response.body', '200')],
  });

  it('are written sorted, read back unchanged, and left out where a file never had them', () => {
    const text = serializeInventory({ schemaVersion: 1, kind: 'akto-rt/inventory', endpoints: [withTypes, ep('/v1/old')] });
    const [charges, old] = JSON.parse(text).endpoints;
    expect(Object.keys(charges.requestMediaTypes)).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(Object.keys(charges.responseMediaTypes)).toEqual(['200', '402']);
    expect('requestMediaTypes' in old).toBe(false);
    expect(serializeInventory(parseInventoryJson(text, 'inv.json'))).toBe(text);
    expect(() => parseInventoryJson(text.replace('"multipart/form-data": 1', '"multipart/form-data": "1"'), 'inv.json')).toThrow(/requestMediaTypes\.multipart\/form-data: expected a number/);
  });

  it('add up when endpoints merge (as OpenAPI export merges one path\'s spellings)', () => {
    const other = ep('/v1/{x}', { requestMediaTypes: { 'application/x-www-form-urlencoded': 2, 'application/json': 1 }, responseMediaTypes: { '200': { 'application/json': 2 } } });
    const merged = mergeEndpoints([withTypes, other]);
    expect(merged.requestMediaTypes).toEqual({ 'application/json': 1, 'application/x-www-form-urlencoded': 5, 'multipart/form-data': 1 });
    expect(merged.responseMediaTypes).toEqual({ '200': { 'application/json': 5 }, '402': { 'text/html': 1 } });
    expect(mergeEndpoints([ep('/a/{x}'), ep('/a/1')]).requestMediaTypes).toBeUndefined();
  });

  it('set the OpenAPI content of the request and of each response', () => {
    const op = (buildOpenApi({ schemaVersion: 1, kind: 'akto-rt/inventory', endpoints: [withTypes] }, {})['api.test']!.paths['/v1/charges'] as OpenApiObject)['post'] as Record<string, any>;
    expect(Object.keys(op['requestBody']['content'])).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(op['responses']['200']['content']['application/json']['schema']).toEqual({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
    expect(op['responses']['402']['content']).toEqual({ 'text/html': { schema: { type: 'string' } } });
  });
});

// GraphQL operation detection: named/anonymous operations, batches, GET ?query=, and non-GraphQL look-alikes.

import { describe, expect, it } from 'vitest';
import type { Body, NameValue } from '../../src/model/call-record.js';
import { graphqlOperation, operationFromDocument } from '../../src/analyzers/graphql.js';

const json = (v: unknown): Body => ({ mimeType: 'application/json', text: JSON.stringify(v), size: -1, truncated: false, binary: false });
const q = (pairs: Record<string, string>): NameValue[] => Object.entries(pairs).map(([name, value]) => ({ name, value }));

describe('operationFromDocument', () => {
  it.each([
    ['query GetUser($id: ID!) { user(id: $id) { name } }', 'GetUser'],
    ['mutation CreateOrder { createOrder(input: {sku: "a)b{"}) { id } }', 'CreateOrder'],
    ['subscription OnMessage { messageAdded { id } }', 'OnMessage'],
    ['{ user(id: 1) { name } }', 'user'],
    ['query { viewer { login } }', 'viewer'],
    ['query ($n: Int = 10) @cached { search(first: $n) { id } }', 'search'],
    ['{ me: user(id: 1) { name } }', 'user'],
    ['# leading comment\n\uFEFF  ,query   Named{a}', 'Named'],
    ['fragment F on User { name "}" }\nquery AfterFragment { ...F }', 'AfterFragment'],
    ['{ ...F, viewer { id } }', 'viewer'],
    ['{ ... on Query { node(id: "1") { id } } }', 'node'],
    ['query Q1 { a } query Q2 { b }', 'Q1'],
    ['{ }', 'anonymous'],
  ])('%j -> %s', (doc, name) => expect(operationFromDocument(doc)).toBe(name));

  it.each(['shoes', 'query shoes', 'query', 'type User { id: ID }', '', 'SELECT * FROM users'])('%j is not a GraphQL document', (doc) => {
    expect(operationFromDocument(doc)).toBeNull();
  });
});

describe('graphqlOperation', () => {
  it('names POST /graphql calls by operation', () => {
    expect(graphqlOperation('POST', '/graphql', [], json({ query: 'query GetUser { user { id } }', variables: { id: 1 } }))).toBe('GetUser');
    expect(graphqlOperation('POST', '/api/graphql/', [], json({ variables: { q: { query: 'x' } }, query: '{ user(id: 1) { name } }' }))).toBe('user');
  });

  it('prefers an explicit operationName (multi-operation documents, persisted queries)', () => {
    const body = json({ operationName: 'Q2', query: 'query Q1 { a } query Q2 { b }' });
    expect(graphqlOperation('POST', '/graphql', [], body)).toBe('Q2');
    const persisted = json({ operationName: 'GetFeed', variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    expect(graphqlOperation('POST', '/graphql', [], persisted)).toBe('GetFeed');
    expect(graphqlOperation('POST', '/graphql', [], json({ operationName: 'bad name!', query: '{ ok }' }))).toBe('ok');
  });

  it('names a batch after all its operations, so a protected one is not hidden behind a public one', () => {
    const batch = json([{ query: 'query Products { a }' }, { query: 'query AdminUsers { b }', variables: { x: 1 } }]);
    expect(graphqlOperation('POST', '/graphql', [], batch)).toBe('AdminUsers+Products');
    // the same operations in another order, or one twice, are the same endpoint
    expect(graphqlOperation('POST', '/graphql', [], json([{ query: 'query AdminUsers { b }' }, { query: 'query Products { a }' }, { operationName: 'Products', query: 'query Products { a }' }]))).toBe('AdminUsers+Products');
    // a batch of one is that operation; off a GraphQL path, a batch needs GraphQL documents
    expect(graphqlOperation('POST', '/graphql', [], json([{ query: 'query Only { a }' }]))).toBe('Only');
    expect(graphqlOperation('POST', '/api/items', [], json([{ query: 'not graphql', x: 1 }, { query: 'nor this' }]))).toBeNull();
    expect(graphqlOperation('POST', '/api/batch', [], json([{ query: 'query A { a }' }, { query: 'query B { b }' }]))).toBe('A+B');
  });

  it('reads GET ?query= and ?operationName=', () => {
    expect(graphqlOperation('GET', '/graphql', q({ query: '{ viewer { login } }' }), null)).toBe('viewer');
    expect(graphqlOperation('GET', '/graphql', q({ query: 'query A { a } query B { b }', operationName: 'B' }), null)).toBe('B');
  });

  it('accepts application/graphql bodies and escaped JSON strings', () => {
    const raw: Body = { mimeType: 'application/graphql', text: 'query Raw { a }', size: -1, truncated: false, binary: false };
    expect(graphqlOperation('POST', '/graphql', [], raw)).toBe('Raw');
    expect(graphqlOperation('POST', '/graphql', [], json({ query: 'query Esc { a(s: "\\"q\\"\\n") }' }))).toBe('Esc');
  });

  it('finds GraphQL on other paths only when the body parses as a document', () => {
    expect(graphqlOperation('POST', '/api/v1/query', [], json({ query: 'query Hidden { a }' }))).toBe('Hidden');
    expect(graphqlOperation('POST', '/_search', [], json({ query: { match: { title: 'x' } } }))).toBeNull();
    expect(graphqlOperation('POST', '/1/indexes/products/query', [], json({ query: 'shoes' }))).toBeNull();
    expect(graphqlOperation('GET', '/search', q({ query: 'shoes' }), null)).toBeNull();
    expect(graphqlOperation('GET', '/search', q({ query: 'query latest' }), null)).toBeNull();
  });

  it('returns null for plain /graphql calls without an operation and for unrelated calls', () => {
    expect(graphqlOperation('GET', '/graphql', [], null)).toBeNull();
    expect(graphqlOperation('POST', '/users', [], json({ name: 'x' }))).toBeNull();
    const binary: Body = { mimeType: 'application/octet-stream', text: '', size: 10, truncated: false, binary: true };
    expect(graphqlOperation('POST', '/graphql', [], binary)).toBeNull();
  });

  it('survives a body cut at the cap', () => {
    const cut: Body = { mimeType: 'application/json', text: '{"query":"query Cut { a', size: 99999, truncated: true, binary: false };
    expect(graphqlOperation('POST', '/graphql', [], cut)).toBe('Cut');
    const early: Body = { mimeType: 'application/json', text: '{"operationName":"Early","query":"query Early { a', size: 99999, truncated: true, binary: false };
    expect(graphqlOperation('POST', '/graphql', [], early)).toBe('Early');
  });
});

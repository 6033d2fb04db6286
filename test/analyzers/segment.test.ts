// Segment classes and parameter naming, one table row per rule.

import { describe, expect, it } from 'vitest';
import { baseName, paramName, singularize } from '../../src/analyzers/param-names.js';
import { classifySegment, isConstantWord, type SegmentKind } from '../../src/analyzers/segment.js';

const KINDS: [string, SegmentKind, boolean][] = [
  ['', 'empty', false],
  ['42', 'integer', true],
  ['007', 'integer', true],
  ['1460323737035677698', 'integer', true],
  ['123e4567-e89b-12d3-a456-426614174000', 'uuid', true],
  ['123E4567-E89B-12D3-A456-426614174000', 'uuid', true],
  ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'uuid', true],
  ['507f1f77bcf86cd799439011', 'object-id', true],
  ['d41d8cd98f00b204e9800998ecf8427e', 'hex', true], // md5
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'hex', true], // sha1
  ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex', true], // sha256
  ['sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex', true],
  ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ulid', true],
  ['01arz3ndektsv4rrffq69g5fav', 'ulid', true],
  ['0ujsswThIGTUYm2K8FjOOfXtY1K', 'ulid', true], // KSUID
  ['2024-03-04', 'date', true],
  ['2024-03', 'date', true],
  ['2024-03-04T10:15:00Z', 'date', true],
  ['2024-13-04', 'word', false], // no month 13
  ['jane.doe@example.com', 'email', true],
  ['jane.doe%40example.com', 'email', true],
  ['Q2FzZUlEPTEyMzQ1Njc4OTAmdXNlcj1hZG1pbg', 'base64url', true],
  ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'base64url', true],
  ['C024BE91L', 'alnum-id', true],
  ['cus_NffrFeUfNV2Hib', 'alnum-id', true],
  ['nginx-7c5ddbdf54-abcde', 'alnum-id', true],
  ['ORD-2024-000123', 'alnum-id', true],
  ['PROJ-123', 'alnum-id', true],
  ['6dcb09b', 'alnum-id', true],
  ['v1', 'version', false],
  ['V2', 'version', false],
  ['v1.2', 'version', false],
  ['v1beta1', 'version', false],
  ['1.0', 'version', false],
  ['en-US', 'locale', false],
  ['pt_BR', 'locale', false],
  ['zh-Hans', 'locale', false],
  ['fr', 'locale', false],
  ['customer.php', 'file', false],
  ['logo.png', 'file', false],
  ['Hello-World', 'word', false],
  ['photographs', 'word', false],
  ['graphql', 'word', false],
  ['go-to', 'word', false],
  ['iphone-15-pro', 'word', false],
  ['getUserProfileByEmailAddress', 'word', false], // camelCase, not a token
  ['IAmAVeryLongCamelCaseName', 'word', false],
  ['getHTTPSUrlForAPI', 'word', false],
  ['XMLHttpRequestUpload', 'word', false],
  ['countByUserIdAndIsRead', 'word', false], // Spring Data REST search methods
  ['GetMyOrdersByUserId', 'word', false],
  ['ListByOrgIdAndTeamId', 'word', false],
  ['YbajQgEYfzJkAZVfNVzpxQpi', 'base64url', true], // random base64url without a digit
  ['amFuZUBleGFtcGxlLmNvbQ', 'base64url', true], // base64 of jane@example.com
  ['amFuZUBleGFtcGxlLmNvbQ==', 'base64url', true],
  ['conversations.history', 'word', false],
  [':id', 'placeholder', true],
  ['{{order_id}}', 'placeholder', true],
  ['{userId}', 'placeholder', true],
  ['{{$guid}}', 'placeholder', true], // a Postman dynamic variable
];

// Short digit-bearing names that Akto-style classifiers turn into ids; all must stay literal.
const LITERAL_TOKENS = [
  ...['sha256', 'sha512', 'md5', 'v2', '2fa', 'oauth2', 's3', 'ipv4', 'ipv6', 'utf8', 'x509', 'i18n', 'k8s', 'base64', 'ec2', 'h264', 'mp4'],
  // a word and a number, or words around a number, are names too
  ...['base64url', 'utf16le', 'sha256sum', 'rsa2048', 'fy2024', '1080p', 'es2015', 'covid19', 'windows10', 'python3', 'top100', 'gpt-4', 'us-east-1'],
];

const IDS = ['U0G9QF9C6', 'T0001', 'ORD1234', 'user12345', 'x7k9m2p4', 'inv_000123', 'SKU-100234', 'A1B2C3D4', 'prod_NWjs8kKbJWmuuc'];

describe('classifySegment', () => {
  it.each(KINDS)('%j is %s', (seg, kind, templateOnSight) => {
    const c = classifySegment(seg);
    expect(c.kind).toBe(kind);
    expect(c.templateOnSight).toBe(templateOnSight);
  });

  it.each(LITERAL_TOKENS)('%s stays literal', (seg) => {
    expect(classifySegment(seg).templateOnSight).toBe(false);
  });

  it.each(IDS)('%s is an id on sight', (seg) => {
    expect(classifySegment(seg)).toMatchObject({ kind: 'alnum-id', templateOnSight: true });
  });

  it('keeps the literal tail of an id with an extension or a custom verb', () => {
    expect(classifySegment('12345.pdf')).toEqual({ kind: 'integer', templateOnSight: true, suffix: '.pdf' });
    expect(classifySegment('1234:cancel')).toEqual({ kind: 'integer', templateOnSight: true, suffix: ':cancel' });
    expect(classifySegment('annual-report.pdf').kind).toBe('file');
  });

  it('templates IP addresses on sight, and keeps versions and verbs literal', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '10.0.0.1', '172.16.254.1', '2001:db8::1', '::1', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:192.0.2.1']) {
      expect(classifySegment(ip), ip).toMatchObject({ kind: 'alnum-id', templateOnSight: true });
    }
    expect(classifySegment('2001:db8::1').suffix).toBeUndefined(); // not `{id}:db8::1`
    for (const lit of ['1.2.3', '256.1.1.1', 'v1.2.3', 'dead:beef', 'a:b:c', 'a::b', '120.0.0.0']) expect(classifySegment(lit).templateOnSight, lit).toBe(false);
  });

  it('reads the name of a placeholder', () => {
    expect(classifySegment(':id').name).toBe('id');
    expect(classifySegment('{{order_id}}').name).toBe('order_id');
    expect(classifySegment('{{$randomUUID}}').name).toBe('randomUUID');
  });

  it('an encoded brace is a character a client sent, not a placeholder', () => {
    expect(classifySegment('%7Bx%7D').kind).not.toBe('placeholder');
    expect(classifySegment('%7Bx%7D').templateOnSight).toBe(false);
  });
});

describe('isConstantWord', () => {
  it.each(['me', 'self', 'current', 'search', 'export', 'bulk', 'batch', 'count', 'new', 'edit', 'settings', 'status', 'health', 'ME', 'sha256'])(
    '%s is constant',
    (w) => expect(isConstantWord(w)).toBe(true),
  );
  it.each(['shoes', 'octocat', 'default', 'photographs'])('%s is not', (w) => expect(isConstantWord(w)).toBe(false));
});

describe('singularize', () => {
  it.each([
    ['users', 'user'],
    ['categories', 'category'],
    ['addresses', 'address'],
    ['statuses', 'status'],
    ['status', 'status'],
    ['boxes', 'box'],
    ['matches', 'match'],
    ['caches', 'cache'],
    ['people', 'person'],
    ['children', 'child'],
    ['indices', 'index'],
    ['movies', 'movie'],
    ['cookies', 'cookie'],
    ['shoes', 'shoe'],
    ['archives', 'archive'],
    ['leaves', 'leaf'],
    ['apis', 'api'],
    ['skus', 'sku'],
    ['menus', 'menu'],
    ['analysis', 'analysis'],
    ['news', 'news'],
    ['data', 'data'],
    ['user', 'user'],
    ['Repositories', 'Repository'],
  ])('%s -> %s', (plural, singular) => expect(singularize(plural)).toBe(singular));
});

describe('baseName and paramName', () => {
  it.each([
    ['users', 'user'],
    ['payment_intents', 'paymentIntent'],
    ['line-items', 'lineItem'],
    ['externalAccounts', 'externalAccount'],
    ['USERS', 'user'],
    ['api', null],
    ['v1', null],
    ['sha256', null],
    ['me', null],
    ['logo.png', null],
    ['en-US', null],
  ])('base of %s is %s', (lit, base) => expect(baseName(lit)).toBe(base));

  it('picks a suffix that reads well for the type', () => {
    expect(paramName('user', 'integer')).toBe('userId');
    expect(paramName('report', 'date')).toBe('reportDate');
    expect(paramName('user', 'email')).toBe('email');
    expect(paramName('product', 'string')).toBe('productName');
    expect(paramName(null, 'integer')).toBe('id');
    expect(paramName(null, 'hex')).toBe('hash');
    expect(paramName(null, 'base64url')).toBe('token');
    expect(paramName(null, 'locale')).toBe('locale');
  });
});

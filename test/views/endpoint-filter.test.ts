// `endpoints --auth`: a scheme or its family, and a clear error for a type that does not exist.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { InventoryDoc } from '../../src/model/inventory.js';
import { filterEndpoints } from '../../src/views/endpoint-filter.js';

const doc = {
  endpoints: [
    { path: '/a', authTypes: ['bearer-jwt'], sensitiveTypes: [] },
    { path: '/b', authTypes: ['bearer'], sensitiveTypes: ['email'] },
    { path: '/c', authTypes: ['jwt-cookie', 'none'], sensitiveTypes: [] },
    { path: '/d', authTypes: ['api-key'], sensitiveTypes: [] },
    { path: '/oauth/token', authTypes: ['basic'], sensitiveTypes: [], oauthTokenEndpoint: true },
    { path: '/1.1/statuses', authTypes: ['oauth1'], sensitiveTypes: [] },
  ],
} as unknown as InventoryDoc;

const paths = (auth?: string, sensitive?: boolean): string[] =>
  filterEndpoints(doc, { auth, sensitive }).endpoints.map((e) => (e as unknown as { path: string }).path);

describe('endpoint filters', () => {
  it('matches an auth type, or a family by its shared word', () => {
    expect(paths('bearer')).toEqual(['/a', '/b']);
    expect(paths('bearer-jwt')).toEqual(['/a']);
    expect(paths('jwt')).toEqual(['/a', '/c']);
    expect(paths('NONE')).toEqual(['/c']);
    expect(paths('digest')).toEqual([]); // a known type that no endpoint uses: an empty list
    expect(paths(undefined, true)).toEqual(['/b']);
  });

  it('takes oauth (or oauth2) for OAuth token endpoints and OAuth 1 signed calls', () => {
    expect(paths('oauth')).toEqual(['/oauth/token', '/1.1/statuses']);
    expect(paths('OAuth2')).toEqual(['/oauth/token', '/1.1/statuses']);
    expect(paths('basic')).toEqual(['/oauth/token']);
  });

  it('rejects an auth type that does not exist, naming the valid ones', () => {
    expect(() => paths('bearr')).toThrow(UsageError);
    expect(() => paths('bearr')).toThrow(/unknown auth type 'bearr'; use one of: .*bearer-jwt.*\bjwt\b.*session-cookie/);
  });
});

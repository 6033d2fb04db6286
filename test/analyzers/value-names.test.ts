import { describe, expect, it } from 'vitest';
import { nameValueType } from '../../src/analyzers/value-names.js';

describe('nameValueType', () => {
  it('leaves camelCase names with numbers in them alone (feature flags, variants)', () => {
    expect(nameValueType('AbTestVariantB2C2024Q1Homepage')).toBeNull();
    expect(nameValueType('ProductVariant2024SpringCollectionBlue')).toBeNull();
    expect(nameValueType('utm_source')).toBeNull();
  });
  it('still reads random key material and provider keys used as names as values', () => {
    expect(nameValueType('Qx7Lp2Vw9Tz4Kd8Rm3Nb6Hy1')).toBe('token');
    expect(nameValueType('AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6')).not.toBeNull();
    expect(nameValueType('ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe('github-token');
  });
  it('reads the key of a namespaced name (`sess:<token>`) and random letters without a digit', () => {
    expect(nameValueType('sess:Zk39aQ1mPq7Lx2Rt8sQwZk39aQ1mP')).toBe('token');
    expect(nameValueType('YbajQgEYfzJkAZVfNVzpxQpi')).toBe('token');
    for (const n of ['recAbCdEfGhIjKlMn', 'user:42', 'urn:isbn:0451450523', 'cache:v2:products:list', 'shippingAddressLineOne', 'Content-Security-Policy']) expect(nameValueType(n)).toBeNull();
  });
});

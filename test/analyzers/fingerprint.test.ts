import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_HEX, fingerprint } from '../../src/analyzers/fingerprint.js';

describe('fingerprint', () => {
  it('is the salted SHA-256 prefix, stable across calls', () => {
    const expected = createHash('sha256').update('salt-1\u0000tok_abc').digest('hex').slice(0, FINGERPRINT_HEX);
    expect(fingerprint('tok_abc', 'salt-1')).toBe(expected);
    expect(fingerprint('tok_abc', 'salt-1')).toBe(expected); // cached path
    expect(expected).toMatch(/^[0-9a-f]{12}$/);
  });
  it('changes with the salt and with the secret, and never contains the secret', () => {
    const a = fingerprint('tok_abc', 'salt-1');
    expect(fingerprint('tok_abc', 'salt-2')).not.toBe(a);
    expect(fingerprint('tok_abd', 'salt-1')).not.toBe(a);
    expect(a).not.toContain('tok');
  });
});

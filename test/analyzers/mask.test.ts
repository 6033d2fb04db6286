import { describe, expect, it } from 'vitest';
import { maskText } from '../../src/analyzers/mask.js';

describe('maskText and versions', () => {
  it('keeps a version that looks like an IPv4 (a User-Agent keeps its browser version), masks a real address', () => {
    expect(maskText('Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36')).toBe('Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36');
    expect(maskText('firmware v1.2.3.4, version 10.0.19041.1')).toBe('firmware v1.2.3.4, version 10.0.19041.1');
    expect(maskText('client 203.0.113.45 connected')).toBe('client 203.0.113.x connected');
  });
});

describe('maskText and CSV', () => {
  it('masks card numbers in comma-separated fields', () => {
    const out = maskText('id,card,amount\n1,4111111111111111,12.50\n2,5500-0000-0000-0004,3.00\n');
    expect(out).not.toContain('4111111111111111');
    expect(out).not.toContain('5500-0000-0000-0004');
    expect(out).toContain('12.50');
    expect(maskText('total 1,234,567,890,123,456 units')).toBe('total 1,234,567,890,123,456 units');
  });
});

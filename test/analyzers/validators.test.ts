import { describe, expect, it } from 'vitest';
import {
  cardDigits,
  cardNumberValid,
  entropyBitsPerChar,
  ibanValid,
  isIPv4,
  isIPv6,
  looksRandomToken,
  luhnValid,
  singleCaseKeyMaterial,
  ssnValid,
} from '../../src/analyzers/validators.js';

describe('luhnValid / cardNumberValid', () => {
  it('accepts the published test card numbers of each issuer', () => {
    for (const n of ['4111111111111111', '5500000000000004', '2223003122003222', '378282246310005', '6011111111111117', '3530111333300000', '30569309025904', '6200000000000005']) {
      expect(cardNumberValid(n), n).toBe(true);
    }
  });
  it('rejects a Luhn failure, an unknown issuer prefix and a wrong length', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(cardNumberValid('4111111111111112')).toBe(false);
    expect(luhnValid('9999999999999995')).toBe(true);
    expect(cardNumberValid('9999999999999995')).toBe(false); // no issuer starts with 9
    expect(cardNumberValid('411111111111111')).toBe(false); // Visa has no 15-digit numbers
  });
  it('does not take an EAN-13 barcode for a card', () => {
    expect(cardNumberValid('4006381333931')).toBe(false);
  });
  it('reads digits grouped by single spaces or dashes only', () => {
    expect(cardDigits('4111 1111-1111 1111')).toBe('4111111111111111');
    expect(cardDigits('4111  1111')).toBe('');
    expect(cardDigits('-4111')).toBe('');
    expect(cardDigits('4111 ')).toBe('');
    expect(cardDigits('4111a')).toBe('');
  });
});

describe('ssnValid', () => {
  it('applies the SSA area, group and serial rules', () => {
    expect(ssnValid('123', '45', '6789')).toBe(true);
    expect(ssnValid('000', '45', '6789')).toBe(false);
    expect(ssnValid('666', '45', '6789')).toBe(false);
    expect(ssnValid('901', '45', '6789')).toBe(false);
    expect(ssnValid('123', '00', '6789')).toBe(false);
    expect(ssnValid('123', '45', '0000')).toBe(false);
    expect(ssnValid('078', '05', '1120')).toBe(false); // the Woolworth wallet-card number
  });
});

describe('ibanValid', () => {
  it('checks country length and the mod-97 checksum', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false); // one short
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
  });
});

describe('isIPv4 / isIPv6', () => {
  it('parses dotted quads strictly', () => {
    expect(isIPv4('203.0.113.7')).toBe(true);
    expect(isIPv4('256.1.1.1')).toBe(false);
    expect(isIPv4('01.2.3.4')).toBe(false);
    expect(isIPv4('1.2.3')).toBe(false);
  });
  it('parses full and compressed IPv6 but not times or MAC addresses', () => {
    expect(isIPv6('2001:db8:85a3::8a2e:370:7334')).toBe(true);
    expect(isIPv6('2001:0db8:0000:0000:0000:ff00:0042:8329')).toBe(true);
    expect(isIPv6('::ffff:192.0.2.1')).toBe(true);
    expect(isIPv6('12:30:45')).toBe(false);
    expect(isIPv6('00:1a:2b:3c:4d:5e')).toBe(false);
    expect(isIPv6('1::2::3')).toBe(false);
  });
});

describe('entropy', () => {
  it('separates random ids from words', () => {
    expect(entropyBitsPerChar('aaaa')).toBe(0);
    expect(entropyBitsPerChar('s3Kx9QpL2vT8wZ4mN7bR')).toBeGreaterThan(4);
    expect(looksRandomToken('s3Kx9QpL2vT8wZ4mN7bR')).toBe(true);
    expect(looksRandomToken('accept-language-header')).toBe(false); // no digits
    expect(looksRandomToken('abc123')).toBe(false); // too short
  });
});

describe('singleCaseKeyMaterial', () => {
  it('takes random letters of one case with digits, 20+ characters, for key material', () => {
    for (const v of ['a3vkd0ibs7g5pq2cq4nh1s8o2u', 'lp6ruz4hv0f4ypj6ekvv8w8k0q6y9x1c', 'JBSWY3DPEHPK3PXPJBSWY3DP', '619A8051AFE7C704E05DD6CD9202A787']) {
      expect(singleCaseKeyMaterial(v), v).toBe(true);
    }
  });
  it('leaves words with numbers, ULIDs, mixed case, short, digit-only and letter-only values alone', () => {
    for (const v of ['springsemester2024final2', 'user123profile456settings', 'ORDER2024REPORTQ1FINAL', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'a8Fk2LmQ9xZ4pR7tW1vB9x', 'k2m9q4v7x1z8b3n6', '20240501103000000000', 'abcdefghijklmnopqrstuvwxyz', 'a3vkd0ibs7-g5pq2cq4nh1s8o2u']) {
      expect(singleCaseKeyMaterial(v), v).toBe(false);
    }
  });
});

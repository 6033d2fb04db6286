// Each built-in data type with values it must find and look-alikes it must leave alone.
import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPE_IDS, HAS, SENSITIVE_RULES, valueStats } from '../../src/analyzers/sensitive-rules.js';
import { sensitiveTypes } from '../../src/analyzers/sensitive.js';
import type { ValueType } from '../../src/model/facts.js';

const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1' })}.c2lnbmF0dXJl`;
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END RSA PRIVATE KEY-----';

function types(value: string, name = '$.value', type: ValueType = 'string'): string[] {
  return sensitiveTypes({ location: 'request.body', name, type, value });
}

const POSITIVE: [string, string, string?][] = [
  ['email', 'jane.doe+tag@mail.example.co.uk'],
  ['email', 'contact us at support@example.com today'],
  ['phone', '+1 415-555-2671'],
  ['phone', '+44 7700 900123'],
  ['phone', '+14155552671'],
  ['phone', '(415) 555-2671'],
  ['phone', '415-555-2671'],
  ['phone', '415.555.2671'],
  ['phone', '07700 900123'],
  ['phone', '020 7946 0958'],
  ['phone', '4155552671', '$.user.mobileNumber'],
  ['credit-card', '4111111111111111'],
  ['credit-card', '4111 1111 1111 1111'],
  ['credit-card', '5500-0000-0000-0004'],
  ['credit-card', '378282246310005'],
  ['ssn', '123-45-6789'],
  ['ssn', '123456789', '$.ssn'],
  ['iban', 'DE89370400440532013000'],
  ['iban', 'GB82 WEST 1234 5698 7654 32'],
  ['ip-address', '203.0.113.7', '$.client_ip'],
  ['ip-address', '2001:db8:85a3::8a2e:370:7334'],
  ['jwt', JWT],
  ['jwt', `see ${JWT} here`],
  ['aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws-access-key-id', 'ASIAY34FZKBOKMUTVV7A'],
  ['aws-secret-key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '$.aws_secret_access_key'],
  ['private-key', PEM],
  ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'],
  ['db-connection-string', 'postgres://app:s3cret@db.internal:5432/main'],
  ['db-connection-string', 'mongodb+srv://admin:pw123@cluster0.mongodb.net/test'],
  ['db-connection-string', 'redis://:hunter2@cache:6379/0'],
  ['db-connection-string', 'DATABASE_URL=mysql://root:toor@localhost/app'],
  ['password', 'hunter2', '$.user.Password'],
  ['password', 'hunter2', '$.new_password'],
  ['secret', 'abc', '$.client_secret'],
  ['token', 'abc', '$.refresh_token'],
  ['token', 'abc', '$.data.accessToken'],
  ['api-key', 'abc', '$.apiKey'],
  ['passport-number', 'X1234567', '$.passport_no'],
  ['driver-license', 'D1234567', '$.driversLicenseNumber'],
  ['date-of-birth', '1990-04-01', '$.dateOfBirth'],
  ['date-of-birth', '1990-04-01', '$.dob'],
  ['street-address', '1 Main St', '$.billing_address'],
  ['street-address', '1 Main St', '$.addressLine1'],
];

const DECOYS: [string, string?, ValueType?][] = [
  ['4006381333931'], // EAN-13 barcode
  ['4000123456789010'], // 16-digit tracking number failing Luhn
  ['9400111899223197'], // USPS tracking
  ['12345678-1234-1234-1234-123456789012'], // digit-only UUID
  ['550e8400-e29b-41d4-a716-446655440000'],
  ['ORD-2024-000123'], // order number
  ['1700000000000'], // ms timestamp
  ['1700000000'], // s timestamp
  ['2024-01-15T10:30:00Z'],
  ['2024-01-15'],
  ['1.2.3.4', '$.version'], // version string shaped like an IPv4
  ['5f2b8c9d1e3a4b6c7d8e9f0a'], // Mongo ObjectId
  ['d41d8cd98f00b204e9800998ecf8427e'], // md5 hex
  ['0.5495437190592312', '$.score'], // float with 16 digits
  ['icon@2x.png'],
  ['12:30:45'],
  ['00:1a:2b:3c:4d:5e'],
  ['000-12-3456'], // invalid SSN area
  ['666-12-3456'],
  ['GB82WEST12345698765433'], // IBAN with a bad checksum
  ['eyJub3QganNvbg.eyJhIjoxfQ.sig'], // eyJ... but not a JWT
  ['https://example.com/path'],
  ['nextPageToken-value', '$.nextPageToken'],
  ['Bearer', '$.token_type'],
  ['true', '$.has_password', 'boolean'], // a flag, not a password
  ['user@example', '$.note'],
  ['127.0.0.1', '$.host'],
  ['1 Main St', '$.email_address'],
];

describe('sensitive rules: planted values', () => {
  it.each(POSITIVE)('%s in %j', (type, value, name) => {
    expect(types(value, name)).toContain(type);
  });
});

describe('sensitive rules: decoys stay quiet', () => {
  it.each(DECOYS)('%j', (value, name, type) => {
    expect(types(value, name, type)).toEqual([]);
  });
});

describe('sensitive rules table', () => {
  it('has unique ids, each with a key pattern or a value shape', () => {
    expect(new Set(BUILTIN_TYPE_IDS).size).toBe(BUILTIN_TYPE_IDS.length);
    for (const r of SENSITIVE_RULES) expect(r.key !== undefined || (r.values?.length ?? 0) > 0, r.id).toBe(true);
  });
  it('lets a specific value type win over a generic secret name', () => {
    expect(types('AKIAIOSFODNN7EXAMPLE', '$.api_key')).toEqual(['aws-access-key-id']);
    expect(types(JWT, '$.access_token')).toEqual(['jwt']);
  });
  it('counts characters in one pass for the prefilters', () => {
    const s = valueStats('Ab1@.:-');
    expect(s).toMatchObject({ len: 7, digits: 1, letters: 2, upper: 1, at: 1, dot: 1, colon: 1, dash: 1 });
    expect(s.mask).toBe(HAS.DIGIT | HAS.AT | HAS.DOT | HAS.DASH | HAS.UPPER);
    expect(valueStats('+1 415 555 2671').mask).toBe(HAS.DIGIT | HAS.DIGITS7 | HAS.PLUS | HAS.NO_LETTERS);
  });
});

describe('email inside URLs', () => {
  it('finds mailto: addresses but not the password part of a connection string', () => {
    expect(types('mailto:jane@example.com')).toEqual(['email']);
    expect(types('postgres://app:dbpass99@db.internal:5432/main')).toEqual(['db-connection-string']);
    expect(types('redis://:hunter2@cache.example.com:6379')).toEqual(['db-connection-string']);
    expect(types('git@github.com:Netflix/pollyjs.git')).toEqual([]);
    expect(types('write to jane@example.com: thanks')).toEqual(['email']);
  });
});

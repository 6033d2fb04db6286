// Each built-in data type with values it must find and look-alikes it must leave alone.
import { describe, expect, it } from 'vitest';
import { maskText } from '../../src/analyzers/mask.js';
import { BUILTIN_TYPE_IDS, HAS, SENSITIVE_RULES, valueStats } from '../../src/analyzers/sensitive-rules.js';
import { extractValues } from '../../src/analyzers/params.js';
import { redactSample } from '../../src/analyzers/redact.js';
import { detectSensitive, sensitiveTypes } from '../../src/analyzers/sensitive.js';
import { defaultConfig } from '../../src/config.js';
import type { CallRecord } from '../../src/model/call-record.js';
import type { ParamValue, ValueType } from '../../src/model/facts.js';

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
  ['national-id', '1234-5678-9012', '$.applicant.nationalIdNumber'],
  ['national-id', 'QQ123456C', '$.national_insurance_number'],
  ['national-id', '12-3456789', '$.taxId'],
  ['national-id', '123.456.789-09', '$.cpf'],
  ['national-id', 'S1234567D', '$.nric'],
  ['national-id', '19900401-1234', '$.personnummer'],
  ['national-id', '046 454 286', '$.socialInsuranceNumber'],
  ['national-id', 'QQ123456C', '$.ni_number'],
  ['national-id', '12345678Z', '$.dni_number'],
  ['national-id', '123456789', '$.taxIds[*]'],
  ['bank-account', '55667788', '$.bankAccountNumber'],
  ['bank-account', '000123456789', '$.beneficiaryAccountNumber'],
  ['bank-account', '12345678', '$.bankAccountNumbers[*]'],
  ['secret', 'legal winner thank year wave sausage worth useful legal winner thank yellow', '$.backupWords'],
  ['secret', 'legal winner thank year wave sausage worth useful legal winner thank yellow', '$.wallet.mnemonic'],
  ['email', 'statement_jane@mail.com_2024.csv'],
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
  ['exempt', '$.taxId'], // a status, not a number
  ['txcd_10000000', '$.line_items[*].tax_code'], // a product's tax category (Stripe), not a person's number
  ['GB', '$.taxCountry'],
  ['a7', '$.nationality'],
  ['1257L', '$.taxCode'], // a UK payroll tax code
  ['CD451796', '$.AccountNumber'], // a CRM account, not a bank's
  ['123456789012', '$.accountNumber'], // an AWS account id
  ['mov', '$.mnemonic'], // a disassembler's
  ['F', '$.menu.mnemonic'], // a menu item's access key
  ['pkg:rpm/redhat/openssl@1.1.1k-7.el8_6'], // a package URL, not an e-mail address
  ['spring-cloud-dependencies@Hoxton.SR12'],
  ['pkg:pypi/requests@2.31.0.post1'],
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

// Deterministic random-looking key material (mixed case and digits) of a given length.
function rnd(n: number, seed = 7, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
const CRYPT64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const PROVIDER_SECRETS: [string, string][] = [
  ['github-token', 'ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU'],
  ['github-token', `gho_${rnd(36, 1)}`],
  ['github-token', `ghu_${rnd(36, 2)}`],
  ['github-token', `ghs_${rnd(36, 3)}`],
  ['github-token', `ghr_${rnd(36, 4)}`],
  ['github-token', `github_pat_11${rnd(20, 5)}_${rnd(59, 6)}`],
  ['slack-token', 'xoxb-2345678901-3456789012-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['slack-token', `xoxp-2345678901-3456789012-4567890123-${rnd(32, 8, '0123456789abcdef')}`],
  ['slack-token', `xoxa-2-${rnd(40, 9)}`],
  ['slack-token', `xoxr-2345678901-${rnd(30, 10)}`],
  ['slack-token', `xoxs-2345678901-3456789012-${rnd(24, 11)}`],
  ['stripe-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['stripe-key', `sk_test_${rnd(99, 12)}`],
  ['stripe-key', `rk_live_${rnd(24, 13)}`],
  ['stripe-key', `rk_test_${rnd(24, 14)}`],
  ['google-api-key', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
  ['gitlab-token', 'glpat-xV3bQ9k2Lm7Np4Rt8Wz1'],
  ['npm-token', `npm_${rnd(36, 15)}`],
  ['sendgrid-key', `SG.${rnd(22, 16)}.${rnd(43, 17)}`],
  ['openai-key', `sk-proj-${rnd(40, 18)}-${rnd(60, 19)}`],
  ['openai-key', `sk-${rnd(20, 20)}T3BlbkFJ${rnd(20, 21)}`],
  ['password-hash', '$2b$12$KIXQJ8p3xQ5Ez9c1Yw2rUe7s8dVvGm0hT4nLbZa6oPqRsTuVwXyZ1'],
  ['password-hash', `$2a$10$${rnd(53, 22, CRYPT64)}`],
  ['password-hash', `$2y$04$${rnd(53, 23, CRYPT64)}`],
  ['password-hash', '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'],
  ['password-hash', '$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$Gd1mW4g9Zx0tV6t5pS1bq9yH2Jk3l4m5n6o7p8q9r0s'],
  ['password-hash', '$argon2d$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$Gd1mW4g9Zx0tV6t5pS1bq9yH2Jk3l4m5n6o7p8q9r0s'],
  ['password-hash', `$6$rounds=5000$saltsalt$${rnd(86, 24, CRYPT64)}`],
  ['password-hash', `$5$saltsalt$${rnd(43, 25, CRYPT64)}`],
  ['password-hash', `$1$saltsalt$${rnd(22, 26, CRYPT64)}`],
  ['password-hash', `pbkdf2_sha256$600000$Cj8Z3aQ9kLm2$${rnd(43, 27, CRYPT64.replace('.', '+'))}=`],
];

describe('provider credentials and password hashes by their published shapes', () => {
  it.each(PROVIDER_SECRETS)('%s: %s under a neutral key', (type, value) => {
    expect(types(value)).toEqual([type]);
    expect(types(value, '$.data')).toEqual([type]);
  });
  it.each(PROVIDER_SECRETS)('%s inside free text: %s', (type, value) => {
    // (read as key=value text, `SECRET=` may add the generic `secret` when the value is cut at a `,`)
    expect(types(`deploy failed, set SECRET=${value}; retry`, '$.log')).toContain(type);
    expect(types(`deploy failed with ${value} set; retry`, '$.log')).toEqual([type]);
    expect(types(`{"cfg": "${value}"}`, '$.raw')).toEqual([type]);
  });
  it.each(PROVIDER_SECRETS)('%s is masked inside text by redaction: %s', (type, value) => {
    const out = maskText(`log: key ${value} rotated`, 'salt');
    expect(out).not.toContain(value);
    expect(out).toMatch(new RegExp(`^log: key <${type}(?::fp:[0-9a-f]{6})?> rotated$`));
  });
  it('a specific shape wins over a generic secret name', () => {
    expect(types('ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU', '$.api_key')).toEqual(['github-token']);
    expect(types('sk_live_4eC39HqLyjWDarjtT1zdp7dc', '$.stripe_secret')).toEqual(['stripe-key']);
    expect(types('$2b$12$KIXQJ8p3xQ5Ez9c1Yw2rUe7s8dVvGm0hT4nLbZa6oPqRsTuVwXyZ1', '$.user.password')).toEqual(['password-hash']);
  });
  it('finds password hashes by name too, whatever the value', () => {
    expect(types('$2b$12$abcdefghijklmnopqrstuv', '$.password_hash')).toEqual(['password-hash']); // truncated
    expect(types('x', '$.user.passwordDigest')).toEqual(['password-hash']);
    expect(types('x', '$.pw_hash')).toEqual(['password-hash']);
    expect(types('x', '$.hashed_password')).toEqual(['password']);
  });
  it('fingerprints provider tokens, never password hashes', () => {
    expect(maskText('ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4gU', 's')).toMatch(/^<github-token:fp:[0-9a-f]{6}>$/);
    expect(maskText('$2b$12$KIXQJ8p3xQ5Ez9c1Yw2rUe7s8dVvGm0hT4nLbZa6oPqRsTuVwXyZ1', 's')).toBe('<password-hash>');
  });
  it('masks numbers and addresses inside file names', () => {
    expect(maskText('attachment; filename="card-4111111111111111.pdf"', 's')).toBe('attachment; filename="card-4111********1111.pdf"');
    expect(maskText('statement_4111111111111111.pdf', 's')).toBe('statement_4111********1111.pdf');
    expect(maskText('scan-ssn-536-22-8726.pdf', 's')).toBe('scan-ssn-***-**-8726.pdf');
    expect(maskText('jane.roe@mail.test-report.pdf', 's')).toBe('j***@m***.test-report.pdf');
    expect(maskText('total 4111111111111111.5', 's')).toBe('total 4111111111111111.5'); // a decimal, not a card
  });
});

describe('provider shapes: look-alikes stay quiet', () => {
  const SB64 = Buffer.from('Hello world, this is a perfectly ordinary base64 blob of text').toString('base64');
  it.each([
    ['ghp_tooShort123'],
    ['the ghp_ and github_pat_ prefixes are documented'],
    ['ghp_R8x2Lq9vT4mN7kP3wZ6yB1cD5fH0jA2sE4g'], // 35 characters
    ['xoxo-hugs-and-kisses-from-everyone'],
    ['xoxb-not-a-real-token-at-all'], // no numeric id
    ['sk_live_'],
    ['pk_live_4eC39HqLyjWDarjtT1zdp7dc'], // publishable: public by design
    ['ask_live_questions_here_and_there_ok'],
    ['AIzaSyD-9tSrke72PouQMnMX'], // too short
    ['sk-proj-migration-guide-and-release-notes-for-2024-q3-final'], // a slug, not key material
    ['task-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL0123456789'],
    ['glpat-short'],
    ['npm_install_instructions_for_the_project'],
    ['SG.api.example.com'],
    ['$2b$12$abc'],
    ['Prices: $2 $12 $30 and $1 $5 $6 this week, $argon2 was the answer'],
    ['550e8400-e29b-41d4-a716-446655440000'],
    [SB64],
    ['eyJwYWdlIjoyLCJjdXJzb3IiOiJhYmMifQ==', '$.nextPageToken'],
    ['This session id and CSRF token explainer covers the ghp_ prefix', '$.description'],
  ])('%j', (value, name = '$.value') => {
    expect(types(value, name)).toEqual([]);
  });
});

describe('session ids and CSRF tokens under any prefix are tokens', () => {
  it.each(['$.sessionId', '$.x-session-id', "$['x-session-id']", '$.userSessionId', '$.PHPSESSID', '$.sessid', '$.anti-csrf', '$._csrf', '$.csrf', '$.xsrf', '$.X-XSRF', '$.csrfNonce', '$.authenticity_token'])(
    '%s',
    (name) => {
      expect(types('a8Fk2LmQ9xZ4pR7tW1vB', name)).toEqual(['token']);
    },
  );
  it.each(['$.nextPageToken', '$.cursor', '$.sessionCount', '$.sessionExpiresAt', '$.sessionDuration', '$.analytics_session_id', '$.amplitudeSessionId', '$.csrfEnabled', '$.csrfHeaderName', '$.requestId', '$.transactionId', '$.description'])(
    'not %s',
    (name) => {
      expect(types('1709650000', name)).toEqual([]);
    },
  );
});

describe('session ids under short names and one-time codes: the name and the value together', () => {
  it.each([
    ['8f3a9c2e71b04d5e', '$.sid'],
    ['Zk39aQ1mPq7Lx2Rt8sQwZ', 'session'],
    ['Zk39aQ1mPq7Lx2Rt8sQwZk3', 'sess'],
    ['482913', 'otp'],
    ['0417', '$.verificationCode'],
    ['48291', '$.mfa_code'],
    ['123456', '$.totp'],
    ['123456', '$.twoFactorCode'],
    ['482913', '$.otp', 'number'],
  ] as [string, string, ValueType?][])('%j under %s is a token', (value, name, type) => {
    expect(types(value, name, type)).toEqual(['token']);
  });
  it.each([
    ['2024-spring', '$.session'],
    ['morning-keynote-track-b', '$.session'],
    ['12', '$.sid'],
    ['aaaaaaaaaaaaaaaa1', '$.sid'],
    ['S-1-5-21-3623811015-3361044348-30300820-1013', '$.sidLabel'],
    ['enabled', '$.otp'],
    ['123', '$.otp'],
    ['123456789', '$.otp'],
    ['4012', '$.errorCode'],
    ['2024', '$.code'],
    ['482913', '$.otpLength'],
  ] as [string, string, ValueType?][])('not %j under %s', (value, name, type) => {
    expect(types(value, name, type)).toEqual([]);
  });
});

describe('card security codes by name, with a code\'s shape', () => {
  it.each(['$.cvc', '$.card.cvv', '$.cvv2', '$.cvc2', '$.securityCode', '$.cardSecurityCode', '$.card_verification_value', '$.payment.card_cvc', '$.csc'])('%s', (name) => {
    expect(types('737', name)).toEqual(['card-security-code']);
    expect(types('1234', name)).toEqual(['card-security-code']);
    expect(types('737', name, 'number')).toEqual(['card-security-code']);
  });
  it.each([
    ['pass', '$.cvc_check'],
    ['737', '$.cvc_check'],
    ['unavailable', '$.cvc'],
    ['12345', '$.cvv'],
    ['12', '$.cvc'],
    ['true', '$.cvc', 'boolean'],
    ['737', '$.amount'],
    ['737', '$.verificationCode'],
    ['3', '$.securityCodeLength'],
  ] as [string, string, ValueType?][])('not %j under %s', (value, name, type) => {
    expect(types(value, name, type)).toEqual([]);
  });
});

describe('second sensitive-data audit', () => {
  it.each([
    ["$['user[password]']", 'hunter2'],
    ["$['LoginForm[password]']", 'hunter2'],
    ["$['data[User][password]']", 'hunter2'],
    ['user[password]', 'hunter2'], // a query name
    ['$.password_confirmation', 'hunter2'],
    ['$.password2', 'hunter2'],
    ['$.new_password1', 'hunter2'],
    ['$.passwordConfirm', 'hunter2'],
    ['$.password_new', 'hunter2'],
    ['$.newPass', 'hunter2'],
    ['$.oldPwd', 'hunter2'],
    ['$.pword', 'hunter2'],
    ['$.password', 'password'], // the weak secret itself
  ])('%s holds a password', (name, value) => {
    expect(types(value, name)).toEqual(['password']);
  });
  it.each([
    ['$.labels.password', 'Password'],
    ['$.labels.confirmPassword', 'Confirm password'],
    ['$.labels.dateOfBirth', 'Date of birth'],
    ['$.labels.ssn', 'SSN'],
    ['$.labels.address', 'Address'],
    ['$.credentials', 'include'],
    ['$.pass', 'true'],
    ['$.password', '********'],
  ])('a response\'s %s = %j is a label, not data', (name, value) => {
    expect(sensitiveTypes({ location: 'response.body', name, type: 'string', value })).toEqual([]);
  });
  it('a request submits values, not labels: "password": "Password" is a password there', () => {
    expect(types('Password', '$.password')).toEqual(['password']);
    expect(types('None', '$.password')).toEqual(['password']);
  });
  it.each([
    ['$.address', '0.0.0.0:8080'],
    ['$.address', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['$.passwordPolicy', 'strict'],
    ['$.bypass', 'x9Kq2'],
  ])('not %s = %j', (name, value) => {
    expect(types(value, name)).toEqual([]);
  });
  it('a street address under its name has words; an e-mail address under it is an e-mail address', () => {
    expect(types('221B Baker Street', '$.address')).toEqual(['street-address']);
    expect(types('jane@example.com', '$.address')).toEqual(['email']);
  });
  it.each([
    ['::ffff:10.0.0.5', 'ip-address'],
    ['::FFFF:203.0.113.7', 'ip-address'],
    ['5018000000000009', 'credit-card'], // Maestro
    ['6759649826438453', 'credit-card'],
    ['6304000000000000', 'credit-card'],
  ])('%s is %s', (value, type) => {
    expect(types(value)).toEqual([type]);
  });
  it.each([
    ['+1234567.89', '$.amount'],
    ['3.2.0.1', '$.app_ver'],
    ['3.2.0.1', '$.clientVer'],
    ['logo@2x.avif', '$.icon'],
    ['icons/icon@1x.ttf', '$.font'],
    ['06 12 34 56', '$.value'],
    ['::ffff:999.0.0.5', '$.value'],
  ])('not %j under %s', (value, name) => {
    expect(types(value, name)).toEqual([]);
  });
  it('phoneE164 is a phone name; other national spellings are phones under a phone name only', () => {
    expect(types('14155552671', '$.phoneE164')).toEqual(['phone']);
    for (const v of ['1-800-555-0199', '1 415 555 2671', '0044 20 7946 0958', '06 12 34 56 78']) {
      expect(types(v, '$.mobile')).toEqual(['phone']);
      expect(types(v, '$.value')).toEqual([]);
    }
    expect(types('Winning numbers: 05 12 23 34 45', '$.note')).toEqual([]);
  });
});

describe('leak audit: names of secrets in lists, echoed headers and short credential names', () => {
  it.each([
    ['Hunter2!pw', '$.passwords[*]', 'password'],
    ['Hunter2!pw', '$.previous_passwords[*]', 'password'],
    ['a8Fk2LmQ9xZ4pR7tW1vB', '$.tokens[*]', 'token'],
    ['k_9f8e7d6c5b4a39281706', '$.api_keys[*]', 'api-key'],
    ['1234-5678', '$.backupCodes[*]', 'token'],
    ['Basic dXNlcjpwYXNzd29yZA==', '$.headers.Proxy-Authorization', 'token'],
    ['theme=dark; session=a8Fk2LmQ9xZ4pR7tW1vB9x', '$.headers.Cookie', 'token'],
    ['sid=Zk39aQ1mPq7Lx2Rt8s; Path=/; HttpOnly', "$.headers['Set-Cookie']", 'token'],
    ['a8Fk2LmQ9xZ4pR7tW1vB9x', '$.refresh', 'token'],
    ['a8Fk2LmQ9xZ4pR7tW1vB9x', '$.access', 'token'],
    ['Fluffy', '$.security_answer', 'secret'],
    ['Smith', '$.mothers_maiden_name', 'secret'],
    ['XKCD-1234-ABCD-5678', '$.license_key', 'api-key'],
  ])('%j under %s is %s', (value, name, type) => {
    expect(types(value, name)).toEqual([type]);
  });
  it.each([
    ['read-only', '$.access'],
    ['theme=dark; lang=en', '$.headers.Cookie'],
    ['accepted', '$.cookie'],
    ['daily', '$.refresh'],
    ['active', '$.status'],
  ])('not %j under %s', (value, name) => {
    expect(types(value, name)).toEqual([]);
  });
});

describe('percent-encoded values', () => {
  it('are read as they decode, in cookies and bodies', () => {
    const t = (location: 'request.cookie' | 'request.body', name: string, value: string) => sensitiveTypes({ location, name, type: 'string', value });
    expect(t('request.cookie', 'user_email', 'jane%40example.com')).toEqual(['email']);
    expect(t('request.body', '$.u', 'pctuser%40example.com')).toEqual(['email']);
    expect(t('request.body', '$.d', '100%')).toEqual([]);
    expect(t('request.body', '$.d', 'a%2Fb')).toEqual([]);
  });
});

describe('record numbers and Slack app tokens', () => {
  it('a Luhn-valid number under a record id name is that id; under other names a card', () => {
    for (const n of ['$.orderId', '$.trackingNumber', '$.transaction_no', '$.id']) expect(types('4111111111111111', n)).toEqual([]);
    for (const n of ['$.cardNumber', '$.value', '$.payment', '$.pan']) expect(types('4111111111111111', n)).toEqual(['credit-card']);
  });
  it('finds Slack app-level tokens', () => {
    expect(types('xapp-1-A0123ABCDEF-1234567890123-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toEqual(['slack-token']);
  });
});

describe('regression audit: ordinary data the wider detection must leave alone', () => {
  const resp = (name: string, value: string, type: ValueType = 'string') => sensitiveTypes({ location: 'response.body', name, type, value });
  it.each([
    ['$.max_tokens', '100', 'integer'],
    ['$.usage.total_tokens', '21', 'integer'],
    ['$.passwords', '3', 'integer'],
    ['$.authorizations[*]', 'read', 'string'],
    ['$.authorizations[*]', 'repo:write', 'string'],
    ['$.sid', 'SM1234567890abcdef1234567890abcdef', 'string'], // a Twilio message SID
    ['$.sid', 'S-1-5-21-3623811015-3361044348-30300820-1013', 'string'],
    ['$.session', '9b2f4c1e-7d3a-4e8b-a1c6-5f0e2d9b8a74', 'string'],
    ['$.session', 'sess_2024_05_01_morning_block', 'string'],
    ['$.ticket', 'EVT-SUMMER-FEST-2024-GA', 'string'],
    ['$.headers.Cookie', 'theme=dark; lang=en-US; consent=2024-05-01T10%3A00%3A00Z', 'string'],
    ['$.headers.Cookie', '_ga=GA1.2.1234567.1709251200; _fbp=fb.1.1709251200.123456789', 'string'],
    ['$.payload', '{"orderId":"4000123412341234"}', 'string'],
    ['$.filter', 'trackingNumber=4000123412341234&carrier=ups', 'string'],
    ['$.config', '{"version":"10.0.0.1"}', 'string'],
    ['$.sql', 'SELECT id FROM users WHERE password = ? AND active = 1', 'string'],
    ['$.sql', 'UPDATE users SET password=:pwd WHERE id=:id', 'string'],
  ] as [string, string, ValueType][])('%s = %j is not a finding', (name, value, type) => {
    expect(types(value, name, type)).toEqual([]);
    expect(resp(name, value, type)).toEqual([]);
  });
  it('while the secrets they resemble still are', () => {
    expect(resp('$.headers.Cookie', 'theme=dark; session=a8Fk2LmQ9xZ4pR7tW1vB9x')).toEqual(['token']);
    expect(resp('$.headers.Cookie', 'JSESSIONID=619A8051AFE7C704E05DD6CD9202A787')).toEqual(['token']);
    expect(types('{"card":"4111111111111111"}', '$.payload')).toEqual(['credit-card']);
  });
});

describe('key, auth and sig outside a call\'s own query', () => {
  it('hold a token when the value is key material, in bodies and response headers', () => {
    expect(types('a8Fk2LmQ9xZ4pR7tW1vB9x', '$.key')).toEqual(['token']);
    expect(types('a8Fk2LmQ9xZ4pR7tW1vB9x', '$.auth')).toEqual(['token']);
    expect(sensitiveTypes({ location: 'response.header', name: 'signature', type: 'string', value: 'a8Fk2LmQ9xZ4pR7tW1vB9x' })).toEqual(['token']);
    expect(types('user-profile-settings-v2', '$.key')).toEqual([]);
    expect(types('uploads/2024/03/avatar.png', '$.key')).toEqual([]);
  });
});

describe('second regression pass', () => {
  const resp = (name: string, value: string) => sensitiveTypes({ location: 'response.body', name, type: 'string', value });
  it('masks and labels inside embedded text in a response are no findings', () => {
    expect(resp('$.log', 'user=jane password=******** result=ok')).toEqual([]);
    expect(resp('$.i18n', '{"password":"Password","secret":"Secret","token":"Token"}')).toEqual([]);
    expect(resp('$.cfg', '{"credentials":"include","secret":"none","password":"hidden"}')).toEqual([]);
    expect(resp('$.hint', '{"api_key":"REDACTED","token":"xxxxxxxx"}')).toEqual([]);
    expect(resp('$', 'user=jane password=*** status=ok')).toEqual([]);
    expect(types('user=jane password=Hunter2!z', '$.log')).toEqual(['password']);
  });
  it.each([
    ['$.key', 'cache-v2-1714557600'],
    ['$.key', 'prod-eu1-k8s-cluster01'],
    ['$.key', 'uploads/2024/05/a1b2c3d4e5f6a7b8'],
    ['$.key', '-NxYz1AbC2dE3fG4hI5j'],
    ['$.key', 'checkoutButtonLabel2024'],
    ['$.key', 'release-20240501-1a2b3c4'],
    ['$.key', '0x742d35Cc6634C0532925a3b844Bc454e4438f44e'],
    ['$.signature', 'J.Smith-2024-05-01'],
    ['$.session', '2024Q1-cohort-A17'],
    ['$.session', 'Session20240501Morning'],
    ['$.access', 'level3-readonly-2024'],
    ['$.address', 'localhost'],
    ['$.address', 'node1'],
    ['$.addr', 'eth0'],
    ['$.primaryAddress', 'Home'],
    ['$.objectId', '4111111111111111'],
    ['$.sku', '4111111111111111'],
  ])('%s = %j is not a finding', (name, value) => {
    expect(types(value, name)).toEqual([]);
  });
  it('while key material, street names, cards under card names and echoed credential cookies are', () => {
    expect(types('5f2b8c1d9e3a4f6b7c8d9e0a1b2c3d4e', '$.ticket')).toEqual(['token']);
    expect(types('Stargatan', '$.street')).toEqual(['street-address']);
    expect(types('Kalverstraat', '$.streetAddress')).toEqual(['street-address']);
    expect(types('4111111111111111', '$.cardId')).toEqual(['credit-card']);
    expect(resp('$.headers.Cookie', 'api_key=AbCdEf1234567890XyZ9')).toEqual(['api-key']);
  });
});

describe('final sweep', () => {
  const resp = (name: string, value: string) => sensitiveTypes({ location: 'response.body', name, type: 'string', value });
  it('a tokenizer\'s tokens are text, a vendor key under `key` is a key', () => {
    for (const v of ['Hello', ',', ' world']) expect(resp('$.tokens[*]', v)).toEqual([]);
    expect(resp('$.key', 'ak_live_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c')).toEqual(['token']);
  });
});

describe('key material in one case of letters, with digits (base36, base32)', () => {
  const resp = (name: string, value: string) => sensitiveTypes({ location: 'response.body', name, type: 'string', value });
  const query = (name: string, value: string) => sensitiveTypes({ location: 'request.query', name, type: 'string', value });
  const PHP_SID = 'a3vkd0ibs7g5pq2cq4nh1s8o2u'; // PHP's 26-character session id
  const DJANGO = 'lp6ruz4hv0f4ypj6ekvv8w8k0q6y9x1c'; // Django's 32-character session key
  it.each([
    ['$.sid', PHP_SID],
    ['$.session', PHP_SID],
    ['$.sess', DJANGO],
    ['$.session', DJANGO],
    ['$.authkey', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.auth_key', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.authKey', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.auth_code', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.authCode', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.authorization_code', 'k2m9q4v7x1z8b3n6p0r5t2w9y4'],
    ['$.refresh', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.access', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.bearer', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.hmac', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.key', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.cred', 'h7j3k9m1p5q8r2t6v0w4x8y2z6'],
    ['$.session', '619A8051AFE7C704E05DD6CD9202A787'], // upper-case hex, a Java session id
    ['$.key', 'JBSWY3DPEHPK3PXPJBSWY3DP'], // base32
  ])('%s = %j is a token', (name, value) => {
    expect(types(value, name)).toEqual(['token']);
    expect(resp(name, value)).toEqual(['token']);
  });
  it.each([
    ['$.aes_key', 'p4k8d2m6q0v3x7z1b5n9r2t6w8'],
    ['$.enc_key', 'p4k8d2m6q0v3x7z1b5n9r2t6w8'],
    ['$.encKey', '8f3a9c2e71b04d5e8f3a9c2e71b04d5e'],
    ['$.privkey', 'p4k8d2m6q0v3x7z1b5n9r2t6w8'],
    ['$.seed', 'p4k8d2m6q0v3x7z1b5n9r2t6w8'],
    ['$.seed', 'a8Fk2LmQ9xZ4pR7tW1vB9x'],
  ])('%s = %j is a secret', (name, value) => {
    expect(types(value, name)).toEqual(['secret']);
  });
  it('in a call\'s own query, `?sid=` holds one too', () => {
    expect(query('sid', PHP_SID)).toEqual(['token']);
    expect(query('session', DJANGO)).toEqual(['token']);
  });
  it.each([
    ['$.session', 'springsemester2024final2'],
    ['$.session', 'session20240501morning'],
    ['$.key', 'user123profile456settings'],
    ['$.key', 'productcatalog2024v3'],
    ['$.key', 'ORDER2024REPORTQ1FINAL'],
    ['$.access', 'level3readonly2024'],
    ['$.key', '01hx5zzkbkactav9wevgemmvrz'], // a ULID: a record's id
    ['$.key', '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
    ['$.sid', 'aaaaaaaaaaaaaaaaaaaaaaaa1'],
    ['$.sid', '20240501103000000000'], // digits only: a timestamp
    ['$.session', 'abcdefghijklmnopqrstuvwxyz'], // letters only
    ['$.key', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'], // a wallet address
    ['$.key', '0x742d35cc6634c0532925a3b844bc454e4438f44e'],
    ['$.refresh', 'k2m9q4v7x1'], // too short
    ['$.seed', '42'],
    ['$.seed', 'default-seed-2024'],
    ['$.privkey', '/etc/ssl/private/server2024.key'],
    ['$.aes_key', 'true'],
    ['$.authCode', 'A1B2C3'], // a card issuer's approval code
    ['$.authorizationCode', '123456'],
  ])('%s = %j is not a finding', (name, value) => {
    expect(types(value, name)).toEqual([]);
  });
});

describe('a card number known by its security code beside it', () => {
  const body = (o: Record<string, string>, parent = '$.paymentMethod', location: 'request.body' | 'response.body' = 'request.body'): ParamValue[] =>
    Object.entries(o).map(([k, value]) => ({ location, name: `${parent}.${k}`, type: /^\d+$/.test(value) ? 'integer' : 'string', value }));
  const cards = (values: ParamValue[], cfg = defaultConfig()) => detectSensitive(values, cfg).filter((f) => f.type === 'credit-card').map((f) => f.param);
  it('takes digits under `number` for a card when the object also holds a cvc, Luhn or not (a gift card)', () => {
    expect(cards(body({ type: 'givex', number: '4126491073027401', cvc: '737' }))).toEqual(['$.paymentMethod.number']);
    expect(cards(body({ cardNumber: '6006 4912 3456 7890', securityCode: '1234' }, '$.card'))).toEqual(['$.card.cardNumber']);
    expect(cards(body({ number: '4126491073027401', cvv: '737' }, '$.cards[*]', 'response.body'))).toEqual(['$.cards[*].number']);
    expect(cards(body({ number: '4126491073027401', cvc: '737' }, '$'))).toEqual(['$.number']);
  });
  it('leaves a number alone without a code in the same object, or with no code\'s value', () => {
    expect(cards(body({ number: '4126491073027401' }))).toEqual([]);
    expect(cards([...body({ number: '4126491073027401' }), ...body({ cvc: '737' }, '$.other')])).toEqual([]);
    expect(cards(body({ number: '4126491073027401', cvc: 'unavailable' }))).toEqual([]);
    expect(cards(body({ number: '12345', cvc: '737' }))).toEqual([]); // too short for a card
    expect(cards(body({ phoneNumber: '4126491073027401', cvc: '737' }))).toEqual([]);
    const cfg = defaultConfig();
    cfg.sensitive.disable = ['credit-card'];
    expect(cards(body({ number: '4126491073027401', cvc: '737' }), cfg)).toEqual([]);
  });
  it('masks it in the sample', () => {
    const text = '{"paymentMethod":{"type":"givex","number":"4126491073027401","cvc":"737"}}';
    const c: CallRecord = {
      ts: 0, method: 'POST', scheme: 'https', host: 'checkout.example', port: null, path: '/v71/paymentMethods/balance', query: [],
      requestHeaders: [], requestCookies: [], requestBody: { mimeType: 'application/json', text, size: text.length, truncated: false, binary: false },
      status: 200, responseHeaders: [], responseBody: null, durationMs: null, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 'x', index: 0 },
    };
    const findings = detectSensitive(extractValues(c, [], c.path), defaultConfig());
    expect(redactSample(c, findings, 'salt').request.body).toBe('{"paymentMethod":{"type":"givex","number":"4126********7401","cvc":"<card-security-code>"}}');
  });
});

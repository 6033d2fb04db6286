// Config file validation: every invalid config is a one-line UsageError (exit 2) naming the file and
// the key path; valid configs (the README's example included) load as before.

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPE_IDS } from '../src/analyzers/sensitive-rules.js';
import { credentialType } from '../src/analyzers/sensitive.js';
import { CREDENTIAL_TYPE_IDS, DISABLE_IDS, RESERVED_AUTH_NAMES, configFile, defaultConfig, loadConfig } from '../src/config.js';
import { UsageError, exitCodeFor } from '../src/errors.js';
import { AUTH_SCHEMES } from '../src/model/facts.js';
import { filterEndpoints } from '../src/views/endpoint-filter.js';
import { harOf } from './har-builder.js';
import { cli, FIXTURES, tempDir } from './helpers.js';

const dir = tempDir();
let n = 0;

/** Writes `text` (a JSON value, or raw text) to a fresh config file and returns its path. */
function cfgFile(content: unknown, raw = false): string {
  const file = `${dir}/cfg-${n++}.json`;
  writeFileSync(file, raw ? String(content) : JSON.stringify(content));
  return file;
}

/** The error loadConfig throws for `content`: asserts it is a one-line UsageError (exit 2) naming the file. */
function failure(content: unknown, raw = false): string {
  const file = cfgFile(content, raw);
  let err: unknown;
  try {
    loadConfig(file, dir);
  } catch (e) {
    err = e;
  }
  expect(err, JSON.stringify(content)).toBeInstanceOf(UsageError);
  expect(exitCodeFor(err)).toBe(2);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  expect(msg.startsWith(`${file}: `), msg).toBe(true);
  return msg.slice(file.length + 2);
}

const DISABLE_LIST = DISABLE_IDS.join(', ');
const TOP = 'templates, ignore, auth, sensitive, diff, keepStatic';

describe('loadConfig rejects invalid configs with FILE: key.path: reason', () => {
  it('crashes found by QA are usage errors now', () => {
    expect(failure({ auth: { custom: { name: 'x' } } })).toBe('auth.custom: must be an array of objects {name, in, key}; got an object');
    expect(failure({ auth: { custom: [{ name: 'x', in: 'header' }] } })).toBe('auth.custom[0].key: is missing (must be a non-empty header name)');
    expect(failure({ sensitive: { custom: 'emp' } })).toBe('sensitive.custom: must be an array of objects {name, keyConditions, valueConditions}; got "emp"');
    expect(failure({ sensitive: { custom: [{ keyConditions: [{ op: 'equals', value: 'note' }] }] } })).toBe(
      'sensitive.custom[0].name: is missing (must be a non-empty string)',
    );
  });

  it('unknown keys are errors that name the key, at every level', () => {
    expect(failure({ ignores: { paths: ['/v1/*'] }, templatez: {} })).toBe(`ignores: unknown key (did you mean "ignore"?); valid keys: ${TOP}`);
    expect(failure({ sensitive: { custom: [], disabled: ['email'] } })).toBe('sensitive.disabled: unknown key (did you mean "disable"?); valid keys of sensitive: custom, disable');
    expect(failure({ templatez: {} })).toBe(`templatez: unknown key (did you mean "templates"?); valid keys: ${TOP}`);
    expect(failure({ templates: { pin: ['/users/me'] } })).toBe('templates.pin: unknown key (did you mean "pins"?); valid keys of templates: pins, force');
    expect(failure({ auth: { userclaim: 'email' } })).toBe('auth.userclaim: unknown key (did you mean "userClaim"?); valid keys of auth: custom, userClaim, userHeader');
    expect(failure({ auth: { custom: [{ name: 'x', in: 'header', key: 'X-K', where: 'header' }] } })).toBe(
      'auth.custom[0].where: unknown key; valid keys of auth.custom[0]: name, in, key',
    );
    expect(failure({ sensitive: { custom: [{ name: 'e', valueConditions: [{ op: 'equals', val: 'x' }] }] } })).toBe(
      'sensitive.custom[0].valueConditions[0].val: unknown key; valid keys of sensitive.custom[0].valueConditions[0]: op, value',
    );
    expect(failure({ diff: { ignores: ['kind:status-added'] } })).toBe('diff.ignores: unknown key (did you mean "ignore"?); valid keys of diff: ignore');
    expect(failure({ unredactedSamples: true })).toBe('unredactedSamples: cannot be set in a config file (use the analyze --unredacted-samples flag)');
  });

  it('wrong types', () => {
    expect(failure([])).toBe(`config must be a JSON object with keys ${TOP}; got an array`);
    expect(failure(null)).toBe(`config must be a JSON object with keys ${TOP}; got null`);
    expect(failure('{"templates":', true)).toMatch(/^cannot read config \(.*JSON.*\)$/);
    expect(failure({ auth: { userClaim: 42 } })).toBe('auth.userClaim: must be a non-empty JWT claim name; got 42');
    expect(failure({ auth: { userClaim: '' } })).toBe('auth.userClaim: must be a non-empty JWT claim name; got ""');
    expect(failure({ auth: { userHeader: 7 } })).toBe('auth.userHeader: must be a header name or null; got 7');
    expect(failure({ auth: { userHeader: 'X User' } })).toBe('auth.userHeader: must be a header name (letters, digits, -) or null; got "X User"');
    expect(failure({ keepStatic: 'yes' })).toBe('keepStatic: must be true or false; got "yes"');
    expect(failure({ templates: { pins: '/users/me' } })).toBe('templates.pins: must be an array of strings; got "/users/me"');
    expect(failure({ templates: { pins: ['/a', 3] } })).toBe('templates.pins[1]: must be a string; got 3');
    expect(failure({ templates: [] })).toBe('templates: must be an object with keys pins, force; got an array');
    expect(failure({ sensitive: { disable: 'email' } })).toBe('sensitive.disable: must be an array of strings; got "email"');
    expect(failure({ diff: { ignore: [null] } })).toBe('diff.ignore[0]: must be a string; got null');
    expect(failure({ auth: { custom: [null] } })).toBe('auth.custom[0]: must be an object with keys name, in, key; got null');
  });

  it('auth.custom entries', () => {
    expect(failure({ auth: { custom: [{ name: 'x', in: 'nowhere', key: 'X' }] } })).toBe('auth.custom[0].in: must be one of header, query, cookie, body; got "nowhere"');
    expect(failure({ auth: { custom: [{ name: 'x', in: 'headers', key: 'X' }] } })).toBe(
      'auth.custom[0].in: must be one of header, query, cookie, body; got "headers" (did you mean "header"?)',
    );
    expect(failure({ auth: { custom: [{ name: 'x', key: 'X' }] } })).toBe('auth.custom[0].in: is missing (must be one of header, query, cookie, body)');
    expect(failure({ auth: { custom: [{ name: 'x', in: 'query', key: '' }] } })).toBe('auth.custom[0].key: must be a non-empty query name; got ""');
    expect(failure({ auth: { custom: [{ name: 'x', in: 'header', key: 'X Tenant' }] } })).toBe(
      'auth.custom[0].key: must be a header name (letters, digits, -); got "X Tenant"',
    );
    expect(failure({ auth: { custom: [{ name: 3, in: 'cookie', key: 'sid' }] } })).toBe('auth.custom[0].name: must be a non-empty string; got 3');
  });

  it('sensitive.custom entries: ops, values, regexes, matching something', () => {
    const bad = (c: unknown) => failure({ sensitive: { custom: [{ name: 'emp', ...(c as object) }] } });
    expect(bad({ keyConditions: [{ op: 'regex', value: '([a-z' }] })).toBe(
      'sensitive.custom[0].keyConditions[0].value: invalid regex "([a-z" (Unterminated character class)',
    );
    expect(bad({ valueConditions: [{ op: 'regex', value: 'a)' }] })).toBe(
      "sensitive.custom[0].valueConditions[0].value: invalid regex \"a)\" (Unmatched ')')",
    );
    expect(bad({ keyConditions: [{ op: 'matches', value: 'x' }] })).toBe(
      'sensitive.custom[0].keyConditions[0].op: must be one of regex, startsWith, endsWith, contains, equals, isNumber; got "matches"',
    );
    expect(bad({ keyConditions: [{ op: 'equals' }] })).toBe('sensitive.custom[0].keyConditions[0].value: is missing (must be a non-empty string for op equals)');
    expect(bad({ keyConditions: [{ op: 'contains', value: '' }] })).toBe('sensitive.custom[0].keyConditions[0].value: must be a non-empty string for op contains; got ""');
    expect(bad({ valueConditions: [{ op: 'isNumber', value: '1' }] })).toBe('sensitive.custom[0].valueConditions[0].value: must be absent: isNumber takes no value; got "1"');
    expect(bad({ keyConditions: 'emp_id' })).toBe('sensitive.custom[0].keyConditions: must be an array of conditions; got "emp_id"');
    expect(bad({})).toBe('sensitive.custom[0]: matches nothing: give keyConditions or valueConditions (a non-empty array of {op, value})');
    expect(bad({ keyConditions: [] })).toBe('sensitive.custom[0]: matches nothing: give keyConditions or valueConditions (a non-empty array of {op, value})');
    expect(bad({ keyConditions: [{ op: 'equals', value: 'e' }], operator: 'xor' })).toBe('sensitive.custom[0].operator: must be one of and, or; got "xor"');
    expect(bad({ keyConditions: [{ op: 'equals', value: 'e' }], sensitive: 'no' })).toBe('sensitive.custom[0].sensitive: must be true or false; got "no"');
  });

  it('sensitive.disable takes only ids that exist', () => {
    expect(failure({ sensitive: { disable: ['emial', 'no-such-type'] } })).toBe(
      `sensitive.disable[0]: unknown type id "emial" (did you mean "email"?); valid ids: ${DISABLE_LIST}`,
    );
    expect(failure({ sensitive: { disable: ['no-such-type'] } })).toBe(`sensitive.disable[0]: unknown type id "no-such-type"; valid ids: ${DISABLE_LIST}`);
  });

  it('templates.force is checked at load time', () => {
    expect(failure({ templates: { force: ['no-leading-slash', '/files/{path+'] } })).toBe(
      `templates.force[0]: must start with '/'; got "no-leading-slash" (a path template such as /files/{path+})`,
    );
    expect(failure({ templates: { force: ['/files/{path+'] } })).toBe(
      'templates.force[0]: a {placeholder} must fill a whole segment; got "/files/{path+" (a path template such as /files/{path+})',
    );
    expect(failure({ templates: { force: ['/ok/{id}', '/a/{rest+}/b'] } })).toBe(
      'templates.force[1]: {rest+} must be the last segment; got "/a/{rest+}/b" (a path template such as /files/{path+})',
    );
  });

  it('ignore globs must be able to match', () => {
    // Path globs: only * is a wildcard ('[abc' is literal text), and request paths start with '/'.
    expect(failure({ ignore: { paths: ['[abc'] } })).toBe(
      'ignore.paths[0]: must be a path glob starting with / or * (only * is a wildcard, e.g. /static/*); got "[abc"',
    );
    expect(failure({ ignore: { paths: ['health'] } })).toBe(
      'ignore.paths[0]: must be a path glob starting with / or * (only * is a wildcard, e.g. /static/*); got "health"',
    );
    expect(failure({ ignore: { hosts: [''] } })).toBe('ignore.hosts[0]: must be a host glob such as *.example.com; got ""');
    expect(failure({ ignore: { hosts: ['https://x.example.com'] } })).toBe(
      'ignore.hosts[0]: must be a host glob such as *.example.com (no scheme, path or spaces); got "https://x.example.com"',
    );
    expect(failure({ ignore: { hosts: ['bü*.example'] } })).toMatch(/^ignore\.hosts\[0\]: never matches: a \* inside a non-ASCII label/);
  });

  it('ignore.hosts are spelled as stored hosts are: punycode, RFC 5952 IPv6', () => {
    const cfg = loadConfig(cfgFile({ ignore: { hosts: ['bücher.example', '*.münchen.example', '[2001:DB8:0::1]:8080', '*.example.com'] } }), dir);
    expect(cfg.ignore.hosts).toEqual(['xn--bcher-kva.example', '*.xn--mnchen-3ya.example', '[2001:db8::1]:8080', '*.example.com']);
  });
});

describe('names a custom entry cannot take: the built-in ones it would be read as', () => {
  const RESERVED_AUTH = RESERVED_AUTH_NAMES.join(', ');
  const authName = (name: string) => failure({ auth: { custom: [{ in: 'header', key: 'X-A' }, { name, in: 'header', key: 'X-B' }] } });
  const typeName = (name: string) => failure({ sensitive: { custom: [{ name, keyConditions: [{ op: 'equals', value: 'x' }] }] } });

  it('auth.custom[].name: built-in scheme ids and --auth families, in any case', () => {
    // `none` made credentialed calls read as unauthenticated (and hid real holes); `bearer` merged into the built-in.
    expect(authName('none')).toBe(
      `auth.custom[1].name: is reserved for the built-in auth schemes (calls with this credential would read as the built-in one); got "none" (reserved: ${RESERVED_AUTH}; leave name out to report the scheme as custom)`,
    );
    for (const name of ['bearer', 'Bearer', 'NONE', ' none ', 'unknown', 'custom', 'api-key', 'jwt', 'JWT', 'oauth', 'oauth2', 'session-cookie']) {
      expect(authName(name), name).toMatch(/^auth\.custom\[1\]\.name: is reserved for the built-in auth schemes /);
    }
  });

  it('the reserved auth names are every scheme id and every family --auth takes', () => {
    for (const id of AUTH_SCHEMES) expect(RESERVED_AUTH_NAMES).toContain(id);
    // endpoints --auth lists what it accepts on an unknown value: built-in schemes and families.
    let listed = '';
    try {
      filterEndpoints({ schemaVersion: 1, kind: 'akto-rt/inventory', endpoints: [] }, { auth: 'no-such-scheme' });
    } catch (e) {
      listed = (e as Error).message.replace(/^.*use one of: /, '');
    }
    expect(listed.split(', ').sort()).toEqual([...RESERVED_AUTH_NAMES].sort());
  });

  it('sensitive.custom[].name: built-in data type ids and credential types, in any case', () => {
    expect(typeName('email')).toBe(
      `sensitive.custom[0].name: is reserved for the built-in data types (its findings would read as the built-in type's); got "email" (reserved: ${DISABLE_LIST})`,
    );
    for (const name of ['password', 'Password', 'EMAIL', 'jwt', 'bearer-token', 'ip-address', 'credit-card']) {
      expect(typeName(name), name).toMatch(/^sensitive\.custom\[0\]\.name: is reserved for the built-in data types /);
    }
  });

  it('other names load, close ones included', () => {
    const cfg = loadConfig(
      cfgFile({
        auth: { custom: [{ name: 'tenant-key', in: 'header', key: 'X-T' }, { name: 'bearer-partner', in: 'query', key: 'pk' }, { name: 'none-of-these', in: 'cookie', key: 'n' }] },
        sensitive: { custom: [{ name: 'work-email', keyConditions: [{ op: 'equals', value: 'x' }] }, { name: 'passwords', valueConditions: [{ op: 'equals', value: 'y' }] }] },
      }),
      dir,
    );
    expect(cfg.auth.custom.map((c) => c.name)).toEqual(['tenant-key', 'bearer-partner', 'none-of-these']);
    expect(cfg.sensitive.custom.map((t) => t.name)).toEqual(['work-email', 'passwords']);
  });
});

describe('templates.force and templates.pins refuse entries that can never match', () => {
  const force = (t: string) => failure({ templates: { force: ['/ok/{id}', t] } });
  const pin = (p: string) => failure({ templates: { pins: ['/users/me', p] } });
  const F = '(a path template such as /files/{path+})';
  const P = '(a literal path such as /users/me; it and its own segments stay literal)';

  it('force: placeholders are {name}, once each, and an entry needs one', () => {
    expect(force('/files/path')).toBe(
      `templates.force[1]: has no {name} placeholder, so it forces nothing (to keep a path literal, list it in templates.pins); got "/files/path" ${F}`,
    );
    expect(force('/files/:path')).toBe(`templates.force[1]: :path is not a placeholder here (it would match only the text ":path"): write {path}; got "/files/:path" ${F}`);
    expect(force('/files/<path>')).toBe(`templates.force[1]: <path> is not a placeholder here (it would match only the text "<path>"): write {path}; got "/files/<path>" ${F}`);
    expect(force('/files/*')).toBe(`templates.force[1]: * is not a wildcard here: write {name} for one segment or a last {name+} for the rest of the path; got "/files/*" ${F}`);
    expect(force('/files/{id}/*.png')).toMatch(/^templates\.force\[1\]: \* is not a wildcard here/);
    expect(force('/files/{a}/{a}')).toBe(`templates.force[1]: placeholder {a} appears twice; each parameter needs its own name; got "/files/{a}/{a}" ${F}`);
    expect(force('/files/{a}/{a+}')).toMatch(/^templates\.force\[1\]: placeholder \{a\} appears twice/);
    expect(force('/files/{1}')).toBe(`templates.force[1]: {1} is not a placeholder: a name starts with a letter or _ and holds letters, digits, _ and -; got "/files/{1}" ${F}`);
    expect(force('/files/{}')).toMatch(/^templates\.force\[1\]: \{\} is not a placeholder/);
    expect(force('/files/{id}?download=1')).toBe(`templates.force[1]: a template has no query: give the path only; got "/files/{id}?download=1" ${F}`);
    expect(force('/')).toMatch(/^templates\.force\[1\]: has no \{name\} placeholder/);
  });

  it('force: every form the parser reads still loads', () => {
    const ok = ['/files/{path+}', '/cdn/{*asset}', '/files/{path}', '/v1/repos/{repo}/x', '/buckets/{bucket}/{key+}', '/{tenant}', '/a/{id}/b/{id2}/', '/x/{snake_name}/{kebab-name}'];
    expect(loadConfig(cfgFile({ templates: { force: ok } }), dir).templates.force).toEqual(ok);
  });

  it('pins: literal paths only, no glob or query', () => {
    expect(pin('/v1/products/so*')).toBe(`templates.pins[1]: * is not a wildcard in a pin: list each literal path; got "/v1/products/so*" ${P}`);
    expect(pin('/v1/*/me')).toMatch(/^templates\.pins\[1\]: \* is not a wildcard in a pin/);
    expect(pin('/v1/products?x')).toBe(`templates.pins[1]: a pin has no query: give the path only; got "/v1/products?x" ${P}`);
    expect(pin('/')).toBe(`templates.pins[1]: pins nothing; got "/" ${P}`);
    expect(pin('')).toBe(`templates.pins[1]: pins nothing; got "" ${P}`);
    const ok = ['/users/me', 'accounts/me', '/teams/T0G9PQBBK/', '/v1/products/clearance'];
    expect(loadConfig(cfgFile({ templates: { pins: ok } }), dir).templates.pins).toEqual(ok);
  });
});

describe('--config names a file: an empty one is a usage error, not "no config"', () => {
  it('configFile and loadConfig refuse an empty or blank explicit path, even with ./akto-rt.config.json present', () => {
    const cwd = tempDir();
    writeFileSync(`${cwd}/akto-rt.config.json`, JSON.stringify({ keepStatic: true }));
    for (const given of ['', ' ', '\t']) {
      expect(() => configFile(given, cwd)).toThrow(new UsageError("--config is empty: pass the config file's path", true));
      let err: unknown;
      try {
        loadConfig(given, cwd);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect(exitCodeFor(err)).toBe(2);
      expect((err as UsageError).verbatim).toBe(true);
    }
    // Left out, the working directory's file is read.
    expect(loadConfig(undefined, cwd).keepStatic).toBe(true);
  });
});

describe('a config is checked whole by every command that reads it', () => {
  it('diff.ignore patterns are checked at load time, as diff reads them', () => {
    expect(failure({ diff: { ignore: ['kind:nope'] } })).toMatch(/^diff\.ignore\[0\]: unknown change kind in ignore pattern "kind:nope"/);
    expect(failure({ diff: { ignore: ['path:/ok', 'bogus'] } })).toMatch(/^diff\.ignore\[1\]: diff\.ignore pattern "bogus" is not a valid pattern/);
    expect(loadConfig(cfgFile({ diff: { ignore: ['kind:param-*', 'path:/health'] } }), dir).diff.ignore).toEqual(['kind:param-*', 'path:/health']);
  });

  it('a byte-order mark before the JSON is read past (PowerShell 5 writes one)', () => {
    expect(loadConfig(cfgFile('\uFEFF{"keepStatic": true}', true), dir).keepStatic).toBe(true);
  });

  it('endpoints and export check a --config they are given, whatever the other flags', async () => {
    const db = `${dir}/given.db`;
    expect((await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', db, '-q'])).code).toBe(0);
    const bad = cfgFile({ diff: { ignore: ['kind:nope'] } });
    for (const argv of [['endpoints'], ['export', '--inventory', '-']]) {
      const r = await cli([...argv, '--db', db, '--config', bad]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^akto-rt: ${bad}: diff\\.ignore\\[0\\]: `));
      const missing = await cli([...argv, '--db', db, '--config', `${dir}/missing.json`]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/missing\.json: cannot read config/);
    }
  });
});

describe('valid configs still load', () => {
  it('no file gives the defaults; ./akto-rt.config.json is picked up', () => {
    const empty = tempDir();
    expect(loadConfig(undefined, empty)).toEqual(defaultConfig());
    writeFileSync(`${empty}/akto-rt.config.json`, JSON.stringify({ keepStatic: true }));
    expect(loadConfig(undefined, empty)).toEqual({ ...defaultConfig(), keepStatic: true });
    writeFileSync(`${empty}/akto-rt.config.json`, JSON.stringify({ keepStatic: 1 }));
    expect(() => loadConfig(undefined, empty)).toThrow(new UsageError(`${empty}/akto-rt.config.json: keepStatic: must be true or false; got 1`));
    expect(loadConfig(cfgFile({}), dir)).toEqual(defaultConfig());
  });

  it("the README's Configuration example loads with every key", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const cfg = loadConfig(cfgFile(json, true), dir);
    expect(cfg.templates).toEqual({ pins: ['/users/me'], force: ['/files/{path+}'] });
    expect(cfg.ignore).toEqual({ hosts: ['*.google-analytics.com'], paths: ['/internal/*'] });
    expect(cfg.auth).toEqual({ userClaim: 'sub', userHeader: null, custom: [{ name: 'tenant-key', in: 'header', key: 'X-Tenant-Key' }] });
    expect(cfg.sensitive.disable).toEqual(['ip-address']);
    expect(cfg.sensitive.custom).toEqual([
      {
        name: 'employee-id',
        keyConditions: [{ op: 'regex', value: '^emp(loyee)?_?id$' }],
        valueConditions: [{ op: 'startsWith', value: 'E-' }],
        operator: 'and',
      },
    ]);
    expect(cfg.diff.ignore).toEqual(['path:/debug/**', 'kind:status-added']);
    expect(cfg.keepStatic).toBe(false);
    expect(cfg.unredactedSamples).toBe(false);
  });

  it('every documented form: optional names, all ops and locations, credential ids, userHeader', () => {
    const cfg = loadConfig(
      cfgFile({
        templates: { pins: ['/users/me', 'accounts/me'], force: ['/v1/repos/{repo}/x', '/cdn/{*asset}'] },
        ignore: { hosts: ['*.ignored.test', 'api.example.com:8443'], paths: ['/v1/ping', '*.map'] },
        auth: {
          userClaim: 'email',
          userHeader: 'X-User-Id',
          custom: [
            { name: 'tenant-key', in: 'header', key: 'X-Slack-Token' },
            { in: 'query', key: 'api_key' },
            { name: 'sid', in: 'cookie', key: 'SID' },
            { name: 'body-token', in: 'body', key: '$.auth.token' },
          ],
        },
        sensitive: {
          disable: ['ip-address', 'phone', 'bearer-token', 'jwt', 'auth-handshake'],
          custom: [
            { name: 'employee-id', keyConditions: [{ op: 'regex', value: '^kind$' }], valueConditions: [{ op: 'isNumber' }], operator: 'or' },
            { name: 'ticket', valueConditions: [{ op: 'startsWith', value: 'T-' }, { op: 'endsWith', value: '-X' }, { op: 'contains', value: 'tk' }, { op: 'equals', value: 'x' }] },
            { name: 'off', keyConditions: [{ op: 'equals', value: 'k' }], sensitive: false },
          ],
        },
        diff: { ignore: [] },
        keepStatic: true,
      }),
      dir,
    );
    expect(cfg.auth.custom[1]).toEqual({ in: 'query', key: 'api_key' });
    expect(cfg.auth.userHeader).toBe('X-User-Id');
    expect(cfg.sensitive.custom.map((t) => t.name)).toEqual(['employee-id', 'ticket', 'off']);
    expect(cfg.sensitive.custom[0]!.valueConditions).toEqual([{ op: 'isNumber' }]);
    expect(cfg.keepStatic).toBe(true);
  });

  it('disable ids cover the built-in rules and every credential type sensitive.ts assigns', () => {
    for (const id of BUILTIN_TYPE_IDS) expect(DISABLE_IDS).toContain(id);
    const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1' })}.c2lnbmF0dXJl`;
    const assigned = [
      `Bearer ${jwt}`,
      'Bearer 2YotnFZFEjr1zCsicMWpAA',
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
      'Digest username="a", response="b"',
      'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==',
      'Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==',
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x, Signature=y',
      'OAuth oauth_consumer_key="k", oauth_signature="s"',
      'Token abc123',
    ].map(credentialType);
    expect(new Set(assigned)).toEqual(new Set(CREDENTIAL_TYPE_IDS));
  });
});

describe('through the CLI', () => {
  const har = `${dir}/c.har`;
  writeFileSync(har, harOf([{ method: 'GET', url: 'https://api.example.com/users/1', status: 200 }]));

  it('a bad config exits 2 with one line naming the file and key', async () => {
    const cases: [unknown, string][] = [
      [{ auth: { custom: [{ name: 'x', in: 'nowhere', key: 'X' }] } }, 'auth.custom[0].in: must be one of header, query, cookie, body; got "nowhere"'],
      [{ sensitive: { custom: [{ name: 'emp', keyConditions: [{ op: 'regex', value: '([a-z' }] }] } }, 'sensitive.custom[0].keyConditions[0].value: invalid regex "([a-z" (Unterminated character class)'],
      [{ sensitive: { custom: [{ keyConditions: [{ op: 'equals', value: 'note' }] }] } }, 'sensitive.custom[0].name: is missing (must be a non-empty string)'],
      [{ ignores: {} }, `ignores: unknown key (did you mean "ignore"?); valid keys: ${TOP}`],
    ];
    for (const [content, why] of cases) {
      const file = cfgFile(content);
      const r = await cli(['analyze', har, '--db', `${dir}/x${n}.db`, '--config', file]);
      expect(r.code, why).toBe(2);
      expect(r.stderr).toBe(`akto-rt: ${file}: ${why}\n`);
    }
  });

  it('a good config analyzes (exit 0)', async () => {
    const file = cfgFile({ sensitive: { disable: ['email'] }, auth: { userClaim: 'email' }, keepStatic: false });
    const r = await cli(['analyze', har, '--db', `${dir}/ok.db`, '--config', file]);
    expect(r.code, r.stderr).toBe(0);
  });
});

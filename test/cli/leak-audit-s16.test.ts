// Leaks a security audit found (each value planted below must be neither stored nor printed):
// Bearer/Basic credentials in headers other than Authorization, credentials quoted inside JSON string
// values, card numbers in path values, an all-letter AWS key id used as a name, credential matrix
// parameters; and the detection gaps next to them (bank accounts by routing code, passwords named in
// other languages, X-Otp / X-Pin headers). Prose that merely says "basic" or "bearer" is no finding.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, storedBytes, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();
const db = `${dir}/l.db`;
const TOKEN = 'Q1w2e3r4t5y6u7i8o9p0asdfghjklzx';
const BASIC = Buffer.from('bob:S3cretPassword!').toString('base64');
const CARD = '5105434002819575';
const AWS_ID = 'AKIACSJFNAQGJYYBALPD';
const MATRIX = 'M9n8b7v6c5x4z3l2k1j0hgfdsa';
const SECRETS = [TOKEN, BASIC, 'Hunter2Secret', CARD, AWS_ID, MATRIX, 'Env5ecretValue99', '000123456789', '482913'];

let findings: { type: string; location: string; param: string; host: string }[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  writeFileSync(
    `${dir}/l.har`,
    harOf([
      { method: 'GET', url: 'https://h1.leak.test/a', headers: { 'X-Forwarded-Authorization': `Bearer ${TOKEN}` }, response: { ok: true } },
      { method: 'GET', url: 'https://h2.leak.test/a', headers: { 'X-Upstream-Auth': `Basic ${BASIC}` }, response: { ok: true } },
      { method: 'POST', url: 'https://j1.leak.test/a', body: { trace: 'password=Hunter2Secret' }, response: { ok: true } },
      { method: 'POST', url: 'https://j2.leak.test/a', body: { msg: `Authorization: Bearer ${TOKEN}` }, response: { ok: true } },
      { method: 'POST', url: 'https://j3.leak.test/a', body: { cfg: 'DB_PASSWORD=Env5ecretValue99\nREGION=eu' }, response: { ok: true } },
      { method: 'GET', url: `https://p1.leak.test/orders/${CARD}`, response: { ok: true } },
      { method: 'POST', url: 'https://n1.leak.test/a', body: { [AWS_ID]: 1 }, response: { ok: true } },
      { method: 'GET', url: `https://m1.leak.test/download;token=${MATRIX}/file`, response: { ok: true } },
      { method: 'POST', url: 'https://b1.leak.test/a', body: { account_number: '000123456789', routing_number: '021000021', contraseña: 'Hunter2Secret', mot_de_passe: 'Hunter2Secret' }, response: { ok: true } },
      { method: 'GET', url: 'https://o1.leak.test/a', headers: { 'X-Otp': '482913', 'X-Pin': '4921' }, response: { ok: true } },
      // Prose and challenges: no credential.
      { method: 'POST', url: 'https://f1.leak.test/a', body: { note: 'the basic plan includes bearer bonds and 12 seats' }, response: { ok: true } },
      { method: 'GET', url: 'https://f2.leak.test/a', status: 401, responseText: '', responseMime: 'text/plain', headers: { 'X-Info': 'Bearer realm="example"' } },
    ]),
  );
  const a = await cli(['analyze', `${dir}/l.har`, '--db', db]);
  expect(a.code, a.stderr).toBe(0);
  outputs.push(a.stdout, a.stderr);
  const s = await cli(['sensitive', '--db', db, '--format', 'json']);
  outputs.push(s.stdout);
  findings = JSON.parse(s.stdout).findings;
  const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { host: string; method: string; path: string }[];
  for (const e of eps) {
    for (const format of ['table', 'json']) outputs.push((await cli(['show', e.method, e.path, '--host', e.host, '--db', db, '--format', format])).stdout);
  }
  outputs.push((await cli(['export', '--inventory', '-', '--db', db])).stdout, (await cli(['export', '--openapi', '-', '--db', db])).stdout);
});

const has = (host: string, type: string, param?: string): boolean => findings.some((f) => f.host === host && f.type === type && (param === undefined || f.param === param));

describe('leak audit', () => {
  it('no planted value is stored or printed', () => {
    const stored = storedBytes(db);
    for (const secret of SECRETS) {
      expect(stored.includes(secret), `${secret} stored`).toBe(false);
      for (const out of outputs) expect(out.includes(secret), `${secret} printed`).toBe(false);
    }
  });

  it('credentials with their scheme in other headers and in text values are findings', () => {
    expect(has('h1.leak.test', 'bearer-token', 'x-forwarded-authorization')).toBe(true);
    expect(has('h2.leak.test', 'basic-credentials', 'x-upstream-auth')).toBe(true);
    expect(has('j1.leak.test', 'password', '$.trace')).toBe(true);
    expect(has('j2.leak.test', 'bearer-token', '$.msg')).toBe(true);
    expect(has('j3.leak.test', 'password', '$.cfg')).toBe(true);
  });

  it('an all-letter AWS key id used as a name, bank accounts by their routing code, passwords in other languages, X-Otp and X-Pin', () => {
    expect(has('n1.leak.test', 'aws-access-key-id')).toBe(true);
    expect(has('b1.leak.test', 'bank-account', '$.account_number')).toBe(true);
    expect(findings.filter((f) => f.host === 'b1.leak.test' && f.type === 'password').map((f) => f.param).sort()).toEqual(['$.mot_de_passe', "$['contraseña']"]);
    expect(has('o1.leak.test', 'token', 'x-otp')).toBe(true);
    expect(has('o1.leak.test', 'password', 'x-pin')).toBe(true);
  });

  it('a credential matrix parameter is a query parameter, not part of the template', async () => {
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--host', 'm1.leak.test', '--format', 'json'])).stdout).endpoints as { path: string }[];
    expect(eps.map((e) => e.path)).toEqual(['/download/file']);
    expect(has('m1.leak.test', 'token', 'token')).toBe(true);
  });

  it('prose with "basic" or "bearer" and an auth challenge are no credentials', () => {
    expect(findings.filter((f) => f.host === 'f1.leak.test' || f.host === 'f2.leak.test')).toEqual([]);
  });
});

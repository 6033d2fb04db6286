// Values that reached the inventory through unusual places: a credential as a path segment, an
// e-mail address as a JSON key, a password in a plain-text body; and entries whose fields have the
// wrong JSON type, which are skipped with a reason instead of failing the run.

import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const STRIPE = 'sk_live_51HqPlantedStripeKeyAbCdEf12';
const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const EMAIL = 'planted.person@examplecorp.io';
const PASSWORD = 'Hunter2PlantedPw!';

describe('secrets and personal data in unusual places', () => {
  const dir = tempDir();
  const db = `${dir}/leaks.db`;
  const outputs: string[] = [];

  beforeAll(async () => {
    const har = JSON.parse(
      harOf([
        { method: 'GET', url: `https://api.r.test/v1/keys/${STRIPE}`, status: 200, response: { ok: true } },
        { method: 'GET', url: `https://api.r.test/v1/slack/${SLACK}`, status: 200, response: { ok: true } },
        { method: 'POST', url: 'https://api.r.test/v1/map', status: 200, body: { [EMAIL]: 1 }, response: {} },
        { method: 'POST', url: 'https://api.r.test/v1/notes', status: 200, body: 'x', response: {} },
      ]),
    );
    har.log.entries[3].request.postData = { mimeType: 'text/plain', text: `contact me, pw=${PASSWORD}` };
    writeFileSync(`${dir}/leaks.har`, JSON.stringify(har));
    expect((await cli(['analyze', `${dir}/leaks.har`, '--db', db, '-q'])).code).toBe(0);
    for (const args of [
      ['endpoints', '--format', 'json'],
      ['endpoints', '--format', 'csv'],
      ['sensitive', '--format', 'json'],
      ['changes', '--format', 'json'],
      ['export', '--inventory', '-'],
      ['show', 'GET', '/v1/keys/{keyId}'],
      ['show', 'POST', '/v1/map'],
      ['show', 'POST', '/v1/notes'],
    ]) {
      const r = await cli([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      outputs.push(r.stdout);
    }
  });

  it('templates a credential path segment on sight and reports it, so it is never part of a path', async () => {
    const eps = JSON.parse(outputs[0]!).endpoints.map((e: { path: string; sensitiveTypes: string[] }) => [e.path, e.sensitiveTypes]);
    expect(eps).toContainEqual(['/v1/keys/{keyId}', ['stripe-key']]);
    expect(eps).toContainEqual(['/v1/slack/{slackId}', ['slack-token']]);
  });

  it('collapses an e-mail address used as a JSON key into `*`', () => {
    expect(outputs[6]).toContain('$.*');
  });

  it('prints and stores none of the planted values', () => {
    const stored = ['', '-wal'].map((s) => {
      try {
        return readFileSync(db + s).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const text of [...outputs, ...stored]) {
      for (const v of [STRIPE, SLACK, EMAIL, PASSWORD, 'xoxb-1234', 'sk_live_51Hq']) expect(text).not.toContain(v);
    }
  });
});

describe('entries whose fields have the wrong JSON type', () => {
  it('are skipped with a reason naming the field; the rest of the file is analyzed', async () => {
    const dir = tempDir();
    const har = JSON.parse(
      harOf([
        { method: 'GET', url: 'https://api.t.test/ok', status: 200, response: { ok: true } },
        { method: 'GET', url: 'https://api.t.test/a', status: 200, response: { ok: true } },
        { method: 'GET', url: 'https://api.t.test/b', status: 200, response: { ok: true } },
      ]),
    );
    har.log.entries[1].response.content.text = { not: 'a string' };
    har.log.entries[2].request.method = { verb: 'GET' };
    writeFileSync(`${dir}/types.har`, JSON.stringify(har));
    const r = await cli(['analyze', `${dir}/types.har`, '--db', `${dir}/t.db`, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.calls).toBe(1);
    expect(s.inputs[0].skippedReasons).toEqual([
      { index: 1, reason: 'response.content.text is not a string' },
      { index: 2, reason: 'request.method is not a string' },
    ]);
  });
});

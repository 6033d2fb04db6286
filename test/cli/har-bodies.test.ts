// HAR request bodies given only as `postData.params` (form fields or multipart parts, no `text`).

import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';

describe('postData.params without text', () => {
  const dir = tempDir();

  it('multipart parts become body parameters, and a password among them is found', async () => {
    const db = `${dir}/login.db`;
    expect((await cli(['analyze', `${SAMPLES}har/handwritten_full-bodies-bearer.har`, '--db', db, '-q'])).code).toBe(0);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings;
    expect(findings).toContainEqual(expect.objectContaining({ method: 'POST', path: '/login', location: 'request.body', param: '$.password', type: 'password' }));
  });

  it('an upload form lists its fields, the file part by name only', async () => {
    const db = `${dir}/upload.db`;
    expect((await cli(['analyze', `${SAMPLES}har/handwritten_multipart-merge.har`, '--db', db, '-q'])).code).toBe(0);
    const show = JSON.parse((await cli(['show', 'POST', '/upload', '--db', db, '--format', 'json'])).stdout);
    const body = show.endpoint.params.filter((p: { location: string }) => p.location === 'request.body').map((p: { name: string }) => p.name);
    expect(body).toEqual(expect.arrayContaining(['$.title', '$.file']));
  });
});

describe('schema warnings', () => {
  const dir = tempDir();

  it('are listed by kind with their count and first entry, not just counted', async () => {
    const file = `${SAMPLES}har/handwritten_full-bodies-bearer.har`;
    const j = JSON.parse((await cli(['analyze', file, '--db', `${dir}/w.db`, '--format', 'json'])).stdout);
    const input = j.inputs[0];
    expect(input.warnings).toBeGreaterThan(0);
    expect(input.warningReasons.length).toBeGreaterThan(1);
    expect(input.warningReasons.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(input.warnings);
    expect(input.warningReasons[0]).toEqual({ index: 0, reason: "HAR schema: entry should have required property 'startedDateTime'", count: 8 });
    const t = await cli(['analyze', file, '--db', `${dir}/w2.db`]);
    expect(t.stdout).toContain(`${input.warnings} warnings`);
    expect(t.stderr).toContain(`${file}: warning ×8 (first: entry 0): HAR schema: entry should have required property 'startedDateTime'`);
    expect(t.stderr.match(/: warning /g)).toHaveLength(5);
    expect(t.stdout).not.toContain('warning ×');
  });
});

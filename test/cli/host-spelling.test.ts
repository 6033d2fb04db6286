// One host, one spelling: a host is stored as ingest spells it (punycode for a Unicode name, RFC 5952
// for an IPv6 literal, no empty port), and every place a user names a host (--host, spec servers,
// diff --ignore host:) spells it the same way. A malformed bracketed host is a located skip.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

describe('hosts at ingest', () => {
  const dir = tempDir();
  const db = `${dir}/hosts.db`;
  let analyzed: { code: number; stderr: string };

  beforeAll(async () => {
    writeFileSync(
      `${dir}/h.har`,
      harOf([
        { method: 'GET', url: 'https://bücher.example/v1/books', response: { ok: true } },
        { method: 'GET', url: 'http://[2001:db8:0:0:0:0:0:1]:8080/v1/a', response: { ok: true } },
        { method: 'GET', url: 'http://[2001:DB8::1]:8080/v1/a', response: { ok: true } },
        { method: 'GET', url: 'http://[::1/v1/c', response: { ok: true } },
        { method: 'GET', url: 'http://[::1]]/v1/c', response: { ok: true } },
        { method: 'GET', url: 'http://[zzzz]/v1/c', response: { ok: true } },
        { method: 'GET', url: 'http://example.com:/v1/j', response: { ok: true } },
        { method: 'GET', url: 'https://api.example/v1/a\ud800b', response: { ok: true } },
      ]),
    );
    analyzed = await cli(['analyze', `${dir}/h.har`, '--db', db]);
  });

  it('canonicalizes IPv6 literals and drops an empty port: one host per host', async () => {
    expect(analyzed.code).toBe(0);
    const r = await cli(['endpoints', '--db', db, '--format', 'json']);
    const eps = (JSON.parse(r.stdout).endpoints as { host: string; path: string; calls: number }[]).map((e) => `${e.host} ${e.path} ${e.calls}`);
    expect(eps).toEqual(['[2001:db8::1]:8080 /v1/a 2', 'api.example /v1/a%EF%BF%BDb 1', 'example.com /v1/j 1', 'xn--bcher-kva.example /v1/books 1']);
  });

  it('skips a malformed bracketed host with a located reason', () => {
    expect(analyzed.stderr).toContain('skipped entry 3: malformed host (an IPv6 address without its closing "]")');
    expect(analyzed.stderr).toContain('skipped entry 4: malformed host (characters after the "]" of an IPv6 address)');
    expect(analyzed.stderr).toContain('skipped entry 5: malformed host (brackets around something that is not an IPv6 address)');
  });

  it('a path with a lone surrogate is stored as valid UTF-8 and show addresses it', async () => {
    for (const typed of ['/v1/a\ufffdb', '/v1/a%EF%BF%BDb']) {
      const r = await cli(['show', 'GET', typed, '--host', 'api.example', '--db', db, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).endpoint.path).toBe('/v1/a%EF%BF%BDb');
    }
  });

  it('--host takes the Unicode and the punycode spelling, and IPv6 however it is written, on every command', async () => {
    for (const host of ['bücher.example', 'BÜCHER.example.', 'xn--bcher-kva.example', 'https://bücher.example/']) {
      const list = await cli(['endpoints', '--host', host, '--db', db, '--format', 'json']);
      expect(list.stderr, host).toBe('');
      expect(JSON.parse(list.stdout).endpoints.map((e: { host: string }) => e.host)).toEqual(['xn--bcher-kva.example']);
      const show = await cli(['show', 'GET', '/v1/books', '--host', host, '--db', db, '--format', 'json']);
      expect(show.stderr, host).toBe('');
      expect(JSON.parse(show.stdout).endpoint.host).toBe('xn--bcher-kva.example');
    }
    for (const args of [['auth'], ['sensitive'], ['changes'], ['stats', '--range', '7d'], ['stats', 'GET', '/v1/books', '--range', '7d']]) {
      const r = await cli([...args, '--host', 'bücher.example', '--db', db]);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
    const v6 = await cli(['endpoints', '--host', '[2001:db8:0:0:0:0:0:1]:8080', '--db', db, '--format', 'json']);
    expect(JSON.parse(v6.stdout).endpoints.map((e: { host: string }) => e.host)).toEqual(['[2001:db8::1]:8080']);
    const exp = await cli(['export', '--inventory', '-', '--host', 'bücher.example', '--db', db]);
    expect(exp.stderr).toBe('');
    expect(JSON.parse(exp.stdout).endpoints.map((e: { host: string }) => e.host)).toEqual(['xn--bcher-kva.example']);
    // An unknown host still names the known ones as stored.
    const unknown = await cli(['endpoints', '--host', 'nope.example', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('xn--bcher-kva.example');
  });

  it("spec-diff matches a spec's Unicode server with the stored punycode host, and takes --host in either spelling", async () => {
    writeFileSync(`${dir}/spec.yaml`, 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: "https://bücher.example"}]\npaths:\n  /v1/books:\n    get: {responses: {"200": {description: ok}}}\n');
    const r = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as { entries: { kind: string; host: string }[]; notes: string[] };
    expect(view.entries.map((e) => `${e.kind} ${e.host}`)).toEqual(['documented xn--bcher-kva.example']);
    expect(view.notes.join('\n')).not.toMatch(/no traffic for the spec's servers/);
    const byHost = await cli(['spec-diff', `${dir}/spec.yaml`, '--host', 'bücher.example', '--db', db, '--format', 'json']);
    expect(byHost.stderr).toBe('');
    expect((JSON.parse(byHost.stdout) as { entries: { kind: string }[] }).entries.map((e) => e.kind)).toEqual(['documented']);
  });

  it('diff --ignore host: takes a Unicode host name', async () => {
    writeFileSync(`${dir}/empty.har`, harOf([{ method: 'GET', url: 'https://other.example/x', response: {} }]));
    const base = `${dir}/base.db`;
    expect((await cli(['analyze', `${dir}/empty.har`, '--db', base])).code).toBe(0);
    const all = await cli(['diff', base, db, '--format', 'json']);
    const hosts = (r: { stdout: string }) => [...new Set((JSON.parse(r.stdout).changes as { host: string }[]).map((c) => c.host))].sort();
    expect(hosts(all)).toContain('xn--bcher-kva.example');
    for (const pattern of ['host:bücher.example', 'host:BÜCHER.example', 'host:bücher.*']) {
      const ignored = await cli(['diff', base, db, '--ignore', pattern, '--format', 'json']);
      expect(ignored.stderr, pattern).toBe('');
      expect(hosts(ignored), pattern).toEqual(hosts(all).filter((h) => h !== 'xn--bcher-kva.example'));
    }
    const wild = await cli(['diff', base, db, '--ignore', 'host:bü*.example']);
    expect(wild.code).toBe(2);
    expect(wild.stderr).toMatch(/never matches: a wildcard inside a non-ASCII label/);
  });
});

describe('Akto payloads sent as JSON values', () => {
  const dir = tempDir();
  const line = (payload: unknown) =>
    JSON.stringify({
      method: 'POST',
      path: '/v1/login',
      requestHeaders: { host: 'api.example.com', 'content-type': 'application/json' },
      responseHeaders: { 'content-type': 'application/json' },
      requestPayload: payload,
      responsePayload: { ok: true },
      statusCode: 200,
      time: 1710064800,
      ip: '10.0.0.1',
    });

  it('an object payload is analyzed as its JSON body, under --strict too', async () => {
    writeFileSync(`${dir}/obj.jsonl`, line({ email: 'jane@example.com', password: 'hunter2' }) + '\n');
    const db = `${dir}/obj.db`;
    const r = await cli(['analyze', `${dir}/obj.jsonl`, '--strict', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const s = await cli(['sensitive', '--db', db, '--format', 'json']);
    const found = (JSON.parse(s.stdout).findings as { location: string; param: string; type: string }[]).map((f) => `${f.location} ${f.param} ${f.type}`).sort();
    expect(found).toEqual(['request.body $.email email', 'request.body $.password password']);
  });

  it('a number payload is a counted warning naming the line, and a located skip under --strict', async () => {
    writeFileSync(`${dir}/num.jsonl`, line(4111111111111111) + '\n');
    const lax = await cli(['analyze', `${dir}/num.jsonl`, '--db', `${dir}/num.db`]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toContain('1 warning');
    expect(lax.stderr).toContain('warning (line 1): requestPayload is a number, not a string or a JSON object or array; body ignored');
    const strict = await cli(['analyze', `${dir}/num.jsonl`, '--strict', '--db', `${dir}/num-strict.db`]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('(line 1): requestPayload is a number');
    expect(lax.stderr + strict.stderr).not.toContain('4111');
  });
});

// Detection from content when the first bytes do not tell: leading whitespace, a long top-level JSON
// member before the one that does, a long first JSON line, a long XML prolog. Detection reads on
// (up to 16 MB) without the whole file in memory; gzip inputs arrive in 256 KB pieces, so padding
// past 1 MB there makes detection look more than once. Past the cap, a one-line error names the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/sources/input.js';
import { harOf } from '../har-builder.js';
import { cli, SAMPLES, tempDir } from '../helpers.js';

interface Summary {
  calls: number;
  inputs: { format: string; entries: number; calls: number; skipped: number }[];
}

const dir = tempDir();

async function analyze(file: string, ...more: string[]): Promise<{ code: number; s: Summary | null; stderr: string }> {
  const r = await cli(['analyze', file, '--db', `${dir}/inventory.db`, '--force', '--format', 'json', '--keep-static', ...more]);
  return { code: r.code, s: r.code === 0 ? (JSON.parse(r.stdout) as Summary) : null, stderr: r.stderr };
}

function write(name: string, content: string | Buffer, gzip = false): string {
  const path = `${dir}/${name}`;
  writeFileSync(path, gzip ? gzipSync(content) : content);
  return path;
}

const har = harOf([
  { method: 'GET', url: 'https://api.example.com/v1/users/1', response: { id: 1 } },
  { method: 'POST', url: 'https://api.example.com/v1/orders', body: { sku: 'a' }, status: 201 },
  { method: 'GET', url: 'https://api.example.com/v1/health' },
]);
const harLog = (JSON.parse(har) as { log: unknown }).log;

describe('format detection past the first bytes', () => {
  it('a HAR after 66 KB of whitespace, or after a 100 KB first member, is a HAR', async () => {
    for (const file of [write('ws.har', `${' \n'.repeat(33 * 1024)}${har}`), write('comment.har', JSON.stringify({ comment: 'c'.repeat(100 * 1024), log: harLog }))]) {
      const r = await analyze(file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.s!.inputs[0]).toMatchObject({ format: 'har', entries: 3, calls: 3 });
    }
  });

  it('reads on chunk after chunk when the padding is longer than the first ones (gzip)', async () => {
    const members = { comment: 'c'.repeat(1_500_000), pages: [{ id: 'p', title: ']}"\\' }], version: 2 };
    const files = [write('ws.har.gz', `\ufeff${' '.repeat(1_500_000)}${har}`, true), write('members.har.gz', JSON.stringify({ ...members, log: harLog }), true)];
    for (const file of files) {
      const r = await analyze(file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.s!.inputs[0]).toMatchObject({ format: 'har', entries: 3, calls: 3 });
    }
  });

  it('Akto JSON lines whose long first line names its Akto members only after a long one', async () => {
    const fixture = new URL('../../fixtures/akto/mirrored-traffic.jsonl', import.meta.url).pathname;
    const text = readFileSync(fixture, 'utf8');
    const first = JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;
    const long = JSON.stringify({ contentType: 'x'.repeat(1_500_000), ...first });
    const plain = (await analyze(fixture)).s!.inputs[0]!;
    const r = await analyze(write('long-first.jsonl.gz', `${long}\n${text}`, true));
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.inputs[0]).toMatchObject({ format: 'akto', entries: plain.entries + 1, calls: plain.calls + 1, skipped: plain.skipped });
  });

  it('a Burp export with a long comment in its prolog, on one thread or two', async () => {
    const sample = readFileSync(`${SAMPLES}burp/burp-community-2020.12.1_httpbin-json.xml`, 'utf8');
    const at = sample.indexOf('<items');
    const padded = `${sample.slice(0, at)}<!-- ${'x'.repeat(1_500_000)} -->\n${sample.slice(at)}`;
    const plain = await analyze(`${SAMPLES}burp/burp-community-2020.12.1_httpbin-json.xml`);
    expect(plain.code, plain.stderr).toBe(0);
    for (const [file, workers] of [
      [write('prolog.xml.gz', padded, true), '1'],
      [write('prolog.xml', padded), '1'],
      [write('prolog.xml', padded), '2'], // the <items> tag past where threads look for it: read in order
    ] as const) {
      const r = await analyze(file, '--workers', workers);
      expect(r.code, r.stderr).toBe(0);
      expect(r.s!.inputs[0]).toMatchObject({ format: 'burp', entries: plain.s!.inputs[0]!.entries, calls: plain.s!.inputs[0]!.calls });
    }
  });

  it('other XML is refused naming its root element, even when a DOCTYPE mentions <items>', async () => {
    const file = write('other.xml', `<?xml version="1.0"?>\n<!DOCTYPE export [ <!ENTITY a "<items>"> ]>\n<!-- ${'y'.repeat(100_000)} -->\n<export/>\n`);
    const r = await analyze(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\.xml: XML, but not a Burp Suite export \(root element <export>\)\. akto-rt reads HAR/);
  });

  it('gives up after 16 MB with a one-line error naming the file', async () => {
    const cases = [
      [write('blank.gz', ' '.repeat(17 * 1024 * 1024), true), /blank\.gz: no capture format recognized in its first 16 MB \(only whitespace\)\. akto-rt reads/],
      [write('huge-member.json.gz', JSON.stringify({ comment: 'c'.repeat(17 * 1024 * 1024), log: harLog }), true), /huge-member\.json\.gz: no capture format recognized in its first 16 MB \(JSON; top-level keys so far: comment\)\./],
    ] as const;
    for (const [file, message] of cases) {
      const r = await analyze(file);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/--input-format forces one/);
    }
    // forcing the format still works on such a file
    const forced = await analyze(cases[1][0], '--input-format', 'har');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.s!.inputs[0]).toMatchObject({ format: 'har', calls: 3 });
  });

  it('a whitespace-only or empty file says so', async () => {
    expect((await analyze(write('blank.txt', ' \n\n'))).stderr).toMatch(/blank\.txt: the input is only whitespace/);
    expect((await analyze(write('empty.txt', ''))).stderr).toMatch(/empty\.txt: the input is empty/);
  });

  it('with the format given, looks no further than the first read and still hands over every byte', async () => {
    const file = write('forced.har', `${' '.repeat(3 * 1024 * 1024)}${har}`);
    const detecting = await openInput(file);
    expect(detecting.detected).toEqual({ format: 'har' });
    await detecting.close();
    const forced = await openInput(file, undefined, undefined, false);
    expect(forced.detected).toHaveProperty('error'); // undecided after 1 MB, and not looked at again
    let bytes = 0;
    for await (const chunk of forced.chunks) bytes += chunk.length;
    expect(bytes).toBe(3 * 1024 * 1024 + Buffer.byteLength(har));
    expect((await analyze(file, '--input-format', 'har')).s!.inputs[0]).toMatchObject({ format: 'har', calls: 3 });
  });

  it('reads UTF-16 input (a PowerShell redirect writes it) as the same capture in UTF-8, plain, gzip and on two threads', async () => {
    const utf16be = (t: string): Buffer => {
      const le = Buffer.from(`\ufeff${t}`, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return le;
    };
    const text = harOf([
      { method: 'GET', url: 'https://api.example.com/v1/users/1', response: { id: 1 } },
      { method: 'POST', url: 'https://api.example.com/v1/orders', body: { sku: '\u00e9t\u00e9 \u2014 \u{1f600}' }, status: 201 },
      { method: 'GET', url: 'https://api.example.com/v1/health' },
    ]);
    expect(text).toMatch(/[^\x00-\x7f]/); // characters that UTF-16 spells differently, one of them a surrogate pair
    for (const [name, bytes, gzip] of [
      ['le.har', Buffer.from(`\ufeff${text}`, 'utf16le'), false],
      ['be.har', utf16be(text), false],
      ['le.har.gz', Buffer.from(`\ufeff${text}`, 'utf16le'), true],
      ['le-nobom.har', Buffer.from(text, 'utf16le'), false],
      ['be-nobom.har', utf16be(text).subarray(2), false],
    ] as const) {
      for (const workers of ['1', '2']) {
        const r = await analyze(write(name, bytes, gzip), '--workers', workers);
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expect(r.s!.inputs[0], name).toMatchObject({ format: 'har', entries: 3, calls: 3, skipped: 0 });
      }
    }
    const db = `${dir}/utf16.db`;
    expect((await cli(['analyze', write('le2.har', Buffer.from(`\ufeff${text}`, 'utf16le')), '--db', db])).code).toBe(0);
    const show = await cli(['show', 'POST', '/v1/orders', '--db', db, '--format', 'json']);
    expect(show.stdout).toContain('$.sku');
  });
});


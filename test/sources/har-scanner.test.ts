import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanHar, type HarScanEvent } from '../../src/sources/har-scanner.js';
import { InputError } from '../../src/errors.js';

const SAMPLES = new URL('../../../shared/samples/har/', import.meta.url).pathname;

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function scanAll(buf: Buffer, size: number, file = 'x.har'): Promise<HarScanEvent[]> {
  const out: HarScanEvent[] = [];
  for await (const ev of scanHar(chunked(buf, size), file)) out.push(ev);
  return out;
}

/** Entries as parsed values, by index, whichever path (byte-framed text or a parsed run) produced them. */
function entries(evs: HarScanEvent[]): { index: number; value: unknown }[] {
  return evs.flatMap((e) =>
    e.kind === 'entry' ? [{ index: e.index, value: JSON.parse(e.text) as unknown }] : e.kind === 'entry-value' ? [{ index: e.index, value: e.value }] : [],
  );
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

describe('HAR byte scanner', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.har'));

  it.each(files)('yields exactly the entries JSON.parse sees in %s, at any chunk size', async (f) => {
    const buf = readFileSync(SAMPLES + f);
    const truth = JSON.parse(stripBom(buf.toString('utf8'))).log.entries as unknown[];
    for (const size of [1, 7, 4096, buf.length]) {
      const got = entries(await scanAll(buf, size));
      expect(got.map((e) => e.value)).toEqual(truth);
      expect(got.map((e) => e.index)).toEqual(truth.map((_, k) => k));
    }
  });

  it('handles escaped quotes and backslashes split across chunk boundaries', async () => {
    const entry = { request: { url: 'https://a/"\\\\"x', note: 'a\\"b\\\\' }, n: '}]{[' };
    const buf = Buffer.from(JSON.stringify({ log: { version: '1.2', entries: [entry, entry] } }));
    for (let size = 1; size < 12; size++) {
      const got = entries(await scanAll(buf, size));
      expect(got).toHaveLength(2);
      expect(got[1]!.value).toEqual(entry);
    }
  });

  it('captures log.version and log.creator, and reports non-object entries', async () => {
    const buf = Buffer.from('{"log":{"version":1.2,"creator":{"name":"x","version":2},"entries":[{"a":1}, 5, {"b":2}]}}');
    for (const size of [5, buf.length]) {
      const evs = await scanAll(buf, size);
      expect(evs).toContainEqual({ kind: 'log-member', key: 'version', text: '1.2' });
      expect(evs).toContainEqual({ kind: 'log-member', key: 'creator', text: '{"name":"x","version":2}' });
      expect(entries(evs).map((e) => e.index)).toEqual([0, 2]);
      expect(evs).toContainEqual({ kind: 'entry-invalid', index: 1, reason: 'entry is not an object' });
    }
  });

  it('reads JSONP-wrapped HAR (HARP)', async () => {
    const buf = Buffer.from('onInputData({"log":{"entries":[{"a":1}]}});\n');
    expect(entries(await scanAll(buf, 3))).toHaveLength(1);
  });

  describe('runs of entries parsed at once', () => {
    const doc = (list: string[]): Buffer => Buffer.from(`{"log":{"version":"1.2","entries":[${list.join(',')}]}}`);
    const kinds = (evs: HarScanEvent[]): string[] => evs.filter((e) => e.kind !== 'log-member').map((e) => `${e.kind}:${(e as { index: number }).index}`);

    it('parses whole entries of a chunk in one go, the last one framed byte by byte', async () => {
      const list = Array.from({ length: 6 }, (_, k) => JSON.stringify({ startedDateTime: `2024-01-0${k + 1}`, n: k }));
      const evs = await scanAll(doc(list), 1 << 20);
      expect(kinds(evs)).toEqual(['entry-value:0', 'entry-value:1', 'entry-value:2', 'entry-value:3', 'entry-value:4', 'entry:5']);
      expect(entries(evs).map((e) => e.value)).toEqual(list.map((t) => JSON.parse(t) as unknown));
    });

    it('is not fooled by the entry head nested in an entry or quoted in a string', async () => {
      const list = [
        '{"a":1,"h":[{"a":2},{"a":3}]}',
        JSON.stringify({ a: 4, s: '},{"a":5}' }),
        '{"a":6,"h":[{"x":0},{"a":7}]}',
        '{"a":8}',
      ];
      const truth = list.map((t) => JSON.parse(t) as unknown);
      for (const size of [1 << 20, 17, 40]) {
        const got = entries(await scanAll(doc(list), size));
        expect(got.map((e) => e.value)).toEqual(truth);
        expect(got.map((e) => e.index)).toEqual([0, 1, 2, 3]);
      }
    });

    it('leaves a malformed entry to byte framing, so it is reported alone at its index', async () => {
      const list = ['{"a":1}', '{"a":2}', '{"a":tru}', '{"a":4}', '{"a":5}'];
      const evs = await scanAll(doc(list), 1 << 20);
      const bad = evs.find((e) => e.kind === 'entry' && e.index === 2);
      expect(bad).toEqual({ kind: 'entry', index: 2, text: '{"a":tru}' });
      expect(entries(evs.filter((e) => e !== bad)).map((e) => e.value)).toEqual([{ a: 1 }, { a: 2 }, { a: 4 }, { a: 5 }]);
    });

    it('reads pretty-printed entries the same way', async () => {
      const list = Array.from({ length: 5 }, (_, k) => ({ startedDateTime: 'x', request: { headers: [{ name: 'a', value: String(k) }] } }));
      const buf = Buffer.from(JSON.stringify({ log: { entries: list } }, null, 2));
      const evs = await scanAll(buf, 1 << 20);
      expect(kinds(evs).filter((k) => k.startsWith('entry-value'))).toHaveLength(4);
      expect(entries(evs).map((e) => e.value)).toEqual(list);
    });
  });

  it.each([
    ['not JSON', '{\n "log":{\n  "version":"1.1"\n  xxx\n }\n}', /invalid JSON at byte \d+/],
    ['no log', '{"test_response":{"log":{"entries":[]}}}', /not a HAR file: no top-level "log" object \(top-level keys: test_response\)/],
    ['truncated', '{"log":{"entries":[{"a":1},{"b":', /truncated HAR/],
    ['empty', '', /not a HAR file/],
  ])('fails with a one-line located error: %s', async (_n, text, re) => {
    const err = await scanAll(Buffer.from(text), 4, 'bad.har').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).toMatch(/^bad\.har/);
    expect((err as Error).message).not.toContain('\n');
  });
});

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

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

describe('HAR byte scanner', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.har'));

  it.each(files)('yields exactly the entries JSON.parse sees in %s, at any chunk size', async (f) => {
    const buf = readFileSync(SAMPLES + f);
    const truth = JSON.parse(stripBom(buf.toString('utf8'))).log.entries as unknown[];
    for (const size of [1, 7, 4096, buf.length]) {
      const evs = (await scanAll(buf, size)).filter((e) => e.kind === 'entry');
      expect(evs.map((e) => JSON.parse((e as { text: string }).text))).toEqual(truth);
    }
  });

  it('handles escaped quotes and backslashes split across chunk boundaries', async () => {
    const entry = { request: { url: 'https://a/"\\\\"x', note: 'a\\"b\\\\' }, n: '}]{[' };
    const buf = Buffer.from(JSON.stringify({ log: { version: '1.2', entries: [entry, entry] } }));
    for (let size = 1; size < 12; size++) {
      const evs = await scanAll(buf, size);
      const entries = evs.filter((e) => e.kind === 'entry');
      expect(entries).toHaveLength(2);
      expect(JSON.parse((entries[1] as { text: string }).text)).toEqual(entry);
    }
  });

  it('captures log.version and log.creator, and reports non-object entries', async () => {
    const buf = Buffer.from('{"log":{"version":1.2,"creator":{"name":"x","version":2},"entries":[{"a":1}, 5, {"b":2}]}}');
    const evs = await scanAll(buf, 5);
    expect(evs).toContainEqual({ kind: 'log-member', key: 'version', text: '1.2' });
    expect(evs).toContainEqual({ kind: 'log-member', key: 'creator', text: '{"name":"x","version":2}' });
    expect(evs.filter((e) => e.kind === 'entry').map((e) => (e as { index: number }).index)).toEqual([0, 2]);
    expect(evs).toContainEqual({ kind: 'entry-invalid', index: 1, reason: 'entry is not an object' });
  });

  it('reads JSONP-wrapped HAR (HARP)', async () => {
    const buf = Buffer.from('onInputData({"log":{"entries":[{"a":1}]}});\n');
    expect((await scanAll(buf, 3)).filter((e) => e.kind === 'entry')).toHaveLength(1);
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

// HAR's log, not only its entries, is checked against har-validator's schema: a missing version,
// creator or entries, malformed pages, browser or comment. Without --strict each finding is a
// warning (carried by the last entry, which the scanner hands over at the end of the log); under
// --strict it fails the file with one line naming the member. Members may come in any order:
// Fiddler and Polly.JS write version and creator after the entries.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { SourceItem } from '../../src/model/call-record.js';
import { checkLogMember, logProblems, readHar } from '../../src/sources/har.js';
import { HarScanner, MAX_LOG_MEMBER_BYTES, type HarScanEvent } from '../../src/sources/har-scanner.js';
import { harOf } from '../har-builder.js';

const ENTRY = (JSON.parse(harOf([{ method: 'GET', url: 'https://api.example.com/v1/users' }])) as { log: { entries: object[] } }).log.entries[0]!;
const E = JSON.stringify(ENTRY);
const CREATOR = '"creator":{"name":"t","version":"1"}';

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Items of `text` read in chunks of `size`, or the error. */
async function read(text: string, strict: boolean, size = 1 << 20): Promise<{ items: SourceItem[]; error: string | null }> {
  const items: SourceItem[] = [];
  try {
    for await (const item of readHar(chunked(Buffer.from(text), size), 'log.har', { strict })) items.push(item);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { items, error: e.message };
  }
  return { items, error: null };
}

/** Every warning, as `index: warning`. */
function warnings(items: SourceItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'call' ? (i.warnings ?? []).map((w) => `${i.call.source.index}: ${w}`) : []));
}

describe('HAR log schema', () => {
  it('QA: {"log":{"entries":[<valid entry>]}} warns about version and creator, and fails --strict', async () => {
    const text = `{"log":{"entries":[${E}]}}`;
    const lax = await read(text, false);
    expect(lax.error).toBeNull();
    expect(lax.items.map((i) => i.kind)).toEqual(['call']);
    expect(warnings(lax.items)).toEqual(["0: HAR schema: log should have required property 'version'", "0: HAR schema: log should have required property 'creator'"]);
    const strict = await read(text, true);
    expect(strict.error).toBe("log.har: HAR schema: log should have required property 'version'; log should have required property 'creator'");
  });

  it('QA: log.version present but creator missing', async () => {
    const text = `{"log":{"version":"1.2","entries":[${E},${E}]}}`;
    expect(warnings((await read(text, false)).items)).toEqual(["1: HAR schema: log should have required property 'creator'"]);
    expect((await read(text, true)).error).toMatch(/^log\.har: HAR schema: log should have required property 'creator'$/);
  });

  it('QA: pages [{"id": 5}] is checked against the page schema', async () => {
    const text = `{"log":{"version":"1.2",${CREATOR},"pages":[{"id":5}],"entries":[${E}]}}`;
    const w = warnings((await read(text, false)).items);
    expect(w).toContain('0: HAR schema: log.pages[0].id should be string');
    expect(w).toContain("0: HAR schema: log.pages[0] should have required property 'title'");
    expect((await read(text, true)).error).toMatch(/^log\.har: HAR schema: log\.pages\[0\]/);
    const good = `{"log":{"version":"1.2",${CREATOR},"pages":[{"id":"p","title":"t","startedDateTime":"2024-03-10T12:00:00.000Z","pageTimings":{"onLoad":-1}}],"entries":[${E}]}}`;
    expect(await read(good, true)).toMatchObject({ error: null });
    expect(warnings((await read(good, false)).items)).toEqual([]);
  });

  it('QA: a HAR with no entries fails --strict (and is still read without it)', async () => {
    const text = `{"log":{"version":"1.2",${CREATOR}}}`;
    expect(await read(text, false)).toEqual({ items: [], error: null });
    expect((await read(text, true)).error).toBe("log.har: HAR schema: log should have required property 'entries'");
    expect(await read(`{"log":{"version":"1.2",${CREATOR},"entries":[]}}`, true)).toEqual({ items: [], error: null });
  });

  it('comment and browser are checked too; a malformed creator or browser still fails without --strict', async () => {
    const text = `{"log":{"version":"1.2",${CREATOR},"comment":7,"entries":[${E}]}}`;
    expect(warnings((await read(text, false)).items)).toEqual(['0: HAR schema: log.comment should be string']);
    expect((await read(text, true)).error).toBe('log.har: HAR schema: log.comment should be string');
    const browser = await read(`{"log":{"version":"1.2",${CREATOR},"browser":{"name":"b"},"entries":[${E}]}}`, false);
    expect(browser.error).toBe("log.har: log.browser is invalid: browser should have required property 'version'");
  });

  it('members after the entries (Fiddler, Polly.JS) are not missing, and are checked at the end of the log', async () => {
    const fiddler = `{"log":{"pages":[],"entries":[${E},${E}],"version":"1.2",${CREATOR},"comment":""}}`;
    expect(await read(fiddler, true)).toMatchObject({ error: null });
    expect(warnings((await read(fiddler, false)).items)).toEqual([]);
    const late = `{"log":{"version":"1.2","entries":[${E},${E}],"comment":{"x":1},${CREATOR}}}`;
    expect(warnings((await read(late, false)).items)).toEqual(['1: HAR schema: log.comment should be string']);
    expect((await read(late, true)).error).toBe('log.har: HAR schema: log.comment should be string');
  });

  it('gives the same items, warnings and errors at every chunk size', async () => {
    const docs = [
      `{"log":{"entries":[${E},${E},${E}]}}`,
      `{"log":{"pages":[{"id":5},{"id":6}],"entries":[${E},7,${E}],"comment":3}}`,
      `{"log":{"version":"1.2","entries":[${E}],${CREATOR},"browser":{"name":"b","version":"1"},"pages":"no"}}`,
      `{"log":{"version":"1.2",${CREATOR}}}`,
    ];
    for (const text of docs) {
      for (const strict of [false, true]) {
        const want = await read(text, strict);
        for (const size of [1, 5, 64]) expect(await read(text, strict, size), `${text} at ${size}`).toEqual(want);
      }
    }
  });

  it('a problem shared by many pages is said once, with how many more pages have it', () => {
    const pages = JSON.stringify(Array.from({ length: 40 }, (_, k) => ({ id: `p${k}`, title: 't', startedDateTime: '2024-03-10T12:00:00.000Z' })));
    const log = new Map<string, string | null>([['version', '"1.2"'], ['creator', '{"name":"t","version":"1"}'], ['pages', pages], ['entries', '']]);
    expect(logProblems(log)).toEqual(["log.pages[0] should have required property 'pageTimings' (and 39 more pages)"]);
  });

  it('a member over the cap is not kept: a warning that it was not checked, and --strict fails', async () => {
    const big = JSON.stringify([{ id: 'p', title: 'x'.repeat(2 * MAX_LOG_MEMBER_BYTES), startedDateTime: '2024-03-10T12:00:00.000Z', pageTimings: {} }]);
    const text = `{"log":{"version":"1.2",${CREATOR},"pages":${big},"entries":[${E}]}}`;
    expect(warnings((await read(text, false, 65536)).items)).toEqual(['0: HAR schema: log.pages is larger than 1 MB and was not checked']);
    expect((await read(text, true, 65536)).error).toBe('log.har: HAR schema: log.pages is larger than 1 MB and was not checked');
  });

  it('a not-JSON pages or comment is a deviation, not a broken file, without --strict', async () => {
    const text = `{"log":{"version":"1.2",${CREATOR},"pages":[1 2],"entries":[${E}]}}`;
    const lax = await read(text, false);
    expect(lax.error).toBeNull();
    expect(warnings(lax.items)).toEqual(['0: HAR schema: log.pages is not valid JSON']);
    expect(() => checkLogMember('pages', '[1 2]', 'f.har')).not.toThrow();
    expect(() => checkLogMember('creator', '{', 'f.har')).toThrow(/log\.creator is not valid JSON/);
  });

  it('the scanner hands over the last entry at the end of the log, after the members that follow the entries', () => {
    const s = new HarScanner('x.har');
    const evs: HarScanEvent[] = [...s.events(Buffer.from(`{"log":{"entries":[${E},${E}],"version":"1.2",${CREATOR}}}`))];
    s.end();
    expect(evs.map((e) => (e.kind === 'log-member' ? `member:${e.key}` : `${e.kind}:${e.index}${e.kind !== 'entry-bytes' && e.log ? '+log' : ''}`))).toEqual([
      'entry-value:0',
      'entry:1+log',
      'member:version',
      'member:creator',
      'member:',
    ]);
    const end = evs[evs.length - 1] as { log?: Map<string, string | null> };
    expect([...end.log!.keys()]).toEqual(['entries', 'version', 'creator']);
  });
});

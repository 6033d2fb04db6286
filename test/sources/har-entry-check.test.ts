// The fast schema proof never vouches for an entry that har-validator would fault: checked on every
// entry of the real HAR samples and on thousands of single-field mutations of them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { provenValidEntry } from '../../src/sources/har-entry-check.js';
import { schemaProblems } from '../../src/sources/har.js';
import { harOf } from '../har-builder.js';
import { SAMPLES } from '../helpers.js';

type Json = unknown;

function sampleEntries(): { file: string; entry: Json }[] {
  const out: { file: string; entry: Json }[] = [];
  for (const f of readdirSync(`${SAMPLES}har`)) {
    let doc: { log?: { entries?: unknown } };
    try {
      let text = readFileSync(`${SAMPLES}har/${f}`, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      doc = JSON.parse(text) as typeof doc;
    } catch {
      continue; // not plain JSON (HARP, gzip): other tests cover those files
    }
    const entries = doc?.log?.entries;
    if (Array.isArray(entries)) for (const entry of entries) out.push({ file: f, entry });
  }
  return out;
}

const REPLACEMENTS: Json[] = [undefined, null, 42, 1.5, -1, 'x', '', [], {}, true, '2024-03-10', 'not a url', '::1', [{}], [{ name: 1, value: 'v' }]];

/** Every variant of `root` with one member (up to `depth` levels down) deleted or replaced. */
function* mutations(root: Json, depth = 4): Generator<Json> {
  function* at(node: Json, path: (string | number)[], d: number): Generator<(string | number)[]> {
    if (d > depth || node === null || typeof node !== 'object') return;
    const keys = Array.isArray(node) ? node.map((_, i) => i).slice(0, 2) : Object.keys(node);
    for (const k of keys) {
      yield [...path, k];
      yield* at((node as Record<string | number, Json>)[k], [...path, k], d + 1);
    }
  }
  for (const path of at(root, [], 1)) {
    for (const r of REPLACEMENTS) {
      const copy = structuredClone(root) as Record<string | number, Json>;
      let parent = copy;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
      const last = path[path.length - 1]!;
      if (r === undefined) delete parent[last];
      else parent[last] = structuredClone(r);
      yield copy;
    }
  }
}

describe('provenValidEntry', () => {
  const entries = sampleEntries();

  it('vouches only for sample entries the validator accepts, and for most of them', () => {
    let proven = 0;
    for (const { file, entry } of entries) {
      if (!provenValidEntry(entry)) continue;
      proven++;
      expect(schemaProblems('entry', entry), file).toEqual([]);
    }
    expect(entries.length).toBeGreaterThan(300);
    // Exporters that follow the schema (browsers, mitmproxy, Charles, Fiddler) go the fast way.
    expect(proven / entries.length).toBeGreaterThan(0.5);
  });

  it('never vouches for a mutation the validator faults', () => {
    const typical = (JSON.parse(harOf([{ method: 'POST', url: 'https://api.test/a?x=1', headers: { Cookie: 'a=b' }, body: { a: 1 }, response: { ok: true } }])) as { log: { entries: Json[] } }).log.entries[0]!;
    const withExtras = structuredClone(typical) as Record<string, Record<string, unknown>>;
    withExtras.request!.cookies = [{ name: 'a', value: 'b', expires: '2025-01-01T00:00:00Z', httpOnly: true, secure: false, path: '/' }];
    withExtras.serverIPAddress = '10.0.0.1' as never;
    withExtras.cache = { beforeRequest: null } as never;
    const seeds = [typical, withExtras, ...entries.filter((e) => provenValidEntry(e.entry)).slice(0, 6).map((e) => e.entry)];
    let checked = 0;
    let vouched = 0;
    for (const seed of seeds) {
      expect(provenValidEntry(seed)).toBe(true);
      for (const m of mutations(seed)) {
        checked++;
        if (!provenValidEntry(m)) continue;
        vouched++;
        expect(schemaProblems('entry', m), JSON.stringify(m).slice(0, 300)).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(vouched).toBeGreaterThan(100); // harmless mutations (an optional comment, a string for a string) stay fast
  });
});

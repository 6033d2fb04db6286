// HAR files analyzed in segments by several threads (har-parallel.ts) give exactly what one scan from
// start to end gives: the same tallies, calls, endpoints, users and stats, and the same error for a
// broken file. Segments here are tiny, so a few hundred entries make many of them, and the "workers"
// finish out of order; decoys make some guessed boundaries wrong.

import { readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeBatch } from '../../src/pipeline/aggregate.js';
import { analyzeInProcess } from '../../src/pipeline/analyze-input.js';
import { ChunkAnalyzer, emptyTally, type Tally } from '../../src/pipeline/chunk.js';
import { analyzeHarFile } from '../../src/pipeline/har-parallel.js';
import { analyzeSegment, type SegmentJob, type SegmentOutcome } from '../../src/pipeline/har-segments.js';
import { analyzeJsonlFile } from '../../src/pipeline/jsonl-parallel.js';
import { analyzeJsonlSegment, type JsonlOutcome, type JsonlSegmentJob } from '../../src/pipeline/jsonl-segments.js';
import { ResultSink } from '../../src/pipeline/result-sink.js';
import { generateCalls } from '../../bench/generate.js';
import { aktoRecord } from '../../bench/writers.js';
import { readAktoJsonl } from '../../src/sources/akto-jsonl.js';
import type { InputJob } from '../../src/pipeline/result-sink.js';
import type { SegmentRunner } from '../../src/pipeline/workers/pool.js';
import { emptyBatch, type Batch } from '../../src/model/batch.js';
import { openInput } from '../../src/sources/input.js';
import type { BatchWriter } from '../../src/store/writer.js';
import { SAMPLES, tempDir } from '../helpers.js';
import { analyzerContext, callLogRows, harDocument, harEntryTexts } from './helpers.js';

/** Stands in for the worker pool: segments finish after scrambled delays, on their own analyzer. */
class ScrambledRunner implements SegmentRunner {
  readonly size = 2;
  private busy = 0;
  private seed = 7;
  private readonly analyzer = new ChunkAnalyzer(analyzerContext());
  readonly jobs: SegmentJob[] = [];
  readonly begins: number[] = [];

  constructor(private readonly strict: boolean) {}

  hasRoom(depth: number): boolean {
    return this.busy < this.size * depth;
  }

  private later<O>(work: () => O): Promise<O> {
    this.busy++;
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    const delay = this.seed % 4;
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        this.busy--;
        try {
          resolve(work());
        } catch (e) {
          reject(e as Error);
        }
      }, delay),
    );
  }

  runSegment(job: SegmentJob): Promise<SegmentOutcome> {
    this.jobs.push(job);
    return this.later(() => {
      const o = analyzeSegment(job, this.analyzer, this.strict);
      this.begins.push(o.begin);
      return o;
    });
  }

  runJsonl(job: JsonlSegmentJob): Promise<JsonlOutcome> {
    return this.later(() => analyzeJsonlSegment(job, this.analyzer));
  }
}

interface Outcome {
  tally: Tally;
  batch: Batch;
  error: string | null;
}

async function run(file: string, how: 'in-process' | number, strict = false): Promise<Outcome & { runner?: ScrambledRunner }> {
  const batch = emptyBatch();
  const writer = { write: (b: Batch) => mergeBatch(batch, b) } as unknown as BatchWriter;
  const input = await openInput(file);
  const job: InputJob = { file, format: 'har', input, strict, writer, tally: emptyTally() };
  let error: string | null = null;
  const runner = new ScrambledRunner(strict);
  try {
    if (how === 'in-process') await analyzeInProcess(job, analyzerContext());
    else await analyzeHarFile(job, runner, analyzerContext(), how);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    await input.close();
  }
  return { tally: job.tally, batch, error, runner };
}

function expectSame(got: Outcome, want: Outcome): void {
  expect(got.error).toBe(want.error);
  expect(got.tally).toEqual(want.tally);
  expect(got.batch.calls).toBe(want.batch.calls);
  expect([...got.batch.endpoints.keys()]).toEqual([...want.batch.endpoints.keys()]);
  expect([...got.batch.users.keys()]).toEqual([...want.batch.users.keys()]);
  expect(callLogRows(got.batch.log)).toEqual(callLogRows(want.batch.log));
}

const BAD = { 5: '7', 140: '"not an entry"', 141: '{"request": {}}', 299: 'null' };

describe('HAR files analyzed in segments', () => {
  const dir = tempDir();
  const write = (name: string, text: string | Buffer): string => {
    const file = `${dir}/${name}`;
    writeFileSync(file, text);
    return file;
  };

  it('compact and pretty-printed captures: the same as one scan, whatever the segment size', async () => {
    const entries = harEntryTexts(300, 11, BAD);
    const compact = write('compact.har', harDocument(entries));
    const pretty = write('pretty.har', JSON.stringify(JSON.parse(harDocument(entries)), null, 2));
    for (const file of [compact, pretty]) {
      const want = await run(file, 'in-process');
      expect(want.tally.entries).toBe(300);
      expect(want.tally.skipped).toBe(4);
      for (const size of [1500, 9000, 70_000, 10_000_000]) {
        const got = await run(file, size);
        expectSame(got, want);
        if (size < 70_000) expect(got.runner!.jobs.filter((j) => !j.exact).length).toBeGreaterThan(5); // guessed, not read in order
      }
    }
  });

  it('guesses that land inside an entry are caught and redone', async () => {
    // Objects inside entries that open like an entry, after `},`: a wrong boundary to guess in every segment.
    const entries = harEntryTexts(200, 12).map((t) => {
      const e = JSON.parse(t) as Record<string, unknown>;
      return JSON.stringify({ startedDateTime: e['startedDateTime'], ...e, _decoys: [{ startedDateTime: 'x' }, { startedDateTime: 'y', a: [1] }] });
    });
    const doc = harDocument(entries);
    const file = write('decoys.har', doc);
    const starts = new Set(entries.map((_, i) => doc.indexOf('[') + 1 + entries.slice(0, i).reduce((n, t) => n + t.length + 1, 0)));
    const want = await run(file, 'in-process');
    expect(want.tally.calls).toBeGreaterThan(150);
    for (const size of [700, 3000, 20_000]) {
      const got = await run(file, size);
      expectSame(got, want);
      expect(got.runner!.begins.filter((b) => b !== -1 && !starts.has(b)).length).toBeGreaterThan(2); // wrong guesses were made
    }
  });

  it('entries larger than a segment, members after log.entries, a BOM and a JSONP wrapper', async () => {
    const entries = harEntryTexts(60, 13);
    const e = JSON.parse(entries[30]!) as { response: { content: { text?: string } } };
    e.response.content.text = JSON.stringify({ items: Array.from({ length: 2000 }, (_, k) => ({ id: k, email: `u${k}@example.com` })) });
    entries[30] = JSON.stringify(e);
    const body = `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"pages":[{"id":"p"}],"entries":[${entries.join(',')}],"comment":"after","browser":{"name":"b","version":"2"}},"extra":[1]}`;
    const files = [write('big.har', body), write('bom.har', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])), write('harp.har', `onInputData(${body});`)];
    for (const file of files) {
      const want = await run(file, 'in-process');
      expect(want.error).toBeNull();
      expect(want.tally.entries).toBe(60);
      for (const size of [1000, 30_000]) expectSame(await run(file, size), want);
    }
  });

  it('entries that open in different ways are still all analyzed', async () => {
    // Every third entry opens with another member: guesses keep missing, so segments are read in order.
    const entries = harEntryTexts(150, 14).map((t, i) => {
      if (i % 3 !== 1) return t;
      const e = JSON.parse(t) as Record<string, unknown>;
      return JSON.stringify({ request: e['request'], ...e });
    });
    const file = write('mixed.har', harDocument(entries));
    const want = await run(file, 'in-process');
    for (const size of [800, 5000]) expectSame(await run(file, size), want);
  });

  it('broken files fail with the error one scan gives, after the same entries', async () => {
    const doc = harDocument(harEntryTexts(120, 15));
    const cut = doc.slice(0, Math.floor(doc.length * 0.7));
    const glued = doc.replace('},{"startedDateTime"', '};{"startedDateTime"'); // a bad separator between two entries
    const trailing = doc.replace(/\]\}\}$/, ',]}}');
    const files = [write('cut.har', cut), write('glued.har', glued), write('trailing.har', trailing), write('cut-after.har', doc.slice(0, -2))];
    for (const file of files) {
      const want = await run(file, 'in-process');
      expect(want.error).toMatch(/truncated HAR|invalid JSON/);
      for (const size of [900, 6000]) expectSame(await run(file, size), want);
    }
  });

  it('--strict stops at the same entry', async () => {
    const file = write('strict.har', harDocument(harEntryTexts(200, 16, { 150: '{"request": {"method": "GET"}}' })));
    const want = await run(file, 'in-process', true);
    expect(want.error).toContain('entry 150');
    const got = await run(file, 2000, true);
    expect(got.error).toBe(want.error);
  });

  it('every real HAR sample (browsers, proxies, HAR 1.1, BOMs, broken ones): the same as one scan', async () => {
    const files = ['har', 'invalid'].flatMap((d) => readdirSync(`${SAMPLES}${d}`).filter((f) => f.endsWith('.har')).map((f) => `${SAMPLES}${d}/${f}`));
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const want = await run(file, 'in-process');
      for (const size of [1000, 20_000]) {
        const got = await run(file, size);
        try {
          expectSame(got, want);
        } catch (e) {
          throw new Error(`${file}, segments of ${size} bytes: ${(e as Error).message}`);
        }
      }
    }
  });

  it('empty and missing log.entries', async () => {
    for (const text of ['{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[]}}', '{"log":{"version":"1.2","creator":{"name":"t","version":"1"}}}', '{"nolog":{}}']) {
      const file = write('empty.har', text);
      expectSame(await run(file, 100), await run(file, 'in-process'));
    }
  });
});

/** One sequential read of a JSON-lines file (lines over `max` bytes skipped), as in-process analysis does it. */
async function jsonlInOrder(file: string, max: number): Promise<Outcome> {
  const batch = emptyBatch();
  const writer = { write: (b: Batch) => mergeBatch(batch, b) } as unknown as BatchWriter;
  const input = await openInput(file);
  const job: InputJob = { file, format: 'akto', input, strict: false, writer, tally: emptyTally() };
  const sink = new ResultSink(job);
  const analyzer = new ChunkAnalyzer(analyzerContext());
  let error: string | null = null;
  try {
    for await (const item of readAktoJsonl(input.chunks, file, max)) analyzer.add(item);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    await input.close();
  }
  if (error === null) {
    sink.consume(analyzer.take());
    sink.flush();
  }
  return { tally: job.tally, batch, error };
}

async function jsonlInSegments(file: string, segmentBytes: number, max: number): Promise<Outcome> {
  const batch = emptyBatch();
  const writer = { write: (b: Batch) => mergeBatch(batch, b) } as unknown as BatchWriter;
  const input = await openInput(file);
  const job: InputJob = { file, format: 'akto', input, strict: false, writer, tally: emptyTally() };
  let error: string | null = null;
  try {
    await analyzeJsonlFile(job, new ScrambledRunner(false), analyzerContext(), segmentBytes, max);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    await input.close();
  }
  return { tally: job.tally, batch, error };
}

describe('Akto JSON-lines files analyzed in segments', () => {
  const dir = tempDir();
  const lines = [...generateCalls({ entries: 300, seed: 21 })].map((c) => JSON.stringify(aktoRecord(c)));

  it('line numbers, blank lines, CRLF, bad and over-long lines: the same as one sequential read', async () => {
    const text = lines
      .map((l, i) => (i === 7 ? '{"method": ' : i === 50 ? '42' : i === 120 ? `{"pad": "${'x'.repeat(9000)}"}` : i % 40 === 3 ? `${l}\r\n` : i % 25 === 0 ? `${l}\n\n   ` : l))
      .join('\n');
    const files = [`${dir}/messages.jsonl`, `${dir}/bom.jsonl`, `${dir}/newline-end.jsonl`];
    writeFileSync(files[0]!, text);
    writeFileSync(files[1]!, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    writeFileSync(files[2]!, `${text}\n`);
    for (const file of files) {
      const want = await jsonlInOrder(file, 7000);
      expect(want.error).toBeNull();
      // Bad JSON, a number, the over-long line, numbered as lines with the blank ones counted: two
      // after every 25th message, one after every CRLF-ended one (the join adds its own newline).
      expect(want.tally.skippedReasons.map((r) => r.index)).toEqual([10, 56, 131]);
      for (const size of [600, 4000, 50_000, 10_000_000]) expectSame(await jsonlInSegments(file, size, 7000), want);
    }
  });

  it('a file that is not JSON lines fails the same way, even when its first content is segments in', async () => {
    for (const text of [`${'\n'.repeat(3000)}[${lines[0]}]`, `\n\n{\n"log": {}\n}`, `${'  \n'.repeat(500)}<items></items>`, `${'\n'.repeat(2000)}${lines.slice(0, 5).join('\n')}`]) {
      const file = `${dir}/odd.jsonl`;
      writeFileSync(file, text);
      const want = await jsonlInOrder(file, 7000);
      for (const size of [300, 1000]) expectSame(await jsonlInSegments(file, size, 7000), want);
    }
  });
});

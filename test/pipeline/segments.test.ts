// HAR files analyzed in segments by several threads (har-parallel.ts) give exactly what one scan from
// start to end gives: the same tallies, calls, endpoints, users and stats, and the same error for a
// broken file. Segments here are tiny, so a few hundred entries make many of them, and the "workers"
// finish out of order; decoys make some guessed boundaries wrong.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeBatch } from '../../src/pipeline/aggregate.js';
import { analyzeInProcess } from '../../src/pipeline/analyze-input.js';
import { ChunkAnalyzer, emptyTally, type Tally } from '../../src/pipeline/chunk.js';
import { analyzeHarFile } from '../../src/pipeline/har-parallel.js';
import { analyzeJsonlFile } from '../../src/pipeline/jsonl-parallel.js';
import { ResultSink } from '../../src/pipeline/result-sink.js';
import { analyzeBurpFile } from '../../src/pipeline/burp-parallel.js';
import { aktoRecord, writeBurp } from '../../bench/writers.js';
import { generateCalls } from '../../bench/generate.js';
import { readAktoJsonl } from '../../src/sources/akto-jsonl.js';
import type { InputJob } from '../../src/pipeline/result-sink.js';
import type { SegmentRunner } from '../../src/pipeline/workers/pool.js';
import type { OutcomeOf, SegmentJobs } from '../../src/pipeline/workers/protocol.js';
import { runSegmentJob } from '../../src/pipeline/workers/run-job.js';
import { emptyBatch, type Batch } from '../../src/model/batch.js';
import type { InputFormat } from '../../src/model/call-record.js';
import { openInput } from '../../src/sources/input.js';
import { CUT_MESSAGE_CHARS, MAX_ELEMENT_CHARS, readBurp } from '../../src/sources/burp.js';
import { analyzeBurpSegment } from '../../src/pipeline/burp-segments.js';
import type { SourceItem } from '../../src/model/call-record.js';
import type { BatchWriter } from '../../src/store/writer.js';
import { SAMPLES, tempDir } from '../helpers.js';
import { analyzerContext, callLogRows, harDocument, harEntryTexts } from './helpers.js';

/** Stands in for the worker pool: segments finish after scrambled delays, on their own analyzer. */
class ScrambledRunner implements SegmentRunner {
  readonly size = 2;
  private busy = 0;
  private seed = 7;
  private readonly analyzer = new ChunkAnalyzer(analyzerContext());
  readonly jobs: SegmentJobs[] = [];
  readonly begins: number[] = [];

  constructor(private readonly strict: boolean) {}

  hasRoom(depth: number): boolean {
    return this.busy < this.size * depth;
  }

  queued(): number {
    return this.busy;
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

  /** As a worker does: the segment analyzed by the worker's dispatch, on this runner's analyzer. */
  runSegment<J extends SegmentJobs>(job: J): Promise<OutcomeOf<J>> {
    this.jobs.push(job);
    return this.later(() => {
      const o = runSegmentJob(job, this.analyzer, this.strict);
      if ('begin' in o) this.begins.push(o.begin);
      return o as OutcomeOf<J>;
    });
  }
}

interface Outcome {
  tally: Tally;
  batch: Batch;
  error: string | null;
}

/** Analyzes `file` with `analyze` into a fresh batch: the input's tally, the batch written, and the error if any. */
async function analyzed(file: string, format: InputFormat, strict: boolean, analyze: (job: InputJob) => Promise<unknown>): Promise<Outcome> {
  const batch = emptyBatch();
  const writer = { write: (b: Batch) => mergeBatch(batch, b) } as unknown as BatchWriter;
  const input = await openInput(file);
  const job: InputJob = { file, format, input, strict, writer, tally: emptyTally() };
  let error: string | null = null;
  try {
    await analyze(job);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    await input.close();
  }
  return { tally: job.tally, batch, error };
}

/** A HAR file in one scan (in-process), or in segments of `how` bytes by scrambled threads. */
async function run(file: string, how: 'in-process' | number, strict = false): Promise<Outcome & { runner: ScrambledRunner }> {
  const runner = new ScrambledRunner(strict);
  const got = await analyzed(file, 'har', strict, (job) => (how === 'in-process' ? analyzeInProcess(job, analyzerContext()) : analyzeHarFile(job, runner, analyzerContext(), how)));
  return { ...got, runner };
}

/** expectSame, with the file and segment size named when it fails. */
function expectSameFor(file: string, size: number, got: Outcome, want: Outcome): void {
  try {
    expectSame(got, want);
  } catch (e) {
    throw new Error(`${file}, segments of ${size} bytes: ${(e as Error).message}`);
  }
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
        if (size < 70_000) expect(got.runner.jobs.filter((j) => j.kind === 'har-segment' && !j.exact).length).toBeGreaterThan(5); // guessed, not read in order
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
      expect(got.runner.begins.filter((b) => b !== -1 && !starts.has(b)).length).toBeGreaterThan(2); // wrong guesses were made
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
      for (const size of [1000, 20_000]) expectSameFor(file, size, await run(file, size), want);
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
function jsonlInOrder(file: string, max: number): Promise<Outcome> {
  return analyzed(file, 'akto', false, async (job) => {
    const sink = new ResultSink(job);
    const analyzer = new ChunkAnalyzer(analyzerContext());
    for await (const item of readAktoJsonl(job.input.chunks, file, max)) analyzer.add(item);
    sink.consume(analyzer.take());
    sink.flush();
  });
}

function jsonlInSegments(file: string, segmentBytes: number, max: number): Promise<Outcome> {
  return analyzed(file, 'akto', false, (job) => analyzeJsonlFile(job, new ScrambledRunner(false), analyzerContext(), segmentBytes, max));
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

/** A Burp export read in order (as in-process analysis reads it), or in segments by scrambled threads. */
async function burpRun(file: string, how: 'in-order' | number): Promise<Outcome & { runner: ScrambledRunner }> {
  const runner = new ScrambledRunner(false);
  const got = await analyzed(file, 'burp', false, (job) => (how === 'in-order' ? analyzeInProcess(job, analyzerContext()) : analyzeBurpFile(job, runner, analyzerContext(), how)));
  return { ...got, runner };
}

describe('Burp exports analyzed in segments', () => {
  const dir = tempDir();
  const burpSamples = readdirSync(`${SAMPLES}burp`).map((f) => `${SAMPLES}burp/${f}`);

  it('generated and real exports: the same as one read in order, whatever the segment size', async () => {
    const generated = `${dir}/generated.xml`;
    await writeBurp(generated, generateCalls({ entries: 250, seed: 31 }));
    for (const file of [generated, ...burpSamples]) {
      const want = await burpRun(file, 'in-order');
      for (const size of [1500, 20_000, 10_000_000]) expectSameFor(file, size, await burpRun(file, size), want);
    }
  });

  it('raw payloads that hold "</item>" make wrong guesses, which are caught', async () => {
    const generated = `${dir}/raw-source.xml`;
    await writeBurp(generated, generateCalls({ entries: 120, seed: 32 }));
    // Every item's response becomes raw text that holds an XML-looking export of its own.
    const text = readFileSync(generated, 'utf8').replace(
      /<response base64="true"><!\[CDATA\[[^\]]*\]\]><\/response>/g,
      '<response base64="false"><![CDATA[HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<items><item><time>x</time></item>\n  <item><url>y</url></item></items>]]></response>',
    );
    const file = `${dir}/raw.xml`;
    writeFileSync(file, text);
    const want = await burpRun(file, 'in-order');
    expect(want.tally.calls).toBeGreaterThan(100);
    for (const size of [2000, 9000]) {
      const got = await burpRun(file, size);
      expectSame(got, want);
      expect(got.runner.begins.filter((b) => b !== -1).length).toBeGreaterThan(0);
    }
  });

  it('a guess that parses cleanly from the wrong place is caught', async () => {
    const generated = `${dir}/comment-source.xml`;
    await writeBurp(generated, generateCalls({ entries: 120, seed: 34 }));
    // A comment between items that holds "</item>" and what looks like an item after it: parsing from
    // just after that "</item>" goes well, but finds an item too many.
    const file = `${dir}/comments.xml`;
    const note = `<!-- a note: ${'.'.repeat(3000)} </item> <item><url>http://decoy.example/x</url><method>GET</method></item> -->`;
    writeFileSync(file, readFileSync(generated, 'utf8').replace(/<\/item>\n/g, `</item>\n  ${note}\n`));
    const want = await burpRun(file, 'in-order');
    expect(want.tally.entries).toBe(120);
    for (const size of [1500, 7000]) expectSame(await burpRun(file, size), want);
  });

  it('items larger than a read, with multi-byte characters cut at every slice: decoded as a read in order decodes them', async () => {
    const generated = `${dir}/big-items-source.xml`;
    await writeBurp(generated, generateCalls({ entries: 6, seed: 35 }));
    const body = (shift: number): string => `{"note":"${'x'.repeat(shift)}${'é漢😀 mail: someone@example.com '.repeat(40_000)}"}`;
    let n = 0;
    const text = readFileSync(generated, 'utf8').replace(/<response base64="true"><!\[CDATA\[[^\]]*\]\]><\/response>/g, () => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n';
      // The first response is base64 and longer than where messages are cut; the others raw UTF-8, over 1 MB each.
      if (n++ === 0) return `<response base64="true"><![CDATA[${Buffer.from(head + body(0) + ' '.repeat(CUT_MESSAGE_CHARS)).toString('base64')}]]></response>`;
      return `<response base64="false"><![CDATA[${head}${body(n)}]]></response>`;
    });
    const file = `${dir}/big-items.xml`;
    writeFileSync(file, text);
    const bytes = readFileSync(file);
    // The items one thread parses from the <items> tag on, against those of a read in order.
    const items: SourceItem[] = [];
    const collect = { add: (i: SourceItem) => items.push(i), take: () => ({ tally: emptyTally(), batch: emptyBatch() }) } as unknown as ChunkAnalyzer;
    const first = bytes.indexOf('>', bytes.indexOf('<items ')) + 1;
    const o = analyzeBurpSegment({ kind: 'burp-segment', file, start: first, end: bytes.length, exact: true, maxChars: MAX_ELEMENT_CHARS }, collect);
    expect(o).toMatchObject({ items: 6, final: true, failed: false });
    const inOrder: SourceItem[] = [];
    for await (const i of readBurp((async function* () {
      yield bytes;
    })(), file)) inOrder.push(i);
    expect(items).toEqual(inOrder);
    const calls = items.map((i) => (i.kind === 'call' ? i.call : null));
    expect(calls[0]?.responseBody?.truncated).toBe(true);
    expect(calls[1]?.responseBody?.text ?? '').toContain('é漢😀 mail');
    const want = await burpRun(file, 'in-order');
    for (const size of [1500, 300_000]) expectSameFor(file, size, await burpRun(file, size), want);
  });

  it('broken exports fail with the error a read in order gives', async () => {
    const generated = `${dir}/whole.xml`;
    await writeBurp(generated, generateCalls({ entries: 80, seed: 33 }));
    const whole = readFileSync(generated, 'utf8');
    const cases = {
      cut: whole.slice(0, Math.floor(whole.length * 0.6)),
      unclosed: whole.replace(/<\/items>\s*$/, ''),
      mismatched: whole.replace('</status>', '</statux>'),
      junk: `${whole}<more/>`,
      empty: '',
      'not xml': '{"log": {}}',
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = `${dir}/${name.replace(' ', '-')}.xml`;
      writeFileSync(file, text);
      const want = await burpRun(file, 'in-order');
      expect(want.error, name).not.toBeNull();
      // Only the error: a failed run is rolled back and reports nothing else (and a read in order
      // drops the items that completed in the same text slice as the error).
      for (const size of [1500, 30_000]) expect((await burpRun(file, size)).error, name).toBe(want.error);
    }
  });
});

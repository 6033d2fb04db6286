// `analyze --strict` applies HAR's schema in full, the log's members included (QA: a HAR without
// version or creator, with `pages: [{"id": 5}]` or without entries passed --strict): a deviation
// fails the run in one line naming the file and the member, exit 2, nothing written. Without
// --strict each deviation is a counted warning and the file is analyzed. One thread or several,
// the outcome is the same.

import { existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES } from '../../src/pipeline/worker-count.js';
import { harOf } from '../har-builder.js';
import { cli, SAMPLES, tempDir } from '../helpers.js';
import { harEntryTexts } from '../pipeline/helpers.js';

const E = JSON.stringify((JSON.parse(harOf([{ method: 'GET', url: 'https://api.example.com/v1/users' }])) as { log: { entries: object[] } }).log.entries[0]);
const CREATOR = '"creator":{"name":"t","version":"1"}';

/** QA's cases: the HAR text, and the findings the --strict error starts with and the warnings include. */
const CASES: [string, string, string[]][] = [
  ['no-version-no-creator', `{"log":{"entries":[${E}]}}`, ["log should have required property 'version'", "log should have required property 'creator'"]],
  ['version-no-creator', `{"log":{"version":"1.2","entries":[${E}]}}`, ["log should have required property 'creator'"]],
  ['pages-id-5', `{"log":{"version":"1.2",${CREATOR},"pages":[{"id":5}],"entries":[${E}]}}`, ["log.pages[0] should have required property 'startedDateTime'", 'log.pages[0].id should be string']],
  ['no-entries', `{"log":{"version":"1.2",${CREATOR}}}`, ["log should have required property 'entries'"]],
];

/** The run's JSON summary without its timing. */
function summary(stdout: string): unknown {
  const s = JSON.parse(stdout) as Record<string, unknown>;
  delete s.durationMs;
  return s;
}

describe('analyze --strict checks the HAR log', () => {
  const dir = tempDir();

  it.each(CASES)('%s: --strict fails in one line naming the file and the member, and writes nothing', async (name, text, findings) => {
    const file = `${dir}/${name}.har`;
    writeFileSync(file, text);
    const db = `${dir}/${name}-strict.db`;
    const r = await cli(['analyze', file, '--db', db, '--strict']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`akto-rt: ${file}: HAR schema: ${findings.join('; ')}`), lines[0]).toBe(true);
    expect(existsSync(db)).toBe(false);
  });

  it.each(CASES.filter(([name]) => name !== 'no-entries'))('%s: without --strict, counted warnings and the file is analyzed', async (name, text, findings) => {
    const file = `${dir}/${name}-lax.har`;
    writeFileSync(file, text);
    const r = await cli(['analyze', file, '--db', `${dir}/${name}-lax.db`, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { calls: number; warnings: number; inputs: { warningReasons: { index: number; reason: string }[] }[] };
    expect(s.calls).toBe(1);
    expect(s.warnings).toBeGreaterThan(0);
    expect(s.inputs[0]!.warningReasons.every((w) => w.index === 0 && w.reason.startsWith('HAR schema: log'))).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`${name}-lax\\.har: warning \\(entry 0\\): HAR schema: log`));
    for (const f of findings) expect(s.inputs[0]!.warningReasons.map((w) => w.reason)).toContain(`HAR schema: ${f}`);
    expect(r.stderr).toContain(`${name}-lax.har: warning (entry 0): HAR schema: ${findings[0]}`);
  });

  it('a HAR without entries is still read without --strict (0 entries, exit 0)', async () => {
    const file = `${dir}/no-entries-lax.har`;
    writeFileSync(file, CASES[3]![1]);
    const r = await cli(['analyze', file, '--db', `${dir}/no-entries-lax.db`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 entries');
  });

  it('an invalid entry still fails --strict first, naming the entry', async () => {
    const file = `${dir}/bad-entry-no-creator.har`;
    writeFileSync(file, `{"log":{"version":"1.2","entries":[${E},{"request":{"method":"GET"}}]}}`);
    for (const workers of ['1', '2']) {
      const r = await cli(['analyze', file, '--db', `${dir}/bad-entry-${workers}.db`, '--strict', '--workers', workers]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bad-entry-no-creator\.har \(entry 1\): HAR schema: /);
    }
  });

  it('real samples: handwritten_no-entries.har (no version, no creator) fails --strict and still passes without it', async () => {
    const f = `${SAMPLES}har/handwritten_no-entries.har`;
    const strict = await cli(['analyze', f, '--db', `${dir}/sample-strict.db`, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("handwritten_no-entries.har: HAR schema: log should have required property 'version'");
    expect((await cli(['analyze', f, '--db', `${dir}/sample-lax.db`])).code).toBe(0);
    // A browser export with its log in order still passes --strict.
    expect((await cli(['analyze', `${SAMPLES}har/firefox47_har1.1.har`, '--db', `${dir}/ff.db`, '--strict'])).code).toBe(0);
  });

  it('--workers 1 and --workers 2 agree on a HAR over the parallel threshold (members after the entries, as Fiddler writes them)', async () => {
    const texts = harEntryTexts(1500, 31);
    const size = texts.reduce((n, t) => n + t.length + 1, 0);
    const copies = Math.ceil((PARALLEL_MIN_BYTES + 1024 * 1024) / size);
    const list = Array.from({ length: copies }, () => texts.join(',')).join(',');
    const file = `${dir}/big.har`;
    writeFileSync(file, `{"log":{"pages":[{"id":5}],"entries":[${list}],"version":"1.2","comment":3}}`);
    const last = copies * texts.length - 1;
    const outs: { summary: unknown; stderr: string; endpoints: string }[] = [];
    type Summary = { warnings: number; inputs: { entries: number; warningReasons: { index: number; reason: string; count: number }[] }[] };
    for (const workers of ['1', '2']) {
      const db = `${dir}/big-${workers}.db`;
      const r = await cli(['analyze', file, '--db', db, '--format', 'json', '--workers', workers]);
      expect(r.code, r.stderr).toBe(0);
      const e = await cli(['endpoints', '--db', db, '--format', 'json']);
      outs.push({ summary: summary(r.stdout), stderr: r.stderr, endpoints: e.stdout });
      const s = summary(r.stdout) as Summary;
      expect(s.inputs[0]!.entries).toBe(last + 1);
      expect(s.inputs[0]!.warningReasons).toContainEqual({ index: last, reason: 'HAR schema: log.comment should be string', count: 1 });
      expect(r.stderr).toContain(`big.har: warning (entry ${last}): HAR schema: log should have required property 'creator'`);
      const strict = await cli(['analyze', file, '--db', `${dir}/big-strict-${workers}.db`, '--strict', '--workers', workers]);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toBe(`akto-rt: ${file}: HAR schema: log should have required property 'creator'; log.pages[0] should have required property 'startedDateTime'; log.pages[0].id should be string; and 3 more\n`);
      expect(existsSync(`${dir}/big-strict-${workers}.db`)).toBe(false);
    }
    expect(outs[1]).toEqual(outs[0]);
  }, 120_000);

  it('gzip input framed on the main thread for workers (--workers 2) checks the log as one thread does', async () => {
    const file = `${dir}/no-creator.har.gz`;
    writeFileSync(file, gzipSync(`{"log":{"version":"1.2","entries":[${E},${E}]}}`));
    const outs: unknown[] = [];
    for (const workers of ['1', '2']) {
      const r = await cli(['analyze', file, '--db', `${dir}/gz-${workers}.db`, '--format', 'json', '--workers', workers]);
      expect(r.code, r.stderr).toBe(0);
      const s = summary(r.stdout) as { inputs: { warningReasons: unknown[] }[] };
      expect(s.inputs[0]!.warningReasons).toContainEqual({ index: 1, reason: "HAR schema: log should have required property 'creator'", count: 1 });
      outs.push(s.inputs[0]!.warningReasons);
      const strict = await cli(['analyze', file, '--db', `${dir}/gz-strict-${workers}.db`, '--strict', '--workers', workers]);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toBe(`akto-rt: ${file}: HAR schema: log should have required property 'creator'\n`);
    }
    expect(outs[1]).toEqual(outs[0]);
  });

  it('the log\'s warnings count when its last entry is no API call (a data: URL, a malformed entry), in one thread or framed for workers', async () => {
    const data = E.replace('https://api.example.com/v1/users', 'data:text/plain,hi');
    for (const [name, last] of [['data-url', data], ['malformed', '{"request":{"method":"GET"}}']] as const) {
      const text = `{"log":{"version":"1.2","entries":[${E},${last}]}}`;
      for (const [file, contents] of [[`${dir}/last-${name}.har`, text], [`${dir}/last-${name}.har.gz`, gzipSync(text)]] as const) {
        writeFileSync(file, contents);
        for (const workers of ['1', '2']) {
          const r = await cli(['analyze', file, '--db', `${dir}/last-${name}-${workers}-${file.length}.db`, '--format', 'json', '--workers', workers]);
          expect(r.code, r.stderr).toBe(0);
          const s = summary(r.stdout) as { calls: number; inputs: { warningReasons: unknown[] }[] };
          expect(s.calls).toBe(1);
          expect(s.inputs[0]!.warningReasons, `${file} --workers ${workers}`).toContainEqual({ index: 1, reason: "HAR schema: log should have required property 'creator'", count: 1 });
        }
      }
    }
  });
});

// Every input users have, through the real CLI: Postman, Burp, Akto JSON lines, gzip, stdin,
// several inputs in one run, detection from content, and clean refusals.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, SAMPLES, tempDir } from '../helpers.js';

interface Summary {
  runId: number | null;
  calls: number;
  inputs: { path: string; format: string; entries: number; calls: number; skipped: number; filtered: number; timestampsMissing: boolean }[];
}

async function analyze(args: string[], db: string, stdin?: Buffer): Promise<{ code: number; s: Summary | null; stderr: string; stdout: string }> {
  const r = await cli(['analyze', ...args, '--db', db, '--format', 'json', '--keep-static'], { stdin });
  return { code: r.code, s: r.code === 0 ? (JSON.parse(r.stdout) as Summary) : null, stderr: r.stderr, stdout: r.stdout };
}

describe('Postman collections', () => {
  const dir = tempDir();
  const files = readdirSync(`${SAMPLES}postman`);

  it.each(files)('%s ingests (v1 is refused in one line)', async (f) => {
    const r = await analyze([`${SAMPLES}postman/${f}`], `${dir}/${f}.db`);
    if (f.includes('v1-format')) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/Postman collection v1 is not supported.*v2\.1/);
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    const input = r.s!.inputs[0]!;
    expect(input.format).toBe('postman');
    expect(input.entries).toBe(input.calls + input.skipped + input.filtered);
    // a request with no URL at all (`"request": {}` is valid Postman) is skipped and reported
    if (input.calls > 0) expect(input.timestampsMissing).toBe(true);
    else expect(input.skipped).toBeGreaterThan(0);
  });

  it.each([
    ['postman-schemas_syncapi_v2.1_draft07-schema-url_43-examples.postman_collection.json', 73],
    ['adyen_checkout-v71_v2.1_examples.postman_collection.json', 60],
    ['adyen_binlookup-v54_v2.1_examples.postman_collection.json', 6],
    ['newman_postman-echo_v2.0_examples-auth.postman_collection.json', 25],
    ['paypal_checkout-flows_v2.0_depth3_mixed-url-forms.postman_collection.json', 43],
  ])('%s yields one call per example plus one per request without examples (%i)', async (f, n) => {
    const r = await analyze([`${SAMPLES}postman/${f}`], `${dir}/count-${f}.db`);
    expect(r.s!.calls).toBe(n);
  });

  it('says in the summary that Postman has no timestamps', async () => {
    const r = await cli(['analyze', `${FIXTURES}postman/examples.postman_collection.json`, '--db', `${dir}/note.db`]);
    expect(r.stdout).toMatch(/Postman collections carry no timestamps; the analysis start time was used/);
  });
});

describe('Burp Suite exports', () => {
  const dir = tempDir();
  it.each([
    ['burp-1.7.15_safebrowsing-post.xml', 2],
    ['burp-1.7.17_bloomberg-hottest-year.xml', 15],
    ['burp-community-1.7.36_httpbin-json.xml', 2],
    ['burp-community-2020.12.1_httpbin-json.xml', 2],
    ['burp2har-fixture_synthetic_mixed-base64.xml', 4],
  ])('%s: one call per <item> (%i)', async (f, n) => {
    const r = await analyze([`${SAMPLES}burp/${f}`], `${dir}/${f}.db`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.inputs[0]!.format).toBe('burp');
    expect(r.s!.inputs[0]!.entries).toBe(n);
    expect(r.s!.calls).toBe(n);
  });

  it('refuses a Scanner issues report and says how to export proxy history', async () => {
    const r = await analyze([`${SAMPLES}burp/burp-issues-1.5.14_base64.xml`], `${dir}/issues.db`);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/burp-issues-1\.5\.14_base64\.xml: .*Scanner issues report.*Save items/);
  });

  it('detects Burp from content even without an extension', async () => {
    const f = `${dir}/export-without-extension`;
    copyFileSync(`${SAMPLES}burp/burp-community-1.7.36_httpbin-json.xml`, f);
    const r = await analyze([f], `${dir}/noext.db`);
    expect(r.s!.inputs[0]!.format).toBe('burp');
  });

  it('an XXE/entity attempt cannot inject content or hang', async () => {
    const r = await analyze([`${FIXTURES}burp/xxe-entities.xml`], `${dir}/xxe.db`);
    expect(r.code).toBe(0);
    const dump = (await cli(['export', '--inventory', '-', '--db', `${dir}/xxe.db`])).stdout;
    expect(dump).not.toMatch(/root:x:0:0|lol{3,}/);
  });
});

describe('Akto mirrored traffic, gzip, stdin, several inputs', () => {
  const dir = tempDir();
  const jsonl = `${FIXTURES}akto/mirrored-traffic.jsonl`;

  it('reads Akto JSON lines with string-encoded headers', async () => {
    const r = await analyze([jsonl], `${dir}/akto.db`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.inputs[0]!.format).toBe('akto');
    expect(r.s!.calls).toBeGreaterThan(0);
    const lines = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(r.s!.inputs[0]!.entries).toBe(lines.length);
  });

  it('reads every format gzip-compressed and from stdin, and several inputs as one run', async () => {
    const db = `${dir}/multi.db`;
    const gzBurp = `${dir}/burp.xml.gz`;
    writeFileSync(gzBurp, gzipSync(readFileSync(`${SAMPLES}burp/burp-community-2020.12.1_httpbin-json.xml`)));
    const r = await analyze([gzBurp, '-', `${SAMPLES}har/fiddler5_json-post.har`], db, gzipSync(readFileSync(jsonl)));
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.inputs.map((i) => i.format)).toEqual(['burp', 'akto', 'har']);
    expect(r.s!.inputs[1]!.path).toBe('stdin');
    expect(r.s!.runId).toBe(1);
    const runs = JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout).runs;
    expect(runs).toHaveLength(1);
  });

  it('--input-format overrides detection, and a mismatch is a clean error', async () => {
    const r = await analyze(['--input-format', 'burp', `${SAMPLES}har/fiddler5_json-post.har`], `${dir}/forced.db`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fiddler5_json-post\.har: .*not a Burp Suite items export/);
  });
});

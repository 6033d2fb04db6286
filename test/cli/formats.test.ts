// Every input users have, through the real CLI: Postman, Burp, Akto JSON lines, gzip, stdin,
// several inputs in one run, detection from content, and clean refusals.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { harOf } from '../har-builder.js';
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
    expect(r.stderr).toMatch(/examples\.postman_collection\.json: note: Postman collections carry no timestamps; the analysis start time was used/);
  });
});

describe('HAR WebSocket connections', () => {
  const dir = tempDir();
  it('says how many messages the capture held that were not analyzed, in the summary and its JSON, whatever the thread count', async () => {
    for (const workers of ['1', '2']) {
      const file = `${SAMPLES}har/mitmproxy_websocket.har`;
      const text = await cli(['analyze', file, '--db', `${dir}/ws-${workers}.db`, '--workers', workers]);
      expect(text.stderr).toContain('mitmproxy_websocket.har: note: 3 WebSocket connections carried 5 messages; messages are not analyzed (only the upgrade request is)');
      const json = await cli(['analyze', file, '--db', `${dir}/ws-json-${workers}.db`, '--workers', workers, '--format', 'json']);
      expect(JSON.parse(json.stdout).inputs[0]).toMatchObject({ calls: 3, webSockets: 3, webSocketMessages: 5 });
    }
    const plain = await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', `${dir}/plain.db`]);
    expect(plain.stderr).not.toContain('WebSocket');
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

  it('detects Akto JSON lines whose first message is larger than the 64 KB sniff window, from a file, gzip and stdin', async () => {
    const big = JSON.stringify({ method: 'POST', path: '/upload', requestHeaders: '{"host":"big.example"}', responseHeaders: '{}', requestPayload: 'A'.repeat(70_000), responsePayload: '', statusCode: 200, time: 1709546400 });
    const small = JSON.stringify({ method: 'GET', path: '/one', requestHeaders: '{"host":"big.example"}', statusCode: 200, time: 1709546400 });
    const text = Buffer.from(`${big}\n${small}\n`);
    const f = `${dir}/big-first.jsonl`;
    writeFileSync(f, text);
    writeFileSync(`${f}.gz`, gzipSync(text));
    const cases: [string, Buffer | undefined][] = [[f, undefined], [`${f}.gz`, undefined], ['-', text], ['-', gzipSync(text)]];
    for (const [i, [input, stdin]] of cases.entries()) {
      const r = await analyze([input], `${dir}/big-first-${i}.db`, stdin);
      expect(r.code, r.stderr).toBe(0);
      expect(r.s!.inputs[0]!).toMatchObject({ format: 'akto', calls: 2, skipped: 0 });
    }
  });

  it('never records an Akto endpoint without a host: destIp stands in for unreadable headers, else the line is skipped', async () => {
    const line = (extra: Record<string, string>): string =>
      JSON.stringify({ method: 'GET', path: '/api/orders/1001', requestHeaders: 'not-a-json-string', responseHeaders: '{}', statusCode: '200', time: '1709546400', ...extra });
    const f = `${dir}/no-host.jsonl`;
    writeFileSync(f, [line({ destIp: '10.0.0.5' }), line({ ip: '203.0.113.9' })].join('\n') + '\n');
    const db = `${dir}/no-host.db`;
    const r = await cli(['analyze', f, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${f}: skipped line 2: no host: requestHeaders is not valid JSON, the path is not an absolute URL and there is no destIp`);
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { host: string; path: string }[];
    expect(eps.map((e) => [e.host, e.path])).toEqual([['10.0.0.5', '/api/orders/{orderId}']]);
  });

  it('--input-format overrides detection, and a mismatch is a clean error', async () => {
    const r = await analyze(['--input-format', 'burp', `${SAMPLES}har/fiddler5_json-post.har`], `${dir}/forced.db`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fiddler5_json-post\.har: .*not a Burp Suite items export/);
  });
});

describe('Hawk auth, from Postman and from captured traffic', () => {
  const dir = tempDir();
  const HAWK_ID = 'dh37fgj492je';
  const HAWK_MAC = '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=';

  it('records Postman hawk auth and a Hawk Authorization header as hawk, and never stores the id or mac', async () => {
    const har = `${dir}/hawk.har`;
    const header = `Hawk id="${HAWK_ID}", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac="${HAWK_MAC}"`;
    writeFileSync(har, harOf([{ method: 'GET', url: 'https://hawk.example/resource/1?b=1&a=2', status: 200, headers: { Authorization: header }, response: { ok: true } }]));
    const db = `${dir}/hawk.db`;
    const r = await analyze([`${FIXTURES}postman/scopes-and-auth.postman_collection.json`, har], db);
    expect(r.code, r.stderr).toBe(0);
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--auth', 'hawk', '--format', 'json'])).stdout).endpoints as { host: string; path: string; authTypes: string[] }[];
    expect(eps.map((e) => [e.host, e.path, e.authTypes])).toEqual([
      ['api.example.com', '/hawk', ['hawk']],
      ['hawk.example', '/resource/{resourceId}', ['hawk']],
    ]);
    const shown = (await cli(['show', 'GET', '/resource/1', '--host', 'hawk.example', '--db', db, '--format', 'json'])).stdout;
    expect(shown).toMatch(/Hawk /);
    const inventory = (await cli(['export', '--inventory', '-', '--db', db])).stdout;
    for (const out of [shown, inventory]) {
      expect(out).not.toContain(HAWK_ID);
      expect(out).not.toContain(HAWK_MAC);
    }
  });
});

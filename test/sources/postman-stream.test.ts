// The streamed Postman reader (postman-scan.ts + postman-stream.ts) against the whole-document one:
// the same calls, skips, order, indices, tags, variables and auth, and the same refusals, whatever
// the chunk boundaries.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { SourceItem } from '../../src/model/call-record.js';
import { headerValue } from '../../src/sources/headers.js';
import { OP_CHECK, OP_END, OP_FOLDER, OP_LEAF, PostmanScanner } from '../../src/sources/postman-scan.js';
import { rereadable, streamPostman } from '../../src/sources/postman-stream.js';
import { EMPTY_SCOPE, type VarScope } from '../../src/sources/postman-vars.js';
import { readPostman } from '../../src/sources/postman.js';

const SAMPLES = '/work/shared/samples/postman/';
const FIXTURES = new URL('../../fixtures/postman/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'akto-rt-pmstream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { items: SourceItem[] } | { error: string };

/** What the whole-document reader gives for these bytes, as postmanItems reads stdin. */
function whole(bytes: Buffer, file: string, env: VarScope = EMPTY_SCOPE): Outcome {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  try {
    return { items: [...readPostman(doc, file, env)] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  // a fresh buffer per chunk, overwritten after the reader moved on, as the input's ring does
  let previous: Buffer | null = null;
  for (let i = 0; i < bytes.length; i += size) {
    if (previous) previous.fill(0x7e);
    const chunk = Buffer.from(bytes.subarray(i, i + size));
    previous = chunk;
    yield chunk;
  }
}

async function streamed(path: string, file: string, scanChunk: number, readChunk: number, env: VarScope = EMPTY_SCOPE): Promise<Outcome> {
  const bytes = readFileSync(path);
  const items: SourceItem[] = [];
  try {
    for await (const item of streamPostman({ path, chunks: chunksOf(bytes, readChunk) }, file, env, scanChunk)) items.push(item);
    return { items };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message };
  }
}

let n = 0;
function written(content: string | Buffer): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, content);
  return path;
}

/** Whole and streamed give the same, at the given chunk sizes; returns the whole reader's outcome. */
async function same(path: string, sizes: ReadonlyArray<readonly [number, number]> = [[1024 * 1024, 1024 * 1024]], env?: VarScope): Promise<Outcome> {
  const want = whole(readFileSync(path), 'c.json', env);
  for (const [scan, read] of sizes) {
    const got = await streamed(path, 'c.json', scan, read, env);
    if ('error' in want) {
      expect('error' in got, `scan ${scan}, read ${read}: expected an error`).toBe(true);
      if (want.error === 'not valid JSON') expect((got as { error: string }).error).toMatch(/^c\.json: not valid JSON/);
      else expect((got as { error: string }).error).toBe(want.error);
    } else {
      expect(got, `scan ${scan}, read ${read}`).toEqual(want);
    }
  }
  return want;
}

const V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const SMALL_CHUNKS = [
  [1, 1],
  [2, 3],
  [3, 7],
  [7, 64],
  [64, 5],
  [1024 * 1024, 1024 * 1024],
] as const;

function callsOf(o: Outcome): Extract<SourceItem, { kind: 'call' }>['call'][] {
  if ('error' in o) throw new Error(o.error);
  return o.items.flatMap((i) => (i.kind === 'call' ? [i.call] : []));
}

describe('streamPostman on the real samples', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));

  it.each(files)('%s: the same as the whole-document reader', async (f) => {
    const want = await same(SAMPLES + f, [
      [1024 * 1024, 1024 * 1024],
      [4096, 1000],
      [37, 4096],
    ]);
    if (f.includes('v1-format')) expect(want).toEqual({ error: expect.stringMatching(/Postman collection v1 is not supported/) });
    else expect('items' in want && want.items.length > 0).toBe(true);
  });

  it('the fixtures too, and with an environment', async () => {
    const env: VarScope = new Map([['baseUrl', 'https://env.example.com/x']]);
    for (const f of readdirSync(FIXTURES)) await same(FIXTURES + f, [[1024 * 1024, 1024 * 1024], [13, 29]], env);
    await same(`${SAMPLES}adyen_checkout-v71_v2.1_examples.postman_collection.json`, [[1024 * 1024, 1024 * 1024]], env);
  });

  it('the samples, one byte at a time in both passes', async () => {
    for (const f of ['postman-schemas_nestedEntities_v2.1_folder-auth-vars.postman_collection.json', 'newman_multi-level-folders_v2.0.postman_collection.json']) {
      await same(SAMPLES + f, [[1, 1]]);
    }
  });
});

describe('streamPostman on crafted collections', () => {
  const req = (name: string, url: string, extra: object = {}): object => ({ name, request: { method: 'GET', url, header: [] }, ...extra });

  it('applies folder auth and variables that come after item, and root variables after item, through nested folders', async () => {
    // members in the order some exports write them: item first
    const text = `{"info":{"name":"t","schema":"${V21}"},"item":[
      {"name":"Users","item":[
        ${JSON.stringify(req('list', '{{base}}/users?v={{v}}'))},
        {"name":"Admin","item":[${JSON.stringify(req('deep', '{{base}}/admin/{{v}}'))},
          {"name":"Deeper","item":[${JSON.stringify(req('deepest', '{{base}}/deepest/{{v}}'))}],"auth":{"type":"noauth"}}
        ],"variable":[{"key":"v","value":"admin"}],"auth":{"type":"bearer","bearer":[{"key":"token","value":"adm"}]}}
      ],"auth":{"type":"apikey","apikey":[{"key":"key","value":"X-Key"},{"key":"value","value":"{{k}}"},{"key":"in","value":"header"}]},
       "variable":[{"key":"v","value":"users"}]},
      ${JSON.stringify(req('top', '{{base}}/top/{{v}}'))}
    ],"variable":[{"key":"base","value":"https://api.example.com"},{"key":"v","value":"root"},{"key":"k","value":"key-1"}],
    "auth":{"type":"basic","basic":[{"key":"username","value":"u"},{"key":"password","value":"p"}]}}`;
    const want = await same(written(text), SMALL_CHUNKS);
    const calls = callsOf(want);
    expect(calls.map((c) => [c.path, c.query.map((q) => q.value).join(), c.tags])).toEqual([
      ['/users', 'users', ['Users']],
      ['/admin/admin', '', ['Users/Admin']],
      ['/deepest/admin', '', ['Users/Admin/Deeper']],
      ['/top/root', '', []],
    ]);
    expect(calls.map((c) => headerValue(c.requestHeaders, 'authorization') ?? headerValue(c.requestHeaders, 'x-key'))).toEqual([
      'key-1',
      'Bearer adm',
      undefined,
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    ]);
  });

  it('skips elements that are not objects or not requests, numbering them in order', async () => {
    const text = `{"item":[1,"two",null,[3,{"item":[]}],true,-0.5e+3,{"name":"x"},{"name":"nil","request":null},
      {"name":"empty","item":[]},${JSON.stringify(req('ok', 'https://a.example/ok'))},{}],"info":{"schema":"${V21}"}}`;
    const want = await same(written(text), SMALL_CHUNKS);
    if ('error' in want) throw new Error(want.error);
    expect(want.items.map((i) => (i.kind === 'call' ? i.call.path : i.reason))).toEqual([
      'item is not an object',
      'item is not an object',
      'item is not an object',
      'item is not an object',
      'item is not an object',
      'item is not an object',
      'item "x" has neither a request nor item[]',
      'item "nil" has neither a request nor item[]',
      '/ok',
      'item "" has neither a request nor item[]',
    ]);
    expect(want.items.map((i) => (i.kind === 'call' ? i.call.source.index : i.index))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads past a BOM, escaped quotes and braces in strings, escaped member names and unicode', async () => {
    const text =
      '\ufeff{"info":{"name":"t\\"}{][","schema":"' +
      V21 +
      '"},"item":[{"name":"Ünïcødé 😀 \\"q\\" }{","item":[' +
      '{"name":"a\\\\","request":{"method":"POST","url":"https://{{h}}/p/{{seg}}","header":[{"key":"X-A","value":"\\"}]{[\\\\"}],' +
      '"body":{"mode":"raw","raw":"{\\"a\\": \\"}\\\\\\"]\\", \\"é\\": \\"😀\\"}"}},' +
      '"response":[{"name":"r","code":200,"body":"\\u007b\\u0022x\\u0022:1}","header":[{"key":"Content-Type","value":"application/json"}]}]}' +
      '],"\\u0076ariable":[{"key":"seg","value":"s\\u00e9g"}],"aut\\u0068":{"type":"bearer","bearer":{"token":"t\\"k"}}}' +
      '],"variable":[{"key":"h","value":"héllo.example"}]}\r\n\t ';
    const want = await same(written(text), SMALL_CHUNKS);
    const [call] = callsOf(want);
    expect(call!.tags).toEqual(['Ünïcødé 😀 "q" }{']);
    expect(call!.path).toBe('/p/s%C3%A9g'); // as a browser sends it
    expect(headerValue(call!.requestHeaders, 'authorization')).toBe('Bearer t"k');
    expect(call!.responseBody?.text).toBe('{"x":1}');
  });

  it('follows JSON.parse on repeated members: the last item[] and the last auth win', async () => {
    const text = `{"info":{"schema":"${V21}"},"item":[${JSON.stringify(req('dropped', 'https://a.example/dropped'))}],
      "item":[{"name":"F","item":[${JSON.stringify(req('dropped too', 'https://a.example/d2'))}],"auth":{"type":"noauth"},
        "item":[${JSON.stringify(req('kept', 'https://a.example/kept'))}],"auth":{"type":"bearer","bearer":{"token":"b"}}},
        {"name":"was a folder","item":[${JSON.stringify(req('x', 'https://a.example/x'))}],"item":null,"request":"https://a.example/leaf"}],
      "variable":[{"key":"a","value":"1"}],"variable":[]}`;
    const want = await same(written(text), SMALL_CHUNKS);
    expect(callsOf(want).map((c) => [c.path, c.tags, headerValue(c.requestHeaders, 'authorization')])).toEqual([
      ['/kept', ['F'], 'Bearer b'],
      ['/leaf', [], undefined],
    ]);
  });

  it('unwraps the API envelope, and reads info-less definitions', async () => {
    const inner = `{"name":"defs","item":[{"request":"https://{{h}}/x"}],"variable":[{"key":"h","value":"env.example.com"}],"auth":{"type":"bearer","bearer":{"token":"tok"}}}`;
    for (const text of [
      `{"collection":${inner}}`,
      `{"collection":{"item":[{"request":"https://a.example/ignored"}]},"collection":${inner},"other":[1,2]}`,
      inner,
      // the document's own item[] wins over the envelope's
      `{"collection":{"item":[{"request":"https://a.example/ignored"}]},"item":[{"request":"https://b.example/own"}]}`,
      // neither: a v2 schema with no items
      `{"info":{"schema":"${V21}"},"item":{"request":"https://a.example/"}}`,
    ]) {
      await same(written(text), [[1024 * 1024, 1024 * 1024], [3, 5]]);
    }
  });

  it('refuses v1 collections, environments and other JSON with the same errors', async () => {
    for (const text of [
      readFileSync(`${SAMPLES}newman_v1-format.postman_collection.json`, 'utf8'),
      '{"id":"e","name":"dev","values":[{"key":"a","value":"1","enabled":true}],"_postman_variable_scope":"environment"}',
      '{"log":{"entries":[]}}',
      '{"collection":{"requests":[],"id":"x"}}',
      '[{"item":[]}]',
      '"item"',
      '42',
      'null',
      '{}',
    ]) {
      const want = await same(written(text), [[1024 * 1024, 1024 * 1024], [1, 1]]);
      expect('error' in want, text).toBe(true);
    }
  });

  it('fails on invalid JSON anywhere, in one line naming the file and the byte', async () => {
    const good = `{"info":{"schema":"${V21}"},"item":[{"name":"F","item":[{"name":"r","request":"https://a.example/"}],"event":[{"listen":"test"}]}],"variable":[]}`;
    expect('items' in whole(Buffer.from(good), 'c.json')).toBe(true);
    const broken = [
      good.replace('"listen":"test"', '"listen" "test"'), // in a folder's skipped member
      good.replace('"request":"https://a.example/"', '"request":{"url":tru}'), // inside a request
      good.replace('"variable":[]', '"variable":[1,]'), // a parsed root member
      good.replace('"name":"F"', '"name":"F\n"'), // a control character in a string
      good.replace('"name":"F"', '"na\\xme":"F"'), // a bad escape in a member name
      good.replace('"name":"F"', '"name":01'),
      good.replace('],"variable"', ']"variable"'),
      good.replace('{"name":"F"', '{"name":"F",'.slice(0, -1) + ',,'),
      good.replace('"event":[{"listen":"test"}]', '"event":[{"listen":"test"]}'), // brackets that do not match
      good + 'x',
      good + '{}',
      good.slice(0, -1),
      good.slice(0, 40),
      '',
      '\ufeff',
      `{"collection":{"item":[]},"item":{"a":[1}}`,
      `{"id":"e","values":[{"key":"a" "value":1}],"_postman_variable_scope":"environment"}`, // invalid beats "environment"
    ];
    for (const text of broken) {
      const path = written(text);
      expect(whole(readFileSync(path), 'c.json'), text).toEqual({ error: 'not valid JSON' });
      for (const [scan, read] of [[1024 * 1024, 1024 * 1024], [1, 1], [5, 3]] as const) {
        const got = await streamed(path, 'c.json', scan, read);
        expect(got, text).toEqual({ error: expect.stringMatching(/^c\.json: not valid JSON/) });
        expect((got as { error: string }).error.split('\n'), text).toHaveLength(1);
      }
    }
  });

  it('says at which byte the JSON breaks', async () => {
    const text = `{"item":[{"name":"é","request":{"url":"https://a.example/", "x": [1 2]}}]}`;
    const got = await streamed(written(text), 'c.json', 1024, 1024);
    const at = Buffer.from(text).indexOf('2]');
    expect(got).toEqual({ error: `c.json: not valid JSON at byte ${at}: Expected ',' or ']' after array element` });
    const early = await streamed(written(`{"item":[] "x":1}`), 'c.json', 1024, 1024);
    expect(early).toEqual({ error: `c.json: not valid JSON at byte 11: expected ',' or the end of the collection object, found '"'` });
    const cut = await streamed(written(`{"item":[],"auth":{"type":"bearer"`), 'c.json', 4, 4);
    expect(cut).toEqual({ error: 'c.json: not valid JSON: the file ends inside the value that starts at byte 18' });
    const cutItems = await streamed(written(`{"item":[{"request":"https://a.example/"},`), 'c.json', 4, 4);
    expect(cutItems).toEqual({ error: 'c.json: not valid JSON: the file ends inside an item[] array' });
  });

  it('says when the file changed between the two passes', async () => {
    const path = written(`{"item":[{"request":"https://a.example/"}]}`);
    const other = Buffer.from(`{"item":[{"request":"https://a.example/"}]}   `);
    const run = async (): Promise<void> => {
      for await (const _ of streamPostman({ path, chunks: chunksOf(other, 1024) }, 'c.json')) void _;
    };
    await expect(run()).rejects.toThrow(/c\.json: the file changed while it was being read/);
  });
});

describe('PostmanScanner', () => {
  it('records folders and requests as ranges in file order, nothing of the requests themselves', () => {
    const text = `{"item":[{"name":"F","item":[{"request":"https://a/","response":[{"body":"${'x'.repeat(1000)}"}]}],"auth":null},7],"info":{"name":"n"}}`;
    const s = new PostmanScanner('c.json');
    s.push(Buffer.from(text));
    const sk = s.end();
    const ops = Array.from({ length: sk.ops.length }, (_, k) => [sk.ops.tag(k), sk.ops.a(k), sk.ops.b(k)]);
    const first = text.indexOf('{"request"');
    expect(ops).toEqual([
      [OP_FOLDER, 0, 0],
      [OP_LEAF, first, text.indexOf('],"auth"')],
      [OP_END, 0, 0],
      [OP_LEAF, text.indexOf('7]'), text.indexOf('7]') + 1],
    ]);
    expect(sk.folders).toEqual([{ name: 'F', item: [], auth: null }]);
    expect(sk.doc).toEqual({ item: [], info: { name: 'n' } });
    expect(sk.size).toBe(text.length);
    expect(OP_CHECK).not.toBe(OP_LEAF);
  });
});

describe('rereadable', () => {
  it('is a regular file, not stdin, gzip, UTF-16 or a missing file', () => {
    const path = written('{}');
    const plain = { compressed: false, transcoded: false };
    expect(rereadable({ path, size: 2, ...plain })).toBe(true);
    expect(rereadable({ path, size: 2, ...plain, compressed: true })).toBe(false);
    expect(rereadable({ path, size: 2, ...plain, transcoded: true })).toBe(false);
    expect(rereadable({ path: '-', size: null, ...plain })).toBe(false);
    expect(rereadable({ path: dir, size: 4096, ...plain })).toBe(false);
    expect(rereadable({ path: join(dir, 'missing'), size: 0, ...plain })).toBe(false);
  });
});

describe('streamPostman on generated collections', () => {
  // A small seeded generator (mulberry32): random trees, member orders, whitespace and repeated
  // members, then single-byte corruptions; whatever JSON.parse makes of them, the streamed reader agrees.
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const STRINGS = ['a', 'é', '😀', 'q"uote', 'br{ace}[', 'back\\slash', '{{v}}', '{{h}}', '', '\u0000'];
  const AUTHS = [null, { type: 'noauth' }, { type: 'bearer', bearer: { token: '{{v}}' } }, { type: 'basic', basic: [{ key: 'username', value: 'u' }] }];

  function gen(r: () => number): string {
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const ws = (): string => pick(['', '', ' ', '\n  ', '\t', '\r\n']);
    const str = (): string => JSON.stringify(pick(STRINGS) + (r() < 0.5 ? '' : String(Math.floor(r() * 100))));
    const obj = (members: Array<[string, string]>): string => {
      for (let k = members.length - 1; k > 0; k--) {
        const j = Math.floor(r() * (k + 1));
        [members[k], members[j]] = [members[j]!, members[k]!];
      }
      if (r() < 0.1 && members.length > 0) members.push(members[0]!); // a repeated member
      return `{${ws()}${members.map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${v}`).join(`,${ws()}`)}${ws()}}`;
    };
    const vars = (): string => JSON.stringify([{ key: pick(['v', 'h', 'x']), value: pick(STRINGS) }]);
    const element = (depth: number): string => {
      const p = r();
      if (p < 0.05) return pick(['1', 'null', '"s"', '[]', 'true', '{}']);
      if (p < 0.3 && depth < 4) {
        const m: Array<[string, string]> = [['name', str()], ['item', items(depth + 1)]];
        if (r() < 0.5) m.push(['auth', JSON.stringify(pick(AUTHS))]);
        if (r() < 0.5) m.push([pick(['variable', 'variables']), vars()]);
        if (r() < 0.3) m.push(['event', JSON.stringify([{ listen: 'test', script: { exec: ['x = "}"'] } }])]);
        return obj(m);
      }
      const m: Array<[string, string]> = [
        ['name', str()],
        ['request', r() < 0.2 ? JSON.stringify(`https://{{h}}/s/${Math.floor(r() * 9)}`) : JSON.stringify({ method: 'POST', url: `https://{{h}}/p/{{v}}`, header: [{ key: 'X', value: pick(STRINGS) }], body: { mode: 'raw', raw: pick(STRINGS) }, auth: r() < 0.3 ? pick(AUTHS) : undefined })],
      ];
      if (r() < 0.3) m.push(['response', JSON.stringify([{ name: 'r', code: 200, body: pick(STRINGS) }, 5])]);
      if (r() < 0.2) m.push(['variable', vars()]);
      return obj(m);
    };
    const items = (depth: number): string => {
      const n = Math.floor(r() * 4);
      return `[${ws()}${Array.from({ length: n }, () => element(depth)).join(`,${ws()}`)}${ws()}]`;
    };
    const root: Array<[string, string]> = [
      ['info', JSON.stringify({ name: 'g', schema: V21 })],
      ['item', items(0)],
      ['variable', JSON.stringify([{ key: 'h', value: 'api.example.com' }, { key: 'v', value: 'root' }])],
    ];
    if (r() < 0.5) root.push(['auth', JSON.stringify(pick(AUTHS))]);
    const doc = obj(root);
    return (r() < 0.1 ? '\ufeff' : '') + (r() < 0.1 ? `{"collection":${doc}}` : doc) + ws();
  }

  it('agrees on 300 random collections and 600 corruptions of them, in random chunks', async () => {
    const r = rng(20260101);
    for (let k = 0; k < 300; k++) {
      const text = gen(r);
      const sizes = [[1 + Math.floor(r() * 40), 1 + Math.floor(r() * 40)]] as const;
      await same(written(text), sizes);
      for (let c = 0; c < 2; c++) {
        const bytes = Buffer.from(text);
        const at = Math.floor(r() * bytes.length);
        bytes[at] = '{}[],:"\\ 0an'.charCodeAt(Math.floor(r() * 12));
        await same(written(bytes), sizes);
      }
    }
  });
});

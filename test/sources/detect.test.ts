// Format detection from the first bytes of an input, as openInput peeks them: a window that decides
// nothing is offered again larger (`more`), up to DETECT_MAX_BYTES (the CLI side is in
// test/cli/format-detection.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECT_MAX_BYTES, detectFormat, undecidedError, xmlRootAt } from '../../src/sources/detect.js';
import { SAMPLES } from '../helpers.js';

/** What detection sees of `text`: its first 64 KB, cut mid-line as openInput cuts it. */
const window = (text: string): Buffer => Buffer.from(text).subarray(0, 64 * 1024);

const message = (fields: Record<string, unknown>): string => JSON.stringify(fields);
const bigPayload = 'A'.repeat(70_000);

describe('detectFormat', () => {
  it('recognizes Akto JSON lines whose first message is longer than the window, whatever the key order', () => {
    const lines = [
      message({ method: 'POST', path: '/big', requestHeaders: '{"host":"o.t.com"}', requestPayload: bigPayload }),
      // Go connectors marshal maps with sorted keys; a payload may also come first
      message({ akto_account_id: '1000000', akto_vxlan_id: '0', destIp: '10.0.0.5', requestPayload: bigPayload, method: 'GET', path: '/x' }),
      message({ requestPayload: bigPayload, method: 'POST', path: '/y' }),
    ];
    for (const first of lines) {
      expect(first.length).toBeGreaterThan(64 * 1024);
      expect(detectFormat(window(`${first}\n${message({ method: 'GET', path: '/one' })}\n`))).toEqual({ format: 'akto' });
    }
  });

  it('still tells minified HAR and Postman documents longer than the window from Akto messages', () => {
    const har = JSON.stringify(JSON.parse(readFileSync(new URL('../../fixtures/demo-shop.har', import.meta.url), 'utf8')));
    expect(har.slice(0, 64 * 1024)).toContain('"method":'); // entries' own keys sit deeper
    expect(detectFormat(window(har))).toEqual({ format: 'har' });
    const pm = JSON.stringify(JSON.parse(readFileSync(`${SAMPLES}postman/adyen_checkout-v71_v2.1_examples.postman_collection.json`, 'utf8')));
    expect(pm.length).toBeGreaterThan(64 * 1024);
    expect(detectFormat(window(pm))).toEqual({ format: 'postman' });
  });

  it('refuses a long single-line JSON document that is none of the formats, naming its keys', () => {
    const d = detectFormat(window(JSON.stringify({ method: 'x', data: bigPayload })));
    expect(d).toMatchObject({ error: expect.stringMatching(/^JSON, but not a known capture format \(top-level keys: method, data\)/) });
  });
});

describe('detectFormat with more to come', () => {
  const har = JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } });
  const big = 'c'.repeat(100_000);

  it('asks for more while the prefix is whitespace, and decides past it', () => {
    const ws = `\ufeff${' \n\t\r'.repeat(20_000)}`;
    expect(detectFormat(Buffer.from(ws), true)).toEqual({ undecided: 'only whitespace' });
    expect(detectFormat(Buffer.from(ws + har), true)).toEqual({ format: 'har' });
    expect(detectFormat(Buffer.from(ws))).toMatchObject({ error: 'the input is only whitespace: give it a capture (HAR, Postman, Burp XML or Akto JSON lines)' });
    expect(detectFormat(Buffer.alloc(0))).toMatchObject({ error: 'the input is empty: give it a capture (HAR, Postman, Burp XML or Akto JSON lines)' });
  });

  it('skips top-level members whatever their values, up to the one that tells', () => {
    const doc = `{"comment":"${big}","n":-1.5e3,"ok":true,"nested":{"a":["}",{"b":"\\"{"}]},"log":{"version":"1.2","entries":[]}}`;
    for (const cut of [20, 50_000, 100_020]) expect(detectFormat(Buffer.from(doc.slice(0, cut)), true)).toMatchObject({ undecided: expect.stringMatching(/^JSON/) });
    expect(detectFormat(Buffer.from(doc.slice(0, doc.indexOf('"log"') + 6)), true)).toEqual({ format: 'har' });
    expect(detectFormat(Buffer.from(doc.slice(0, 50_000)), true)).toEqual({ undecided: 'JSON; top-level keys so far: comment' });
    // a Postman collection behind a long first member, and one that is neither once it ends
    expect(detectFormat(Buffer.from(`{"x":"${big}","info":{}`), true)).toEqual({ format: 'postman' });
    expect(detectFormat(Buffer.from(`{"x":"${big}","y":1}\n`), true)).toMatchObject({ error: expect.stringMatching(/^JSON, but not a known capture format \(top-level keys: x, y\)/) });
  });

  it('recognizes Akto JSON lines whose long first line names no Akto member before its payload', () => {
    const line = JSON.stringify({ contentType: big, method: 'GET', path: '/x', requestHeaders: '{}', statusCode: '200' });
    expect(detectFormat(Buffer.from(line.slice(0, 60_000)), true)).toMatchObject({ undecided: expect.any(String) });
    expect(detectFormat(Buffer.from(`${line}\n${line}\n`), true)).toEqual({ format: 'akto' });
    expect(detectFormat(Buffer.from(line.slice(0, line.indexOf('"path"') + 7)), true)).toEqual({ format: 'akto' });
  });

  it('recognizes Akto JSON lines whose first line was cut (a dump that starts mid-message) by the next line', () => {
    const line = JSON.stringify({ method: 'GET', path: '/x', requestHeaders: '{}', statusCode: '200', time: 1710072000 });
    for (const cut of [10, 30, line.length - 5]) {
      expect(detectFormat(Buffer.from(`${line.slice(cut)}\n${line}\n`)), String(cut)).toEqual({ format: 'akto' });
      expect(detectFormat(Buffer.from(`{"broken":${line.slice(cut)}\n${line}\n`)), String(cut)).toEqual({ format: 'akto' });
    }
    // text whose second line is not an Akto message stays unknown
    expect(detectFormat(Buffer.from('hello\n{"a":1}\n'))).toMatchObject({ error: expect.stringMatching(/^not a known capture format/) });
    expect(detectFormat(Buffer.from('{\n  "a": 1\n}\n'))).toMatchObject({ error: expect.stringMatching(/^JSON, but not a known capture format/) });
  });

  it('reads a Burp export past a long prolog, and names the root of other XML', () => {
    const prolog = `<?xml version="1.0"?>\n<!-- ${'x'.repeat(100_000)} -->\n<!DOCTYPE items [\n<!ELEMENT items (item*)>\n<!ENTITY e "a > b">\n<!-- ] > -->\n]>\n`;
    expect(detectFormat(Buffer.from(prolog.slice(0, 70_000)), true)).toEqual({ undecided: 'XML still in its prolog: declaration, comments, DOCTYPE' });
    expect(detectFormat(Buffer.from(prolog), true)).toMatchObject({ undecided: expect.any(String) });
    expect(detectFormat(Buffer.from(`${prolog}<ite`), true)).toMatchObject({ undecided: expect.any(String) }); // the root's name cut
    expect(detectFormat(Buffer.from(`${prolog}<items burpVersion="1">`), true)).toEqual({ format: 'burp' });
    expect(detectFormat(Buffer.from(`${prolog}<export><item/>`), true)).toMatchObject({ error: expect.stringMatching(/^XML, but not a Burp Suite export \(root element <export>\)/) });
    expect(detectFormat(Buffer.from(prolog.slice(0, 70_000)))).toMatchObject({ error: expect.stringMatching(/^XML, but not a Burp Suite export \(no <items> root\)/) });
  });

  it('finds the root element past declarations, comments and a DOCTYPE with quoted and commented brackets', () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE a [ <!ENTITY x "]>"> <!ENTITY y '>'> <!-- ]> --> <?pi ]>?> ]>\n<!-- c --><root>`;
    expect(xmlRootAt(text)).toBe(text.indexOf('<root>'));
    expect(xmlRootAt(text.slice(0, text.indexOf('<!-- c')))).toBe(-1);
    expect(xmlRootAt('<?xml version="1.0"?><!DOCTYPE a [ <!ENTITY x "')).toBe(-1);
  });

  it('says how far it looked when the cap is reached', () => {
    const u = detectFormat(Buffer.from(`{"comment":"${big}`), true);
    expect('undecided' in u).toBe(true);
    expect(undecidedError(u as { undecided: string }, DETECT_MAX_BYTES)).toMatchObject({
      error: expect.stringMatching(/^no capture format recognized in its first 16 MB \(JSON; top-level keys so far: comment\)\. akto-rt reads HAR/),
    });
  });
});

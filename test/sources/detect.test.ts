// Format detection from the first 64 KB of an input, as openInput peeks them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/sources/detect.js';
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

// Parameters taken from request bodies: what a form, a JSON body and a mislabelled one become.

import { describe, expect, it } from 'vitest';
import { extractValues } from '../../src/analyzers/params.js';
import type { CallRecord } from '../../src/model/call-record.js';

function post(mimeType: string, text: string): CallRecord {
  return {
    ts: 0, method: 'POST', scheme: 'https', host: 'api.example', port: null, path: '/collect', query: [],
    requestHeaders: [], requestCookies: [], requestBody: { mimeType, text, size: text.length, truncated: false, binary: false },
    status: 200, responseHeaders: [], responseBody: null, durationMs: null, clientIp: null, httpVersion: 'HTTP/1.1', tags: [],
    source: { file: 'x.har', index: 0 },
  };
}

const bodyParams = (c: CallRecord): [string, string, string][] =>
  extractValues(c, [], c.path).filter((p) => p.location === 'request.body').map((p) => [p.name, p.type, p.value]);

describe('request body parameters', () => {
  it('reads a form by field name', () => {
    expect(bodyParams(post('application/x-www-form-urlencoded', 'user%5Bemail%5D=a%40b.example&age=42&plan=pro+plus'))).toEqual([
      ['$[\'user[email]\']', 'string', 'a@b.example'],
      ['$.age', 'integer', '42'],
      ['$.plan', 'string', 'pro plus'],
    ]);
  });

  it('reads JSON labelled as a form as JSON', () => {
    expect(bodyParams(post('application/x-www-form-urlencoded; charset=UTF-8', '{"token":"t-1","n":1}'))).toEqual([
      ['$.token', 'string', 't-1'],
      ['$.n', 'integer', '1'],
    ]);
  });

  it('never turns text into parameter names: a form whose "names" are fragments of JSON is one text value', () => {
    // As Fiddler stores a JSON beacon posted as a form: split on every & and =.
    const text = 'client=ca-dp&{"tm":0.01,"search_token":"W98AI8p_nGwKEw","feedback_url":"https://g.example/r.py?contact=abg_afc&hl=en';
    const got = bodyParams(post('application/x-www-form-urlencoded', text));
    expect(got).toEqual([['$', 'string', text]]);
    expect(got.some(([name]) => name.includes('search_token'))).toBe(false);
  });
});

describe('query and header names that are values', () => {
  it('collapse to `*`; ordinary names stay as they are', () => {
    const c: CallRecord = {
      ...post('application/json', '{}'),
      query: [
        { name: 'ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210', value: '' },
        { name: 'john.smith@corp.example', value: '' },
        { name: 'q', value: 'shoes' },
        { name: 'utm_source', value: 'mail' },
        { name: '_', value: '1710064800000' },
      ],
      requestHeaders: [
        { name: 'AKIAIOSFODNN7EXAMPLE', value: 'x' },
        { name: 'X-Request-Id', value: 'r-1' },
      ],
      responseHeaders: [{ name: 'john.smith@corp.example', value: '1' }],
    };
    const names = extractValues(c, [], c.path).filter((p) => p.location !== 'request.body').map((p) => `${p.location} ${p.name}`);
    expect(names).toEqual([
      'request.query *', 'request.query *', 'request.query q', 'request.query utm_source', 'request.query _',
      'request.header *', 'request.header x-request-id', 'response.header *',
    ]);
  });
});

describe('deep bodies', () => {
  it('keep the object where the walk stops following it, without its members', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 30; i++) deep = { n: deep };
    const got = bodyParams(post('application/json', JSON.stringify({ top: 1, nest: deep })));
    expect(got[0]).toEqual(['$.top', 'integer', '1']);
    const cut = got.filter(([, type]) => type === 'object');
    expect(cut).toHaveLength(1);
    expect(cut[0]![0]).toBe(`$.nest${'.n'.repeat(23)}`);
    expect(got.some(([name]) => name.endsWith('.leaf'))).toBe(false);
  });
});

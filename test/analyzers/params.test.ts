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
      ['$.user.email', 'string', 'a@b.example'],
      ['$.age', 'integer', '42'],
      ['$.plan', 'string', 'pro plus'],
    ]);
  });

  it('reads bracketed form names as the structure they spell (Rails, PHP, qs, Stripe)', () => {
    const form = 'line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2&tags[]=a&tags[]=b&card[number]=4242&metadata[20240312001]=x&a[b]c=1&x[y[z]]=2&[k]=3';
    expect(bodyParams(post('application/x-www-form-urlencoded', form))).toEqual([
      ['$.line_items[*].price', 'string', 'price_1'],
      ['$.line_items[*].quantity', 'integer', '2'],
      ['$.line_items[*].price', 'string', 'price_2'],
      ['$.tags[*]', 'string', 'a'],
      ['$.tags[*]', 'string', 'b'],
      ['$.card.number', 'integer', '4242'],
      // a long number is an id used as a key, not an index
      ['$.metadata.*', 'string', 'x'],
      // not a well-formed bracket name: kept whole
      ["$['a[b]c']", 'integer', '1'],
      ["$['x[y[z]]']", 'integer', '2'],
      ["$['[k]']", 'integer', '3'],
    ]);
  });

  it('reads multipart bracketed names the same way', () => {
    const text = '--B\r\nContent-Disposition: form-data; name="user[emails][]"\r\n\r\njane@x.example\r\n--B--\r\n';
    expect(bodyParams(post('multipart/form-data; boundary=B', text))).toEqual([['$.user.emails[*]', 'string', 'jane@x.example']]);
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
    // Every object on the way is a value of its own (an object), down to the one the walk stops at.
    const objects = got.filter(([, type]) => type === 'object').map(([name]) => name);
    expect(objects).toEqual(Array.from({ length: 24 }, (_, i) => `$.nest${'.n'.repeat(i)}`));
    expect(got.map(([name]) => name)).toEqual(['$.top', ...objects]);
  });
});

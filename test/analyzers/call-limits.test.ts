import { describe, expect, it } from 'vitest';
import { MAX_PATH_SEGMENTS, unusableReason } from '../../src/analyzers/call-limits.js';
import type { CallRecord } from '../../src/model/call-record.js';

function call(method: string, path: string): CallRecord {
  return {
    ts: 0, method, scheme: 'https', host: 'api.example.com', port: null, path, query: [], requestHeaders: [], requestCookies: [], requestBody: null,
    status: 200, responseHeaders: [], responseBody: null, durationMs: 1, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 't', index: 0 },
  };
}

describe('unusableReason', () => {
  it('accepts every real method, WebDAV and custom tokens included', () => {
    for (const m of ['GET', 'POST', 'PATCH', 'PROPFIND', 'MKCOL', 'UPDATEREDIRECTREF', 'PURGE', 'X-CUSTOM']) expect(unusableReason(call(m, '/a'))).toBeNull();
  });
  it('refuses a method that is a request line, has spaces, or is huge, without quoting it', () => {
    for (const m of ['GET /X HTTP/1.1\r\nX:', 'PO ST', 'A'.repeat(10_000), 'GHP_ABCDEF0123456789ABCDEF0123456789ABCD:X']) {
      const r = unusableReason(call(m, '/a'));
      expect(r).toMatch(/^method is not an HTTP method token/);
      expect(r).not.toContain(m.slice(0, 6));
    }
  });
  it('refuses a secret pasted as the method, even one that is a valid token', () => {
    expect(unusableReason(call('AKIAIOSFODNN7EXAMPLE', '/a'))).toBe('method looks like a secret or personal value, not a method');
    expect(unusableReason(call('UPDATEREDIRECTREF', '/a'))).toBeNull();
    expect(unusableReason(call('BASELINE-CONTROL', '/a'))).toBeNull();
  });
  it('refuses paths deeper than the cap, and only those', () => {
    const deep = (n: number): string => Array.from({ length: n }, (_, i) => `/s${i}`).join('');
    expect(unusableReason(call('GET', deep(MAX_PATH_SEGMENTS)))).toBeNull();
    expect(unusableReason(call('GET', deep(MAX_PATH_SEGMENTS + 1)))).toBe(`path has more than ${MAX_PATH_SEGMENTS} segments`);
    expect(unusableReason(call('GET', deep(100_000)))).toBe(`path has more than ${MAX_PATH_SEGMENTS} segments`);
  });
});

// Which calls are static assets or CORS preflights (filtered before any body is parsed), and which
// look like assets by their path but are API calls: uploads, deletions, data answers, documents.
import { describe, expect, it } from 'vitest';
import { nonApiReason } from '../../src/analyzers/static-assets.js';
import { call } from './link-test-kit.js';

const withType = (method: string, path: string, contentType?: string) =>
  call({ method, path, responseHeaders: contentType === undefined ? [] : [{ name: 'Content-Type', value: contentType }] });

describe('nonApiReason', () => {
  it('filters what a browser fetches to draw a page', () => {
    expect(nonApiReason(withType('GET', '/static/app.3f9a.js'))).toBe('static asset (.js)');
    expect(nonApiReason(withType('GET', '/img/logo.PNG'))).toBe('static asset (.png)');
    expect(nonApiReason(withType('HEAD', '/fonts/inter.woff2'))).toBe('static asset (.woff2)');
    expect(nonApiReason(withType('GET', '/i/12345', 'image/webp'))).toBe('static asset (image/webp)');
    expect(nonApiReason(withType('GET', '/theme', 'text/css; charset=utf-8'))).toBe('static asset (text/css)');
    expect(nonApiReason(call({ method: 'OPTIONS', path: '/v1/users', requestHeaders: [{ name: 'Access-Control-Request-Method', value: 'POST' }] }))).toBe('CORS preflight');
  });

  it('keeps uploads and deletions of files: only GET and HEAD fetch an asset', () => {
    for (const [method, path] of [['PUT', '/users/42/avatar.png'], ['POST', '/api/v1/render.js'], ['DELETE', '/attachments/77.png'], ['PATCH', '/files/a.css']]) {
      expect(nonApiReason(withType(method!, path!)), `${method} ${path}`).toBeNull();
    }
  });

  it('keeps a data answer whatever the path ends with', () => {
    expect(nonApiReason(withType('GET', '/api/v1/render.js', 'application/json'))).toBeNull();
    expect(nonApiReason(withType('GET', '/repos/o/r/contents/src/lib/index.js', 'application/vnd.github+json; charset=utf-8'))).toBeNull();
    expect(nonApiReason(withType('GET', '/feeds/latest.svg', 'application/xml'))).toBeNull();
    expect(nonApiReason(withType('GET', '/ajax/libs/jquery/2.0.0/jquery.min.map', 'application/json'))).toBe('static asset (.map)'); // JSON, yet an asset
  });

  it('keeps error answers at an asset path, precompressed assets and stray OPTIONS as assets', () => {
    const status = (c: ReturnType<typeof withType>, code: number) => ({ ...c, status: code });
    expect(nonApiReason(status(withType('GET', '/favicon.ico', 'application/json'), 404))).toBe('static asset (.ico)');
    expect(nonApiReason(status(withType('GET', '/img/a.png', 'application/xml'), 403))).toBe('static asset (.png)');
    expect(nonApiReason(withType('GET', '/static/site.css.gz'))).toBe('static asset (.gz)');
    expect(nonApiReason(withType('GET', '/static/app.js.br'))).toBe('static asset (.br)');
    expect(nonApiReason(withType('OPTIONS', '/fonts/x.woff2'))).toBe('static asset (.woff2)');
    // an error answer at an API's own path stays an API call
    expect(nonApiReason(status(withType('GET', '/api/v1/render.json', 'application/json'), 404))).toBeNull();
  });

  it('keeps documents and exports an API serves', () => {
    expect(nonApiReason(withType('GET', '/invoices/12345.pdf', 'application/pdf'))).toBeNull();
    expect(nonApiReason(withType('GET', '/exports/2024-03.zip', 'application/zip'))).toBeNull();
    expect(nonApiReason(withType('GET', '/dumps/orders.csv.gz'))).toBeNull();
  });
});

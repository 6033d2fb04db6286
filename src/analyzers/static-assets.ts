// Calls that are not API endpoints: static assets (by extension or response type) and CORS
// preflights. Decided before any body is parsed, so skipping them costs almost nothing. Only a GET,
// HEAD (or a stray OPTIONS) fetches an asset: `PUT /users/42/avatar.png` is an upload, an API call.
// A data answer (JSON, XML) is an API call whatever the path ends with (`GET /render.js` answering
// JSON), unless it is an error at an asset's path.

import type { CallRecord } from '../model/call-record.js';

const ASSET_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'webp', 'avif', 'bmp', 'tif', 'tiff',
  'css', 'js', 'mjs', 'cjs', 'map', 'ts', 'jsx', 'tsx',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp4', 'webm', 'ogg', 'mp3', 'wav', 'm4a', 'aac', 'flac', 'mov', 'm3u8', 'ts',
  'wasm', 'swf', 'apng', 'cur',
]); // pdf, zip, gz are documents and exports an API serves (`/invoices/{invoiceId}.pdf`): kept

/** Compression suffixes of precompressed assets (`app.js.gz`, `style.css.br`). */
const COMPRESSED: ReadonlySet<string> = new Set(['gz', 'br', 'zst']);

/** Response types that are data, never an asset. */
const DATA_TYPES = /^(?:application\/(?:[\w.+-]*\+)?(?:json|xml)|text\/xml|application\/x-www-form-urlencoded|application\/(?:x-)?ndjson)/i;

const ASSET_TYPES = /^(?:image\/|font\/|audio\/|video\/|text\/css|application\/(?:x-)?(?:font|javascript)|text\/javascript|application\/wasm)/i;

function extension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? path.slice(dot + 1).toLowerCase() : '';
}

function header(call: CallRecord, which: 'request' | 'response', name: string): string | undefined {
  for (const h of which === 'request' ? call.requestHeaders : call.responseHeaders) {
    if (h.name.length === name.length && h.name.toLowerCase() === name) return h.value;
  }
  return undefined;
}

/** Why a call is not an API call ('static asset .png', 'CORS preflight'), or null when it is one. */
export function nonApiReason(call: CallRecord): string | null {
  if (call.method === 'OPTIONS') {
    if (header(call, 'request', 'access-control-request-method') !== undefined) return 'CORS preflight';
    if (header(call, 'response', 'access-control-allow-methods') !== undefined) return 'CORS preflight';
  }
  if (call.method !== 'GET' && call.method !== 'HEAD' && call.method !== 'OPTIONS') return null;
  const ext = extension(call.path);
  if (ext === 'map') return 'static asset (.map)'; // a source map is JSON, and still an asset
  const asset = ext !== '' && (ASSET_EXTENSIONS.has(ext) || (COMPRESSED.has(ext) && ASSET_EXTENSIONS.has(extension(call.path.slice(0, -ext.length - 1)))));
  const ct = header(call, 'response', 'content-type') ?? call.responseBody?.mimeType ?? '';
  // A data answer is an API call; an error answer at an asset's path (a JSON 404 for /favicon.ico,
  // S3's XML AccessDenied for /img/a.png) is still the asset's.
  const ok = call.status !== null && call.status >= 200 && call.status < 400;
  if (ct && DATA_TYPES.test(ct.trimStart()) && (ok || !asset)) return null;
  if (asset) return `static asset (.${ext})`;
  if (ct && ASSET_TYPES.test(ct)) return `static asset (${ct.split(';')[0]})`;
  return null;
}

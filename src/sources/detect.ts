// Format detection from content, never from the file name: real Burp exports often have no extension.

import type { InputFormat } from '../model/call-record.js';

export const FORMATS_UNDERSTOOD =
  "akto-rt reads HAR, Postman collections (v2.0/v2.1), Burp Suite 'Save items' XML and Akto mirrored-traffic JSON lines (any of them gzip-compressed); --input-format forces one";

export type Detection = { format: InputFormat } | { error: string };

/** Top-level member names of a JSON object, from a possibly cut prefix of its text. */
export function topLevelKeys(text: string, max = 40): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length && keys.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(text.slice(i + 1, j));
      expectKey = false;
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      expectKey = c === 0x7b && depth === 1;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectKey = true;
  }
  return keys;
}

const AKTO_KEYS = ['requestHeaders', 'responseHeaders', 'requestPayload', 'responsePayload', 'statusCode'];
/** Member names only an Akto message has at its top level (a HAR or Postman document never does). */
const AKTO_ONLY_KEYS = ['requestHeaders', 'responseHeaders', 'requestPayload', 'responsePayload', 'akto_account_id', 'akto_vxlan_id', 'is_pending'];
const POSTMAN_KEYS = ['info', 'item', 'collection', 'requests', 'order', 'folders', '_postman_variable_scope'];

function isAktoKeys(keys: readonly string[]): boolean {
  return (keys.includes('method') && keys.includes('path')) || AKTO_ONLY_KEYS.some((k) => keys.includes(k));
}

/** Decides the format from the first bytes (BOM and whitespace skipped) of the decompressed input. */
export function detectFormat(prefix: Buffer): Detection {
  let text = prefix.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trimStart();
  if (text === '') return { error: 'the input is empty' };
  if (text.startsWith('<')) {
    if (/<items[\s>]/.test(text) || /<issues[\s>]/.test(text)) return { format: 'burp' };
    return { error: `XML, but not a Burp Suite export (no <items> root). ${FORMATS_UNDERSTOOD}` };
  }
  if (/^[A-Za-z_$][\w$]{0,63}\s*\(\s*\{/.test(text)) return { format: 'har' }; // HARP (JSONP-wrapped HAR)
  if (text.startsWith('{')) {
    const nl = text.indexOf('\n');
    const firstLine = (nl === -1 ? text : text.slice(0, nl)).trim();
    let firstObj: Record<string, unknown> | null = null;
    try {
      const v = JSON.parse(firstLine) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) firstObj = v as Record<string, unknown>;
    } catch {
      /* not a one-line object */
    }
    if (firstObj && 'method' in firstObj && 'path' in firstObj && AKTO_KEYS.some((k) => k in firstObj!)) return { format: 'akto' };
    const keys = topLevelKeys(text);
    if (keys.includes('log')) return { format: 'har' };
    if (POSTMAN_KEYS.some((k) => keys.includes(k)) || (keys.includes('values') && keys.includes('name'))) return { format: 'postman' };
    if (firstObj && 'method' in firstObj && 'path' in firstObj) return { format: 'akto' };
    // A first line longer than the window (a large payload) cannot be parsed here: its keys so far
    // decide. The reader then parses the whole line, or skips it with its reason.
    if (nl === -1 && !firstObj && isAktoKeys(keys)) return { format: 'akto' };
    const shown = keys.length ? ` (top-level keys: ${keys.slice(0, 6).join(', ')})` : '';
    return { error: `JSON, but not a known capture format${shown}. ${FORMATS_UNDERSTOOD}` };
  }
  return { error: `not a known capture format. ${FORMATS_UNDERSTOOD}` };
}

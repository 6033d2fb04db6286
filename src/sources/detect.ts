// Format detection from content, never from the file name: real Burp exports often have no extension.
// Works on the input's first bytes; when they do not decide (leading whitespace, a long top-level JSON
// member before the one that tells, a long XML prolog) the caller offers more, up to DETECT_MAX_BYTES.

import type { InputFormat } from '../model/call-record.js';
import { QUOTE, isWs } from './json-bytes.js';
import { skipValue } from './json-skip.js';

export const FORMATS_UNDERSTOOD =
  "akto-rt reads HAR, Postman collections (v2.0/v2.1), Burp Suite 'Save items' XML and Akto mirrored-traffic JSON lines (any of them gzip-compressed); --input-format forces one";

/**
 * Bytes detection may look at before it gives up. They wait in memory until the reader takes them,
 * so this bounds what an undecidable input costs; real captures decide within their first kilobytes.
 */
export const DETECT_MAX_BYTES = 16 * 1024 * 1024;

export type Detection = { format: InputFormat } | { error: string };
/** The bytes so far decide nothing and more of them could: what they show, for the message if none do. */
export interface Undecided {
  undecided: string;
}

/**
 * Member names of the JSON object at `start` (its `{`), values skipped unread, up to `last` if it
 * comes; `ended`: nothing more to learn (the object's end, `last`, or a syntax error was reached).
 */
function topLevelMembers(buf: Buffer, start: number, last: string): { keys: string[]; ended: boolean } {
  const keys: string[] = [];
  const n = buf.length;
  const ws = (i: number): number => {
    while (i < n && isWs(buf[i]!)) i++;
    return i;
  };
  const skip = (i: number): number => skipValue({ depth: 0, inString: false, escapePending: false }, buf, i);
  const cut = { keys, ended: false };
  const done = { keys, ended: true };
  for (let i = start + 1; ; ) {
    i = ws(i);
    if (i >= n) return cut;
    if (buf[i] === 0x7d) return done;
    if (buf[i] === 0x2c) {
      i++;
      continue;
    }
    if (buf[i] !== QUOTE) return done; // not JSON: nothing more to learn
    const keyEnd = skip(i);
    if (keyEnd === -1) return cut;
    keys.push(keyName(buf, i, keyEnd));
    if (keys[keys.length - 1] === last) return done;
    i = ws(keyEnd);
    if (i >= n) return cut;
    if (buf[i] !== 0x3a) return done;
    i = ws(i + 1);
    if (i >= n) return cut;
    const c = buf[i]!;
    if (c === QUOTE || c === 0x7b || c === 0x5b) i = skip(i);
    else while (i < n && buf[i] !== 0x2c && buf[i] !== 0x7d && !isWs(buf[i]!)) i++; // number, true, false, null
    if (i === -1 || i >= n) return cut;
  }
}

/** A member name from its quoted text (`from` at the opening quote, `to` past the closing one). */
function keyName(buf: Buffer, from: number, to: number): string {
  if (to - from > 258) return `${buf.toString('utf8', from + 1, from + 41)}…`; // no name we look for is that long
  const raw = buf.toString('utf8', from, to);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

const AKTO_KEYS = ['requestHeaders', 'responseHeaders', 'requestPayload', 'responsePayload', 'statusCode'];
/** Member names only an Akto message has at its top level (a HAR or Postman document never does). */
const AKTO_ONLY_KEYS = ['requestHeaders', 'responseHeaders', 'requestPayload', 'responsePayload', 'akto_account_id', 'akto_vxlan_id', 'is_pending'];
const POSTMAN_KEYS = ['info', 'item', 'collection', 'requests', 'order', 'folders', '_postman_variable_scope'];

function isAktoKeys(keys: readonly string[]): boolean {
  return (keys.includes('method') && keys.includes('path')) || AKTO_ONLY_KEYS.some((k) => keys.includes(k));
}

/**
 * A mirrored-traffic stream cut mid-message (a dump that starts inside a line): the line after the
 * first newline is a whole Akto message. The reader skips the broken first line and counts it.
 */
function secondLineIsAkto(buf: Buffer, nl: number): boolean {
  let end = buf.indexOf(0x0a, nl + 1);
  if (end === -1) end = buf.length;
  if (buf[nl + 1] !== 0x7b) return false;
  try {
    const v = JSON.parse(buf.toString('utf8', nl + 1, end)) as unknown;
    return typeof v === 'object' && v !== null && 'method' in v && 'path' in v && AKTO_KEYS.some((k) => k in v);
  } catch {
    return false;
  }
}

function detectJson(buf: Buffer, start: number, more: boolean): Detection | Undecided {
  const nl = buf.indexOf(0x0a, start);
  let firstObj: Record<string, unknown> | null = null;
  // A first line still cut short cannot parse: not worth trying on every larger window.
  if (nl !== -1 || !more) {
    try {
      const v = JSON.parse(buf.toString('utf8', start, nl === -1 ? buf.length : nl)) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) firstObj = v as Record<string, unknown>;
    } catch {
      /* not a one-line object */
    }
  }
  if (firstObj && 'method' in firstObj && 'path' in firstObj && AKTO_KEYS.some((k) => k in firstObj!)) return { format: 'akto' };
  const { keys, ended } = topLevelMembers(buf, start, 'log');
  if (keys.includes('log')) return { format: 'har' };
  if (POSTMAN_KEYS.some((k) => keys.includes(k)) || (keys.includes('values') && keys.includes('name'))) return { format: 'postman' };
  if (firstObj && 'method' in firstObj && 'path' in firstObj) return { format: 'akto' };
  // A first line longer than the bytes at hand (a large payload) cannot be parsed here: its keys so
  // far decide. The reader then parses the whole line, or skips it with its reason.
  if (nl === -1 && !firstObj && isAktoKeys(keys)) return { format: 'akto' };
  if (nl !== -1 && secondLineIsAkto(buf, nl)) return { format: 'akto' }; // a first line cut short, or some other record
  const shown = keys.length ? ` (top-level keys: ${keys.slice(0, 6).join(', ')})` : '';
  if (more && !ended) return { undecided: keys.length ? `JSON; top-level keys so far: ${keys.slice(0, 6).join(', ')}` : 'JSON' };
  return { error: `JSON, but not a known capture format${shown}. ${FORMATS_UNDERSTOOD}` };
}

/**
 * Where the root element's `<` is, past the prolog (XML declaration, processing instructions,
 * comments, DOCTYPE with its internal subset); -1 when the text ends first.
 */
export function xmlRootAt(text: string, i = 0): number {
  for (;;) {
    while (i < text.length && isWs(text.charCodeAt(i))) i++;
    if (i >= text.length) return -1;
    if (!text.startsWith('<', i)) return i;
    let end: number;
    if (text.startsWith('<?', i)) end = after(text, '?>', i + 2);
    else if (text.startsWith('<!--', i)) end = after(text, '-->', i + 4);
    else if (text.startsWith('<!', i)) end = declarationEnd(text, i + 2);
    else return i + 1 < text.length ? i : -1;
    if (end === -1) return -1;
    i = end;
  }
}

function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at === -1 ? -1 : at + close.length;
}

/** Past the `>` that ends a `<!DOCTYPE ...>` begun before `i`: brackets, quotes and comments of its internal subset skipped. */
function declarationEnd(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = after(text, c, i + 1);
    else if (text.startsWith('<!--', i)) i = after(text, '-->', i + 4);
    else if (text.startsWith('<?', i)) i = after(text, '?>', i + 2);
    else {
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) return i + 1;
      i++;
    }
    if (i === -1) return -1;
  }
  return -1;
}

function detectXml(buf: Buffer, start: number, more: boolean): Detection | Undecided {
  const text = buf.toString('latin1', start); // markup is ASCII; names and content need no decoding here
  const at = xmlRootAt(text);
  const tag = at === -1 ? null : /^<([^\s/>]{1,64})([\s/>])?/.exec(text.slice(at, at + 66));
  const named = tag !== null && (tag[2] !== undefined || at + 66 <= text.length);
  // An issues report is refused by the reader, with what to export instead.
  if (named && (tag[1] === 'items' || tag[1] === 'issues')) return { format: 'burp' };
  // The prolog, or the root element's name, goes on past the bytes at hand.
  if (more && (at === -1 || (tag !== null && !named))) return { undecided: 'XML still in its prolog: declaration, comments, DOCTYPE' };
  // Bytes cut short in the prolog (the caller offers no more): an <items> tag seen anyway decides.
  if (!named && /<(items|issues)[\s>/]/.test(text)) return { format: 'burp' };
  const found = named ? `root element <${tag[1]}>` : 'no <items> root';
  return { error: `XML, but not a Burp Suite export (${found}). ${FORMATS_UNDERSTOOD}` };
}

/**
 * Decides the format from the first bytes of the decompressed input (a BOM and whitespace skipped).
 * `more`: whether bytes may follow; then a prefix that does not decide gives Undecided, to be asked
 * again with more of the input (or turned into an error by `undecidedError`).
 */
export function detectFormat(prefix: Buffer): Detection;
export function detectFormat(prefix: Buffer, more: boolean): Detection | Undecided;
export function detectFormat(prefix: Buffer, more = false): Detection | Undecided {
  // Most inputs tell within their first kilobytes: a read's worth (1 MB) is looked at whole only if those do not.
  if (prefix.length > QUICK_BYTES) {
    const d = detectIn(prefix.subarray(0, QUICK_BYTES), true);
    if (!('undecided' in d)) return d;
  }
  return detectIn(prefix, more);
}

const QUICK_BYTES = 64 * 1024;

function detectIn(prefix: Buffer, more: boolean): Detection | Undecided {
  let i = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  while (i < prefix.length && isWs(prefix[i]!)) i++;
  if (i === prefix.length) return more ? { undecided: 'only whitespace' } : { error: `${prefix.length === 0 ? 'the input is empty' : 'the input is only whitespace'}: give it a capture (HAR, Postman, Burp XML or Akto JSON lines)` };
  const c = prefix[i]!;
  if (c === 0x3c) return detectXml(prefix, i, more);
  if (/^[A-Za-z_$][\w$]{0,63}\s*\(\s*\{/.test(prefix.toString('latin1', i, i + 128))) return { format: 'har' }; // HARP (JSONP-wrapped HAR)
  if (c === 0x7b) return detectJson(prefix, i, more);
  const nl = prefix.indexOf(0x0a, i);
  if (nl !== -1 && secondLineIsAkto(prefix, nl)) return { format: 'akto' };
  return { error: `not a known capture format. ${FORMATS_UNDERSTOOD}` };
}

/** The error for an input whose first `bytes` bytes (DETECT_MAX_BYTES or more) did not decide. */
export function undecidedError(u: Undecided, bytes: number): Detection {
  const mb = Math.floor(bytes / (1024 * 1024));
  return { error: `no capture format recognized in its first ${mb} MB (${u.undecided}). ${FORMATS_UNDERSTOOD}` };
}

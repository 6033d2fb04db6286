// Splits GraphQL traffic by operation (`POST /graphql` -> `/graphql#GetUser`) with a tiny scanner of
// the request's JSON top level and the document's head; no GraphQL library, nothing parsed unless cheap checks pass.

import type { Body, NameValue } from '../model/call-record.js';

const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]*$/;
const OPERATION_KEYWORDS: ReadonlySet<string> = new Set(['query', 'mutation', 'subscription']);

/** `/graphql`, `/api/graphql`, `/v1/GraphQL/`. */
function isGraphqlPath(path: string): boolean {
  let end = path.length;
  if (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  if (end < 7 || (path.charCodeAt(end - 1) | 32) !== 108) return false; // cheap 'l' test first
  return path.slice(end - 7, end).toLowerCase() === 'graphql';
}

// ---- JSON top level: only the "query" and "operationName" strings are read, other values are skipped ----

function skipWs(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) break;
    i++;
  }
  return i;
}

/** Index just past the JSON string starting at i (a '"'); t.length when the string was cut. */
function stringEnd(t: string, i: number): number {
  for (let j = t.indexOf('"', i + 1); j !== -1; j = t.indexOf('"', j + 1)) {
    let slashes = 0;
    while (t.charCodeAt(j - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return j + 1;
  }
  return t.length;
}

/** The string's value; a string cut at the body cap still yields its head, which is all we read. */
function stringValue(t: string, i: number, end: number): string | null {
  const closed = end - i >= 2 && t.charCodeAt(end - 1) === 34;
  const raw = closed ? t.slice(i, end) : t.slice(i).replace(/\\u?[0-9a-fA-F]{0,3}$|\\$/, '') + '"';
  if (raw.indexOf('\\') === -1) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return null;
  }
}

function skipValue(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 34) return stringEnd(t, i);
  if (c !== 123 && c !== 91) {
    while (i < t.length && !',}] \n\r\t'.includes(t[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < t.length; i++) {
    const d = t.charCodeAt(i);
    if (d === 34) i = stringEnd(t, i) - 1;
    else if (d === 123 || d === 91) depth++;
    else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
  }
  return i;
}

interface GraphqlRequest {
  query: string | null;
  operationName: string | null;
}

/** Operations of one batch that name its endpoint (`/graphql#AdminUsers+Products`). */
const MAX_BATCH_OPERATIONS = 16;

/**
 * Reads the request object, or each of a batched array's (Apollo's batching): every operation of a
 * batch names the call, so one a client could reach only with credentials is not hidden behind a
 * public one sent alongside it.
 */
function readRequests(t: string): GraphqlRequest[] {
  let i = skipWs(t, 0);
  if (t.charCodeAt(i) !== 91) {
    const one = readObject(t, i);
    return one === null ? [] : [one.req];
  }
  const out: GraphqlRequest[] = [];
  i = skipWs(t, i + 1);
  while (out.length < MAX_BATCH_OPERATIONS) {
    const one = readObject(t, i);
    if (one === null) break;
    out.push(one.req);
    i = skipWs(t, one.end);
    if (t.charCodeAt(i) !== 44) break;
    i = skipWs(t, i + 1);
  }
  return out;
}

/** The `query` and `operationName` of the object at `i`, and where it ends; null when no object starts there. */
function readObject(t: string, i: number): { req: GraphqlRequest; end: number } | null {
  if (t.charCodeAt(i) !== 123) return null;
  const req: GraphqlRequest = { query: null, operationName: null };
  i++;
  for (;;) {
    i = skipWs(t, i);
    if (t.charCodeAt(i) === 125) return { req, end: i + 1 };
    if (t.charCodeAt(i) !== 34) return { req, end: skipValue(t, i) };
    const keyEnd = stringEnd(t, i);
    const key = t.slice(i + 1, keyEnd - 1);
    i = skipWs(t, keyEnd);
    if (t.charCodeAt(i) !== 58) return { req, end: t.length };
    i = skipWs(t, i + 1);
    const end = skipValue(t, i);
    if ((key === 'query' || key === 'operationName') && t.charCodeAt(i) === 34) req[key] = stringValue(t, i, end);
    i = skipWs(t, end);
    if (t.charCodeAt(i) === 44) i++;
    else return { req, end: t.charCodeAt(i) === 125 ? i + 1 : t.length };
  }
}


// ---- GraphQL document head ----

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  /** Skips whitespace, commas, BOM and `#` comments (GraphQL "ignored tokens"). */
  skip(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 35) {
        while (this.i < s.length && s.charCodeAt(this.i) !== 10) this.i++;
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 0xfeff) this.i++;
      else return;
    }
  }

  peek(): number {
    this.skip();
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  name(): string | null {
    this.skip();
    const m = /^[_A-Za-z][_0-9A-Za-z]*/.exec(this.s.slice(this.i, this.i + 256));
    if (m === null) return null;
    this.i += m[0].length;
    return m[0];
  }

  /** Skips a balanced (...) or {...} group starting at the current character, strings included. */
  group(): boolean {
    const s = this.s;
    const open = s.charCodeAt(this.i);
    const close = open === 40 ? 41 : 125;
    let depth = 0;
    for (; this.i < s.length; this.i++) {
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        const block = s.startsWith('"""', this.i);
        const end = block ? s.indexOf('"""', this.i + 3) : stringEnd(s, this.i) - 1;
        if (end === -1) return false;
        this.i = block ? end + 2 : end;
      } else if (c === 35) {
        while (this.i < s.length && s.charCodeAt(this.i) !== 10) this.i++;
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.i++;
        return true;
      }
    }
    return false;
  }

  /** Skips `(...)` variables and `@directive(...)` up to the selection set; true when at '{'. */
  toSelectionSet(): boolean {
    for (;;) {
      const c = this.peek();
      if (c === 123) return true;
      if (c === 40) {
        if (!this.group()) return false;
      } else if (c === 64 || c === 58 || c === 33 || c === 91 || c === 93) {
        this.i++; // '@' of a directive, or `on Type`/type syntax characters
        this.name();
      } else if (this.name() === null) return false;
    }
  }

  /** The first field of the selection set at '{' (aliases resolved: `me: user` -> `user`). */
  firstField(): string | null {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === 125 || c === -1) return null;
      if (this.s.startsWith('...', this.i)) {
        this.i += 3;
        const n = this.name();
        if (n === null || n === 'on') {
          if (!this.toSelectionSet()) return null;
          const inner = this.firstField();
          if (inner !== null) return inner;
        }
        continue; // a named fragment spread says nothing about the root field
      }
      const n = this.name();
      if (n === null) return null;
      if (this.peek() !== 58) return n;
      this.i++;
      return this.name();
    }
  }
}

/**
 * Name of the first operation of a document, or of its first root field when anonymous; 'anonymous'
 * when neither exists; null when the text is not a GraphQL executable document.
 */
export function operationFromDocument(doc: string): string | null {
  const sc = new Scanner(doc);
  for (;;) {
    const c = sc.peek();
    if (c === -1) return null;
    if (c === 123) return sc.firstField() ?? 'anonymous';
    const word = sc.name();
    if (word === null) return null;
    if (word === 'fragment') {
      if (!sc.toSelectionSet() || !sc.group()) return null;
      continue;
    }
    if (!OPERATION_KEYWORDS.has(word)) return null;
    const next = sc.peek();
    const named = next !== 123 && next !== 40 && next !== 64 ? sc.name() : null;
    if (!sc.toSelectionSet()) return null;
    return named ?? sc.firstField() ?? 'anonymous';
  }
}

/**
 * The GraphQL operation a call runs, or null for a non-GraphQL call. The endpoint template is then
 * `${pathTemplate}#${operation}`. Sources, in order: an explicit `operationName` (query string or body,
 * which also covers persisted queries without a document), else the document's first operation.
 * Off a `...graphql` path the document must parse as GraphQL, so `/search?query=shoes` stays plain.
 */
export function graphqlOperation(method: string, path: string, query: readonly NameValue[], body: Body | null): string | null {
  const onPath = isGraphqlPath(path);
  let doc: string | null = null;
  let opName: string | null = null;
  for (const q of query) {
    if (q.name === 'query') doc = q.value;
    else if (q.name === 'operationName') opName = q.value;
  }
  if (doc === null && opName === null && body !== null && !body.binary && body.text !== '' && method !== 'GET' && method !== 'HEAD') {
    const t = body.text;
    if (/graphql/i.test(body.mimeType) && !/json/i.test(body.mimeType)) doc = t;
    else if (t.indexOf('"query"') !== -1 || (onPath && t.indexOf('"operationName"') !== -1)) {
      const reqs = readRequests(t);
      if (reqs.length > 1) return batchName(reqs, onPath);
      doc = reqs[0]?.query ?? null;
      opName = reqs[0]?.operationName ?? null;
    }
  }
  if (!onPath && doc === null) return null;
  const fromDoc = doc === null ? null : operationFromDocument(doc);
  if (!onPath && fromDoc === null) return null;
  if (opName !== null && NAME_RE.test(opName)) return opName;
  return fromDoc;
}

/** A batch's operations, distinct and sorted (the same batch in another order is the same endpoint), joined by `+`. */
function batchName(reqs: readonly GraphqlRequest[], onPath: boolean): string | null {
  const names = new Set<string>();
  let documents = 0;
  for (const r of reqs) {
    const fromDoc = r.query === null ? null : operationFromDocument(r.query);
    if (fromDoc !== null) documents++;
    const name = r.operationName !== null && NAME_RE.test(r.operationName) ? r.operationName : fromDoc;
    if (name !== null) names.add(name);
  }
  // Off a GraphQL path, only GraphQL documents make a body GraphQL.
  if (!onPath && documents === 0) return null;
  return names.size === 0 ? null : [...names].sort().join('+');
}

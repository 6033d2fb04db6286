// The `content` of an exported request or response body: one entry per media type observed for it
// (`application/x-www-form-urlencoded`, `text/html` ...), each with a schema that says what such a
// body is, instead of every body labelled `application/json`.

import type { InventoryParam } from '../model/inventory.js';
import { schemaFromParams, type JsonSchema } from './json-schema.js';

export type MediaKind = 'json' | 'form' | 'text' | 'binary';

/** Form bodies: OpenAPI 3.1 describes their fields as the properties of an object schema. */
const FORM_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Subtype words of textual types outside `text/*`: XML and its `+xml` family, scripts, YAML, CSV,
 * GraphQL documents, JSON streams (`x-ndjson`: lines of JSON, not one JSON document).
 */
const TEXT_SUBTYPE_WORDS: readonly string[] = ['xml', 'javascript', 'ecmascript', 'yaml', 'csv', 'graphql', 'ndjson', 'jsonl', 'json-seq', 'sql', 'html'];

/**
 * How bodies of a media type are described:
 * - json: `application/json`, any `+json` type (`application/problem+json`), `text/json`: the schema
 *   inferred from the body's parameters (their JSON paths);
 * - form: url-encoded and multipart forms: that same schema, an object of their fields;
 * - text: `text/*` and the textual types above: a string. XML is text here too: its parameters are
 *   element paths with the root element as a member and attributes as `@name` members, which is not
 *   how OpenAPI's XML Object maps a schema onto a document (the schema is the root element, names and
 *   attributes go in `xml`): a code generator given them would build the wrong documents;
 * - binary (images, `application/octet-stream`, PDF, protobuf, anything else): no schema, as OpenAPI
 *   3.1 writes binary content (`image/png: {}`).
 */
export function mediaKind(type: string): MediaKind {
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (FORM_TYPES.has(type)) return 'form';
  if (type.startsWith('text/')) return 'text';
  const subtype = type.slice(type.indexOf('/') + 1);
  return TEXT_SUBTYPE_WORDS.some((w) => subtype.includes(w)) ? 'text' : 'binary';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A media type object: a binary body has no schema. */
export type ContentObject = Record<string, { schema?: JsonSchema }>;

/**
 * A body's content by media type (sorted), or null when there is nothing to describe. `types`: the
 * media types observed with their calls; `params`: the body's parameters (of every media type alike:
 * the inventory keeps one set per body). A body with parameters but no recorded media type (analyzed
 * by a release that did not record them, or sent without a usable Content-Type) is `application/json`,
 * as every body was before.
 */
export function bodyContent(types: Readonly<Record<string, number>> | undefined, params: readonly InventoryParam[]): ContentObject | null {
  const observed = types === undefined ? [] : Object.keys(types).sort(cmp);
  if (observed.length === 0) return params.length > 0 ? { 'application/json': { schema: schemaFromParams(params) } } : null;
  const content: ContentObject = {};
  for (const type of observed) {
    switch (mediaKind(type)) {
      case 'json':
        content[type] = { schema: schemaFromParams(params) };
        break;
      case 'form':
        content[type] = { schema: params.length > 0 ? schemaFromParams(params) : { type: 'object' } };
        break;
      case 'text':
        content[type] = { schema: { type: 'string' } };
        break;
      case 'binary':
        content[type] = {};
        break;
    }
  }
  return content;
}

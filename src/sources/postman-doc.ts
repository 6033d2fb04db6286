// What kind of Postman document a parsed JSON is (v2 collection, v1 collection, environment; or an
// OpenAPI document given in its place), without
// loading the Postman SDK: environment files are read for every run that names one.

export type PostmanDocKind = 'v2' | 'v1' | 'environment' | 'openapi';

type Json = Record<string, unknown>;

const V2_SCHEMA = /\/collection\/v2\.[01]\.\d/;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The collection object itself, unwrapping the Postman API's `{"collection": {...}}` envelope. */
export function collectionRoot(doc: Json): Json {
  return !Array.isArray(doc.item) && isRecord(doc.collection) ? doc.collection : doc;
}

/** Which kind of Postman document this is, or null when it is not one. */
export function classifyPostmanDoc(doc: unknown): PostmanDocKind | null {
  if (!isRecord(doc)) return null;
  const root = collectionRoot(doc);
  if (Array.isArray(root.item)) return 'v2';
  if (isRecord(root.info) && typeof root.info.schema === 'string' && V2_SCHEMA.test(root.info.schema)) return 'v2';
  if (Array.isArray(root.requests) || (Array.isArray(root.order) && Array.isArray(root.folders))) return 'v1';
  if (Array.isArray(root.values) && (typeof root._postman_variable_scope === 'string' || typeof root.name === 'string')) {
    return 'environment';
  }
  // An API description, not traffic: what spec-diff compares traffic against.
  if ((typeof doc.openapi === 'string' || typeof doc.swagger === 'string') && isRecord(doc.paths)) return 'openapi';
  return null;
}

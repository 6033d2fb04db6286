// JSON Schemas (2020-12, as OpenAPI 3.1 uses) inferred from observed parameters: body JSON paths like
// `$.items[*].sku` become nested object/array schemas; path segment classes become typed schemas.

import type { InventoryParam } from '../model/inventory.js';
import type { ValueType } from '../model/facts.js';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  required?: string[];
  items?: JsonSchema;
  examples?: unknown[];
}

/** Path segment classes (analyzers' PathParam.type) as schemas; unknown classes are plain strings. */
const PATH_PARAM_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  integer: { type: 'integer' },
  number: { type: 'number' },
  uuid: { type: 'string', format: 'uuid' },
  date: { type: 'string', format: 'date' },
  'date-time': { type: 'string', format: 'date-time' },
  email: { type: 'string', format: 'email' },
  'object-id': { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
  hex: { type: 'string', pattern: '^[0-9a-fA-F]+$' },
  ulid: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$' },
  base64url: { type: 'string', pattern: '^[A-Za-z0-9_-]+={0,2}$' },
};

export function pathParamSchema(type: string): JsonSchema {
  const s = PATH_PARAM_SCHEMAS[type];
  return s ? { ...s } : { type: 'string' };
}

/** Canonical type order so the same observation always prints the same schema. */
const TYPE_ORDER: readonly ValueType[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

function typeValue(types: ReadonlySet<string>): string | string[] | undefined {
  const list = TYPE_ORDER.filter((t) => types.has(t));
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : list;
}

/**
 * An example value for a schema, only from a param's stored (already redacted) `example`, and never
 * for a param that carried sensitive data: defence in depth against a value that slipped redaction.
 */
function exampleFor(p: InventoryParam): unknown[] | undefined {
  if (p.example === undefined || p.sensitiveTypes.length > 0) return undefined;
  const types = p.types;
  if (types.includes('string')) return [p.example];
  if ((types.includes('integer') && /^-?\d+$/.test(p.example)) || (types.includes('number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(p.example))) {
    return [Number(p.example)];
  }
  if (types.includes('boolean') && (p.example === 'true' || p.example === 'false')) return [p.example === 'true'];
  return undefined;
}

/** Schema for a scalar parameter (query, header, cookie) from its observed types. */
export function valueSchema(p: InventoryParam): JsonSchema {
  const out: JsonSchema = {};
  const type = typeValue(new Set(p.types));
  if (type !== undefined) out.type = type;
  const examples = exampleFor(p);
  if (examples) out.examples = examples;
  return out;
}

// ---- JSON path tree

interface Node {
  declared: InventoryParam | null;
  props: Map<string, Node>;
  items: Node | null;
}

function newNode(): Node {
  return { declared: null, props: new Map(), items: null };
}

type Step = { prop: string } | { items: true };

/** Parses `$.a.b`, `$.items[*].sku`, `$[0]`, `$['odd.key']`; a name without `$` is a top-level key. */
export function parseJsonPath(path: string): Step[] {
  if (!path.startsWith('$')) return [{ prop: path }];
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      steps.push({ prop: path.slice(i + 1, j) });
      i = j;
    } else if (ch === '[') {
      const quote = path[i + 1];
      if (quote === "'" || quote === '"') {
        // `$['it\'s']`: the quote inside is escaped (params-walk.ts propPath); the key is read unescaped.
        let end = path.indexOf(`${quote}]`, i + 2);
        while (end > 0 && path[end - 1] === '\\') end = path.indexOf(`${quote}]`, end + 1);
        if (end < 0) return [...steps, { prop: path.slice(i + 2) }];
        steps.push({ prop: path.slice(i + 2, end).replace(/\\(['"])/g, '$1') });
        i = end + 2;
      } else {
        const end = path.indexOf(']', i);
        steps.push({ items: true });
        i = end < 0 ? path.length : end + 1;
      }
    } else {
      // Not a JSON path after all: treat the remainder as one key rather than guess.
      steps.push({ prop: path.slice(i) });
      break;
    }
  }
  return steps;
}

/**
 * A property present in every call: observed so itself, or an object or array not observed as a
 * param of its own (only its members are) with a member that was always present, which it holds.
 */
function alwaysPresent(node: Node): boolean {
  if (node.declared) return node.declared.required;
  for (const child of node.props.values()) if (alwaysPresent(child)) return true;
  return node.items !== null && alwaysPresent(node.items);
}

/**
 * `inItems`: the node describes array elements (or lies below them). Presence is counted per call,
 * not per element, so there a member seen in every call may still be missing from some elements:
 * nothing below an array is `required`, or the spec would reject the traffic it came from.
 */
function toSchema(node: Node, inItems = false): JsonSchema {
  const types = new Set<string>(node.declared?.types ?? []);
  if (node.props.size > 0) types.add('object');
  if (node.items) types.add('array');
  // Only `null` seen says little (the value may be filled in later, or the body was read only up to
  // its cap): no type is claimed, so the spec does not reject the traffic it describes.
  if (types.size === 1 && types.has('null')) types.clear();
  const out: JsonSchema = {};
  const type = typeValue(types);
  if (type !== undefined) out.type = type;
  if (types.has('object')) {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const key of [...node.props.keys()].sort()) {
      const child = node.props.get(key) as Node;
      // `*`: the members of a map keyed by data (ids, e-mail addresses); any name, none required.
      if (key === '*') {
        out.additionalProperties = toSchema(child, true);
        continue;
      }
      properties[key] = toSchema(child, inItems);
      if (!inItems && alwaysPresent(child)) required.push(key);
    }
    if (Object.keys(properties).length > 0 || out.additionalProperties === undefined) out.properties = properties;
    if (required.length > 0) out.required = required;
  }
  if (node.items) out.items = toSchema(node.items, true);
  const examples = node.declared && node.props.size === 0 && !node.items ? exampleFor(node.declared) : undefined;
  if (examples) out.examples = examples;
  return out;
}

/**
 * One body schema from the JSON paths of `params` (all of one body: a request, or a response with
 * one status). Intermediate objects/arrays not observed as params themselves are inferred.
 */
export function schemaFromParams(params: readonly InventoryParam[]): JsonSchema {
  const root = newNode();
  for (const p of params) {
    let node = root;
    for (const step of parseJsonPath(p.name)) {
      if ('items' in step) node = node.items ??= newNode();
      else {
        let next = node.props.get(step.prop);
        if (!next) node.props.set(step.prop, (next = newNode()));
        node = next;
      }
    }
    node.declared = p;
  }
  return toSchema(root);
}

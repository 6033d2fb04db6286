// Parameter value types as a bitmask, so merging observations is a bitwise OR in SQL.

import type { ValueType } from './facts.js';

const BITS: Record<ValueType, number> = { string: 1, integer: 2, number: 4, boolean: 8, null: 16, object: 32, array: 64 };
const ORDER = Object.keys(BITS) as ValueType[];

export function typeBit(t: ValueType): number {
  // A switch over the literal names: cheaper per call than a keyed lookup in BITS.
  switch (t) {
    case 'string':
      return 1;
    case 'integer':
      return 2;
    case 'number':
      return 4;
    case 'boolean':
      return 8;
    case 'null':
      return 16;
    case 'object':
      return 32;
    case 'array':
      return 64;
  }
}

export function typesFromMask(mask: number): ValueType[] {
  return ORDER.filter((t) => (mask & BITS[t]) !== 0).sort();
}

/** Type of a value that arrived as text (query, form, path). */
export function textValueType(v: string): ValueType {
  const n = v.length;
  if (n === 0 || n > 20) return 'string';
  const c = v.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45) {
    if (/^-?(?:0|[1-9]\d*)$/.test(v)) return 'integer';
    if (/^-?\d+\.\d+$/.test(v)) return 'number';
    return 'string';
  }
  if (v === 'true' || v === 'false') return 'boolean';
  return 'string';
}

/** Locations whose values travel as text: their integer, number or boolean is read off the text (`?q=2024`). */
export const TEXT_LOCATIONS: readonly string[] = ['request.query', 'request.path', 'request.header', 'request.cookie', 'response.header'];

const SCALAR_BITS = BITS.string | BITS.integer | BITS.number | BITS.boolean;
/** What a text-borne value can be: a scalar, or a list of them (a query name sent twice is an `array`, params.ts). */
export const TEXT_BITS = SCALAR_BITS | BITS.array;

/**
 * A parameter's types as compared for change (`changes`, `diff`): `number` covers `integer` (JSON
 * Schema's number includes integers: prices seen as 4.5 and then 4 have not changed type); and where
 * values travel as text, every scalar is text (a search box sent `2024` and then `iphone`, a version
 * `1.2` and then `1.2.3`: the API did not change, the values did), and so is a list of them (`?tag=a`
 * and then `?tag=a&tag=b`).
 */
export function comparableTypeMask(location: string, mask: number): number {
  if (TEXT_LOCATIONS.includes(location)) return mask & TEXT_BITS ? (mask & ~TEXT_BITS) | BITS.string : mask;
  return mask & BITS.number ? mask & ~BITS.integer : mask;
}

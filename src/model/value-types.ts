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

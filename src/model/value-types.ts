// Parameter value types as a bitmask, so merging observations is a bitwise OR in SQL.

import type { ValueType } from './facts.js';

const BITS: Record<ValueType, number> = { string: 1, integer: 2, number: 4, boolean: 8, null: 16, object: 32, array: 64 };
const ORDER = Object.keys(BITS) as ValueType[];

export function typeBit(t: ValueType): number {
  return BITS[t];
}

export function typesFromMask(mask: number): ValueType[] {
  return ORDER.filter((t) => (mask & BITS[t]) !== 0).sort();
}

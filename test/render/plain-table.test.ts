// Large tables skip cli-table3 for a drawing of their own: it must be cli-table3's output, character for
// character, in color and without, or fall back to cli-table3 where its width rules are not ours.
import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { PLAIN_TABLE_ROWS, plainTable, textTable } from '../../src/render/table.js';
import { Rng } from '../../bench/traffic-model.js';

function cliTable3(head: string[], rows: string[][], color: boolean): string {
  const t = new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true }, wordWrap: false });
  for (const r of rows) t.push(r);
  return t.toString();
}

const ALPHABET = 'abcXYZ019 /{}-_.:|,×…·é█▏';

// cli-table3 colors through @colors/colors, which decides for itself (TERM, CI, FORCE_COLOR) at load:
// where it declines, its colored tables come out plain, and the layouts are compared without codes.
// (akto-rt's color choice is its own: a terminal without NO_COLOR.)
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[\d+m/g, '');
const CLI_TABLE3_COLORS = cliTable3(['a'], [], true).includes('\u001b[');

function word(rng: Rng, max: number): string {
  let s = '';
  const n = Math.floor(rng.next() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rng.next() * ALPHABET.length)];
  return s;
}

describe('plain table drawing', () => {
  it('equals cli-table3 for random tables of narrow text, with and without color', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 300; t++) {
      const cols = 1 + Math.floor(rng.next() * 8);
      const head = Array.from({ length: cols }, () => word(rng, 12) || 'h');
      const rows = Array.from({ length: Math.floor(rng.next() * 6) }, () => Array.from({ length: cols }, () => word(rng, 30)));
      expect(plainTable(head, rows, false), JSON.stringify({ head, rows })).toBe(cliTable3(head, rows, false));
      const colored = plainTable(head, rows, true)!;
      expect(CLI_TABLE3_COLORS ? colored : stripAnsi(colored), JSON.stringify({ head, rows })).toBe(cliTable3(head, rows, true));
    }
  });

  it('declines what cli-table3 measures differently: wide characters, emoji, line breaks, ragged rows', () => {
    for (const cell of ['日本', '❌ no', 'a\nb', 'e\u0301']) expect(plainTable(['h'], [[cell]], false)).toBeNull();
    expect(plainTable(['a', 'b'], [['1']], false)).toBeNull();
  });

  it('draws a large table with a wide character through cli-table3, the same as a small one', () => {
    const rows = Array.from({ length: PLAIN_TABLE_ROWS }, (_, i) => [`/items/${i}`, i === 7 ? '日本' : 'x']);
    expect(textTable(['path', 'v'], rows, { color: false, width: 80 })).toBe(cliTable3(['path', 'v'], rows, false) + '\n');
  });
});

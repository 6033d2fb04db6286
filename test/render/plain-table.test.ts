// Large tables skip cli-table3 for a drawing of their own: it must be cli-table3's output, character for
// character, in color and without, or fall back to cli-table3 where its width rules are not ours.
import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { gridTable, PLAIN_TABLE_ROWS, plainTable, textTable } from '../../src/render/table.js';
import { fitWidths, renderTable, wrapCell } from '../../src/render/diff.js';
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

  it('equals cli-table3 with wide characters, emoji, combining marks, tabs and cells of several lines', () => {
    const rng = new Rng(12);
    const WIDE = ['日本', '名前', '❌', '👍🏽', 'e\u0301', 'ś', 'Ω', '\t', '\n', '\r', 'x', ' ', '-'];
    const wide = (max: number): string => {
      let s = '';
      const n = Math.floor(rng.next() * max);
      for (let i = 0; i < n; i++) s += rng.next() < 0.5 ? WIDE[Math.floor(rng.next() * WIDE.length)] : ALPHABET[Math.floor(rng.next() * ALPHABET.length)];
      return s;
    };
    for (let t = 0; t < 300; t++) {
      const cols = 1 + Math.floor(rng.next() * 6);
      const head = Array.from({ length: cols }, () => word(rng, 10) || 'h');
      const rows = Array.from({ length: Math.floor(rng.next() * 6) }, () => Array.from({ length: cols }, () => wide(12)));
      expect(plainTable(head, rows, false), JSON.stringify({ head, rows })).toBe(cliTable3(head, rows, false));
    }
  });

  it('declines ragged rows, which cli-table3 lays out itself', () => {
    expect(plainTable(['a', 'b'], [['1']], false)).toBeNull();
  });

  it('draws a large table with wide characters without cli-table3, the same as cli-table3 does', () => {
    const rows = Array.from({ length: PLAIN_TABLE_ROWS }, (_, i) => [`/items/${i}`, i === 7 ? '日本' : i === 9 ? 'a\nb' : 'x']);
    expect(textTable(['path', 'v'], rows, { color: false, width: 80 })).toBe(cliTable3(['path', 'v'], rows, false) + '\n');
  });
});

describe('grid table drawing (diff and spec-diff tables)', () => {
  function cliGrid(head: string[], rows: string[][], widths: number[], color: boolean): string {
    const t = new Table({ head, colWidths: widths, wordWrap: true, wrapOnWordBoundary: false, style: { head: color ? ['cyan'] : [], border: [] } });
    for (const r of rows) t.push(r);
    return t.toString();
  }

  it('equals cli-table3 for random wrapped tables, wide characters and colored first cells included', () => {
    const rng = new Rng(13);
    const PARTS = ['/v1/orders', '/{orderId}', '$.items[*].sku', 'auth-removed, ', '日本語の名前', '👍', 'é', ' ', '-', 'request.body ', 'x'];
    const text = (max: number): string => {
      let s = '';
      const n = Math.floor(rng.next() * max);
      for (let i = 0; i < n; i++) s += PARTS[Math.floor(rng.next() * PARTS.length)];
      return s;
    };
    for (let t = 0; t < 200; t++) {
      const cols = 2 + Math.floor(rng.next() * 4);
      const head = Array.from({ length: cols }, (_, i) => ['Change', 'Method', 'Path', 'Detail', 'Host'][i]!);
      const raw = Array.from({ length: 1 + Math.floor(rng.next() * 5) }, () => Array.from({ length: cols }, (_, i) => (i === 0 ? 'endpoint-added' : text(8))));
      const widths = fitWidths([head, ...raw], 40 + Math.floor(rng.next() * 80), [null, null, 10, 10, 10]);
      const color = rng.next() < 0.3;
      const rows = raw.map((r) => r.map((cell, i) => (i === 0 && color ? `\u001b[31m${cell}\u001b[0m` : i === 0 ? cell : wrapCell(cell, widths[i]! - 2))));
      const mine = gridTable(head, rows, widths, color);
      expect(mine, JSON.stringify({ head, rows, widths })).not.toBeNull();
      // In color, the layout of the same cells without color codes (cli-table3 counts the codes of a
      // colored cell as text and wraps `endpoint-added` early; the grid does not).
      const theirs = cliGrid(head, rows.map((r) => r.map(stripAnsi)), widths, false);
      expect(color ? stripAnsi(mine!) : mine, JSON.stringify({ head, rows, widths })).toBe(theirs);
    }
  });

  it('colors the change kind without wrapping it early', () => {
    const out = renderTable(['Change', 'Path'], [['endpoint-added', '/v1/x']], { color: true, width: 80 }, ['green']);
    expect(out.split('\n')[3]).toBe('│ \u001b[32mendpoint-added\u001b[0m │ /v1/x │');
  });

  it('draws a large diff table itself, the same as cli-table3 does', () => {
    const rows = Array.from({ length: PLAIN_TABLE_ROWS }, (_, i) => ['endpoint-added', 'GET', `/v1/名前/${i}/items/with/a/long/path`, `${i} calls; auth: none`]);
    const opts = { color: false, width: 60 };
    const widths = fitWidths([['Change', 'Method', 'Path', 'Detail'], ...rows], 60, [null, null, 10, 10]);
    expect(renderTable(['Change', 'Method', 'Path', 'Detail'], rows, opts, undefined, [null, null, 10, 10])).toBe(
      cliGrid(['Change', 'Method', 'Path', 'Detail'], rows.map((r) => r.map((c, i) => (i === 0 ? c : wrapCell(c, widths[i]! - 2)))), widths, false) + '\n',
    );
  });
});

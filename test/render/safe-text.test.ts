// Captured text printed by tables, markdown and CSV: nothing in it may steer the terminal or change
// what a reader sees (escape sequences, bidi overrides as in "Trojan Source", line separators), and
// nothing in a CSV cell may run as a spreadsheet formula.

import { describe, expect, it } from 'vitest';
import { csvTable, mdCell, terminalSafe } from '../../src/render/table.js';

const HOSTILE = 'a\u001b[2Jb\u009b31mc\u202eevil\u202cd\u2066e\u2069f\u2028g\u200fh\u0085i';

describe('captured text', () => {
  it('reaches a table with every control, bidi and separator character replaced', () => {
    expect(terminalSafe(HOSTILE)).toBe('a?[2Jb?31mc?evil?d?e?f?g?h?i');
    expect(terminalSafe('tab\tand newline\nstay; ünïcödé and 名前 stay')).toBe('tab\tand newline\nstay; ünïcödé and 名前 stay');
  });

  it('reaches markdown as plain text', () => {
    expect(mdCell(HOSTILE)).toBe('a \\[2Jb 31mc evil d e f g h i');
  });

  it('reaches CSV without running as a formula, a leading tab included', () => {
    expect(csvTable(['A'], [['=1+2'], ['\t=1+2'], ['-cmd'], ['@SUM(A1)'], ['+1'], ['ok']]).split('\n').slice(1, 7)).toEqual(["'=1+2", "'\t=1+2", "'-cmd", "'@SUM(A1)", "'+1", 'ok']);
  });
});

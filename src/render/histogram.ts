// Horizontal bar chart for the terminal: label, a bar proportional to the value drawn with
// eighth-block characters, and the value right-aligned after the longest bar.

const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';
/** Partial blocks by eighths: index k draws k/8 of a cell. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
/** Bars keep at least a quarter of the width, so long labels cannot squash them to nothing. */
const MIN_BAR_SHARE = 0.25;

/** Thousands separators, independent of the machine's locale so output is the same everywhere. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Cuts s to at most max columns, marking the cut with '…'. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return max <= 1 ? '…'.slice(0, max) : s.slice(0, max - 1) + '…';
}

/**
 * One line per row, each at most `width` columns: `label  bar  value`. Labels are left-aligned
 * (cut with '…' when they would leave the bar less than a quarter of the width); a non-zero value always
 * shows at least a sliver so it cannot be mistaken for zero.
 */
export function renderBars(rows: readonly { label: string; value: number }[], width: number, color: boolean): string {
  if (rows.length === 0) return '';
  const values = rows.map((r) => formatCount(r.value));
  const valueW = Math.max(...values.map((v) => v.length));
  const longest = Math.max(...rows.map((r) => r.label.length));
  // Layout: label, two spaces, bar, one space, value.
  const minBar = Math.max(4, Math.floor(width * MIN_BAR_SHARE));
  const labelW = Math.max(1, Math.min(longest, width - valueW - 3 - minBar));
  const barW = Math.max(1, width - labelW - valueW - 3);
  const max = Math.max(0, ...rows.map((r) => r.value));
  return rows
    .map((r, i) => {
      const bar = barOf(max > 0 ? (r.value / max) * barW : 0, r.value > 0);
      const padded = bar.padEnd(barW);
      const shown = color && bar.length > 0 ? CYAN + bar + RESET + padded.slice(bar.length) : padded;
      return `${truncate(r.label, labelW).padEnd(labelW)}  ${shown} ${(values[i] ?? '').padStart(valueW)}`;
    })
    .join('\n');
}

function barOf(cells: number, nonZero: boolean): string {
  const eighths = Math.round(cells * 8);
  if (eighths === 0) return nonZero ? EIGHTHS[1] ?? '' : '';
  return FULL.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}

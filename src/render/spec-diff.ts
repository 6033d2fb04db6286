// Renderers for `akto-rt spec-diff`: the findings (shadow, zombie, undocumented parameters) as a table,
// JSON, a Markdown PR comment, or JUnit XML in which every compared endpoint is one test case.

import { countByKind, kindFails } from '../views/diff.js';
import { SPEC_DIFF_KINDS, type SpecDiffEntry, type SpecDiffKind, type SpecDiffView } from '../views/spec-diff.js';
import { DIFF_FORMATS, junitXml, MARKDOWN_ROW_LIMIT, renderFindingTable, wrapLine } from './diff.js';
import { mdCell } from './table.js';
import { toJson, type Renderer } from './types.js';

export const SPEC_DIFF_FORMATS = DIFF_FORMATS;
export type SpecDiffFormat = (typeof SPEC_DIFF_FORMATS)[number];

const ALL_KINDS: readonly SpecDiffKind[] = ['documented', ...SPEC_DIFF_KINDS];
const KIND_COLOUR: Record<string, string> = { shadow: 'red', zombie: 'yellow', 'undocumented-param': 'yellow' };

function findings(view: SpecDiffView): SpecDiffEntry[] {
  return view.entries.filter((e) => e.kind !== 'documented');
}

function count(view: SpecDiffView, kind: SpecDiffKind): number {
  return view.entries.filter((e) => e.kind === kind).length;
}

export function specDiffSummary(view: SpecDiffView): string {
  const parts = countByKind(view.entries, ALL_KINDS).map(([k, n]) => `${n} ${k}`);
  return parts.length === 0 ? 'Nothing to compare: no traffic and no documented operations.' : parts.join(', ');
}

function failingCount(view: SpecDiffView): number {
  return findings(view).filter((e) => kindFails(e.kind, view.failOn)).length;
}

function gateLine(view: SpecDiffView): string | null {
  if (view.failOn.length === 0) return null;
  const failing = failingCount(view);
  return `Gate --fail-on ${view.failOn.join(',')}: ${failing > 0 ? `FAILED (${failing} finding${failing === 1 ? '' : 's'})` : 'passed'}`;
}

function where(e: SpecDiffEntry): string {
  return `${e.host || '(any host)'}`;
}

const renderTableView: Renderer<SpecDiffView> = (view, opts) => {
  const rows = findings(view);
  let out = '';
  if (rows.length > 0) {
    out += renderFindingTable('Finding', rows, opts, KIND_COLOUR);
  } else {
    out += `${wrapLine('Traffic and spec agree: no shadow or zombie endpoints, no undocumented parameters.', opts.width)}\n`;
  }
  out += `${wrapLine(specDiffSummary(view), opts.width)}\n`;
  for (const note of view.notes) out += `${wrapLine(`note: ${note}`, opts.width)}\n`;
  const gate = gateLine(view);
  if (gate) out += `${wrapLine(gate, opts.width)}\n`;
  return out;
};

const renderJson: Renderer<SpecDiffView> = (view) =>
  toJson({
    spec: view.spec,
    summary: {
      documented: count(view, 'documented'),
      shadow: count(view, 'shadow'),
      zombie: count(view, 'zombie'),
      undocumentedParam: count(view, 'undocumented-param'),
    },
    entries: view.entries.map((e) => ({ kind: e.kind, host: e.host, method: e.method, path: e.path, detail: e.detail })),
    notes: view.notes,
    // The gate's verdict (null without --fail-on), as in `diff`'s JSON.
    gate: view.failOn.length === 0 ? null : { failOn: [...view.failOn], failed: failingCount(view) > 0, failingFindings: failingCount(view) },
  });

const renderMarkdown: Renderer<SpecDiffView> = (view) => {
  const title = view.spec.title ? ` vs ${view.spec.title}` : '';
  const lines = [`### Traffic${mdCell(title)} (akto-rt spec-diff)`, '', `**${mdCell(specDiffSummary(view))}**`];
  const gate = gateLine(view);
  if (gate) lines.push('', mdCell(gate));
  const rows = findings(view);
  if (rows.length === 0) {
    lines.push('', 'Traffic and spec agree: no shadow or zombie endpoints, no undocumented parameters.');
  } else {
    lines.push('', '| Finding | Method | Host | Path | Detail |', '| --- | --- | --- | --- | --- |');
    for (const e of rows.slice(0, MARKDOWN_ROW_LIMIT)) {
      const kind = kindFails(e.kind, view.failOn) ? `❌ ${e.kind}` : e.kind;
      lines.push(`| ${mdCell(kind)} | ${mdCell(e.method)} | ${mdCell(where(e))} | ${mdCell(e.path)} | ${mdCell(e.detail)} |`);
    }
    const rest = rows.length - MARKDOWN_ROW_LIMIT;
    if (rest > 0) lines.push('', `… and ${rest} more (see \`akto-rt spec-diff --format json\`).`);
  }
  for (const note of view.notes) lines.push('', `_Note: ${mdCell(note)}_`);
  return lines.join('\n') + '\n';
};

const renderJunit: Renderer<SpecDiffView> = (view) =>
  junitXml(
    'akto-rt spec-diff',
    view.entries.map((e) => {
      const name = `${e.method} ${e.host}${e.path}${e.kind === 'undocumented-param' ? `: ${e.detail}` : ''}`;
      const failing = e.kind !== 'documented' && kindFails(e.kind, view.failOn);
      return {
        classname: `akto-rt.spec-diff.${e.kind}`,
        name,
        ...(failing ? { failure: { type: e.kind, message: `${e.kind}: ${e.method} ${e.host}${e.path} (${e.detail})` } } : {}),
      };
    }),
    'no endpoints compared',
  );

export const specDiffRenderers: Record<SpecDiffFormat, Renderer<SpecDiffView>> = {
  table: renderTableView,
  json: renderJson,
  markdown: renderMarkdown,
  junit: renderJunit,
};

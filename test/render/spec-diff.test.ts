import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPEC_DIFF_FORMATS, specDiffRenderers } from '../../src/render/spec-diff.js';
import { parseInventoryJson } from '../../src/views/inventory-json.js';
import { specDiff, type SpecDiffView } from '../../src/views/spec-diff.js';
import { loadSpec } from '../../src/views/spec-load.js';

const fixturePath = (name: string): string => new URL(`../../fixtures/openapi/${name}`, import.meta.url).pathname;
const plain = { color: false, width: 90 };

async function shopView(failOn: string[]): Promise<SpecDiffView> {
  const doc = parseInventoryJson(readFileSync(fixturePath('traffic-inventory.json'), 'utf8'), 'traffic');
  return specDiff(doc, await loadSpec(fixturePath('shop-spec.yaml')), { failOn });
}

describe('spec-diff renderers', () => {
  it('has a renderer for every format', () => {
    expect(Object.keys(specDiffRenderers).sort()).toEqual([...SPEC_DIFF_FORMATS].sort());
  });

  it('json: summary counts and every entry, parsed back', async () => {
    const out = JSON.parse(specDiffRenderers.json(await shopView([]), plain)) as {
      schemaVersion: number;
      spec: { title: string };
      summary: Record<string, number>;
      entries: { kind: string; path: string }[];
    };
    expect(out.schemaVersion).toBe(1);
    expect(out.spec.title).toBe('Shop API');
    expect(out.summary).toEqual({ documented: 5, shadow: 3, zombie: 1, undocumentedParam: 1 });
    expect(out.entries).toHaveLength(10);
    expect(out.entries.filter((e) => e.kind === 'zombie').map((e) => e.path)).toEqual(['/api/v1/legacy/export']);
  });

  it('table: findings only, plain, within the width, with the summary and notes', async () => {
    const out = specDiffRenderers.table(await shopView(['shadow']), plain);
    expect(out).not.toMatch(/\x1b\[/);
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(90);
    expect(out.match(/│ shadow /g)).toHaveLength(3);
    expect(out).not.toContain('documented as');
    expect(out).toContain('5 documented, 3 shadow, 1 zombie, 1 undocumented-param');
    expect(out).toContain('note: compared only hosts named by');
    expect(out).toContain('Gate --fail-on shadow: FAILED (3 findings)');
  });

  it('markdown: a row per finding, gated kinds marked', async () => {
    const out = specDiffRenderers.markdown(await shopView(['zombie']), plain);
    const rows = out.split('\n').filter((l) => /^\| (❌ )?(shadow|zombie|undocumented-param) /.test(l));
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.startsWith('| ❌ zombie'))).toHaveLength(1);
    expect(out).toContain('### Traffic vs Shop API (akto-rt spec-diff)');
  });

  it('junit: every compared endpoint is a testcase; gated findings fail', async () => {
    const out = specDiffRenderers.junit(await shopView(['shadow', 'undocumented-param']), plain);
    expect(out.match(/<testcase /g)).toHaveLength(10);
    expect(out.match(/<failure /g)).toHaveLength(4);
    expect(out).toMatch(/<testsuite name="akto-rt spec-diff" tests="10" failures="4"/);
    const none = specDiffRenderers.junit(await shopView([]), plain);
    expect(none.match(/<failure /g)).toBeNull();
  });
});

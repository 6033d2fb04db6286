import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InventoryDoc } from '../../src/model/inventory.js';
import { DIFF_FORMATS, diffRenderers, fitWidths, wrapCell, xmlEscape } from '../../src/render/diff.js';
import { markdownTable, mdCell } from '../../src/render/table.js';
import { diffInventories, type DiffView } from '../../src/views/diff.js';
import { parseInventoryJson } from '../../src/views/inventory-json.js';

const load = (name: string): InventoryDoc =>
  parseInventoryJson(readFileSync(new URL(`../../fixtures/diff/${name}`, import.meta.url), 'utf8'), name);

const plain = { color: false, width: 100 };
const view = diffInventories(load('base.json'), load('head.json'), { ignore: [], failOn: ['auth-removed', 'endpoint-removed'] });
const empty: DiffView = { changes: [], failOn: [] };

const PLANTED = [
  'auth-removed GET /orders/{id}',
  'endpoint-added GET /v2/products',
  'endpoint-removed GET /health',
  'param-added POST /orders',
  'param-type-changed POST /orders',
  'sensitive-added GET /account/profile',
  'status-added POST /orders',
];

describe('diff renderers', () => {
  it('has a renderer for every format', () => {
    expect(Object.keys(diffRenderers).sort()).toEqual([...DIFF_FORMATS].sort());
  });

  it('json: parses back to exactly the planted changes', () => {
    const out = JSON.parse(diffRenderers.json(view, plain)) as { schemaVersion: number; changes: Record<string, string>[] };
    expect(out.schemaVersion).toBe(1);
    expect(out.changes.map((c) => `${c['kind']} ${c['method']} ${c['path']}`).sort()).toEqual(PLANTED);
    expect(Object.keys(out.changes[0]!)).toEqual(['kind', 'host', 'method', 'path', 'detail']);
    expect(JSON.parse(diffRenderers.json(empty, plain))).toEqual({ schemaVersion: 1, changes: [], gate: null });
  });

  it('json: says whether the --fail-on gate tripped and on how many changes', () => {
    const gated = { ...view, failOn: ['endpoint-added'] };
    const out = JSON.parse(diffRenderers.json(gated, plain)) as { gate: { failOn: string[]; failed: boolean; failingChanges: number } };
    const added = view.changes.filter((c) => c.kind === 'endpoint-added').length;
    expect(added).toBeGreaterThan(0);
    expect(out.gate).toEqual({ failOn: ['endpoint-added'], failed: true, failingChanges: added });
    const passed = JSON.parse(diffRenderers.json({ ...empty, failOn: ['any'] }, plain)) as { gate: unknown };
    expect(passed.gate).toEqual({ failOn: ['any'], failed: false, failingChanges: 0 });
  });

  it('table: one row per change, plain text, within the width', () => {
    const out = diffRenderers.table(view, { color: false, width: 80 });
    expect(out).not.toMatch(/\x1b\[/);
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    for (const planted of PLANTED) expect(out).toContain(planted.split(' ')[0]);
    expect(out).toContain('7 changes: 1 endpoint-added, 1 endpoint-removed, 1 param-added');
    expect(out).toContain('│ endpoint-removed   │');
    expect(out.startsWith('Host: api.shop.test\n┌')).toBe(true);
    expect(out).toContain('Gate --fail-on auth-removed,endpoint-removed: FAILED (2 changes)');
    expect(diffRenderers.table(empty, plain)).toBe('No API changes.\n');
  });

  it('table: colours only when asked', () => {
    expect(diffRenderers.table(view, { color: true, width: 120 })).toMatch(/\x1b\[31mauth-removed/);
  });

  it('markdown: summary, a row per change, failing kinds marked', () => {
    const out = diffRenderers.markdown(view, plain);
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Change') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(7);
    expect(out).toContain('**7 changes: 1 endpoint-added');
    expect(rows.filter((r) => r.startsWith('| ❌'))).toHaveLength(2);
    expect(out).toContain('| param-type-changed | POST | api.shop.test | /orders | request.body $.qty: integer -> string |');
    expect(diffRenderers.markdown(empty, plain)).toContain('No API changes.');
  });

  it('junit: one testcase per change, failures only for gated kinds', () => {
    const out = diffRenderers.junit(view, plain);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(out.match(/<testcase /g)).toHaveLength(7);
    expect(out.match(/<failure /g)).toHaveLength(2);
    expect(out).toMatch(/<testsuite name="akto-rt diff" tests="7" failures="2"/);
    // Well-formed enough: every element that opens also closes, and no raw '<' sits in text or attributes.
    expect(out.match(/<testcase [^>]*[^/]>/g)?.length).toBe(out.match(/<\/testcase>/g)?.length);
    expect(out).not.toMatch(/="[^"]*<[^"]*"/);
    const none = diffRenderers.junit(empty, plain);
    expect(none).toMatch(/tests="1" failures="0"/);
    expect(none).toContain('name="no API changes"');
  });

  it('junit and markdown escape traffic-controlled text', () => {
    const nasty: DiffView = {
      changes: [{ kind: 'param-added', host: 'h', method: 'GET', path: '/a', detail: 'request.query <x a="1"> & \u0001 | y' }],
      failOn: ['any'],
    };
    const xml = diffRenderers.junit(nasty, plain);
    expect(xml).toContain('&lt;x a=&quot;1&quot;&gt; &amp; \uFFFD | y');
    expect(xml).not.toContain('\u0001');
    expect(diffRenderers.markdown(nasty, plain)).toContain('\\<x a="1"> &   \\| y');
  });
});

describe('helpers', () => {
  it('xmlEscape and mdCell', () => {
    expect(xmlEscape(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
  });

  it('markdown tables show captured text as written: no markup, links or HTML from a path', () => {
    const md = markdownTable(['Path', 'Param'], [['/files/<img src=x onerror=alert(1)>/user_id_', '$.items[*].id']]);
    expect(md).toContain('/files/\\<img src=x onerror=alert(1)>/user\\_id\\_');
    expect(md).toContain('$.items\\[\\*\\].id');
    expect(md).not.toMatch(/[^\\]<img/);
  });

  it('fitWidths shrinks the widest columns to fit', () => {
    const widths = fitWidths([['aaaa', 'b'.repeat(100), 'c'.repeat(50)]], 60);
    expect(widths.reduce((a, b) => a + b, 0) + 4).toBeLessThanOrEqual(60);
    expect(widths[0]).toBe(6);
    expect(fitWidths([['endpoint-removed', 'b'.repeat(100)]], 40, [null, 8])[0]).toBe(18);
  });
});

describe('wrapping long cells', () => {
  it('breaks paths before a separator and details after a space, never mid-word when it can help it', () => {
    expect(wrapCell('/graphql#AddToCart', 12)).toBe('/graphql\n#AddToCart');
    expect(wrapCell('request.body $.customer.contactEmail', 20)).toBe('request.body\n$.customer\n.contactEmail');
    expect(wrapCell('/v1/orders/{orderId}/items', 14)).toBe('/v1/orders\n/{orderId}\n/items');
    expect(wrapCell('short', 10)).toBe('short');
    expect(wrapCell('last seen 2024-04-01T09:00:00.000Z', 28)).toBe('last seen\n2024-04-01T09:00:00.000Z'); // a date stays whole
    expect(wrapCell('auth bearer-jwt-with-a-long-name', 20)).toBe('auth bearer-jwt-\nwith-a-long-name'); // no space late enough: after a hyphen
    // no break point in the last two thirds of the line: cut at the width
    expect(wrapCell('abcdefghijklmnop', 6)).toBe('abcdef\nghijkl\nmnop');
  });

  it('keeps every line of an 80-column table within 80 columns, and tokens whole', () => {
    const long: DiffView = {
      failOn: [],
      changes: [{ kind: 'param-added', host: 'api.shop.example', method: 'POST', path: '/graphql#AddToCart', detail: 'request.body $.input.customer.contactEmail', run: 0, firstSeen: null } as never],
    };
    const out = diffRenderers.table(long, { color: false, width: 60 });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(out).not.toMatch(/\$\.conta│|AddToCar│/);
    expect(out).toContain('#AddToCart');
  });
});
